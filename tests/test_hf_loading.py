"""Finding models: local folders, the Hub cache, offline mode and failing fast."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest

pytest.importorskip("transformers", reason="Hugging Face summarisers need the [hf] extra")

from tiny_models import fixture_tiny_causal_model, fixture_tiny_seq2seq_model  # noqa: F401

from briefing.base import Budget
from briefing.hf.loading import import_hf
from briefing.hf.resolve import fingerprint_folder, resolve_model
from briefing.hf.summariser import HFSummariser
from eval.errors import EnvironmentProblem, UserError

ROOT = Path(__file__).resolve().parents[1]
FAKE_SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def hub_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Hugging Face cache in a temporary folder, offline."""
    import huggingface_hub.constants

    cache = tmp_path / "hub"
    cache.mkdir()
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return cache


def go_online(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offline flags off; the tests that call this mock every Hub request they allow."""
    import huggingface_hub.constants

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)


def cache_model(cache: Path, repo_id: str, model_folder: Path, sha: str = FAKE_SHA) -> Path:
    """Lay out ``model_folder`` as the Hub cache would after 'hf download repo_id'."""
    repo = cache / f"models--{repo_id.replace('/', '--')}"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(sha)
    snapshot = repo / "snapshots" / sha
    shutil.copytree(model_folder, snapshot)
    return snapshot


def test_missing_model_offline_fails_fast_with_fetch_instructions(hub_cache: Path) -> None:
    start = time.monotonic()
    with pytest.raises(EnvironmentProblem) as caught:
        HFSummariser(Budget(), model="nobody-here/no-such-model-42").signature()
    elapsed = time.monotonic() - start
    message = str(caught.value)
    assert "nobody-here/no-such-model-42" in message
    assert "hf download nobody-here/no-such-model-42" in message
    assert "HF_HUB_OFFLINE" in message
    assert "model: DIR" in message
    assert elapsed < 5, f"took {elapsed:.1f} s"


def test_unreachable_hub_falls_back_to_cache_then_fails_with_reason(
    hub_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import huggingface_hub

    go_online(monkeypatch)
    refused = mock.Mock(side_effect=ConnectionError("connection refused"))
    monkeypatch.setattr(huggingface_hub.HfApi, "model_info", refused)
    with pytest.raises(EnvironmentProblem, match=r"could not be reached.*connection refused"):
        resolve_model("org/absent", None)
    assert refused.call_args.kwargs["timeout"] <= 10


def test_unknown_repository_is_reported_as_such(
    hub_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import huggingface_hub
    from huggingface_hub.errors import RepositoryNotFoundError

    go_online(monkeypatch)
    missing = RepositoryNotFoundError("404", response=mock.MagicMock(headers={}, status_code=404))
    monkeypatch.setattr(huggingface_hub.HfApi, "model_info", mock.Mock(side_effect=missing))
    with pytest.raises(EnvironmentProblem, match="'org/typo' was not found on the Hugging Face"):
        resolve_model("org/typo", None)


def test_cached_hub_model_is_pinned_to_its_commit_and_runs_offline(
    hub_cache: Path, tiny_seq2seq_model: Path
) -> None:
    cache_model(hub_cache, "org/tiny-bart", tiny_seq2seq_model)
    summariser = HFSummariser(Budget(), model="org/tiny-bart", num_beams=1, max_new_tokens=4)
    signature = summariser.signature()
    assert signature["revision"] == FAKE_SHA
    assert signature["kind"] == "seq2seq"
    [briefing] = summariser.summarise(["The council approved 12 new homes."])
    assert isinstance(briefing, str)
    pinned = HFSummariser(Budget(), model="org/tiny-bart", revision=FAKE_SHA).signature()
    assert pinned["revision"] == FAKE_SHA


def test_pinned_revision_missing_from_cache_names_it(
    hub_cache: Path, tiny_seq2seq_model: Path
) -> None:
    cache_model(hub_cache, "org/tiny-bart", tiny_seq2seq_model)
    with pytest.raises(EnvironmentProblem, match=r"at revision 'v2'.*--revision v2"):
        resolve_model("org/tiny-bart", "v2")


def test_local_folder_fingerprint_follows_its_files(
    tmp_path: Path, tiny_causal_model: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(tiny_causal_model, copy)
    assert fingerprint_folder(copy) == fingerprint_folder(tiny_causal_model)
    weights = copy / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF  # one byte of one weight
    weights.write_bytes(bytes(data))
    assert fingerprint_folder(copy) != fingerprint_folder(tiny_causal_model)


def test_local_folder_rejects_revision(tiny_seq2seq_model: Path) -> None:
    with pytest.raises(UserError, match=r"args\.revision"):
        resolve_model(str(tiny_seq2seq_model), "main")


@pytest.mark.parametrize("name", ["./no/such/model", "/definitely/not/here", "a/b/c"])
def test_missing_local_folder_is_a_user_error(name: str) -> None:
    with pytest.raises(UserError, match=r"args\.model: .* is not a folder") as caught:
        resolve_model(name, None)
    assert not isinstance(caught.value, EnvironmentProblem)


def test_folder_without_config_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"no config\.json"):
        resolve_model(str(tmp_path), None)


def test_missing_torch_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(EnvironmentProblem, match=r"pip install 'briefing-eval\[hf\]' torch=="):
        import_hf()


def test_signature_imports_neither_torch_nor_transformers(tiny_seq2seq_model: Path) -> None:
    """Also the offline failure for a Hub id, in a fresh interpreter (no transformers loaded)."""
    code = (
        "import sys\n"
        "from briefing.base import Budget\n"
        "from briefing.hf.summariser import HFSummariser\n"
        "from eval.errors import EnvironmentProblem\n"
        f"HFSummariser(Budget(), model={str(tiny_seq2seq_model)!r}, dtype='float32').signature()\n"
        "try:\n"
        "    HFSummariser(Budget(), model='nobody/absent-model', dtype='float32').signature()\n"
        "except EnvironmentProblem as exc:\n"
        "    print('EnvironmentProblem' if 'hf download' in str(exc) else exc)\n"
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert done.stdout.split("\n")[:2] == ["EnvironmentProblem", "[]"]


def test_auto_dtype_is_resolved_in_the_signature_without_loading(tiny_seq2seq_model: Path) -> None:
    """bf16 on a GPU and float32 on a CPU write different text: they must not share a cache
    key. Resolving ``auto`` may import torch, but never transformers or the weights."""
    code = (
        "import sys\n"
        "from briefing.base import Budget\n"
        "from briefing.hf.summariser import HFSummariser\n"
        f"s = HFSummariser(Budget(), model={str(tiny_seq2seq_model)!r}, device='cpu')\n"
        "print(s.signature()['dtype'], 'transformers' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert done.stdout.split() == ["float32", "False"]


def test_relative_model_folder_is_read_beside_the_config(tiny_seq2seq_model: Path) -> None:
    summariser = HFSummariser(
        Budget(), model=tiny_seq2seq_model.name, base_dir=tiny_seq2seq_model.parent
    )
    assert summariser.signature()["revision"] == fingerprint_folder(tiny_seq2seq_model)


def test_cached_model_without_weights_says_how_to_fetch_them(
    hub_cache: Path, tiny_seq2seq_model: Path
) -> None:
    snapshot = cache_model(hub_cache, "org/half", tiny_seq2seq_model)
    (snapshot / "model.safetensors").unlink()
    summariser = HFSummariser(Budget(), model="org/half", num_beams=1)
    assert summariser.signature()["revision"] == FAKE_SHA  # config files are enough for this
    with pytest.raises(EnvironmentProblem, match=r"only partly in .*hf download org/half"):
        summariser.summarise(["Some text."])


def test_reachable_hub_pins_the_commit_it_reports(
    hub_cache: Path, tiny_causal_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Online: one model_info call with a timeout, then only the small description files."""
    import huggingface_hub

    go_online(monkeypatch)
    snapshot = cache_model(hub_cache, "org/chat", tiny_causal_model)
    files = [SimpleNamespace(rfilename=p.name) for p in snapshot.iterdir()]
    info = mock.Mock(return_value=SimpleNamespace(sha=FAKE_SHA, siblings=files))
    fetched: list[str] = []

    def download(repo_id: str, filename: str, *, revision: str) -> str:
        assert (repo_id, revision) == ("org/chat", FAKE_SHA)
        fetched.append(filename)
        return str(snapshot / filename)

    monkeypatch.setattr(huggingface_hub.HfApi, "model_info", info)
    monkeypatch.setattr(huggingface_hub, "hf_hub_download", download)
    source = resolve_model("org/chat", None)
    assert (source.origin, source.fingerprint, source.revision) == ("hub", FAKE_SHA, FAKE_SHA)
    assert source.load_from == "org/chat" and source.kind == "causal"
    assert source.has_chat_template
    assert "model.safetensors" not in fetched and "config.json" in fetched
    assert info.call_args.kwargs["timeout"] <= 10
