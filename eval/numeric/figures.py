"""Cricket figures: "six for 58", "246 for seven", "four wickets for 21 runs", "4-21".

A pair of numbers joined by "for" in a cricket report is one fact, wickets for runs (a
bowler's figures) or runs for wickets (a team's total). Read as two separate counts, the "58"
of "six for 58" is a bare number that the clause's other counts ("ten wickets in the match")
out-compete, and a briefing that restates the figures exactly is flagged. Read as one figure
it is compared like a score: the pair must agree, in either order ("4-21" is "four for 21").

The parts stay available to the source side as derived counts (``figure_parts``) so that "took
six wickets" is still backed by "six for 58".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eval.numeric.lexicon import CARDINALS, CRICKET_WORDS
from eval.numeric.nouns import following_words, looks_plural
from eval.numeric.patterns import at_word_starts, initials

_WORD_NUMBER = "|".join(sorted((w for w, v in CARDINALS.items() if v <= 20), key=len, reverse=True))
_PART = rf"(?:\d{{1,3}}|{_WORD_NUMBER})"
FIGURES = at_word_starts(
    rf"(?<![\w.,/:\-£$€])(?P<a>{_PART})\s+(?:(?P<a_unit>wickets?|runs?)\s+)?for\s+"
    rf"(?:the\s+loss\s+of\s+)?(?P<b>{_PART})(?:\s+(?P<b_unit>wickets?|runs?)\b)?"
    r"(?![\w£$€%]|[.,]\d|\s*-\s*\d|\s+(?:per\s+cent|percent|years?|months?|weeks?|days?|hours?|"
    r"minutes?|seconds?)\b)",
    re.IGNORECASE,
    first=r"\d" + initials(w for w, v in CARDINALS.items() if v <= 20),
    needs=("for",),
)
# "figures of 4-21", "her figures were 4-21": named as figures, a pair is never a range.
FIGURES_BEFORE = re.compile(r"\bfigures\s+(?:of\s+|were\s+|was\s+)?$", re.IGNORECASE)
_WORDS = re.compile(r"[a-z]+")
_MOST_WICKETS = 10


@dataclass(frozen=True)
class FoundFigure:
    start: int
    end: int
    first: int
    second: int


def _number(word: str) -> int:
    return int(word) if word.isdigit() else int(CARDINALS[word.lower()])


def find_figures(norm: str) -> list[FoundFigure]:
    """Every "N for M" figure: one side at most ten (wickets), the other more (runs), or both
    small in a sentence about cricket; "six wickets for 41 runs" with its units."""
    found = []
    for match in FIGURES.finditer(norm):
        first, second = _number(match.group("a")), _number(match.group("b"))
        if min(first, second) > _MOST_WICKETS:
            continue
        units = [u[:3].lower() for u in (match.group("a_unit"), match.group("b_unit")) if u]
        if len(units) == 2 and units[0] == units[1]:
            continue  # "20 runs for 30 runs" is no figure
        after = following_words(norm, match.end(), 1)
        if after and looks_plural(after[0]):
            continue  # "two for 30 pupils" counts pupils
        lopsided = min(first, second) <= _MOST_WICKETS < max(first, second)
        if not units and not lopsided and not _cricket_sentence(norm, match.start(), match.end()):
            continue  # "three for 10" outside cricket is no figure; "five for 34" always is
        found.append(FoundFigure(match.start(), match.end(), first, second))
    return found


def _cricket_sentence(norm: str, start: int, end: int) -> bool:
    left = max(norm.rfind(". ", 0, start), norm.rfind("\n", 0, start), 0)
    right = norm.find(". ", end)
    window = norm[left : right if right >= 0 else len(norm)].lower()
    return any(word.rstrip("s") in CRICKET_WORDS for word in _WORDS.findall(window))


def figure_key(first: int, second: int) -> str:
    """Order-free, like a score: "4-21" written by one text is "four for 21" in another."""
    return f"{max(first, second)}-{min(first, second)}"


def figure_parts(first: int, second: int) -> tuple[tuple[float, str | None], ...]:
    """(value, counted noun) of each side: the side of at most ten is wickets, the other runs."""
    if first <= _MOST_WICKETS < second:
        return ((float(first), "wickets"), (float(second), "runs"))
    if second <= _MOST_WICKETS < first:
        return ((float(first), "runs"), (float(second), "wickets"))
    return ((float(first), None), (float(second), None))
