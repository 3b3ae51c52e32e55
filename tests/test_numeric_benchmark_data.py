"""Gold labels of the numeric-accuracy benchmark (``benchmarks/numeric_data.py``).

The benchmark's figures are only as good as the rules that turn each collection's annotations
into error and faithful numbers, so the rules are tested here on rows written for the test
(never copied from the datasets): the independent number reader, the FaithBench rule for a
"number error", the XSum span rule, the SummEval thresholds, and the integrity of the project's
labelled files. Tests that read ``../shared/data`` skip with the reason when it is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from numeric_data import (  # noqa: E402
    FAITHBENCH,
    OWN,
    OWN_ERRORS,
    OWN_FAITHFUL,
    SUMMEVAL,
    XSUM,
    faithbench_item,
    load_external,
    number_errors_in_span,
    number_spans,
    own_items,
    read_jsonl,
    summeval_items,
    summeval_reference_items,
    token_values,
    xsum_item,
)


def texts(text: str, spans) -> list[str]:
    return [text[a:b] for a, b in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a budget of $ 160 million .", ["160 million"]),
        ("born November 28 , 1972 in Leeds", ["28", "1972"]),
        ("the 2010 - 11 season", ["2010 - 11"]),
        ("a 27 - year - old man", ["27"]),
        ("fined £30, 000 and 7. 5 % more", ["30, 000", "7. 5"]),
        ("in 2014, 300 people", ["2014", "300"]),
        ("on the A96 near flight MH370", []),
        (
            "one of twenty - five players, the third time, scored twice",
            ["twenty - five", "third", "twice"],
        ),
        ("1. Budget\n2. Parks", ["1", "2"]),
    ],
)
def test_number_reader(text: str, expected: list[str]) -> None:
    assert texts(text, number_spans(text)) == expected


def test_token_values_read_words_digits_and_ordinals() -> None:
    assert token_values("seven-time winner, 1,200 fans, 3rd place") == {7.0, 1200.0, 3.0}
    assert token_values("only the first one", skip=frozenset({"first", "one"})) == set()


SOURCE = "The film made $ 20 million in 2014 . Its sequel , released in 2016 , made $ 35 million ."


def span(summary: str, part: str) -> tuple[int, int]:
    start = summary.index(part)
    return start, start + len(part)


def test_note_naming_a_value_picks_exactly_that_number() -> None:
    summary = "The sequel, released in 2014, made $35 million worldwide in its first run."
    start, end = span(summary, summary.rstrip("."))
    note = "2014 is the year of the first film, not of the sequel"
    found = number_errors_in_span(summary, start, end, note)
    assert texts(summary, found) == ["2014"]
    # a note that names another figure (the right one) marks every number of the span
    found = number_errors_in_span(summary, start, end, "it came out in 2016")
    assert texts(summary, found) == ["2014", "35 million", "first"]


def test_note_naming_another_number_marks_every_number_of_the_span() -> None:
    summary = "The sequel was released in 2014 to good reviews from most of the critics."
    start, end = span(summary, summary)
    found = number_errors_in_span(summary, start, end, "should be 2016")
    assert texts(summary, found) == ["2014"]


def test_short_span_without_a_numeric_note_is_about_its_number() -> None:
    summary = "The film, released in 2016, made $20 million."
    start, end = span(summary, "released in 2016")
    found = number_errors_in_span(summary, start, end, "wrong film")
    assert texts(summary, found) == ["2016"]


def test_long_span_about_something_else_is_not_a_number_error() -> None:
    summary = "The horror film made $20 million in 2014 at cinemas across the whole of Europe."
    start, end = span(summary, summary)
    note = "The source does not say it is a horror film or where it was shown."
    assert number_errors_in_span(summary, start, end, note) == []


def test_long_span_without_a_numeric_note_has_no_number_error() -> None:
    """A correct meta count the source never states ("two individuals") is not an error."""
    summary = "The passage describes two individuals named Tim Smith, an actor and a painter."
    start, end = span(summary, summary.rstrip("."))
    assert number_errors_in_span(summary, start, end, "the full name is Timothy") == []


def annotation(summary: str, part: str, labels: list[str], note: str = "") -> dict:
    start, end = span(summary, part)
    return {"label": labels, "note": note, "summary_start": start, "summary_end": end}


def row(summary: str, annotations: list[dict]) -> dict:
    return {"id": "t", "source": SOURCE, "summary": summary, "summarizer": "org/model",
            "annotations": annotations}  # fmt: skip


def test_faithbench_consistent_summary_has_faithful_numbers_except_questionable() -> None:
    summary = "The film made $20 million in 2014; the sequel made $35 million two years later."
    item = faithbench_item(
        row(
            summary,
            [
                annotation(summary, "two years later", ["Questionable"]),
                annotation(summary, "$20 million", ["Benign"]),
            ],
        )
    )
    assert texts(summary, item.faithful) == ["20 million", "2014", "35 million"]
    assert texts(summary, item.ignore) == ["two"]
    assert item.errors == () and item.summary_error is False and item.outside_gold
    assert item.group == "model"


def test_faithbench_unwanted_number_is_an_error_and_other_numbers_are_ignored() -> None:
    summary = "The film made $20 million in 2015; the sequel made $35 million."
    item = faithbench_item(
        row(summary, [annotation(summary, "in 2015", ["Questionable", "Unwanted.Intrinsic"])])
    )
    assert texts(summary, item.errors) == ["2015"]
    assert item.faithful == ()
    assert texts(summary, item.ignore) == ["20 million", "35 million"]
    assert item.summary_error is True and not item.outside_gold
    assert texts(summary, item.error_spans) == ["in 2015"]


def test_faithbench_unwanted_span_not_about_a_number_gives_no_number_error() -> None:
    summary = (
        "The film, a horror comedy shot entirely in Canada by a French crew, made $20 million."
    )
    item = faithbench_item(
        row(
            summary,
            [annotation(summary, summary.rstrip("."), ["Unwanted"], "genre and country invented")],
        )
    )
    assert item.errors == () and item.summary_error is False


def test_xsum_numbers_inside_marks_are_errors_outside_faithful_partial_ignored() -> None:
    summary = "two men were held after 300 sheep were taken from a farm near ayr on 12 may."
    item = xsum_item(
        {
            "id": "1",
            "system": "PtGen",
            "source": "Police held two men.",
            "summary": summary,
            "hallucinated_spans": [
                {"span": "300 sheep", "type": "extrinsic", "worker": "wid_0"},
                {"span": "300 sheep", "type": "extrinsic", "worker": "wid_1"},
                {"span": "on 1", "type": "intrinsic", "worker": "wid_2"},
            ],
        }
    )
    assert texts(summary, item.errors) == ["300"]
    assert texts(summary, item.faithful) == ["two"]
    assert texts(summary, item.ignore) == ["12"]
    assert texts(summary, item.marked) == ["300 sheep", "on 1"]
    assert texts(summary, item.error_spans) == ["300 sheep"]
    assert item.summary_error is True


def test_summeval_thresholds() -> None:
    article = {
        "id": "cnn-test-x",
        "source": "Three people were hurt .",
        "systems": {
            "M1": {"summary": "three people were hurt .", "human": {"consistency": 5.0}},
            "M2": {"summary": "four people were hurt .", "human": {"consistency": 2.0}},
            "M3": {"summary": "three were hurt .", "human": {"consistency": 4.333333}},
            "M4": {"summary": "people were hurt .", "human": {"consistency": 5.0}},
        },
    }
    items = {item.group: item for item in summeval_items(article)}
    assert set(items) == {"M1", "M2", "M4"}
    assert items["M1"].summary_error is False and len(items["M1"].faithful) == 1
    assert items["M2"].summary_error is True and items["M2"].faithful == ()
    assert items["M4"].summary_error is None


def test_summeval_references_are_faithful_and_the_first_is_the_highlight() -> None:
    article = {
        "id": "cnn-test-y",
        "source": "Three people were hurt .",
        "references": ["three people were hurt .", "people were hurt .", "3 were hurt ."],
    }
    items = list(summeval_reference_items(article))
    assert [item.group for item in items] == ["highlight", "crowd", "crowd"]
    assert [len(item.faithful) for item in items] == [1, 0, 1]
    assert [item.summary_error for item in items] == [False, None, False]
    assert all(item.errors == () and item.outside_gold for item in items)


def test_not_claims_count_as_faithful(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    case = {"id": "n-01", "published": None, "source": "Channel 4 showed it.",
            "summary": "It was on Channel 4 at 9pm.", "not_claims": [{"text": "4", "start": 17,
            "end": 18}], "expect": [{"text": "9pm", "start": 22, "end": 25, "kind": "date",
            "label": "inv", "verdict": "unsupported"}]}  # fmt: skip
    path.write_text(json.dumps(case) + "\n", encoding="utf-8")
    (item,) = own_items(path)
    assert item.faithful == ((17, 18),) and item.errors == ((22, 25),)
    assert item.published is None and item.summary_error is True


def test_absent_collection_is_skipped_with_a_reason(tmp_path: Path) -> None:
    items, reason = load_external("xsum", tmp_path / "missing.jsonl")
    assert items == [] and "not found" in reason


@pytest.mark.parametrize(
    "name", ["cases.jsonl", "holdout.jsonl", "classes.jsonl", "unseen-2026-12.jsonl"]
)
def test_own_label_files_are_consistent(name: str) -> None:
    """Every labelled span matches its text and carries a known label, kind and verdict."""
    kinds = {"count", "money", "percent", "date", "year", "duration", "age", "ordinal", "score"}
    rows = read_jsonl(OWN / name)
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        for e in r["expect"]:
            assert r["summary"][e["start"] : e["end"]] == e["text"], r["id"]
            assert e["label"] in OWN_FAITHFUL | OWN_ERRORS and e["kind"] in kinds, r["id"]
            assert e["verdict"] in {"supported", "contradicted", "unsupported"}, r["id"]
            assert (e["verdict"] == "supported") == (e["label"] in OWN_FAITHFUL), r["id"]
    items = own_items(OWN / name)
    assert len(items) == len(rows)


def test_unseen_set_size_and_mix() -> None:
    """The holdout the issue asks for: at least 150 briefings, roughly 45/55 faithful/wrong."""
    items = own_items(OWN / "unseen-2026-12.jsonl")
    faithful = sum(len(i.faithful) for i in items)
    errors = sum(len(i.errors) for i in items)
    assert len(items) >= 150
    assert 0.40 <= faithful / (faithful + errors) <= 0.50
    assert any(i.published is None for i in items), "some sources must have no publication date"


def needs(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} not found: the shared data lives in ../shared/data/")


def test_faithbench_dev_loads_with_number_errors_and_consistent_summaries() -> None:
    needs(FAITHBENCH)
    items, reason = load_external("faithbench_dev", FAITHBENCH)
    assert reason is None and len(items) == 340
    assert len({i.group for i in items}) == 10
    errors = sum(len(i.errors) for i in items)
    assert 50 <= errors <= 150, errors
    assert sum(1 for i in items if i.notes["consistent"]) >= 90
    for item in items:
        for a, b in (*item.errors, *item.faithful):
            assert item.summary[a:b].strip()


def test_xsum_and_summeval_load() -> None:
    needs(XSUM)
    needs(SUMMEVAL)
    xsum, _ = load_external("xsum", XSUM)
    summeval, _ = load_external("summeval", SUMMEVAL)
    assert len(xsum) == 2495
    assert {i.group for i in xsum} == {"BERTS2S", "Gold", "PtGen", "TConvS2S", "TranS2S"}
    assert 1000 < len(summeval) < 1600


def test_benchmark_prints_one_markdown_table() -> None:
    """The script runs end to end on a small own set and prints the table's header and row."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "numeric_accuracy.py"), "--only", "classes"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| set | summaries | errors flagged")
    assert lines[2].startswith("| classes | 49 |")
