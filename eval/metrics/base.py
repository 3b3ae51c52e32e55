"""The contract every metric honours: the whole metric plugin surface on one page.

A metric is one file plus one entry point (group ``briefing.metrics``). The harness needs exactly
this of it, and nothing else; the report, CSV, significance tests, terminal summary, human
ceiling and meta-eval are all driven by what a metric declares here, so a plugin metric appears
everywhere a built-in one does. ``eval.metrics.testing`` checks a metric against this page.

Required:

``name: str``
    The registry name (``rouge``, ``numbers``...). Value names are usually prefixed with it.
``values: Sequence[Value]``
    Every value the metric produces per briefing, in display order, with how to show it. The run
    folder stores these descriptions (``metrics.json``, see ``eval.runfolder``), so a report is
    rendered from what the run recorded, and an old run re-renders the same.
``compares_with: "references" | "source" | "both"``
    What a briefing is compared against. Metrics that use references (``references`` or
    ``both``) get a human ceiling: each reference scored against the others, and every system
    against the same N-1 references (``eval.run.ceiling``).
``signature() -> Mapping[str, str]``
    Everything that can change the numbers (sacrebleu style); nothing that cannot.
``score(briefings, items) -> list[Score]``
    Pure and batched: one ``Score`` per briefing, same order; ``items[i]`` is the article of
    ``briefings[i]``. Never aggregates, never draws random numbers (that is ``eval.stats``).
    An empty briefing is scored (0, or ``None`` where a ratio has no denominator), never skipped.

Optional:

``in_workers: bool`` (default ``True``)
    Whether the metric may run in scoring worker processes (it is then pickled or forked). A
    metric holding a torch model sets ``False``: it runs once in the parent over all briefings
    of all systems, batched.
``score_against(briefings, items, references) -> list[Score]``
    Reference-based metrics: score ``briefings[i]`` against ``references[i]`` (a list of texts)
    instead of ``items[i].references``; the human ceiling calls it with N-1 references. Without
    it, the harness replaces each item's references and calls ``score``. Implement it only to
    go faster (ROUGE memoises each briefing-reference pair across the folds). The ceiling reads
    from it only the values that use references (``Value.uses_references``), so it may leave
    the others ``None`` and skip their work.
``score_values(briefings, items) -> list[Mapping[str, float | None]]``
    The values of ``score`` without the evidence, for callers that discard it (the human
    ceiling scores every reference as a text). Implement it only to go faster: the numeric
    check then leaves out the one-line reason of each claim. Without it, ``values_of`` calls
    ``score`` and keeps the values.
``worker_state() / merge_worker_state(state)``
    State the signature needs, carried back from worker processes (see ``eval.run.scoring``).
``use_run_cache(root: Path | None)``
    A metric that caches expensive work (the judge's answers) keeps it in the run's cache folder
    ``root`` (config ``cache:``, ``--cache DIR``), or stores and reads nothing when ``root`` is
    ``None`` (``--no-cache``). The runner calls it once, before any generation.

Metrics return per-item numbers only; a value that does not apply is ``None`` (never a silent
zero) and is left out of means, with the n shown.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from eval.corpus.format import Item
from eval.errors import EnvironmentProblem

ComparesWith = Literal["references", "source", "both"]
COMPARES_WITH: tuple[str, ...] = ("references", "source", "both")


@dataclass(frozen=True)
class Value:
    """How one per-briefing value is shown and compared.

    ``name`` is the key in ``Score.values`` and ``scores.jsonl``; ``label`` the column header;
    ``scale`` multiplies the stored fraction for display (100 for percentages); ``higher_is_better``
    is ``True``, ``False`` or ``None`` (descriptive values such as length are never "best", and
    their differences are "differs", not "better"); ``digits`` after the point; ``help`` one
    line for the report's legend. ``leaderboard=False`` keeps a value in scores, aggregate and CSV
    but out of the report's tables, tests, ceiling and meta-eval (ROUGE's precision and recall).
    ``per_article=False`` keeps a leaderboard value out of the per-article drill-down, which
    shows only a few values per briefing.
    ``uses_references=False`` marks a value of a ``both`` metric that depends on the briefing
    and its source only (the numeric check's precision): the human ceiling computes it once per
    text with ``score``, on items without references, instead of once per fold of N-1
    references; so ``score`` must accept an item with no references.
    """

    name: str
    label: str
    scale: float = 1.0
    higher_is_better: bool | None = True
    digits: int = 1
    help: str = ""
    leaderboard: bool = True
    per_article: bool = True
    uses_references: bool = True

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Value:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})

    @classmethod
    def undescribed(cls, name: str) -> Value:
        """A value nobody described (an old run's unknown metric): kept out of the tables."""
        return cls(name, name, 1.0, None, 3, "", leaderboard=False, per_article=False)


@dataclass(frozen=True)
class MetricDescription:
    """What the run folder records about one metric (``metrics.json``): enough to render it."""

    name: str
    compares_with: str
    in_workers: bool
    values: tuple[Value, ...]

    @property
    def uses_references(self) -> bool:
        return self.compares_with in ("references", "both")

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "compares_with": self.compares_with,
            "in_workers": self.in_workers,
            "values": [value.to_json() for value in self.values],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MetricDescription:
        return cls(
            name=str(data["name"]),
            compares_with=str(data.get("compares_with", "references")),
            in_workers=bool(data.get("in_workers", True)),
            values=tuple(Value.from_json(v) for v in data.get("values", ())),
        )


@dataclass
class Score:
    """One briefing's numbers under one metric.

    ``values`` maps value names (as declared in the metric's ``values``) to a float, or ``None``
    when the metric does not apply to this briefing (never a silent zero). ``evidence`` holds
    JSON-serialisable material a person can read to see why (claims, verdicts, spans); a list
    under ``"claims"`` whose entries carry ``start``, ``end``, ``verdict``, ``text``,
    ``evidence`` and ``explanation`` is highlighted in the report's drill-down.
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


def _broken(metric: object, problem: str) -> EnvironmentProblem:
    name = getattr(metric, "name", type(metric).__name__)
    return EnvironmentProblem(
        f"the metric {name!r} ({type(metric).__module__}.{type(metric).__qualname__}) {problem}. "
        "See eval/metrics/base.py for what a metric declares; report it to the plugin's "
        "author, or leave it out of the config's metrics."
    )


def describe(metric: Metric) -> MetricDescription:
    """The metric's declarations, checked: the one place a plugin's self-description is read.

    A plugin that forgets ``values`` or ``compares_with`` fails here, before any generation,
    with a message naming it (exit 3), rather than vanishing from the report.
    """
    name = getattr(metric, "name", None)
    if not isinstance(name, str) or not name:
        raise _broken(metric, "has no 'name' (a non-empty string)")
    compares_with = getattr(metric, "compares_with", None)
    if compares_with not in COMPARES_WITH:
        raise _broken(
            metric,
            f"declares compares_with={compares_with!r}; it must be one of "
            f"{', '.join(COMPARES_WITH)}",
        )
    declared = getattr(metric, "values", None)
    if isinstance(declared, str | bytes) or not isinstance(declared, Sequence) or not declared:
        raise _broken(metric, "declares no 'values' (a sequence of eval.metrics.base.Value)")
    values = tuple(declared)
    for value in values:
        if not isinstance(value, Value):
            raise _broken(metric, f"lists {value!r} in 'values'; each must be a Value")
        if not value.name or not value.label or not math.isfinite(value.scale):
            raise _broken(metric, f"describes {value!r} without a name, label or finite scale")
    names = [value.name for value in values]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise _broken(metric, f"declares the value(s) {', '.join(repeated)} twice")
    return MetricDescription(name, compares_with, runs_in_workers(metric), values)


def describe_all(metrics: Sequence[Metric]) -> list[MetricDescription]:
    """Every metric's description; two metrics may not produce the same value name."""
    described = [describe(metric) for metric in metrics]
    owner: dict[str, str] = {}
    for description in described:
        for value in description.values:
            if value.name in owner:
                raise EnvironmentProblem(
                    f"the metrics {owner[value.name]!r} and {description.name!r} both produce "
                    f"the value {value.name!r}; one of them must be left out of the config."
                )
            owner[value.name] = description.name
    return described


def with_references(items: Sequence[Item], references: Sequence[Sequence[str]]) -> list[Item]:
    """``items`` with their references replaced (one list per item): the generic way to score
    against N-1 references when a metric has no ``score_against``."""
    return [
        dataclasses.replace(item, references=tuple(refs))
        for item, refs in zip(items, references, strict=True)
    ]


def score_against(
    metric: Metric,
    briefings: Sequence[str],
    items: Sequence[Item],
    references: Sequence[Sequence[str]],
) -> list[Score]:
    """``metric`` on ``briefings[i]`` against ``references[i]``: its own fast path, or ``score``
    on items whose references were replaced."""
    own = getattr(metric, "score_against", None)
    if callable(own):
        return own(briefings, items, references)
    return metric.score(briefings, with_references(items, references))


def values_of(
    metric: Metric, briefings: Sequence[str], items: Sequence[Item]
) -> list[Mapping[str, float | None]]:
    """The values of ``metric.score(briefings, items)``: its own evidence-free path
    (``score_values``), or ``score`` with the evidence dropped."""
    own = getattr(metric, "score_values", None)
    if callable(own):
        return own(briefings, items)
    return [score.values for score in metric.score(briefings, items)]


def format_signature(name: str, parts: Mapping[str, str]) -> str:
    """``rouge|types:1,2,L,Lsum|stem:yes|...``: one readable string per metric or summariser."""
    return "|".join([name, *(f"{key}:{value}" for key, value in parts.items())])
