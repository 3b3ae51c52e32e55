"""Text as models and datasets write it: ``tests/data/numeric/realtext.jsonl`` and ``realtext``.

``realtext.jsonl`` (written for this project, see ``tests/data/numeric/README.md``) has, for each
class of real text behind the third round of fixes, faithful briefings and altered or moved
ones: tokenised spacing (both sides), names and titles, sentences about the document,
enumerations and references to things the briefing names, URLs, hedges read as meant, the
same value about something else, and dates (holidays by name; without a publication date, a
bare "March 3" read in the years the source states, so that "March 3, 2019" assembled from two
places is checked; a day is not backed by the month alone) and implied values ("twice", "the
Eighties", "a second café" as two cafés, but not a year's arithmetic as a count of cafés) and
equivalent forms ("the fifth straight year" for "five straight years", charges for offences).
Every labelled number must get its
flag right, and every span marked ``not_claims`` (a name, a URL, a count of the document's
entries) must never be flagged.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eval.numeric import check_against, extract_mentions, prepare_source
from eval.numeric.realtext import detokenise

DATA = Path(__file__).resolve().parent / "data" / "numeric" / "realtext.jsonl"
FAITHFUL = {"ok", "para", "hedge", "arith"}
ERRORS = {"alt", "swap", "moved", "inv", "hbad"}
# fmt: off
CLASSES = {"tok", "name", "meta", "enum", "ref", "url", "hedge", "about", "date", "implied",
           "equiv", "tokowner", "swap", "role", "share", "approx", "pence", "coord", "group",
           "range", "list", "rel", "life", "clock", "listed", "relcl", "titled", "yearspan",
           "measure", "names", "appos", "copage", "acronym", "event", "once", "compound", "far",
           "atage", "partof", "period", "shareof", "apposname", "aside", "ageowner", "nowage",
           "lifeat", "labelm", "dategap", "points", "ofwhich", "verbnoun", "sqcompound",
           "offsetdate", "comparative", "agodate", "propshare", "stone", "labelunit", "restate",
           "bound", "fraction", "rateshare", "currency", "pounds", "weightclass", "glued",
           "yearmod", "dayrange", "nearly", "cumulative", "minute", "agerange", "agegroup",
           "model", "millions", "level", "notbound", "onmonth", "margin", "twiceas", "copula",
           "series", "anchor", "par", "per", "racetime", "half", "sameabout",
           "ratepoints", "othernoun", "approxexact", "boundexact",
           "relyear", "eachother", "persons", "scale", "monthdot",
           "bymeasure", "forsecond", "grouped", "perunit", "era", "floor", "spanage",
           "datespan", "sentgap", "labelmetre", "labelage", "farleft", "worked",
           "apiece", "wholeof", "setcount", "racegap", "earlier",
           "ordcompound", "strictbound", "multiple", "timeofday", "ntimes", "workyear",
           "familyform", "derivnoun", "wyrange", "pctdir",
           "perterm", "perbefore"}
# fmt: on


def load() -> list[dict]:
    with DATA.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def test_the_set_is_well_formed_and_has_both_sides_of_every_class():
    cases = load()
    assert len({case["id"] for case in cases}) == len(cases)
    sides: dict[str, set[str]] = {}
    for case in cases:
        for expected in [*case["expect"], *case.get("not_claims", [])]:
            assert case["summary"][expected["start"] : expected["end"]] == expected["text"]
        for expected in case["expect"]:
            assert expected["label"] in FAITHFUL | ERRORS
            sides.setdefault(case["id"].split("-")[0], set()).add(
                "faithful" if expected["label"] in FAITHFUL else "error"
            )
    assert set(sides) == CLASSES
    assert all(found == {"faithful", "error"} for found in sides.values()), sides


@pytest.mark.parametrize("case", load(), ids=lambda case: case["id"])
def test_each_number_is_flagged_right_and_non_claims_never_are(case):
    published = case["published"] and date.fromisoformat(case["published"])  # may be null
    source = prepare_source(case["source"], published or None)
    claims = check_against(source, case["summary"]).claims
    wrong = []
    for expected in case["expect"]:
        hit = [c for c in claims if c.start < expected["end"] and expected["start"] < c.end]
        flagged = bool(hit) and hit[0].verdict != "supported"
        if flagged != (expected["label"] in ERRORS):
            said = f"{hit[0].verdict}: {hit[0].reason}" if hit else "not extracted"
            wrong.append(f"{expected['text']!r} [{expected['label']}] {said}")
    for span in case.get("not_claims", []):
        for claim in claims:
            overlaps = claim.start < span["end"] and span["start"] < claim.end
            if overlaps and claim.verdict != "supported":
                wrong.append(f"{span['text']!r} is not a claim but was {claim.verdict}")
    assert wrong == [], case["summary"]


def test_detokenised_readings_keep_the_callers_offsets():
    text = "The 27 - year - old paid $ 160 million on November 28 , 1972 ; sales rose 12 % ."
    found = extract_mentions(text)
    assert [(m.text, m.kind) for m in found] == [
        ("27 - year - old", "age"),
        ("$ 160 million", "money"),
        ("November 28 , 1972", "date"),
        ("12 %", "percent"),
    ]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_a_dash_between_clauses_stays_a_dash():
    compact, kept = detokenise("The mayor - who is new - spoke to 300 people , aides said .")
    assert kept is not None and "mayor - who is new - spoke" in compact
    assert "300 people, aides said." in compact


_PIECES = st.sampled_from(
    ["27", " - ", "year", "old", "$", " ", "160", "million", ",", "1972", "November", "%",
     "12", "17", "19", "m", "the", ".", "2010", "11", "pounds", "'s"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=25))
def test_spans_index_the_input_whatever_the_spacing(pieces):
    text = " ".join(pieces)
    for mention in extract_mentions(text):
        assert text[mention.start : mention.end] == mention.text
        assert mention.text.strip() == mention.text
