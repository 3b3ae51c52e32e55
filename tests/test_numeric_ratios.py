"""Ratios written with a number and "times" (round 33): which are multiples, which stay counts."""

from __future__ import annotations

import pytest

from eval.numeric import check
from eval.numeric.multiples import multiples


@pytest.mark.parametrize(
    ("text", "ratio", "low", "high"),
    [
        ("crime ran at more than three times the national average", 3.0, 3.0, 4.0),
        ("2.5 times as many patients were seen", 2.5, 2.25, 2.75),
        ("readings were ten times higher than in the parks", 10.0, 9.5, 10.5),
        ("smokers were four times as likely to be admitted", 4.0, 3.6, 4.4),
        ("a planet 1.6 times Earth's width", 1.6, 1.44, 1.76),
        ("homes cost 4.7 times average earnings", 4.7, 4.23, 5.17),
        ("up to 6.2 times the daily limit", 6.2, 4.65, 6.2),
    ],
)
def test_a_number_and_times_before_a_comparison_is_a_ratio(text, ratio, low, high):
    (found,) = multiples(text)
    assert found.counted and found.ratio == ratio
    assert found.low == pytest.approx(low, abs=1e-6) and found.high == pytest.approx(high, abs=1e-6)


@pytest.mark.parametrize(
    "text",
    [
        "she has won the title three times.",
        "he trains five times a week",
        "they have lost four times this season",
        "the firm raised prices three times last winter",
        "Kane scored three times as Rovers won 4-1",
        "the lottery rolled over seven times since November",
    ],
)
def test_counts_of_occasions_are_not_ratios(text):
    assert multiples(text) == []


def test_a_ratio_is_judged_by_the_briefings_own_backed_figures():
    source = (
        "The painting sold for £1.8 million on Tuesday. Her previous auction record, "
        "£640,000, was set in 2019."
    )
    right = "It sold for £1.8 million, almost three times her previous record of £640,000."
    wrong = "It sold for £1.8 million, more than three times her previous record of £640,000."
    for summary, verdict in ((right, "supported"), (wrong, "contradicted")):
        claims = {claim.text: claim.verdict for claim in check(source, summary).claims}
        assert "three" not in claims
        assert [v for text, v in claims.items() if "three times" in text] == [verdict]


def test_a_count_of_occasions_stays_a_count():
    source = "Anya Rusk has won the Calder Open title three times, in 2014, 2019 and 2025."
    claims = check(source, "Rusk has won the Calder Open title four times.").claims
    assert [(claim.text, claim.kind, claim.verdict) for claim in claims] == [
        ("four", "count", "contradicted")
    ]
