"""A test kit for metrics: the checks every metric must pass, so a metric's own tests are short.

Like sacrerouge's ``common/testing/metric_test_cases.py``: subclass ``MetricTestCases`` in a
pytest file, say how to build the metric and give a few articles, briefings and golden values;
every ``test_*`` method below then runs against it::

    from eval.metrics.testing import MetricTestCases, item

    class TestMyMetric(MetricTestCases):
        items = (item("a", "The council met on Monday.", ["The council met.", "It met."]),)
        briefings = ("The council met on Monday.",)
        golden = {0: {"my.value": 0.5}}          # briefing index -> value name -> expected

        def make_metric(self):
            return MyMetric()

What it checks, against ``eval/metrics/base.py``:

* the metric describes itself (``describe``), its signature is strings, and every score has
  exactly the declared values, each a finite float or ``None`` (never NaN);
* golden values, to ``tolerance``;
* empty and blank briefings are scored, not skipped, and do not raise;
* batching does not change a number: all at once, one at a time and in reverse order agree;
* determinism: two fresh instances give identical values and evidence;
* pickling for worker processes (``in_workers``): a copy made after scoring scores the same,
  and its signature is the same;
* reference-based metrics: ``score_against`` with each item's own references equals ``score``,
  and scoring against N-1 references (what the human ceiling does) works.

Each check is also a plain function (``check_*``) for tests that want one alone. The kit needs
no pytest; failures are ``AssertionError`` with the metric and value named.
"""

from __future__ import annotations

import json
import math
import pickle
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from eval.corpus.format import Item
from eval.metrics.base import Metric, Score, describe, runs_in_workers, score_against

Golden = Mapping[int, Mapping[str, float | None]]


def item(id: str, source: str, references: Sequence[str] = (), published: Any = None) -> Item:
    """An article as metrics see it, for tests."""
    return Item(id, source, tuple(references), published)


def _values(scores: Sequence[Score]) -> list[dict[str, float | None]]:
    return [dict(score.values) for score in scores]


def _same(a: float | None, b: float | None, tolerance: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=0.0, abs_tol=tolerance)


def _assert_same_scores(
    got: Sequence[Score], expected: Sequence[Score], what: str, tolerance: float = 0.0
) -> None:
    assert len(got) == len(expected), f"{what}: {len(got)} scores, expected {len(expected)}"
    for index, (a, b) in enumerate(zip(_values(got), _values(expected), strict=True)):
        assert a.keys() == b.keys(), f"{what}, briefing {index}: values {sorted(a)} vs {sorted(b)}"
        for name in a:
            assert _same(a[name], b[name], tolerance), (
                f"{what}, briefing {index}, {name}: {a[name]!r} vs {b[name]!r}"
            )


def _only(score: Score, names: set[str]) -> Score:
    return Score({k: v for k, v in score.values.items() if k in names}, score.evidence)


def check_describes_itself(metric: Metric, scores: Sequence[Score]) -> None:
    """Declarations are valid and every score has exactly the declared values, finite or None."""
    description = describe(metric)  # raises naming what is wrong
    signature = metric.signature()
    assert isinstance(signature, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in signature.items()
    ), f"{description.name}: signature() must map strings to strings, got {signature!r}"
    declared = {value.name for value in description.values}
    for index, score in enumerate(scores):
        assert isinstance(score, Score), f"{description.name}: score {index} is not a Score"
        assert set(score.values) == declared, (
            f"{description.name}, briefing {index}: produced {sorted(score.values)}, declared "
            f"{sorted(declared)}"
        )
        for name, value in score.values.items():
            assert value is None or (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and math.isfinite(value)
            ), f"{description.name}, briefing {index}, {name}: {value!r} is not a finite number"
        json.dumps(score.evidence, allow_nan=False)  # evidence goes into scores.jsonl


def check_golden(
    metric: Metric,
    briefings: Sequence[str],
    items: Sequence[Item],
    golden: Golden,
    tolerance: float = 1e-9,
) -> None:
    scores = metric.score(list(briefings), list(items))
    for index, expected in golden.items():
        for name, value in expected.items():
            got = scores[index].values.get(name)
            assert _same(got, value, tolerance), (
                f"{metric.name}, briefing {index}, {name}: got {got!r}, golden {value!r}"
            )


def check_empty_briefings(metric: Metric, items: Sequence[Item]) -> list[Score]:
    """Empty and blank briefings get a Score each (0 or None), in order, without raising."""
    first = items[0]
    scores = metric.score(["", "   \n"], [first, first])
    assert len(scores) == 2, f"{metric.name}: empty briefings must be scored, not dropped"
    check_describes_itself(metric, scores)
    return scores


def check_batching(
    make_metric: Callable[[], Metric], briefings: Sequence[str], items: Sequence[Item]
) -> None:
    """All at once, one at a time and in reverse order give the same values."""
    together = make_metric().score(list(briefings), list(items))
    single = make_metric()
    one_by_one = [single.score([b], [i])[0] for b, i in zip(briefings, items, strict=True)]
    _assert_same_scores(one_by_one, together, f"{single.name}: one at a time vs batched")
    backwards = make_metric().score(list(briefings)[::-1], list(items)[::-1])[::-1]
    _assert_same_scores(backwards, together, f"{single.name}: reversed batch vs batched")


def check_determinism(
    make_metric: Callable[[], Metric], briefings: Sequence[str], items: Sequence[Item]
) -> None:
    """Two fresh instances give identical values and evidence."""
    first = make_metric().score(list(briefings), list(items))
    second = make_metric().score(list(briefings), list(items))
    _assert_same_scores(second, first, "a second instance")
    for a, b in zip(first, second, strict=True):
        assert json.dumps(a.evidence, sort_keys=True) == json.dumps(b.evidence, sort_keys=True)


def check_pickling(metric: Metric, briefings: Sequence[str], items: Sequence[Item]) -> None:
    """What a worker process gets (a pickled copy, made after use) scores the same."""
    if not runs_in_workers(metric):
        return  # scored in the parent only: never sent to a worker
    before = metric.score(list(briefings), list(items))
    copy = pickle.loads(pickle.dumps(metric))
    _assert_same_scores(copy.score(list(briefings), list(items)), before, "a pickled copy")
    assert dict(copy.signature()) == dict(metric.signature()), "a pickled copy's signature"


def check_against_references(
    metric: Metric, briefings: Sequence[str], items: Sequence[Item]
) -> None:
    """``score_against`` with the items' own references equals ``score`` (on the values that
    use references: the ceiling reads only those from it); N-1 works."""
    description = describe(metric)
    if not description.uses_references:
        return
    own = [list(i.references) for i in items]
    folds = {v.name for v in description.values if v.uses_references}
    _assert_same_scores(
        [_only(s, folds) for s in score_against(metric, briefings, items, own)],
        [_only(s, folds) for s in metric.score(list(briefings), list(items))],
        f"{metric.name}: score_against(own references) vs score",
    )
    fewer = [refs[1:] or refs for refs in own]
    check_describes_itself(metric, score_against(metric, briefings, items, fewer))


class MetricTestCases:
    """Subclass as ``TestSomething`` with ``make_metric``, ``items``, ``briefings``, ``golden``.

    ``items[i]`` is the article of ``briefings[i]`` (give at least two, with references for a
    reference-based metric); ``golden`` may be empty when a metric's own tests hold the goldens.
    """

    items: Sequence[Item] = ()
    briefings: Sequence[str] = ()
    golden: ClassVar[Golden] = {}
    tolerance: float = 1e-9

    def make_metric(self) -> Metric:
        raise NotImplementedError("return a fresh metric instance")

    def test_describes_itself(self) -> None:
        metric = self.make_metric()
        check_describes_itself(metric, metric.score(list(self.briefings), list(self.items)))

    def test_golden_values(self) -> None:
        if self.golden:
            check_golden(
                self.make_metric(), self.briefings, self.items, self.golden, self.tolerance
            )

    def test_empty_briefings_are_scored(self) -> None:
        check_empty_briefings(self.make_metric(), self.items)

    def test_batching_does_not_change_a_number(self) -> None:
        check_batching(self.make_metric, self.briefings, self.items)

    def test_deterministic(self) -> None:
        check_determinism(self.make_metric, self.briefings, self.items)

    def test_pickled_copy_scores_the_same(self) -> None:
        check_pickling(self.make_metric(), self.briefings, self.items)

    def test_score_against_references(self) -> None:
        check_against_references(self.make_metric(), self.briefings, self.items)
