"""Figures an article implies in words, beyond the sums and differences of two figures.

A careful reader of "about 30% of its 52,000 customers" knows that is about 15,600
customers. Briefings write such figures, and flagging them is a false alarm.

Each rule here reads one fixed form of words next to a source mention, never a value alone,
so that a figure that merely equals some product of the article's numbers is not backed. The
results are derived facts (``derive``): they can back a claim that is about the same
thing, never contradict one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from eval.numeric.mention import Mention

# "30% of Mercer's 52,000 customers", "61 % of the 96,400 patients": at most four words between.
_PERCENT_OF = re.compile(r"\s*of\s+(?:[\w\-]+(?:\s?'s?)?\s+){0,4}$")


@dataclass(frozen=True)
class Implied:
    """One implied figure: its kind, value and unit, the mentions it rests on, and how."""

    kind: str
    value: float
    unit: str | None
    base: int  # index of the placed fact whose context it shares
    other: int | None
    how: str


def implied_figures(norm: str, mentions: Sequence[Mention], sentence_of: Callable[[int], int]
                    ) -> list[Implied]:  # fmt: skip
    """Every figure the article implies by one of the forms above (see the module note).

    ``mentions`` are the article's placed mentions in text order; ``sentence_of(i)`` is the
    sentence index of mention ``i``.
    """
    found: list[Implied] = []
    found.extend(_percent_of(norm, mentions, sentence_of))
    return found


def _usable(mention: Mention) -> bool:
    return mention.hedge not in ("vague", "range") and mention.amount == mention.amount


def _percent_of(norm: str, mentions: Sequence[Mention], sentence_of) -> list[Implied]:
    found = []
    for i, share in enumerate(mentions[:-1]):
        whole = mentions[i + 1]
        if share.kind != "percent" or share.unit != "%" or whole.kind not in ("count", "money"):
            continue
        if sentence_of(i) != sentence_of(i + 1) or not (_usable(share) and _usable(whole)):
            continue
        if not _PERCENT_OF.fullmatch(norm, share.end, whole.start):
            continue
        value = share.amount / 100.0 * whole.amount
        how = f"{share.text} of {whole.text} is {value:,.6g}"
        found.append(Implied(whole.kind, value, whole.unit, i + 1, i, how))
    return found
