"""Verdicts that look at a briefing's claims together, after each is judged alone.

Two claims of one briefing can say more than either does alone: the two ends of a span of
years stand next to each other in one source sentence ("open from 1856 to 1964"), and a
briefing sentence whose other figures one source sentence backs restates that sentence, so
a figure of it worded apart from the source is still backed there. Each pass only ever turns
a flag into support, and only where the claim's own figure is in that source sentence.
"""

from __future__ import annotations

import math

from eval.numeric.align import Judgement, common
from eval.numeric.facts import Fact, SourceFacts
from eval.numeric.mention import Mention
from eval.numeric.scoring import Candidates

# A match in a source sentence that the briefing's sentence restates must be this much about
# the claim (``anchor_in_sentences``).
ANCHORED_MINIMUM = 0.2


def anchor_in_sentences(source: SourceFacts, mentions: list[Mention], found: list[Candidates],
                        judgements: list[Judgement], sentences: list[int]) -> None:  # fmt: skip
    """A briefing sentence whose other figures the same source sentence backs restates that
    sentence: its flagged figure is backed by a match there ("had 100 million viewers when it
    aired in 1977" against "an audience of over 100 million viewers back in 1977"), unless a
    different value anywhere is as much about it (a figure moved from another event, or two
    figures of one sentence swapped, meet the figure they were taken from as a rival)."""
    anchors: dict[int, list[Fact]] = {}  # briefing sentence -> source facts its claims restate
    for judgement, where in zip(judgements, sentences, strict=True):
        if (judgement.verdict == "supported" and not judgement.derived
                and judgement.fact is not None):  # fmt: skip
            anchors.setdefault(where, []).append(judgement.fact)
    for i, (judgement, where) in enumerate(zip(judgements, sentences, strict=True)):
        if judgement.verdict == "supported" or not anchors.get(where) or common(mentions[i]):
            continue  # "first", "two": found in almost any sentence, never anchored
        options = found[i]
        rival = options.rivals[0][0] if options.rivals else -1.0  # best first
        for score, index in options.matches:
            fact = source.facts[index]
            # anchored by another figure of that sentence: a second "2014" restating the
            # first one's fact is no anchor ("a 2014 album ... a 2014 film")
            anchored = any(other.sentence == fact.sentence and other is not fact
                           and other.mention.amount != fact.mention.amount
                           for other in anchors[where])  # fmt: skip
            if (
                not anchored
                or score < ANCHORED_MINIMUM
                or not math.isclose(mentions[i].amount, fact.mention.amount, rel_tol=1e-9)
            ):
                continue  # only the figure itself: "287,000" is not "some 278,000" restated
            if rival >= score:
                continue  # a figure moved from another event: that event's own figure is here
            why = (
                f"the briefing's sentence restates source sentence {fact.sentence + 1}, "
                f"whose other figures back it, and this value is there ({score:.2f})"
            )
            judgements[i] = Judgement("supported", fact, rule=why, found=options)
            break


def span_end(source: SourceFacts, found: Candidates, judgement: Judgement,
             other: Judgement) -> Judgement | None:  # fmt: skip
    """Support for one end of a span of years ("from 1970 to 1997") that its own context did
    not earn, when the other end is backed in a source sentence where this value is the next
    year before or after it: "opened in 1856, closed in 1964 and reopened in 1999" backs "open
    from 1856 to 1964", not "from 1856 to 1999"; "in 2011 ..., up from 7,960 in 2001" backs
    "between 2001 and 2011". A year of a span has few words of its own ("between 2018 and
    2021": both share one clause), so alone it often looks about nothing; the pair, next to
    each other in one sentence, is as specific as a full date."""
    if judgement.verdict == "supported" or other.verdict != "supported" or other.derived:
        return None
    anchor = other.fact
    if anchor is None or anchor.mention.kind not in ("year", "date"):
        return None
    years = sorted(
        (f for f in source.facts
         if f.sentence == anchor.sentence and f.mention.kind in ("year", "date")),
        key=lambda f: f.mention.start,
    )  # fmt: skip
    position = next((k for k, f in enumerate(years) if f is anchor), None)
    if position is None:
        return None
    neighbours = [years[k] for k in (position - 1, position + 1) if 0 <= k < len(years)]
    for score, index in found.matches:
        if any(source.facts[index] is neighbour for neighbour in neighbours):
            why = (f"the other end of the span, backed in sentence {anchor.sentence + 1}, is next "
                   f"to this value there ({score:.2f})")  # fmt: skip
            return Judgement("supported", source.facts[index], rule=why, found=found)
    return None
