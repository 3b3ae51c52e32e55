"""The contract every metric honours.

Metrics are pure and batched: they take briefings with the items they belong to and return one
``Score`` per briefing. They never aggregate or draw random numbers (that is ``eval.stats``'s
job), so a metric's numbers depend only on its inputs and its signature.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from eval.corpus import Item


@dataclass
class Score:
    """One briefing's numbers under one metric.

    ``values`` maps value names (``rouge1``, ``numbers.precision``...) to a float, or ``None``
    when the metric does not apply to this briefing (never a silent zero). ``evidence`` holds
    JSON-serialisable material a person can read to see why (claims, verdicts, spans).
    """

    values: dict[str, float | None]
    evidence: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class Metric(Protocol):
    """Scores briefings; constructed by the registry from config ``args``."""

    name: str

    def signature(self) -> Mapping[str, str]:
        """Everything that can change the numbers (sacrebleu style)."""
        ...

    def score(self, briefings: Sequence[str], items: Sequence[Item]) -> list[Score]:
        """One Score per briefing, same order. ``items[i]`` is the article of ``briefings[i]``."""
        ...


def format_signature(name: str, parts: Mapping[str, str]) -> str:
    """``rouge|types:1,2,L,Lsum|stem:yes|...``: one readable string per metric or summariser."""
    return "|".join([name, *(f"{key}:{value}" for key, value in parts.items())])
