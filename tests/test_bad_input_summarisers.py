"""Summarisers that fail on some articles: the failure is recorded per article, the run goes on
until more than ``max_failures`` articles have failed, and then stops with exit code 1 and the
generations made so far on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bad_input_helpers import (
    CONFIG,
    assert_clear_error,
    make_run,
    run_cli,
    run_subprocess,
)
from bad_summarisers import AlwaysFails

from briefing import registry
from eval.corpus.format import Item
from eval.errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK
from eval.run.generation import generate_system

FAKES = {
    "raises-on": "bad_summarisers:RaisesOn",
    "wrong-count": "bad_summarisers:WrongCount",
    "non-strings": "bad_summarisers:NonStrings",
    "empty-strings": "bad_summarisers:EmptyStrings",
    "interrupted": "bad_summarisers:Interrupted",
    "first-words": "bad_summarisers:FirstWords",
}


@pytest.fixture(autouse=True)
def _fake_summarisers(monkeypatch) -> None:
    """Only built-ins plus the fakes: installed plugins must not change what a test sees."""
    monkeypatch.setattr(registry, "entry_points", lambda group: [])
    for name, target in FAKES.items():
        monkeypatch.setitem(registry.summarisers._builtins, name, target)


def _config(summariser: str, max_failures: int = 5) -> str:
    return CONFIG.replace(
        "  - {id: lead1, use: lead, args: {sentences: 1}}\n",
        f"  - {{id: lead1, use: lead, args: {{sentences: 1}}}}\n  - {summariser}\n",
    ).replace("report:", f"max_failures: {max_failures}\nreport:")


def _jsonl(path: Path) -> dict[str, dict]:
    return {row["id"]: row for row in map(json.loads, path.read_text().splitlines())}


def _rows(out: Path, system: str) -> dict[str, dict]:
    rows = [json.loads(line) for line in (out / "scores.jsonl").read_text().splitlines()]
    return {row["id"]: row for row in rows if row["system"] == system}


def test_summariser_raising_on_one_article_costs_that_article_only(tmp_path, capsys) -> None:
    config = make_run(tmp_path, _config("{id: bad, use: raises-on, args: {marker: bridge}}"))
    out = tmp_path / "out"
    outcome = run_cli(capsys, "run", str(config), "--out", str(out), "--quiet")
    assert outcome.code == EXIT_OK, outcome.err
    generations = _jsonl(out / "generations" / "bad.jsonl")
    assert generations["bridge"]["summary"] is None
    assert generations["bridge"]["error"].startswith("ValueError: cannot summarise")
    assert generations["harbour"]["error"] is None and generations["harbour"]["summary"]
    rows = _rows(out, "bad")
    assert rows["bridge"]["error"].startswith("ValueError") and "rouge1" not in rows["bridge"]
    assert rows["harbour"]["error"] is None and rows["harbour"]["rouge1"] > 0
    aggregate = json.loads((out / "aggregate.json").read_text())
    assert aggregate["systems"]["bad"]["rouge1"]["n"] == 2
    assert aggregate["systems"]["lead1"]["rouge1"]["n"] == 3
    assert json.loads((out / "manifest.json").read_text())["failures"] == {"lead1": 0, "bad": 1}


@pytest.mark.parametrize(
    ("summariser", "problem"),
    [
        ("wrong-count", "summarise() returned 2 summaries for 1 articles"),
        ("non-strings", "summarise() returned a NoneType instead of a string"),
    ],
)
def test_malformed_output_is_a_per_article_failure(tmp_path, capsys, summariser, problem) -> None:
    args = "{marker: bridge}" if summariser == "non-strings" else "{}"
    config = make_run(tmp_path, _config(f"{{id: bad, use: {summariser}, args: {args}}}"))
    out = tmp_path / "out"
    outcome = run_cli(capsys, "run", str(config), "--out", str(out), "--quiet")
    assert outcome.code == EXIT_OK, outcome.err
    generations = _jsonl(out / "generations" / "bad.jsonl")
    assert generations["bridge"]["error"] == problem
    failed = [g for g in generations.values() if g["error"]]
    assert len(failed) == (3 if summariser == "wrong-count" else 1)
    assert all("rouge1" not in row for row in _rows(out, "bad").values() if row["error"])


def test_too_many_failures_stops_with_exit_1_and_keeps_what_was_made(tmp_path, capsys) -> None:
    config = make_run(tmp_path, _config("{id: bad, use: wrong-count}", max_failures=1))
    out = tmp_path / "out"
    outcome = run_cli(capsys, "run", str(config), "--out", str(out), "--quiet")
    assert_clear_error(
        outcome,
        EXIT_FAILURE,
        # one article per call (no batch_size): the run stops at the second failure
        "2 article(s) failed to generate, more than max_failures=1",
        "summarise() returned 2 summaries for 1 articles",
        str(out / "generations"),
        "raise max_failures",
    )
    assert len(_jsonl(out / "generations" / "lead1.jsonl")) == 3
    assert len(_jsonl(out / "generations" / "bad.jsonl")) == 3
    assert not (out / "scores.jsonl").exists()


def test_generation_stops_early_once_max_failures_is_passed() -> None:
    items = [Item(f"a{index:02d}", f"Text number {index}.", ("Ref.",)) for index in range(12)]
    summariser = AlwaysFails(budget=None)
    gens = generate_system("x", summariser, items, None, chunk_size=1, quiet=True, max_failures=2)
    assert summariser.calls == 3, "stops after the third failure"
    assert [g.skipped for g in gens] == [False] * 3 + [True] * 9
    assert all(g.error for g in gens) and "max_failures=2" in gens[-1].error


def test_empty_briefings_are_scored_not_failed(tmp_path, capsys) -> None:
    config = make_run(tmp_path, _config("{id: bad, use: empty-strings}"))
    out = tmp_path / "out"
    assert run_cli(capsys, "run", str(config), "--out", str(out), "--quiet").code == EXIT_OK
    rows = _rows(out, "bad")
    assert all(row["error"] is None and row["rouge1"] == 0 for row in rows.values())
    assert json.loads((out / "aggregate.json").read_text())["empty"]["bad"] == 3


def test_ctrl_c_during_generation_exits_130_with_one_line(tmp_path, capsys) -> None:
    config = make_run(tmp_path, _config("{id: bad, use: interrupted}"))
    outcome = run_cli(capsys, "run", str(config), "--out", str(tmp_path / "out"), "--quiet")
    assert outcome.code == EXIT_INTERRUPTED
    assert "interrupted" in outcome.err and "Traceback" not in outcome.err
    assert not (tmp_path / "out").exists()


def _fake_dist(site: Path) -> None:
    dist = site / "bad_summarisers_dist-0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: bad-dist\nVersion: 0\n")
    (dist / "entry_points.txt").write_text(
        "[briefing.summarisers]\nwrong-count = bad_summarisers:WrongCount\n"
    )


def test_too_many_failures_in_a_real_process(tmp_path: Path) -> None:
    _fake_dist(tmp_path / "site")
    config = make_run(tmp_path, _config("{id: bad, use: wrong-count}", max_failures=0))
    outcome = run_subprocess(
        "run",
        str(config),
        "--quiet",
        "--out",
        "out",
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site")},
    )
    assert_clear_error(outcome, EXIT_FAILURE, "more than max_failures=0", "2 summaries for 1")
    assert (tmp_path / "out" / "generations" / "bad.jsonl").is_file()
