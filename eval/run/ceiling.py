"""The human ceiling: how well people agree with people, on the same footing as the systems.

With N >= 2 references for an article, each reference j in turn is held out and scored
against the other N-1 (the pseudo-system ``human``), and every system's briefing is scored
against the same N-1 references; the N folds are averaged (a jackknife over which reference is
held out, as in sacrerouge's jackknifing and the DUC/TAC practice). Systems and people are
then compared on equal terms: the same references, the same ROUGE settings, the same count of
references per score. Articles with a single reference cannot take part and are left out (n
says how many did).

Each (text, reference) pair is scored once with ``RougeMetric.score_against`` and the folds
combine those pair scores with the run's reference policy (best F1 with ``references: max``,
mean F1 with ``mean``), which gives exactly what scoring each fold's N-1 references would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from eval import stats
from eval.corpus.format import Item
from eval.metrics.base import format_signature
from eval.run.aggregate import intervals, paired_tests

if TYPE_CHECKING:  # ROUGE (and NLTK behind it) is imported only when a ceiling is computed
    from eval.metrics.rouge import RougeMetric

HUMAN = "human"


def _fresh(metric: RougeMetric) -> RougeMetric:
    from eval.metrics.rouge import RougeMetric

    # A separate instance: scoring N-1 references must not change the run metric's signature.
    return RougeMetric(types=metric.types, stemmer=metric.stemmer, references=metric.references)


def _pair_scores(metric: RougeMetric, text: str, references: Sequence[str]) -> list[dict]:
    """F1 per ROUGE type of ``text`` against each reference on its own."""
    scores = metric.score_against([text] * len(references), [[ref] for ref in references])
    return [{t: score.values[t] for t in metric.types} for score in scores]


def _combine(pairs: Sequence[dict], keep: Sequence[int], policy: str, types: Sequence[str]):
    values = {}
    for rouge_type in types:
        kept = [pairs[i][rouge_type] for i in keep]
        values[rouge_type] = max(kept) if policy == "max" else sum(kept) / len(kept)
    return values


def _jackknife(per_fold: Sequence[dict], types: Sequence[str]) -> dict[str, float]:
    return {t: sum(fold[t] for fold in per_fold) / len(per_fold) for t in types}


def ceiling_rows(
    items: Sequence[Item],
    briefings: Mapping[str, Sequence[str | None]],
    metric: RougeMetric,
) -> list[dict[str, Any]]:
    """Per-article rows ``{"system", "id", <rouge type>: F1}`` for ``human`` and each system.

    ``briefings[system][i]`` belongs to ``items[i]``; ``None`` (a failed generation) gets a row
    without values, as in scores.jsonl.
    """
    scorer = _fresh(metric)
    types, policy = scorer.types, scorer.references
    rows: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        refs = list(item.references)
        if len(refs) < 2:
            continue
        folds = range(len(refs))
        others = [[k for k in folds if k != j] for j in folds]
        # Reference j against reference k, for every ordered pair.
        human_pairs = [_pair_scores(scorer, refs[j], [refs[k] for k in others[j]]) for j in folds]
        human = [_combine(human_pairs[j], range(len(others[j])), policy, types) for j in folds]
        rows.append({"system": HUMAN, "id": item.id, **_jackknife(human, types)})
        for system, texts in briefings.items():
            text = texts[index]
            if text is None:
                rows.append({"system": system, "id": item.id})
                continue
            pairs = _pair_scores(scorer, text, refs)
            per_fold = [_combine(pairs, others[j], policy, types) for j in folds]
            rows.append({"system": system, "id": item.id, **_jackknife(per_fold, types)})
    return rows


def _rows_for_range(job: tuple, span: tuple[int, int]) -> list[dict[str, Any]]:
    items, briefings, metric = job
    start, stop = span
    chunk = {system: texts[start:stop] for system, texts in briefings.items()}
    return ceiling_rows(items[start:stop], chunk, metric)


def ceiling_rows_parallel(
    items: Sequence[Item],
    briefings: Mapping[str, Sequence[str | None]],
    metric: RougeMetric,
    *,
    workers: int | None = None,
) -> list[dict[str, Any]]:
    """``ceiling_rows`` over ranges of articles in worker processes (``--workers``); the rows
    and their order are the same for any number of workers."""
    from eval.run.workers import map_in_processes, plan_ranges, resolve_workers

    count = resolve_workers(workers, len(items))
    job = (list(items), {s: list(t) for s, t in briefings.items()}, metric)
    spans = plan_ranges(len(items), count)
    return [row for rows in map_in_processes(_rows_for_range, job, spans, count) for row in rows]


def ceiling_signature(metric: RougeMetric, items: Sequence[Item]) -> str | None:
    counts = sorted({len(item.references) - 1 for item in items if len(item.references) >= 2})
    if not counts:
        return None
    parts = dict(_fresh(metric).signature())
    parts["nrefs"] = str(counts[0]) if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"
    parts["jackknife"] = "leave-one-out"
    return format_signature(metric.name, parts)


def summarise_ceiling(
    rows: Sequence[dict[str, Any]],
    *,
    systems: Sequence[str],
    types: Sequence[str],
    article_ids: Sequence[str],
    seed: int,
    bootstrap: int,
    confidence: float,
    signature: str | None,
) -> dict[str, Any] | None:
    """Intervals for ``human`` and each system, and each system's paired gap to ``human``.

    Uses the run's resample matrix (same seed, same article list), so the ceiling's intervals
    are drawn on the same resamples as the leaderboard's.
    """
    used = sorted({row["id"] for row in rows if row["system"] == HUMAN})
    if not used:
        return None
    indices = stats.resample_indices(len(article_ids), bootstrap, seed)
    everyone = [HUMAN, *systems]
    common = {"names": list(types), "article_ids": article_ids, "indices": indices}
    return {
        "signature": signature,
        "articles": len(used),
        "reference": HUMAN,
        "systems": intervals(rows, systems=everyone, confidence=confidence, **common),
        "comparisons": paired_tests(
            rows, systems=everyone, against=HUMAN, seed=seed, confidence=confidence, **common
        ),
    }


def find_rouge(metrics: Sequence[object]) -> RougeMetric | None:
    from eval.metrics.rouge import RougeMetric

    return next((m for m in metrics if isinstance(m, RougeMetric)), None)


def human_ceiling(
    items: Sequence[Item],
    generations: Mapping[str, Sequence[Any]],
    metrics: Sequence[object],
    *,
    seed: int,
    bootstrap: int,
    confidence: float,
    workers: int | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The runner's hook: per-article rows (for ceiling.jsonl) and the summary for
    aggregate.json, or ``([], None)`` without ROUGE or without an article holding two
    references. ``generations[system][i]`` has ``.summary`` and ``.error`` for ``items[i]``."""
    metric = find_rouge(metrics)
    if metric is None:
        return [], None
    briefings = {
        system: [g.summary if g.error is None else None for g in gens]
        for system, gens in generations.items()
    }
    rows = ceiling_rows_parallel(items, briefings, metric, workers=workers)
    summary = summarise_ceiling(
        rows,
        systems=list(generations),
        types=metric.types,
        article_ids=[item.id for item in items],
        seed=seed,
        bootstrap=bootstrap,
        confidence=confidence,
        signature=ceiling_signature(metric, items),
    )
    return (rows, summary) if summary is not None else ([], None)
