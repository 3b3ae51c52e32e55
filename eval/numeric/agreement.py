"""Whether a claim's value agrees with a source mention's: hedges, rounding, dates.

The second half of judging a claim (``align`` finds the source mentions about the same thing):
"nearly 10,000" agrees with 9,800, "more than 10,000" does not; "March 3, 2019" is not backed
by "March 2019" (it says more) nor contradicted by it; an unanchored "Monday" agrees with
"Monday". ``comparable`` says whether a different value would contradict the claim at all.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from eval.numeric.currencies import same_currency
from eval.numeric.extract import hedge_family
from eval.numeric.lexicon import HEDGE_FAMILIES
from eval.numeric.mention import Mention
from eval.numeric.proportions import is_proportion
from eval.numeric.values import half_last_digit

_ROUNDING = 0.025
# A hedged bound may be rounded towards safety by this much: "more than $3m" for "more than
# $3.4m" (not "more than 1,000" for "more than 40,000", which hides the figure).
_WEAKER_BOUND = 0.75
# Hedges that point the same way: "in under three hours" and "within three hours" agree
# when their figures do.
_DIRECTION = {"above": "up", "atleast": "up", "below": "down", "upto": "down", "nearly": "near"}
_WEEKDAY_ONLY = re.compile(
    r"^(?:(?:last|next|this)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day$", re.IGNORECASE
)
_APPROX_AGAINST = {"approx", None}
# Kinds an age meets in another unit (``agrees``) or never contradicts (``comparable``).
_DURATION_AND_AGE = frozenset({("duration", "age"), ("age", "duration")})
_AGE_PAIRS = _DURATION_AND_AGE | {("count", "age"), ("age", "count")}
EXPLICIT_YEAR = re.compile(r"\b(?:1[5-9]\d\d|20\d\d)\b")


def comparable(claim: Mention, other: Mention) -> bool:
    """Whether a different value would contradict the claim (not just be about other things)."""
    if claim.kind == "year" and other.kind == "date":
        return bool(EXPLICIT_YEAR.search(other.text))  # "Monday" does not contradict "2019"
    if (claim.kind, other.kind) in _AGE_PAIRS:
        return False  # a duration or a count is no rival of an age
    if claim.kind == "date":
        if _WEEKDAY_ONLY.search(other.text) and not _WEEKDAY_ONLY.search(claim.text):
            return False  # "on August 18" is not contradicted by a "Tuesday" elsewhere
        anchored = not math.isnan(claim.low) and not math.isnan(other.low)
        if not anchored and _WEEKDAY_ONLY.search(claim.text) and not _WEEKDAY_ONLY.search(
                other.text):  # fmt: skip
            return False  # with no year to place them, "Saturday" and "4 December" never meet
        if anchored and _finer(claim, other):
            return False  # a day within a month the source names: more precise, not wrong
        return anchored or bool(claim.key and other.key)
    if claim.kind == "score":
        return True
    if claim.kind == other.kind == "duration" and _far_apart(claim, other):
        return False  # a finishing time "2:20:45" is no rival of the winning margin "58 seconds"
    if claim.kind == "money" and not same_currency(claim.currency, other.currency):
        # "850 million dinars (about $6.1 million)": a sum in another currency is a conversion,
        # not a rival; only the same figure in another currency ("€5m" for "£5m") contradicts.
        return claim.low <= other.amount <= claim.high or other.low <= claim.amount <= other.high
    if is_proportion(other) and not is_proportion(claim):
        # "made up about a fifth of the trial" is a share of a group; a rate in digits ("its
        # efficacy was 52%", "a rent cap of 3%") is no share of it. The proportion still backs
        # "about 20% of the volunteers"; a wrong share in digits is then flagged as unsupported.
        return False
    return not (claim.hedge == "vague" or other.hedge == "vague")


# Durations this many times apart measure different spans (a race and a margin in it), unless
# they state the same figure in another unit ("three days" for "three years", an error); only
# such a pair adds up to a third duration (``derive``: a time and its margin).
DURATION_SPREAD = 30.0


def _far_apart(claim: Mention, other: Mention) -> bool:
    small, big = sorted((abs(claim.amount), abs(other.amount)))
    return claim.value != other.value and small > 0 and big / small > DURATION_SPREAD


def agrees(claim: Mention, other: Mention) -> bool:
    """Whether the source mention's value is consistent with the claim's (hedges, rounding)."""
    if claim.kind == "score" or other.kind == "score":
        return claim.key == other.key
    if claim.per and other.per and claim.per != other.per:
        return False  # "£190 a week" is not "£190 a month"
    if claim.kind == other.kind == "percent" and {claim.unit, other.unit} == {"%", "pp"}:
        return False  # "rose 24%" is not "rose 24 percentage points"
    if claim.key or other.key:
        if _keys_agree(claim, other):
            return True
        if not (_anchored(claim) and _anchored(other)):
            return _key_fits_reading(claim, other) or _key_fits_reading(other, claim)
    if claim.kind == "year" and other.kind == "date":
        return not math.isnan(other.low) and _overlap(
            (claim.low, claim.high), _years((other.low, other.high))
        )
    if claim.kind == "date":
        if _finer(claim, other):
            return False  # "March 3, 2019" is not backed by "March 2019" (nor contradicted)
        return any(_overlap(mine, theirs) for mine in claim.intervals()
                   for theirs in other.intervals())  # fmt: skip
    if claim.kind == "money" and not same_currency(claim.currency, other.currency):
        return False
    if claim.dimension != other.dimension and claim.kind == other.kind == "count":
        return False
    if claim.kind == "ordinal":
        return claim.low == other.low
    if claim.kind == "year":
        return _overlap((claim.low, claim.high), (other.low, other.high))
    if (claim.kind, other.kind) in _DURATION_AND_AGE:
        return _values_agree(_in_years(claim), _in_years(other))
    return _values_agree(claim, other)


@dataclass(frozen=True)
class _Value:
    amount: float
    low: float
    high: float
    tolerance: float
    hedge: str | None
    rounding: float


def _in_years(mention: Mention) -> _Value:
    factor = 365.25 if mention.kind == "duration" else 1.0
    return _Value(mention.amount / factor, mention.low / factor, mention.high / factor,
                  mention.tolerance / factor, mention.hedge,
                  rounding_of(mention) / factor)  # fmt: skip


def _values_agree(claim, other) -> bool:
    """Hedge-aware comparison of two figures in the same base unit.

    Exact claim: the claim (with its rounding) must fall in what the source asserts, so
    dropping a hedge ("48" for "at least 48") is fine. Hedged claim: the source figure must
    fall in the claim's range ("nearly 10,000" for "9,800"); "more than 10,000" does not
    agree with "almost 9,800". Same hedge on both sides: the figures themselves must agree
    ("at least 84" is not "at least 48").
    """
    if not (math.isfinite(claim.amount) and math.isfinite(other.amount)):
        return False
    if claim.hedge in ("vague", "range") or other.hedge in ("vague", "range"):
        return _overlap((claim.low - claim.tolerance, claim.high + claim.tolerance),
                        (other.low, other.high))  # fmt: skip
    mine, theirs = hedge_family(claim.hedge), hedge_family(other.hedge)
    if mine is None:
        point = (claim.amount - claim.tolerance, claim.amount + claim.tolerance)
        if theirs is not None:
            # A hedged source figure backs an exact claim only as that figure: "3,412 people"
            # for "about 3,400" says it more precisely, and "48" for "at least 48" drops the
            # hedge; "3,700" for "about 3,400", "81mph" for "up to 94mph" or "a 14-year-old"
            # for "under 16" is another figure inside the hedge's span.
            rounding = other.rounding if isinstance(other, _Value) else rounding_of(other)
            if abs(claim.amount - other.amount) > rounding + claim.tolerance + 1e-9:
                return False
        return _overlap(point, (other.low, other.high))
    if _opposite_bounds(mine, theirs):
        # "at least 15 minutes" for "up to 15 minutes", "up to 37 homes" for "at least 37":
        # a floor is not a ceiling, though both touch the figure itself.
        return False
    if _DIRECTION.get(mine) is not None and _DIRECTION.get(mine) == _DIRECTION.get(theirs):
        slack = max(claim.tolerance, _ROUNDING * abs(claim.amount))
        if abs(claim.amount - other.amount) <= slack + 1e-9:
            return True
        # "more than $3m" for "more than $3.4m" is the source's bound rounded the safe way;
        # "more than 84" for "more than 48" claims more than the source says, and "more than
        # 18 years" for "more than 20 years" is no rounding at all. A maximum ("up to 75mph")
        # is itself the figure, so it gets no such slack.
        direction = _DIRECTION[mine]
        if direction == "up":
            return (other.amount * _WEAKER_BOUND <= claim.amount <= other.amount
                    and _rounder(claim, other))  # fmt: skip
        if mine == theirs == "below" and claim.kind == "percent":
            # "fewer than one in four" for "fewer than one in five" (not "children under 14"
            # for "under 12": an age or a count under a bound is a category's definition)
            return other.amount <= claim.amount <= other.amount / _WEAKER_BOUND
        return False  # "up to 90mph" is not "up to 75mph": the bound is the figure
    if mine == "nearly" and theirs == "approx" and math.isclose(claim.amount, other.amount):
        return True  # "nearly 300" for "around 300": the source's figure may be either side
    if mine == "approx" and theirs in _APPROX_AGAINST:
        # "about 210" for "an estimated 200" is more precise than the source: an approximate
        # figure must also be the source's figure rounded at its own last digit.
        rounding = claim.rounding if isinstance(claim, _Value) else rounding_of(claim)
        if abs(claim.amount - other.amount) > rounding + 1e-9:
            return False
    if _DIRECTION.get(mine) == "up" and theirs is None and not _rounder(claim, other):
        # A floor below an exact figure is that figure rounded down: "more than 20 years" or
        # "over 500,000" for 572,206, not "at least 14 people" for 16 (no rounder than 16).
        return False
    low_open, high_open = HEDGE_FAMILIES[mine][2], HEDGE_FAMILIES[mine][3]
    value = other.amount
    slack = 1e-9 * max(1.0, abs(value))
    above_low = value > claim.low + slack if low_open else value >= claim.low - slack
    below_high = value < claim.high - slack if high_open else value <= claim.high + slack
    return above_low and below_high


def _opposite_bounds(mine: str | None, theirs: str | None) -> bool:
    """A stated floor ("at least", "or more") against a stated ceiling ("up to", "at most"),
    either way. Not the open "more than" and "under": "benefits up to 10,000 steps" for "the
    benefit levelled off above 10,000 steps" names one threshold from its two sides."""
    return {mine, theirs} == {"atleast", "upto"}


def _rounder(claim, other) -> bool:
    """Whether the claim's bound is a rounder figure than the source's (its last non-zero
    digit in a higher place, or a five where the source has another digit), or the source's
    own figure: the only ways a writer turns a figure into a bound below it."""
    if abs(claim.amount - other.amount) <= 1e-9 * max(1.0, abs(other.amount)):
        return True
    return _rounding(claim) > _rounding(other) + 1e-9


def _rounding(figure) -> float:
    return figure.rounding if isinstance(figure, _Value) else rounding_of(figure)


def rounding_of(mention: Mention) -> float:
    """Half the place of the stated figure's last non-zero digit, in base units: "200" -> 50,
    "210" -> 5, "£2.1 million" -> £50,000, "3.5%" -> 0.05, "11 hours" -> half an hour."""
    if is_proportion(mention):
        return mention.tolerance  # "about a third" is 30% to 37% (``proportions``)
    stated = mention.value
    if not isinstance(stated, (int, float)) or not stated or not math.isfinite(stated):
        return mention.tolerance
    return _half_place(stated) * abs(mention.amount / stated)


@lru_cache(maxsize=8192)
def _half_place(stated: float) -> float:
    """``rounding_of`` in the stated figure's own unit, remembered: every claim compared with
    a source figure asks it again, and it is read from the figure's written digits."""
    text = f"{abs(stated):.6f}".rstrip("0")
    places = len(text.partition(".")[2])
    half = 0.5 * 10.0**-places if places else half_last_digit(abs(round(stated)))
    if text.rstrip(".").rstrip("0").endswith("5") and text.rstrip(".") != "5":
        half *= 5  # "about 25m" for 23m, "about 150" for 140: rounded to a multiple of five
    return half


def _years(reading: tuple[float, float]) -> tuple[float, float]:
    low, high = reading
    return (float(date.fromordinal(int(low)).year), float(date.fromordinal(int(high)).year))


def _overlap(claim: tuple[float, float], other: tuple[float, float]) -> bool:
    slack = 1e-9 * max(1.0, abs(claim[0]), abs(claim[1]))
    return claim[0] - slack <= other[1] and other[0] <= claim[1] + slack


def _anchored(mention: Mention) -> bool:
    return not math.isnan(mention.low)


def _finer(claim: Mention, other: Mention) -> bool:
    """Whether every reading of ``claim`` is a single day and every reading of ``other`` a
    longer period (a month): the claim says more than the source."""
    if math.isnan(claim.low) or math.isnan(other.low):  # not ``_anchored``
        return False
    # No interval lists built: every date claim asks this of every source date.
    for low, high in claim.readings or ((claim.low, claim.high),):
        if high - low >= 1:
            return False
    return all(high - low >= 1 for low, high in other.readings or ((other.low, other.high),))


def _key_fits_reading(keyed: Mention, dated: Mention) -> bool:
    """An unanchored "March 3" (key "md:3-3") against a dated "March 3, 2019"."""
    if not keyed.key or not _anchored(dated) or dated.kind != "date":
        return False
    kind, _, value = keyed.key.partition(":")
    if kind not in ("md", "month"):
        return False
    for low, high in dated.intervals():
        first, last = date.fromordinal(int(low)), date.fromordinal(int(high))
        if kind == "md" and first == last and value == f"{first.month}-{first.day}":
            return True
        if kind == "month" and first.month == last.month and value == str(first.month):
            return True
    return False


def _keys_agree(claim: Mention, other: Mention) -> bool:
    """Unanchored dates: "Monday" with "Monday", "--06" with a June date."""
    if claim.key and other.key:
        if claim.key == other.key:
            return True
        a, b = claim.key.split(":", 1), other.key.split(":", 1)
        if {a[0], b[0]} == {"month", "md"}:
            return a[1].split("-")[0] == b[1].split("-")[0]
    return False
