"""A work's year in brackets against the date of its sentence's event (round 35).

Wikipedia-style text gives a film, series, album or book its year in brackets after the title
("completed the Showtime revival of Twin Peaks (2017)") and dates the sentence's own event
separately ("In 2016, she appeared in ... and also completed ..."). The bracket is the work's
year, which by convention is when it came out; it is not the date of what the sentence says
someone did with it. Two readings follow, each from a class of model output:

* ``release_year``: a claim that the work came out that year ("Quiet Hours came out in 2011",
  "released in 2017") restates the bracket, even when the sentence dates another event ("won
  a national prize in 2012"): backed, when the claim shares a word of the work's name.
* ``dated_elsewhere``: a claim that dates the sentence's event by the bracket ("completed a
  revival of Twin Peaks in 2017", "filmed Harbour Lane in 2019") moves the work's year onto the
  event: contradicted by the sentence's own date, on these conditions, each keeping a faithful
  reading backed: the claim states an event time ("in 2017", ``@at``) and no release word; its
  best match is the bracketed year; the match's sentence has a year of its own that dates an
  event (``@at``, not in brackets, another value); and the claim shares a word with that
  sentence outside the work's name (what she did there: "appeared", "reprising her role"), so
  that "wrote Harbour Lights in 2009" is not judged by "Harbour Lights (2009) was adapted for
  radio in 2016". "The 2017 revival" (no event time) is the work's year and stays backed.

Only years; dates in brackets are not titles' years.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from eval.numeric.context import CLAUSE_WEIGHT, titled
from eval.numeric.facts import Fact, SourceFacts
from eval.numeric.mention import Mention
from eval.numeric.scoring import Candidates

_AT = "@at"  # the mark of "in 2017", "on 4 May": a time of an event
# Stems (``nouns.stem``) of the words that say a work came out: "released", "published",
# "premiered", "aired", "debuted", "broadcast", "issued", "screened"; "came out" takes both.
_RELEASE = frozenset({"releas", "publish", "premier", "air", "debut", "broadca", "issu", "screen"})
_CAME_OUT = frozenset({"cam", "out"})
# "the 2017 revival", "her 2019 series": the year names the work, as its bracket does.
_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|its|her|his|their|this|that)\s+$", re.IGNORECASE)


def _releases(claim_bag: Mapping[str, float]) -> bool:
    """Whether the claim's words say the work came out then."""
    return not _RELEASE.isdisjoint(claim_bag) or claim_bag.keys() >= _CAME_OUT


def _bracketed(source: SourceFacts, fact: Fact) -> bool:
    mention = fact.mention
    return mention.kind == "year" and titled(source.text, mention.start, mention.end)


def _name_words(fact: Fact) -> set[str]:
    """The words of the work's name: a bracketed year's context is its name alone, at the
    clause's weight (``context.bag``); the rest of its sentence weighs less."""
    return {word for word, weight in fact.bag.items()
            if weight >= CLAUSE_WEIGHT and word[0] not in "#@="}  # fmt: skip


def release_year(claim: Mention, claim_bag: Mapping[str, float], source: SourceFacts,
                 found: Candidates) -> tuple[int, str] | None:  # fmt: skip
    """(the bracketed fact, why) when the claim says a work came out in the year the source
    gives its name in brackets, or None."""
    if claim.kind != "year" or not _releases(claim_bag):
        return None
    for _, index in found.matches:
        fact = source.facts[index]
        if _bracketed(source, fact) and not _name_words(fact).isdisjoint(claim_bag):
            why = "a work's year in brackets is when it came out, as the claim says"
            return index, why
    return None


def dated_elsewhere(claim: Mention, claim_bag: Mapping[str, float], source: SourceFacts,
                    match: Fact | None, text: str) -> tuple[int, str] | None:  # fmt: skip
    """(the sentence's own date, why) when the claim, backed by ``match``, dates the sentence's
    event by the work's bracketed year, or None (the conditions are in the module note).
    ``text`` is the briefing the claim's span indexes."""
    if (claim.kind != "year" or _AT not in claim_bag or _releases(claim_bag)
            or match is None or not _bracketed(source, match)
            or _ATTRIBUTIVE.search(text, max(0, claim.start - 8), claim.start)):  # fmt: skip
        return None
    name = _name_words(match)
    elsewhere = {word for word in match.bag if word[0] not in "#@=" and word not in name}
    if elsewhere.isdisjoint(claim_bag):
        return None
    for index, fact in enumerate(source.facts):
        if (fact.sentence == match.sentence and fact.mention.kind == "year"
                and _AT in fact.bag and fact.mention.amount != claim.amount
                and not _bracketed(source, fact)):  # fmt: skip
            why = (f"a work's year in brackets is not the date of its sentence's event: the "
                   f"sentence dates it {fact.mention.text}")  # fmt: skip
            return index, why
    return None
