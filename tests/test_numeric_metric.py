"""The ``numbers`` metric: values, evidence, recall against references, caching, signature."""

from __future__ import annotations

import json
import pickle
from datetime import date

import pytest

from eval.corpus.format import Item
from eval.errors import UserError
from eval.metrics.base import format_signature, values_of
from eval.metrics.numbers import NumbersMetric

SOURCE = (
    "Harwick Foods reported a pre-tax profit of $2.5bn for 2023, up from $2.1bn a year "
    "earlier. The company said it would cut 1,200 jobs and close 35 stores by the end of June."
)
ITEM = Item(
    id="harwick",
    source=SOURCE,
    references=(
        "Harwick's profit rose to $2.5bn; it will cut 1,200 jobs.",
        "Harwick Foods will close 35 stores and cut 1,200 jobs by June.",
    ),
    published=date(2024, 2, 20),
)


def scores(*briefings: str, metric: NumbersMetric | None = None, item: Item = ITEM):
    metric = metric or NumbersMetric()
    return metric.score(list(briefings), [item] * len(briefings))


def test_values_for_a_briefing_with_numbers():
    (score,) = scores("Harwick made $2.5 billion and will cut 2,100 jobs.")
    values = score.values
    assert values["numbers.claims"] == 2
    assert values["numbers.flagged"] == 1
    assert values["numbers.precision"] == pytest.approx(0.5)
    # reference facts: $2.5bn, 1,200 jobs, 35 stores, June -> the briefing keeps $2.5bn only
    assert values["numbers.recall"] == pytest.approx(1 / 4)
    claims = score.evidence["claims"]
    assert [c["verdict"] for c in claims] == ["supported", "contradicted"]
    assert set(claims[0]) == {"text", "start", "end", "kind", "value", "unit", "verdict",
                              "evidence", "explanation", "reason"}  # fmt: skip
    # The reason is what the report's drill-down shows beside a claim: the verdict, what the
    # claim is about, the source figure it was matched with and the rule that decided.
    assert claims[1]["reason"].startswith("contradicted: claim about ")
    assert "1,200 jobs" in claims[1]["reason"] and "different value" in claims[1]["reason"]
    json.dumps(score.evidence)  # scores.jsonl must be able to hold it


def test_values_without_evidence_are_the_values_of_score_in_either_order():
    """``score_values`` (the human ceiling's path: no reason per claim) gives ``score``'s
    values, whether it runs first, after ``score`` on the same metric, or on its own; and a
    result it memoised without reasons never reaches ``score``'s evidence."""
    briefings = ["Harwick made $2.5 billion and will cut 2,100 jobs.", "Harwick is shrinking.",
                 "It will shut 35 stores by June 2024; profit was $2.1bn in 2023.", ""]  # fmt: skip
    items = [ITEM] * len(briefings)
    expected = [score.values for score in NumbersMetric().score(briefings, items)]
    assert NumbersMetric().score_values(briefings, items) == expected
    metric = NumbersMetric()
    assert metric.score_values(briefings, items) == expected
    after = metric.score(briefings, items)
    assert [score.values for score in after] == expected
    assert all(claim["reason"] for claim in after[0].evidence["claims"])
    assert values_of(metric, briefings, items) == expected


def test_no_numbers_means_no_precision_but_zero_flags():
    (score,) = scores("Harwick is shrinking.")
    assert score.values["numbers.precision"] is None
    assert score.values["numbers.flagged"] == 0
    assert score.values["numbers.claims"] == 0
    assert score.values["numbers.recall"] == 0.0


def test_empty_briefings_are_scored_not_dropped():
    (score,) = scores("")
    assert score.values["numbers.claims"] == 0 and score.values["numbers.precision"] is None


def test_recall_is_none_when_references_hold_no_numbers():
    item = Item(id="x", source=SOURCE, references=("Harwick is cutting jobs.",))
    (score,) = scores("Harwick will cut 1,200 jobs.", item=item)
    assert score.values["numbers.recall"] is None
    assert score.values["numbers.precision"] == 1.0


def test_recall_counts_repeated_reference_facts_once():
    (kept_all,) = scores("Profit hit $2.5bn; 1,200 jobs and 35 stores go by the end of June.")
    assert kept_all.values["numbers.recall"] == 1.0
    assert kept_all.evidence["reference_numbers"]["missed"] == []


def test_the_source_is_prepared_once_for_all_systems(monkeypatch):
    import eval.metrics.numbers as module

    calls = []
    real = module.prepare_source

    def counting(text, published=None, parse=False):
        calls.append(text)
        return real(text, published, parse)

    monkeypatch.setattr(module, "prepare_source", counting)
    metric = NumbersMetric()
    scores("$2.5bn", "1,200 jobs", "35 stores", metric=metric)
    scores("2,100 jobs", metric=metric)  # a second system, same article
    assert calls == [SOURCE]


def test_caches_are_not_pickled_for_worker_processes():
    metric = NumbersMetric()
    scores("$2.5bn", metric=metric)
    copy = pickle.loads(pickle.dumps(metric))
    assert copy._sources == {} and copy.signature() == metric.signature()
    assert copy.score(["$2.5bn"], [ITEM])[0].values == metric.score(["$2.5bn"], [ITEM])[0].values


def test_signature_names_versions_and_tolerances():
    text = format_signature("numbers", NumbersMetric().signature())
    assert text.startswith("numbers|extract:v23|align:v43|tol:")
    assert "|text2num:" in text and "|dateparser:" in text


def test_evidence_can_be_limited_to_flagged_claims_and_bad_args_are_user_errors():
    (score,) = scores("$2.5bn and 2,100 jobs", metric=NumbersMetric(evidence="flagged"))
    assert [c["text"] for c in score.evidence["claims"]] == ["2,100"]
    with pytest.raises(UserError, match=r"args\.evidence"):
        NumbersMetric(evidence="some")


def test_the_registry_builds_it():
    from briefing.registry import metrics

    built = metrics.build("numbers", {"recall": False}, where="metrics[0]")
    assert isinstance(built, NumbersMetric)
    (score,) = built.score(["$2.5bn"], [ITEM])
    assert "numbers.recall" not in score.values
