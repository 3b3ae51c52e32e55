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
    found.extend(_percent_of_named(norm, mentions, sentence_of))
    found.extend(_of_which(norm, mentions, sentence_of))
    return found


def _shown(value: float) -> str:
    """ "15,520,000", "45,391", "2.75": whole numbers from 100 up, six digits below."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.6g}"


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
        how = f"{share.text} of {whole.text} is {_shown(value)}"
        found.append(Implied(whole.kind, value, whole.unit, i + 1, i, how))
    return found


# "a deposit of around 19% of the price", "up to 4% of annual turnover, which was £388
# million": a share of a whole the sentence names by a noun and states elsewhere.
_OF_NAMED = re.compile(r"\s*of\s+(?:(?:the|its|their|his|her|annual|total|a)\s+)*[a-z]{3,}\b")


def _percent_of_named(norm: str, mentions: Sequence[Mention], sentence_of) -> list[Implied]:
    """A percentage "of the price" whose whole is the one sum or count its sentence states:
    the figure before it, or else the one after it ("4% of annual turnover, which was £388
    million"). Only when the sentence has exactly one figure of that kind to be the whole."""
    found = []
    for i, share in enumerate(mentions):
        if share.kind != "percent" or share.unit != "%" or not _usable(share):
            continue
        if not _OF_NAMED.match(norm, share.end):
            continue
        if i + 1 < len(mentions) and _PERCENT_OF.fullmatch(norm, share.end, mentions[i + 1].start):
            continue  # "30% of its 52,000 customers": ``_percent_of``
        wholes = [j for j, m in enumerate(mentions) if j != i and sentence_of(j) == sentence_of(i)
                  and m.kind in ("count", "money") and _usable(m)]  # fmt: skip
        if len(wholes) != 1:
            continue
        whole = mentions[wholes[0]]
        value = share.amount / 100.0 * whole.amount
        how = f"{share.text} of {whole.text} is {_shown(value)}"
        found.append(Implied(whole.kind, value, whole.unit, wholes[0], i, how))
    return found


# "The survey cost €186,000, of which the regional government paid 60%": the share a relative
# clause gives of the figure right before it.
_OF_WHICH = re.compile(r"\s*,?\s*of\s+(?:which|whom)\s+(?:[\w'\-]+\s+){0,6}$", re.IGNORECASE)


def _of_which(norm: str, mentions: Sequence[Mention], sentence_of) -> list[Implied]:
    found = []
    for i, whole in enumerate(mentions[:-1]):
        share = mentions[i + 1]
        if share.kind != "percent" or share.unit != "%" or whole.kind not in ("count", "money"):
            continue
        if sentence_of(i) != sentence_of(i + 1) or not (_usable(share) and _usable(whole)):
            continue
        if not _OF_WHICH.fullmatch(norm, whole.end, share.start):
            continue
        value = share.amount / 100.0 * whole.amount
        how = f"{share.text} of {whole.text} is {_shown(value)}"
        found.append(Implied(whole.kind, value, whole.unit, i, i + 1, how))
    return found
