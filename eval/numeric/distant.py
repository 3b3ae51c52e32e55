"""When a plain figure may be backed by the difference of two figures sentences apart.

``derive`` pairs figures of the same or the next sentence only, and ``differences_for``
looks across the article only for a claim that itself states a difference: a difference of
any two figures of a long article backs many a wrong number by chance. Briefings still state
what is left of a whole the article gives paragraphs apart ("about £555,000 never recovered"
from "£640,000 taken" and, three sentences on, "£85,000 recovered"), so a plain count or sum
of money may be backed by such a pair too, under guards measured on the development sets
(README, round 25), each against a way chance arithmetic met a wrong figure there:

* the source states no figure of the claim's value (else the claim is that figure's, moved
  or not, and ``align`` has judged it as such);
* the claim is no transposition of a figure the source states ("201" for 210, "$157
  million" for $175 million, "6.5 million tonnes" for 5.6): two transposed figures differ by
  a multiple of nine, which an article's other figures meet too often;
* an unhedged claim equals the difference exactly: "£9 million" is no rounding of £9.6
  million less £480,000, where a wrong figure close to the whole would pass;
* a rate ("£1.50 a journey") only from two rates of the same period or thing: "£1 per
  journey" for the young is no part of "£2.50" single fares;
* counts from ten up: "conceding four" for "conceding three" meets "seven goals" less three;
* the difference, with both parts' words, is about the claim as much as any far difference
  must be (``align.FAR_DERIVED_MINIMUM``). Asking it of each part on its own was measured and
  dropped: the whole is usually named in words the claim does not repeat.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eval.numeric.facts import Fact
from eval.numeric.mention import Mention

# Kinds a plain claim may be such a difference of (percentages and durations: two rates or
# spans sentences apart differ by a claim's value by chance too often).
FAR_PLAIN_KINDS = frozenset({"count", "money"})
# The least count so backed: small counts are met by chance by any two small figures.
_LEAST_COUNT = 10
_DIGITS = re.compile(r"\d")


def may_be_far_difference(claim: Mention, facts: Sequence[Fact]) -> bool:
    """Whether ``claim`` (a plain figure no source figure agrees with) may be looked for as
    the difference of two of the article's ``facts`` sentences apart (``differences_for``,
    which finds the pairs by bisection over the sorted amounts, so the claim costs one sort)."""
    if claim.kind not in FAR_PLAIN_KINDS or not claim.amount > 0:
        return False
    if claim.kind == "count" and claim.amount < _LEAST_COUNT:
        return False
    mine = _digits(claim)
    return not any(
        fact.mention.kind == claim.kind
        and fact.mention.amount != claim.amount
        and _digits(fact.mention) == mine
        for fact in facts
    )


def as_written(claim: Mention, differences: list[Fact]) -> list[Fact]:
    """The differences that may back a plain claim: equal to it as written when it is
    unhedged (a hedged one, "about £555,000", was allowed its rounding by ``agrees``), and of
    two rates of the claim's own period or thing when it is a rate."""
    return [
        fact
        for fact in differences
        if (claim.hedge is not None or _equal(fact.mention.amount, claim.amount))
        and all(part.per == claim.per for part in fact.parts)
    ]


def _equal(value: float, other: float) -> bool:
    return abs(value - other) <= 1e-6 * max(abs(value), abs(other), 1.0)


def _digits(mention: Mention) -> str:
    """The significant digits of a figure, sorted: "$175 million" and "$157m" give "157"."""
    amount = f"{mention.amount:.6g}".split("e")[0]
    return "".join(sorted(_DIGITS.findall(amount.replace("0", "").lstrip("0")) or "0"))
