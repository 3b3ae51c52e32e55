"""A ratio a briefing works out from its own two figures: "sold for £1.8 million, almost three
times her previous record of £640,000", "12.8%, four times April's rate of 3.2%".

Why a module of its own: round 32 tried judging a multiple by the ratio of two figures of the
article and dropped it, because which two figures a multiple compares is a guess there. Here it
is no guess: the briefing names both, the compared figure right after "times the" and the other
the nearest figure of the same kind before it in the same sentence. Each figure is judged
against the article on its own; when both are backed, the multiple is arithmetic on backed
figures, and its range of ratios (``multiples._range``) either holds their ratio or does not.
A figure that is not backed leaves the multiple to the other rules, so a wrong figure is not
flagged twice through a faithful multiple worked out from the article's right one.

The same reading narrows a multiple the article states to the ratio of its own two figures
(``exact_stated``), and a ratio still flagged as a count is backed, never contradicted, by two
figures of one kind in the article sentence most about it (``article_pair``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from eval.numeric.context import Span
from eval.numeric.mention import Mention
from eval.numeric.multiples import Multiple, best_sentence, multiples

_KINDS = ("count", "money", "percent", "duration")  # not years, dates, ages, ranks, scores
_AFTER = 45  # characters from "times" to its compared figure ("her previous record of £640,000")
_BEFORE = 90  # characters from the other figure back to the multiple
_BREAK = re.compile(r"[,;:()]|\.\s")  # the compared figure is in the multiple's own phrase
# "four times as likely as the 1,100 who ...": a ratio of rates, not of the figures around it
_OF_RATES = re.compile(r"\s+as\s+(?:likely|often)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """One figure of the briefing, what it measures and whether the article backs it."""

    start: int
    end: int
    kind: str
    currency: str | None
    unit: str | None
    dimension: str | None
    amount: float
    backed: bool

    @classmethod
    def of(cls, mention: Mention, backed: bool = True) -> Figure:
        return cls(mention.start, mention.end, mention.kind, mention.currency, mention.unit,
                   mention.dimension, mention.amount, backed)  # fmt: skip


def _alike(a: Figure, b: Figure) -> bool:
    """Two figures a ratio may compare: the same kind, currency and dimension, and for counts
    the same counted noun when both name one (14 deaths are not a ratio of 3 flights)."""
    if (a.kind, a.currency, a.dimension) != (b.kind, b.currency, b.dimension):
        return False
    return a.kind != "count" or a.unit is None or b.unit is None or a.unit == b.unit


def own_ratio(summary: str, claim: Multiple, span: Span, figures: Sequence[Figure]
              ) -> tuple[str, Figure, Figure] | None:  # fmt: skip
    """The verdict of ``claim`` by the ratio of the briefing's own two figures around it, with
    the two figures, or None when the sentence does not name both or either is not backed."""
    if _OF_RATES.match(summary, claim.end):
        return None
    after = [f for f in figures if claim.end <= f.start <= claim.end + _AFTER
             and f.end <= span.end and f.kind in _KINDS]  # fmt: skip
    if not after:
        return None
    base = min(after, key=lambda f: f.start)
    if _BREAK.search(summary, claim.end, base.start):
        return None
    before = [f for f in figures if span.start <= f.start and f.end <= claim.start
              and claim.start - f.end <= _BEFORE and _alike(f, base)]  # fmt: skip
    if not before:
        return None
    top = max(before, key=lambda f: f.end)
    if not (top.backed and base.backed) or not base.amount > 0 or not top.amount > 0:
        return None
    ratio = top.amount / base.amount
    verdict = "supported" if claim.low <= ratio <= claim.high else "contradicted"
    return verdict, top, base


def own_ratios(summary: str, spans: Sequence[Span], figures: Sequence[Figure]
               ) -> list[tuple[Multiple, str, Figure, Figure]]:  # fmt: skip
    """Each "N times" ratio of ``summary`` judged by its own two figures (``own_ratio``)."""
    found = []
    for span in spans:
        for claim in multiples(summary, span.start, span.end):
            judged = own_ratio(summary, claim, span, figures) if claim.counted else None
            if judged is not None:
                found.append((claim, *judged))
    return found


def exact_stated(text: str, sentences: Sequence[Span], figures: Sequence[Figure],
                 stated: Sequence[tuple[int, Multiple]]
                 ) -> tuple[tuple[int, Multiple], ...]:  # fmt: skip
    """The article's multiples, each narrowed to the ratio of its own two figures when its
    sentence names both and the ratio is within what its words allow: "€8.6 million, more
    than double its top estimate of €4 million" is 2.15, not anything from 2 to 3, so
    "almost three times its estimate" does not meet it (1% either side for rounding)."""
    narrowed = []
    for index, multiple in stated:
        judged = own_ratio(text, multiple, sentences[index], figures)
        if judged is not None:
            ratio = judged[1].amount / judged[2].amount
            if multiple.low <= ratio <= multiple.high:
                multiple = replace(multiple, low=ratio * 0.99, high=ratio * 1.01)
        narrowed.append((index, multiple))
    return tuple(narrowed)


_PAIR_SHARE = 0.4  # of the claim's clause word weight the article sentence must share


def article_pair(claim: Multiple, words: Mapping[str, float], total: float, text: str,
                 sentences: Sequence[Span], figures: Sequence[tuple[int, Figure]],
                 idf: Mapping[str, float], unknown: float) -> int | None:  # fmt: skip
    """The article sentence whose two figures of one kind make ``claim``'s ratio ("earned
    nearly five times its budget" for "$9.6 million ... a budget of $2 million"), when that
    sentence is the one most about the claim's clause; None when there is none. It only ever
    backs: a ratio that no pair makes keeps the reading it had before."""
    by_sentence: dict[int, list[Figure]] = {}
    for index, figure in figures:
        if figure.kind in _KINDS and figure.amount > 0:
            by_sentence.setdefault(index, []).append(figure)
    candidates = [(i, None) for i, found in by_sentence.items() if len(found) >= 2]
    best = best_sentence(words, total, candidates, text, sentences, idf, unknown)
    if best is None or best[1] < _PAIR_SHARE:
        return None
    found = by_sentence[best[0]]
    for top in found:
        for base in found:
            ratio = top.amount / base.amount
            if top is not base and _alike(top, base) and claim.low <= ratio <= claim.high:
                return best[0]
    return None
