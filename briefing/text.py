"""Sentence splitting and light normalisation shared by summarisers and metrics.

One splitter for everyone, so that "a sentence" means the same thing to the lead baseline, the
budget, ROUGE-Lsum and the numeric check's evidence. Its name, ``SPLITTER_NAME``, is in every
signature that depends on it. How a text is split:

* **paragraphs and lines**: a blank line or a line break always ends a sentence.
* **ordinary text**: each line goes through sentencex (Wikimedia's rule-based splitter, Rust,
  MIT), plus two repairs where it differs from careful reading: a sentence that ends with an
  opening quote or bracket (``recalled. "`` | ``None of ...``) gives it to the next sentence,
  and a list number on its own (``1.`` | ``Gorka Izagirre ...``) stays with what it numbers.
  Until issue 14 this was pysbd 0.3.4; the splitter gives the same sentences as before on every
  text of the shipped corpus and of SummEval and on 98% of XSum sources, 40-90x faster (figures in
  ``benchmarks/README.md``); where they differ it mostly keeps a closing quote with its
  sentence where pysbd made a sentence of a lone ``"``.
* **tokenised text** (Penn Treebank spacing, as in CNN/DailyMail, SummEval and XSum:
  ``... last year . But now it 's ...``, often lower-cased). Such text is recognised (standalone
  ``.``/``!``/``?`` tokens outnumber full stops glued to a word) and split after every
  standalone end token, plus any closing quote or bracket tokens after it. PTB keeps
  abbreviations whole (``V. Stiviano``, ``U.S.``), so a standalone full stop is a sentence end
  whatever the case of the next word.
* **long lines** are split window by window (``WINDOW`` characters): every sentence of a window
  but the last is kept, and the next window starts where that last sentence starts, so the
  work stays linear in the length whatever the splitter does inside a window.

Each distinct text is split once per process and remembered (``split_sentences``): the lead
baseline, TextRank, ROUGE and the numeric check all ask for the same articles, and worker
processes forked after generation inherit what the parent already split.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

import sentencex

# Lines longer than this are split in windows (see above); sentencex's own output below it.
WINDOW = 4000
SPLITTER_NAME = f"sentencex-{version('sentencex')}+lines+quotes+ptb+win{WINDOW}"
# Distinct texts remembered per process: a 10,000-article run's sources and references.
MEMO_TEXTS = 50_000

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


# A sentence-final token standing alone (PTB: "year . But"), and one glued to a word ("year.").
_STANDALONE_END = re.compile(r"(?<!\S)[.!?]+(?=\s|$)")
_GLUED_END = re.compile(r"[^\s.!?][.!?]+(?=\s|$)")
# Where a tokenised sentence ends: the end token and any closing quotes or brackets after it.
_PTB_END = re.compile(r"(?<!\S)[.!?]+(?:\s+(?:''|'|\"|\u201d|\u2019|\)|-rrb-|-RRB-))*(?=\s|$)")
# An opening quote or bracket left at the end of a sentence, after a space: the next one's.
_OPENING_TAIL = re.compile(r"\s([\"\u201c\u2018'(\[]+)\s*$")
# A list number alone ("1.", "12)"): it belongs to the sentence it numbers.
_LIST_NUMBER = re.compile(r"\s*\d{1,3}[.)]\s*")


def is_tokenised(text: str) -> bool:
    """Whether ``text`` is PTB-tokenised: more standalone end tokens than glued full stops."""
    standalone = len(_STANDALONE_END.findall(text))
    return standalone > 0 and standalone > len(_GLUED_END.findall(text))


def _spans(text: str, pieces: Iterable[tuple[int, int]], offset: int) -> Iterator[Sentence]:
    for start, end in pieces:
        raw = text[start:end]
        stripped = raw.strip()
        if stripped:
            begin = offset + start + len(raw) - len(raw.lstrip())
            yield Sentence(stripped, begin, begin + len(stripped))


def _tokenised_pieces(block: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _PTB_END.finditer(block):
        yield start, match.end()
        start = match.end()
    yield start, len(block)


def _sentencex_spans(text: str) -> list[tuple[int, int]]:
    """sentencex on one line: its pieces cover the text, so offsets are running lengths."""
    spans, start = [], 0
    for piece in sentencex.segment("en", text):
        spans.append((start, start + len(piece)))
        start += len(piece)
    return spans


def _repaired(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """An opening quote at a sentence's end moves to the next sentence; a lone list number
    joins the sentence after it."""
    spans = list(spans)
    for i in range(len(spans) - 1):
        start, end = spans[i]
        tail = _OPENING_TAIL.search(line, start, end)
        if tail is not None and spans[i + 1][0] == end:
            spans[i] = (start, tail.start(1))
            spans[i + 1] = (tail.start(1), spans[i + 1][1])
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and _LIST_NUMBER.fullmatch(line, *joined[-1]):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _windowed(
    line: str, split: Callable[[str], list[tuple[int, int]]]
) -> Iterator[tuple[int, int]]:
    """``split`` on ``line``, in windows of ``WINDOW`` characters when it is longer than that."""
    start = 0
    while start < len(line):
        window = line[start : start + WINDOW]
        spans = [(start + a, start + b) for a, b in split(window)]
        spans = [span for span in spans if line[span[0] : span[1]].strip()]
        if start + WINDOW >= len(line) or not spans:
            yield from spans
            return
        if len(spans) == 1:  # no sentence end in a whole window: cut at its last space
            cut = line.rfind(" ", start + 1, start + WINDOW)
            cut = cut if cut > start else start + WINDOW
            yield start, cut
            start = cut
            continue
        yield from spans[:-1]  # the last one may run on past the window: split it again
        start = spans[-1][0]


def _ordinary_pieces(block: str) -> Iterator[tuple[int, int]]:
    """Each line of ``block`` through sentencex (windowed), repaired."""
    offset = 0
    for line in block.split("\n"):
        if line.strip():
            pieces = _repaired(line, list(_windowed(line, _sentencex_spans)))
            yield from ((offset + a, offset + b) for a, b in pieces)
        offset += len(line) + 1


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """``[start, end)`` of each paragraph (text between blank lines)."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


@lru_cache(maxsize=MEMO_TEXTS)
def _split(text: str) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    for start, end in _blocks(text):
        block = text[start:end]
        if not block.strip():
            continue
        pieces = _tokenised_pieces(block) if is_tokenised(block) else _ordinary_pieces(block)
        sentences.extend(_spans(block, pieces, start))
    return tuple(sentences)


def iter_sentences(text: str) -> Iterator[Sentence]:
    """Sentences with character offsets into ``text`` (see the module docstring)."""
    return iter(_split(text))


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text`` with character offsets; each distinct text is split once."""
    return list(_split(text))


def sentence_texts(text: str) -> list[str]:
    return [sentence.text for sentence in _split(text)]


def iter_sentence_texts(text: str) -> Iterator[str]:
    return (sentence.text for sentence in _split(text))


def count_words(text: str) -> int:
    """Whitespace-separated words: the unit of every word budget and length statistic."""
    return len(_WORD.findall(text))


def truncate_words(text: str, max_words: int) -> str:
    """The first ``max_words`` words of ``text``, keeping the original spacing between them."""
    matches = list(_WORD.finditer(text))
    if len(matches) <= max_words:
        return text.strip()
    return text[: matches[max_words - 1].end()].strip()


def fit_to_budget(
    sentences: Iterable[str], max_sentences: int | None, max_words: int | None
) -> str:
    """Join whole sentences in the given order while both budgets hold.

    A sentence that would cross the word budget is left out rather than cut, because a cut can
    turn "$2.5 billion" into "$2.5" and manufacture a numeric error. Only when the very first
    sentence is already over budget is it cut at the limit, so no briefing comes back empty
    for being long-winded. Every summariser goes through here, which keeps comparisons fair.
    """
    chosen: list[str] = []
    words = 0
    for sentence in sentences:
        if max_sentences is not None and len(chosen) >= max_sentences:
            break
        n = count_words(sentence)
        if max_words is not None and words + n > max_words:
            if not chosen:
                chosen.append(truncate_words(sentence, max_words))
            break
        if n == 0:
            continue
        chosen.append(sentence.strip())
        words += n
    return " ".join(chosen)


def normalise_quotes(text: str) -> str:
    """Curly quotes and dashes to their ASCII forms (for matching, never for display)."""
    return text.translate(_QUOTES)


_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u2212": "-",
    }
)
