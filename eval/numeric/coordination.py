"""Figures joined into one list ("in the 14th and 87th minutes", "in 2019, 2021 and 2023").

Coordinated figures share every context word, so a context-based aligner cannot tell which
source figure each is about; what it can know is that each sibling's own match belongs to
that sibling and is no rival of the others (``align.judge_all``).
"""

from __future__ import annotations

import itertools
import re

from eval.numeric import patterns as P
from eval.numeric.mention import Mention

_COORDINATOR = re.compile(r"\s*(?:,|;|&|\band\b|\bor\b|,\s*and\b|,\s*or\b)\s*", re.IGNORECASE)
# The two ends of a span of years ("(1921–1994)", "2011-12") share their context the same way.
_YEAR_SPAN = re.compile(P.YEAR_DASH)
# A part and its whole ("lost one game out of seven", "won five of their eight matches"): the
# whole is another thing, so the fact it restates is no rival of the part either.
_PART_OF = re.compile(
    r"\s*(?:[A-Za-z]+\s+)?(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?",
    re.IGNORECASE,
)


def coordinated(mentions: list[Mention], text: str) -> list[frozenset[int]]:
    """For each mention, the mentions of the same kind joined to it by a bare "and", "or" or
    comma ("the 14th and 87th minutes", "in 2019, 2021 and 2023"), by the dash of a span of
    years ("1990–2008"), or as a part and its whole ("one game out of seven"): one list, one
    context."""
    groups = [{i} for i in range(len(mentions))]
    if not text:
        return [frozenset()] * len(mentions)
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    for a, b in itertools.pairwise(order):
        first, second = mentions[a], mentions[b]
        gap = text[first.end : second.start] if first.end <= second.start else None
        if gap is None or first.kind != second.kind:
            continue
        if (_COORDINATOR.fullmatch(gap) or (first.kind == "year" and _YEAR_SPAN.fullmatch(gap))
                or (first.kind == "count" and _PART_OF.fullmatch(gap))):  # fmt: skip
            merged = groups[a] | groups[b]
            for member in merged:
                groups[member] = merged
    return [frozenset(group - {i}) for i, group in enumerate(groups)]


# The words between the two ends of a span of years: "from 1970 to 1997", "between 2018 and
# 2021", "1921-1942" ("and" only after "between": "in 2019 and 2021" names two years).
_SPAN_GAP = re.compile(rf"\s*(?:to|until|till|through|{P.YEAR_DASH})\s*", re.IGNORECASE)
_SPAN_AND = re.compile(r"\s*and\s*", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)


def year_spans(mentions: list[Mention], text: str) -> dict[int, int]:
    """For each year that is one end of a span of years ("from 1970 to 1997", "between 2018
    and 2021", "(1921-1942)"), the other end."""
    ends: dict[int, int] = {}
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    for a, b in itertools.pairwise(order):
        first, second = mentions[a], mentions[b]
        if first.kind != "year" or second.kind != "year" or first.end > second.start:
            continue
        gap = text[first.end : second.start]
        if _SPAN_GAP.fullmatch(gap) or (
            _SPAN_AND.fullmatch(gap)
            and _BETWEEN.search(text, max(0, first.start - 12), first.start)
        ):
            ends[a] = b
            ends[b] = a
    return ends


# After a figure, the words of a comparison: "£30 more than", "26 minutes faster than",
# "139 metres lower", "46 pairs short of", "eight points ahead of", "0.9C below the record"
# (not "up"/"down": "3,150, down from 4,200" is a level).
_DIFFERENCE_AFTER = re.compile(
    r"(?:\s+[A-Za-z]+){0,2}?\s+(?:more|less|fewer|higher|lower|longer|shorter|faster|quicker|"
    r"slower|cheaper|dearer|bigger|smaller|larger|older|younger|ahead|behind|short|below|above)\b",
    re.IGNORECASE,
)


def states_difference(text: str, end: int) -> bool:
    """Whether the figure ending at ``end`` states a difference ("£30 more than the standard
    model"): such a claim is backed by two source figures that differ by it."""
    return bool(text) and _DIFFERENCE_AFTER.match(text, end) is not None
