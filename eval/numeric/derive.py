"""The arithmetic a careful reader does on an article's figures: derived facts.

The difference or sum of two figures about the same things in the same or the next sentence,
the percentage change between them, what is left of 100%, the year "40 years ago" points to,
"by six votes to three" as the score 6-3, cricket's "six for 58" as six wickets and 58 runs,
"a second café" as two cafés, and the figures the article implies in words (``implied``).
Derived facts can back a claim ("fell by 25%") but never contradict one (``align``).
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from eval.numeric import patterns as P
from eval.numeric.context import LOCAL_WEIGHT
from eval.numeric.currencies import same_currency
from eval.numeric.facts import AGO, RELATIVE, Fact
from eval.numeric.figures import figure_parts
from eval.numeric.format import figure
from eval.numeric.implied import implied_figures
from eval.numeric.lexicon import TIME_UNITS
from eval.numeric.mention import Mention
from eval.numeric.nouns import noun_relation, stem
from eval.numeric.proportions import is_proportion, share_pairs

_ARITHMETIC_KINDS = ("count", "money", "percent")
_SENTENCE_REACH = 1  # pairs come from the same or the next sentence


def _merge(left: Mapping[str, float], right: Mapping[str, float]) -> dict[str, float]:
    merged = dict(left)
    for word, weight in right.items():
        if merged.get(word, 0.0) < weight:
            merged[word] = weight
    return merged


def _derived(kind: str, value: float, unit, base: Fact, other: Fact | None, how: str,
             currency=None, dimension=None, role: str | None = None,
             shared: dict[str, float] | None = None) -> Fact:  # fmt: skip
    """A fact the source implies; ``shared``: the parts' words without roles, when the caller
    already has them (``_pair_facts`` makes up to four facts of one pair)."""
    mention = Mention(text=figure(kind, value, unit, currency), start=base.mention.start,
                      end=base.mention.end, kind=kind, value=value, low=value, high=value,
                      unit=unit, currency=currency, dimension=dimension,
                      noun_phrase=base.mention.noun_phrase, amount=value)  # fmt: skip
    context = dict(shared) if shared is not None else _shared_words(base, other)
    for part in (base, other):
        if part is not None and part.mention.unit and part.mention.kind == "count":
            context[stem(part.mention.unit)] = LOCAL_WEIGHT  # what the parts count
    if role:
        context[role] = LOCAL_WEIGHT
    parts = (base.mention,) if other is None else (base.mention, other.mention)
    return Fact(mention, base.sentence, context, how, parts)


def _shared_words(base: Fact, other: Fact | None) -> dict[str, float]:
    """The context words of a derived fact's parts, without their roles ("from 4,200", "to
    3,150" are not the role of their difference)."""
    context = _merge(base.bag, other.bag) if other is not None else base.bag
    return {word: weight for word, weight in context.items() if not word.startswith("@")}


def _compatible(a: Mention, b: Mention) -> bool:
    if (a.kind != b.kind or not same_currency(a.currency, b.currency)
            or a.dimension != b.dimension):  # fmt: skip
        return False
    return a.unit == b.unit or a.kind in ("count", "percent", "money")


def derive(norm: str, facts: list[Fact], published: date | None) -> list[Fact]:
    """Every derived fact of an article, from its placed facts in text order."""
    derived: list[Fact] = []
    # A proportion in words ("a quarter", ``proportions``) is too loose to compute with: its
    # changes and differences would back wrong percentages by chance.
    usable = [f for f in facts if f.mention.kind in _ARITHMETIC_KINDS
              and math.isfinite(f.mention.amount) and f.mention.hedge != "vague"
              and not is_proportion(f.mention)]  # fmt: skip
    for i, first in enumerate(usable):
        for second in usable[i + 1 :]:
            if second.sentence - first.sentence > _SENTENCE_REACH:
                break
            a, b = first.mention, second.mention
            if not _compatible(a, b):
                continue
            derived.extend(_pair_facts(first, second))
    derived.extend(_per_period(norm, facts))
    derived.extend(_tallies(norm, facts))
    derived.extend(_year_spans(norm, facts))
    derived.extend(_offset_dates(norm, facts))
    derived.extend(_figure_parts(facts))
    derived.extend(_ordinal_counts(facts))
    derived.extend(_implied(norm, facts))
    percents_by_sentence: dict[int, list[Fact]] = {}
    for fact in usable:
        if fact.mention.kind == "percent" and fact.mention.unit == "%":
            percents_by_sentence.setdefault(fact.sentence, []).append(fact)
    for group in percents_by_sentence.values():
        if len(group) >= 2:
            total = sum(f.mention.amount for f in group)
            if total < 100:
                shown = " and ".join(f.mention.text for f in group)
                rest = figure("percent", 100 - total, "%")
                how = f"100% minus {shown} leaves {rest}"
                derived.append(_derived("percent", 100 - total, "%", group[0], group[1], how))
    if published is not None:
        for fact in facts:
            mention = fact.mention
            if (
                mention.kind == "duration"
                and mention.unit in ("year", "decade", "century")
                and P.AGO_AFTER.match(norm, mention.end)
            ):
                years = round(mention.amount / 365.25)
                year = float(published.year - years)
                how = f"{mention.text} ago, from {published.year}, is {int(year)}"
                derived.append(_derived("year", year, None, fact, None, how))
            elif (year := _year_of(mention)) is not None and year <= published.year:
                # "founded in 1921" makes an organisation 103 years old in 2024; "opened on
                # May 22, 2004" opened 21 years before 2025, which backs only "21 years ago".
                age = float(published.year - year)
                how = f"{mention.text} was {int(age)} years before {published.year}"
                ago = None if mention.kind == "year" else AGO
                derived.append(_derived("age", age, "year", fact, None, how, dimension="age",
                                        role=ago))  # fmt: skip
    return derived


# "$1,100 a month", "£92.16 a year", "£2.4m a day": a rate, and how many of each period a
# year has, as people reckon them (12 months, 52 weeks, 365 days).
_PER_PERIOD = re.compile(
    r"\s*(?:a|an|per|each|every|/)\s*(?P<period>day|week|month|year)\b", re.IGNORECASE
)
_PER_YEAR = {"day": 365.0, "week": 52.0, "month": 12.0, "year": 1.0}


def _per_period(norm: str, facts: list[Fact]) -> list[Fact]:
    """ "$1,100 a month" is "$13,200 a year"; "£92.16 a year" is "£7.68 a month". Each rate is
    restated per other period, with that period as a word of its own, so that a claim about a
    yearly sum meets the monthly one."""
    found = []
    for fact in facts:
        mention = fact.mention
        if (mention.kind not in ("money", "count") or mention.hedge == "vague"
                or not math.isfinite(mention.amount)):  # fmt: skip
            continue
        match = _PER_PERIOD.match(norm, mention.end)
        if match is None:
            continue
        period = match.group("period").lower()
        for other, count in _PER_YEAR.items():
            if other == period:
                continue
            value = mention.amount * _PER_YEAR[period] / count
            shown = figure(mention.kind, value, mention.unit, mention.currency)
            how = f"{mention.text} a {period} is {shown} a {other}"
            derived = _derived(mention.kind, value, mention.unit, fact, None, how,
                               mention.currency, mention.dimension)  # fmt: skip
            derived.bag[stem(other)] = LOCAL_WEIGHT
            found.append(derived)
    return found


_TALLY_GAP = re.compile(r"\s*(?:[A-Za-z]+\s+)?(?:to|-|–)\s*")


def _implied(norm: str, facts: list[Fact]) -> list[Fact]:
    """ "30% of 52,000 customers", "double that", "two other finalists" (see ``implied``)."""
    mentions = [fact.mention for fact in facts]
    found = []
    for figure_ in implied_figures(norm, mentions, lambda i: facts[i].sentence):
        base = facts[figure_.base]
        other = facts[figure_.other] if figure_.other is not None else None
        money = base.mention.currency if figure_.kind == "money" else None
        found.append(_derived(figure_.kind, figure_.value, figure_.unit, base, other,
                              figure_.how, money))  # fmt: skip
    return found


def _tallies(norm: str, facts: list[Fact]) -> list[Fact]:
    """ "by six votes to three" states the score "6-3" without writing it."""
    found = []
    for first, second in itertools.pairwise(facts):
        a, b = first.mention, second.mention
        if (
            a.kind == b.kind == "count"
            and first.sentence == second.sentence
            and a.hedge is None
            and b.hedge is None
            and _TALLY_GAP.fullmatch(norm, a.end, b.start)
        ):
            high, low = max(a.amount, b.amount), min(a.amount, b.amount)
            key = f"{high:g}-{low:g}"
            mention = replace(a, text=key, kind="score", value=key, key=key, end=b.end)
            how = f"{norm[a.start : b.end]} is {a.amount:g}-{b.amount:g}"
            found.append(Fact(mention, first.sentence, dict(first.bag), how, (a, b)))
    return found


_SPAN_GAP = re.compile(r"\s*(?:-{1,2}|\u2013|to|and|until|till)\s*", re.IGNORECASE)


def _year_spans(norm: str, facts: list[Fact]) -> list[Fact]:
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


def _years_between(years: float, first: Fact, second: Fact, how: str,
                   relative: bool = False) -> Fact:  # fmt: skip
    """A duration of ``years`` derived from two year facts, with both facts' words."""
    return _duration_fact(float(years), years * 365.25, "year", first, second, how,
                          RELATIVE if relative else None)  # fmt: skip


def _duration_fact(value: float, days: float, unit: str | None, first: Fact, second: Fact,
                   how: str, mark: str | None = None) -> Fact:  # fmt: skip
    """A duration derived from two facts (``value`` in ``unit``, ``days`` long), with both
    facts' words, their roles left out, and ``mark`` ("@rel", "@by") if given."""
    mention = Mention(text=f"{value:g} {unit or 'day'}s", start=first.mention.start,
                      end=first.mention.end, kind="duration", value=value, low=days,
                      high=days, unit=unit, dimension="time", amount=days)  # fmt: skip
    bag = _shared_words(first, second)
    if mark:
        bag[mark] = LOCAL_WEIGHT
    return Fact(mention, first.sentence, bag, how, (first.mention, second.mention))


_GAP_YEARS_MAX = 150


def _year_of(mention: Mention) -> int | None:
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
    two unrelated years. ``align`` asks for them only for such a claim, so an article pays
    for its many pairs of dates only when a briefing says "N years later"."""
    if claim.kind != "duration" or not (math.isfinite(claim.low) and claim.high > 0):
        return []
    low, high = claim.low * _GAP_WINDOW[0], claim.high * _GAP_WINDOW[1]
    found = []
    dated = [(year, fact) for fact in facts if (year := _year_of(fact.mention)) is not None]
    for (first_year, first), (second_year, second) in itertools.combinations(dated, 2):
        years = abs(second_year - first_year)
        if 0 < years <= _GAP_YEARS_MAX and low <= years * 365.25 <= high:
            how = f"{first.mention.text} and {second.mention.text} are {years} years apart"
            found.append(_years_between(years, first, second, how, relative=True))
    days = [(int(f.mention.low), f) for f in facts if f.mention.kind == "date"
            and math.isfinite(f.mention.low) and f.mention.low == f.mention.high]  # fmt: skip
    for (first_day, first), (second_day, second) in itertools.combinations(days, 2):
        gap = abs(second_day - first_day)
        if 0 < gap <= _GAP_DAYS_MAX and low <= gap <= high:
            how = f"{first.mention.text} and {second.mention.text} are {gap} days apart"
            found.append(_duration_fact(float(gap), float(gap), "day", first, second, how,
                                        RELATIVE))  # fmt: skip
    return found


_OFFSET_AFTER = re.compile(r"\s+(?P<way>later|after|before|earlier|prior)\b", re.IGNORECASE)


def _offset_dates(norm: str, facts: list[Fact]) -> list[Fact]:
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
        found.append(Fact(derived, fact.sentence, _shared_words(fact, anchor), how,
                          (mention, anchor.mention)))  # fmt: skip
    return found


_ORDINAL_COUNT_MAX = 20


def _ordinal_counts(facts: list[Fact]) -> list[Fact]:
    """ "a second café" means two cafés; "her fifth goal of the season", five goals."""
    found = []
    for fact in facts:
        mention = fact.mention
        if (mention.kind != "ordinal" or mention.unit is None or mention.hedge is not None
                or not 2 <= mention.amount <= _ORDINAL_COUNT_MAX):  # fmt: skip
            continue
        how = f"{mention.text} {mention.unit} means {mention.amount:g} of them"
        found.append(_derived("count", mention.amount, mention.unit, fact, None, how))
    return found


def _figure_parts(facts: list[Fact]) -> list[Fact]:
    """ "six for 58" also says six wickets and 58 runs (see ``figures``)."""
    found = []
    for fact in facts:
        mention = fact.mention
        if mention.kind != "score" or " for " not in f" {mention.text.lower()} ":
            continue
        first, second = (int(part) for part in str(mention.value).split("-"))
        for value, unit in figure_parts(first, second):
            how = f"{mention.text} is {value:g} {unit or 'of a figure'}"
            found.append(_derived("count", value, unit, fact, None, how))
    return found


_NEGLIGIBLE = 0.01


def _pair_facts(first: Fact, second: Fact) -> list[Fact]:
    a, b = first.mention, second.mention
    kind, unit, currency, dimension = a.kind, a.unit, a.currency, a.dimension
    x, y = a.amount, b.amount
    out: list[Fact] = []
    difference = abs(x - y)
    if kind == "count" and noun_relation(a.unit, b.unit, a.noun_phrase, b.noun_phrase) is None:
        difference = 0.0  # 85 nurses minus 12 consultants means nothing
    if min(abs(x), abs(y)) < _NEGLIGIBLE * max(abs(x), abs(y)):
        # 2.4 million passengers and 1,850 staff: a sum or difference that leaves the larger
        # figure as it was only restates it, under a name that may not be its own.
        return []
    shared = _shared_words(first, second)
    if difference > 0:
        diff_unit = "pp" if kind == "percent" else (unit or b.unit)
        shown = figure(kind, difference, diff_unit, currency, dimension)
        out.append(_derived(kind, difference, diff_unit, first, second,
                            f"{a.text} and {b.text} differ by {shown}", currency, dimension,
                            "@by", shared))  # fmt: skip
    if kind != "percent" and first.sentence == second.sentence:
        total = x + y
        # 85 nurses and 12 consultants make 97 staff: the sum counts something broader.
        same = kind != "count" or noun_relation(a.unit, b.unit) == 1.0
        total_unit = unit if same else None
        shown = figure(kind, total, total_unit, currency, dimension)
        out.append(
            _derived(
                kind,
                total,
                total_unit,
                first,
                second,
                f"{a.text} and {b.text} add up to {shown}",
                currency,
                dimension,
                shared=shared,
            )
        )
    if kind in ("count", "money", "percent") and difference > 0:
        for old, old_text, new_text in ((x, a.text, b.text), (y, b.text, a.text)):
            if old > 0:
                change = difference / old * 100.0
                shown = figure("percent", change, "%")
                out.append(_derived("percent", change, "%", first, second,
                                    f"{old_text} to {new_text} is a {shown} change",
                                    role="@by", shared=shared))  # fmt: skip
    return out


def differences_for(claim: Mention, facts: tuple[Fact, ...] | list[Fact],
                    compared: bool = False) -> list[Fact]:  # fmt: skip
    """Differences of two figures anywhere in the article that come near ``claim``'s value.

    ``derive`` pairs figures of the same or the next sentence only, for every article: a
    difference between any two figures of a long article would back many a wrong number by
    chance. A claim that itself states a difference ("cut the price by £30", "26 minutes
    faster than the bus", "46 pairs short of") asks for exactly this arithmetic, so for such
    a claim alone the pairs are looked for across the article (``align`` still asks the pair
    to be about the claim's things, more than for a near pair). Percentage points only for a
    claim that ``compared`` itself with something ("4.4 points more than Helder's share"):
    "cut by 0.5 points" alone would find two unrelated rates sentences apart too often."""
    points = compared and claim.kind == "percent" and claim.unit == "pp"
    if ((claim.kind not in _DIFFERENCE_KINDS and not points) or not math.isfinite(claim.amount)
            or claim.amount <= 0):  # fmt: skip
        return []
    low, high = claim.low * 0.9, claim.high * 1.1
    usable = [f for f in facts if f.mention.kind == claim.kind and f.mention.hedge != "vague"
              and math.isfinite(f.mention.amount)
              and (not points or f.mention.unit == "%")]  # fmt: skip
    found = []
    for i, j in _pairs_apart_by(usable, low, high):
        first, second = usable[i], usable[j]
        a, b = first.mention, second.mention
        if abs(second.sentence - first.sentence) <= _SENTENCE_REACH or not _compatible(a, b):
            continue  # near pairs are ``derive``'s
        difference = abs(a.amount - b.amount)
        if not low <= difference <= high or min(a.amount, b.amount) < _NEGLIGIBLE * max(
                a.amount, b.amount):  # fmt: skip
            continue  # "£8 million and 284p": the difference only restates the larger figure
        if a.kind == "count" and (a.unit is None or noun_relation(a.unit, b.unit) != 1.0):
            continue  # counts of the same named thing only ("260 pairs", "214 pairs")
        if a.kind == "duration":
            value = difference / TIME_UNITS.get(claim.unit or "day", 1.0)
            how = f"{a.text} and {b.text} differ by {value:g} {claim.unit or 'day'}s"
            found.append(_duration_fact(value, difference, claim.unit, first, second, how, "@by"))
            continue
        unit = "pp" if points else a.unit or b.unit
        shown = figure(a.kind, difference, unit, a.currency, a.dimension)
        found.append(_derived(a.kind, difference, unit, first, second,
                              f"{a.text} and {b.text} differ by {shown}", a.currency,
                              a.dimension, "@by"))  # fmt: skip
    return found


def shares_for(claim: Mention, facts: Sequence[Fact], far: bool = False) -> list[Fact]:
    """The part of a whole that a proportion in words names ("183,000 people, nearly
    three-quarters of the target" of 254,000): the shares of pairs of counts or sums of money
    of the same or the next sentence, whatever their value (``align`` takes the one most about
    the claim, so that Eastfold's share is not backed by the county's). Made only for such a claim
    (``proportions``): as facts of every article they would back many a wrong percentage by
    chance, and a proportion in words is loose enough for arithmetic to be what it says.
    ``far``: instead, pairs sentences apart ("repaid £420,000" of "stealing £1.8 million"),
    of the same named thing or currency only (``align`` asks them to be more about the claim).
    A part with no noun of its own ("of which 14,200 were vinyl") must share the whole's
    sentence: "conceding 29" is no share of "42 league games"."""
    if not is_proportion(claim):
        return []
    usable = [(index, f.mention.amount) for index, f in enumerate(facts)
              if f.mention.kind in ("count", "money") and f.mention.hedge != "vague"
              and math.isfinite(f.mention.amount)]  # fmt: skip
    found = []
    for part_index, whole_index in share_pairs(usable):
        part, whole = facts[part_index], facts[whole_index]
        a, b = part.mention, whole.mention
        apart = abs(part.sentence - whole.sentence)
        if apart > _SENTENCE_REACH if not far else apart <= _SENTENCE_REACH:
            continue
        if not _compatible(a, b):
            continue
        if a.kind == "count":
            relation = noun_relation(a.unit, b.unit, a.noun_phrase, b.noun_phrase)
            if relation is None or (a.unit is None and apart) or (far and relation != 1.0):
                continue  # 12 consultants are no share of 85 nurses
        share = 100.0 * a.amount / b.amount
        shown = figure("percent", share, "%")
        found.append(_derived("percent", share, "%", part, whole,
                              f"{a.text} is {shown} of {b.text}"))  # fmt: skip
    return found


def _pairs_apart_by(facts: list[Fact], low: float, high: float) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of the facts whose amounts differ by ``low`` to
    ``high``, in text order: found by bisection over the sorted amounts, as an article of
    1,000 words has some 170 figures and 14,000 pairs, of which a claim's value fits a few."""
    order = sorted(range(len(facts)), key=lambda index: facts[index].mention.amount)
    amounts = [facts[index].mention.amount for index in order]
    found = set()
    for position, index in enumerate(order):
        start = bisect.bisect_left(amounts, amounts[position] + low)
        end = bisect.bisect_right(amounts, amounts[position] + high)
        for other in order[start:end]:
            if other != index:
                found.add((min(index, other), max(index, other)))
    return sorted(found)


# Not percentages: two rates sentences apart differ by some points by chance too often.
_DIFFERENCE_KINDS = ("count", "money", "duration")
