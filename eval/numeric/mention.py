"""One numeric mention: what a span of text says, normalised so that it can be compared.

Every mention carries an interval in its kind's base unit (days for durations, SI units for
measures, the main currency unit for money, ordinal days for dates) so that "90 minutes" and
"an hour and a half", or "£2.5bn" and "2.5 billion pounds", meet on the same scale. Hedges
widen the interval ("about 10,000" is 9,000 to 11,000); ``tolerance`` is the rounding a
briefing may apply to an exact figure ("10,000" for 9,800).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

KINDS = ("count", "money", "percent", "date", "year", "duration", "age", "ordinal", "score")


@dataclass(frozen=True)
class Mention:
    """A numeric expression found in a text.

    ``text``/``start``/``end``: the span (``text == source[start:end]``). ``value``: the
    normalised value shown to people (dates as ISO strings, scores as "2-0", others as the
    number in the unit named by ``unit``/``currency``). ``low``/``high``: the interval the
    words assert, in base units (hedges applied). ``tolerance``: rounding allowed when this
    mention is a claim. ``readings``: alternative intervals (a bare weekday can be last or
    next week). ``key``: compared for equality where there is no interval (scores, dates
    with no publication date to anchor them).
    """

    text: str
    start: int
    end: int
    kind: str
    value: float | str
    low: float
    high: float
    tolerance: float = 0.0
    hedge: str | None = None
    scale: float = 1.0
    currency: str | None = None
    unit: str | None = None
    dimension: str | None = None
    noun_phrase: tuple[str, ...] = ()
    readings: tuple[tuple[float, float], ...] = ()
    key: str | None = None
    amount: float = math.nan  # the stated figure in base units, before any hedge
    per: str | None = None  # the period a rate is per ("£190 a month", "20p an hour")

    def intervals(self) -> tuple[tuple[float, float], ...]:
        return self.readings or ((self.low, self.high),)

    @property
    def phrase(self) -> str:
        """The mention as a person would quote it: hedge, figure, counted noun."""
        parts = [self.hedge] if self.hedge and self.hedge not in ("vague", "range") else []
        parts.append(self.text)
        counted = self.kind in ("count", "ordinal") and self.dimension is None
        if self.unit and counted and self.unit not in self.text.lower():
            parts.append(self.unit)
        return " ".join(parts)
