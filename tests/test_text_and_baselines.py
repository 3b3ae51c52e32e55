"""Sentence splitting, the shared budget, and the extractive baselines that obey it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.base import Budget
from briefing.extractive import LeadSummariser, TextRankSummariser
from briefing.text import count_words, fit_to_budget, split_sentences

ARTICLE = (
    "Harbour officials said 1,240 workers walked out on Monday. The strike is the first in "
    "12 years.\n\nThe union wants a 7.5% rise. Managers offered 3% over two years, a figure "
    "the union called an insult. Talks resume on Friday in the city hall. Ships are waiting "
    "offshore, and some 40 vessels have been diverted to other ports since the weekend."
)


def test_sentences_index_the_original_text() -> None:
    sentences = split_sentences(ARTICLE)
    assert [s.text for s in sentences][:3] == [
        "Harbour officials said 1,240 workers walked out on Monday.",
        "The strike is the first in 12 years.",
        "The union wants a 7.5% rise.",
    ]
    for sentence in sentences:
        assert ARTICLE[sentence.start : sentence.end] == sentence.text


@given(st.text(max_size=400))
@settings(max_examples=150, deadline=None)
def test_sentence_offsets_always_index_the_input(text: str) -> None:
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text.strip() == sentence.text != ""


def test_budget_keeps_whole_sentences_and_never_cuts_a_number() -> None:
    sentences = ["The deal is worth $2.5 billion to the city.", "It was signed on Monday."]
    # 9 + 5 words; a 12-word budget must drop the second sentence, not cut it.
    assert fit_to_budget(sentences, None, 12) == sentences[0]
    # A first sentence over budget is cut (so the briefing is not empty).
    assert fit_to_budget(sentences, None, 4) == "The deal is worth"
    assert fit_to_budget(sentences, 1, None) == sentences[0]
    assert fit_to_budget([], 3, 80) == ""


@given(
    st.lists(st.text(alphabet="ab .", min_size=1, max_size=30), max_size=8),
    st.one_of(st.none(), st.integers(1, 5)),
    st.one_of(st.none(), st.integers(1, 25)),
)
@settings(max_examples=200, deadline=None)
def test_budget_is_always_honoured(sentences, max_sentences, max_words) -> None:
    out = fit_to_budget(sentences, max_sentences, max_words)
    if max_words is not None:
        assert count_words(out) <= max_words


def test_lead_takes_the_first_sentences_within_both_budgets() -> None:
    lead = LeadSummariser(Budget(max_sentences=3, max_words=80), sentences=2)
    assert lead.summarise([ARTICLE]) == [
        "Harbour officials said 1,240 workers walked out on Monday. "
        "The strike is the first in 12 years."
    ]
    tight = LeadSummariser(Budget(max_sentences=3, max_words=12))
    assert tight.summarise([ARTICLE]) == [
        "Harbour officials said 1,240 workers walked out on Monday."
    ]


def test_baselines_keep_batch_length_and_order_and_handle_empty_text() -> None:
    texts = [ARTICLE, "", "Just one sentence here."]
    for summariser in (LeadSummariser(Budget()), TextRankSummariser(Budget())):
        out = summariser.summarise(texts)
        assert len(out) == 3
        assert out[1] == ""
        assert out[2] == "Just one sentence here."


def test_textrank_is_deterministic_in_article_order_and_within_budget() -> None:
    budget = Budget(max_sentences=2, max_words=30)
    summary = TextRankSummariser(budget).summarise([ARTICLE])[0]
    assert summary == TextRankSummariser(budget).summarise([ARTICLE])[0]
    picked = [s.text for s in split_sentences(summary)]
    positions = [ARTICLE.index(s) for s in picked]
    assert positions == sorted(positions)
    assert len(picked) <= 2 and count_words(summary) <= 30


def test_signatures_name_what_changes_output_and_are_cheap() -> None:
    sig = LeadSummariser(Budget(3, 80), sentences=3).signature()
    assert sig["max_words"] == "80" and sig["sentences"] == "3"
    assert sig["split"].startswith("sentencex-")
    assert TextRankSummariser(Budget(3, 80), damping=0.5).signature() != (
        TextRankSummariser(Budget(3, 80)).signature()
    )
