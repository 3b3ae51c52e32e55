"""Verdicts of the numeric fact check: alignment, hedges, rounding, arithmetic, explanations.

The seed-article tests read ../shared/seed/article.txt (an AP story published Monday
2024-10-28) and skip with a reason when it is absent; every other passage here was written
for these tests.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from eval.numeric import CheckResult, Claim, check, check_against, extract_mentions, prepare_source

SEED_PUBLISHED = date(2024, 10, 28)
SHARED = Path(__file__).resolve().parents[2] / "shared"


def verdicts(source: str, summary: str, published: date | None = None) -> dict[str, str]:
    return {claim.text: claim.verdict for claim in check(source, summary, published).claims}


@pytest.fixture(scope="module")
def seed_text() -> str:
    path = SHARED / "seed" / "article.txt"
    if not path.is_file():
        pytest.skip(f"../shared/seed/article.txt not found at {path}: the seed tests need it")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text):
    return prepare_source(seed_text, SEED_PUBLISHED)


def test_seed_article_numeric_facts_are_listed_correctly(seed_text):
    # Read off the article by hand: every number, date and duration it states, in order.
    expected = [
        ("10,000", "count", 10_000.0, "troops"),  # headline: "about 10,000 troops"
        ("10,000", "count", 10_000.0, "troops"),  # lede
        ("Monday", "date", "2024-10-28", None),  # "the Pentagon said Monday"
        ("three-year", "duration", 3.0, "year"),  # "the almost three-year war"
        ("Monday", "date", "2024-10-28", None),  # "Earlier Monday"
        ("thousands", "count", 2_000.0, "soldiers"),  # "thousands of North Korean soldiers"
        ("Thursday", "date", "2024-10-31", None),  # "will meet ... on Thursday"
        ("last June", "date", "2024-06", None),
        ("Monday", "date", "2024-10-28", None),  # "the Defense Ministry announced Monday"
        ("32", "count", 32.0, "ambassadors"),
        ("90-minute", "duration", 90.0, "minute"),
        ("last Friday", "date", "2024-10-25", None),
        ("10,000", "count", 10_000.0, "troops"),  # "some 10,000 troops from North Korea"
        ("28 Oct 2024", "date", "2024-10-28", None),  # the source line
    ]
    found = [(m.text, m.kind, m.value, m.unit) for m in extract_mentions(seed_text, SEED_PUBLISHED)]
    assert found == expected
    hedges = [m.hedge for m in extract_mentions(seed_text, SEED_PUBLISHED) if m.kind == "count"]
    assert hedges == ["about", "about", "vague", None, "some"]


@pytest.mark.parametrize(
    ("briefing", "figure", "verdict"),
    [
        ("North Korea has sent about 100,000 troops to Russia.", "100,000", "contradicted"),
        ("Officials briefed the alliance's 23 national ambassadors.", "23", "contradicted"),
        ("Some ten thousand North Korean soldiers are on their way.", "ten thousand", "supported"),
        ("South Korea gave NATO a 90-minute briefing.", "90-minute", "supported"),
    ],
)
def test_seed_article_briefings(seed, briefing, figure, verdict):
    claims = {claim.text: claim for claim in check_against(seed, briefing).claims}
    assert claims[figure].verdict == verdict
    assert claims[figure].evidence  # the source sentence is quoted


def test_seed_contradiction_is_explained_in_one_line(seed):
    (claim,) = check_against(seed, "North Korea has sent about 100,000 troops.").claims
    assert claim.explanation == (
        "briefing says about 100,000 troops; source says about 10,000 troops (sentence 1)"
    )
    assert "\n" not in claim.explanation


ROUNDING = "Almost 9,800 homes lost power on Monday night, the operator said."


@pytest.mark.parametrize(
    ("briefing", "verdict"),
    [
        ("Nearly 10,000 homes lost power.", "supported"),
        ("About 10,000 homes lost power.", "supported"),
        ("10,000 homes lost power.", "supported"),  # news rounding of 9,800
        ("About 100,000 homes lost power.", "contradicted"),
        ("More than 10,000 homes lost power.", "contradicted"),  # the hedge points the wrong way
        ("8,000 homes lost power.", "contradicted"),  # "almost" allows 15% below, no more
    ],
)
def test_hedges_and_rounding(briefing, verdict):
    assert list(verdicts(ROUNDING, briefing).values()) == [verdict]


def test_a_number_counting_something_else_does_not_back_a_claim():
    source = "The charity, founded by Edna Marsh, now has 92 volunteers across the county."
    assert verdicts(source, "The charity has 92 volunteers.") == {"92": "supported"}
    assert verdicts(source, "Edna Marsh, the charity's 92-year-old founder, spoke.") == {
        "92-year-old": "unsupported"
    }


def test_a_different_value_for_the_same_deal_is_a_contradiction():
    source = (
        "Ostrava Steel agreed to buy the Kessel rolling mill for $105 million on Tuesday. "
        "The mill employs 640 people and made a profit of $12 million last year."
    )
    assert verdicts(source, "Ostrava Steel is buying the Kessel mill for $250 million.") == {
        "$250 million": "contradicted"
    }
    assert verdicts(source, "The Kessel mill was sold for $105m.") == {"$105m": "supported"}


def test_moved_numbers_are_contradicted():
    source = "The fire killed at least 12 people and injured more than 40, officials said."
    assert verdicts(source, "At least 12 people were killed.") == {"12": "supported"}
    assert verdicts(source, "At least 12 people were injured.") == {"12": "contradicted"}


def test_swapped_units_are_contradicted():
    source = "The new tunnel is 8.2km long and took six years to build."
    assert verdicts(source, "The tunnel is 8.2 kilometres long.") == {"8.2 kilometres": "supported"}
    assert verdicts(source, "The tunnel is 8.2 miles long.") == {"8.2 miles": "contradicted"}
    assert verdicts(source, "It took six months to build.") == {"six months": "contradicted"}
    assert verdicts(source, "It took 72 months to build.") == {"72 months": "supported"}


def test_invented_numbers_are_unsupported():
    source = "Residents complained about noise from the new bar, and the council will investigate."
    result = check(source, "Forty residents complained; the bar faces a £5,000 fine.")
    assert [claim.verdict for claim in result.claims] == ["unsupported", "unsupported"]
    assert result.flagged == 2
    assert all(claim.evidence == "" for claim in result.claims)


@pytest.mark.parametrize(
    ("briefing", "figure", "says"),
    [
        ("Waits fell by 1,050.", "1,050", "differ by 1,050"),
        ("Waits fell by 25%.", "25%", "is a 25% change"),
        ("The hospital hired 97 staff.", "97", "add up to 97"),
    ],
)
def test_arithmetic_the_source_implies_counts_as_support(briefing, figure, says):
    source = (
        "The number of patients waiting more than 18 weeks fell from 4,200 in March to 3,150 "
        "in September. The hospital hired 85 nurses and 12 consultants."
    )
    (claim,) = [c for c in check(source, briefing).claims if c.text == figure]
    assert claim.verdict == "supported"
    assert "source implies it" in claim.explanation and says in claim.explanation


def test_claims_index_the_briefing_and_results_are_deterministic():
    source = "Sales rose 6% to $41.3bn in 2023, and 1,200 jobs will go by the end of June."
    briefing = "Sales rose 6 per cent to $41.3 billion; 2,100 jobs will go."
    published = date(2024, 2, 20)
    first, second = check(source, briefing, published), check(source, briefing, published)
    assert first == second
    for claim in first.claims:
        assert briefing[claim.start : claim.end] == claim.text
    assert [c.verdict for c in first.claims] == ["supported", "supported", "contradicted"]


def test_public_types_are_frozen_and_flagged_counts_both_kinds_of_flag():
    claim = Claim("7", 0, 1, "count", 7.0, None, "unsupported", "", "x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.verdict = "supported"  # type: ignore[misc]
    contradicted = dataclasses.replace(claim, verdict="contradicted")
    supported = dataclasses.replace(claim, verdict="supported")
    assert CheckResult([claim, contradicted, supported]).flagged == 2


def test_a_briefing_without_numbers_has_no_claims():
    assert check("The talks ended without agreement.", "Talks failed.").claims == []


def test_nearly_agrees_with_around_the_same_figure_but_more_than_does_not():
    source = "Around 300 speed cameras were switched off across the county in March 2013."
    assert verdicts(source, "Nearly 300 speed cameras were switched off.") == {"300": "supported"}
    assert verdicts(source, "More than 300 speed cameras were switched off.") == {
        "300": "contradicted"
    }


def test_an_unanchored_weekday_is_no_rival_of_a_day_of_the_month():
    """Without a publication date nothing says which weekday 4 December was."""
    source = "The shower is active from 4 to 17 December each year and peaked on 13 December."
    found = check(source, "The shower peaked on Saturday.").claims
    assert [(c.text, c.verdict) for c in found] == [("Saturday", "unsupported")]


def test_a_bare_figure_of_an_articles_name_is_no_claim():
    source = (
        "A billionaire has spent £400million turning a Boeing 747 into a flying palace. "
        "The jet normally carries up to 600 passengers."
    )
    assert verdicts(source, "The 747 cost £400 million and carries up to 600 people.") == {
        "£400 million": "supported",
        "600": "supported",
    }
    # a results line is no name: "Westmoor 402 and 288-7" keeps 402 a figure
    results = "Westmoor 402 and 288-7 dec; Dalebridge 380 and 246. Westmoor won by 64 runs."
    assert verdicts(results, "Dalebridge made 402 in their first innings.") != {}


@pytest.mark.parametrize(
    ("briefing", "verdict"),
    [
        ("Hale has played 47 games this season.", "supported"),  # "his 47th game of the season"
        ("Hale has played 48 games this season.", "unsupported"),  # a running count backs only
        ("Hale scored after 29 minutes.", "supported"),  # "in the 29th minute"
        ("Hale scored in the 31st minute.", "contradicted"),
        ("Berg made his 47th cap for the club.", "supported"),  # caps are appearances
    ],
)
def test_running_counts_and_minutes_of_a_match(briefing, verdict):
    source = (
        "Midfielder Jordan Hale played his 47th game of the season in the 2-0 win over Rovers "
        "on Monday. Goalkeeper Ola Berg also made his 47th appearance. Hale scored in the "
        "29th minute."
    )
    assert list(verdicts(source, briefing).values()) == [verdict]


def test_levels_durations_far_apart_and_negated_bounds():
    trial = "The inhaler cut attacks by 41% in a phase 3 trial that enrolled 2,860 adults."
    assert verdicts(trial, "A trial of 2,860 adults cut attacks by 41%.") == {
        "2,860": "supported",
        "41%": "supported",
    }
    # "phase 3" backs no count of adults: the trial's 2,860 adults contradict "3 adults"
    assert verdicts(trial, "The trial enrolled 3 adults.") == {"3": "contradicted"}
    race = "Chebet won the marathon in 2:21:14, finishing 44 seconds ahead of Tefera."
    # the finishing time is no rival of the margin: a wrong time is unsupported, not "44s"
    found = check(race, "Tefera finished in 2:21:58.").claims
    assert [(c.verdict, c.evidence) for c in found] != [("contradicted", "44 seconds")]
    heat = "Seville's night-time temperature did not fall below 31C on Saturday."
    assert verdicts(heat, "Seville stayed above 31C on Saturday night.")["31C"] == "supported"


def test_a_rate_per_another_period_is_a_different_figure():
    source = "The jab could be approved next year at a cost of around £190 a month."
    assert verdicts(source, "The jab will cost around £190 a month.") == {"£190": "supported"}
    assert verdicts(source, "The jab will cost around £190 a week.") == {"£190": "contradicted"}
