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
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from eval.numeric import patterns as P
from eval.numeric.agreement import DURATION_SPREAD
from eval.numeric.context import LOCAL_WEIGHT
from eval.numeric.currencies import same_currency
from eval.numeric.derived import derived_fact, shared_words
from eval.numeric.facts import AGO, Fact
from eval.numeric.figures import figure_parts
from eval.numeric.format import figure
from eval.numeric.gaps import date_spans, duration_fact, offset_dates, year_of, year_spans
from eval.numeric.implied import implied_figures
from eval.numeric.lexicon import TIME_UNITS
from eval.numeric.mention import Mention
from eval.numeric.nouns import lemma, noun_relation, stem
from eval.numeric.proportions import is_proportion, share_pairs

_ARITHMETIC_KINDS = ("count", "money", "percent", "duration")
_START = "@start"  # the mark of "from 4,200", "since 2003": where a change starts (``facts``)
_SENTENCE_REACH = 1  # pairs come from the same or the next sentence


def _compatible(a: Mention, b: Mention) -> bool:
    if (a.kind != b.kind or not same_currency(a.currency, b.currency)
            or a.dimension != b.dimension):  # fmt: skip
        return False
    # durations meet in days: "1:52.41" and "0.44 seconds" make the old record, 1:52.85
    return a.unit == b.unit or a.kind in ("count", "percent", "money", "duration")


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
    derived.extend(year_spans(norm, facts))
    derived.extend(date_spans(norm, facts))
    derived.extend(offset_dates(norm, facts))
    derived.extend(_figure_parts(facts))
    derived.extend(_ordinal_counts(norm, facts))
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
                derived.append(derived_fact("percent", 100 - total, "%", group[0], group[1], how))
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
                derived.append(derived_fact("year", year, None, fact, None, how))
            elif (year := year_of(mention)) is not None and year <= published.year:
                # "founded in 1921" makes an organisation 103 years old in 2024; "opened on
                # May 22, 2004" opened 21 years before 2025, which backs only "21 years ago".
                age = float(published.year - year)
                how = f"{mention.text} was {int(age)} years before {published.year}"
                ago = None if mention.kind == "year" else AGO
                derived.append(derived_fact("age", age, "year", fact, None, how, dimension="age",
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
            derived = derived_fact(mention.kind, value, mention.unit, fact, None, how,
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
        found.append(derived_fact(figure_.kind, figure_.value, figure_.unit, base, other,
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


_ORDINAL_COUNT_MAX = 20


def _ordinal_counts(norm: str, facts: list[Fact]) -> list[Fact]:
    """ "a second café" means two cafés; "her fifth goal of the season", five goals."""
    found = []
    for fact in facts:
        mention = fact.mention
        if mention.kind != "ordinal" or mention.unit is None or mention.hedge is not None:
            continue
        if not (2 <= mention.amount <= _ORDINAL_COUNT_MAX or _cumulative(norm, mention)):
            continue
        how = f"{mention.text} {mention.unit} means {mention.amount:g} of them"
        found.append(derived_fact("count", mention.amount, mention.unit, fact, None, how))
    return found


# "his 47th game of the season", "her 147th cap": the possessive and a thing one collects over
# a career or a season make the ordinal a running count, however large ("the 89th minute",
# "its 150th anniversary" and "the 52nd edition" count nothing).
_COLLECTED = frozenset(
    {"game", "match", "appearance", "cap", "goal", "start", "win", "victory", "title", "try",
     "century", "wicket", "run", "point", "medal", "trophy", "race", "film", "album", "book",
     "novel", "episode", "performance", "show", "concert", "case", "arrest", "conviction"}
)  # fmt: skip


def _cumulative(norm: str, ordinal: Mention) -> bool:
    """Whether an unhedged ordinal with a noun is a running count ("his 47th game")."""
    return (
        lemma(ordinal.unit or "") in _COLLECTED
        and ordinal.amount < 1000
        and bool(_POSSESSIVE.search(norm, max(0, ordinal.start - 12), ordinal.start))
    )


_POSSESSIVE = re.compile(r"(?:\b(?:his|her|their|its|our)|'s?)\s+$", re.IGNORECASE)


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
            found.append(derived_fact("count", value, unit, fact, None, how))
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
    if kind != "duration" and min(abs(x), abs(y)) < _NEGLIGIBLE * max(abs(x), abs(y)):
        # 2.4 million passengers and 1,850 staff: a sum or difference that leaves the larger
        # figure as it was only restates it, under a name that may not be its own.
        return []
    shared = shared_words(first, second)
    if difference > 0:
        diff_unit = _difference_unit(a, b) if kind == "percent" else (unit or b.unit)
        shown = figure(kind, difference, diff_unit, currency, dimension)
        out.append(derived_fact(kind, difference, diff_unit, first, second,
                            f"{a.text} and {b.text} differ by {shown}", currency, dimension,
                            "@by", shared))  # fmt: skip
    if kind != "percent" and first.sentence == second.sentence and (
            kind != "duration" or max(x, y) > DURATION_SPREAD * min(x, y)):  # fmt: skip
        # two durations add up only as a time and a margin ("1:52.41 ... 0.44 seconds" is
        # 1:52.85): "eight minutes and 22 minutes" of one journey make no 30-minute anything
        total = x + y
        # 85 nurses and 12 consultants make 97 staff: the sum counts something broader.
        same = kind != "count" or noun_relation(a.unit, b.unit) == 1.0
        total_unit = unit if same else None
        shown = figure(kind, total, total_unit, currency, dimension)
        out.append(
            derived_fact(
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
    if difference > 0:  # a percentage change, for every kind the arithmetic takes
        # Which is the old value: the one the article marks as where a change started ("up
        # from £1.9 million"), else either (a change from £3.2 million to £1.9 million is no
        # 40% rise).
        starts = (_START in first.bag, _START in second.bag)
        for old, old_text, new_text, start in ((x, a.text, b.text, starts[0]),
                                               (y, b.text, a.text, starts[1])):  # fmt: skip
            if old > 0 and (start or not any(starts)):
                change = difference / old * 100.0
                shown = figure("percent", change, "%")
                out.append(derived_fact("percent", change, "%", first, second,
                                    f"{old_text} to {new_text} is a {shown} change",
                                    role="@by", shared=shared))  # fmt: skip
    return out


def _difference_unit(a: Mention, b: Mention) -> str:
    """Two rates differ by points; a rate and a change in points of it leave a rate ("rose by
    24 percentage points to 38.6%" started at 14.6%)."""
    return "%" if {a.unit, b.unit} == {"%", "pp"} else "pp"


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
            found.append(duration_fact(value, difference, claim.unit, first, second, how, "@by"))
            continue
        unit = "pp" if points else a.unit or b.unit
        shown = figure(a.kind, difference, unit, a.currency, a.dimension)
        found.append(derived_fact(a.kind, difference, unit, first, second,
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
        found.append(derived_fact("percent", share, "%", part, whole,
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
