"""Clock times: "at 7pm", "11:42 a.m.", "by 10.40pm", "at 14:30", "midnight".

Why a module of its own: the extractor leaves times of day out ("2:08" is as often a race
time), so a briefing that moves an event to the wrong hour was never checked (round 29 counted
24 such misses). A clock time is judged like a multiple (``multiples``): backed when the
article states the same time anywhere, else against the times of the article sentence most
about its clause (at least 0.3 of its word weight), contradicted when none of them is it; not
read when the article states no time near enough in meaning (a time worked out from "11 hours
from 6am" is never flagged for want of one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eval.numeric.context import Span
from eval.numeric.multiples import best_sentence, clause_weights

_QUICK = re.compile(r"\d\s*[ap]\.?\s*m\b|\d[:.]\d\d|noon|midday|midnight", re.IGNORECASE)
_CLOCK = re.compile(
    r"\b(?P<hour>1[0-2]|0?[1-9])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<half>[ap])(?:\.\s*m\.|\s*m\b)"
    # a 24-hour time only after a word that makes it one ("at 14:30", "until 06:45")
    r"|\b(?:at|by|until|till|from|before|after|around|about)\s+"
    r"(?P<hour24>[01]?\d|2[0-3])[:.](?P<minute24>[0-5]\d)\b(?![.:]\d|\s*[ap]\.?\s*m\b)"
    r"|\b(?P<word>noon|midday|midnight)\b",
    re.IGNORECASE,
)
_MIN_SHARE = 0.3


@dataclass(frozen=True)
class Clock:
    """One time of day: where it is and its minutes after midnight."""

    start: int
    end: int
    text: str
    minutes: int  # after midnight
    # "at 12:15" or "at 7:30" with no "am"/"pm" may be either half of the day
    either_half: bool = False

    def meets(self, minutes: int) -> bool:
        """Whether this time can be ``minutes`` after midnight (either half, if unmarked)."""
        if self.either_half:
            return (self.minutes - minutes) % 720 == 0
        return self.minutes == minutes


def clocks(text: str, start: int = 0, end: int | None = None) -> list[Clock]:
    """The times of day of ``text[start:end]``."""
    end = len(text) if end is None else end
    if not _QUICK.search(text, start, end):
        return []
    found = []
    for match in _CLOCK.finditer(text, start, end):
        if match.group("word"):
            minutes = 0 if match.group("word").lower() == "midnight" else 12 * 60
        elif match.group("hour24"):
            minutes = int(match.group("hour24")) * 60 + int(match.group("minute24"))
        else:
            hour = int(match.group("hour")) % 12
            if match.group("half").lower() == "p":
                hour += 12
            minutes = hour * 60 + int(match.group("minute") or 0)
        begin = match.start("hour24") if match.group("hour24") else match.start()
        either = (
            bool(match.group("hour24"))
            and minutes < 13 * 60
            and not match.group("hour24").startswith("0")
        )
        found.append(Clock(begin, match.end(), text[begin : match.end()].strip(), minutes,
                           either))  # fmt: skip
    return found


def may_hold_clock(text: str) -> bool:
    """Whether ``text`` may hold a time of day (the cheap precheck: most briefings do not)."""
    return _QUICK.search(text) is not None


@dataclass(frozen=True)
class ClockVerdict:
    """A briefing's time of day, its verdict and the article's time it was judged by."""

    clock: Clock
    verdict: str
    sentence: int
    evidence: Clock


def judge_clocks(summary: str, spans: Sequence[Span], text: str, sentences: Sequence[Span],
                 idf: Mapping[str, float], unknown: float, taken: Sequence[tuple[int, int]],
                 stated: Sequence[tuple[int, Clock]], durations: Sequence[tuple[int, float]] = ()
                 ) -> list[ClockVerdict]:  # fmt: skip
    """A verdict for each time of day of ``summary`` the article has a time to judge by
    (``durations``: the article's durations in minutes with their sentence: "11 hours from
    6am" backs "until 5pm", "released at 06:45 ... flew for 8 hours 11 minutes" backs "landed
    at 14:56")."""
    worked: dict[int, list[int]] = {}
    for index, clock in stated:
        for where, minutes in durations:
            if abs(where - index) <= 1 and minutes < 1440:
                worked.setdefault(index, []).extend(
                    (clock.minutes + sign * round(minutes)) % 1440 for sign in (1, -1)
                )
    verdicts = []
    for span in spans:
        for claim in clocks(summary, span.start, span.end):
            if any(start < claim.end and claim.start < end for start, end in taken):
                continue
            same = [(i, c) for i, c in stated if c.meets(claim.minutes) or claim.meets(c.minutes)
                    or any(claim.meets(m) for m in worked.get(i, ()))]  # fmt: skip
            if same:
                verdicts.append(ClockVerdict(claim, "supported", same[0][0], same[0][1]))
                continue
            words = clause_weights(summary, span, (claim.start, claim.end))
            total = sum(idf.get(word, unknown) for word in words)
            best = (
                best_sentence(words, total, stated, text, sentences, idf, unknown)
                if total
                else None
            )
            if best is None or best[1] < _MIN_SHARE:
                continue
            here = [c for i, c in stated if i == best[0]]
            near = min(here, key=lambda c: abs(c.minutes - claim.minutes))
            verdicts.append(ClockVerdict(claim, "contradicted", best[0], near))
    return verdicts
