"""Length and extractiveness of a briefing (Grusky, Naaman & Artzi, 2018, "Newsroom").

* ``length.words``: words in the briefing (whitespace words, as in the budget).
* ``length.compression``: article words / briefing words.
* ``length.coverage``: share of briefing tokens inside fragments copied from the article.
* ``length.density``: mean squared fragment length per briefing token; high means long copied
  passages (an extractive system), low means paraphrase.

The last two measure extractiveness, not length or quality: they keep the paper's names
(``coverage``, ``density``, so scores stay comparable with earlier runs) but are labelled
"Extractive coverage" and "Extractive density" wherever they are shown. None of the four has a
better direction, so none is ever marked best.

Fragments follow the paper's greedy algorithm. The article side (tokens and where each token
occurs) is built once per article and reused for every system.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from briefing.text import count_words
from eval.corpus.format import Item
from eval.metrics.base import Score, Value

_TOKEN = re.compile(r"\w+(?:['’.,]\w+)*", re.UNICODE)


def fragment_tokens(text: str) -> list[str]:
    return [token.lower() for token in _TOKEN.findall(text)]


class ArticleIndex:
    """An article's tokens, where each token occurs, and its word count: built once per article."""

    __slots__ = ("positions", "tokens", "words")

    def __init__(self, tokens: Sequence[str], words: int | None = None) -> None:
        self.tokens = list(tokens)
        self.words = len(self.tokens) if words is None else words
        positions: dict[str, list[int]] = defaultdict(list)
        for index, token in enumerate(self.tokens):
            positions[token].append(index)
        self.positions = dict(positions)

    @classmethod
    def of_text(cls, text: str) -> ArticleIndex:
        return cls(fragment_tokens(text), count_words(text))


def extractive_fragments(briefing: Sequence[str], article: ArticleIndex) -> list[int]:
    """Lengths of the extractive fragments of Grusky et al. (2018): greedily, from each briefing
    token on, the longest run the article shares.

    Every occurrence of the token in the article is tried. The paper's pseudo-code skips the
    article positions inside a match it has just found, which can miss the longest run when
    words repeat (article "a a a b", briefing "a a b": [2, 1] instead of [3]); the paper defines
    fragments as maximal, so this follows the definition.
    """
    lengths: list[int] = []
    tokens = article.tokens
    i = 0
    while i < len(briefing):
        best = 0
        for j in article.positions.get(briefing[i], ()):
            k = 0
            while (
                i + k < len(briefing) and j + k < len(tokens) and briefing[i + k] == tokens[j + k]
            ):
                k += 1
            best = max(best, k)
        if best:
            lengths.append(best)
        i += max(best, 1)
    return lengths


class LengthMetric:
    """Length, compression and extractiveness of each briefing against its article."""

    name = "length"
    compares_with = "source"
    values = (
        Value("length.words", "Words", 1.0, None, 1, "words per briefing"),
        Value(
            "length.compression",
            "Compression",
            1.0,
            None,
            1,
            "article words / briefing words",
            per_article=False,
        ),
        Value(
            "length.coverage",
            "Extractive coverage",
            1.0,
            None,
            2,
            "share of briefing words copied from the article (Grusky et al. 2018)",
            per_article=False,
        ),
        Value(
            "length.density",
            "Extractive density",
            1.0,
            None,
            1,
            "mean squared length of copied fragments per word (Grusky et al. 2018)",
            per_article=False,
        ),
    )

    def __init__(self) -> None:
        self._articles: dict[str, ArticleIndex] = {}

    def signature(self) -> Mapping[str, str]:
        return {"words": "whitespace", "fragments": "grusky2018", "tok": "word-lower"}

    def _article(self, text: str) -> ArticleIndex:
        index = self._articles.get(text)
        if index is None:
            index = self._articles[text] = ArticleIndex.of_text(text)
        return index

    def score(self, briefings: Sequence[str], items: Sequence[Item]) -> list[Score]:
        scores: list[Score] = []
        for briefing, item in zip(briefings, items, strict=True):
            words = count_words(briefing)
            summary_tokens = fragment_tokens(briefing)
            values: dict[str, float | None] = {"length.words": float(words)}
            if words and summary_tokens:
                article = self._article(item.source)
                fragments = extractive_fragments(summary_tokens, article)
                n = len(summary_tokens)
                values["length.compression"] = article.words / words
                values["length.coverage"] = sum(fragments) / n
                values["length.density"] = sum(f * f for f in fragments) / n
            else:  # an empty briefing has a length (0) but no ratio to speak of
                values.update(
                    {"length.compression": None, "length.coverage": None, "length.density": None}
                )
            scores.append(Score(values=values))
        return scores
