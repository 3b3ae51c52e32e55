"""The human ceiling scores a value that does not use references once per text, not per fold.

The numeric check's precision compares a briefing with its source; re-scoring it for each of the
N folds of N-1 references gave the same number N times at N times the cost. The rows must stay
exactly what scoring every fold gives (the same float means), for a made-up metric and for the
real numeric check.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pytest

from eval.corpus.format import Item
from eval.metrics.base import Score, Value, with_references
from eval.metrics.numbers import NumbersMetric
from eval.run.ceiling import HUMAN, ceiling_rows


def _item(index: int, refs: Sequence[str]) -> Item:
    return Item(
        id=f"a{index}",
        title="t",
        source=f"Source {index}: the council spent 4 million pounds; 120 staff; up 3%.",
        references=tuple(refs),
    )


ITEMS = [
    _item(0, ["The council spent 4 million.", "120 staff, 3% more.", "Up 3 per cent, 4 million"]),
    _item(1, ["It spent 5 million.", "There were 120 staff."]),
    _item(2, ["A single reference."]),
]
CALLS: dict[str, Counter[str]] = {}
BRIEFINGS = {
    "sys": ["The council spent 4 million pounds on 120 staff.", None, "anything"],
    "other": ["Up 3%, 7 staff.", "5 million, 0.1 of 3 things", "x"],
}


class Mixed:
    """One value from the source only (a fraction that repeats badly in binary: 1/3, 1/7...),
    one from the references; every call of ``score`` is counted per text (in ``CALLS``, so
    that the private copy the ceiling scores with counts too)."""

    name = "mixed"
    compares_with = "both"
    values = (
        Value("mixed.source", "Src", uses_references=False),
        Value("mixed.refs", "Refs"),
    )

    def __init__(self, text_only: bool) -> None:
        self.tag = f"{type(self).__name__}-{text_only}"
        CALLS[self.tag] = Counter()
        if not text_only:  # the same metric without the declaration: every fold scores all
            self.values = (Value("mixed.source", "Src"), Value("mixed.refs", "Refs"))

    def signature(self) -> dict[str, str]:
        return {}

    def score(self, briefings: Sequence[str], items: Sequence[Item]) -> list[Score]:
        out = []
        for briefing, item in zip(briefings, items, strict=True):
            CALLS[self.tag][briefing] += 1
            source = 1 / (3 + len(briefing) % 5) + len(item.source) / 7
            refs = sum(len(r) for r in item.references) / 11 if item.references else None
            out.append(Score({"mixed.source": source, "mixed.refs": refs}))
        return out


def _rows(metric) -> list[dict]:
    return ceiling_rows(ITEMS, BRIEFINGS, [metric], workers=1)


def test_text_only_values_are_scored_once_per_text_with_the_same_rows() -> None:
    declared, undeclared = Mixed(text_only=True), Mixed(text_only=False)
    assert _rows(declared) == _rows(undeclared)  # exact float equality, every row
    # Undeclared: the system's briefing of article 0 is scored in each of its 3 folds.
    assert CALLS[undeclared.tag][BRIEFINGS["sys"][0]] == 3
    # Declared: once for the source-only value, and 3 times through the generic
    # per-fold path (score on items with N-1 references) for the reference value.
    assert CALLS[declared.tag][BRIEFINGS["sys"][0]] == 1 + 3


class MixedWithFolds(Mixed):
    """The same, with a ``score_against`` that skips the source-only value (as the numeric
    check does): per fold it only computes what uses references."""

    def score_against(self, briefings, items, references) -> list[Score]:
        scores = Mixed.score(self, briefings, with_references(items, references))
        for score in scores:
            score.values["mixed.source"] = None
        return scores


def test_a_metric_may_leave_text_only_values_out_of_its_folds() -> None:
    assert _rows(MixedWithFolds(text_only=True)) == _rows(Mixed(text_only=False))


def test_numbers_ceiling_equals_scoring_every_fold() -> None:
    """The real numeric check: declared rows equal rows from ``score`` on every fold."""

    class EveryFold(NumbersMetric):  # the old way: no declaration, no score_against
        score_against = None  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.values = tuple(
                Value(**{**v.to_json(), "uses_references": True}) for v in self.values
            )

    fast, slow = _rows(NumbersMetric()), _rows(EveryFold())
    assert fast == slow
    human = [r for r in fast if r["system"] == HUMAN]
    assert [r["id"] for r in human] == ["a0", "a1"]  # the single-reference article is left out
    assert any(r.get("numbers.recall") is not None for r in fast)
    assert any(r.get("numbers.precision") is not None for r in fast)


@pytest.mark.parametrize("recall", [True, False])
def test_numbers_score_against_gives_recall_and_leaves_the_rest(recall: bool) -> None:
    metric = NumbersMetric(recall=recall)
    briefing = BRIEFINGS["sys"][0]
    [fold] = metric.score_against([briefing], [ITEMS[0]], [list(ITEMS[0].references[1:])])
    [full] = metric.score([briefing], [ITEMS[0]])
    assert set(fold.values) == set(full.values)
    assert fold.values["numbers.precision"] is None and full.values["numbers.precision"] == 1.0
    if recall:
        assert fold.values["numbers.recall"] is not None
