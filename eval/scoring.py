"""Apply every metric to every system's briefings and lay the results out as rows.

One row per system and article. A failed generation keeps its row (with the error) but gets no
values, so it is never mistaken for a briefing that scored zero; an empty briefing is scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eval.corpus import Item
from eval.generation import Generation
from eval.metrics.base import Metric


def score_systems(
    generations: dict[str, list[Generation]],
    items: Sequence[Item],
    metrics: Sequence[Metric],
    *,
    workers: int | None = None,
) -> list[dict[str, Any]]:
    """Rows in system order, then article order. ``workers`` is accepted for the parallel engine
    and does not change any number."""
    rows: list[dict[str, Any]] = []
    for system, gens in generations.items():
        ok = [i for i, gen in enumerate(gens) if gen.error is None and gen.summary is not None]
        briefings = [gens[i].summary or "" for i in ok]
        ok_items = [items[i] for i in ok]
        per_item: list[dict[str, Any]] = [
            {"system": system, "id": item.id, "error": gens[i].error}
            for i, item in enumerate(items)
        ]
        for metric in metrics:
            scores = metric.score(briefings, ok_items) if ok_items else []
            for index, score in zip(ok, scores, strict=True):
                per_item[index].update(score.values)
                if score.evidence:
                    per_item[index].setdefault("evidence", {})[metric.name] = score.evidence
        rows.extend(per_item)
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
