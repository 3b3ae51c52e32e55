"""Reading a grade out of a judge's answer, and weighting it by the judge's probabilities.

Parsing is deliberately forgiving about the words around a grade ("Score: 4", "**4**/5",
"I would rate it 4 out of 5.") and strict about the grade itself: it is the first number in the
answer that lies on the scale, after the scale's own description ("1-5", "1 to 5", "/5",
"out of 5") has been set aside. An answer with no such number is *unparseable* (``None``): the
metric records it with the raw answer, never as a zero.

G-Eval (Liu et al., 2023) scores a dimension as the probability-weighted mean of the grades
rather than the single sampled grade. Where the backend returns the log-probabilities of the
most likely tokens at each position, :func:`weighted_grade` finds the position that produced
the grade, keeps the alternatives there that are themselves grades on the scale (``"4"`` and
``" 4"`` pool), renormalises their probabilities to sum 1, and returns the mean grade.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d])")


@dataclass(frozen=True)
class Parsed:
    """A grade read from an answer and where it starts (a character offset into the answer)."""

    grade: float
    start: int
    text: str


def _scale_mentions(low: int, high: int) -> re.Pattern[str]:
    """The ways an answer restates the scale itself, which are not grades."""
    lo, hi = re.escape(str(low)), re.escape(str(high))
    return re.compile(
        rf"(?<![\d.])(?:{lo}\s*(?:-|–|—|to)\s*{hi}|{lo}\s*\.\.\s*{hi})(?![\d.])"
        rf"|(?:/|out\s+of\s+)\s*{hi}(?![\d.])"
        # "of 5" restates the scale only after a grade ("4 of 5"); "a score of 5" is a grade.
        rf"|(?<=[\d*])\s*of\s+{hi}(?![\d.])",
        re.IGNORECASE,
    )


def parse_grade(answer: str, low: int, high: int) -> Parsed | None:
    """The first number on ``[low, high]`` in ``answer``, ignoring restatements of the scale."""
    if not isinstance(answer, str):
        return None
    masked = _scale_mentions(low, high).sub(lambda m: " " * len(m.group(0)), answer)
    for match in _NUMBER.finditer(masked):
        value = float(match.group(1))
        if low <= value <= high:
            return Parsed(value, match.start(1), match.group(1))
    return None


def grade_distribution(
    alternatives: Mapping[str, float], low: int, high: int
) -> dict[int, float] | None:
    """Probabilities of the whole grades ``low..high`` among ``alternatives`` (token text ->
    natural log-probability), renormalised to sum 1; ``None`` when none of them is a grade."""
    mass: dict[int, float] = {}
    for token, logprob in alternatives.items():
        text = token.strip().replace("Ġ", "").replace("▁", "")
        if not text.isdigit() or not isinstance(logprob, int | float) or math.isnan(logprob):
            continue
        grade = int(text)
        if low <= grade <= high:
            mass[grade] = mass.get(grade, 0.0) + math.exp(logprob)
    total = sum(mass.values())
    if total <= 0.0:
        return None
    return {grade: mass[grade] / total for grade in sorted(mass)}


def mean_grade(distribution: Mapping[int, float]) -> float:
    return sum(grade * p for grade, p in distribution.items())


def grade_position(
    answer: str, parsed: Parsed, top_logprobs: Sequence[Mapping[str, float]]
) -> int | None:
    """The generated position that produced the grade.

    At temperature 0 each position's most likely alternative is the token generated there, so
    their concatenation is the answer; the position covering the grade's first character is the
    one. Where the texts do not line up (a backend that detokenises differently), the first
    position whose most likely token is the grade itself is used instead.
    """
    chosen = [max(alts.items(), key=lambda kv: kv[1])[0] if alts else "" for alts in top_logprobs]
    if "".join(chosen) == answer:
        offset = 0
        for index, token in enumerate(chosen):
            if offset <= parsed.start < offset + len(token):
                return index if token.strip() == parsed.text else None
            offset += len(token)
        return None
    for index, token in enumerate(chosen):
        if token.strip() == parsed.text:
            return index
    return None


@dataclass(frozen=True)
class Judgement:
    """One dimension's verdict on one briefing: the score, or why there is none."""

    score: float | None
    grade: float | None
    distribution: dict[int, float] | None
    error: str | None


def judge_answer(
    answer: str, top_logprobs: Sequence[Mapping[str, float]] | None, low: int, high: int
) -> Judgement:
    """Score an answer: the probability-weighted grade where possible, else the parsed grade."""
    parsed = parse_grade(answer, low, high)
    if parsed is None:
        return Judgement(None, None, None, f"no grade from {low} to {high} in the answer")
    if top_logprobs and float(parsed.grade).is_integer():
        position = grade_position(answer, parsed, top_logprobs)
        if position is not None:
            distribution = grade_distribution(top_logprobs[position], low, high)
            if distribution is not None:
                return Judgement(mean_grade(distribution), parsed.grade, distribution, None)
    return Judgement(parsed.grade, parsed.grade, None, None)
