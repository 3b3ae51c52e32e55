"""``briefing-eval check-numbers``: single pair, batch, JSON and table output, bad input."""

from __future__ import annotations

import json

import pytest

from eval.cli import main

SOURCE = (
    "The Pentagon said Monday that North Korea had sent about 10,000 troops to Russia. A "
    "delegation briefed the alliance's 32 national ambassadors in a 90-minute exchange."
)
SUMMARY = "North Korea sent about 100,000 troops. The 90-minute briefing was on Monday."


@pytest.fixture
def files(tmp_path):
    source = tmp_path / "source.txt"
    summary = tmp_path / "summary.txt"
    source.write_text(SOURCE, encoding="utf-8")
    summary.write_text(SUMMARY, encoding="utf-8")
    return source, summary


def test_json_output_has_exactly_the_documented_fields(files, capsys):
    source, summary = files
    code = main(["check-numbers", "--source", str(source), "--summary", str(summary),
                 "--published", "2024-10-28", "--json"])  # fmt: skip
    assert code == 0  # flagged numbers are a finding, not a failure
    (line,) = capsys.readouterr().out.splitlines()
    result = json.loads(line)
    assert set(result) == {"id", "claims", "flagged"}
    assert result["flagged"] == 1
    assert [set(c) for c in result["claims"]] == [
        {"text", "start", "end", "kind", "value", "unit", "verdict", "evidence"}
    ] * 3
    assert [(c["text"], c["verdict"]) for c in result["claims"]] == [
        ("100,000", "contradicted"),
        ("90-minute", "supported"),
        ("Monday", "supported"),
    ]
    assert result["claims"][2]["value"] == "2024-10-28"


def test_table_output(files, capsys):
    source, summary = files
    assert main(["check-numbers", "--source", str(source), "--summary", str(summary)]) == 0
    out = capsys.readouterr().out
    assert "3 numeric claim(s), 1 flagged" in out
    assert "contradicted" in out and "source says about 10,000 troops" in out


def test_pairs_mode(tmp_path, capsys):
    pairs = tmp_path / "pairs.jsonl"
    rows = [
        {"id": "a", "source": SOURCE, "summary": "It sent 10,000 troops.", "published": None},
        {"id": "b", "source": SOURCE, "summary": "It briefed 23 ambassadors."},
        {"id": "c", "source": SOURCE, "summary": "No numbers here."},
    ]
    pairs.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    assert main(["check-numbers", "--pairs", str(pairs), "--json"]) == 0
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["id"], r["flagged"]) for r in results] == [("a", 0), ("b", 1), ("c", 0)]
    assert results[2]["claims"] == []


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"id": "a", "source": "x", "summary": "y"}', "{oops"],
         "pairs.jsonl, line 2: not valid JSON"),
        (['{"id": "a", "source": "x"}'], "pairs.jsonl, line 1: 'summary' is missing"),
        (['{"id": "a", "source": 3, "summary": "y"}'],
         "pairs.jsonl, line 1: 'source' must be a string"),
        (['{"id": "a", "source": "x", "summary": "y", "published": "28/10/2024"}'],
         "pairs.jsonl, line 1: published: '28/10/2024' is not a date"),
        (['{"id": "a", "source": "x", "summary": "y", "extra": 1}'], "unknown key(s) extra"),
        (['{"id": "a", "source": "x", "summary": "y"}'] * 2,
         "pairs.jsonl, line 2: id 'a' appears twice"),
        (["[1, 2]"], "pairs.jsonl, line 1: expected an object"),
        ([""], "no pairs"),
    ],
)  # fmt: skip
def test_bad_pairs_files_exit_2_with_file_and_line(tmp_path, capsys, lines, message):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("\n".join(lines), encoding="utf-8")
    assert main(["check-numbers", "--pairs", str(pairs)]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err and captured.out == ""


def test_bad_arguments_exit_2(files, tmp_path, capsys):
    source, summary = files
    missing = tmp_path / "missing.txt"
    assert main(["check-numbers", "--source", str(missing), "--summary", str(summary)]) == 2
    assert f"{missing}: no such file" in capsys.readouterr().err
    assert main(["check-numbers", "--source", str(source), "--summary", str(summary),
                 "--published", "2024-13-01"]) == 2  # fmt: skip
    assert "is not a date; write it as YYYY-MM-DD" in capsys.readouterr().err
    assert main(["check-numbers", "--source", str(source)]) == 2
    assert "give both --source" in capsys.readouterr().err
    assert main(["check-numbers", "--pairs", str(source), "--source", str(source)]) == 2
    assert "not both" in capsys.readouterr().err
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert main(["check-numbers", "--source", str(binary), "--summary", str(summary)]) == 2
    assert "not UTF-8 text" in capsys.readouterr().err
