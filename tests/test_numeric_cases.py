"""The labelled set: flag rates of the numeric fact check on cases written for this project.

``tests/data/numeric/cases.jsonl`` holds 453 briefings of 50 passages (589 labelled numbers);
``holdout.jsonl`` 115 briefings written after the checker was built. Each labelled number
carries a label (faithful: ok, para, hedge, arith; errors: alt, swap, moved, inv, hbad), its
kind and its expected verdict. The issue's bar: at least 95% of errors flagged, at most 3% of
faithful numbers flagged. ``benchmarks/numeric_accuracy.py`` prints the full breakdown.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eval.numeric import KINDS, check_against, prepare_source

DATA = Path(__file__).resolve().parent / "data" / "numeric"
FAITHFUL = {"ok", "para", "hedge", "arith"}
ERRORS = {"alt", "swap", "moved", "inv", "hbad"}
VERDICTS = {"supported", "contradicted", "unsupported"}


def load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def flag_rates(cases: list[dict]) -> tuple[float, float]:
    """(share of error numbers flagged, share of faithful numbers flagged)."""
    prepared: dict = {}
    tallies = {"errors": [0, 0], "faithful": [0, 0]}
    for case in cases:
        published = date.fromisoformat(case["published"])
        key = (case["source"], published)
        if key not in prepared:
            prepared[key] = prepare_source(case["source"], published)
        claims = check_against(prepared[key], case["summary"]).claims
        for expected in case["expect"]:
            hit = [c for c in claims if c.start < expected["end"] and expected["start"] < c.end]
            flagged = bool(hit) and hit[0].verdict != "supported"
            group = "errors" if expected["label"] in ERRORS else "faithful"
            tallies[group][0] += flagged
            tallies[group][1] += 1
    return (tallies["errors"][0] / tallies["errors"][1],
            tallies["faithful"][0] / tallies["faithful"][1])  # fmt: skip


@pytest.mark.parametrize("name", ["cases.jsonl", "holdout.jsonl"])
def test_the_labelled_sets_are_well_formed(name):
    cases = load(name)
    assert len({case["id"] for case in cases}) == len(cases)
    for case in cases:
        date.fromisoformat(case["published"])
        assert case["expect"], case["id"]
        for expected in case["expect"]:
            assert case["summary"][expected["start"] : expected["end"]] == expected["text"]
            assert expected["label"] in FAITHFUL | ERRORS
            assert expected["kind"] in KINDS
            assert expected["verdict"] in VERDICTS
            assert (expected["verdict"] == "supported") == (expected["label"] in FAITHFUL)


def test_the_main_set_covers_every_kind_and_every_label():
    cases = load("cases.jsonl")
    numbers = [expected for case in cases for expected in case["expect"]]
    assert len(cases) >= 200
    assert {n["kind"] for n in numbers} == set(KINDS)
    assert {n["label"] for n in numbers} == FAITHFUL | ERRORS
    for kind in KINDS:  # every kind has both faithful and erroneous examples
        labels = {n["label"] for n in numbers if n["kind"] == kind}
        assert labels & FAITHFUL and labels & ERRORS, kind


@pytest.mark.parametrize("name", ["cases.jsonl", "holdout.jsonl"])
def test_flag_rates_meet_the_bar(name):
    caught, false_flags = flag_rates(load(name))
    assert caught >= 0.95, f"only {caught:.1%} of altered/moved/invented numbers flagged"
    assert false_flags <= 0.03, f"{false_flags:.1%} of faithful numbers flagged"
