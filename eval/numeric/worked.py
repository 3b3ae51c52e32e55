"""Arithmetic a briefing works out beside its parts: "312, down from 540, a cut of 228".

A summary often states a change, a remainder or a total together with one or both of the
figures it comes from. When the source has those figures in the same or the next sentence, so
that ``derive`` made their difference or sum, the claim is that derived fact whatever words
either side uses around it ("Attendance fell by 3,500 to about 27,500" for "27,500
spectators, down from 31,000"), on three conditions:

* the claim's sentence names a part in digits, the same figure the source states;
* the claim says it is arithmetic: "by" before it, or a word of change, remainder or total in
  its own clause ("a rise of 45", "a majority of 49", "five fewer", "leaving 18"), not one more
  item of a list ("14 were in cars, 19 were pedestrians ... and five were cyclists": 19 less
  14 is five by chance);
* the claim is no end of a change: a figure moved into one ("Rangers: 26, up from 15" for "up
  from 11"; "fall by £12m to £29m" for "to £41m") names the other end, and the source's two
  figures differ by the moved value as often as not.

An unhedged claim equals the arithmetic exactly ("£3" is no £3.50); a bound ("more than") is
never backed this way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from eval.numeric.agreement import agrees
from eval.numeric.context import CLAUSE_WEIGHT, figure_token
from eval.numeric.facts import Fact
from eval.numeric.mention import Mention
from eval.numeric.nouns import stem
from eval.numeric.scoring import unit_relation

RULE = "the claim works out, beside a figure it comes from, arithmetic on source figures"
_ENDS = ("@start", "@end")
_CUE_WORDS = ("rise fall fewer more less majority margin difference gap net remaining total "
              "combined together altogether short left lead gain")  # fmt: skip
_CUES = frozenset(stem(word) for word in _CUE_WORDS.split())
# A figure in digits as ``context`` makes it a context word: "1,240" is "#1240".
_DIGITS = re.compile(r"\d+(?:[.,:]\s?\d+)*[A-Za-z]*")


def worked(claim: Mention, claim_bag: Mapping[str, float], derived: Iterable[Fact]
           ) -> Fact | None:  # fmt: skip
    """The derived fact the claim works out beside a part it names, if any (see above)."""
    if claim.hedge not in (None, "approx") or any(role in claim_bag for role in _ENDS):
        return None
    cued = "@by" in claim_bag or any(claim_bag.get(cue, 0.0) >= CLAUSE_WEIGHT for cue in _CUES)
    if not cued:
        return None
    for fact in derived:
        other = fact.mention
        if len(fact.parts) != 2 or other.kind != claim.kind or not agrees(claim, other):
            continue
        if claim.hedge is None and not math.isclose(claim.amount, other.amount, rel_tol=1e-6):
            continue  # "£3" is no rounding of £6 less £2.50
        if unit_relation(claim, other) is None:
            continue  # "19 races" is not 158 points less 139
        if any(_token(part.text) in claim_bag for part in fact.parts):
            return fact
    return None


def _token(text: str) -> str:
    match = _DIGITS.search(text)
    return figure_token(match.group(0)) if match else ""
