"""briefing-eval validate: plain mode lists every problem; --quality, --json, --stats; the
shipped corpus is clean; a SummEval import reports references whose numbers are not backed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_quality import ARTICLE, GOOD

from eval.cli import main

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "reference_summaries"


def write(folder: Path, article_id: str, refs: list[str], **changes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "id": article_id,
        "title": "Kestrel Bay ferry to stop",
        "published": "2025-09-01",
        "source": {"text": ARTICLE, "provenance": "written for tests", "licence": "CC0"},
        "references": [
            {"author": f"r{i}", "text": t, "guidelines": "v1"} for i, t in enumerate(refs)
        ],
        **changes,
    }
    path = folder / f"{article_id}.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_plain_ok_line(tmp_path, capsys):
    write(tmp_path, "a1", GOOD)
    write(tmp_path, "a2", GOOD[:2])
    assert main(["validate", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "2 articles, 5 references: OK\n"


def test_every_problem_is_listed_as_file_field_message(tmp_path, capsys):
    good = write(tmp_path, "a1", GOOD)
    bad_id = write(tmp_path, "a2", GOOD, id="Not Valid")
    (tmp_path / "a3.json").write_text("{broken", encoding="utf-8")
    missing = write(tmp_path, "a4", GOOD)
    data = json.loads(missing.read_text())
    del data["title"]
    data["references"][0]["text"] = "  "
    missing.write_text(json.dumps(data))
    assert main(["validate", str(tmp_path)]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert f"{bad_id}: id: ids are lower-case" in "\n".join(lines)
    assert any(
        line.startswith(f"{tmp_path / 'a3.json'}: line 1, column 2: invalid JSON") for line in lines
    )
    assert f"{missing}: title: required field is missing" in lines
    assert f"{missing}: references[0].text: the reference text is empty" in lines
    assert lines[-1].startswith("4 problem(s)") and "1 article(s) are valid" in lines[-1]
    assert not any(str(good) in line for line in lines[:-1])


def test_json_output(tmp_path, capsys):
    write(tmp_path, "a1", GOOD)
    (tmp_path / "a2.json").write_text("[]", encoding="utf-8")
    assert main(["validate", str(tmp_path), "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["articles"] == 1 and data["references"] == 3
    assert data["problems"] == [
        {
            "path": str(tmp_path / "a2.json"),
            "field": "",
            "message": "must hold one JSON object (an article)",
        }
    ]


def test_missing_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().out


def test_quality_exit_codes_follow_fail_on(tmp_path, capsys):
    write(tmp_path, "clean", GOOD)
    assert main(["validate", "--quality", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "quality: no findings" in out and "clean  (" in out
    stitched = (
        "About 650 people use the crossing each day, most of them commuters. The ferry has "
        "operated since 1931 and carried more than 230,000 passengers in 2024. Union leaders "
        "called the decision a disaster for the town."
    )
    write(tmp_path, "copied", [GOOD[0], GOOD[1], stitched])
    assert main(["validate", "--quality", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert "FAIL verbatim: references[2] (r2)" in out and "FAILED" in out
    assert main(["validate", "--quality", "--fail-on", "none", str(tmp_path)]) == 0
    capsys.readouterr()
    assert (
        main(["validate", "--quality", "--flagged-only", "--fail-on", "length", str(tmp_path)]) == 0
    )
    out = capsys.readouterr().out
    assert "copied  (" in out and "clean  (" not in out and "warn verbatim" in out


def test_quality_json(tmp_path, capsys):
    write(tmp_path, "near", [GOOD[0], GOOD[1], GOOD[0].replace("Around", "About")])
    assert main(["validate", "--quality", "--json", str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    findings = data["quality"]["articles"][0]["findings"]
    assert [(f["kind"], f["reference"], f["fails"]) for f in findings] == [
        ("near-duplicate", 2, False)
    ]


def test_unknown_fail_on_kind(tmp_path, capsys):
    write(tmp_path, "a1", GOOD)
    assert main(["validate", "--quality", "--fail-on", "numbrs", str(tmp_path)]) == 2
    assert "unknown kind(s) numbrs" in capsys.readouterr().err


def test_stats(tmp_path, capsys):
    write(tmp_path, "a1", GOOD, topic="transport")
    write(tmp_path, "a2", GOOD[:2])
    assert main(["validate", "--stats", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "- articles: 2; references: 5" in out
    assert "- topics: (none) 1, transport 1" in out
    assert "- reference authors: 3 (r0 2, r1 2, r2 1)" in out


def test_shipped_corpus_is_clean(capsys):
    if not any(SHIPPED.glob("*.json")):
        pytest.skip("reference_summaries/ holds no articles yet")
    assert main(["validate", "--quality", str(SHIPPED)]) == 0
    out = capsys.readouterr().out
    assert "quality: no findings" in out


def test_summeval_import_reports_unbacked_numbers(tmp_path, shared_dir, capsys):
    path = shared_dir / "data" / "summeval" / "summeval.jsonl"
    if not path.is_file():
        pytest.skip(f"../shared/data/summeval/summeval.jsonl not found: {path}")
    out = tmp_path / "summeval"
    assert main(["import", "summeval", str(path), "--out", str(out), "--limit", "10"]) == 0
    capsys.readouterr()
    rc = main(["validate", "--quality", "--json", "--fail-on", "numbers", str(out)])
    data = json.loads(capsys.readouterr().out)
    counts = data["quality"]["counts"]["numbers"]
    assert counts["references"] > 0 and rc == 2
    flagged = [
        ref for a in data["quality"]["articles"] for ref in a["references"] if ref["unbacked"]
    ]
    assert len(flagged) == counts["references"]
