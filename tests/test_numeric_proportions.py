"""Proportions in words (``eval.numeric.proportions``): read as shares, never as counts.

Golden values are the fractions themselves; the checks against sources are in
``tests/data/numeric/realtext.jsonl`` (classes ``propshare``, ``bound``, ``fraction``).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eval.numeric import check, extract_mentions
from eval.numeric.proportions import find_proportions, is_proportion, tolerance

WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
         9: "nine"}  # fmt: skip
PARTS = {3: "third", 4: "quarter", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth", 9: "ninth",
         10: "tenth"}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "phrase", "share"),
    [
        ("nearly two-thirds of voters", "two-thirds", 200 / 3),
        ("three quarters of the staff", "three quarters", 75.0),
        ("A fifth of the budget", "A fifth", 20.0),
        ("about one in six of its fish", "one in six", 100 / 6),
        ("reported by 1 in 20 participants", "1 in 20", 5.0),
        ("prices rose by a third.", "a third", 100 / 3),
        ("the tank is a quarter full", "a quarter", 25.0),
    ],
)
def test_a_proportion_is_read_as_its_share(text: str, phrase: str, share: float) -> None:
    found = [(text[start:end], value) for start, end, value in find_proportions(text)]
    assert found == [(phrase, pytest.approx(share))]
    (mention,) = [m for m in extract_mentions(text) if m.text == phrase]
    assert mention.kind == "percent" and mention.unit == "%" and is_proportion(mention)


@pytest.mark.parametrize(
    "text",
    [
        "revenue in the third quarter",  # a period
        "she won a third term",  # an ordinal before a noun
        "his fifth title in a row",
        "a quarter of a million people",  # a unit's fraction: 250,000
        "a third of a mile",
        "elected in one in 2019",  # a year
        "won three in five games",  # a count of games
        "two third",  # not how a fraction is written
    ],
)
def test_ordinals_periods_and_fractions_of_units_are_no_share(text: str) -> None:
    assert list(find_proportions(text)) == []


def test_a_quarter_of_a_million_is_still_a_count() -> None:
    (mention,) = extract_mentions("a quarter of a million people came")
    assert mention.kind == "count" and mention.value == 250_000


@given(st.integers(1, 9), st.integers(3, 10), st.booleans())
def test_every_written_fraction_reads_its_value(numerator: int, denominator: int, hyphen: bool):
    if numerator >= denominator:
        return
    word = "a" if numerator == 1 else WORDS[numerator]
    part = PARTS[denominator] + ("s" if numerator > 1 else "")
    text = f"Officials said {word}{'-' if hyphen else ' '}{part} of the homes were empty."
    (found,) = list(find_proportions(text))
    assert math.isclose(found[2], 100.0 * numerator / denominator)
    assert 0 < tolerance(found[2]) <= 4.0


SOURCE = (
    "Of the 340 care homes inspected this year, 61 were rated outstanding. "
    "In the county's north, 48 of the 96 homes have a waiting list."
)


@pytest.mark.parametrize(
    ("summary", "verdict"),
    [
        ("About one in six homes inspected was rated outstanding.", "supported"),  # 61/340
        ("More than a third of homes inspected were rated outstanding.", "unsupported"),
        ("Half the homes in the north have a waiting list: about one in two.", "supported"),
        ("In the north, a third of homes have a waiting list.", "unsupported"),  # 48/96 is half
    ],
)
def test_a_proportion_is_backed_by_the_share_most_about_it(summary: str, verdict: str) -> None:
    claims = [c for c in check(SOURCE, summary).claims if c.kind == "percent"]
    assert [c.verdict for c in claims] == [verdict]


def test_half_is_read_only_hedged_before_of():
    """ "more than half of all fares" is a share; "the second half of the year", "half the
    squad" and a bare "half of" are left alone."""
    from eval.numeric.extract import extract_mentions

    shares = [m for m in extract_mentions("It covers more than half of all fares.")]
    assert [(m.text, m.kind, m.hedge) for m in shares] == [("half", "percent", "more than")]
    for text in ("in the second half of the year", "half the squad left", "half of all fares"):
        assert extract_mentions(text) == [], text
