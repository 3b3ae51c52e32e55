"""Race times: "2:08:31" (hours, minutes, seconds) and "1:53.20" (minutes, seconds).

Read as durations to their last stated digit, so that "2 hours 8 minutes 31 seconds" and "a
time of 2:08:31" meet, and a restatement may round only where the time itself is rounded;
"at 10:15:30" and "10:15:30 GMT" are times of day, not read.
"""

from __future__ import annotations

import re
from dataclasses import replace

from eval.numeric.hedges import hedge_before
from eval.numeric.lexicon import TIME_UNITS
from eval.numeric.mention import Mention
from eval.numeric.values import duration_mention

_AT_CLOCK = re.compile(r"\b(?:at|from|until|till)\s+$", re.IGNORECASE)
_CLOCK_ZONE = re.compile(r"\s*(?:[ap]\.?m\b|GMT\b|UTC\b|local\b)", re.IGNORECASE)


def clock_duration(text: str, norm: str, match: re.Match[str]) -> Mention | None:
    """ "2:08:31" is 2 hours 8 minutes 31 seconds, read to the second (or its decimals), so
    that it meets "2 hours 8 minutes 31 seconds" and "a time of 2:08:31" alike; "at 10:15:30"
    and "10:15:30 GMT" are times of day, not read."""
    if _AT_CLOCK.search(norm, max(0, match.start() - 8), match.start()) or _CLOCK_ZONE.match(
        norm, match.end()
    ):
        return None
    fraction = match.group("frac") or ""
    seconds = (int(match.group("h")) * 3600 + int(match.group("m")) * 60
               + int(match.group("s")) + (float(fraction) if fraction else 0.0))  # fmt: skip
    places = 4 + max(len(fraction) - 1, 0)  # hours to the second: 1/3600 is 0.0003 h
    return _time_of_race(text, norm, match, seconds, fraction, "hour", places)


def minute_time(text: str, norm: str, match: re.Match[str]) -> Mention:
    """ "1:53.20" is 1 minute 53.20 seconds, read to its last decimal."""
    fraction = match.group("frac")
    seconds = int(match.group("m")) * 60 + int(match.group("s")) + float(fraction)
    places = 2 + len(fraction) - 1  # minutes to the hundredth of a second: 1/6000
    return _time_of_race(text, norm, match, seconds, fraction, "minute", places)


_SECONDS_IN = {"hour": 3600, "minute": 60}


def _time_of_race(text: str, norm: str, match: re.Match[str], seconds: float, fraction: str,
                  unit: str, places: int) -> Mention:  # fmt: skip
    """A race time ("2:08:31", "1:53.20") as a duration in ``unit``, which a restatement may
    round only to its last stated digit (half a second, or half of its last decimal)."""
    common = {"start": match.start(), "hedge": hedge_before(norm, match.start()), "scale": 1.0}
    per_unit = _SECONDS_IN[unit]
    mention = duration_mention(text, norm, seconds / per_unit, places, unit, match.end(), common)
    second = TIME_UNITS[unit] / per_unit
    return replace(mention, tolerance=(0.5 * 10 ** -(len(fraction) - 1) if fraction else 0.5)
                   * second)  # fmt: skip
