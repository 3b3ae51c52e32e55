"""Durations and days between events an article dates: "from 1990 to 2008" is 18 years.

Part of the arithmetic a careful reader does (``derive`` holds the rest): the length of a stated
span of years, the years or days between any two dated events (made only for a claim that
places one event after another), and the day "17 days earlier" than a dated day points to.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from eval.numeric.context import LOCAL_WEIGHT
from eval.numeric.derived import shared_words
from eval.numeric.facts import RELATIVE, Fact
from eval.numeric.mention import Mention

_SPAN_GAP = re.compile(r"\s*(?:-{1,2}|\u2013|to|and|until|till)\s*", re.IGNORECASE)


def year_spans(norm: str, facts: list[Fact]) -> list[Fact]:
    """ "from 1990 to 2008", "(1990–2008)", "between 2001 and 2011": a stated span of years
    says how long it lasted (18 years). Only two years joined as one span count: two years of
    unrelated events in one sentence say nothing about a duration."""
    found = []
    for first, second in itertools.pairwise(facts):
        a, b = first.mention, second.mention
        if (a.kind == b.kind == "year" and first.sentence == second.sentence
                and a.low == a.high and b.low == b.high and a.amount < b.amount
                and _SPAN_GAP.fullmatch(norm, a.end, b.start)):  # fmt: skip
            years = b.amount - a.amount
            how = f"{norm[a.start : b.end]} is {years:g} years"
            found.append(_years_between(years, first, second, how))
    return found


# Days in a month as people reckon durations ("six months" is half a year).
_MONTH_DAYS = 365.25 / 12


def date_spans(norm: str, facts: list[Fact]) -> list[Fact]:
    """ "between October 2023 and May 2024", "from July 8 to July 23": a stated span of dates
    says how long it lasted, as ``year_spans`` does for years. People count such a span both
    ways ("from July 8 to July 23" is 15 days apart and 16 days in all; October to May is
    seven months or eight), so the fact is a range from the gap to the gap and one more day or
    month. Two days give days, anything coarser gives months; only two dates joined as one
    span count, as for years."""
    found = []
    for first, second in itertools.pairwise(facts):
        a, b = first.mention, second.mention
        if (a.kind != "date" or b.kind != "date" or first.sentence != second.sentence
                or not (math.isfinite(a.low) and math.isfinite(b.high)) or a.high >= b.low
                or not _SPAN_GAP.fullmatch(norm, a.end, b.start)):  # fmt: skip
            continue
        if a.low == a.high and b.low == b.high:
            gap, unit, size = b.low - a.low, "day", 1.0
        else:
            start, end = date.fromordinal(int(a.low)), date.fromordinal(int(b.low))
            gap, unit, size = (
                float((end.year - start.year) * 12 + end.month - start.month),
                "month",
                _MONTH_DAYS,
            )
        if gap <= 0:
            continue
        how = f"{norm[a.start : b.end]} is {gap:g} to {gap + 1:g} {unit}s"
        fact = duration_fact(gap, gap * size, unit, first, second, how)
        mention = replace(fact.mention, high=(gap + 1) * size, hedge="range")
        found.append(replace(fact, mention=mention))
    return found


def _years_between(years: float, first: Fact, second: Fact, how: str,
                   relative: bool = False) -> Fact:  # fmt: skip
    """A duration of ``years`` derived from two year facts, with both facts' words."""
    return duration_fact(float(years), years * 365.25, "year", first, second, how,
                          RELATIVE if relative else None)  # fmt: skip


def duration_fact(value: float, days: float, unit: str | None, first: Fact, second: Fact,
                   how: str, mark: str | None = None) -> Fact:  # fmt: skip
    """A duration derived from two facts (``value`` in ``unit``, ``days`` long), with both
    facts' words, their roles left out, and ``mark`` ("@rel", "@by") if given."""
    mention = Mention(text=f"{value:g} {unit or 'day'}s", start=first.mention.start,
                      end=first.mention.end, kind="duration", value=value, low=days,
                      high=days, unit=unit, dimension="time", amount=days)  # fmt: skip
    bag = shared_words(first, second)
    if mark:
        bag[mark] = LOCAL_WEIGHT
    return Fact(mention, first.sentence, bag, how, (first.mention, second.mention))


_GAP_YEARS_MAX = 150


def year_of(mention: Mention) -> int | None:
    if mention.kind == "year" and mention.low == mention.high and math.isfinite(mention.low):
        return int(mention.low)
    if mention.kind == "date" and math.isfinite(mention.low) and math.isfinite(mention.high):
        # "in January 1917" as well as "on 3 January 1917": a month or a day of one year.
        first, last = date.fromordinal(int(mention.low)), date.fromordinal(int(mention.high))
        return first.year if first.year == last.year else None
    return None


# A gap is built only when it comes within this factor of the claim's value (``gaps_for``);
# ``align`` then asks it to agree with the claim, hedges and rounding applied.
_GAP_WINDOW = (0.8, 1.25)
_GAP_DAYS_MAX = 366


def gaps_for(claim: Mention, facts: Sequence[Fact]) -> list[Fact]:
    """Durations between two events the article dates, anywhere in it, near ``claim``'s value.

    "painted in 1979, sold 40 years later", "sank in January 1917" and "built in 1899": the
    years between any two years (or dates in one year) the article states; "began on 3 August
    ... died on 9 August": the days between two dates it gives to the day. Such a gap backs
    only a duration that places one event after another (``RELATIVE``, marked by ``place`` on
    both sides) and shares the two events' words; a plain "for 40 years" is never backed by
    two unrelated years (two years of one sentence back it: ``sentence_gaps``). ``align``
    asks for them only for such a claim, so an article pays for its many pairs of dates only
    when a briefing says "N years later"."""
    if claim.kind != "duration" or not (math.isfinite(claim.low) and claim.high > 0):
        return []
    low, high = claim.low * _GAP_WINDOW[0], claim.high * _GAP_WINDOW[1]
    found = _year_gaps(facts, low, high, relative=True)
    days = [(int(f.mention.low), f) for f in facts if f.mention.kind == "date"
            and math.isfinite(f.mention.low) and f.mention.low == f.mention.high]  # fmt: skip
    for (first_day, first), (second_day, second) in itertools.combinations(days, 2):
        gap = abs(second_day - first_day)
        if 0 < gap <= _GAP_DAYS_MAX and low <= gap <= high:
            how = f"{first.mention.text} and {second.mention.text} are {gap} days apart"
            found.append(duration_fact(float(gap), float(gap), "day", first, second, how,
                                        RELATIVE))  # fmt: skip
    # "found in August 2025 ... raised ten months later": dates given to the month (one of
    # them at least; two days are counted in days above) are months apart.
    months = [(month, f) for f in facts if (month := _month_of(f.mention)) is not None]
    for (first_month, first), (second_month, second) in itertools.combinations(months, 2):
        gap = abs(second_month - first_month)
        if ((first.mention.low == first.mention.high and second.mention.low == second.mention.high)
                or not 0 < gap <= 12 * _GAP_YEARS_MAX
                or not low <= gap * _MONTH_DAYS <= high):  # fmt: skip
            continue
        how = f"{first.mention.text} and {second.mention.text} are {gap} months apart"
        found.append(duration_fact(float(gap), gap * _MONTH_DAYS, "month", first, second, how,
                                    RELATIVE))  # fmt: skip
    return found


def sentence_gaps(claim: Mention, facts: Sequence[Fact]) -> list[Fact]:
    """Years between two years that one source sentence states, for a plain duration in years
    ("married for 54 years" against "She married Paul Hale in 1961; he died in 2015", "the
    station was open for 108 years" against "opened in 1856 and closed in 1964"). Unlike
    ``gaps_for``, the claim need not place one event after another: two years of one sentence
    are most often the two ends of what it tells, and the gap must still share both events'
    words with the claim. Years of different sentences back only a relative duration."""
    if claim.kind != "duration" or claim.unit != "year" or not math.isfinite(claim.low):
        return []
    return _year_gaps(facts, claim.low * _GAP_WINDOW[0], claim.high * _GAP_WINDOW[1],
                      relative=False)  # fmt: skip


def _year_gaps(facts: Sequence[Fact], low: float, high: float, relative: bool) -> list[Fact]:
    """Years between two years of the article, ``low`` to ``high`` days apart: any two for a
    relative duration (``gaps_for``), two of one sentence for a plain one (``sentence_gaps``)."""
    found = []
    dated = [(year, fact) for fact in facts if (year := year_of(fact.mention)) is not None]
    for (first_year, first), (second_year, second) in itertools.combinations(dated, 2):
        years = abs(second_year - first_year)
        if ((relative or first.sentence == second.sentence) and 0 < years <= _GAP_YEARS_MAX
                and low <= years * 365.25 <= high):  # fmt: skip
            how = f"{first.mention.text} and {second.mention.text} are {years} years apart"
            found.append(_years_between(years, first, second, how, relative=relative))
    return found


def _month_of(mention: Mention) -> int | None:
    """The month a date falls in, counted from year 0, if it is one month or a day of it."""
    if mention.kind != "date" or not (math.isfinite(mention.low) and math.isfinite(mention.high)):
        return None
    first, last = date.fromordinal(int(mention.low)), date.fromordinal(int(mention.high))
    if (first.year, first.month) != (last.year, last.month):
        return None
    return first.year * 12 + first.month - 1


_OFFSET_AFTER = re.compile(r"\s+(?P<way>later|after|before|earlier|prior)\b", re.IGNORECASE)


def offset_dates(norm: str, facts: list[Fact]) -> list[Fact]:
    """ "derailed early on Tuesday ... a rail joint had been reported as faulty 17 days
    earlier": the day a count of days or weeks before or after the article's last dated day
    points to (17 January). The day is that date's as the article reads it; the fact has the
    words of both, so it backs a claim about the earlier event ("reported on 17 January")."""
    found = []
    anchor = None
    for fact in facts:
        mention = fact.mention
        if mention.kind == "date" and math.isfinite(mention.low) and mention.low == mention.high:
            anchor = fact
            continue
        if (anchor is None or mention.kind != "duration" or mention.unit not in ("day", "week")
                or mention.hedge is not None or not math.isfinite(mention.amount)):  # fmt: skip
            continue
        way = _OFFSET_AFTER.match(norm, mention.end)
        if way is None:
            continue
        earlier = way.group("way").lower() in ("before", "earlier", "prior")
        day = date.fromordinal(int(anchor.mention.low) + (-1 if earlier else 1)
                               * round(mention.amount))  # fmt: skip
        text = f"{day.day} {day:%B} {day.year}"
        how = (f"{mention.text} {'before' if earlier else 'after'} {anchor.mention.text} "
               f"({anchor.mention.value}) is {text}")  # fmt: skip
        derived = Mention(text=text, start=mention.start, end=mention.end, kind="date",
                          value=day.isoformat(), low=float(day.toordinal()),
                          high=float(day.toordinal()), amount=math.nan)  # fmt: skip
        found.append(Fact(derived, fact.sentence, shared_words(fact, anchor), how,
                          (mention, anchor.mention)))  # fmt: skip
    return found
