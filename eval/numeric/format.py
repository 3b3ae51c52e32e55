"""Figures written back for people: "25%", "£2.1m", "1,050", "90 minutes"."""

from __future__ import annotations

from functools import lru_cache

_CURRENCY_SIGNS = {"GBP": "£", "USD": "US$", "dollars": "$", "EUR": "€", "JPY": "¥", "INR": "₹"}


def number(value: float) -> str:
    """1,050 / 2.1 / 0.7: thousands separators, no trailing zeros, at most two decimals."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    shown = f"{value:,.2f}".rstrip("0").rstrip(".")
    return shown


@lru_cache(maxsize=4096)
def figure(kind: str, value: float, unit: str | None = None, currency: str | None = None,
           dimension: str | None = None) -> str:  # fmt: skip
    """A computed value in the form a news text would write it. Remembered: an article's
    derived facts write the same few values again and again (133 calls, 25 values, per
    article). Equal keys write alike: 0.0 and -0.0, 5 and 5.0 are "0" and "5" in every kind."""
    if kind == "percent":
        if unit == "pp":
            return f"{number(round(value, 2))} percentage points"
        return f"{number(round(value, 1))}%"
    if kind == "money":
        sign = _CURRENCY_SIGNS.get(currency or "", "")
        for size, suffix in ((1e9, "bn"), (1e6, "m")):
            if abs(value) >= size:
                return f"{sign}{number(round(value / size, 3))}{suffix}" + (
                    "" if sign else f" {currency}"
                )
        return f"{sign}{number(round(value, 2))}" + ("" if sign else f" {currency}")
    if kind == "duration":  # ``value`` in days, shown in the unit a report would use
        for size, name in ((1 / 86400, "seconds"), (1 / 1440, "minutes"), (1 / 24, "hours")):
            if abs(value) < 120 * size or (name == "hours" and abs(value) < 2):
                return f"{number(round(value / size, 2))} {name}"
        return f"{number(round(value, 2))} days"
    if kind == "year":
        return str(int(value))
    shown = number(round(value, 3))
    return f"{shown} {unit}" if unit and dimension else shown
