"""One of something, said with the article: "a 23rd miner ... died", "an employee was hurt".

A briefing may count what the article only names: "One miner died" for "A 23rd miner, the
shift supervisor, died". The article has no "one" to match, so the claim looked invented. The
source side therefore lists each "a/an [ordinal] [adjectives] noun" as a count of one with that
noun. These are derived facts: they can back a claim of one, never contradict another figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eval.numeric.nouns import following_words, looks_plural, ordinal_noun

_ARTICLE = re.compile(r"\b(?:a|an|A|An)\s+(?:(?:\d+(?:st|nd|rd|th)|\d+(?:-[a-z]+)+)\s+)?")
_NOT_ONE = frozenset(
    {"few", "lot", "lots", "number", "couple", "dozen", "hundred", "thousand", "million",
     "billion", "half", "third", "quarter", "fifth", "total", "further", "record", "series",
     "range", "majority", "minority", "handful", "pair", "host", "variety", "bit", "little",
     "while", "day", "week", "month", "year", "decade", "time", "result", "way"}
)  # fmt: skip


@dataclass(frozen=True)
class Named:
    start: int
    end: int
    noun: str
    phrase: tuple[str, ...]


def named_ones(norm: str) -> list[Named]:
    """Every "a/an ... noun" naming one thing: its span (article to noun) and the noun."""
    found = []
    lowered = norm.lower()
    for match in _ARTICLE.finditer(norm):
        words = following_words(norm, match.end(), 3)
        if not words or words[0].lower() in _NOT_ONE:
            continue
        noun, phrase = ordinal_noun(words)
        if noun is None or noun in _NOT_ONE or looks_plural(noun) or not noun.isalpha():
            continue
        end = lowered.find(phrase[-1], match.end()) + len(phrase[-1])
        found.append(Named(match.start(), end, noun, phrase))
    return found
