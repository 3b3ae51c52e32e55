"""How much does each score say? Correlations between metrics and expert ratings.

Two views, as in SummEval (Fabbri et al. 2021) and Deutsch, Dror & Roth (2021):

* **system level**: each system's mean metric score against its mean rating, over the systems
  that were rated (Kendall tau-b and Spearman rho from ``scipy.stats``), with a seeded
  bootstrap interval obtained by resampling articles (Deutsch et al.'s BOOT-INPUTS) on a
  resample matrix drawn by ``eval.stats.resample_indices`` from the run's seed over the rated
  articles (the run's own matrix when every article is rated), and scipy's p-value;
* **summary level**: for each article, the correlation across systems of metric and rating,
  averaged over the articles where it is defined (at least three systems, neither side
  constant); the number of articles used is reported.

Means are taken over the same (system, article) pairs on both sides: an article a system
failed on, or a rating that is missing, drops out of both.
"""

from __future__ import annotations

import hashlib
import math
import warnings
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats as scipy_stats

from eval import stats
from eval.errors import UserError
from eval.files import iter_json_objects
from eval.run.scoring import value_names

RATING_NAMES = ("consistency", "relevance", "coherence", "fluency")
CORRELATIONS = ("kendall", "spearman")


def load_ratings(path: Path) -> tuple[dict[tuple[str, str], dict[str, float]], list[str]]:
    """``{(system, id): {rating: mean over annotators}}`` and the rating names found."""
    sums: dict[tuple[str, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    expected = '{"id": ..., "system": ..., "consistency": 4.3, ...}'
    for number, row in iter_json_objects(Path(path), label="--ratings", expected=expected):
        where = f"{path}, line {number}"
        if not isinstance(row.get("id"), str):
            raise UserError(f'{where}: expected an object with a string "id".')
        if not isinstance(row.get("system"), str):
            raise UserError(f'{where}: expected a string "system" (a system id of the run).')
        key = (row["system"], row["id"])
        for name in RATING_NAMES:
            value = row.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise UserError(f"{where}: {name!r} must be a number, got {value!r}.")
            if not math.isfinite(value):
                raise UserError(f"{where}: {name!r} must be a finite number, got {value!r}.")
            sums[key][name].append(float(value))
    if not sums:
        raise UserError(f"--ratings: {path} holds no ratings.")
    found = [n for n in RATING_NAMES if any(n in values for values in sums.values())]
    if not found:
        raise UserError(
            f"--ratings: {path} has none of the rating fields {', '.join(RATING_NAMES)}."
        )
    ratings = {
        key: {name: sum(v) / len(v) for name, v in values.items()} for key, values in sums.items()
    }
    return ratings, found


#: Fewer articles with values than this: a system-level correlation gets no interval.
MIN_ARTICLES_FOR_INTERVAL = 2


def _corr(kind: str, x: Sequence[float], y: Sequence[float]) -> tuple[float | None, float | None]:
    """(coefficient, p-value) from scipy, or (None, None) where undefined (constant input)."""
    if len(x) < 3 or len(set(x)) < 2 or len(set(y)) < 2:
        return None, None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = scipy_stats.kendalltau(x, y) if kind == "kendall" else scipy_stats.spearmanr(x, y)
    value, p = float(result.statistic), float(result.pvalue)
    return (value if math.isfinite(value) else None), (p if math.isfinite(p) else None)


def kendall_tau_b_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Kendall tau-b of each row of ``x`` with the same row of ``y`` (vectorised over rows;
    equal to ``scipy.stats.kendalltau``, which the tests check). NaN where undefined."""
    i, j = np.triu_indices(x.shape[1], k=1)
    sx = np.sign(x[:, i] - x[:, j])
    sy = np.sign(y[:, i] - y[:, j])
    with np.errstate(invalid="ignore", divide="ignore"):
        return (sx * sy).sum(axis=1) / np.sqrt((sx * sx).sum(axis=1) * (sy * sy).sum(axis=1))


def spearman_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Spearman rho (average ranks for ties) row by row; NaN where undefined."""
    rx = scipy_stats.rankdata(x, axis=1)
    ry = scipy_stats.rankdata(y, axis=1)
    rx = rx - rx.mean(axis=1, keepdims=True)
    ry = ry - ry.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (rx * ry).sum(axis=1) / np.sqrt((rx * rx).sum(axis=1) * (ry * ry).sum(axis=1))


def _resampled_system_means(matrix: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """(bootstrap, systems) means over each resample of articles, ignoring NaN."""
    drawn = matrix[:, indices]  # systems x bootstrap x articles
    present = ~np.isnan(drawn)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(present, drawn, 0.0).sum(axis=2) / present.sum(axis=2)
    return means.T


def _clean(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else round(float(x), 12)


def _interval(samples: np.ndarray, confidence: float) -> tuple[float | None, float | None]:
    samples = samples[np.isfinite(samples)]
    if samples.size == 0:
        return None, None
    alpha = (1 - confidence) / 2
    low, high = np.quantile(samples, [alpha, 1 - alpha])
    return _clean(low), _clean(high)


def meta_evaluate(
    rows: Sequence[dict[str, Any]],
    ratings: dict[tuple[str, str], dict[str, float]],
    rating_names: Sequence[str],
    *,
    seed: int,
    bootstrap: int,
    confidence: float,
    metrics: Sequence[str] | None = None,
) -> dict[str, Any]:
    run_systems = list(dict.fromkeys(row["system"] for row in rows))
    rated = {system for system, _ in ratings}
    systems = [s for s in run_systems if s in rated]
    if len(systems) < 3:
        raise UserError(
            f"meta-evaluation needs ratings for at least three of the run's systems; the ratings "
            f"name {len(rated)} system(s) ({', '.join(sorted(rated)[:8])}) and the run has "
            f"{', '.join(run_systems)} ({len(systems)} in common). System ids must match "
            "exactly."
        )
    ids = list(dict.fromkeys(row["id"] for row in rows if row["system"] in systems))
    ids = [i for i in ids if any((s, i) in ratings for s in systems)]
    names = [n for n in (metrics or value_names(rows))]
    by_key = {(row["system"], row["id"]): row for row in rows}
    indices = stats.resample_indices(len(ids), bootstrap, seed)

    def matrices(metric: str, rating: str) -> tuple[np.ndarray, np.ndarray]:
        m = np.full((len(systems), len(ids)), np.nan)
        r = np.full_like(m, np.nan)
        for a, system in enumerate(systems):
            for b, article in enumerate(ids):
                value = by_key.get((system, article), {}).get(metric)
                score = ratings.get((system, article), {}).get(rating)
                if isinstance(value, int | float) and score is not None:
                    m[a, b], r[a, b] = float(value), score
        return m, r

    def rated_pairs(rating: str) -> int:
        return sum(rating in ratings.get((s, a), {}) for s in systems for a in ids)

    system_level: dict[str, dict[str, Any]] = {}
    summary_level: dict[str, dict[str, Any]] = {}
    for metric in names:
        system_level[metric], summary_level[metric] = {}, {}
        for rating in rating_names:
            m, r = matrices(metric, rating)
            keep = ~np.isnan(m).all(axis=1)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                means_m, means_r = np.nanmean(m[keep], axis=1), np.nanmean(r[keep], axis=1)
            boot_m = _resampled_system_means(m[keep], indices)
            boot_r = _resampled_system_means(r[keep], indices)
            covered = int((~np.isnan(m[keep])).any(axis=0).sum())
            entry: dict[str, Any] = {
                "systems": int(keep.sum()),
                "articles": covered,
                # (system, article) pairs with both a value and a rating, of all rated pairs:
                # a judge that failed to grade, or judged a subset, covers fewer.
                "briefings": int((~np.isnan(m)).sum()),
                "rated_briefings": rated_pairs(rating),
            }
            for kind, rows_fn in (("kendall", kendall_tau_b_rows), ("spearman", spearman_rows)):
                value, p = _corr(kind, list(means_m), list(means_r))
                usable = ~(np.isnan(boot_m).any(axis=1) | np.isnan(boot_r).any(axis=1))
                # Resampling articles says nothing when the metric has values for fewer than
                # MIN_ARTICLES_FOR_INTERVAL of them (every resample is the same article): the
                # interval would have zero width and look certain, so none is given.
                low, high = (
                    _interval(rows_fn(boot_m[usable], boot_r[usable]), confidence)
                    if value is not None and covered >= MIN_ARTICLES_FOR_INTERVAL
                    else (None, None)
                )
                entry[kind] = {
                    "value": _clean(value),
                    "ci_low": low,
                    "ci_high": high,
                    "p": _clean(p),
                }
            system_level[metric][rating] = entry

            per_article: dict[str, list[float]] = {kind: [] for kind in CORRELATIONS}
            for b in range(len(ids)):
                present = ~(np.isnan(m[:, b]) | np.isnan(r[:, b]))
                for kind in CORRELATIONS:
                    value, _ = _corr(kind, list(m[present, b]), list(r[present, b]))
                    if value is not None:
                        per_article[kind].append(value)
            summary_level[metric][rating] = {
                kind: {
                    "value": _clean(float(np.mean(v))) if v else None,
                    "articles": len(v),
                }
                for kind, v in per_article.items()
            }
    return {
        "ratings": list(rating_names),
        "systems": systems,
        "unrated_systems": [s for s in run_systems if s not in rated],
        "articles": len(ids),
        "seed": seed,
        "bootstrap": bootstrap,
        "confidence": confidence,
        "metrics": names,
        "system_level": system_level,
        "summary_level": summary_level,
    }


def file_digest(path: Path) -> str:
    return "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
