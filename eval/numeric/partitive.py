"""The whole of a part: "12 of the 52 locks", "Of the 11 candidates, seven ...".

A briefing that names a part of a whole writes the whole beside the part, and the whole takes
the part's words: in "Of the 1,240 participants, 134 developed heart disease" the clause of
1,240 is the part's ("developed heart disease"). The article often states the whole in a
sentence of its own ("a study of 1,240 adults") and the part elsewhere ("Of them, 143
developed heart disease"), so the part's figure is the rival most about the whole's claim
and wins over the whole's own figure: a faithful whole is contradicted by its part.

The whole of a partitive (a number or a share, then "of (the)", before it, or "Of the"
opening its clause) is backed by a source figure stating it exactly, on these conditions,
each from a way a moved whole met a source figure on the development sets:

* no rival smaller than the claim is itself the whole of a part in the article ("Of the 412
  people on board" for "Of the 236 people on board, 198 were rescued", 412 the capacity);
* no rival larger than the claim is about it as much as the match (at least 0.3, at most
  ``align.RIVAL_MINIMUM``), bounds ("fewer than 4,000 steps") aside: a larger figure is what
  the whole may have been moved from;
* a match under ``align.ABOUT_MINIMUM`` backs only a figure of three significant digits or
  more ("143 of the 600 participants" for 1,240 met "followed 600 people" of another study).

Applied after ``align.judge_all`` (``check``), with the briefing's own text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eval.numeric.align import ABOUT_MINIMUM, RIVAL_MINIMUM, Judgement
from eval.numeric.facts import Fact, SourceFacts
from eval.numeric.scoring import unit_relation
from eval.numeric.values import hedge_family

RULE = "the whole of a part the briefing names: the source states it; its rivals are parts"
_NUMBER = (
    r"\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty"
    r"|sixty|seventy|eighty|ninety|hundred|thousand|dozen|half|most|all|none|many|some"
    r"|several|(?:a|one|two|three) (?:quarter|third|fifth|tenth)s?"
)
_OWNER = r"(?:the\s+|its\s+|their\s+|his\s+|her\s+)?(?:[\w&.'-]+'s?\s+)?"
_PART_BEFORE = re.compile(rf"\b(?:{_NUMBER})\s+(?:out\s+)?of\s+{_OWNER}$", re.IGNORECASE)
_OF_OPENING = re.compile(rf"(?:^|[.;:!?\n*-]\s*)Of\s+{_OWNER}$")
_WINDOW = 60
_DIGITS = 3  # significant digits of a figure whose match is weak
_BOUNDS = frozenset({"below", "above", "atleast", "upto"})


def partitive(norm: str, placed: Sequence[Fact], judgements: list[Judgement],
              source: SourceFacts) -> None:  # fmt: skip
    """Replace in ``judgements`` the verdict of each whole so backed (see the module note)."""
    for index, (fact, judgement) in enumerate(zip(placed, judgements, strict=True)):
        claim = fact.mention
        if judgement.verdict == "supported" or claim.kind != "count" or judgement.found is None:
            continue
        if hedge_family(claim.hedge) is not None or not claim.amount > 0:
            continue
        if not _is_whole(norm, claim.start):
            continue
        backing = _whole(claim, judgement, source)
        if backing is not None:
            judgements[index] = Judgement("supported", backing, rule=RULE, found=judgement.found)


def _whole(claim, judgement: Judgement, source: SourceFacts) -> Fact | None:
    found = judgement.found
    same = [(score, i) for score, i in found.matches if _exact(claim, source.facts[i].mention)]
    if not same:
        return None
    score, best = same[0]
    if score < ABOUT_MINIMUM and len(re.sub(r"\D", "", claim.text).strip("0")) < _DIGITS:
        return None  # "143 of the 600 participants" for 1,240 meets "600 people" elsewhere
    larger = min(RIVAL_MINIMUM, max(score, ABOUT_MINIMUM))
    for rival_score, i in found.rivals:
        other = source.facts[i].mention
        if other.amount < claim.amount and _is_whole(source.text, other.start):
            return None  # "Of the 227 people on board, 152 survived": the whole moved
        if other.amount <= claim.amount or hedge_family(other.hedge) in _BOUNDS:
            continue  # a part, or a bound ("fewer than 4,000 steps"): no whole of a set
        if rival_score >= larger:
            return None
    return source.facts[best]


def _is_whole(text: str, start: int) -> bool:
    """Whether the figure at ``start`` is the whole of a partitive ("12 of the | 52", "Of
    the | 1,240"), in a briefing or in its article alike."""
    before = text[max(0, start - _WINDOW) : start]
    return bool(_PART_BEFORE.search(before) or _OF_OPENING.search(before))


def _exact(claim, other) -> bool:
    if other.kind != "count" or hedge_family(other.hedge) is not None:
        return False
    return other.amount == claim.amount and unit_relation(claim, other) is not None
