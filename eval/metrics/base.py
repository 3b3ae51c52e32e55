"""The contract every metric honours: the whole metric plugin surface on one page.

A metric is one file plus one entry point (group ``briefing.metrics``). The harness needs exactly
this of it, and nothing else; the report, CSV, significance tests, terminal summary, human
ceiling and meta-eval are all driven by what a metric declares here, so a plugin metric appears
everywhere a built-in one does.

Required:

``name: str``
    The registry name (``rouge``, ``numbers``...). Value names are usually prefixed with it.
``values: Sequence[Value]``
    Every value the metric produces per briefing, in display order, with how to show it. The run
    folder stores these descriptions (``metrics.json``), so an old run re-renders the same.
``compares_with: "references" | "source" | "both"``
    What a briefing is compared against. Metrics that use references get a human ceiling
    (each reference scored against the others, and every system against the same N-1).
``signature() -> Mapping[str, str]``
    Everything that can change the numbers (sacrebleu style); nothing that cannot.
``score(briefings, items) -> list[Score]``
    Pure and batched: one ``Score`` per briefing, same order; ``items[i]`` is the article of
    ``briefings[i]``. Never aggregates, never draws random numbers (that is ``eval.stats``).

Optional:

``in_workers: bool`` (default ``True``)
    Whether the metric may run in scoring worker processes. A metric holding a torch model sets
    ``False``: it then runs once in the parent over all briefings, batched.
``score_against(briefings, items, references)``
    Reference-based metrics: score against an explicit list of references per briefing (the human
    ceiling calls this with N-1 references). Without it, the harness replaces the item's
    references and calls ``score``.

Metrics return per-item numbers only; a value that does not apply is ``None`` (never a silent
zero) and is left out of means, with the n shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from eval.corpus.format import Item

ComparesWith = Literal["references", "source", "both"]


@dataclass(frozen=True)
class Value:
    """How one per-briefing value is shown and compared.

    ``name`` is the key in ``Score.values`` and ``scores.jsonl``; ``label`` the column header;
    ``scale`` multiplies the stored fraction for display (100 for percentages); ``higher_is_better``
    is ``True``, ``False`` or ``None`` (descriptive values such as length are never "best");
    ``digits`` after the point; ``help`` one line for the report's legend. ``leaderboard=False``
    keeps a value in scores, aggregate and CSV but out of the report's leaderboard and tests.
    """

    name: str
    label: str
    scale: float = 1.0
    higher_is_better: bool | None = True
    digits: int = 1
    help: str = ""
    leaderboard: bool = True

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Value:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


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
    """Scores briefings; constructed by the registry from config ``args`` (see module doc)."""

    name: str
    values: Sequence[Value]
    compares_with: ComparesWith

    def signature(self) -> Mapping[str, str]:
        """Everything that can change the numbers (sacrebleu style)."""
        ...

    def score(self, briefings: Sequence[str], items: Sequence[Item]) -> list[Score]:
        """One Score per briefing, same order. ``items[i]`` is the article of ``briefings[i]``."""
        ...


def runs_in_workers(metric: Metric) -> bool:
    """Whether the harness may score ``metric`` in worker processes (default: yes)."""
    return bool(getattr(metric, "in_workers", True))


def format_signature(name: str, parts: Mapping[str, str]) -> str:
    """``rouge|types:1,2,L,Lsum|stem:yes|...``: one readable string per metric or summariser."""
    return "|".join([name, *(f"{key}:{value}" for key, value in parts.items())])
