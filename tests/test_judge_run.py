"""The judge inside a real run: its judgements follow the run's cache switches (``--cache DIR``,
``--no-cache``, the config's ``cache:``), and its unparseable-answer rate reaches the run folder.

The judge model is the fake of ``test_judge`` (grades from word counts, gibberish for the
briefing "unparseable"), counted call by call, so "a second run asks nothing" is a count.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bad_input_helpers import make_corpus, run_cli
from helpers import write_config
from test_judge import FakeJudge

from briefing import registry


@pytest.fixture(autouse=True)
def fake_backend(monkeypatch):
    monkeypatch.setitem(registry.summarisers._builtins, "fakejudge", "test_judge:FakeJudge")
    FakeJudge.calls = []


CONFIG = """\
name: judged
data: corpus/
{cache}summarisers:
  - {{id: lead1, use: lead, args: {{sentences: 1}}}}
  - {{id: lead2, use: lead, args: {{sentences: 2}}}}
metrics:
  - {{use: length}}
  - use: judge
    args:
      judge: {{use: fakejudge}}
      dimensions: [consistency, fluency]
{extra}report: {{baseline: lead1, bootstrap: 100, formats: [md]}}
"""


def config(tmp_path: Path, cache: str = "", extra: str = "") -> Path:
    make_corpus(tmp_path / "corpus")
    return write_config(tmp_path, CONFIG.format(cache=cache, extra=extra))


def judgement_files(root: Path) -> list[Path]:
    return sorted((root / "judgements").rglob("*.json"))


def run(capsys, path: Path, out: Path, *options: str) -> None:
    outcome = run_cli(capsys, "run", str(path), "--out", str(out), "--quiet", *options)
    assert outcome.code == 0, outcome.err


def test_judgements_go_to_the_runs_cache_and_a_second_run_asks_nothing(tmp_path, capsys):
    path = config(tmp_path)
    cache = tmp_path / "cache"
    run(capsys, path, tmp_path / "first", "--cache", str(cache))
    asked = len(FakeJudge.calls)
    assert asked == 3 * 2 * 2  # 3 articles, 2 systems with different briefings, 2 dimensions
    assert len(judgement_files(cache)) == asked
    assert (cache / "generations").is_dir()  # beside the generations, under the same root
    FakeJudge.calls = []
    run(capsys, path, tmp_path / "second", "--cache", str(cache))
    assert FakeJudge.calls == []
    first = (tmp_path / "first" / "scores.jsonl").read_text()
    assert (tmp_path / "second" / "scores.jsonl").read_text() == first


def test_no_cache_writes_nothing_and_asks_every_time(tmp_path, capsys, monkeypatch):
    path = config(tmp_path)
    default = tmp_path / "default-cache"
    monkeypatch.setenv("BRIEFING_EVAL_CACHE", str(default))
    run(capsys, path, tmp_path / "first", "--no-cache")
    run(capsys, path, tmp_path / "second", "--no-cache")
    assert len(FakeJudge.calls) == 2 * 3 * 2 * 2
    assert not default.exists()  # neither judgements nor generations were stored anywhere
    assert not list(tmp_path.rglob("judgements"))


def test_the_configs_cache_key_is_followed(tmp_path, capsys):
    path = config(tmp_path, cache="cache: kept/\n")
    run(capsys, path, tmp_path / "first")
    assert judgement_files(tmp_path / "kept")
    FakeJudge.calls = []
    run(capsys, path, tmp_path / "second")
    assert FakeJudge.calls == []


@pytest.mark.parametrize("extra", ["      cache_dir: elsewhere/\n", "      cache: false\n"])
def test_a_judges_own_cache_arguments_in_a_config_are_refused(tmp_path, capsys, extra):
    path = config(tmp_path, extra=extra)
    outcome = run_cli(capsys, "run", str(path), "--out", str(tmp_path / "out"), "--quiet")
    assert outcome.code == 2
    assert "metrics[1]" in outcome.err and "--no-cache" in outcome.err
    assert FakeJudge.calls == []


def test_the_unparseable_rate_is_a_value_of_the_run(tmp_path, capsys):
    make_corpus(tmp_path / "corpus")
    # lead1's briefing of every article is replaced by "unparseable" through a file summariser
    ids = sorted(p.stem for p in (tmp_path / "corpus").glob("*.json"))
    outputs = tmp_path / "outputs.jsonl"
    outputs.write_text(
        "".join(json.dumps({"id": i, "summary": "unparseable"}) + "\n" for i in ids[:2])
        + json.dumps({"id": ids[2], "summary": "Three words here."})
        + "\n"
    )
    body = CONFIG.format(cache="", extra="").replace(
        "{id: lead2, use: lead, args: {sentences: 2}}",
        "{id: gibberish, use: file, args: {path: outputs.jsonl}}",
    )
    path = write_config(tmp_path, body)
    run(capsys, path, tmp_path / "out", "--no-cache")
    aggregate = json.loads((tmp_path / "out" / "aggregate.json").read_text())
    ungraded = aggregate["systems"]["gibberish"]["judge.ungraded"]
    assert ungraded["mean"] == pytest.approx(2 / 3) and ungraded["n"] == 3
    assert aggregate["systems"]["lead1"]["judge.ungraded"]["mean"] == 0
    assert aggregate["systems"]["gibberish"]["judge.consistency"]["n"] == 1
    assert "Judge: no grade" in (tmp_path / "out" / "report.md").read_text()
