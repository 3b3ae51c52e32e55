"""How a derived fact is built: a mention for the implied figure, with its parts' words.

Shared by the arithmetic on pairs of figures (``derive``) and the gaps between dated events
(``gaps``): a derived fact carries the words of the facts it comes from, without their roles
("from 4,200" and "to 3,150" are not the role of their difference), so that it backs only a
claim about the same things.
"""

from __future__ import annotations

from collections.abc import Mapping

from eval.numeric.context import LOCAL_WEIGHT
from eval.numeric.facts import Fact
from eval.numeric.format import figure
from eval.numeric.mention import Mention
from eval.numeric.nouns import stem


def merge_bags(left: Mapping[str, float], right: Mapping[str, float]) -> dict[str, float]:
    merged = dict(left)
    for word, weight in right.items():
        if merged.get(word, 0.0) < weight:
            merged[word] = weight
    return merged


def derived_fact(kind: str, value: float, unit, base: Fact, other: Fact | None, how: str,
             currency=None, dimension=None, role: str | None = None,
             shared: dict[str, float] | None = None) -> Fact:  # fmt: skip
    """A fact the source implies; ``shared``: the parts' words without roles, when the caller
    already has them (``_pair_facts`` makes up to four facts of one pair)."""
    mention = Mention(text=figure(kind, value, unit, currency), start=base.mention.start,
                      end=base.mention.end, kind=kind, value=value, low=value, high=value,
                      unit=unit, currency=currency, dimension=dimension,
                      noun_phrase=base.mention.noun_phrase, amount=value)  # fmt: skip
    context = dict(shared) if shared is not None else shared_words(base, other)
    for part in (base, other):
        if part is not None and part.mention.unit and part.mention.kind == "count":
            context[stem(part.mention.unit)] = LOCAL_WEIGHT  # what the parts count
    if role:
        context[role] = LOCAL_WEIGHT
    parts = (base.mention,) if other is None else (base.mention, other.mention)
    return Fact(mention, base.sentence, context, how, parts)


def shared_words(base: Fact, other: Fact | None) -> dict[str, float]:
    """The context words of a derived fact's parts, without their roles ("from 4,200", "to
    3,150" are not the role of their difference)."""
    context = merge_bags(base.bag, other.bag) if other is not None else dict(base.bag)
    for role in [word for word in context if word.startswith("@")]:
        del context[role]  # a copy less its few roles: cheaper than a filtered rebuild
    return context
