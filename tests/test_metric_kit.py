"""The metric test kit (eval.metrics.testing) run on the built-in metrics: each metric's
generic checks in a few lines, golden values from independent sources (rouge-score itself, and
counts worked out by hand)."""

from __future__ import annotations

import pytest
from rouge_score.rouge_scorer import RougeScorer

from briefing.text import sentence_texts
from eval.metrics.base import Score, Value
from eval.metrics.length import LengthMetric
from eval.metrics.numbers import NumbersMetric
from eval.metrics.rouge import ROUGE_TYPES, RougeMetric
from eval.metrics.testing import MetricTestCases, check_describes_itself, item

SOURCE = (
    "The council spent 4 million pounds on roads in 2024. It met on Monday. "
    "Taxes rose by 3% after the vote."
)
REFERENCES = (
    "The council spent 4 million pounds on roads.",
    "Roads got 4 million pounds; taxes rose 3%.",
    "The council met on Monday and raised taxes.",
)
ITEMS = (
    item("a", SOURCE, REFERENCES),
    item("b", "The council met on Monday. It voted.", ("The council met.", "It voted on Monday.")),
    item("a2", SOURCE, REFERENCES),
)
BRIEFINGS = (
    "The council spent 4 million pounds on roads. Taxes rose by 3%.",
    "Councillors met and voted.",
    "The council spent 5 million pounds on roads.",
)

NO_GOLDEN: dict = {}
# Worked by hand. Briefing 1: "councillors met and voted" against "the council met on monday
# it voted" (7 words): fragments "met" and "voted", 1 word each.
LENGTH_GOLDEN = {
    1: {
        "length.words": 4.0,
        "length.compression": 7 / 4,
        "length.coverage": 2 / 4,
        "length.density": 2 / 4,
    },
    # Briefing 2: "the council spent" (3) + "million pounds on roads" (4) copied, "5" is not.
    2: {"length.words": 8.0, "length.coverage": 7 / 8, "length.density": (9 + 16) / 8},
}
# Briefing 0 repeats "4 million pounds" and "3%", both in the article and the references;
# briefing 2 says 5 million where the article says 4 (contradicted), and keeps no reference
# number. Briefing 1 has no numbers: precision does not apply (None, not 0).
NUMBERS_GOLDEN = {
    0: {"numbers.precision": 1.0, "numbers.flagged": 0.0, "numbers.claims": 2.0},
    1: {"numbers.precision": None, "numbers.flagged": 0.0, "numbers.claims": 0.0},
    2: {"numbers.precision": 0.0, "numbers.flagged": 1.0, "numbers.claims": 1.0},
}


def _rouge_golden() -> dict[int, dict[str, float]]:
    """rouge-score on one-sentence-per-line text: the numbers RougeMetric must equal."""
    scorer = RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    golden = {}
    for index, (briefing, article) in enumerate(zip(BRIEFINGS, ITEMS, strict=True)):
        lines = ["\n".join(sentence_texts(r)) for r in article.references]
        scores = scorer.score_multi(lines, "\n".join(sentence_texts(briefing)))
        golden[index] = {}
        for rouge_type in ROUGE_TYPES:
            golden[index][rouge_type] = scores[rouge_type].fmeasure
            golden[index][f"{rouge_type}.precision"] = scores[rouge_type].precision
            golden[index][f"{rouge_type}.recall"] = scores[rouge_type].recall
    return golden


class TestRouge(MetricTestCases):
    items = ITEMS
    briefings = BRIEFINGS
    golden = _rouge_golden()

    def make_metric(self):
        return RougeMetric()


class TestRougeMean(TestRouge):
    golden = NO_GOLDEN  # the mean policy's goldens are in test_rouge_golden.py

    def make_metric(self):
        return RougeMetric(types=["rouge1", "rougeLsum"], references="mean")


class TestLength(MetricTestCases):
    items = ITEMS
    briefings = BRIEFINGS
    golden = LENGTH_GOLDEN

    def make_metric(self):
        return LengthMetric()


class TestNumbers(MetricTestCases):
    items = ITEMS
    briefings = BRIEFINGS
    golden = NUMBERS_GOLDEN

    def make_metric(self):
        return NumbersMetric()


def test_the_kit_catches_a_metric_that_produces_undeclared_values() -> None:
    class Sloppy:
        name = "sloppy"
        compares_with = "source"
        values = (Value("sloppy.a", "A"),)

        def signature(self):
            return {"v": "1"}

        def score(self, briefings, items):
            return [Score({"sloppy.a": 1.0, "sloppy.b": float("nan")}) for _ in briefings]

    metric = Sloppy()
    with pytest.raises(AssertionError, match="declared"):
        check_describes_itself(metric, metric.score(["x"], [ITEMS[0]]))


def test_the_kit_catches_a_metric_whose_batches_disagree() -> None:
    class Stateful:  # a value that depends on the rest of the batch: not pure
        name = "stateful"
        compares_with = "source"
        values = (Value("stateful.n", "N"),)

        def signature(self):
            return {"v": "1"}

        def score(self, briefings, items):
            return [Score({"stateful.n": float(len(briefings))}) for _ in briefings]

    class TestIt(MetricTestCases):
        items = ITEMS
        briefings = BRIEFINGS

        def make_metric(self):
            return Stateful()

    with pytest.raises(AssertionError, match="one at a time"):
        TestIt().test_batching_does_not_change_a_number()
