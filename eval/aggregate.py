"""Per-system means with bootstrap intervals, and paired tests against the baseline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eval import stats
from eval.scoring import value_names


def _column(rows: Sequence[dict[str, Any]], system: str, name: str, ids: Sequence[str]):
    by_id = {row["id"]: row.get(name) for row in rows if row["system"] == system}
    return [by_id.get(article_id) for article_id in ids]


def aggregate(
    rows: Sequence[dict[str, Any]],
    *,
    systems: Sequence[str],
    article_ids: Sequence[str],
    baseline: str,
    seed: int,
    bootstrap: int,
    confidence: float,
    empty: dict[str, int],
) -> dict[str, Any]:
    names = value_names(rows)
    indices = stats.resample_indices(len(article_ids), bootstrap, seed)
    result: dict[str, Any] = {
        "seed": seed,
        "bootstrap": bootstrap,
        "confidence": confidence,
        "baseline": baseline,
        "articles": len(article_ids),
        "systems": {},
        "comparisons": {},
        "failures": {},
        "empty": dict(empty),
    }
    for system in systems:
        result["systems"][system] = {
            name: stats.bootstrap_interval(
                _column(rows, system, name, article_ids), indices, confidence
            ).as_dict()
            for name in names
        }
        system_rows = [row for row in rows if row["system"] == system]
        result["failures"][system] = sum(1 for row in system_rows if row.get("error"))
    for system in systems:
        if system == baseline:
            continue
        result["comparisons"][system] = {
            name: stats.paired_test(
                _column(rows, system, name, article_ids),
                _column(rows, baseline, name, article_ids),
                indices,
                seed=seed,
                confidence=confidence,
            ).as_dict()
            for name in names
        }
    return result
