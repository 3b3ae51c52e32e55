"""The human ceiling: how well people agree with people, on the same footing as the systems.

For every metric that uses references (``compares_with`` is ``references`` or ``both``), and
every article with N >= 2 references, each reference j in turn is held out and scored against
the other N-1 (the pseudo-system ``human``), and every system's briefing is scored against the
same N-1 references; the N folds are averaged. This is sacrerouge's jackknifing
(``data/jackknifers.py``: ``ReferencesJackknifer`` for systems, a reference scored against the
others for people) and the DUC/TAC practice. Systems and people are then compared on equal
terms: the same references, the same metric settings, the same count of references per score.
Articles with a single reference cannot take part and are left out (n says how many did).

Nothing here knows a metric: it calls ``score_against`` (``eval.metrics.base``) with the N-1
references of each fold, for the values the metric shows on the leaderboard. A metric may make
that fast (ROUGE scores each briefing-reference pair once for all the folds it appears in).
Values a metric marks ``uses_references=False`` (the numeric check's precision: briefing against
source) are scored once per text, not once per fold.

Metrics that may run in workers get their ceiling in the scoring workers themselves, right after
scoring the same range of articles (``eval.run.scoring``, ``fold_values_for_range``): the
numeric check's prepared sources and every text's split are then still in memory, instead of
being prepared again in new processes. The runner hands those rows over (``pooled_rows``); the
other metrics are scored once, here, over every fold of every article (batched).
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from eval.corpus.format import Item
from eval.metrics.base import (
    Metric,
    describe,
    format_signature,
    runs_in_workers,
    score_against,
    values_of,
    with_references,
)
from eval.run.aggregate import intervals, paired_tests

HUMAN = "human"
JACKKNIFE = "leave-one-out"

Briefings = Mapping[str, Sequence[str | None]]  # system -> one briefing per item, None if failed


def reference_metrics(metrics: Sequence[Metric]) -> list[Metric]:
    """The metrics that get a human ceiling: those that compare with references."""
    return [m for m in metrics if describe(m).uses_references]


def ceiling_values(metric: Metric) -> list[str]:
    """The values a metric's ceiling reports: those it shows on the leaderboard."""
    return [v.name for v in describe(metric).values if v.leaderboard]


def _layout(items: Sequence[Item], briefings: Briefings) -> list[tuple[str, int]]:
    """(system, article index) of every ceiling row, in output order: per article, ``human``
    then each system; articles with fewer than two references are left out."""
    rows = []
    for index, item in enumerate(items):
        if len(item.references) >= 2:
            rows += [(HUMAN, index), *((system, index) for system in briefings)]
    return rows


def _text(items: Sequence[Item], briefings: Briefings, system: str, index: int, fold: int):
    return items[index].references[fold] if system == HUMAN else briefings[system][index]


def fold_values(
    metrics: Sequence[Metric],
    items: Sequence[Item],
    briefings: Briefings,
    layout: Sequence[tuple[str, int]],
) -> list[dict[str, float | None] | None]:
    """Per layout row, each metric's ceiling values averaged over the folds (values that are
    ``None`` in a fold are left out of that value's mean); ``None`` for a failed briefing.

    A value marked ``uses_references=False`` (``eval.metrics.base.Value``) is the same in every
    fold of the same text, so it is scored once per distinct (text, article) with ``score`` and
    repeated in each fold: the means, and so the rows, are exactly what scoring every fold gives.
    """
    texts: list[str] = []
    articles: list[int] = []
    fold_refs: list[list[str]] = []
    owner: list[int] = []
    for row, (system, index) in enumerate(layout):
        refs = items[index].references
        for fold in range(len(refs)):
            text = _text(items, briefings, system, index, fold)
            if text is None:
                break
            texts.append(text)
            articles.append(index)
            fold_refs.append([r for k, r in enumerate(refs) if k != fold])
            owner.append(row)
    fold_items = [items[index] for index in articles]
    collected: list[dict[str, list[float]] | None] = [
        None if system != HUMAN and briefings[system][index] is None else {}
        for system, index in layout
    ]
    order: list[str] = []
    for metric in metrics:
        names = ceiling_values(metric)
        order += names
        per_fold = [name for name in names if name not in _text_only(metric)]
        per_text = [name for name in names if name in _text_only(metric)]
        fold_scores = _per_fold(metric, per_fold, texts, fold_items, fold_refs)
        text_scores = _per_text(metric, per_text, texts, articles, items)
        for position, row in enumerate(owner):
            found = collected[row]
            assert found is not None  # only rows with a briefing have folds
            for name in names:
                value = (fold_scores if name in per_fold else text_scores)[position].get(name)
                bucket = found.setdefault(name, [])
                if value is not None:
                    bucket.append(float(value))
    result: list[dict[str, float | None] | None] = []
    for found in collected:
        if found is None:
            result.append(None)
            continue
        result.append(
            {name: (sum(found[name]) / len(found[name]) if found[name] else None) for name in order}
        )
    return result


def _text_only(metric: Metric) -> set[str]:
    """Names of the metric's values that do not depend on the references."""
    return {v.name for v in describe(metric).values if not v.uses_references}


def _per_fold(
    metric: Metric,
    names: Sequence[str],
    texts: Sequence[str],
    fold_items: Sequence[Item],
    fold_refs: Sequence[Sequence[str]],
) -> list[Mapping[str, float | None]]:
    """Each fold's text scored against that fold's N-1 references (the values in ``names``)."""
    if not names or not texts:
        return [{} for _ in texts]
    return [score.values for score in score_against(metric, texts, fold_items, fold_refs)]


def _per_text(
    metric: Metric,
    names: Sequence[str],
    texts: Sequence[str],
    articles: Sequence[int],
    items: Sequence[Item],
) -> list[Mapping[str, float | None]]:
    """The values in ``names`` for each fold, scored once per distinct (text, article).

    They do not use references, so the items go without theirs: the metric then skips the work
    its reference-based values would do (the numeric check's recall), which is discarded here."""
    if not names or not texts:
        return [{} for _ in texts]
    distinct: dict[tuple[str, int], int] = {}
    for text, index in zip(texts, articles, strict=True):
        distinct.setdefault((text, index), len(distinct))
    bare = with_references([items[i] for _, i in distinct], [()] * len(distinct))
    values = values_of(metric, [text for text, _ in distinct], bare)
    return [values[distinct[key]] for key in zip(texts, articles, strict=True)]


def _fold_values_for_range(job: tuple, span: tuple[int, int]) -> list[dict | None]:
    metrics, items, briefings = job
    return fold_values_for_range(metrics, items, briefings, span)


def fold_values_for_range(
    metrics: Sequence[Metric], items: Sequence[Item], briefings: Briefings, span: tuple[int, int]
) -> list[dict[str, float | None] | None]:
    """``fold_values`` for articles ``[start, stop)``; the rows of consecutive ranges, joined,
    are the rows of the whole run (the layout is article by article)."""
    start, stop = span
    chunk = {system: texts[start:stop] for system, texts in briefings.items()}
    part = items[start:stop]
    return fold_values(metrics, part, chunk, _layout(part, chunk))


def ceiling_copy(metric: Metric) -> Metric:
    """The instance to score folds with in a scoring worker: the metric itself, whose caches
    are warm, unless it carries state its signature needs back from workers
    (``worker_state``), which N-1 references must not change: then a private copy."""
    return _private_copy(metric) if hasattr(metric, "worker_state") else metric


def _private_copy(metric: Metric) -> Metric:
    """A copy for the ceiling: scoring N-1 references must not change what the run metric's
    signature says (ROUGE records how many references it saw). Workers get a copy anyway; this
    is for ``--workers 1``. A metric that cannot be pickled (fine on Linux, where workers are
    forked) is used as it is: the run's signatures were recorded before the ceiling."""
    try:
        return pickle.loads(pickle.dumps(metric))
    except Exception:
        return metric


def ceiling_rows(
    items: Sequence[Item],
    briefings: Briefings,
    metrics: Sequence[Metric],
    *,
    workers: int | None = 1,
    pooled_rows: Sequence[dict | None] | None = None,
) -> list[dict[str, Any]]:
    """Per-article rows ``{"system", "id", <value>: mean over folds}`` for ``human`` and each
    system, every reference-based metric's values in config order.

    ``briefings[system][i]`` belongs to ``items[i]``; ``None`` (a failed generation) gets a row
    without values, as in scores.jsonl. The rows are the same for any ``workers``.
    ``pooled_rows``: the fold values of the metrics that run in workers, already computed by
    the scoring workers (``eval.run.scoring``), one per layout row; ``None`` computes them here.
    """
    from eval.run.workers import map_in_processes, plan_ranges, plan_workers

    metrics = reference_metrics(metrics)
    items = list(items)
    briefings = {system: list(texts) for system, texts in briefings.items()}
    layout = _layout(items, briefings)
    if not metrics or not layout:
        return []
    pooled = [_private_copy(m) for m in metrics if runs_in_workers(m)]
    here = [m for m in metrics if not runs_in_workers(m)]
    parts: list[list[dict | None]] = []
    if pooled and pooled_rows is not None:
        if len(pooled_rows) != len(layout):
            raise ValueError(f"{len(pooled_rows)} pooled ceiling rows for {len(layout)} rows")
        parts.append(list(pooled_rows))
    elif pooled:
        count = plan_workers(workers, len(items))
        job = (pooled, items, briefings)
        spans = plan_ranges(len(items), count)
        found = map_in_processes(_fold_values_for_range, job, spans, count)
        parts.append([row for chunk in found for row in chunk])
    if here:
        parts.append(fold_values(here, items, briefings, layout))
    by_name = {m.name: i for i, m in enumerate(metrics)}
    ordered = sorted(pooled + here, key=lambda m: by_name[m.name])
    # Config order, wherever a metric was scored. Listed once: describing the metrics again
    # for every row was nearly all of this function's time (issue 14: 55 ms per 1,000 articles).
    names = [name for metric in ordered for name in ceiling_values(metric)]
    rows: list[dict[str, Any]] = []
    for position, (system, index) in enumerate(layout):
        row: dict[str, Any] = {"system": system, "id": items[index].id}
        merged: dict[str, Any] = {}
        for part in parts:
            if part[position] is not None:
                merged.update(part[position])
        for name in names:
            if name in merged:
                row[name] = merged[name]
        rows.append(row)
    return rows


def ceiling_signature(metric: Metric, items: Sequence[Item]) -> str | None:
    """The metric's signature as the ceiling used it: N-1 references (a signature part named
    ``nrefs``, by convention the references per score, is rewritten) and the jackknife."""
    counts = sorted({len(item.references) - 1 for item in items if len(item.references) >= 2})
    if not counts:
        return None
    parts = dict(metric.signature())
    if "nrefs" in parts:
        parts["nrefs"] = str(counts[0]) if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"
    parts["jackknife"] = JACKKNIFE
    return format_signature(metric.name, parts)


def summarise_ceiling(
    rows: Sequence[dict[str, Any]],
    *,
    systems: Sequence[str],
    names: Sequence[str],
    article_ids: Sequence[str],
    indices: np.ndarray,
    seed: int,
    confidence: float,
    signatures: Mapping[str, str | None],
) -> dict[str, Any] | None:
    """Intervals for ``human`` and each system, and each system's paired gap to ``human``.

    ``indices`` is the run's resample matrix (``eval.stats.resample_indices``), so the
    ceiling's intervals are drawn on the same resamples as the leaderboard's.
    """
    used = sorted({row["id"] for row in rows if row["system"] == HUMAN})
    if not used:
        return None
    everyone = [HUMAN, *systems]
    common = {"names": list(names), "article_ids": article_ids, "indices": indices}
    return {
        "signatures": dict(signatures),
        "articles": len(used),
        "reference": HUMAN,
        "systems": intervals(rows, systems=everyone, confidence=confidence, **common),
        "comparisons": paired_tests(
            rows, systems=everyone, against=HUMAN, seed=seed, confidence=confidence, **common
        ),
    }


def human_ceiling(
    items: Sequence[Item],
    generations: Mapping[str, Sequence[Any]],
    metrics: Sequence[Metric],
    *,
    indices: np.ndarray,
    seed: int,
    confidence: float,
    workers: int | None = None,
    pooled_rows: Sequence[dict | None] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The runner's hook: per-article rows (for ceiling.jsonl) and the summary for
    aggregate.json, or ``([], None)`` without a reference-based metric or without an article
    holding two references. ``generations[system][i]`` has ``.summary`` and ``.error``;
    ``pooled_rows`` as ``ceiling_rows`` takes them (from ``score_systems(ceiling=...)``)."""
    chosen = reference_metrics(metrics)
    if not chosen:
        return [], None
    briefings = {
        system: [g.summary if g.error is None else None for g in gens]
        for system, gens in generations.items()
    }
    rows = ceiling_rows(items, briefings, chosen, workers=workers, pooled_rows=pooled_rows)
    summary = summarise_ceiling(
        rows,
        systems=list(generations),
        names=[name for metric in chosen for name in ceiling_values(metric)],
        article_ids=[item.id for item in items],
        indices=indices,
        seed=seed,
        confidence=confidence,
        signatures={m.name: ceiling_signature(m, items) for m in chosen},
    )
    return (rows, summary) if summary is not None else ([], None)
