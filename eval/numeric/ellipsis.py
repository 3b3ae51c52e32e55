"""What a number leaves implicit, filled in from the number next to it.

News writes "aged 41 and 56", "the 61st and 78th minutes", "fell from 3.9 to 2.6 tonnes",
"24 hours' notice instead of 72" and "2 hours 4 minutes 51 seconds": the second number of a
pair takes the kind or unit of the first (or the first of the second), the ordinals of a list
take the unit after the last, and a run of time units is one duration. Read alone, each bare
number would be a count of nothing and could only be compared with other bare counts.
"""

from __future__ import annotations

import re
from dataclasses import replace

from eval.numeric.lexicon import TIME_UNITS
from eval.numeric.mention import Mention

_COORDINATION = re.compile(r"\s*(?:,\s*)?(?:and|or|to|,)\s*")
_RANGE_GAP = re.compile(
    r"\s*(?:to|and|or|-|–)\s*(?:about|around|some|nearly|almost|roughly|just)?\s*", re.IGNORECASE
)
# "24 hours' notice, instead of the 72", "three days or four": at most one word in between.
_INSTEAD_GAP = re.compile(
    r"(?:'\s*[A-Za-z]+)?\s*,?\s*(?:instead\s+of|rather\s+than|than|to|and|or|versus)"
    r"(?:\s+(?:the|about|around|some|nearly|almost|just))?\s*",
    re.IGNORECASE,
)
_COMPOUND_GAP = re.compile(r"\s*(?:,|and|,\s*and)?\s*")


def complete(text: str, norm: str, mentions: list[Mention]) -> list[Mention]:
    """Apply every rule of this module, in order, to mentions sorted by position.

    ``norm`` is ``text`` with quotes and dashes made ASCII (same offsets): patterns read it,
    spans are cut from ``text``.
    """
    mentions = merge_compound_durations(text, norm, mentions)
    for index in range(1, len(mentions)):
        previous, mention = mentions[index - 1], mentions[index]
        gap = (norm, previous.end, mention.start)
        if _bare(mention) and previous.kind == "age" and _COORDINATION.fullmatch(*gap):
            mentions[index] = _as_age(mention)
        elif _bare(mention) and previous.kind == "duration" and _INSTEAD_GAP.fullmatch(*gap):
            mentions[index] = _as_duration(mention, previous.unit or "day")
        elif _bare(previous) and _counted(mention) and _RANGE_GAP.fullmatch(*gap):
            mentions[index - 1] = _with_unit_of(previous, mention)
        elif _bare(previous) and _RANGE_GAP.fullmatch(*gap) and _ranged(previous, mention):
            # "10 to 11-year-olds", "from 20 to 30 per cent", "between 10 and 12 years"
            mentions[index - 1] = _with_kind_of(previous, mention)
    for index in range(len(mentions) - 1, 0, -1):
        previous, mention = mentions[index - 1], mentions[index]
        if (previous.kind == mention.kind == "ordinal" and previous.unit is None
                and mention.unit is not None
                and _COORDINATION.fullmatch(norm, previous.end, mention.start)):  # fmt: skip
            # "the 9th, 61st and 78th minutes": every ordinal of the list counts minutes.
            mentions[index - 1] = replace(previous, unit=mention.unit,
                                          noun_phrase=mention.noun_phrase)  # fmt: skip
    return mentions


def _bare(mention: Mention) -> bool:
    return (
        mention.kind == "count"
        and mention.unit is None
        and mention.dimension is None
        and mention.hedge != "vague"
    )


def _counted(mention: Mention) -> bool:
    return mention.kind == "count" and mention.unit is not None


def _scaled(mention: Mention, factor: float, **changes) -> Mention:
    return replace(
        mention,
        low=mention.low * factor,
        high=mention.high * factor,
        amount=mention.amount * factor,
        **changes,
    )


def _as_age(mention: Mention) -> Mention:
    """ "aged 41 and 56": the second number is an age too."""
    if mention.amount >= 130:
        return mention
    return replace(mention, kind="age", unit="year", dimension="age", tolerance=0.0)


def _as_duration(mention: Mention, unit: str) -> Mention:
    """ "24 hours' notice instead of 72": 72 hours."""
    size = TIME_UNITS[unit]
    return _scaled(
        mention, size, kind="duration", unit=unit, dimension="time", tolerance=0.25 * size
    )


def _ranged(first: Mention, second: Mention) -> bool:
    """Whether a bare first end can be read in the second's kind: smaller, and the second a
    duration, an age or a percentage."""
    if second.kind not in ("duration", "age", "percent") or second.hedge is not None:
        return False
    return 0 < float(first.value) < float(second.value)


def _with_kind_of(mention: Mention, other: Mention) -> Mention:
    if other.kind == "duration":
        return _as_duration(mention, other.unit or "day")
    if other.kind == "age":
        return _as_age(mention)
    return replace(mention, kind="percent", unit=other.unit, tolerance=other.tolerance)


def _with_unit_of(mention: Mention, other: Mention) -> Mention:
    """ "from 3.9 to 2.6 tonnes", "between 12,000 and 18,000 cars": the first takes the unit."""
    if other.unit == "fahrenheit":
        return mention
    factor = other.amount / float(other.value) if other.dimension and other.value else 1.0
    return _scaled(
        mention,
        factor,
        unit=other.unit,
        dimension=other.dimension,
        noun_phrase=other.noun_phrase,
        tolerance=mention.tolerance * factor,
    )


def merge_compound_durations(text: str, norm: str, mentions: list[Mention]) -> list[Mention]:
    """ "2 hours 18 minutes 40 seconds" and "six years and eight months" are one duration."""
    merged: list[Mention] = []
    smallest: list[str] = []  # the last unit added to each merged duration
    for mention in mentions:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.kind == mention.kind == "duration"
            and ":" not in previous.text  # "in 2:21:14, 44 seconds ahead": a time is whole
            and previous.hedge in (None, mention.hedge)
            and mention.hedge is None
            and _COMPOUND_GAP.fullmatch(norm, previous.end, mention.start)
            and TIME_UNITS.get(smallest[-1], 0) > TIME_UNITS.get(mention.unit or "", 0)
        ):
            merged[-1] = replace(
                previous,
                text=text[previous.start : mention.end],
                end=mention.end,
                value=float(previous.value)
                + float(mention.value)
                * TIME_UNITS[mention.unit or "day"]
                / TIME_UNITS[previous.unit or "day"],
                low=previous.low + mention.low,
                high=previous.high + mention.high,
                tolerance=4 * mention.tolerance,  # "2 hours 18 minutes" for 2:18:40
                amount=previous.amount + mention.amount,
            )
            smallest[-1] = mention.unit or "day"
            continue
        merged.append(mention)
        smallest.append(mention.unit or "day")
    return merged
