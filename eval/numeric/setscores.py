"""How many sets or games a match went to, from the set scores an article lists.

Articles give a match's sets one by one ("beating Koller 6-4, 3-6, 7-5", "21-17, 18-21,
21-15", "4-6 7-6 6-7 7-5 16-14"); briefings count them ("beat Koller in three sets", "The
final went to three games"). No figure of the article says three, so the count was unbacked
(a known limit since round 9). Each run of set scores of one sentence is read as a count of
sets with the words around it, as a figure standing there would be, and a claim that counts
sets or games is backed when the run most about it has its count:

* only a claim whose own noun is "sets" or "games" (a bare "three" or "three titles" is no
  count of sets), unhedged, two to five;
* the run most about the claim decides, whatever its count: in an article with a women's
  final of three sets and a men's final of two, "Menon beat Kjaer in three games" is about
  the men's final and stays flagged, though the women's run counts three;
* at least ``DERIVED_MINIMUM`` about the claim, as any arithmetic; it backs, never
  contradicts, so a wrong count ("in four sets") stays flagged as before.

Applied after ``align.judge_all`` (``check``), like ``apiece``: ``align.py`` is full.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from eval.numeric.align import DERIVED_MINIMUM, Judgement
from eval.numeric.context import bag
from eval.numeric.facts import Fact, SourceFacts
from eval.numeric.mention import Mention
from eval.numeric.nouns import lemma
from eval.numeric.scoring import score_fact, unit_relation

RULE = "the source lists the match's set scores, one a set, in the run most about the claim"
_NOUNS = ("set", "game")
# Between two set scores of one run: a comma, spaces, "and", or a tie-break in brackets
# ("7-6 (7-4), 6-2"), whose own score is no set.
_BETWEEN = re.compile(r"\s*(?:\(\s*\d{1,2}\s*-\s*\d{1,2}\s*\)\s*)?(?:,\s*|\s+)(?:and\s+)?")
_TIEBREAK = re.compile(r"\(\s*$")
_MOST_SETS = 5  # best of five; a longer run is a list of results, not one match


def setcount(placed: Sequence[Fact], judgements: list[Judgement], source: SourceFacts) -> None:
    """Replace in ``judgements`` the verdict of each count of sets the source's runs back."""
    runs: list[tuple[int, int]] | None = None
    for index, (fact, judgement) in enumerate(zip(placed, judgements, strict=True)):
        claim = fact.mention
        if judgement.verdict == "supported" or claim.kind != "count" or claim.hedge:
            continue
        if not (claim.unit and lemma(claim.unit) in _NOUNS and 2 <= claim.amount <= _MOST_SETS):
            continue
        if runs is None:
            runs = _runs(source)
        best: tuple[float, Fact] | None = None
        for start, end, count in runs:
            run = _run_fact(source, start, end, count, lemma(claim.unit))
            unit = unit_relation(claim, run.mention)
            if unit is None:
                continue
            score = score_fact(fact.bag, run, unit, source, claim)
            if best is None or score > best[0]:
                best = (score, run)
        if best and best[0] >= DERIVED_MINIMUM and best[1].mention.amount == claim.amount:
            judgements[index] = Judgement("supported", best[1], derived=True, rule=RULE,
                                          found=judgement.found)  # fmt: skip


def _set_score(value: object) -> bool:
    """A score a set (or a game of badminton, squash, volleyball) can end with: a winner on six
    points or more and no draw, so that football scores ("2-1, 0-0") make no run."""
    first, _, second = str(value).partition("-")
    if not (first.isdigit() and second.isdigit()):
        return False
    a, b = int(first), int(second)
    return a != b and max(a, b) >= 6


def _runs(source: SourceFacts) -> list[tuple[int, int, int]]:
    """(start, end, number of sets) of each run of two to five set scores in the source."""
    norm = source.norm
    scores = sorted((f.mention for f in source.facts if f.mention.kind == "score"
                     and _set_score(f.mention.value)
                     and not _TIEBREAK.search(norm[max(0, f.mention.start - 2) : f.mention.start])),
                    key=lambda mention: mention.start)  # fmt: skip
    runs: list[list[Mention]] = []
    for mention in scores:
        if runs and _BETWEEN.fullmatch(norm[runs[-1][-1].end : mention.start]):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    return [(run[0].start, run[-1].end, len(run)) for run in runs if 2 <= len(run) <= _MOST_SETS]


def _run_fact(source: SourceFacts, start: int, end: int, count: int, noun: str) -> Fact:
    """The run as a count of ``noun``, read where it begins ("beating Koller | 6-4, ...") and
    where it ends ("... 7-5 | in a final"), the better weight of each word kept."""
    starts = [span.start for span in source.sentences]
    index = max(0, bisect.bisect_right(starts, start) - 1)
    words = source.words[index]
    context = bag(words, (start, start))
    for word, weight in bag(words, (end, end)).items():
        if context.get(word, 0.0) < weight:
            context[word] = weight
    text = source.norm[start:end]
    value = float(count)
    mention = Mention(text=text, start=start, end=end, kind="count", value=value, low=value,
                      high=value, unit=noun, amount=value)  # fmt: skip
    return Fact(mention, index, context, f"{text} are {count} {noun}s")
