"""Turn a read number into a ``Mention``: interval from its hedge, rounding tolerance, units.

The rules that decide how much a briefing may round or hedge a figure live here, in one place:
an exact figure may be rounded the way news rounds ("10,000" for 9,800, never "45,000" for
44,000), a hedge turns a figure into a range, durations and measures are stored in base units
so that "42 months" meets "three and a half years".
"""

from __future__ import annotations

from dataclasses import replace

from eval.numeric.lexicon import (
    HEDGE_FAMILIES,
    HEDGES,
    MEASURE_NAMES,
    MEASURES,
    POST_HEDGES,
    TIME_UNITS,
)
from eval.numeric.mention import Mention


def make_mention(
    text: str,
    *,
    kind: str,
    value: float,
    places: int,
    round_number: bool,
    start: int,
    end: int,
    hedge: str | None,
    scale: float,
    base: float | None = None,
    unit: str | None = None,
    currency: str | None = None,
    dimension: str | None = None,
    noun_phrase: tuple[str, ...] = (),
    unit_size: float = 0.0,
) -> Mention:
    """A mention with its interval: hedge range or the exact value, plus claim tolerance."""
    base_value = value if base is None else base
    per_unit = base_value / value if value else 1.0
    if kind in ("ordinal", "year"):
        hedge = None
    low, high = hedged(base_value, hedge)
    if kind in ("ordinal", "year", "age"):
        tolerance = 0.0
    elif kind == "duration":
        tolerance = 0.25 * unit_size if not places else 0.5 * 10.0 ** (-places) * unit_size
    elif places:
        tolerance = 0.5 * 10.0 ** (-places) * scale * abs(per_unit)
    elif round_number:
        tolerance = min(0.025 * abs(base_value), half_last_digit(value) * abs(per_unit))
    else:
        tolerance = 0.5 * scale * abs(per_unit)
    return Mention(
        text=text[start:end],
        start=start,
        end=end,
        kind=kind,
        value=value,
        low=low,
        high=high,
        tolerance=tolerance,
        hedge=hedge,
        scale=scale,
        currency=currency,
        unit=unit,
        dimension=dimension,
        noun_phrase=noun_phrase,
        amount=base_value,
    )


def hedged(value: float, hedge: str | None) -> tuple[float, float]:
    family = hedge_family(hedge)
    if family is None:
        return value, value
    low, high = value * HEDGE_FAMILIES[family][0], value * HEDGE_FAMILIES[family][1]
    return (min(low, high), max(low, high))


def hedge_family(hedge: str | None) -> str | None:
    if hedge is None:
        return None
    return HEDGES.get(hedge) or POST_HEDGES.get(hedge)


def half_last_digit(value: float) -> float:
    """Half the place value of the last non-zero digit: 10,000 -> 5,000; 45,000 -> 500."""
    if value <= 0 or value != int(value):
        return 0.5
    place = 1
    integer = int(value)
    while integer % (place * 10) == 0:
        place *= 10
    return place / 2


def is_round(digits: str, scale: float) -> bool:
    """A figure written as a round number ("10,000", "£2m") is read with news rounding."""
    if scale > 1:
        return True
    stripped = digits.rstrip("0")
    return len(digits) >= 4 and len(digits) - len(stripped) >= 2


def duration_mention(text, norm, number, places, unit, end, common) -> Mention:
    scale = common.get("scale", 1.0)  # "2.4 billion years": the scale counts the unit
    days = number * scale * TIME_UNITS[unit]
    return make_mention(text, kind="duration", value=number * scale, base=days, places=places,
                    round_number=False, end=end, unit=unit, dimension="time",
                    unit_size=TIME_UNITS[unit] * scale, **common)  # fmt: skip


def age_mention(text, number, end, unit, common) -> Mention:
    number *= common.get("scale", 1.0)  # "a star about 7 billion years old"
    years = number * TIME_UNITS[unit] / TIME_UNITS["year"]
    return make_mention(text, kind="age", value=number, base=years, places=0, round_number=False,
                    end=end, unit="year" if unit == "year" else unit, dimension="age",
                    **common)  # fmt: skip


def measure_mention(text, number, scale, places, measure, end, common) -> Mention:
    dimension, factor = MEASURES[measure]
    name = MEASURE_NAMES.get(measure, measure)
    value = number * scale
    base = (value - 32.0) * 5.0 / 9.0 if name == "fahrenheit" else value * factor
    return make_mention(text, kind="count", value=value, base=base, places=places,
                    round_number=False, end=end, unit=name, dimension=dimension,
                    unit_size=0.0, **common)  # fmt: skip


def decade_mention(text, norm, number, end, common) -> Mention | None:
    if number >= 1000 and number % 10 == 0 and number <= 2090:
        first = number
    elif number < 100 and number % 10 == 0:
        first = 1900 + number
    else:
        return None
    mention = make_mention(text, kind="year", value=first, places=0, round_number=False, end=end,
                       **common)  # fmt: skip
    return replace(mention, low=first, high=first + 9, amount=first + 5)
