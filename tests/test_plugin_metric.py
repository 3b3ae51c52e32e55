"""A metric from another distribution (one file, one entry point) appears everywhere a built-in
metric appears, with no change to the harness: report.md, leaderboard.csv, the significance
table, the human ceiling, the terminal summary and meta-eval (report.html: the browser test)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from plugin_support import REPO, make_plugin_run

from eval.corpus.loading import load_corpus


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    return make_plugin_run(tmp_path_factory.mktemp("plugin"))


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end >= 0 else None]


def _jaccard(a: str, b: str) -> float:
    import re

    x, y = (set(re.findall(r"[a-z0-9]+", t.lower())) for t in (a, b))
    return len(x & y) / len(x | y) if x | y else 0.0


def test_the_harness_does_not_name_the_plugin() -> None:
    for path in [*REPO.glob("eval/**/*.py"), *REPO.glob("eval/**/*.j2")]:
        text = path.read_text(encoding="utf-8")
        assert "overlap.jaccard" not in text and "Word overlap" not in text, path


def test_plugin_values_are_in_the_run_folder_and_described(run: Path) -> None:
    described = json.loads((run / "metrics.json").read_text())["metrics"]
    overlap = next(m for m in described if m["name"] == "overlap")
    assert overlap["compares_with"] == "references" and overlap["in_workers"] is False
    assert [v["label"] for v in overlap["values"]] == ["Word overlap", "Batch size"]
    aggregate = json.loads((run / "aggregate.json").read_text())
    assert aggregate["signatures"]["overlap"] == "overlap|tok:a-z0-9|refs:max|v:1"
    assert aggregate["systems"]["lead3"]["overlap.jaccard"]["n"] == 6


def test_a_metric_that_stays_out_of_workers_is_scored_once_in_the_parent(run: Path) -> None:
    rows = [json.loads(line) for line in (run / "scores.jsonl").read_text().splitlines()]
    assert {row["overlap.batch"] for row in rows} == {18.0}, "3 systems x 6 articles, one call"
    first = rows[0]
    assert list(first)[:5] == ["system", "id", "error", "rouge1", "rouge1.precision"]
    assert list(first).index("overlap.jaccard") > list(first).index("rouge1.recall")


def test_report_md_leaderboard_significance_ceiling_and_meta_eval(run: Path) -> None:
    report = (run / "report.md").read_text(encoding="utf-8")
    leaderboard = _section(report, "## Leaderboard")
    assert "| Word overlap ↑ |" in leaderboard and "Batch size" not in leaderboard
    assert "ROUGE-1, Word overlap are x100" in leaderboard
    significance = _section(report, "## Against the baseline")
    header = next(line for line in significance.splitlines() if line.startswith("| System"))
    assert header.split("|")[1:-1] == [" System ", " ROUGE-1 ", " Word overlap "]
    assert significance.count("| `") == 2  # lead3 and textrank against lead1
    ceiling = _section(report, "## Human ceiling")
    assert "| Word overlap |" in ceiling and "`overlap|tok:a-z0-9|refs:max|v:1|" in ceiling
    meta = _section(report, "## Meta-evaluation")
    assert "| Word overlap | system |" in meta and "| Word overlap | summary |" in meta


def test_leaderboard_csv_has_the_plugin_values(run: Path) -> None:
    table = list(csv.DictReader(io.StringIO((run / "leaderboard.csv").read_text())))
    aggregate = json.loads((run / "aggregate.json").read_text())
    for row in table:
        stat = aggregate["systems"][row["system"]]["overlap.jaccard"]
        assert row["overlap.jaccard"] == repr(stat["mean"])
        assert row["overlap.jaccard_n"] == "6" and "overlap.batch" in row


def test_human_ceiling_is_leave_one_out_on_the_plugin(run: Path) -> None:
    """Recomputed here by hand: each reference against the others, each briefing against the
    same N-1, folds averaged."""
    items = {item.id: item for item in load_corpus(run.parent / "corpus").items()}
    rows = [json.loads(line) for line in (run / "ceiling.jsonl").read_text().splitlines()]
    generations = {
        system: {
            json.loads(line)["id"]: json.loads(line)["summary"]
            for line in (run / "generations" / f"{system}.jsonl").read_text().splitlines()
        }
        for system in ("lead1", "lead3", "textrank")
    }
    assert {row["system"] for row in rows} == {"human", "lead1", "lead3", "textrank"}
    for row in rows:
        refs = items[row["id"]].references
        folds = []
        for held in range(len(refs)):
            others = [r for k, r in enumerate(refs) if k != held]
            text = refs[held] if row["system"] == "human" else generations[row["system"]][row["id"]]
            folds.append(max(_jaccard(text, other) for other in others))
        assert row["overlap.jaccard"] == pytest.approx(sum(folds) / len(folds), abs=1e-12)
    aggregate = json.loads((run / "aggregate.json").read_text())
    assert set(aggregate["ceiling"]["systems"]["human"]) == {"rouge1", "overlap.jaccard"}


def test_terminal_summary_and_meta_eval_name_the_plugin(run: Path) -> None:
    summary = (run / "run.stdout").read_text()
    assert "lead3: ROUGE-1 " in summary and ", Word overlap " in summary
    meta = (run / "meta.stdout").read_text()
    assert "Word overlap" in meta
    result = json.loads((run / "meta_eval.json").read_text())
    assert "overlap.jaccard" in result["system_level"]
