"""The two ROUGE engines give rouge-score's values, down to their JSON form.

``RougeMetric`` computes with rouge-score-rs by default and with the project's own Python engine
on request. Both must equal rouge-score itself (``RougeScorer.score_multi`` on one-sentence-per-
line text, the reference implementation) with ``==`` and must serialise the same way: rouge-score
gives the integer ``0`` for ROUGE-L/Lsum when a side has no tokens, and ``scores.jsonl`` keeps it.
"""

from __future__ import annotations

import json
import pickle

import pytest
from helpers import CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rouge_score.rouge_scorer import RougeScorer

from briefing.text import sentence_texts
from eval.corpus.format import Item
from eval.corpus.loading import load_corpus
from eval.errors import UserError
from eval.metrics.rouge import ENGINES, ROUGE_TYPES, RougeMetric

SCORER = RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def _lines(text: str) -> str:
    return "\n".join(sentence_texts(text))


def _reference(briefing: str, references: tuple[str, ...]) -> str:
    """rouge-score's values as the JSON text scores.jsonl would hold."""
    scores = SCORER.score_multi([_lines(r) for r in references], _lines(briefing))
    values = {}
    for rouge_type in ROUGE_TYPES:
        values[rouge_type] = scores[rouge_type].fmeasure
        values[f"{rouge_type}.precision"] = scores[rouge_type].precision
        values[f"{rouge_type}.recall"] = scores[rouge_type].recall
    return json.dumps(values)


def _ours(metric: RougeMetric, briefing: str, references: tuple[str, ...]) -> str:
    return json.dumps(metric.score([briefing], [Item("x", "s", references)])[0].values)


@pytest.mark.parametrize("engine", ENGINES)
def test_json_identical_to_rouge_score_on_the_shipped_corpus(engine: str) -> None:
    metric = RougeMetric(engine=engine)
    checked = 0
    for item in load_corpus(CORPUS).items():
        sentences = sentence_texts(item.source)
        for briefing in (" ".join(sentences[:3]), item.references[0], "", "!!! ...", "42"):
            assert _ours(metric, briefing, item.references) == _reference(briefing, item.references)
            checked += 1
    assert checked >= 100


WORDS = st.sampled_from(
    [
        "the",
        "a",
        "of",
        "cat",
        "cats",
        "running",
        "runs",
        "40",
        "4.5",
        "$3m",
        "£2",
        "harbour",
        "pilots",
        "Mr.",
        "U.S.",
        "café",
        "İstanbul",
        "日本",
        "12,000",
        "--",
        ";",
        "?",
        "!",
        "'",
        '"',
        "...",
        "—",
    ]
)
TEXT = st.one_of(
    st.just(""),
    st.text(max_size=60),
    st.lists(
        st.builds(
            lambda w, e: " ".join(w) + e,
            st.lists(WORDS, max_size=10),
            st.sampled_from([". ", "! ", "\n", "\n\n", " ", "? "]),
        ),
        max_size=4,
    ).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefing=TEXT, references=st.lists(TEXT, min_size=1, max_size=3))
def test_both_engines_json_identical_to_rouge_score(briefing: str, references: list[str]) -> None:
    refs = tuple(references)
    want = _reference(briefing, refs)
    for engine in ENGINES:
        assert _ours(RougeMetric(engine=engine), briefing, refs) == want, engine


def test_integer_zero_where_rouge_score_gives_it() -> None:
    """A side without tokens: ints for L/Lsum (rouge-score's guard), floats for ROUGE-N."""
    metric = RougeMetric()
    item = Item("x", "s", ("Some words here.",))
    [empty] = metric.score(["... !!!"], [item])
    assert json.dumps(empty.values["rougeL"]) == "0"
    assert json.dumps(empty.values["rougeLsum.recall"]) == "0"
    assert json.dumps(empty.values["rouge1"]) == "0.0"
    [disjoint] = metric.score(["Other tokens entirely."], [item])  # tokens, none shared: floats
    assert json.dumps(disjoint.values["rougeL"]) == "0.0"


def test_signature_names_the_engine_and_rejects_an_unknown_one() -> None:
    assert RougeMetric().signature()["engine"].startswith("rouge-score-rs-0.")
    assert RougeMetric(engine="python").signature()["engine"] == "python"
    with pytest.raises(UserError, match=r"args\.engine"):
        RougeMetric(engine="fast")


def test_fast_engine_survives_pickling() -> None:
    metric = RougeMetric()
    item = Item("x", "s", ("The harbour hired pilots. Then more.",))
    before = metric.score(["Pilots were hired."], [item])
    copy = pickle.loads(pickle.dumps(metric))
    assert copy.score(["Pilots were hired."], [item]) == before
    assert copy.signature() == metric.signature()
