"""How much two mentions are about the same thing: their bags of context words compared.

``context`` builds each mention's bag (stemmed words, weighted by closeness); this module
weighs two bags against each other. Kept apart because it is the one number every choice of
a source figure rests on (``scoring.score_fact``, ``align``), and it is tuned on its own: rare
words count more (inverse sentence frequency over the article), and a claim word the article
never uses counts against every source figure, so a claim about something the article does
not discuss looks like none of its numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

UNKNOWN_WORD_SHARE = 0.5  # how much a claim word the source never uses counts against it


def idf_table(sentences: Iterable[Iterable[str]]) -> dict[str, float]:
    """Inverse sentence frequency: words found in every sentence tell little about a number."""
    counts: dict[str, int] = {}
    total = 0
    for words in sentences:
        total += 1
        for word in set(words):
            counts[word] = counts.get(word, 0) + 1
    return {word: 1.0 + math.log((1 + total) / (1 + count)) for word, count in counts.items()}


# A claim's side of ``aboutness``: (word, weight, rarity) of its words the source uses, and the
# total all its words weigh (``weigh_claim``).
WeighedClaim = tuple[list[tuple[str, float, float]], float]


def aboutness(claim: Mapping[str, float], other: Mapping[str, float], idf: Mapping[str, float],
              unknown: float, weighed: WeighedClaim | None = None) -> float:  # fmt: skip
    """Share (0..1) of the claim's context that the other mention shares, rare words first.

    ``unknown`` is what a claim word the source never uses weighs (it makes a claim about
    things the source does not discuss look less like any source number). ``weighed``: the
    claim's side, when the caller compares one claim with many mentions (``weigh_claim``).
    """
    terms, total = weighed if weighed is not None else weigh_claim(claim, idf, unknown)
    shared = 0.0
    for word, weight, rarity in terms:
        other_weight = other.get(word)
        if other_weight:
            shared += weight * min(weight, other_weight) * rarity
    return shared / total if total else 0.0


def weigh_claim(claim: Mapping[str, float], idf: Mapping[str, float], unknown: float
                ) -> WeighedClaim:  # fmt: skip
    """The claim's side of ``aboutness``: (word, weight, rarity) of its words the source uses,
    and the total they and the words it does not use weigh. The same for every source figure a
    claim is compared with, so computed once per claim (``weighed=``)."""
    terms: list[tuple[str, float, float]] = []
    total = 0.0
    for word, weight in claim.items():
        rarity = idf.get(word)
        if rarity is None:
            if word[0] != "#":  # a figure the source lacks is judged as a claim of its own
                total += weight * weight * unknown
            continue
        total += weight * weight * rarity
        terms.append((word, weight, rarity))
    return terms, total


def unknown_weight(idf: Mapping[str, float]) -> float:
    return UNKNOWN_WORD_SHARE * max(idf.values(), default=1.0)
