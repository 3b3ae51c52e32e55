"""Sentence splitting and light normalisation shared by summarisers and metrics.

One splitter for everyone (pysbd: rule-based, no downloads, keeps character offsets) so that
"a sentence" means the same thing to the lead baseline, the budget and ROUGE-Lsum. Two things
pysbd does badly are handled around it, and named in ``SPLITTER_NAME`` (so in every signature):

* **tokenised text** (Penn Treebank spacing, as in CNN/DailyMail, SummEval and XSum:
  ``... last year . But now it 's ...``, often lower-cased). On long texts of this kind pysbd
  leaves most standalone full stops unsplit (a SummEval "3-sentence" lead had up to 19 real
  sentences). Such text is recognised (standalone ``.``/``!``/``?`` tokens outnumber full stops
  glued to a word) and split after every standalone end token, plus any closing quote or
  bracket tokens after it. PTB keeps abbreviations whole (``V. Stiviano``, ``U.S.``), so a
  standalone full stop is a sentence end whatever the case of the next word.
* **long text**: pysbd's time grows faster than the length (about 22 us per character up to
  3,000 characters, 38 at 8,000, seconds per 100 KB). Text is split on blank lines first, and
  a paragraph longer than ``WINDOW`` characters is split window by window: every sentence of a
  window but the last is kept, and the next window starts where that last sentence starts. So
  the time stays linear, and a paragraph shorter than ``WINDOW`` (every paragraph of the shipped
  corpus: at most 612 characters) is split exactly as pysbd splits it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

import pysbd

# Paragraphs longer than this are split in windows (see above); pysbd's own output below it.
WINDOW = 4000
SPLITTER_NAME = f"pysbd-{version('pysbd')}+ptb+win{WINDOW}"

# pysbd cycles through ~1,400 regular expressions per text, far more than the 512 that Python's
# `re` module keeps compiled, so by default every split recompiles most of them. A larger
# cache makes scoring a large corpus about 20% faster and changes no result.
re._MAXCACHE = max(getattr(re, "_MAXCACHE", 512), 4096)  # type: ignore[attr-defined]

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    # char_span=True gives offsets; clean=False keeps the text exactly as written.
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


# A sentence-final token standing alone (PTB: "year . But"), and one glued to a word ("year.").
_STANDALONE_END = re.compile(r"(?<!\S)[.!?]+(?=\s|$)")
_GLUED_END = re.compile(r"[^\s.!?][.!?]+(?=\s|$)")
# Where a tokenised sentence ends: the end token and any closing quotes or brackets after it.
_PTB_END = re.compile(r"(?<!\S)[.!?]+(?:\s+(?:''|'|\"|\u201d|\u2019|\)|-rrb-|-RRB-))*(?=\s|$)")


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


def _pysbd_pieces(block: str) -> Iterator[tuple[int, int]]:
    """pysbd on ``block``, in windows of ``WINDOW`` characters when it is longer than that."""
    start = 0
    while start < len(block):
        window = block[start : start + WINDOW]
        spans = [(start + s.start, start + s.end) for s in _segmenter().segment(window)]
        spans = [span for span in spans if block[span[0] : span[1]].strip()]
        if start + WINDOW >= len(block) or not spans:
            yield from spans
            return
        if len(spans) == 1:  # no sentence end in a whole window: cut at its last space
            cut = block.rfind(" ", start + 1, start + WINDOW)
            cut = cut if cut > start else start + WINDOW
            yield start, cut
            start = cut
            continue
        yield from spans[:-1]  # the last one may run on past the window: split it again
        start = spans[-1][0]


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """``[start, end)`` of each paragraph (text between blank lines)."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def iter_sentences(text: str) -> Iterator[Sentence]:
    """Sentences with character offsets into ``text``, lazily: a caller that needs only the
    first few (the lead baseline, a length budget) pays only for those.

    Paragraph breaks always end a sentence: pysbd sometimes glues a headline or a dateline
    paragraph to the next one. Tokenised paragraphs and long ones are handled as the module
    docstring says.
    """
    for start, end in _blocks(text):
        block = text[start:end]
        if not block.strip():
            continue
        pieces = _tokenised_pieces(block) if is_tokenised(block) else _pysbd_pieces(block)
        yield from _spans(block, pieces, start)


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text`` with character offsets (see ``iter_sentences``)."""
    return list(iter_sentences(text))


def sentence_texts(text: str) -> list[str]:
    return [sentence.text for sentence in iter_sentences(text)]


def iter_sentence_texts(text: str) -> Iterator[str]:
    return (sentence.text for sentence in iter_sentences(text))


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
