"""A total shared out, or a unit price multiplied: "£12,000 each" for "£48,000 shared by four".

A briefing often works out what the article leaves to its reader: a share per head ("£229,000
per home" for "£48.6 million for 212 homes", "about €28 million from each of the 11 states"
for "the €312 million mission, funded by 11 member states") or a total from a unit figure
("£191 million in total" for "22 new trains, costing £8.7 million each"). The claim is that
arithmetic on a source figure of its own kind and a source count of the same or the next
sentence, on these conditions, each from a way chance arithmetic met an error:

* the claim says which: a share ("each", "per", "apiece", "a head", "average") in its own
  sentence for a division; a total ("in total", "in all", "combined", "altogether") for a
  multiplication, whose source figure is itself one unit's ("each", "per", "average" beside
  it);
* the claim's sentence names the count's thing ("per flooded home" for "320 homes") or the
  count itself ("the 240 extra paramedics ... £48,000 each");
* the result is the claim's figure to the claim's own rounding, and at least to two
  significant figures ("£20,000" is 19,500 to 20,500, "three" is three): a wrong share
  ("€25,000 each" for €60,000 among three) stays flagged;
* a bound ("more than") is never backed this way.

Applied after ``align.judge_all`` (``check``) to the claims judged otherwise, with the
briefing's own sentences, which ``align.decide`` does not see.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

from eval.numeric.align import Judgement
from eval.numeric.context import Span
from eval.numeric.facts import Fact, SourceFacts
from eval.numeric.nouns import stem
from eval.numeric.scoring import unit_relation
from eval.numeric.values import hedge_family

RULE = "the claim shares out, or multiplies by, a count of the article a source figure"
_SHARE = re.compile(r"\b(?:each|apiece|per|average|a head|a piece)\b", re.IGNORECASE)
_TOTAL = re.compile(r"\b(?:total|in all|combined|altogether|overall)\b", re.IGNORECASE)
_UNIT = re.compile(r"\b(?:each|apiece|per|average|a head|every)\b", re.IGNORECASE)
# After a count, in the rest of its clause: others share too ("the two detectorists who
# found it and the landowner").
_AND_MORE = re.compile(r"[^,.;:]*?\sand\s+(?:the|a|an|his|her|their|its)\s")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_KINDS = ("money", "count")
_UNIT_WINDOW = 40  # characters either side of a source figure for its "each"
_COUNT_MAX = 100_000


def apiece(norm: str, placed: Sequence[Fact], spans: Sequence[Span],
           judgements: list[Judgement], source: SourceFacts) -> None:  # fmt: skip
    """Replace in ``judgements`` the verdict of each claim that is such arithmetic (above)."""
    for index, (fact, judgement) in enumerate(zip(placed, judgements, strict=True)):
        claim = fact.mention
        if judgement.verdict == "supported" or claim.kind not in _KINDS:
            continue
        if hedge_family(claim.hedge) not in (None, "approx") or not claim.amount > 0:
            continue
        span = spans[fact.sentence]
        sentence = norm[span.start : span.end]
        share, total = bool(_SHARE.search(sentence)), bool(_TOTAL.search(sentence))
        if not (share or total):
            continue
        stems = {stem(word) for word in _WORD.findall(sentence)}
        beside = {other.mention.amount for other in placed
                  if other.sentence == fact.sentence and other is not fact}  # fmt: skip
        done = _arithmetic(claim, source, stems, beside, share, total)
        if done is not None:
            judgements[index] = Judgement("supported", done, derived=True, rule=RULE,
                                          found=judgement.found)  # fmt: skip


def _arithmetic(claim, source: SourceFacts, stems: set[str], beside: set[float],
                share: bool, total: bool) -> Fact | None:  # fmt: skip
    low, high = _rounding(claim.amount)
    facts = source.facts
    if any(fact.mention.kind == claim.kind and fact.mention.amount == claim.amount
           for fact in facts):  # fmt: skip
        return None  # the figure itself is stated: about what, ``decide`` has judged
    for whole in facts:
        figure = whole.mention
        if figure.kind != claim.kind or hedge_family(figure.hedge) not in (None, "approx"):
            continue
        if figure.currency != claim.currency or unit_relation(claim, figure) is None:
            continue
        if not figure.amount > 0 or (claim.per and claim.per != figure.per):
            continue  # "£7,380 a month" is no share of a year's £386 million
        unit = total and _is_unit(source.text, figure)
        for count in facts:
            other = count.mention
            if count is whole or abs(count.sentence - whole.sentence) > 1:
                continue
            if other.kind != "count" or other.hedge is not None or other.dimension:
                continue
            n = other.amount
            if not (2 <= n <= _COUNT_MAX) or n != int(n):
                continue
            if not (n in beside or (other.unit and stem(other.unit) in stems)):
                continue
            if _AND_MORE.match(source.text, other.end):
                continue  # "the three finders and the landowner": four shares
            for value, sign in ((figure.amount / n, "/"), (figure.amount * n, "x")):
                if (sign == "/" and not share) or (sign == "x" and not unit):
                    continue
                if low <= value <= high:
                    how = f"{figure.text} {sign} {other.text} = {value:,.2f}"
                    mention = replace(claim, low=value, high=value, amount=value, hedge=None)
                    return Fact(mention, whole.sentence, dict(whole.bag), how, (figure, other))
    return None


def _is_unit(text: str, figure) -> bool:
    window = text[max(0, figure.start - _UNIT_WINDOW) : figure.end + _UNIT_WINDOW]
    return bool(_UNIT.search(window))


def _rounding(amount: float) -> tuple[float, float]:
    """The interval that rounds to ``amount`` at its own last digit, two significant figures
    at least: 229,000 is 228,500 to 229,500; 20,000 is 19,500 to 20,500; 3.26 is 3.255 to
    3.265."""
    top = 10 ** (math.floor(math.log10(amount)) - 1)
    step = top
    while step > 1e-6 and not math.isclose(amount / step, round(amount / step), abs_tol=1e-6):
        step /= 10
    half = step / 2 + 1e-9
    return amount - half, amount + half
