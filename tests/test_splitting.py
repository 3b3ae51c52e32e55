"""Sentence splitting (issues 13 and 14): sentencex per line, repaired, gives pysbd's sentences
on every ordinary text of the shipped corpus (pysbd was the splitter before issue 14); tokenised
(Penn Treebank) text is split at its standalone end tokens; long lines are split in bounded
windows so that the work stays linear in the length; each text is split once per process."""

from __future__ import annotations

import json
import re
import statistics
from importlib.metadata import version
from pathlib import Path

import pysbd
import pytest
from helpers import CORPUS

from briefing import text as splitting
from briefing.base import Budget
from briefing.extractive import LeadSummariser
from briefing.text import WINDOW, is_tokenised, sentence_texts, split_sentences

SUMMEVAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "summeval" / "summeval.jsonl"

# Written for this test in the style of CNN/DailyMail's tokenised text.
PTB = (
    "( CNN ) The harbour board 's plan cost $ 2.6 million last year . But now it 's the "
    "union that has won . `` This is a victory for the pilots , '' Mr. Reyes said . `` It sets "
    "a precedent . '' Who pays ? The U.S. firm did n't say ! Talks resume on Monday ."
)
PTB_SENTENCES = [
    "( CNN ) The harbour board 's plan cost $ 2.6 million last year .",
    "But now it 's the union that has won .",
    "`` This is a victory for the pilots , '' Mr. Reyes said .",
    "`` It sets a precedent . ''",
    "Who pays ?",
    "The U.S. firm did n't say !",
    "Talks resume on Monday .",
]


def _pysbd(text: str) -> list[str]:
    segmenter = pysbd.Segmenter(language="en", clean=False)
    return [s.strip() for s in segmenter.segment(text) if s.strip()]


def _corpus_texts() -> list[str]:
    texts = []
    for path in sorted(CORPUS.glob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        texts.append(article["source"]["text"])
        texts.extend(ref["text"] for ref in article["references"])
    return texts


def test_tokenised_text_is_split_at_every_standalone_end_token() -> None:
    assert is_tokenised(PTB)
    assert sentence_texts(PTB) == PTB_SENTENCES
    lower = PTB.lower()
    assert sentence_texts(lower) == [s.lower() for s in PTB_SENTENCES]


def test_offsets_index_the_original_text() -> None:
    text = "Title line\n\n" + PTB + "\n\nThe end. Really."
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def test_ordinary_text_is_split_exactly_as_pysbd_splits_it() -> None:
    texts = _corpus_texts()
    assert not any(is_tokenised(block) for t in texts for block in t.split("\n\n"))
    for text in texts:
        expected = [s for block in re.split(r"\n\s*\n", text) for s in _pysbd(block)]
        assert sentence_texts(text) == expected


def test_a_long_paragraph_splits_as_a_whole_but_in_bounded_windows(monkeypatch) -> None:
    paragraph = " ".join(t.replace("\n\n", " ") for t in _corpus_texts()[::4])[: 3 * WINDOW]
    assert len(paragraph) > 2 * WINDOW
    fed: list[int] = []
    real = splitting._sentencex_spans

    def recording(text: str) -> list[tuple[int, int]]:
        fed.append(len(text))
        return real(text)

    monkeypatch.setattr(splitting, "_sentencex_spans", recording)
    splitting._split.cache_clear()
    assert sentence_texts(paragraph) == _pysbd(paragraph)
    assert max(fed) <= WINDOW, "the splitter never sees more than one window"
    assert sum(fed) < 1.2 * len(paragraph), "each character is read about once: linear work"


def test_text_without_any_sentence_end_is_cut_in_windows(monkeypatch) -> None:
    words = "word " * (3 * WINDOW // 5)
    sentences = split_sentences(words)
    assert len(sentences) >= 3 and all(len(s.text) <= WINDOW for s in sentences)
    assert " ".join(s.text for s in sentences).split() == words.split()


def test_signature_names_the_splitter_its_repairs_and_the_window_handling() -> None:
    sentencex = version("sentencex")
    assert f"sentencex-{sentencex}+lines+quotes+ptb+win{WINDOW}" == splitting.SPLITTER_NAME


def _real_sentences(text: str) -> int:
    """An independent count for tokenised text: standalone end tokens, plus an unended tail."""
    ends = len(re.findall(r"(?<!\S)[.!?]+(?=\s|$)", text))
    tail = re.split(r"(?<!\S)[.!?]+(?:\s+(?:''|'|\"|\))*)?(?=\s|$)", text)[-1]
    return ends + bool(tail.strip(" '\")"))


@pytest.mark.skipif(not SUMMEVAL.is_file(), reason=f"SummEval data not found at {SUMMEVAL}")
def test_lead3_on_summeval_gives_three_sentences() -> None:
    sources = [json.loads(line)["source"] for line in SUMMEVAL.read_text().splitlines()][:100]
    lead = LeadSummariser(Budget(max_sentences=3, max_words=None), sentences=3)
    counts = [_real_sentences(briefing) for briefing in lead.summarise(sources)]
    assert statistics.median(counts) == 3
    assert max(counts) <= 3, counts
