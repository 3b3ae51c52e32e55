"""Hedges before and after a figure: "about", "more than", "up to", "or more".

A hedge changes what a figure asserts ("more than 10,000" is a floor), so it is read with the
figure, in a window of the text before it (``hedge_before``, ``hedge_start``) or right after it
(``post_hedge``: "10,000 or more"). A bound under a negation points the other way ("did not
fall below 29C" is at least 29C), and a movement, a span or a comparison before the word is no
hedge at all ("fell below 5%", "averaged over ten seasons", "30% more than two years ago").
"""

from __future__ import annotations

import re
from functools import lru_cache

from eval.numeric import patterns as P


@lru_cache(maxsize=8192)
def _hedge_in(window: str) -> re.Match[str] | None:
    """``HEDGE_BEFORE`` in a figure's lower-cased window, remembered: ``hedge_before`` and
    ``hedge_start`` search the same window, and a briefing's figures have its article's."""
    return P.HEDGE_BEFORE.search(window)


def hedge_before(norm: str, start: int) -> str | None:
    window = norm[max(0, start - 30) : start].lower()
    match = _hedge_in(window)
    if not match:
        return None
    hedge = " ".join(match.group("hedge").split())
    negated = _NEGATED_BOUND.get(hedge)
    if negated is not None and _NOT_BEFORE.search(window[: match.start("hedge")]):
        return negated  # "did not fall below 29C" is at least 29C; "never above 40" at most
    if hedge in ("up to", "over", "above", "under", "below") and P.MOVEMENT_BEFORE.search(
        window[: match.start("hedge")]
    ):
        return None
    if hedge == "over" and P.SPAN_BEFORE.search(window[: match.start("hedge")]):
        return None  # "averaged over ten seasons": a span, not "more than ten"
    if hedge in _COMPARATIVES and P.FIGURE_BEFORE.search(window[: match.start("hedge")]):
        return None  # "30% more than two years ago": a comparison, two years is exact
    return hedge


_COMPARATIVES = frozenset({"more than", "less than", "fewer than"})
# A bound under a negation points the other way ("did not fall below", "never rose above").
_NEGATED_BOUND = {"below": "no less than", "under": "no less than", "above": "no more than",
                  "over": "no more than"}  # fmt: skip
_NOT_BEFORE = re.compile(r"\b(?:not|never|n't)\s+(?:[a-z]+\s+)?$|n't\s+(?:[a-z]+\s+)?$")


def hedge_start(norm: str, start: int) -> int:
    """Where the hedge before ``start`` begins (``start`` when there is none)."""
    window_start = max(0, start - 30)
    match = _hedge_in(norm[window_start:start].lower())
    return window_start + match.start("hedge") if match else start


def post_hedge(norm: str, position: int, hedge: str | None) -> tuple[int, str | None]:
    if hedge is None:
        match = P.POST_HEDGE_AFTER.match(norm, position)
        if match:
            return position, " ".join(match.group("hedge").lower().split())
    return position, hedge
