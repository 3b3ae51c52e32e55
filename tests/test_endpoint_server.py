"""The endpoint summariser against a real llama.cpp server running the packaged SmolLM2.

Skipped, with the reason shown, where llama-cpp-python[server] or the GGUF is missing. Replies
are kept short (a few tokens) so that the real model costs seconds, not minutes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip(
    "httpx", reason="the endpoint summariser needs httpx: pip install 'briefing-eval[endpoint]'"
)
import yaml
from helpers import write_article
from llama_server import ALIAS, FaultProxy, LlamaServer, free_port, start_server
from llama_server import llama_server as llama_server

from briefing.base import Budget
from briefing.endpoint import EndpointSummariser
from eval.cli import main
from eval.errors import UserError

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "reference_summaries").glob("*.json"))
SHORT = 12  # tokens per briefing in these tests


def corpus(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in ARTICLES[:count]:
        shutil.copy(path, folder / path.name)
    return folder


def texts(count: int) -> list[str]:
    return [json.loads(p.read_text())["source"]["text"] for p in ARTICLES[:count]]


def write_config(folder: Path, data: Path, **args: object) -> Path:
    entry = {"id": "smol", "use": "endpoint", "args": {"model": ALIAS, "max_tokens": SHORT, **args}}
    config = {
        "name": "endpoint-test",
        "data": str(data),
        "seed": 1,
        "budget": {"max_sentences": 3, "max_words": 80},
        "summarisers": [{"id": "lead3", "use": "lead"}, entry],
        "metrics": [{"use": "rouge", "args": {"types": ["rouge1"]}}, {"use": "numbers"}],
        "report": {"baseline": "lead3", "bootstrap": 100, "formats": ["md"]},
        "max_failures": 10,
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def test_a_run_writes_and_scores_real_briefings(llama_server: LlamaServer, tmp_path: Path) -> None:
    config = write_config(tmp_path, corpus(tmp_path / "data", 2), base_url=llama_server.base_url)
    out = tmp_path / "run"
    assert main(["run", str(config), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    rows = [json.loads(line) for line in (out / "generations" / "smol.jsonl").open()]
    assert len(rows) == 2 and all(r["error"] is None and r["summary"].strip() for r in rows)
    scores = [json.loads(line) for line in (out / "scores.jsonl").open()]
    smol = [s for s in scores if s["system"] == "smol"]
    assert len(smol) == 2 and all(0 < s["rouge1"] <= 1 for s in smol)
    signatures = json.dumps(json.loads((out / "manifest.json").read_text())["signatures"])
    assert "served_model" in signatures and str(llama_server.port) not in signatures


def test_concurrency_does_not_change_the_text(llama_server: LlamaServer) -> None:
    articles = texts(3)

    def briefings(concurrency: int) -> list[str]:
        summariser = EndpointSummariser(
            Budget(),
            base_url=llama_server.base_url,
            model=ALIAS,
            max_tokens=SHORT,
            concurrency=concurrency,
        )
        return summariser.summarise(articles)

    one = briefings(1)
    assert len(set(one)) == 3
    assert briefings(3) == one


def test_signature_names_what_was_served_never_where(llama_server: LlamaServer) -> None:
    signature = EndpointSummariser(
        Budget(), base_url=[llama_server.base_url] * 2, model=ALIAS, concurrency=7
    ).signature()
    assert signature["served_model"] == ALIAS and signature["model_meta"] != "none"
    assert str(llama_server.port) not in json.dumps(signature)
    alone = EndpointSummariser(Budget(), base_url=llama_server.base_url, model=ALIAS).signature()
    assert alone == signature  # replicas and concurrency do not change the text


def test_429_and_503_are_retried_honouring_retry_after(llama_server: LlamaServer) -> None:
    upstream = llama_server.base_url.removesuffix("/v1")
    proxy = FaultProxy(upstream, faults=[]).start()
    try:
        summariser = EndpointSummariser(
            Budget(), base_url=proxy.base_url, model=ALIAS, max_tokens=SHORT, backoff=0.05
        )
        summariser.signature()  # the model list and the probe pass untouched
        proxy.faults.extend([(429, {"Retry-After": "1"}), (503, {})])
        proxy.arrivals.clear()
        (briefing,) = summariser.summarise(texts(1))
    finally:
        proxy.stop()
    assert briefing.strip()
    statuses = [status for _, _, status in proxy.arrivals]
    assert statuses == [429, 503, 200]
    assert proxy.arrivals[1][0] - proxy.arrivals[0][0] >= 0.95  # waited as the server asked


def test_a_retryable_error_that_persists_becomes_a_per_item_error(
    llama_server: LlamaServer, tmp_path: Path
) -> None:
    upstream = llama_server.base_url.removesuffix("/v1")
    # Only the briefing requests fail (the probe asks for 1 token): two attempts for each.
    proxy = FaultProxy(upstream, faults=[(503, {})] * 4, only_if=b'"max_tokens":%d' % SHORT)
    data = corpus(tmp_path / "data", 2)
    out = tmp_path / "run"
    try:
        proxy.start()
        config = write_config(tmp_path, data, base_url=proxy.base_url, retries=1, backoff=0.01)
        assert main(["run", str(config), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    finally:
        proxy.stop()
    rows = [json.loads(line) for line in (out / "generations" / "smol.jsonl").open()]
    assert [r["summary"] for r in rows] == [None, None]
    assert all("503" in r["error"] and "after 2 attempts" in r["error"] for r in rows)
    assert [status for *_, status in proxy.arrivals].count(503) == 4  # no extra retry round


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory):
    server = start_server(tmp_path_factory.mktemp("keyed"), api_key="right-key")
    try:
        yield server
    finally:
        server.stop()


def run_fails_fast(config: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The run stops before any article; the endpoint's own check takes seconds (the rest of
    main(), imports and the corpus, is timed by other tests and slows down on a busy machine)."""
    args = yaml.safe_load(config.read_text())["summarisers"][1]["args"]
    started = time.monotonic()
    with pytest.raises(UserError):
        EndpointSummariser(Budget(), **args).signature()
    assert time.monotonic() - started < 10
    code = main(["run", str(config), "--out", str(out), "--quiet"])
    assert not out.exists()
    return code, capsys.readouterr().err


def test_wrong_key_unknown_model_and_unreachable_url_each_fail_fast(
    keyed_server: LlamaServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = corpus(tmp_path / "data", 1)
    monkeypatch.setenv("SMOL_KEY", "wrong-key")
    config = write_config(tmp_path, data, base_url=keyed_server.base_url, api_key_env="SMOL_KEY")
    code, err = run_fails_fast(config, tmp_path / "a", capsys)
    assert code == 3 and "summarisers[1]" in err and "API key" in err and "wrong-key" not in err

    monkeypatch.setenv("SMOL_KEY", "right-key")
    config = write_config(
        tmp_path, data, base_url=keyed_server.base_url, api_key_env="SMOL_KEY", model="nope"
    )
    code, err = run_fails_fast(config, tmp_path / "b", capsys)
    assert code == 2 and "summarisers[1]" in err and "'nope'" in err and ALIAS in err

    closed = f"http://127.0.0.1:{free_port()}/v1"
    config = write_config(tmp_path, data, base_url=closed)
    code, err = run_fails_fast(config, tmp_path / "c", capsys)
    assert code == 3 and "summarisers[1]" in err and "cannot reach" in err


def test_killed_server_then_resume_gives_the_scores_of_an_uninterrupted_run(
    tmp_path: Path,
) -> None:
    data = corpus(tmp_path / "data", 4)
    port = free_port()
    server = start_server(tmp_path, port=port)
    cache = tmp_path / "cache"
    config = write_config(
        tmp_path, data, base_url=server.base_url, concurrency=1, retries=1, backoff=0.1
    )
    command = [sys.executable, "-m", "eval", "run", str(config), "--quiet", "--workers", "1"]
    try:
        run = subprocess.Popen(
            [*command, "--out", str(tmp_path / "killed"), "--cache", str(cache)],
            stderr=subprocess.PIPE,
            text=True,
        )
        signature_files = lambda: list(cache.rglob("*.json"))  # noqa: E731
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and len(signature_files()) < 4 + 1:  # lead3 + 1
            time.sleep(0.2)
        server.kill()  # mid-run: at least one briefing is finished and cached
        _, err = run.communicate(timeout=300)
        assert run.returncode in (0, 1), err
        kept = len(signature_files())
        assert 5 <= kept < 8, "the kill came too late to test anything"
        killed = [json.loads(line) for line in (tmp_path / "killed/generations/smol.jsonl").open()]
        assert any(r["error"] for r in killed) and any(r["summary"] for r in killed)

        server = start_server(tmp_path, port=port)  # same settings; the URL is not in the key
        resumed = subprocess.run(
            [*command, "--out", str(tmp_path / "resumed"), "--cache", str(cache)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert resumed.returncode == 0, resumed.stderr
        whole = subprocess.run(
            [*command, "--out", str(tmp_path / "whole"), "--cache", str(tmp_path / "fresh")],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert whole.returncode == 0, whole.stderr
    finally:
        server.stop()
    generations = [
        json.loads(line) for line in (tmp_path / "resumed/generations/smol.jsonl").open()
    ]
    assert sum(r["cached"] for r in generations) >= 1  # finished work was not redone
    resumed_scores = (tmp_path / "resumed/scores.jsonl").read_bytes()
    assert resumed_scores == (tmp_path / "whole/scores.jsonl").read_bytes()


def test_harness_killed_at_concurrency_4_keeps_every_briefing_it_received(
    llama_server: LlamaServer, tmp_path: Path
) -> None:
    """SIGKILL of the harness while 4 requests are in flight to the real server: every briefing
    it had received is cached (a proxy relays exactly 5 answers, then holds the rest; chunks of
    4 would have cached 4), and a resumed run asks only for the other 2."""
    data = tmp_path / "data"  # short articles: the model's reading time is not under test
    for index, town in enumerate(["Avon", "Brora", "Calne", "Deal", "Ely", "Fowey", "Goole"]):
        text = (
            f"The council of {town} approved {index + 12} new homes on Monday. "
            f"Building starts in {index + 2} weeks and will cost {index + 3} million pounds."
        )
        write_article(data, f"town-{index}", text, [f"{town} approved {index + 12} homes."])
    upstream = llama_server.base_url.removesuffix("/v1")
    marker = b'"max_tokens":%d' % SHORT  # briefing requests, not the probe
    proxy = FaultProxy(upstream, faults=[], only_if=marker, hold_after=5).start()
    cache = tmp_path / "cache"

    def endpoint_entries() -> int:
        return sum('"endpoint"' in p.read_text() for p in cache.rglob("*.json"))

    config = write_config(tmp_path, data, base_url=proxy.base_url, concurrency=4)
    command = [sys.executable, "-m", "eval", "run", str(config), "--quiet", "--workers", "1"]
    run = subprocess.Popen(
        [*command, "--out", str(tmp_path / "killed"), "--cache", str(cache)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not (proxy.held >= 1 and endpoint_entries() >= 5):
            assert run.poll() is None, run.stderr.read() if run.stderr else ""
            time.sleep(0.1)
        run.kill()
        run.wait(timeout=30)
        assert proxy.relayed == 5 and proxy.held >= 1, "the run never reached the hold"
        assert endpoint_entries() == 5, f"5 briefings received, {endpoint_entries()} cached"
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        proxy.stop()
    requests_before = [a for a in proxy.arrivals if a[1].endswith("/chat/completions")]
    resumed_proxy = FaultProxy(upstream, faults=[]).start()
    try:
        config = write_config(tmp_path, data, base_url=resumed_proxy.base_url, concurrency=4)
        resumed = subprocess.run(
            [*command, "--out", str(tmp_path / "resumed"), "--cache", str(cache)],
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        resumed_proxy.stop()
    assert resumed.returncode == 0, resumed.stderr
    asked = [a for a in resumed_proxy.arrivals if a[1].endswith("/chat/completions")]
    assert len(asked) == 1 + 2, "the probe and the 2 missing articles, nothing else"
    assert len(requests_before) >= 7
    rows = [json.loads(line) for line in (tmp_path / "resumed/generations/smol.jsonl").open()]
    assert [r["cached"] for r in rows].count(True) == 5 and all(r["summary"] for r in rows)
