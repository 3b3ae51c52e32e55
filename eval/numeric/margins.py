"""A race time worked out from the winner's time and a margin: "Kiprono, 2:06:10" for "won in
2:05:48 ... won by 22 seconds".

Race reports give the winner's time and, often a sentence or two later, the gap to the next
("finished 58 seconds ahead of Bekele", "second, 48 seconds behind", "took 0.31 seconds off
the mark set by Tremblay"); briefings, tables above all, give each runner's time. ``derive``
adds a time and a margin only within one sentence, so the runner-up's time met no figure
but the third runner's, which contradicted it. A slower time is the faster one plus the
margin, on these conditions, each from a way chance arithmetic met an error:

* the claim is a race time written to the second or finer ("2:06:10", "1:52.45"), unhedged,
  and equals the sum exactly at its own last digit;
* the margin is a duration of the same or one of the next two sentences, under a tenth of
  the time, unhedged, with a word of a gap in its clause ("behind", "ahead", "by", "off",
  "clear", "slower", "faster", "margin");
* the time the sum starts from is not the stated time most about the claim: "Men's winner:
  Kiprop, 2:07:29, by 11 seconds" is the winner's own 2:07:18 moved by the margin;
* only the sum: the faster time is never worked out (a runner-up given the winner's time
  less the margin is an error too).

Applied after ``align.judge_all`` (``check``), like ``apiece``: ``align.py`` is full.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from eval.numeric.align import Judgement
from eval.numeric.derived import merge_bags
from eval.numeric.facts import Fact, SourceFacts
from eval.numeric.scoring import score_fact

RULE = "a race time the source's faster time and a margin after it add up to"
_CLOCK = re.compile(r"^\d{1,2}:\d\d(?::\d\d)?(?:\.\d+)?$")
_GAP = re.compile(r"\b(?:behind|ahead|by|off|clear|slower|faster|margin)\b", re.IGNORECASE)
_SECOND = 1.0 / 86400.0  # durations are held in days
_SENTENCES_AFTER = 2
_MARGIN_SHARE = 0.1


def margins(placed: Sequence[Fact], judgements: list[Judgement], source: SourceFacts) -> None:
    """Replace in ``judgements`` the verdict of each race time a time and a margin add up to."""
    for index, (fact, judgement) in enumerate(zip(placed, judgements, strict=True)):
        claim = fact.mention
        if judgement.verdict == "supported" or claim.kind != "duration" or claim.hedge:
            continue
        if not _CLOCK.match(claim.text) or claim.low != claim.high:
            continue
        done = _sum(fact, source)
        if done is not None:
            judgements[index] = Judgement("supported", done, derived=True, rule=RULE,
                                          found=judgement.found)  # fmt: skip


def _sum(fact: Fact, source: SourceFacts) -> Fact | None:
    claim = fact.mention
    step = _last_digit(claim.text) * _SECOND
    times = [f for f in source.facts if f.mention.kind == "duration" and not f.mention.hedge
             and f.mention.low == f.mention.high and f.mention.low > 0]  # fmt: skip
    if not times:
        return None
    about = max(times, key=lambda f: score_fact(fact.bag, f, 1.0, source, claim))
    for time in times:
        if time is about or time.mention.low >= claim.low:
            continue
        for margin in times:
            apart = margin.sentence - time.sentence
            if margin is time or not 0 <= apart <= _SENTENCES_AFTER:
                continue
            if margin.mention.low >= _MARGIN_SHARE * time.mention.low:
                continue
            if not _gap_word(source, margin):
                continue
            total = time.mention.low + margin.mention.low
            if abs(total - claim.low) <= step / 2 + 1e-9 * total:
                how = f"{time.mention.text} and {margin.mention.text} add up to {claim.text}"
                mention = replace(claim, hedge=None)
                bag = merge_bags(time.bag, margin.bag)
                return Fact(mention, margin.sentence, bag, how, (time.mention, margin.mention))
    return None


def _gap_word(source: SourceFacts, margin: Fact) -> bool:
    """Whether the margin's clause says it is a gap ("22 seconds behind", "won by 22 seconds")."""
    text = source.norm
    span = source.sentences[margin.sentence]
    before = text[max(span.start, margin.mention.start - 40) : margin.mention.start]
    after = text[margin.mention.end : min(span.end, margin.mention.end + 25)]
    before = re.split(r"[,;:]", before)[-1]
    after = re.split(r"[,;:]", after)[0]
    return bool(_GAP.search(before) or _GAP.search(after))


def _last_digit(text: str) -> float:
    """The claim's last digit in seconds: 1 for "2:06:10", 0.01 for "1:52.45"."""
    _, dot, fraction = text.partition(".")
    return 10.0 ** -len(fraction) if dot else 1.0
