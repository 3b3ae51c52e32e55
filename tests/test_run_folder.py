"""A run end to end: the folder's contents, determinism, empty briefings, cache and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import copy_corpus, write_article, write_config
from rouge_score.rouge_scorer import RougeScorer

from briefing import registry
from briefing.text import sentence_texts
from eval.cli import main

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent

CONFIG = """\
name: t
data: corpus/
seed: 11
summarisers:
  - {id: lead2, use: lead, args: {sentences: 2}}
  - {id: textrank, use: textrank}
metrics:
  - {use: rouge}
  - {use: length}
report: {bootstrap: 200}
"""


def run(config: Path, out: Path) -> int:
    return main(["run", str(config), "--out", str(out), "--quiet"])


@pytest.fixture
def small(tmp_path: Path) -> Path:
    copy_corpus(tmp_path / "corpus", 4)
    return write_config(tmp_path, CONFIG)


def test_run_folder_holds_everything_promised(small: Path, capsys) -> None:
    out = small.parent / "run"
    assert main(["run", str(small), "--out", str(out)]) == 0
    assert f"Report: {out / 'report.html'}" in capsys.readouterr().out
    for name in (
        "config.yaml",
        "manifest.json",
        "scores.jsonl",
        "aggregate.json",
        "report.md",
        "report.html",
        "generations/lead2.jsonl",
        "generations/textrank.jsonl",
    ):
        assert (out / name).is_file(), name
    assert (out / "config.yaml").read_text() == CONFIG

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 11
    assert manifest["data"]["fingerprint"].startswith("sha256:")
    assert manifest["signatures"]["metrics"]["rouge"].startswith(
        "rouge|types:1,2,L,Lsum|stem:yes|tok:default|split:sentencex-1.0.32+lines+quotes+ptb+win4000|"
        "refs:max|nrefs:3|v:0.1.2|engine:rouge-score-rs-0.2.1"
    )
    assert manifest["signatures"]["summarisers"]["lead2"].startswith("lead2|name:lead|")
    assert manifest["versions"]["rouge-score"] == "0.1.2"
    assert {"commit", "dirty"} <= set(manifest["code"])
    assert {"generate", "score", "total"} <= set(manifest["timings_seconds"])

    generations = [
        json.loads(x) for x in (out / "generations/lead2.jsonl").read_text().splitlines()
    ]
    assert len(generations) == 4
    assert {"id", "summary", "seconds", "error"} <= set(generations[0])

    rows = [json.loads(x) for x in (out / "scores.jsonl").read_text().splitlines()]
    assert len(rows) == 8 and {r["system"] for r in rows} == {"lead2", "textrank"}
    aggregate = json.loads((out / "aggregate.json").read_text())
    stat = aggregate["systems"]["lead2"]["rouge1"]
    assert set(stat) == {"mean", "ci_low", "ci_high", "n"} and stat["n"] == 4
    assert 0 <= stat["ci_low"] <= stat["mean"] <= stat["ci_high"] <= 1
    assert "textrank" in aggregate["comparisons"]
    assert "lead2" in (out / "report.md").read_text()


def test_scores_equal_rouge_score_on_the_generations(small: Path) -> None:
    out = small.parent / "run"
    assert run(small, out) == 0
    corpus = {p.stem: json.loads(p.read_text()) for p in (small.parent / "corpus").glob("*.json")}
    scorer = RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    rows = {(r["system"], r["id"]): r for r in map(json.loads, (out / "scores.jsonl").open())}
    for system in ("lead2", "textrank"):
        for gen in map(json.loads, (out / f"generations/{system}.jsonl").open()):
            refs = ["\n".join(sentence_texts(r["text"])) for r in corpus[gen["id"]]["references"]]
            expected = scorer.score_multi(refs, "\n".join(sentence_texts(gen["summary"])))
            row = rows[(system, gen["id"])]
            for rouge_type, score in expected.items():
                assert row[rouge_type] == pytest.approx(score.fmeasure, abs=1e-9)
                assert row[f"{rouge_type}.recall"] == pytest.approx(score.recall, abs=1e-9)


def test_same_config_and_seed_give_byte_identical_results(small: Path) -> None:
    first, second = small.parent / "a", small.parent / "b"
    assert run(small, first) == 0
    assert run(small, second) == 0
    for name in ("aggregate.json", "scores.jsonl"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_empty_briefing_is_scored_zero_and_counted(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(
        registry.summarisers._builtins, "empty-for-some", "fake_summarisers:EmptyForSome"
    )
    corpus = tmp_path / "corpus"
    write_article(corpus, "one", "EMPTY marker here. The port hired 40 staff.", ["40 staff hired."])
    write_article(corpus, "two", "The port hired 40 staff. It paid $3m.", ["40 staff, $3m."])
    config = write_config(
        tmp_path,
        "data: corpus/\nsummarisers:\n  - {id: sys, use: empty-for-some}\n"
        "metrics: [{use: rouge}, {use: length}]\nreport: {bootstrap: 100}\n",
    )
    assert run(config, tmp_path / "run") == 0
    rows = {r["id"]: r for r in map(json.loads, (tmp_path / "run/scores.jsonl").open())}
    assert rows["one"]["rouge1"] == 0.0 and rows["one"]["length.words"] == 0.0
    assert rows["one"]["error"] is None
    aggregate = json.loads((tmp_path / "run/aggregate.json").read_text())
    assert aggregate["systems"]["sys"]["rouge1"]["n"] == 2
    assert aggregate["empty"]["sys"] == 1
    assert "| 1 |" in (tmp_path / "run/report.md").read_text()  # the Empty column


def test_warm_cache_makes_no_model_calls(tmp_path: Path, monkeypatch) -> None:
    import fake_summarisers

    monkeypatch.setitem(registry.summarisers._builtins, "counting", "fake_summarisers:Counting")
    copy_corpus(tmp_path / "corpus", 3)
    config = write_config(
        tmp_path,
        "data: corpus/\nsummarisers:\n  - {id: c, use: counting}\n"
        "metrics: [{use: rouge}]\nreport: {bootstrap: 100}\n",
    )
    fake_summarisers.Counting.calls = 0
    assert run(config, tmp_path / "first") == 0
    assert fake_summarisers.Counting.texts_seen == 3
    calls = fake_summarisers.Counting.calls
    assert run(config, tmp_path / "second") == 0
    assert fake_summarisers.Counting.calls == calls  # nothing regenerated
    cached = [json.loads(x)["cached"] for x in (tmp_path / "second/generations/c.jsonl").open()]
    assert cached == [True, True, True]
    assert (tmp_path / "first/scores.jsonl").read_bytes() == (
        tmp_path / "second/scores.jsonl"
    ).read_bytes()


def _fake_dist(root: Path) -> None:
    dist = root / "fake_summarisers_dist-0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-dist\nVersion: 0\n")
    (dist / "entry_points.txt").write_text("[briefing.summarisers]\nslow = fake_summarisers:Slow\n")


def test_killed_run_resumes_without_regenerating(tmp_path: Path) -> None:
    copy_corpus(tmp_path / "corpus", 10)
    _fake_dist(tmp_path / "site")
    log = tmp_path / "generated.log"
    config = write_config(
        tmp_path,
        f"data: corpus/\nsummarisers:\n  - {{id: slow, use: slow, args: {{log: '{log}'}}}}\n"
        "metrics: [{use: rouge}, {use: length}]\nreport: {bootstrap: 100}\n",
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path / "site"), str(TESTS), str(REPO)]),
        "BRIEFING_EVAL_CACHE": str(tmp_path / "cache"),
    }
    command = [sys.executable, "-m", "eval", "run", str(config), "--quiet"]
    process = subprocess.Popen([*command, "--out", str(tmp_path / "killed")], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        entries = list((tmp_path / "cache").rglob("*.json"))
        if len(entries) >= 3:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done_before = len(list((tmp_path / "cache").rglob("*.json")))
    assert 3 <= done_before < 10, "the run should have been killed midway"
    assert not (tmp_path / "killed" / "scores.jsonl").exists()
    generated_before = len(log.read_text().splitlines())

    resumed = subprocess.run([*command, "--out", str(tmp_path / "resumed")], env=env, timeout=120)
    assert resumed.returncode == 0
    generated_after = len(log.read_text().splitlines()) - generated_before
    # Exactly the articles that were not in the cache when the run died are generated again:
    # nothing finished is regenerated (the chunk in flight may be lost, by design).
    assert generated_after == 10 - done_before

    fresh_env = {**env, "BRIEFING_EVAL_CACHE": str(tmp_path / "cache2")}
    log.unlink()
    fresh = subprocess.run([*command, "--out", str(tmp_path / "fresh")], env=fresh_env, timeout=120)
    assert fresh.returncode == 0
    assert (tmp_path / "resumed/scores.jsonl").read_bytes() == (
        tmp_path / "fresh/scores.jsonl"
    ).read_bytes()


def test_missing_model_fails_before_any_work_naming_the_config_entry(tmp_path: Path, capsys):
    copy_corpus(tmp_path / "corpus", 2)
    config = write_config(
        tmp_path,
        "data: corpus/\nsummarisers:\n  - {id: lead3, use: lead}\n"
        "  - {id: bart, use: hf, args: {model: nobody-here/absent-model}}\n"
        "metrics: [{use: rouge}]\n",
    )
    started = time.monotonic()
    assert run(config, tmp_path / "run") == 3
    assert time.monotonic() - started < 30  # seconds, not a retry loop
    err = capsys.readouterr().err
    assert "line 4, summarisers[1]" in err and "nobody-here/absent-model" in err
    assert "hf download" in err and "Traceback" not in err
    assert not (tmp_path / "run").exists()
