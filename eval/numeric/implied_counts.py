"""Counts an article implies without writing a figure: "a 23rd miner" is one miner, "Alice
Hart, Ben Cole and Cara Dunn" are three people.

A briefing may count what the article only names ("One miner died", "three people were
named"), so the source side lists such counts as derived facts (``SourceFacts.derived``): they
can back a claim, never contradict another figure. The spans come from ``singular`` and
``listed``; here they become facts with the words around them, as a figure there would have.
"""

from __future__ import annotations

import bisect

from eval.numeric.context import SentenceWords, Span, bag
from eval.numeric.facts import Fact
from eval.numeric.listed import listed_counts
from eval.numeric.mention import Mention
from eval.numeric.nouns import NAMED, stem
from eval.numeric.singular import named_ones


def named_one_facts(norm: str, sentences: list[Span], words: list[SentenceWords]) -> list[Fact]:
    """ "a 23rd miner" is one miner: a derived count of one (see ``singular``)."""
    starts = [span.start for span in sentences]
    found = []
    for named in named_ones(norm):
        index = max(0, bisect.bisect_right(starts, named.start) - 1)
        mention = Mention(text=norm[named.start : named.end], start=named.start, end=named.end,
                          kind="count", value=1.0, low=1.0, high=1.0, unit=named.noun,
                          noun_phrase=named.phrase, amount=1.0)  # fmt: skip
        context = bag(words[index], (named.start, named.end), (), stem(named.noun))
        found.append(Fact(mention, index, context, f"{mention.text} is one {named.noun}"))
    return found


def listed_facts(norm: str, sentences: list[Span], words: list[SentenceWords]) -> list[Fact]:
    """ "Alice Hart, Ben Cole and Cara Dunn" are three: a derived count (see ``listed``)."""
    starts = [span.start for span in sentences]
    found = []
    for listed in listed_counts(norm):
        index = max(0, bisect.bisect_right(starts, listed.start) - 1)
        value = float(listed.entries)
        text = norm[listed.start : listed.end]
        mention = Mention(text=text, start=listed.start, end=listed.end, kind="count",
                          value=value, low=value, high=value, unit=NAMED,
                          amount=value)  # fmt: skip
        # Read where the list begins ("the bodies of | Lena Brandt, 31, and ...") and where it
        # ends ("... and Dunmore Infants | will close"), as a figure standing for it would be,
        # the better weight of each word kept; the names are its words too.
        context = bag(words[index], (listed.start, listed.start))
        for word, weight in bag(words[index], (listed.end, listed.end)).items():
            if context.get(word, 0.0) < weight:
                context[word] = weight
        found.append(Fact(mention, index, context, f"{text} are {listed.entries}"))
    return found
