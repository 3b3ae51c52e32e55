"""The two engines that compute rouge-score's numbers for ``eval.metrics.rouge``.

Kept apart from the metric (which splits, combines references, caches pairs and writes values)
because they are the arithmetic that must match rouge-score bit for bit, and the tests compare
them value by value:

* ``FastPairs``: rouge-score-rs (a Rust port) on one-sentence-per-line text, with rouge-score's
  integer zeros put back;
* ``PreparedText`` with ``score_ngrams``/``score_lcs``/``score_summary_lcs``: the project's own
  engine (rouge-score's tokenizer, a memoised Porter stemmer, a bit-parallel LCS from
  ``eval.metrics.lcs``), an independent second implementation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from rouge_score import scoring
from rouge_score import tokenize as rouge_tokenize

from briefing.text import sentence_texts
from eval.metrics.lcs import lcs_length, match_masks, summary_level_hits

# rouge-score returns integer zeros when either side has no tokens; so do we.
ZERO = scoring.Score(precision=0, recall=0, fmeasure=0)


class MemoStemmer:
    """rouge-score's Porter stemmer with a per-word memory (same stems, computed once)."""

    def __init__(self) -> None:
        from nltk.stem import porter

        self._stem = lru_cache(maxsize=None)(porter.PorterStemmer().stem)

    def stem(self, word: str) -> str:
        return self._stem(word)


class CachingTokenizer:
    """rouge-score's default tokenisation, remembered per distinct text (the interface of
    ``rouge_score.tokenizers.Tokenizer``, not its subclass: importing that module imports all of
    NLTK, with scikit-learn and SciPy, about 1.3 s; so does the Porter stemmer, made only when
    this engine first tokenises, never with the rouge-score-rs engine)."""

    def __init__(self, use_stemmer: bool) -> None:
        self._use_stemmer = use_stemmer
        self._stemmer: MemoStemmer | None = None
        self._memo: dict[str, tuple[str, ...]] = {}

    def tokenize(self, text: str) -> list[str]:
        return list(self.tokens(text))

    def tokens(self, text: str) -> tuple[str, ...]:
        found = self._memo.get(text)
        if found is None:
            if self._use_stemmer and self._stemmer is None:
                self._stemmer = MemoStemmer()
            found = tuple(rouge_tokenize.tokenize(text, self._stemmer))
            self._memo[text] = found
        return found


class NgramCounts:
    """An n-gram Counter with its total, so scoring a pair does not re-sum it."""

    __slots__ = ("counts", "total")

    def __init__(self, tokens: Sequence[str], n: int) -> None:
        self.counts = Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        self.total = sum(self.counts.values())


class PreparedText:
    """A text's tokens and per-sentence tokens, with lazily built n-grams and LCS bit masks."""

    __slots__ = ("_masks", "_ngrams", "_sentence_masks", "sentences", "tokens")

    def __init__(self, sentences: list[tuple[str, ...]]) -> None:
        self.sentences = sentences
        # Tokenising lines joined by "\n" gives the lines' tokens one after another.
        self.tokens: tuple[str, ...] = tuple(token for line in sentences for token in line)
        self._ngrams: dict[int, NgramCounts] = {}
        self._masks: dict[str, int] | None = None
        self._sentence_masks: list[dict[str, int]] | None = None

    def ngrams(self, n: int) -> NgramCounts:
        found = self._ngrams.get(n)
        if found is None:
            found = self._ngrams[n] = NgramCounts(self.tokens, n)
        return found

    def masks(self) -> dict[str, int]:
        if self._masks is None:
            self._masks = match_masks(self.tokens)
        return self._masks

    def sentence_masks(self) -> list[dict[str, int]]:
        if self._sentence_masks is None:
            self._sentence_masks = [match_masks(sentence) for sentence in self.sentences]
        return self._sentence_masks


def lsum_lines(text: str) -> str:
    """The text with one sentence per line: the form rouge-score's ROUGE-Lsum expects."""
    return "\n".join(sentence_texts(text))


def score_ngrams(target: NgramCounts, prediction: NgramCounts) -> scoring.Score:
    """``rouge_scorer._score_ngrams`` on pre-counted n-grams (same integers, same divisions)."""
    predicted = prediction.counts
    overlap = 0
    for ngram, count in target.counts.items():
        other = predicted.get(ngram, 0)
        overlap += count if count < other else other
    precision = overlap / max(prediction.total, 1)
    recall = overlap / max(target.total, 1)
    return scoring.Score(precision, recall, scoring.fmeasure(precision, recall))


def score_lcs(target: PreparedText, prediction: PreparedText) -> scoring.Score:
    """``rouge_scorer._score_lcs`` with a bit-parallel LCS length."""
    if not target.tokens or not prediction.tokens:
        return ZERO
    length = lcs_length(target.tokens, prediction.masks(), len(prediction.tokens))
    precision = length / len(prediction.tokens)
    recall = length / len(target.tokens)
    return scoring.Score(precision, recall, scoring.fmeasure(precision, recall))


def score_summary_lcs(target: PreparedText, prediction: PreparedText) -> scoring.Score:
    """``rouge_scorer._summary_level_lcs``: same hits, same guards, same divisions."""
    if not target.sentences or not prediction.sentences:
        return ZERO
    m, n = len(target.tokens), len(prediction.tokens)
    if not n or not m:
        return ZERO
    hits = summary_level_hits(target.sentences, prediction.sentences, prediction.sentence_masks())
    recall = hits / m
    precision = hits / n
    return scoring.Score(precision, recall, scoring.fmeasure(precision, recall))


class FastPairs:
    """rouge-score-rs on one-sentence-per-line text, with rouge-score's integer zeros."""

    def __init__(self, types: Sequence[str], stemmer: bool) -> None:
        from rouge_score_rs import RougeScorer as RsScorer
        from rouge_score_rs.tokenizers import DefaultTokenizer

        self._scorer = RsScorer(list(types), use_stemmer=stemmer)
        self._tokenizer = DefaultTokenizer(stemmer)
        self._lcs_types = [t for t in types if t in ("rougeL", "rougeLsum")]
        self._lines: dict[str, str] = {}
        self._empty: dict[str, bool] = {}

    def lines(self, text: str) -> str:
        """``lsum_lines(text)``, once per distinct text (splitting is the costly part)."""
        found = self._lines.get(text)
        if found is None:
            found = self._lines[text] = lsum_lines(text)
        return found

    def pair(self, reference: str, briefing: str) -> dict[str, Any]:
        target, prediction = self.lines(reference), self.lines(briefing)
        result = self._scorer.score(target, prediction)
        for rouge_type in self._lcs_types:
            # rouge-score's LCS scores return the integer 0 when either side has no tokens
            # (and a float 0.0 for sides with tokens in common none): keep its JSON form.
            if result[rouge_type].fmeasure == 0 and (
                self._no_tokens(target) or self._no_tokens(prediction)
            ):
                result[rouge_type] = ZERO
        return result

    def _no_tokens(self, text: str) -> bool:
        found = self._empty.get(text)
        if found is None:
            found = self._empty[text] = not self._tokenizer.tokenize(text)
        return found
