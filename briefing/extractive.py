"""Extractive baselines: the floor every abstractive model has to beat.

Both go through ``fit_to_budget`` so they obey exactly the same length budget as every other
summariser; a baseline that was allowed more words would win ROUGE for the wrong reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib.metadata import version

import numpy as np

from briefing.base import Budget
from briefing.text import (
    SPLITTER_NAME,
    count_words,
    fit_to_budget,
    iter_sentence_texts,
    sentence_texts,
)
from eval.errors import UserError


def _positive(name: str, value: int | None) -> int | None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise UserError(f"args.{name}: must be a whole number of at least 1 (got {value!r})")
    return value


def _narrow(limit: int | None, own: int | None) -> int | None:
    if limit is None:
        return own
    if own is None:
        return limit
    return min(limit, own)


class LeadSummariser:
    """The first ``sentences`` sentences of the article (Lead-k), cut to the word budget."""

    in_workers = True  # pure CPU work per article: the harness may generate in worker processes

    def __init__(self, budget: Budget, sentences: int | None = None) -> None:
        self.budget = budget
        self.sentences = _positive("sentences", sentences)

    def signature(self) -> Mapping[str, str]:
        return {
            "name": "lead",
            "sentences": "budget" if self.sentences is None else str(self.sentences),
            **self.budget.signature(),
            "split": SPLITTER_NAME,
        }

    def summarise(self, texts: Sequence[str]) -> list[str]:
        max_sentences = _narrow(self.budget.max_sentences, self.sentences)
        return [
            # The split is remembered per text (briefing.text), so the numeric check and
            # TextRank reuse it for the same article.
            fit_to_budget(iter_sentence_texts(text), max_sentences, self.budget.max_words)
            for text in texts
        ]


class TextRankSummariser:
    """TextRank (Mihalcea & Tarau, 2004) over TF-IDF cosine similarity between sentences.

    The highest-ranked sentences are put back in article order before the budget is applied,
    so the briefing reads in the order the article tells the story. Ties go to the earlier
    sentence, which keeps the output deterministic.

    Up to ``DENSE_LIMIT`` sentences the similarity matrix is built (n x n); beyond that the
    same PageRank is computed without it, through the sparse TF-IDF matrix (the similarity
    S = X X^T is applied as X (X^T v)), so memory and time stay linear in the text's size: a
    1 MB article no longer builds a 1.7 GB matrix.
    """

    DENSE_LIMIT = 1000
    in_workers = True  # pure CPU work per article: the harness may generate in worker processes

    def __init__(
        self,
        budget: Budget,
        damping: float = 0.85,
        iterations: int = 100,
        tolerance: float = 1e-6,
    ) -> None:
        if not 0.0 < damping < 1.0:
            raise UserError(f"args.damping: must be between 0 and 1 (got {damping!r})")
        self.budget = budget
        self.damping = float(damping)
        self.iterations = _positive("iterations", iterations) or 100
        self.tolerance = float(tolerance)

    def signature(self) -> Mapping[str, str]:
        return {
            "name": "textrank",
            "sim": "tfidf-cosine",
            "damping": repr(self.damping),
            "iterations": str(self.iterations),
            "tol": repr(self.tolerance),
            **self.budget.signature(),
            "split": SPLITTER_NAME,
            "sklearn": version("scikit-learn"),
        }

    def summarise(self, texts: Sequence[str]) -> list[str]:
        return [self._summarise_one(text) for text in texts]

    def _summarise_one(self, text: str) -> str:
        sentences = sentence_texts(text)
        if len(sentences) <= 1:
            return fit_to_budget(sentences, self.budget.max_sentences, self.budget.max_words)
        scores = self._rank(sentences)
        # Highest score first; on ties, the earlier sentence.
        order = sorted(range(len(sentences)), key=lambda i: (-round(scores[i], 12), i))
        picked = self._pick_within_budget(sentences, order)
        return fit_to_budget([sentences[i] for i in sorted(picked)], None, self.budget.max_words)

    def _pick_within_budget(self, sentences: list[str], order: list[int]) -> list[int]:
        """Best-ranked sentences that fit; one that would overflow is skipped, not cut."""
        limit = self.budget.max_sentences
        room = self.budget.max_words
        picked: list[int] = []
        words = 0
        for index in order:
            if limit is not None and len(picked) >= limit:
                break
            n = count_words(sentences[index])
            if n == 0 or (room is not None and words + n > room):
                continue
            picked.append(index)
            words += n
        return picked or order[:1]  # an over-long top sentence is cut by fit_to_budget

    def _rank(self, sentences: list[str]) -> np.ndarray:
        from sklearn.feature_extraction.text import TfidfVectorizer

        try:
            matrix = TfidfVectorizer(lowercase=True).fit_transform(sentences)
        except ValueError:  # no word characters at all
            return np.zeros(len(sentences))
        if len(sentences) > self.DENSE_LIMIT:
            return self._rank_sparse(matrix)
        similarity = (matrix @ matrix.T).toarray()
        np.fill_diagonal(similarity, 0.0)
        row_sums = similarity.sum(axis=1, keepdims=True)
        n = len(sentences)
        # Sentences with no similar neighbour link uniformly (standard dangling-node handling).
        transition = np.where(row_sums > 0, similarity / np.where(row_sums > 0, row_sums, 1), 1 / n)
        scores = np.full(n, 1.0 / n)
        for _ in range(self.iterations):
            updated = (1 - self.damping) / n + self.damping * transition.T @ scores
            if np.abs(updated - scores).sum() < self.tolerance:
                scores = updated
                break
            scores = updated
        return scores

    def _rank_sparse(self, matrix) -> np.ndarray:
        """The same iteration as ``_rank`` with S = X X^T - diag never materialised.

        With row sums r = S 1 and w = s / r (0 where r = 0), the dense step's T^T s equals
        S w + (sum of s over sentences with no neighbour) / n, and S w = X (X^T w) - diag * w.
        """
        n = matrix.shape[0]
        matrix = matrix.tocsr()
        diagonal = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()
        row_sums = matrix @ (matrix.T @ np.ones(n)) - diagonal
        row_sums[np.abs(row_sums) < 1e-12] = 0.0
        linked = row_sums > 0
        scores = np.full(n, 1.0 / n)
        for _ in range(self.iterations):
            weights = np.where(linked, scores / np.where(linked, row_sums, 1.0), 0.0)
            spread = matrix @ (matrix.T @ weights) - diagonal * weights
            spread += scores[~linked].sum() / n
            updated = (1 - self.damping) / n + self.damping * spread
            if np.abs(updated - scores).sum() < self.tolerance:
                scores = updated
                break
            scores = updated
        return scores
