"""Apply every metric to every system's briefings and lay the results out as rows.

One row per system and article. A failed generation keeps its row (with the error) but gets no
values, so it is never mistaken for a briefing that scored zero; an empty briefing is scored.

The work is split by *article*, not by system: each chunk of articles goes to one process, which
scores every system's briefing of those articles, article by article. So each reference and each
source is split, tokenised, stemmed (and its numbers extracted) once per run, by the one process
that owns it, and metrics that cache per-article work (ROUGE's prepared references, the numeric
check's prepared sources, the length metric's article index) keep that benefit with any number
of workers. Metrics are pure, so the rows are the same, in the same order, for any ``workers``.

A metric may implement two optional methods to carry state its ``signature()`` needs back from
worker processes: ``worker_state()`` (called in the worker after each chunk) and
``merge_worker_state(state)`` (called in the parent; must tolerate the same state twice).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from eval.corpus.format import Item
from eval.errors import EnvironmentProblem
from eval.metrics.base import Metric, Score
from eval.run.generation import Generation
from eval.run.workers import map_in_processes, plan_ranges, resolve_workers


@dataclass(frozen=True)
class ScoringJob:
    """Everything a worker needs, sent once per worker."""

    systems: tuple[str, ...]
    # briefings[s][a]: system s's briefing of article a, or None when its generation failed.
    briefings: tuple[tuple[str | None, ...], ...]
    items: tuple[Item, ...]
    metrics: tuple[Metric, ...]


# Per article of a chunk, per system: (values, evidence by metric name), or None if it failed.
Cell = tuple[dict[str, float | None], dict[str, Any]] | None


@dataclass
class ChunkResult:
    cells: list[list[Cell]]
    states: dict[int, Any]
    seconds: dict[str, float]  # CPU seconds per metric name, in the process that scored


def score_range(job: ScoringJob, span: tuple[int, int]) -> ChunkResult:
    """Score articles ``[start, stop)`` for every system, grouped by article."""
    start, stop = span
    pairs: list[tuple[int, int]] = []  # (article, system), article-major
    for article in range(start, stop):
        for system in range(len(job.systems)):
            if job.briefings[system][article] is not None:
                pairs.append((article, system))
    cells: list[list[Cell]] = [[None] * len(job.systems) for _ in range(start, stop)]
    scored: dict[tuple[int, int], tuple[dict[str, float | None], dict[str, Any]]] = {}
    for article, system in pairs:
        scored[article, system] = cells[article - start][system] = ({}, {})
    briefings = [job.briefings[system][article] or "" for article, system in pairs]
    items = [job.items[article] for article, _ in pairs]
    seconds: dict[str, float] = {}
    for metric in job.metrics:
        started = time.process_time()
        scores = metric.score(briefings, items) if pairs else []
        seconds[metric.name] = seconds.get(metric.name, 0.0) + time.process_time() - started
        _check_scores(metric, scores, len(pairs))
        for (article, system), score in zip(pairs, scores, strict=True):
            values, evidence = scored[article, system]
            values.update(score.values)
            if score.evidence:
                evidence[metric.name] = score.evidence
    states = {
        index: metric.worker_state()
        for index, metric in enumerate(job.metrics)
        if hasattr(metric, "worker_state") and hasattr(metric, "merge_worker_state")
    }
    return ChunkResult(cells, states, seconds)


def _check_scores(metric: Metric, scores: object, expected: int) -> None:
    if not isinstance(scores, list) or len(scores) != expected:
        got = len(scores) if isinstance(scores, list | tuple) else type(scores).__name__
        raise EnvironmentProblem(
            f"the metric {metric.name!r} returned {got} scores for {expected} briefings; "
            f"a metric must return one Score per briefing. The metric plugin is broken: "
            f"report it to its author, or leave it out of the config's metrics."
        )
    for score in scores:
        if not isinstance(score, Score) and not hasattr(score, "values"):
            raise EnvironmentProblem(
                f"the metric {metric.name!r} returned a {type(score).__name__} instead of a "
                f"Score; the metric plugin is broken: report it to its author, or leave it out "
                f"of the config's metrics."
            )


def score_systems(
    generations: dict[str, list[Generation]],
    items: Sequence[Item],
    metrics: Sequence[Metric],
    *,
    workers: int | None = None,
    cpu_seconds: dict[str, float] | None = None,
) -> list[dict[str, Any]]:
    """Rows in system order, then article order; the same rows for any ``workers``.

    ``workers``: processes to spread articles over (None: every core; 1: this process).
    ``cpu_seconds``: if given, receives the CPU time each metric took, summed over processes.
    """
    systems = tuple(generations)
    for system, gens in generations.items():
        if len(gens) != len(items):
            raise ValueError(f"{system}: {len(gens)} generations for {len(items)} articles")
    job = ScoringJob(
        systems=systems,
        briefings=tuple(
            tuple(
                (g.summary or "") if g.error is None and g.summary is not None else None
                for g in generations[system]
            )
            for system in systems
        ),
        items=tuple(items),
        metrics=tuple(metrics),
    )
    processes = resolve_workers(workers, len(items))
    ranges = plan_ranges(len(items), processes)
    cells: list[list[Cell]] = []
    for chunk in map_in_processes(score_range, job, ranges, processes):
        cells.extend(chunk.cells)
        if cpu_seconds is not None:
            for name, spent in chunk.seconds.items():
                cpu_seconds[name] = cpu_seconds.get(name, 0.0) + spent
        if processes > 1:
            for index, state in chunk.states.items():
                job.metrics[index].merge_worker_state(state)  # type: ignore[attr-defined]

    rows: list[dict[str, Any]] = []
    for s, system in enumerate(systems):
        for a, item in enumerate(items):
            error = generations[system][a].error
            row: dict[str, Any] = {"system": system, "id": item.id, "error": error}
            cell = cells[a][s]
            if cell is not None:
                values, evidence = cell
                row.update(values)
                if evidence:
                    row["evidence"] = evidence
            rows.append(row)
    return rows


def value_names(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Every metric value name, in first-seen order."""
    names: dict[str, None] = {}
    for row in rows:
        for key, value in row.items():
            if key not in ("system", "id", "error", "evidence") and (
                value is None or isinstance(value, int | float)
            ):
                names.setdefault(key, None)
    return list(names)
