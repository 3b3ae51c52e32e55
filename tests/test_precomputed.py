"""The ``file`` summariser: precomputed briefings looked up by article id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import copy_corpus, write_config

from briefing.base import Budget, SummarisesArticles
from briefing.extractive import LeadSummariser
from briefing.precomputed import FileSummariser, MissingOutput
from eval.cli import main
from eval.errors import UserError


def _outputs(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_looks_briefings_up_by_id_not_by_position(tmp_path: Path) -> None:
    path = _outputs(
        tmp_path / "out.jsonl", [{"id": "b", "summary": "B."}, {"id": "a", "summary": "A."}]
    )
    summariser = FileSummariser(Budget(), "out.jsonl", base_dir=tmp_path)
    assert isinstance(summariser, SummarisesArticles)
    assert summariser.summarise_articles(["a", "b", "a"], ["x", "y", "z"]) == ["A.", "B.", "A."]
    with pytest.raises(MissingOutput, match="no summary for article 'c'"):
        summariser.summarise_articles(["c"], ["text"])
    with pytest.raises(UserError, match="article id"):
        summariser.summarise(["text"])
    assert not isinstance(LeadSummariser(budget=Budget()), SummarisesArticles)
    assert summariser.path == path


def test_signature_names_the_content_not_the_location(tmp_path: Path) -> None:
    rows = [{"id": "a", "summary": "A."}]
    one = FileSummariser(Budget(), str(_outputs(tmp_path / "x" / "out.jsonl", rows)))
    two = FileSummariser(Budget(), str(_outputs(tmp_path / "y" / "out.jsonl", rows)))
    assert one.signature() == two.signature()
    assert one.signature()["budget"] == "not-applied"
    changed = FileSummariser(
        Budget(), str(_outputs(tmp_path / "z" / "out.jsonl", [{"id": "a", "summary": "B."}]))
    )
    assert changed.signature()["sha256"] != one.signature()["sha256"]


def test_fit_budget_applies_the_shared_budget(tmp_path: Path) -> None:
    text = "One two three. Four five six. Seven eight nine."
    path = _outputs(tmp_path / "o.jsonl", [{"id": "a", "summary": text}])
    assert FileSummariser(Budget(2, 80), str(path)).summarise_articles(["a"], [""]) == [text]
    fitted = FileSummariser(Budget(2, 80), str(path), fit_budget=True)
    assert fitted.summarise_articles(["a"], [""]) == ["One two three. Four five six."]
    assert fitted.signature()["max_sentences"] == "2"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "summary": "A."}\nnot json\n', "line 2: not valid JSON"),
        ('{"id": "a", "summary": "A."}\n{"id": "a", "summary": "B."}\n', "line 2: a second"),
        ('{"summary": "A."}\n', 'line 1: "id" must be'),
        ('{"id": "a", "summary": 3}\n', 'line 1: "summary" must be a string'),
        ('["a", "b"]\n', "line 1: expected an object"),
        ("\n\n", "holds no summaries"),
    ],
)
def test_bad_files_are_user_errors_with_line_numbers(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "o.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        FileSummariser(Budget(), str(path))


def test_missing_file_says_where_relative_paths_are_read_from(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"does not exist;.*Relative paths are read from"):
        FileSummariser(Budget(), "nope.jsonl", base_dir=tmp_path)


def test_run_reads_outputs_relative_to_the_config_and_fails_only_missing_articles(
    tmp_path: Path,
) -> None:
    corpus = copy_corpus(tmp_path / "corpus", 4)
    ids = sorted(json.loads(p.read_text())["id"] for p in corpus.glob("*.json"))
    _outputs(
        tmp_path / "outputs" / "sys.jsonl",
        [{"id": i, "summary": f"Briefing for {i}."} for i in ids[:3]],
    )
    config = write_config(
        tmp_path,
        "data: corpus/\nsummarisers:\n  - {id: lead1, use: lead, args: {sentences: 1}}\n"
        "  - {id: sys, use: file, args: {path: outputs/sys.jsonl}}\n"
        "metrics: [{use: rouge}, {use: length}]\nreport: {bootstrap: 100}\n",
    )
    assert main(["run", str(config), "--out", str(tmp_path / "run"), "--quiet"]) == 0
    records = {r["id"]: r for r in map(json.loads, (tmp_path / "run/generations/sys.jsonl").open())}
    assert [records[i]["summary"] for i in ids[:3]] == [f"Briefing for {i}." for i in ids[:3]]
    assert records[ids[3]]["summary"] is None
    assert "no summary for article" in records[ids[3]]["error"]
    aggregate = json.loads((tmp_path / "run/aggregate.json").read_text())
    assert aggregate["failures"]["sys"] == 1 and aggregate["systems"]["sys"]["rouge1"]["n"] == 3


def test_bad_outputs_file_stops_the_run_before_generating(tmp_path: Path, capsys) -> None:
    copy_corpus(tmp_path / "corpus", 2)
    (tmp_path / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    config = write_config(
        tmp_path,
        "data: corpus/\nsummarisers:\n  - {id: sys, use: file, args: {path: bad.jsonl}}\n"
        "metrics: [{use: rouge}]\n",
    )
    assert main(["run", str(config), "--out", str(tmp_path / "run"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "bad.jsonl, line 1: not valid JSON" in err and "summarisers[0]" in err
    assert not (tmp_path / "run").exists()
