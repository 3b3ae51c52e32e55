"""The human ceiling computed by the scoring workers gives the rows the ceiling phase gave.

``score_systems(ceiling=...)`` has each chunk of articles compute its ceiling folds right after
scoring them, with the same metric instances (the numeric check's prepared sources are still in
memory). The rows must be exactly those of ``ceiling_rows`` computed on its own, for any number
of workers, failed briefings and single-reference articles included, and folds of N-1
references must not reach the run metric's signature (ROUGE records ``nrefs``).
"""

from __future__ import annotations

import json
import sys

import pytest
from helpers import CORPUS

from eval.corpus.format import Item
from eval.corpus.loading import load_corpus
from eval.metrics.length import LengthMetric
from eval.metrics.numbers import NumbersMetric
from eval.metrics.rouge import RougeMetric
from eval.run import workers as scoring_workers
from eval.run.ceiling import ceiling_rows, human_ceiling
from eval.run.generation import Generation
from eval.run.scoring import score_systems
from eval.stats import resample_indices

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="forked workers are tested on Linux"
)


def _items() -> list[Item]:
    items = load_corpus(CORPUS).items()[:9]
    single = items[4]  # one article with a single reference: no ceiling row for it
    items[4] = Item(single.id, single.source, single.references[:1], single.published)
    return items


def _generations(items: list[Item]) -> dict[str, list[Generation]]:
    out = {}
    for s, name in enumerate(("lead", "tail")):
        gens = []
        for k, item in enumerate(items):
            words = item.source.split()
            text = " ".join(words[:60] if s == 0 else words[-50:])
            failed = (k + s) % 4 == 3
            gens.append(
                Generation(item.id, None if failed else text, 0.0, False, "x" if failed else None)
            )
        out[name] = gens
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_rows_from_the_scoring_workers_equal_the_ceiling_phase(monkeypatch, workers) -> None:
    monkeypatch.setattr(scoring_workers, "MIN_TASKS_PER_WORKER", 1)
    items = _items()
    generations = _generations(items)
    briefings = {
        system: [g.summary if g.error is None else None for g in gens]
        for system, gens in generations.items()
    }
    expected = ceiling_rows(items, briefings, [RougeMetric(), NumbersMetric()], workers=1)

    metrics = [RougeMetric(), LengthMetric(), NumbersMetric()]
    pooled: list = []
    score_systems(generations, items, metrics, workers=workers, ceiling=pooled)
    assert metrics[0]._reference_counts == {1, 3}, "folds of N-1 (2) references leaked"
    got = ceiling_rows(items, briefings, metrics, workers=workers, pooled_rows=pooled)
    assert json.dumps(got) == json.dumps(expected)
    assert len(pooled) == len(expected) == 8 * 3  # 8 articles with 3 refs: human + 2 systems
    assert sum(row is None for row in pooled) == sum(
        1 for gens in generations.values() for k, g in enumerate(gens) if g.error and k != 4
    )

    indices = resample_indices(len(items), 50, 7)
    rows, summary = human_ceiling(
        items, generations, metrics, indices=indices, seed=7, confidence=0.9, pooled_rows=pooled
    )
    again, same = human_ceiling(
        items, generations, metrics, indices=indices, seed=7, confidence=0.9, workers=1
    )
    assert json.dumps([rows, summary], default=str) == json.dumps([again, same], default=str)


def test_pooled_rows_of_the_wrong_length_are_refused() -> None:
    items = _items()
    briefings = {"s": [item.references[0] for item in items]}
    with pytest.raises(ValueError, match="pooled ceiling rows"):
        ceiling_rows(items, briefings, [RougeMetric()], pooled_rows=[{}])
