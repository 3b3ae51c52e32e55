"""rouge-score-rs against rouge-score: the evidence the fast ROUGE path stands on.

rouge-score-rs (a Rust reimplementation, a pinned core dependency since it became ROUGE's fast
path) is compared with rouge-score, which stays the reference: every F1, precision and recall
with ``==`` on random text (hypothesis), on golden values published in rouge-score's own README,
on SummEval when ``/work/shared/data`` is there, and the one difference found so far is pinned:
where rouge-score returns the integer 0 (ROUGE-L/Lsum with no tokens on one side),
rouge-score-rs returns 0.0. Equal as numbers, but ``json.dumps`` writes ``0`` and ``0.0``, so
``eval.metrics.rouge`` maps it back to keep ``scores.jsonl`` byte-identical
(``tests/test_rouge_engines.py``). ``benchmarks/rouge_engines.py`` runs the full comparison and
the speed figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rouge_score_rs.rouge_scorer as rs
from hypothesis import given, settings
from hypothesis import strategies as st
from rouge_score import rouge_scorer as rp

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
SUMMEVAL = Path("/work/shared/data/summeval/summeval.jsonl")

WORDS = st.sampled_from(
    ["the", "running", "runs", "cats", "cat's", "ponies", "1,000", "£5m", "Zürich", "naïve",
     "U.S.", "a", "generously", "relational", "don't", "3.5%", "...", "İstanbul", "日本", "\n"]
)  # fmt: skip
TEXTS = st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=80).map(" ".join), st.just(""))


def _values(scores: dict) -> list[tuple[str, float]]:
    return [
        (f"{t}.{part}", getattr(scores[t], part))
        for t in TYPES
        for part in ("precision", "recall", "fmeasure")
    ]


def _same_numbers(expected: dict, got: dict) -> None:
    for (name, a), (_, b) in zip(_values(expected), _values(got), strict=True):
        assert a == b, f"{name}: rouge-score {a!r}, rouge-score-rs {b!r}"


@settings(max_examples=200, deadline=None, derandomize=True)
@given(target=TEXTS, prediction=TEXTS, stem=st.booleans())
def test_score_is_bit_identical_on_random_text(target: str, prediction: str, stem: bool) -> None:
    _same_numbers(
        rp.RougeScorer(TYPES, use_stemmer=stem).score(target, prediction),
        rs.RougeScorer(TYPES, use_stemmer=stem).score(target, prediction),
    )


@settings(max_examples=100, deadline=None, derandomize=True)
@given(targets=st.lists(TEXTS, min_size=1, max_size=4), prediction=TEXTS)
def test_score_multi_keeps_the_same_reference(targets: list[str], prediction: str) -> None:
    _same_numbers(
        rp.RougeScorer(TYPES, use_stemmer=True).score_multi(targets, prediction),
        rs.RougeScorer(TYPES, use_stemmer=True).score_multi(targets, prediction),
    )


def test_golden_values_from_rouge_score_readme() -> None:
    # rouge-score's README: rouge1 P=0.75 R=0.6667 F=0.7059; rougeL P=0.625 R=0.5556 F=0.5882.
    scores = rs.RougeScorer(["rouge1", "rougeL"], use_stemmer=True).score(
        "The quick brown fox jumps over the lazy dog", "The quick brown dog jumps on the log."
    )
    assert scores["rouge1"].precision == 0.75
    assert scores["rouge1"].recall == pytest.approx(2 / 3, abs=1e-15)
    assert scores["rougeL"].precision == 0.625
    assert scores["rougeL"].fmeasure == pytest.approx(0.5882352941176471, abs=1e-15)


def test_ties_go_to_the_first_reference_and_no_reference_raises() -> None:
    # Same F1 (2/3), precision and recall swapped: score_multi keeps the first reference.
    targets, prediction = ["a b", "a b c d e f g h"], "a b c d"
    for engine in (rp, rs):
        best = engine.RougeScorer(["rouge1"]).score_multi(targets, prediction)["rouge1"]
        assert (best.precision, best.recall) == (0.5, 1.0)
        with pytest.raises(ValueError):
            engine.RougeScorer(["rouge1"]).score_multi([], prediction)


def test_known_difference_integer_zero_for_empty_sides() -> None:
    expected = rp.RougeScorer(TYPES).score("", "some words")
    got = rs.RougeScorer(TYPES).score("", "some words")
    _same_numbers(expected, got)
    assert json.dumps(expected["rougeL"].fmeasure) == "0"
    assert json.dumps(got["rougeL"].fmeasure) == "0.0", (
        "rouge-score-rs now returns the integer 0 like rouge-score: the mapping a fast path "
        "needs for byte-identical scores.jsonl can go"
    )


@pytest.mark.skipif(not SUMMEVAL.exists(), reason=f"{SUMMEVAL} is absent (shared data)")
def test_summeval_systems_against_eleven_references() -> None:
    rows = [json.loads(x) for x in SUMMEVAL.read_text(encoding="utf-8").splitlines() if x][:4]
    a, b = rp.RougeScorer(TYPES, use_stemmer=True), rs.RougeScorer(TYPES, use_stemmer=True)
    for row in rows:
        for system in row["systems"].values():
            _same_numbers(
                a.score_multi(row["references"], system["summary"]),
                b.score_multi(row["references"], system["summary"]),
            )
