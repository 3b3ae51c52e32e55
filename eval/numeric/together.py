"""Verdicts that look at a briefing's claims together, after each is judged alone.

Two claims of one briefing can say more than either does alone: the two ends of a span of
years stand next to each other in one source sentence ("open from 1856 to 1964"), and a
briefing sentence whose other figures one source sentence backs restates that sentence, so
a figure of it worded apart from the source is still backed there; two flagged figures of one
briefing sentence that one source sentence states together back each other there. Each pass
only ever turns a flag into support, and only where the claim's own figure is in that source
sentence.
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
            if not anchored or not _restated_there(mentions[i], fact, score, rival):
                continue
            if (judgement.verdict == "contradicted" and judgement.fact is not None
                    and judgement.fact.sentence == fact.sentence):  # fmt: skip
                break  # a rule read that very sentence against it ("Twin Peaks (2017)")
            why = (
                f"the briefing's sentence restates source sentence {fact.sentence + 1}, "
                f"whose other figures back it, and this value is there ({score:.2f})"
            )
            judgements[i] = Judgement("supported", fact, rule=why, found=options)
            break
    _anchor_each_other(source, mentions, found, judgements, sentences)


def _restated_there(claim: Mention, fact: Fact, score: float, rival: float) -> bool:
    """Whether ``fact`` is the claim's own figure, about it enough to be anchored in its
    sentence: only the figure itself ("287,000" is not "some 278,000" restated), and not where a
    rival is as much about the claim (a figure moved from another event meets that event's own
    figure here)."""
    return (score >= ANCHORED_MINIMUM and rival < score
            and math.isclose(claim.amount, fact.mention.amount, rel_tol=1e-9))  # fmt: skip


def _anchor_each_other(source: SourceFacts, mentions: list[Mention], found: list[Candidates],
                       judgements: list[Judgement], sentences: list[int]) -> None:  # fmt: skip
    """Two or more flagged figures of one briefing sentence whose values all stand in one
    source sentence back each other there ("aced the fourth hole and the eighth hole" against
    "an ace on the fourth and also one on the eighth"): together they restate that sentence,
    although each alone has too few words of its own. Not where a different value is as much
    about a figure as its match (two figures moved from elsewhere)."""
    flagged: dict[int, list[int]] = {}
    for i, (judgement, where) in enumerate(zip(judgements, sentences, strict=True)):
        if judgement.verdict != "supported" and not common(mentions[i]):
            flagged.setdefault(where, []).append(i)
    for claims in flagged.values():
        if len(claims) < 2 or len({mentions[i].amount for i in claims}) < len(claims):
            continue
        chosen = _one_sentence(source, mentions, found, claims)
        if chosen is None:
            continue
        where = next(iter(chosen.values()))[1].sentence
        for i, (score, fact) in chosen.items():
            why = (f"the briefing sentence's flagged figures all stand in source sentence "
                   f"{where + 1}, and this value is there ({score:.2f})")  # fmt: skip
            judgements[i] = Judgement("supported", fact, rule=why, found=found[i])


def _one_sentence(source: SourceFacts, mentions: list[Mention], found: list[Candidates],
                  claims: list[int]) -> dict[int, tuple[float, Fact]] | None:  # fmt: skip
    """For each claim, its exact match in the one source sentence that has them all."""
    by_sentence: dict[int, dict[int, tuple[float, Fact]]] = {}
    for i in claims:
        rival = found[i].rivals[0][0] if found[i].rivals else -1.0
        for score, index in found[i].matches:
            fact = source.facts[index]
            if not _restated_there(mentions[i], fact, score, rival):
                continue
            best = by_sentence.setdefault(fact.sentence, {})
            if i not in best or best[i][0] < score:
                best[i] = (score, fact)
    complete = [found for found in by_sentence.values() if len(found) == len(claims)]
    return complete[0] if len(complete) == 1 else None


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
