"""Apply every metric to every system's briefings and lay the results out as rows.

One row per system and article. A failed generation keeps its row (with the error) but gets no
values, so it is never mistaken for a briefing that scored zero; an empty briefing is scored.

The work is split by *article*, not by system: each chunk of articles goes to one process, which
scores every system's briefing of those articles, article by article. So each reference and each
source is split, tokenised, stemmed (and its numbers extracted) once per run, by the one process
that owns it, and metrics that cache per-article work (ROUGE's prepared references, the numeric
check's prepared sources, the length metric's article index) keep that benefit with any number
of workers. Metrics are pure, so the rows are the same, in the same order, for any ``workers``.

Metrics that declare ``in_workers = False`` (a torch model, say) are not sent to workers: they
are scored once in the parent process over every briefing, batched, and their values join the
rows in the config's metric order, so the rows are the same wherever a metric ran.

A metric may implement two optional methods to carry state its ``signature()`` needs back from
worker processes: ``worker_state()`` (called in the worker after each chunk) and
``merge_worker_state(state)`` (called in the parent; must tolerate the same state twice).

Asked to (``ceiling=``), each chunk also computes the human ceiling's fold values of its articles
for the reference-based metrics scored here (``eval.run.ceiling``), with the same metric
instances, whose caches (the numeric check's prepared sources) are then still warm.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from eval.corpus.format import Item
from eval.errors import EnvironmentProblem
from eval.metrics.base import Metric, Score, describe, runs_in_workers
from eval.run.generation import Generation
from eval.run.workers import map_in_processes, plan_ranges, plan_workers


@dataclass(frozen=True)
class ScoringJob:
    """Everything a worker needs, sent once per worker."""

    systems: tuple[str, ...]
    # briefings[s][a]: system s's briefing of article a, or None when its generation failed.
    briefings: tuple[tuple[str | None, ...], ...]
    items: tuple[Item, ...]
    metrics: tuple[Metric, ...]
    # Indices of the metrics this job scores (those allowed in workers, or the others).
    selected: tuple[int, ...] = ()
    # Indices of the selected metrics whose human-ceiling fold values each chunk computes.
    ceiling: tuple[int, ...] = ()


# Per article of a chunk, per system: {metric index: (values, evidence)}, or None if it failed.
Cell = dict[int, tuple[dict[str, float | None], Any]] | None


@dataclass
class ChunkResult:
    cells: list[list[Cell]]
    states: dict[int, Any]
    seconds: dict[str, float]  # CPU seconds per metric name, in the process that scored
    ceiling: list[dict | None] = field(default_factory=list)  # fold values per ceiling row


def score_range(job: ScoringJob, span: tuple[int, int]) -> ChunkResult:
    """Score articles ``[start, stop)`` for every system with the job's selected metrics,
    grouped by article, each metric called once on the whole chunk (batched)."""
    start, stop = span
    pairs: list[tuple[int, int]] = []  # (article, system), article-major
    for article in range(start, stop):
        for system in range(len(job.systems)):
            if job.briefings[system][article] is not None:
                pairs.append((article, system))
    cells: list[list[Cell]] = [[None] * len(job.systems) for _ in range(start, stop)]
    for article, system in pairs:
        cells[article - start][system] = {}
    briefings = [job.briefings[system][article] or "" for article, system in pairs]
    items = [job.items[article] for article, _ in pairs]
    seconds: dict[str, float] = {}
    for index in job.selected:
        metric = job.metrics[index]
        started = time.process_time()
        scores = metric.score(briefings, items) if pairs else []
        seconds[metric.name] = seconds.get(metric.name, 0.0) + time.process_time() - started
        _check_scores(metric, scores, len(pairs))
        for (article, system), score in zip(pairs, scores, strict=True):
            cells[article - start][system][index] = (dict(score.values), score.evidence)  # type: ignore[index]
    states = {
        index: job.metrics[index].worker_state()  # type: ignore[attr-defined]
        for index in job.selected
        if hasattr(job.metrics[index], "worker_state")
        and hasattr(job.metrics[index], "merge_worker_state")
    }
    ceiling: list[dict | None] = []
    if job.ceiling:  # after the states: folds of N-1 references must not reach a signature
        from eval.run.ceiling import ceiling_copy, fold_values_for_range  # (it imports this)

        started = time.process_time()
        briefings_by_system = dict(zip(job.systems, job.briefings, strict=True))
        metrics = [ceiling_copy(job.metrics[index]) for index in job.ceiling]
        ceiling = fold_values_for_range(metrics, job.items, briefings_by_system, span)
        seconds["human ceiling"] = time.process_time() - started
    return ChunkResult(cells, states, seconds, ceiling)


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


def _merge(into: list[list[Cell]], chunk: list[list[Cell]], offset: int) -> None:
    for a, row in enumerate(chunk):
        for s, cell in enumerate(row):
            if cell is not None:
                target = into[offset + a][s]
                assert target is not None  # the same generations failed in both jobs
                target.update(cell)


def score_systems(
    generations: dict[str, list[Generation]],
    items: Sequence[Item],
    metrics: Sequence[Metric],
    *,
    workers: int | None = None,
    cpu_seconds: dict[str, float] | None = None,
    ceiling: list[dict | None] | None = None,
) -> list[dict[str, Any]]:
    """Rows in system order, then article order; the same rows for any ``workers``.

    ``workers``: processes to spread articles over (None: every core; 1: this process), as
    checked by ``eval.run.workers.check_workers``. Metrics that declare ``in_workers = False``
    (a torch model) are scored here, in this process, once over every briefing of every system.
    ``cpu_seconds``: if given, receives the CPU time each metric took, summed over processes.
    ``ceiling``: if given, receives the human ceiling's fold values of the reference-based
    metrics scored in workers, one per ceiling row (``eval.run.ceiling.ceiling_rows`` takes
    them as ``pooled_rows``), computed by the processes that scored the same articles.
    """
    systems = tuple(generations)
    for system, gens in generations.items():
        if len(gens) != len(items):
            raise ValueError(f"{system}: {len(gens)} generations for {len(items)} articles")
    briefings = tuple(
        tuple(
            (g.summary or "") if g.error is None and g.summary is not None else None
            for g in generations[system]
        )
        for system in systems
    )
    in_workers = tuple(i for i, m in enumerate(metrics) if runs_in_workers(m))
    in_parent = tuple(i for i, m in enumerate(metrics) if not runs_in_workers(m))
    folds = ()
    if ceiling is not None:
        folds = tuple(i for i in in_workers if describe(metrics[i]).uses_references)
    job = ScoringJob(systems, briefings, tuple(items), tuple(metrics), in_workers, folds)
    processes = plan_workers(workers, len(items))
    cells: list[list[Cell]] = []
    spent: dict[str, float] = {}
    chunks = map_in_processes(score_range, job, plan_ranges(len(items), processes), processes)
    for chunk in chunks if in_workers else ():
        cells.extend(chunk.cells)
        if ceiling is not None:
            ceiling.extend(chunk.ceiling)
        for name, seconds in chunk.seconds.items():
            spent[name] = spent.get(name, 0.0) + seconds
        if processes > 1:
            for index, state in chunk.states.items():
                job.metrics[index].merge_worker_state(state)  # type: ignore[attr-defined]
    if in_parent:
        parent = score_range(replace(job, selected=in_parent, ceiling=()), (0, len(items)))
        if cells:
            _merge(cells, parent.cells, 0)
        else:
            cells = parent.cells
        for name, seconds in parent.seconds.items():
            spent[name] = spent.get(name, 0.0) + seconds
    if not cells:  # no metrics at all: one empty cell per scored briefing
        cells = score_range(replace(job, selected=(), ceiling=()), (0, len(items))).cells
    if cpu_seconds is not None:
        for name, seconds in spent.items():
            cpu_seconds[name] = cpu_seconds.get(name, 0.0) + seconds

    rows: list[dict[str, Any]] = []
    for s, system in enumerate(systems):
        for a, item in enumerate(items):
            error = generations[system][a].error
            row: dict[str, Any] = {"system": system, "id": item.id, "error": error}
            cell = cells[a][s]
            if cell is not None:
                evidence: dict[str, Any] = {}
                for index, metric in enumerate(metrics):  # config order, wherever it was scored
                    values, found = cell[index]
                    row.update(values)
                    if found:
                        evidence[metric.name] = found
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
