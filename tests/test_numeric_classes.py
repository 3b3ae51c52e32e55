"""The pieces behind the second round of fixes, one class of text at a time.

Each passage was written for these tests. Expected values come from reading the phrase ("six
for 58" is six wickets for 58 runs; 2025 minus 1984 is 41), not from the checker's output.
Whole briefings, faithful and altered, are in ``tests/data/numeric/classes.jsonl``.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eval.numeric import check, extract_mentions
from eval.numeric.context import sentence_words
from eval.numeric.cues import gapped_context, recency_mark
from eval.numeric.nouns import counted_noun, stem
from eval.numeric.singular import named_ones

PUBLISHED = date(2025, 6, 10)


def kinds(text: str) -> list[tuple[str, str, object]]:
    return [(m.text, m.kind, m.key or m.value) for m in extract_mentions(text, PUBLISHED)]


@pytest.mark.parametrize(
    ("text", "figure", "key"),
    [
        ("He finished with six for 58 in the second innings.", "six for 58", "58-6"),
        ("Millford were 246 for seven when they declared.", "246 for seven", "246-7"),
        ("They lost their last six wickets for 41 runs.", "six wickets for 41 runs", "41-6"),
        ("Smith took four wickets for 35.", "four wickets for 35", "35-4"),
        ("She bowled well, taking 4-21 in the first innings.", "4-21", "21-4"),
        ("Nair took three for 10 as the bowlers dominated.", "three for 10", "10-3"),
    ],
)
def test_cricket_figures_are_one_score(text, figure, key):
    assert (figure, "score", key) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "The council voted 34 for and 17 against.",
        "Tickets are two for 30 pupils at the door.",
        "The shop sold three for 10 on Saturday.",
        "He was jailed for 10 years in 2015.",
    ],
)
def test_other_uses_of_for_are_not_figures(text):
    assert all(kind != "score" for _, kind, _ in kinds(text))


@settings(max_examples=60, deadline=None)
@given(wickets=st.integers(0, 10), runs=st.integers(11, 400))
def test_figures_compare_in_either_spelling(wickets, runs):
    source = f"Nair finished with {wickets} for {runs} in the first innings."
    for summary in (f"Nair took {wickets} for {runs}.", f"Nair's figures were {wickets}-{runs}."):
        (claim,) = check(source, summary, PUBLISHED).claims
        assert (claim.kind, claim.verdict) == ("score", "supported"), summary
    (claim,) = check(source, f"Nair took {wickets} for {runs + 1}.", PUBLISHED).claims
    assert claim.verdict != "supported"


def test_figure_parts_still_back_a_count_of_wickets():
    source = "Nair finished with six for 58 in the second innings."
    assert [c.verdict for c in check(source, "Nair took six wickets.", PUBLISHED).claims] == [
        "supported"
    ]
    assert [c.verdict for c in check(source, "Nair took seven wickets.", PUBLISHED).claims] != [
        "supported"
    ]


def _lent(text: str, first: str, second: str) -> dict[str, float]:
    mentions = extract_mentions(text, PUBLISHED)
    by_text = {m.text: m for m in mentions}
    words = sentence_words(text, 0, len(text))
    return gapped_context(text, words, by_text[first], {}, by_text[second])


def test_a_gapped_clause_borrows_the_verb_of_its_parallel():
    text = "The stage winner receives €8,000 and the overall winner €25,000."
    assert stem("receives") in _lent(text, "€8,000", "€25,000")


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("The crash killed 48 people and injured 300 others.", "48", "300"),
        ("The crash killed 48 people and 300 were injured.", "48", "300"),
        ("John Perrin, 67, and his wife Ann, 64, were rescued.", "67", "64"),
    ],
)
def test_a_clause_with_its_own_verb_borrows_nothing(text, first, second):
    assert stem("killed") not in _lent(text, first, second)
    assert "perrin" not in _lent(text, first, second)


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("won the cup for the first time in 41 years", "@gap:41y"),
        ("their first victory in the competition since 1984", "@gap:41y"),
        ("the first food to reach the town in six weeks", "@gap:6w"),
        ("the first rise for four decades", "@gap:40y"),
        ("the first goal of the season", None),
    ],
)
def test_first_since_and_first_in_meet_on_one_mark(text, mark):
    ordinal = next(m for m in extract_mentions(text, PUBLISHED) if m.kind == "ordinal")
    assert recency_mark(text, ordinal, PUBLISHED) == mark


def test_a_town_of_counts_its_people():
    (mention,) = extract_mentions("Sable Ridge, a town of 8,600, was evacuated.")
    assert (mention.value, mention.unit) == (8600.0, "residents")
    (mention,) = extract_mentions("a fleet of 40 trucks")
    assert mention.unit == "trucks"


def test_a_or_an_names_one_thing():
    text = "A fourth walker, a 61-year-old man, died. A few people and a third of them left."
    assert [(n.noun, text[n.start : n.end]) for n in named_ones(text)] == [
        ("walker", "A fourth walker"),
        ("man", "a 61-year-old man"),
    ]


def test_coordinated_adjectives_keep_the_counted_noun():
    assert counted_noun(["current", "and", "former", "customers"])[0] == "customers"
    assert counted_noun(["people", "and", "injuring"])[0] == "people"


@pytest.mark.parametrize(
    ("left", "right"), [("runners-up", "runner-up"), ("capped", "cap"), ("planned", "plan")]
)
def test_word_forms_meet(left, right):
    assert stem(left) == stem(right)


def test_stems_of_other_words_stay_apart():
    assert stem("added") != stem("ad") and stem("runner-up") != stem("up")


def test_over_a_span_is_no_hedge_but_over_a_figure_is():
    (ten, _) = extract_mentions("Averaged over ten seasons, the loss was 13.7%.")
    assert (ten.value, ten.hedge) == (10.0, None)
    (three_hundred,) = extract_mentions("Over 300 people died.")
    assert three_hundred.hedge == "over"


def test_a_figure_before_last_year_is_no_duration():
    assert [(m.text, m.kind) for m in extract_mentions("It carried 8.4 million last year.")] == [
        ("8.4 million", "count"),
        ("last year", "year"),
    ]
