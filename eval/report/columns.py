"""What a report cell shows: a mean or a paired difference in a value's display units.

How a value is shown (label, scale, digits, direction) is the metric's own description
(``eval.metrics.base.Value``), read from the run folder; only rescaling and rounding happen here,
every number is computed in ``eval.stats``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eval.metrics.base import Value


def _scaled(x: float | None, scale: float) -> float | None:
    return None if x is None else x * scale


def fmt(x: float | None, digits: int) -> str:
    """Fixed digits, a real minus sign, and never '-0.0'."""
    if x is None:
        return "n/a"
    text = f"{x:.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "\u2212")


def fmt_signed(x: float | None, digits: int) -> str:
    if x is None:
        return "n/a"
    text = fmt(x, digits)
    return text if text.startswith("\u2212") or float(f"{x:.{digits}f}") == 0 else "+" + text


def fmt_p(p: float | None) -> str:
    if p is None:
        return "n/a"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


@dataclass
class Cell:
    """One mean with its interval, in display units."""

    mean: float | None
    low: float | None
    high: float | None
    n: int
    digits: int
    best: bool = False

    @classmethod
    def from_stat(cls, stat: dict[str, Any] | None, column: Value) -> Cell:
        stat = stat or {}
        return cls(
            _scaled(stat.get("mean"), column.scale),
            _scaled(stat.get("ci_low"), column.scale),
            _scaled(stat.get("ci_high"), column.scale),
            int(stat.get("n", 0)),
            column.digits,
        )

    @property
    def value(self) -> str:
        return fmt(self.mean, self.digits)

    @property
    def interval(self) -> str:
        if self.low is None or self.high is None:
            return ""
        return f"[{fmt(self.low, self.digits)}, {fmt(self.high, self.digits)}]"

    def text(self) -> str:
        if self.mean is None:
            return f"n/a (n={self.n})"
        return f"{self.value} {self.interval}".strip()


@dataclass
class Diff:
    """One paired test (system minus reference system) in display units."""

    delta: float | None
    low: float | None
    high: float | None
    p_bootstrap: float | None
    p_randomisation: float | None
    n: int
    significant: bool
    digits: int
    higher: bool | None

    @classmethod
    def from_test(cls, test: dict[str, Any] | None, column: Value) -> Diff:
        test = test or {}
        return cls(
            _scaled(test.get("delta"), column.scale),
            _scaled(test.get("ci_low"), column.scale),
            _scaled(test.get("ci_high"), column.scale),
            test.get("p_bootstrap"),
            test.get("p_randomisation"),
            int(test.get("n", 0)),
            bool(test.get("significant")),
            column.digits,
            column.higher_is_better,
        )

    @property
    def p(self) -> float | None:
        """The larger of the two p-values: a difference is called significant only when both
        tests agree, so this is the one that decides."""
        found = [p for p in (self.p_bootstrap, self.p_randomisation) if p is not None]
        return max(found) if found else None

    @property
    def verdict(self) -> str:
        """'better', 'worse', 'differs' (significant, no direction is better) or 'ns'."""
        if self.delta is None:
            return "na"
        if not self.significant:
            return "ns"
        if self.higher is None:
            return "differs"
        return "better" if (self.delta > 0) == self.higher else "worse"

    @property
    def value(self) -> str:
        return fmt_signed(self.delta, self.digits)

    @property
    def interval(self) -> str:
        if self.low is None or self.high is None:
            return ""
        return f"[{fmt_signed(self.low, self.digits)}, {fmt_signed(self.high, self.digits)}]"

    @property
    def p_text(self) -> str:
        return fmt_p(self.p)

    @property
    def p_phrase(self) -> str:
        """'p < 0.001' or 'p = 0.012', for sentences."""
        text = self.p_text
        return f"p < {text[1:]}" if text.startswith("<") else f"p = {text}"
