"""Reading grades from judge answers (fuzzed) and G-Eval's probability weighting (fixed numbers)."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eval.metrics.judge_parse import (
    grade_distribution,
    grade_position,
    judge_answer,
    parse_grade,
)

NO_DIGITS = st.text(
    alphabet=st.characters(blacklist_categories=("Nd", "No", "Cs")), max_size=40
).filter(lambda s: not any(c.isdigit() for c in s))


# Words that end in a restatement of the scale's top ("... / 5", "... out of 5") make the
# grade part of that restatement, by design (``_scale_mentions``); any other words do not.
ENDS_IN_SCALE = re.compile(r"(?:/|\bout\s+of)\s*$", re.IGNORECASE)


@given(
    prefix=NO_DIGITS.filter(lambda s: not ENDS_IN_SCALE.search(s)),
    suffix=NO_DIGITS,
    grade=st.integers(1, 5),
)
def test_a_grade_surrounded_by_words_is_found(prefix, suffix, grade):
    parsed = parse_grade(f"{prefix} {grade} {suffix}", 1, 5)
    assert parsed is not None and parsed.grade == grade


@given(text=NO_DIGITS)
def test_an_answer_without_digits_is_unparseable(text):
    assert parse_grade(text, 1, 5) is None
    verdict = judge_answer(text, None, 1, 5)
    assert verdict.score is None and verdict.error


@given(text=st.text(max_size=80), low=st.integers(0, 3), width=st.integers(1, 10))
def test_parsing_never_raises_and_stays_on_the_scale(text, low, width):
    high = low + width
    parsed = parse_grade(text, low, high)
    assert parsed is None or low <= parsed.grade <= high
    if parsed is not None:
        assert text[parsed.start : parsed.start + len(parsed.text)] == parsed.text


@given(grade=st.integers(1, 5), style=st.sampled_from(["{g}/5", "{g} out of 5", "**{g}**"]))
def test_restating_the_scale_is_not_a_grade(grade, style):
    answer = "Rating (1-5): " + style.format(g=grade) + " on a scale of 1 to 5"
    assert parse_grade(answer, 1, 5).grade == grade


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("4", 4),
        (" 3.", 3),
        ("Consistency: 2", 2),
        ("Score: 9, no, 5", 5),  # 9 is off the scale
        ("3.5", 3.5),
        ("0", None),
        ("10", None),
        ("12345", None),
        ("", None),
        ("five", None),
        ("I would give it a score of 5.", 5),  # "of 5" after no grade is the grade
        ("4 of 5", 4),
        ("Out of 5, I give it 4", 4),
        ("/ 5", None),  # the scale's top alone
    ],
)
def test_examples(answer, expected):
    parsed = parse_grade(answer, 1, 5)
    assert (parsed.grade if parsed else None) == expected


def test_weighted_mean_renormalised_over_valid_grades():
    top = [{"4": math.log(0.6), "3": math.log(0.3), "hello": math.log(0.05), "7": math.log(0.05)}]
    verdict = judge_answer("4", top, 1, 5)
    assert verdict.grade == 4
    assert verdict.distribution == pytest.approx({3: 1 / 3, 4: 2 / 3})
    assert verdict.score == pytest.approx((4 * 0.6 + 3 * 0.3) / 0.9)


def test_same_grade_spelled_two_ways_is_pooled():
    top = [{" 5": math.log(0.25), "5": math.log(0.25), "1": math.log(0.5)}]
    assert grade_distribution(top[0], 1, 5) == pytest.approx({1: 0.5, 5: 0.5})
    assert judge_answer("1", top, 1, 5).score == pytest.approx(3.0)


def test_the_grade_position_is_found_among_other_tokens():
    top = [
        {"Score": -0.1, "Rating": -2.5},
        {":": -0.01, "3": -5.0},  # a grade alternative at the wrong position is not used
        {" 2": math.log(0.5), " 4": math.log(0.5), " 3": math.log(1e-9)},
        {".": -0.2},
    ]
    answer = "Score: 2."
    parsed = parse_grade(answer, 1, 5)
    assert grade_position(answer, parsed, top) == 2
    # " 2" and " 4" tie: the first listed is chosen, as the greedy token (max keeps the first)
    assert judge_answer(answer, top, 1, 5).score == pytest.approx(3.0, abs=1e-6)


def test_unaligned_tokens_fall_back_to_the_first_grade_token():
    top = [{"Grade": -0.1}, {" is": -0.1}, {" 5": -0.1, " 4": math.log(0.2)}]
    answer = "grade IS 5"  # a backend that detokenises differently
    verdict = judge_answer(answer, top, 1, 5)
    expected = (5 * math.exp(-0.1) + 4 * 0.2) / (math.exp(-0.1) + 0.2)
    assert verdict.score == pytest.approx(expected)


def test_without_usable_logprobs_the_written_grade_is_the_score():
    assert judge_answer("4", None, 1, 5).score == 4
    assert judge_answer("4", [{"four": -0.1}], 1, 5).score == 4  # no grade token there
    assert judge_answer("3.5", [{"3": -0.1}], 1, 5).score == 3.5
    assert judge_answer("4", [], 1, 5).distribution is None


@given(
    weights=st.dictionaries(st.integers(1, 5), st.floats(1e-6, 1.0), min_size=1, max_size=5),
)
def test_weighted_score_is_a_mean_of_grades(weights):
    top = [{str(g): math.log(w) for g, w in weights.items()}]
    chosen = max(top[0].items(), key=lambda kv: kv[1])[0]
    verdict = judge_answer(chosen, top, 1, 5)
    total = sum(weights.values())
    expected = sum(g * w for g, w in weights.items()) / total
    assert verdict.score == pytest.approx(expected)
    assert min(weights) <= verdict.score <= max(weights)
