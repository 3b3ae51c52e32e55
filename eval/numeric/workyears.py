"""A work's year in brackets against the date of its sentence's event (rounds 35 and 39).

Wikipedia-style text gives a film, series, album or book its year in brackets after the title
("completed the Showtime revival of Twin Peaks (2017)", a series' run "Ward Nine (2003–2007)")
and dates the sentence's own event separately ("In 2016, she appeared in ... and also
completed ...", "Her first screen role came in 2004, ... in Ward Nine (2003–2007)"). The
bracket is the work's years, which by convention say when it came out (or ran); it is not the
date of what the sentence says someone did with it. Two readings follow, each from a class of
model output:

* ``release_year``: a claim whose own clause says the work came out that year ("Quiet Hours
  came out in 2011", "released in 2017"), or that names the work by it ("a 2001 film", "the
  2019 revival of Harbour Lane"), restates the bracket, even when the sentence dates another
  event ("won a national prize in 2012", "filmed in 1999"): backed, when the claim shares a
  word of the work's name.
* ``dated_elsewhere``: a claim that dates the sentence's event by the bracket ("completed a
  revival of Twin Peaks in 2017", "filmed Harbour Lane in 2019", "joined Ward Nine in 2003")
  moves the work's year onto the event: contradicted by the sentence's own date, on these
  conditions, each keeping a faithful reading backed: the claim states an event time ("in
  2017", ``@at``) and no release word in its own clause; its best match is the bracketed year;
  the match's sentence has a year of its own that dates an event (``@at``, not in brackets,
  another value); and the claim shares a word with that sentence outside the work's name (what
  she did there: "appeared", "reprising her role", "written" for "wrote"), so that "wrote
  Harbour Lights in 2009" is not judged by "Harbour Lights (2009) was adapted for radio in
  2016". "The 2017 revival" (no event time) is the work's year and stays backed. A person's
  lifespan in brackets reads alike: "Margit Oosterhuis (1931-2008) founded the firm in 1960"
  does not back "founded it in 1931".

Only years; dates in brackets are not titles' years.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from eval.numeric.context import CLAUSE_WEIGHT, titled
from eval.numeric.facts import Fact, SourceFacts
from eval.numeric.mention import Mention
from eval.numeric.patterns import YEAR, YEAR_DASH
from eval.numeric.scoring import Candidates

_AT = "@at"  # the mark of "in 2017", "on 4 May": a time of an event
_ANY_YEAR = "=year"  # "year", "annual": in every sentence with a year, so it tells nothing
# Stems (``nouns.stem``) of the words that say a work came out: "released", "published",
# "premiered", "aired", "broadcast", "issued", "screened", and "came (out)" ("out" is a stop
# word: no context word). Not "debut": "her debut, The Lamp Room" names a work, not its release.
_RELEASE = frozenset({"releas", "publish", "premier", "air", "broadca", "issu", "screen", "cam"})
_SPAN_IN_BRACKETS = re.compile(rf"(?<=[\w*])\s*\(\s*(?P<a>{YEAR}){YEAR_DASH}(?P<b>{YEAR})\s*\)")
# "the 2017 revival", "her 2019 series": the year names the work, as its bracket does.
_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|its|her|his|their|this|that)\s+$", re.IGNORECASE)


def _releases(claim_bag: Mapping[str, float]) -> bool:
    """Whether the claim's own clause says the work came out then (not another clause of its
    sentence: "wrote her debut, The Lamp Room, in 1968 and drafted ... in 1977")."""
    near = {word for word, weight in claim_bag.items() if weight >= CLAUSE_WEIGHT}
    return not _RELEASE.isdisjoint(near)


def _attributive(text: str, claim: Mention) -> bool:
    return bool(_ATTRIBUTIVE.search(text, max(0, claim.start - 8), claim.start))


def _bracketed(source: SourceFacts, fact: Fact) -> bool:
    """A year alone in brackets after a name, or an end of a span of years there ("Ward Nine
    (2003–2007)", a series' run; a lifespan is a person's years alike)."""
    mention = fact.mention
    if mention.kind != "year":
        return False
    if titled(source.text, mention.start, mention.end):
        return True
    spans = _SPAN_IN_BRACKETS.finditer(source.text, max(0, mention.start - 6), mention.end + 6)
    return any(mention.start in (span.start("a"), span.start("b")) for span in spans)


def _name_words(fact: Fact) -> set[str]:
    """The words of the work's name: a bracketed year's context is its name alone, at the
    clause's weight (``context.bag``); the rest of its sentence weighs less."""
    return {word for word, weight in fact.bag.items()
            if weight >= CLAUSE_WEIGHT and word[0] not in "#@"}  # fmt: skip


def release_year(claim: Mention, claim_bag: Mapping[str, float], source: SourceFacts,
                 found: Candidates, text: str) -> tuple[int, str] | None:  # fmt: skip
    """(the bracketed fact, why) when the claim says a work came out in the year the source
    gives its name in brackets, or names the work by it ("a 2001 film", "the 2019 revival"),
    or None. ``text`` is the briefing the claim's span indexes."""
    if claim.kind != "year":
        return None
    if not _releases(claim_bag) and not _attributive(text, claim):
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
            or _attributive(text, claim)):  # fmt: skip
        return None
    name = _name_words(match)
    elsewhere = {word for word in match.bag
                 if word[0] not in "#@" and word not in name and word != _ANY_YEAR}  # fmt: skip
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
