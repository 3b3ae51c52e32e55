"""Proportions in words: "two-thirds of", "nearly three-quarters", "a fifth more", "one in six".

A proportion is a share, so it is read as a percentage ("three-quarters" is 75%) and judged
like one: a source percentage or proportion about the same thing backs or contradicts it, and
so does the arithmetic a reader does on two source figures about the same things, the part of
a whole ("183,000 of the 254,000 target" is nearly three-quarters, ``shares_for``) or a change
("up by a third" from 8.9 to 11.9 million, the percentage changes ``derive`` already makes).
Read as counts, "two-thirds" was the count two and "one in six" the count six, compared with
whatever twos and sixes the article had; "a third" was not read at all.

Words give a proportion loosely: "a third" is said of 30% to 37%, so a proportion's tolerance
is a tenth of its value, at most four points. "Half" is read only hedged and before "of"
("more than half of all fares", "almost half of her weight"): "half-time", "the second half",
"half the squad" are mostly no claim about a share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from eval.numeric.mention import Mention
from eval.numeric.patterns import at_word_starts

_NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
               "six": 6, "seven": 7, "eight": 8, "nine": 9}  # fmt: skip
_DENOMINATORS = {"third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                 "ninth": 9, "tenth": 10}  # fmt: skip
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "twenty": 20, "hundred": 100}  # fmt: skip
# What may follow a fraction that is a share: "of", a comparative ("a third more", "a quarter
# fewer"), a state ("two-thirds full"), a clause's end, a time or comparison ("a third in
# 2015", "a third since May", "a quarter on last year"). Not a noun: "a third term", "the
# third quarter", "a fifth title" are ordinals.
_SHARE_AFTER = (
    r"(?!\s+of\s+an?\s)"  # "a quarter of a million", "a third of a mile": a unit's fraction
    r"(?=\s+(?:of|more|less|fewer|higher|lower|larger|smaller|bigger|cheaper|faster|slower|"
    r"full|empty|contained|complete|completed|done|built|finished|ready|occupied|"
    r"since|from|in|on|last|this|compared|than|between|a\s+year|each|every|per)\b"
    r"|\s*[,.;:)!?\n]|\s*$)"
)
_FRACTION = at_word_starts(
    r"\b(?P<numerator>an?|one|two|three|four|five|six|seven|eight|nine)[\s-]+"
    r"(?P<denominator>third|quarter|fifth|sixth|seventh|eighth|ninth|tenth)s?\b" + _SHARE_AFTER,
    re.IGNORECASE,
    first="aefnost",
    needs=("third", "quarter", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"),
)
# "one in six", "1 in 5 people", "two in five": not a count of rounds or a year ("one in
# 2019", "three in five games" reads as games).
_ONE_IN = at_word_starts(
    r"\b(?P<numerator>one|two|three|four|five|[1-9])\s+in\s+"
    r"(?P<denominator>two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|\d{1,3})\b"
    r"(?![.,]\d|\s*%|\s+(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|games?|"
    r"matches?|races?|starts?|attempts?|seasons?|innings|overs|tries|shots?)\b)",
    re.IGNORECASE,
    first="1-9efot",
)
_HALF = at_word_starts(
    r"\b(?:than|over|almost|nearly|about|around|roughly|under|some|approximately)\s+"
    r"(?P<half>half)(?=\s+of\s)",
    re.IGNORECASE,
    needs=("half",),
)
_MOST_POINTS = 4.0


def find_proportions(norm: str) -> Iterator[tuple[int, int, float]]:
    """(start, end, percentage) of each proportion in words in ``norm``."""
    for match in _FRACTION.finditer(norm):
        numerator = _NUMERATORS[match.group("numerator").lower()]
        denominator = _DENOMINATORS[match.group("denominator").lower()]
        plural = match.group(0).lower().endswith("s")
        if numerator >= denominator or (numerator > 1) != plural:
            continue  # "a thirds", "two third" are not fractions a writer means
        yield match.start(), match.end(), 100.0 * numerator / denominator
    for match in _HALF.finditer(norm):
        yield match.start("half"), match.end("half"), 50.0
    for match in _ONE_IN.finditer(norm):
        numerator = _number(match.group("numerator"), _COUNTS | {"one": 1})
        denominator = _number(match.group("denominator"), _COUNTS)
        if numerator and denominator and numerator < denominator:
            yield match.start(), match.end(), 100.0 * numerator / denominator


def _number(word: str, words: dict[str, int]) -> int | None:
    return int(word) if word.isdigit() else words.get(word.lower())


def tolerance(percentage: float) -> float:
    """How far a proportion in words may be from the exact share it names, in points."""
    return min(0.1 * percentage, _MOST_POINTS)


_PROPORTION_TEXT = re.compile(
    r"(?:third|quarter|fifth|sixth|seventh|eighth|ninth|tenth)s?$|\bin\s+\w+$|^half$",
    re.IGNORECASE,
)


def is_proportion(mention: Mention) -> bool:
    """Whether a percentage mention was written as a proportion in words."""
    return mention.kind == "percent" and _in_words(mention.text)


@lru_cache(maxsize=8192)
def _in_words(text: str) -> bool:
    """``is_proportion`` of a percentage's text, remembered: every claim asks it of every
    source percentage it meets (``agreement.comparable``)."""
    return bool(_PROPORTION_TEXT.search(text))


def share_pairs(amounts: Sequence[tuple[int, float]]) -> Iterator[tuple[int, int]]:
    """Pairs (part, whole) of ``amounts`` ((index, amount)) where the part is the smaller."""
    for part_index, part in amounts:
        if part <= 0:
            continue
        for whole_index, whole in amounts:
            if whole > part:
                yield part_index, whole_index
