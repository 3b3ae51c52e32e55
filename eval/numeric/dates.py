"""Dates in news text, resolved against the article's publication date.

News writes dates relative to the day of publication ("said Monday", "last June", "on 14
February"), so a date only means something once anchored. Absolute dates with a month name go
to dateparser (anchored with ``RELATIVE_BASE`` and cached: it is slow); the relative forms it
does not read the way news means them ("Monday" in a Monday article is that day, not a week
ago; "last June") are resolved here with plain calendar arithmetic.

A weekday or a bare month has two readings (the last one and the next one); both are kept so
that a briefing that says "Thursday" for an event the source calls "Thursday" agrees whichever
tense each uses. Without a publication date, relative dates stay unresolved and compare only
by their words ("Monday" with "Monday").
"""

from __future__ import annotations

import bisect
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from eval.numeric.lexicon import FUTURE_MARKERS, MONTHS, WEEKDAY_NAMES, WEEKDAYS
from eval.numeric.nouns import looks_plural
from eval.numeric.patterns import at_word_starts

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_FULL_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_RELATIVE_YEAR = r"(?:last|this|next)\s+year"
# The dot of an abbreviated month ("Oct. 28"); after a full name it ends a sentence ("since
# January.\n4. Kanemori will cut ..."), so no date runs on into the next one.
_ABBREVIATION_DOT = r"(?:(?<!ary)(?<!rch)(?<!ril)(?<!may)(?<!une)(?<!uly)(?<!ust)(?<!ber)\.)?"

DATE_RE = at_word_starts(
    "|".join(
        [
            # Oct. 28, 2024 / June 12 / Feb. 14
            rf"(?P<mdy>\b{_MONTH}{_ABBREVIATION_DOT}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?)",
            # 28 Oct 2024 / 14 February / 1st of July
            rf"(?P<dmy>\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?:(?<=[a-z]{{3}})\.(?=\s*\d))?"
            rf"(?:,?\s+{_YEAR}\b)?)",
            # July 2020
            rf"(?P<my>\b{_MONTH}{_ABBREVIATION_DOT},?\s+{_YEAR}\b)",
            # last June / next March / this May
            rf"(?P<relmonth>\b(?:last|next|this)\s+{_FULL_MONTH}\b)",
            # "in June", "since August", "April last year": a bare month needs a cue word
            rf"(?P<month>\b(?:in|on|since|until|till|by|of|from|between|and|to|through|during|"
            rf"early|late|mid|end|before|after|throughout|or)[\s-]+(?P<month_name>{_FULL_MONTH}"
            rf"\b(?!\s+\d|,?\s+{_YEAR}\b)(?:\s+{_RELATIVE_YEAR}\b)?))",
            rf"(?P<iso>\b{_YEAR}-(?:0[1-9]|1[0-2])-(?:[12]\d|3[01]|0[1-9])\b)",
            rf"(?P<weekday>\b(?:(?:last|next|this)\s+)?{_WEEKDAY}\b)",
            rf"(?P<relyear>\b{_RELATIVE_YEAR}\b)",
            # Christmas Day, New Year's Eve: dates by name
            rf"(?P<holiday>\b(?:christmas\s+(?:day|eve)|new\s+year's\s+(?:day|eve)|boxing\s+day|"
            rf"valentine's\s+day|halloween)\b(?:,?\s+{_YEAR}\b)?)",
        ]
    ),
    re.IGNORECASE,
)
_MONTH_WORD = re.compile(_MONTH, re.IGNORECASE)
# Days named by a holiday, as the month and day they stand for.
HOLIDAYS = {
    "christmas day": "December 25", "christmas eve": "December 24",
    "new year's day": "January 1", "new year's eve": "December 31",
    "boxing day": "December 26", "valentine's day": "February 14", "halloween": "October 31",
}  # fmt: skip
_YEAR_IN = re.compile(rf"\b{_YEAR}\b")
_RELATIVE_YEAR_IN = re.compile(rf"\b{_RELATIVE_YEAR}\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?]\s")
_WORD = re.compile(r"[a-z']+")


@dataclass(frozen=True)
class DateMention:
    """One date: its span, a display value and the day intervals it may denote."""

    start: int
    end: int
    kind: str  # "date" or "year" ("last year")
    value: str | float
    readings: tuple[tuple[float, float], ...]  # proleptic ordinal days, inclusive
    key: str | None  # for unanchored dates: compared by words only


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date expression in ``text`` (already quote-normalised), in order."""
    found = []
    stops: list[int] | None = None  # where each sentence ends, found once per text
    for match in DATE_RE.finditer(text):
        group = match.lastgroup or ""
        start, end = match.span("month_name") if group == "month" else match.span()
        raw = text[start:end]
        if _is_modal_may(text, raw, end):
            continue
        if stops is None:
            stops = [stop.end() for stop in _SENTENCE_END.finditer(text)]
        future = _future_context(text, start, end, stops)
        mention = _resolve(group, raw, published, future)
        if mention is not None:
            value, readings, key, kind = mention
            found.append(DateMention(start, end, kind, value, readings, key))
            if group in ("mdy", "dmy"):
                found.extend(_coordinated_day(text, match, group, published, future, found))
    found.sort(key=lambda mention: mention.start)
    return found


# A second day sharing the month of a date: "8 and 9 October", "2nd and 3rd May", "12-14
# June" (before a day-first date) and "May 2 and 3", "June 12-14" (after a month-first one).
_DAY_BEFORE = re.compile(rf"\b(?P<day>{_DAY})\s*(?:and|&|to|-|–)\s*$", re.IGNORECASE)
_DAY_AFTER = re.compile(rf"\s*(?:and|&|to|-|–)\s*(?P<day>{_DAY})\b(?![%:.,]?\d)", re.IGNORECASE)
_NEXT_WORD = re.compile(r"[\s-]*([A-Za-z]+)")
_MORE = frozenset({"more", "other", "others", "further", "of"})
_LEADING_DAY = re.compile(rf"^{_DAY}", re.IGNORECASE)
_DAY_IN_MDY = re.compile(rf"(?<=\s){_DAY}\b", re.IGNORECASE)


def _coordinated_day(text: str, match: re.Match[str], group: str, published: date | None,
                     future: bool, found: list[DateMention]) -> list[DateMention]:  # fmt: skip
    """The other day of "8 and 9 October" or "May 2 and 3", read in the month (and year) of
    the date it is coordinated with. A count after it ("May 2 and 3 others") is no day. A year
    after the second day ("May 2 and 3, 2025") is both days' year: the first date, already
    in ``found``, is read again with it."""
    raw = match.group(0)
    if group == "dmy":
        day = _DAY_BEFORE.search(text, max(0, match.start() - 12), match.start())
        if day is None:
            return []
        other = _LEADING_DAY.sub(day.group("day"), raw, count=1)
    else:
        day = _DAY_AFTER.match(text, match.end())
        following = _NEXT_WORD.match(text, day.end()) if day is not None else None
        if day is None or (
            following is not None
            and (looks_plural(following.group(1)) or following.group(1).lower() in _MORE)
        ):
            return []
        other = _DAY_IN_MDY.sub(day.group("day"), raw, count=1)
    end = day.end("day")
    year = _YEAR_AFTER.match(text, end) if group == "mdy" and not _YEAR_IN.search(raw) else None
    if year is not None:
        other, end = f"{other}, {year.group('year')}", year.end()
        first = _resolve(group, f"{raw}, {year.group('year')}", published, future)
        if first is not None:
            found[-1] = DateMention(match.start(), match.end(), first[3], first[0], first[1],
                                    first[2])  # fmt: skip
    mention = _resolve(group, other, published, future)
    if mention is None:
        return []
    value, readings, key, kind = mention
    return [DateMention(day.start("day"), end, kind, value, readings, key)]


_YEAR_AFTER = re.compile(rf",?\s+(?P<year>{_YEAR})\b")


def _is_modal_may(text: str, raw: str, end: int) -> bool:
    """ "by may" in lower-cased text is more often a month than a verb, "it may be" is not."""
    if not re.search(r"\b(?:may|march)$", raw, re.IGNORECASE):
        return False
    following = text[end : end + 12].lower()
    return bool(re.match(r"\s+(?:be|have|not|also|still|well|need|take|on|through)\b",
                         following))  # fmt: skip


def _future_context(text: str, start: int, end: int, stops: list[int]) -> bool:
    """Whether the sentence around a date speaks of the future ("will meet on Thursday").

    ``stops``: the end of every ``_SENTENCE_END`` of ``text`` in order (its matches cannot
    overlap), so that the sentence's start is a bisection, not a scan from the text's start."""
    before = bisect.bisect_right(stops, start)
    left = stops[before - 1] if before else 0
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.start() if right_match else len(text)
    words = _WORD.findall(text[left:right].lower())
    return any(word in FUTURE_MARKERS for word in words) or "'ll" in text[left:right]


def _day_reading(day: date) -> tuple[float, float]:
    return (float(day.toordinal()), float(day.toordinal()))


def _month_reading(year: int, month: int) -> tuple[float, float]:
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return (float(first.toordinal()), float(following.toordinal() - 1))


def _resolve(group: str, raw: str, published: date | None, future: bool):
    """(value, readings, key, kind) for one matched date, or None when it is not a date."""
    lowered = raw.lower()
    if group == "relyear":
        offset = {"last": -1, "this": 0, "next": 1}[lowered.split()[0]]
        if published is None:
            return (lowered, (), f"relyear:{offset}", "year")
        year = published.year + offset
        return (float(year), ((float(year), float(year)),), None, "year")
    if group == "weekday":
        return _resolve_weekday(lowered, published, future)
    if group in ("relmonth", "month"):
        return _resolve_month(lowered, published, future)
    if group == "holiday":
        name = re.sub(r",?\s+\d{4}$", "", lowered)
        year = _YEAR_IN.search(raw)
        raw = HOLIDAYS[" ".join(name.split())] + (f", {year.group(0)}" if year else "")
    parsed = _parse_absolute(raw, published, future)
    if parsed is None:
        return None
    day, period, has_year = parsed
    if not has_year and published is None:
        if period == "month":
            return (f"--{day.month:02d}", (), f"month:{day.month}", "date")
        return (f"--{day.month:02d}-{day.day:02d}", (), f"md:{day.month}-{day.day}", "date")
    days = [day]
    if not has_year:
        # "on 5 June" in a 2 June article is probably this week, even without "will".
        other = _parse_absolute(raw, published, not future)
        if other is not None:
            days.append(other[0])
    if period == "month":
        readings = tuple(dict.fromkeys(_month_reading(d.year, d.month) for d in days))
        return (f"{day.year:04d}-{day.month:02d}", readings, None, "date")
    return (day.isoformat(), tuple(dict.fromkeys(_day_reading(d) for d in days)), None, "date")


def _resolve_weekday(lowered: str, published: date | None, future: bool):
    words = lowered.split()
    name = words[-1]
    weekday = WEEKDAYS[name]
    if published is None:
        return (WEEKDAY_NAMES[weekday], (), f"weekday:{weekday}", "date")
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    last_one = published - timedelta(days=back)
    next_one = published + timedelta(days=ahead)
    if words[0] == "last":
        chosen = published - timedelta(days=back or 7)
        readings = (chosen,)
    elif words[0] == "next":
        chosen = published + timedelta(days=ahead or 7)
        readings = (chosen,)
    else:
        chosen = next_one if future else last_one
        readings = (chosen, last_one if future else next_one)
    unique = tuple(dict.fromkeys(_day_reading(day) for day in readings))
    return (chosen.isoformat(), unique, None, "date")


def _resolve_month(lowered: str, published: date | None, future: bool):
    words = lowered.split()
    modifier = words[0] if words[0] in ("last", "next", "this") else None
    month_word = words[1] if modifier else words[0]
    month = MONTHS[month_word]
    relative_year = _RELATIVE_YEAR_IN.search(lowered)
    if published is None:
        return (f"--{month:02d}", (), f"month:{month}", "date")
    if relative_year:
        offset = {"last": -1, "this": 0, "next": 1}[relative_year.group(0).split()[0]]
        years = [published.year + offset]
    elif modifier == "last":
        years = [published.year if month < published.month else published.year - 1]
    elif modifier == "next":
        years = [published.year if month > published.month else published.year + 1]
    elif modifier == "this":
        years = [published.year]
    else:
        past = published.year if month <= published.month else published.year - 1
        coming = published.year if month >= published.month else published.year + 1
        years = [coming, past] if future else [past, coming]
    readings = tuple(dict.fromkeys(_month_reading(year, month) for year in years))
    return (f"{years[0]:04d}-{month:02d}", readings, None, "date")


def _parse_absolute(raw: str, published: date | None, future: bool):
    """(day, period, has_year) via dateparser, or None when it is not a date."""
    has_year = bool(_YEAR_IN.search(raw))
    anchor = published or date(2000, 1, 1)  # unanchored results are shown without a year
    cleaned = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", raw)
    cleaned = re.sub(r"\bof\b", " ", cleaned, flags=re.IGNORECASE)
    cleaned = _MONTH_WORD.sub(lambda m: m.group(0).rstrip("."), cleaned)
    cleaned = " ".join(cleaned.split())
    if FAST_PATH:
        stated = _stated_day(cleaned, anchor, future)
        if stated is not None:
            return stated
    return _dateparser(cleaned, anchor.isoformat(), future, has_year)


# The plain forms ("3 March 2019", "March 3, 2019", "March 2019", "3 March", "March 3") are
# read here directly, the same way dateparser reads them (checked on every text of the
# development data, see tests): dateparser builds a parser per anchor date, about 16 ms, and
# every article has its own publication date. Anything else, or an impossible day, goes to it.
FAST_PATH = True
_DAY_MONTH = re.compile(r"^(?P<day>\d{1,2}) (?P<month>[A-Za-z]+)(?:,? (?P<year>\d{4}))?$")
_MONTH_DAY = re.compile(r"^(?P<month>[A-Za-z]+) (?P<day>\d{1,2})(?:,? (?P<year>\d{4}))?$")
_MONTH_YEAR = re.compile(r"^(?P<month>[A-Za-z]+),? (?P<year>\d{4})$")


def _stated_day(cleaned: str, anchor: date, future: bool) -> tuple[date, str, bool] | None:
    """(day, period, has_year) for the plain forms, or None for dateparser to read."""
    found = _DAY_MONTH.match(cleaned) or _MONTH_DAY.match(cleaned) or _MONTH_YEAR.match(cleaned)
    if found is None:
        return None
    parts = found.groupdict()
    month = MONTHS.get(parts["month"].lower())
    if month is None:
        return None
    day = int(parts["day"]) if parts.get("day") else None
    try:
        if parts["year"] is not None:
            year = int(parts["year"])
            if day is None:
                return date(year, month, 1), "month", True
            return date(year, month, day), "day", True
        if day is None:
            return None
        # No year: the nearest such day before the anchor (after it when speaking of the
        # future), the anchor's own day counting as before it.
        this_year = date(anchor.year, month, day)
        if future:
            chosen = this_year if this_year > anchor else date(anchor.year + 1, month, day)
        else:
            chosen = this_year if this_year <= anchor else date(anchor.year - 1, month, day)
        return chosen, "day", False
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def _dateparser(text: str, anchor: str, future: bool, has_year: bool):
    parser = _parser(anchor, future)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    period = "month" if data.period == "month" else "day"
    return data.date_obj.date(), period, has_year


@lru_cache(maxsize=64)
def _parser(anchor: str, future: bool):
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": datetime.fromisoformat(anchor),
        "PREFER_DATES_FROM": "future" if future else "past",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["month"],
        "DATE_ORDER": "DMY",
    }
    return DateDataParser(languages=["en"], settings=settings)


def dateparser_version() -> str:
    from importlib.metadata import version

    return version("dateparser")
