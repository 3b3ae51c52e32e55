"""The splitter's repairs around sentencex, its offsets on any text, and one split per text.

Examples are written for these tests in the style of the texts where the repairs were found
(news articles with unclosed quotations, sports results lists); ``benchmarks/splitters.py``
measures agreement on the shipped corpus, XSum and SummEval.
"""

from __future__ import annotations

import itertools

import sentencex
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import text as splitting
from briefing.text import sentence_texts, split_sentences

UNCLOSED = (
    "The nearest school is 4.5 miles away along a road with no pavement. "
    '"You are asking children to ride for 40 minutes she said.'
)


def test_an_opening_quote_left_at_a_sentence_end_goes_to_the_next_sentence() -> None:
    raw = list(sentencex.segment("en", UNCLOSED))
    assert raw[0].endswith('"'), "sentencex no longer leaves the quote behind: the repair may go"
    assert sentence_texts(UNCLOSED) == [
        "The nearest school is 4.5 miles away along a road with no pavement.",
        '"You are asking children to ride for 40 minutes she said.',
    ]


def test_quoted_sentences_are_split_and_keep_their_closing_quotes() -> None:
    text = 'The storm passed at dawn. "It was terrifying." "We lost the roof," said Ann.'
    assert sentence_texts(text) == [
        "The storm passed at dawn.",
        '"It was terrifying."',
        '"We lost the roof," said Ann.',
    ]
    assert sentence_texts("She said: 'We will win.' Then she left.") == [
        "She said: 'We will win.'",
        "Then she left.",
    ]


def test_a_list_number_stays_with_what_it_numbers() -> None:
    text = "Stage result:\n1.  Anna Berg (Swe) 4hrs 2mins 9secs\n2)  Li Wei (Chn) +5secs"
    assert sentence_texts(text) == [
        "Stage result:",
        "1.  Anna Berg (Swe) 4hrs 2mins 9secs",
        "2)  Li Wei (Chn) +5secs",
    ]
    # A number ending an ordinary sentence is not a list number.
    assert sentence_texts("The final score was 3. They celebrated.") == [
        "The final score was 3.",
        "They celebrated.",
    ]


def test_ptb_text_is_still_split_at_standalone_full_stops() -> None:
    text = "the plan cost $ 2.6 million last year . but now it 's the union that has won ."
    assert sentence_texts(text) == [
        "the plan cost $ 2.6 million last year .",
        "but now it 's the union that has won .",
    ]


PIECES = st.sampled_from(
    ["The", "council", "Mr.", "U.S.", "1.", "12)", "4.5", '"', "'", "\u201c", "\u201d", "(", ")",
     ".", "!", "?", "...", "said.", '"Yes."', "\n", "\n\n", "  ", "caf\u00e9", "\u65e5\u672c"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map(" ".join))
def test_offsets_index_the_text_and_nothing_is_lost(text: str) -> None:
    sentences = split_sentences(text)
    for sentence in sentences:
        assert sentence.text and sentence.text == sentence.text.strip()
        assert text[sentence.start : sentence.end] == sentence.text
    assert [s.start for s in sentences] == sorted(s.start for s in sentences)
    assert all(a.end <= b.start for a, b in itertools.pairwise(sentences))
    kept = "".join("".join(s.text.split()) for s in sentences)
    assert kept == "".join(text.split()), "every non-space character is in one sentence"


def test_each_text_is_split_once_per_process(monkeypatch) -> None:
    calls: list[str] = []
    real = splitting._sentencex_spans

    def counting(line: str) -> list[tuple[int, int]]:
        calls.append(line)
        return real(line)

    monkeypatch.setattr(splitting, "_sentencex_spans", counting)
    text = "A text split once. It has two lines.\nThe second line is here."
    first = split_sentences(text)
    assert len(calls) == 2  # one call per line
    assert split_sentences(text) == first and sentence_texts(text) == [s.text for s in first]
    assert list(splitting.iter_sentence_texts(text)) == [s.text for s in first]
    assert len(calls) == 2, "a text already split is not split again"
    first.clear()  # callers get their own list: the remembered split is not changed
    assert len(split_sentences(text)) == 3
