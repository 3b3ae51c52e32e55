"""Reference quality checks (eval.corpus.quality): measures against hand-computed values and each
finding triggered by a reference built to trigger it, and only by that."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eval.corpus import quality
from eval.corpus.format import Article, Reference, Source
from eval.metrics.length import ArticleIndex, extractive_fragments, fragment_tokens

ARTICLE = (
    "The Kestrel Bay ferry service will stop running on 31 October after the operator lost 4.2 "
    "million pounds last year, the harbour board said on Monday. About 650 people use the "
    "crossing each day, most of them commuters travelling to the shipyard at Norring. The board "
    "said a replacement bus link would take 55 minutes, compared with 20 minutes by boat, and "
    "that it had asked the regional government for an emergency grant of 1.5 million pounds. "
    "Union leaders called the decision a disaster for the town and promised a protest march on "
    "Saturday. The ferry has operated since 1931 and carried more than 230,000 passengers in "
    "2024, down from 310,000 before the pandemic."
)
GOOD = [
    "Kestrel Bay's ferry will stop on 31 October after losing 4.2 million pounds last year, "
    "the harbour board said. Around 650 people, mostly shipyard commuters, cross each day; a "
    "replacement bus would take 55 minutes. Unions plan a protest march on Saturday, calling "
    "the closure a disaster.",
    "The harbour board is ending the Kestrel Bay ferry, which has operated since 1931, on 31 "
    "October after a 4.2 million pound loss. It has asked the regional government for a 1.5 "
    "million pound emergency grant, while union leaders called the closure a disaster and plan "
    "a march.",
    "Ferry crossings from Kestrel Bay end on 31 October, the harbour board announced, citing "
    "losses of 4.2 million pounds. Passenger numbers fell to 230,000 in 2024 from 310,000 "
    "before the pandemic, and the bus link proposed instead would take 55 minutes, compared "
    "with 20 minutes by boat.",
]


def article(refs: list[str], guidelines: str | None = "v1") -> Article:
    return Article(
        id="kestrel-ferry-2025",
        title="Kestrel Bay ferry to stop",
        published=date(2025, 9, 1),
        source=Source(text=ARTICLE, provenance="written for tests", licence="CC0"),
        references=[
            Reference(author=f"r{i}", text=t, guidelines=guidelines) for i, t in enumerate(refs)
        ],
    )


def assess(refs, number_check=None, fail_on=quality.DEFAULT_FAIL_ON, guidelines="v1"):
    return quality.assess_article(article(refs, guidelines), "x.json", number_check, fail_on)


def kinds(result) -> list[tuple[str, int | None]]:
    return [(f.kind, f.reference) for f in result.findings]


# --------------------------------------------------------------------------- measurements


def test_fragments_golden_example():
    # Greedy longest matches, computed by hand: "b c" | "x" (no match) | "d e f" | "a".
    assert extractive_fragments(list("bcxdefa"), ArticleIndex(list("abcdef"))) == [2, 3, 1]


def test_fragments_are_maximal_when_words_repeat():
    # The paper's pseudo-code would skip article position 1 after matching "a a" at 0 and
    # return [2, 1]; its definition (maximal fragments) gives the whole run.
    assert extractive_fragments(["a", "a", "b"], ArticleIndex(["a", "a", "a", "b"])) == [3]


def test_coverage_density_and_span_golden_values():
    refs = ["b c x d e f a", "b c", "d e f"]
    # Tokens are words, so build the article/reference from letters as words.
    art = Article(
        id="t",
        title="t",
        published=date(2025, 1, 1),
        source=Source(text="a b c d e f", provenance="p", licence="l"),
        references=[Reference(author="a", text=t) for t in refs],
    )
    row = quality.assess_article(art, "t.json", None, ()).references[0]
    assert row.copied_span == 3
    assert row.coverage == pytest.approx(6 / 7)
    assert row.density == pytest.approx((4 + 9 + 1) / 7)


def test_rouge_l_golden_value():
    # LCS of the two sentences is "the cat on the mat" (5 of 6 words each way): F1 = 5/6.
    assert quality.rouge_l_f1("the cat sat on the mat", "the cat lay on the mat") == (
        pytest.approx(5 / 6)
    )


def test_jaccard_golden_value():
    assert quality.jaccard(["a", "b", "c"], ["b", "c", "d"]) == pytest.approx(2 / 4)


@given(
    st.lists(st.sampled_from("abcde"), max_size=40),
    st.lists(st.sampled_from("abcdef"), max_size=30),
)
def test_fragment_properties(article_tokens, summary_tokens):
    found = extractive_fragments(summary_tokens, ArticleIndex(article_tokens))
    assert all(f >= 1 for f in found)
    # Exactly the summary tokens that occur in the article are covered, each once.
    assert sum(found) == sum(1 for t in summary_tokens if t in set(article_tokens))
    joined = " " + " ".join(article_tokens) + " "
    position = 0
    for size in found:  # each fragment is a run of the summary that the article contains
        while summary_tokens[position] not in article_tokens:
            position += 1
        run = summary_tokens[position : position + size]
        assert " " + " ".join(run) + " " in joined
        position += size


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=1, max_value=40))
def test_a_copied_slice_is_one_fragment(start, length):
    words = fragment_tokens(ARTICLE)
    piece = words[start : start + length]
    if not piece:
        return
    found = extractive_fragments(piece, ArticleIndex(words))
    assert found == [len(piece)]


# --------------------------------------------------------------------------- findings


def test_clean_references_have_no_findings():
    result = assess(GOOD, number_check=lambda text, item: [])
    assert result.findings == []
    assert not result.fails
    assert all(r.unbacked == [] for r in result.references)
    assert result.agreement == pytest.approx(sum(r.agreement for r in result.references) / 3)


def test_a_copied_long_sentence_fails_as_verbatim():
    copied = (
        "The board said a replacement bus link would take 55 minutes, compared with 20 minutes by "
        "boat, and that it had asked the regional government for an emergency grant of 1.5 "
        "million pounds. Unions plan a march on Saturday."
    )
    result = assess([GOOD[0], GOOD[1], copied])
    assert kinds(result) == [("verbatim", 2)]
    assert result.fails
    assert result.references[2].copied_span >= quality.VERBATIM_SPAN


def test_a_reference_stitched_from_article_spans_fails_as_verbatim():
    stitched = (
        "About 650 people use the crossing each day, most of them commuters. "
        "The ferry has operated since 1931 and carried more than 230,000 passengers in 2024. "
        "Union leaders called the decision a disaster for the town."
    )
    result = assess([GOOD[0], GOOD[1], stitched])
    row = result.references[2]
    assert row.copied_span < quality.VERBATIM_SPAN
    assert row.copied_share >= quality.VERBATIM_SHARE
    assert ("verbatim", 2) in kinds(result)


def test_length_outliers_and_guideline_range():
    long_ref = GOOD[0] + " " + GOOD[1] + " " + GOOD[2]
    result = assess([GOOD[0], GOOD[2], long_ref], fail_on=())
    assert ("length", 2) in kinds(result) and ("guidelines", 2) in kinds(result)
    assert not result.fails  # warnings unless asked to fail on them
    short = "The Kestrel Bay ferry stops on 31 October."
    result = assess([GOOD[0], GOOD[1], short], fail_on=("length",))
    assert ("length", 2) in kinds(result) and result.fails
    # Without guidelines v1 there is no word range to check.
    assert ("guidelines", 2) not in kinds(assess([GOOD[0], GOOD[1], short], guidelines=None))


def test_near_duplicates_are_reported_once_per_pair():
    near = GOOD[0].replace("Around", "About")
    result = assess([GOOD[0], GOOD[1], near])
    assert kinds(result) == [("near-duplicate", 2)]
    assert "references[0] and references[2]" in result.findings[0].message


def test_low_agreement():
    unrelated = (
        "A new art gallery opens in the old customs house next spring with works by local "
        "painters, sculptors and photographers, and entry will be free for residents under "
        "eighteen on weekdays during the first season, organisers told reporters."
    )
    result = assess([GOOD[0], GOOD[1], unrelated])
    assert ("agreement", 2) in kinds(result)
    assert result.references[2].agreement < quality.LOW_AGREEMENT


def test_unbacked_numbers_fail_and_are_listed():
    def fake_check(text, item):
        assert item.source == ARTICLE and item.published == date(2025, 9, 1)
        if "4.2" in text:
            return [quality.UnbackedNumber("4.2 million", "unsupported", "not in the article")]
        return []

    result = assess(GOOD, number_check=fake_check)
    assert kinds(result) == [("numbers", 0), ("numbers", 1), ("numbers", 2)]
    assert result.fails
    assert "'4.2 million': not in the article" in result.findings[0].message


def test_report_counts_and_json_shape():
    near = GOOD[0].replace("Around", "About")
    report = quality.assess([(article([GOOD[0], GOOD[1], near]), "x.json")], None)
    counts = report.counts()
    assert counts["near-duplicate"] == {"findings": 1, "references": 1, "articles": 1}
    data = report.to_json()
    assert data["numbers_checked"] is False and data["fails"] is False
    assert data["articles"][0]["references"][0]["unbacked"] is None
    assert set(data["thresholds"]) >= {"verbatim_span", "near_duplicate"}


def test_real_numeric_check_flags_a_changed_number():
    from eval.corpus.numeric_facts import unbacked_numbers as check

    wrong = GOOD[2].replace("4.2 million", "4.7 million")
    result = assess([GOOD[0], GOOD[1], wrong], number_check=check)
    assert [k for k in kinds(result) if k[0] == "numbers"] == [("numbers", 2)]
    assert any("4.7 million" in u.text for u in result.references[2].unbacked)
