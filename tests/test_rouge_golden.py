"""ROUGE values equal rouge-score's, to the last bit, and hand-computed values for tiny texts.

The reference implementation is ``RougeScorer(types, use_stemmer=True).score_multi`` given every
text one sentence per line (sentences from ``briefing.text.sentence_texts`` joined by newlines):
that is the definition our ROUGE-Lsum documents. The bit-parallel LCS is also checked directly
against rouge-score's own table and backtracking on random token sequences with many ties.
"""

from __future__ import annotations

import pytest
from helpers import CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rouge_score import rouge_scorer
from rouge_score.rouge_scorer import RougeScorer

from briefing.text import sentence_texts
from eval.corpus.format import Item
from eval.corpus.loading import load_corpus
from eval.metrics.lcs import lcs_indices, lcs_length, match_masks, summary_level_hits
from eval.metrics.rouge import ROUGE_TYPES, RougeMetric

SCORER = RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def lines(text: str) -> str:
    return "\n".join(sentence_texts(text))


def expected(briefing: str, references: tuple[str, ...]) -> dict[str, float]:
    scores = SCORER.score_multi([lines(r) for r in references], lines(briefing))
    values = {}
    for rouge_type, score in scores.items():
        values[rouge_type] = score.fmeasure
        values[f"{rouge_type}.precision"] = score.precision
        values[f"{rouge_type}.recall"] = score.recall
    return values


def assert_same(got: dict, want: dict) -> None:
    assert set(want) <= set(got)
    for key, value in want.items():
        assert got[key] == pytest.approx(value, abs=1e-9, rel=0), key


# Hand computation (Lin 2004, section 3.2's example of a summary-level LCS):
# reference r = "w1 w2 w3 w4 w5"; candidate sentences c1 = "w1 w2 w6 w7 w8", c2 = "w1 w3 w8 w9 w5".
# LCS(r, c1) = w1 w2, LCS(r, c2) = w1 w3 w5; union = w1 w2 w3 w5 -> 4 hits.
#   ROUGE-Lsum: R = 4/5, P = 4/10, F = 2PR/(P+R) = 0.32/0.6 + ... = 8/15.
# Written c2 first, the whole-text LCS of ROUGE-L is only w1 w3 w5 (3 tokens): R = 3/5, P = 3/10,
# F = 2 * 0.3 * 0.6 / 0.9 = 0.4; Lsum still unions per sentence: 8/15.
# ROUGE-1: w1..w5 each matched once (w4 missing) -> 4 overlaps: R = 4/5, P = 4/10, F = 8/15.
# ROUGE-2: reference bigrams (w1 w2)(w2 w3)(w3 w4)(w4 w5); candidate has 9 bigrams
#   (w1 w3)(w3 w8)(w8 w9)(w9 w5)(w5 w1)(w1 w2)(w2 w6)(w6 w7)(w7 w8); only (w1 w2) shared:
#   R = 1/4, P = 1/9, F = 2 * (1/36) / (13/36) = 2/13.
LIN = ("w1 w3 w8 w9 w5. w1 w2 w6 w7 w8.", ("w1 w2 w3 w4 w5.",))
LIN_VALUES = {
    "rouge1": 8 / 15,
    "rouge1.recall": 4 / 5,
    "rouge1.precision": 4 / 10,
    "rouge2": 2 / 13,
    "rouge2.recall": 1 / 4,
    "rouge2.precision": 1 / 9,
    "rougeL": 0.4,
    "rougeL.recall": 3 / 5,
    "rougeL.precision": 3 / 10,
    "rougeLsum": 8 / 15,
    "rougeLsum.recall": 4 / 5,
    "rougeLsum.precision": 4 / 10,
}

# Stemming by hand: "The cats were running" vs reference "The cat runs": Porter stems cats -> cat,
# running -> run, runs -> run ("were" and "the" are kept; words of 3 letters or fewer are never
# stemmed). Tokens: [the, cat, were, run] vs [the, cat, run]: 3 shared unigrams,
# R = 3/3, P = 3/4, F = 2 * 0.75 / 1.75 = 6/7; bigrams (the cat) shared, (cat were)(were run) not,
# reference (the cat)(cat run): R = 1/2, P = 1/3, F = 2 * (1/6) / (5/6) = 2/5.
STEMS = ("The cats were running.", ("The cat runs.",))
STEM_VALUES = {"rouge1": 6 / 7, "rouge1.recall": 1.0, "rouge2": 2 / 5, "rouge2.precision": 1 / 3}


def test_split_of_the_hand_example_is_as_assumed() -> None:
    assert sentence_texts(LIN[0]) == ["w1 w3 w8 w9 w5.", "w1 w2 w6 w7 w8."]


@pytest.mark.parametrize(("case", "values"), [(LIN, LIN_VALUES), (STEMS, STEM_VALUES)])
def test_hand_computed_golden_values(case, values) -> None:
    briefing, references = case
    got = RougeMetric().score([briefing], [Item("x", "source", references)])[0].values
    for key, value in values.items():
        assert got[key] == pytest.approx(value, abs=1e-12), key


def test_equal_to_rouge_score_on_the_shipped_corpus() -> None:
    items = load_corpus(CORPUS).items()
    metric = RougeMetric()
    briefings, pairs = [], []
    for item in items:
        sentences = sentence_texts(item.source)
        for briefing in (
            " ".join(sentences[:3]),
            " ".join(sentences[-2:]),
            item.references[0],  # a briefing equal to one reference
            "",  # empty briefings score 0
        ):
            briefings.append(briefing)
            pairs.append(item)
    scores = metric.score(briefings, pairs)
    for briefing, item, score in zip(briefings, pairs, scores, strict=True):
        assert_same(score.values, expected(briefing, item.references))


VOCABULARY = (
    "the a of cat cats running runs run ran 40 4.5 $3m £2 bn harbour harbours pilot piloted "
    "pilots Mr. Dr. U.S. e.g. said says café naïve ÉCOLE İstanbul 12,000 -- ; : ? ! ' \""
)
WORDS = st.sampled_from(VOCABULARY.split())
ENDS = st.sampled_from([". ", "! ", "? ", ".\n\n", "\n", " ", ", ", "... "])
SENTENCE = st.builds(lambda w, e: " ".join(w) + e, st.lists(WORDS, min_size=0, max_size=12), ENDS)
TEXT = st.builds("".join, st.lists(SENTENCE, min_size=0, max_size=5))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefing=TEXT, references=st.lists(TEXT, min_size=1, max_size=3))
def test_equal_to_rouge_score_on_random_texts(briefing: str, references: list[str]) -> None:
    refs = tuple(references)
    got = RougeMetric().score([briefing], [Item("x", "source", refs)])[0].values
    assert_same(got, expected(briefing, refs))


TOKENS = st.lists(st.sampled_from("abcde"), max_size=14)


@settings(max_examples=400, deadline=None)
@given(reference=TOKENS, candidate=TOKENS)
def test_bit_parallel_lcs_walks_rouge_scores_table(reference, candidate) -> None:
    masks = match_masks(candidate)
    table = rouge_scorer._lcs_table(reference, candidate)
    assert lcs_length(reference, masks, len(candidate)) == table[-1][-1]
    assert lcs_indices(reference, candidate, masks) == rouge_scorer.lcs_ind(reference, candidate)


@settings(max_examples=300, deadline=None)
@given(
    reference=st.lists(st.lists(st.sampled_from("abcd"), max_size=7), min_size=1, max_size=4),
    candidate=st.lists(st.lists(st.sampled_from("abcd"), max_size=7), min_size=1, max_size=4),
)
def test_summary_level_hits_match_rouge_score(reference, candidate) -> None:
    m, n = sum(map(len, reference)), sum(map(len, candidate))
    hits = summary_level_hits(reference, candidate, [match_masks(c) for c in candidate])
    want = rouge_scorer._summary_level_lcs(reference, candidate)
    assert (hits / m if m and n else 0) == want.recall
    assert (hits / n if m and n else 0) == want.precision


def test_references_mean_policy_averages_each_value() -> None:
    briefing, references = "The harbour hired 40 pilots.", ("40 pilots hired.", "A strike ended.")
    item = Item("x", "s", references)
    mean = RougeMetric(references="mean").score([briefing], [item])[0].values
    metric = RougeMetric()
    singles = [metric.score([briefing], [Item("x", "s", (r,))])[0].values for r in references]
    for key in mean:
        assert mean[key] == pytest.approx(sum(s[key] for s in singles) / 2, abs=1e-12)


def test_metric_survives_pickling_for_worker_processes() -> None:
    import pickle

    metric = RougeMetric(types=["rouge1", "rougeLsum"])
    item = Item("x", "s", ("The harbour hired pilots.",))
    before = metric.score(["Pilots were hired."], [item])
    copy = pickle.loads(pickle.dumps(metric))
    assert copy.score(["Pilots were hired."], [item]) == before
    assert copy.signature() == metric.signature()
