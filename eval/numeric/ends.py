"""Which end of a change a figure is: "fell to 22" for "fell from 22 seats to 14"
(``role_swapped``), and the earlier value given as the figure itself, "Turnout: 44%" for
"Turnout was 38%, down from 44% in 2020" (``earlier_value``). Moved out of ``align`` (which
keeps to 400 lines) in round 29, when the second was added.

A claim that marks its own role ("fell to 22") is judged by ``role_swapped``: the value agrees
only with the other end of the change.

An article that reports a change writes both values in one sentence, the new one as the
figure ("Turnout was 38%", "drew 26,000 visitors") and the old one as where it came from ("down
from 44% in 2020", "up from 22,500 last year", "risen to £1.90 from £1.20"). A briefing that
restates the old value as the figure itself ("The festival attracted 22,500 visitors this
year", "Saplings now cost £1.20") agrees with a source figure about the very same thing, so
the match wins on its words alone, while the figure it should have given stands beside it.

The claim is the new value unless it says otherwise, so it is contradicted by the change's new
value when all of these hold (each keeps a faithful reading backed):

* the match plays the start of a change in its own clause (``@start``) and the rival, in the
  same sentence, does not: a range ("between £180 million and £240 million") is no change;
* the claim's sentence has no word of an earlier time or a start anywhere ("last year",
  "previously", "instead of", "two years ago", "up from"), and its own clause no other figure
  ("in 2023", "£46 -> £56"): a claim that names both ends is ``role_swapped``'s to judge, and
  one that dates itself may be the old value on purpose. Tense and "before" are not read (the
  bags keep no stop words), so "The museum had seven galleries before the wing opened" is
  flagged like a moved figure (README, known limits). Searching the whole sentence, not only
  the claim's own clause, costs one error caught on the development sets ("issued in England
  last year, costing the NHS £61m") and keeps "previously" of a joined clause a guard;
* the claim uses no word that the article uses in the match's clause and not in the rival's
  ("Food inflation was 3.3% in January" for "rose to 4.1% ..., up from 3.3% in January");
* the rival is about the claim at least as much as the match less the margin.

Counts, sums of money and percentages only: years and dates are times themselves.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from eval.numeric.context import CLAUSE_WEIGHT
from eval.numeric.facts import AGO, SourceFacts
from eval.numeric.mention import Mention
from eval.numeric.nouns import stem
from eval.numeric.scoring import CHANGE_ROLES

_KINDS = frozenset({"count", "money", "percent"})
_START = "@start"
_EARLIER_WORDS = ("last", "earlier", "previous", "instead", "former")
_EARLIER = frozenset({AGO, _START, *(stem(word) for word in _EARLIER_WORDS)})
_RANGE = re.compile(r"\bbetween\b", re.IGNORECASE)
_GENERIC = frozenset({"=year"})  # "this year" and "last year" share it


def role_swapped(claim_bag: Mapping[str, float], source: SourceFacts,
                 best_match: tuple[float, int] | None, best_rival: tuple[float, int] | None,
                 margin: float, minimum: float) -> str | None:  # fmt: skip
    """Why the claim moves a figure across a change ("fell to 22" where the source says "fell
    from 22 seats to 14"), or None. The value agrees only with the other end of the change:
    the match plays a different role in the same sentence as a rival that plays the claim's
    role, is at least ``minimum`` about the claim and as much as the match less ``margin``."""
    if best_match is None or best_rival is None or best_rival[0] < minimum:
        return None
    match, rival = source.facts[best_match[1]], source.facts[best_rival[1]]
    if match.sentence != rival.sentence or best_rival[0] < best_match[0] - margin:
        return None
    mine = {role for role in CHANGE_ROLES if role in claim_bag}
    if not mine or not mine <= rival.bag.keys() or mine & match.bag.keys():
        return None
    if not (CHANGE_ROLES & match.bag.keys()):
        return None
    role = "/".join(sorted(mine))
    return (
        f"the value is the other end of the change: the claim's role ({role}) is the "
        f"rival's ({best_rival[0]:.2f}), not the match's ({best_match[0]:.2f})"
    )


def earlier_value(claim: Mention, claim_bag: Mapping[str, float], source: SourceFacts,
                  best_match: tuple[float, int] | None, best_rival: tuple[float, int] | None,
                  margin: float) -> str | None:  # fmt: skip
    """Why the claim restates the start of a change as the figure itself, or None (see the
    module note for the conditions)."""
    if claim.kind not in _KINDS or best_match is None or best_rival is None:
        return None
    match, rival = source.facts[best_match[1]], source.facts[best_rival[1]]
    if match.sentence != rival.sentence or best_rival[0] < best_match[0] - margin:
        return None
    if match.bag.get(_START, 0.0) < CLAUSE_WEIGHT or _START in rival.bag:
        return None
    span = source.sentences[match.sentence]
    if _RANGE.search(source.text, span.start, span.end):
        return None
    if _EARLIER & claim_bag.keys():
        return None  # "last year", "from 2019", "previously" anywhere in the claim's sentence
    own = {word for word, weight in claim_bag.items() if weight >= CLAUSE_WEIGHT}
    if any(word.startswith("#") for word in own):
        return None  # another figure of the claim's own clause: "£46 -> £56", "in 2023"
    match_only = {word for word, weight in match.bag.items()
                  if weight >= CLAUSE_WEIGHT and rival.bag.get(word, 0.0) < CLAUSE_WEIGHT
                  and not word.startswith("@") and word not in _GENERIC}  # fmt: skip
    if own & match_only:
        return None
    return (
        f"the value is where a change started: the source's new value ({best_rival[0]:.2f}) "
        f"stands beside it, and the claim gives it as the figure itself ({best_match[0]:.2f})"
    )
