"""Per-system means with bootstrap intervals, and paired tests against a reference system.

The same functions serve the leaderboard (systems against the configured baseline), the human
ceiling (systems and people against people, ``eval.run.ceiling``) and ``compare`` (several runs
re-aggregated together), so every table of a report is computed on one shared resample matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from eval import stats
from eval.run.scoring import value_names

Table = dict[str, dict[str, dict[str, Any]]]  # system -> article id -> row


def index_rows(rows: Sequence[dict[str, Any]]) -> Table:
    """Rows by system and article id, built once per aggregation instead of per column."""
    table: Table = {}
    for row in rows:
        table.setdefault(row["system"], {})[row["id"]] = row
    return table


def column(table: Table, system: str, name: str, ids: Sequence[str]) -> list[float | None]:
    """One value per article id, in ``ids`` order; ``None`` where missing or not applicable."""
    by_id = table.get(system, {})
    return [by_id[article_id].get(name) if article_id in by_id else None for article_id in ids]


def intervals(
    rows: Sequence[dict[str, Any]],
    *,
    systems: Sequence[str],
    names: Sequence[str],
    article_ids: Sequence[str],
    indices: np.ndarray,
    confidence: float,
) -> dict[str, dict[str, dict[str, Any]]]:
    """``{system: {value name: {mean, ci_low, ci_high, n}}}``."""
    table = index_rows(rows)
    return {
        system: {
            name: stats.bootstrap_interval(
                column(table, system, name, article_ids), indices, confidence
            ).as_dict()
            for name in names
        }
        for system in systems
    }


def paired_tests(
    rows: Sequence[dict[str, Any]],
    *,
    systems: Sequence[str],
    against: str,
    names: Sequence[str],
    article_ids: Sequence[str],
    indices: np.ndarray,
    seed: int,
    confidence: float,
) -> dict[str, dict[str, dict[str, Any]]]:
    """``{system: {value name: paired test of system minus against}}`` for every other system."""
    table = index_rows(rows)
    reference = {name: column(table, against, name, article_ids) for name in names}
    return {
        system: {
            name: stats.paired_test(
                column(table, system, name, article_ids),
                reference[name],
                indices,
                seed=seed,
                confidence=confidence,
            ).as_dict()
            for name in names
        }
        for system in systems
        if system != against
    }


def aggregate(
    rows: Sequence[dict[str, Any]],
    *,
    systems: Sequence[str],
    article_ids: Sequence[str],
    baseline: str,
    seed: int,
    indices: np.ndarray,
    confidence: float,
    empty: dict[str, int],
) -> dict[str, Any]:
    """The aggregate.json body. ``indices`` is the run's one resample matrix
    (``eval.stats.resample_indices`` over ``article_ids``), shared with the human ceiling."""
    names = value_names(rows)
    bootstrap = int(indices.shape[0])
    common = {"names": names, "article_ids": article_ids, "indices": indices}
    return {
        "seed": seed,
        "bootstrap": bootstrap,
        "confidence": confidence,
        "baseline": baseline,
        "articles": len(article_ids),
        "systems": intervals(rows, systems=systems, confidence=confidence, **common),
        "comparisons": paired_tests(
            rows, systems=systems, against=baseline, seed=seed, confidence=confidence, **common
        ),
        "failures": {
            system: sum(1 for row in rows if row["system"] == system and row.get("error"))
            for system in systems
        },
        "empty": {system: int(empty.get(system, 0)) for system in systems},
    }
