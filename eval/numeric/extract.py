"""Find every numeric mention in a text and normalise it (the cheap, regex side of the check).

Order matters and is deliberate: dates first (they contain numbers that are not counts), then
scores and ranges ("2-0", "10-15"), vague quantities ("thousands of"), and finally single
numbers in digits or words, each read together with what surrounds it: a currency before it, a
scale, percent sign, unit or counted noun after it, a hedge before it. Spans always index the
input text exactly.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date

from eval.numeric import patterns as P
from eval.numeric.clauses import rate_points
from eval.numeric.currencies import declared_dollar, in_dollar
from eval.numeric.dates import DateMention, find_dates
from eval.numeric.ellipsis import complete
from eval.numeric.figures import FIGURES_BEFORE, FoundFigure, figure_key, find_figures
from eval.numeric.hedges import hedge_before
from eval.numeric.lexicon import LABEL_WORDS, SPORT_WORDS, VAGUE, VAGUE_TENS
from eval.numeric.mention import Mention
from eval.numeric.nouns import counted_noun, following_words
from eval.numeric.periods import per_period
from eval.numeric.proportions import find_proportions
from eval.numeric.proportions import tolerance as proportion_tolerance
from eval.numeric.race_times import clock_duration, minute_time
from eval.numeric.reading import read_number, word_before
from eval.numeric.realtext import detokenise, not_claims, remap
from eval.numeric.spelled import find_spelled, find_spelled_ordinals
from eval.numeric.values import duration_mention, hedge_family, hedged, make_mention

__all__ = ["extract_mentions", "hedge_family", "normalise"]

# Each odd character and the one ASCII character it becomes (one for one: offsets are kept).
_SAME_LENGTH = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-", "\u00a0": " ",
                "\u2009": " ", "\u202f": " ", "\u2007": " "}  # fmt: skip


_LOWER_WORDS = re.compile(r"[a-z]+(?:-[a-z]+)*")


def normalise(text: str) -> str:
    """Curly quotes, dashes and odd spaces to ASCII, keeping every offset.

    One ``replace`` per character present: each is a fast scan, where ``str.translate`` with a
    table looks every character of a non-ASCII text up in a dict (5% of preparing a source)."""
    if text.isascii():
        return text
    for odd, plain in _SAME_LENGTH.items():
        if odd in text:
            text = text.replace(odd, plain)
    return text


def extract_mentions(text: str, published: date | None = None, claims: bool = True
                     ) -> list[Mention]:  # fmt: skip
    """Every numeric mention in ``text``, in order, with spans into ``text``.

    ``published`` anchors relative dates ("Monday", "last June"); without it they are kept
    unresolved and compare only by their words. Tokenised text ("27 - year - old") is read as
    written normally; numbers that are not quantities (names, URLs, list markers, counts of
    the document's own parts) are left out (see ``realtext``); ``claims=False`` (the source
    side) keeps names and sentences about the document.
    """
    norm = normalise(text)
    compact, kept = detokenise(norm)
    if kept is None:
        found = not_claims(norm, _extract(text, published), claims)
    else:
        closed = "".join(text[i] for i in kept)  # the caller's characters, tokeniser spaces closed
        found = [
            remap(mention, text, kept)
            for mention in not_claims(compact, _extract(closed, published), claims)
        ]
    # An article's bare "$" and "cents" are the dollar it names ("A$1.84 billion ... down from
    # 66 cents"); a briefing's are its article's (``check``), whatever dollar it names itself.
    return found if claims else in_dollar(found, declared_dollar(found))


def _extract(text: str, published: date | None) -> list[Mention]:
    norm = normalise(text)
    found: list[Mention] = []
    # Characters already read as part of a mention: one byte each, so that "is this span
    # free" costs the span's length, not the number of mentions so far (long articles).
    taken = bytearray(len(text) + 1)

    def free(start: int, end: int) -> bool:
        return not any(taken[start:end])

    def add(mention: Mention | None) -> None:
        if mention is None or not free(mention.start, mention.end):
            return
        found.append(mention)
        taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)

    for date_mention in find_dates(norm, published):
        add(_date_mention(text, date_mention))
    for match in P.CLOCK_DURATION.finditer(norm):
        add(clock_duration(text, norm, match))
    for match in P.MINUTE_TIME.finditer(norm):
        add(minute_time(text, norm, match))
    for match in P.ERA_YEAR.finditer(norm):
        add(_era_year(text, match))
    for match in P.YEAR_RANGE.finditer(norm):
        for mention in _year_range(text, match):
            add(mention)
    for match in P.SCORE.finditer(norm):
        add(_score_or_range(text, norm, match))
    for figure in find_figures(norm):
        add(_figure(text, figure))
    for match in P.FRACTION_OF_UNIT.finditer(norm):
        add(_fraction_of_unit(text, norm, match))
    for match in P.FRACTION_OF_POINT.finditer(norm):
        add(_fraction_of_point(text, norm, match))
    for start, end, share in find_proportions(norm):
        add(_proportion(text, norm, start, end, share))
    for match in P.DECADE_AGE.finditer(norm):
        add(_decade_age(text, match))
    for match in P.SPELLED_DECADE.finditer(norm):
        add(_spelled_decade(text, match))
    for match in P.VAGUE.finditer(norm):
        add(_vague(text, norm, match))
    ordinals, cardinals = find_spelled_ordinals(norm), find_spelled(norm)
    # Idioms ("at sixes and sevens") matter only to numbers in words: most texts have none.
    idioms = [match.span() for match in P.IDIOMS.finditer(norm)] if ordinals or cardinals else []
    # A number in words inside a mention already read ("one in six", a date) is not read: the
    # mention ``read_number`` makes of it holds at least its words, so ``add`` would drop it.
    for number in ordinals:
        if (free(number.start, number.end) and not _overlaps(number.start, number.end, idioms)
                and not _is_fraction(norm, number)
                and not (_PER_SECOND.search(norm, max(0, number.start - 40), number.start)
                         and not _TIME_AFTER.match(norm, number.end))):  # fmt: skip
            add(read_number(text, norm, number.start, number.end, number.value, ordinal=True,
                       spelled=True))  # fmt: skip
    for match in P.DIGITS.finditer(norm):
        if not free(match.start(), match.end()):
            continue
        add(_digits(text, norm, match))
    for number in cardinals:
        if (not free(number.start, number.end) or _overlaps(number.start, number.end, idioms)
                or _is_pronoun_one(norm, number)):  # fmt: skip
            continue
        add(read_number(text, norm, number.start, number.end, number.value, spelled=True))
    found.sort(key=lambda mention: mention.start)
    return [per_period(norm, mention) for mention in complete(text, norm, found)]


def _digits(text: str, norm: str, match: re.Match[str]) -> Mention | None:
    raw = match.group("num")
    has_comma = "," in raw
    decimals = match.group("dec") or ""
    number = float(raw.replace(",", "").replace(" ", "") + decimals.replace(" ", ""))
    places = len(decimals.replace(" ", "")) - 1 if decimals else 0
    return read_number(text, norm, match.start(), match.end(), number, places=places,
                  has_comma=has_comma, digits=raw.replace(",", "").replace(" ", ""))  # fmt: skip


def _date_mention(text: str, found: DateMention) -> Mention:
    readings = found.readings
    low, high = readings[0] if readings else (math.nan, math.nan)
    return Mention(
        text=text[found.start : found.end],
        start=found.start,
        end=found.end,
        kind=found.kind,
        value=found.value,
        low=low,
        high=high,
        readings=readings if len(readings) > 1 else (),
        key=found.key,
    )


_DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
                 "seventies": 70, "eighties": 80, "nineties": 90}  # fmt: skip


def _spelled_decade(text: str, match: re.Match[str]) -> Mention:
    """ "the Eighties" is the 1980s ("the 2020s" are written in figures)."""
    start = 1900 + _DECADE_WORDS[match.group("decade").lower()]
    return Mention(text=text[match.start("decade") : match.end()], start=match.start("decade"),
                   end=match.end(), kind="year", value=float(start), low=float(start),
                   high=float(start + 9), amount=start + 4.5)  # fmt: skip


def _era_year(text: str, match: re.Match[str]) -> Mention:
    """ "AD 69", "200 BC": a year, negative before the era."""
    year = float(match.group("ad") or match.group("year"))
    if (match.group("era") or "").upper().startswith("B"):
        year = -year
    start, end = match.span()
    return Mention(text=text[start:end], start=start, end=end, kind="year", value=year,
                   low=year, high=year, amount=year)  # fmt: skip


def _year_range(text: str, match: re.Match[str]) -> list[Mention]:
    """ "(1955–2019)", "1990-2008", "2018-19": each end is a year of its own, as "from 1990 to
    2008" is, so that a briefing may give either end or both. "2018-19" ends in 2019."""
    first = int(match.group("a"))
    second = int(match.group("b"))
    if len(match.group("b")) == 2:
        second += first // 100 * 100
        if second <= first:
            second += 100  # "1999-00"
    if not first < second <= first + 150:
        return []
    found = []
    for year, (start, end) in ((first, match.span("a")), (second, match.span("b"))):
        found.append(Mention(text=text[start:end], start=start, end=end, kind="year",
                             value=float(year), low=float(year), high=float(year),
                             amount=float(year)))  # fmt: skip
    return found


# A unit after "10-11" makes it a range whatever the sentence speaks of ("10-11 year olds,
# leading to fears"): scores have no unit.
_RANGE_UNIT_AFTER = re.compile(
    r"\s?(?:%|(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|per\s?cent|percent|km|"
    r"kg|miles?|metres?|meters?|feet|ft|inches|pounds|lbs?|mph|km/h)\b)",
    re.IGNORECASE,
)


def _score_or_range(text: str, norm: str, match: re.Match[str]) -> Mention | None:
    a, b = int(match.group("a")), int(match.group("b"))
    left = max(norm.rfind(". ", 0, match.start()), norm.rfind("\n", 0, match.start()), 0)
    right = norm.find(". ", match.end())
    window = norm[left : right if right >= 0 else len(norm)].lower()
    near = set(_LOWER_WORDS.findall(window))
    # A range runs upwards ("10-15 years"); "3-2" can only be a score or a tally.
    named = FIGURES_BEFORE.search(norm, max(0, match.start() - 24), match.start())
    sporting = near & SPORT_WORDS and not _RANGE_UNIT_AFTER.match(norm, match.end())
    if b <= a or named or sporting or re.search(r"\d\s?-\s?\d\s+\d\s?-\s?\d", window):
        key = f"{max(a, b)}-{min(a, b)}"
        value = f"{a}-{b}"
        return Mention(text=text[match.start() : match.end()], start=match.start(),
                       end=match.end(), kind="score", value=value, low=math.nan,
                       high=math.nan, key=key)  # fmt: skip
    mention = read_number(text, norm, match.start(), match.end(), float(a), digits=match.group("a"))
    if mention is None or mention.kind in ("date", "year", "ordinal", "score"):
        return None
    ratio = (mention.low / a) if a else 1.0
    return replace(
        mention,
        low=a * ratio,
        high=b * ratio,
        hedge="range",
        tolerance=0.0,
        amount=(a + b) / 2 * ratio,
    )


def _figure(text: str, found: FoundFigure) -> Mention:
    """ "six for 58": compared as one figure, like a score (see ``figures``)."""
    key = figure_key(found.first, found.second)
    return Mention(text=text[found.start : found.end], start=found.start, end=found.end,
                   kind="score", value=f"{found.first}-{found.second}", low=math.nan,
                   high=math.nan, key=key)  # fmt: skip


def _proportion(text: str, norm: str, start: int, end: int, share: float) -> Mention:
    """ "nearly three-quarters", "one in six": a share, in percent (``proportions``)."""
    hedge = hedge_before(norm, start)
    low, high = hedged(share, hedge)
    return Mention(text=text[start:end], start=start, end=end, kind="percent",
                   value=round(share, 1), low=low, high=high,
                   tolerance=proportion_tolerance(share), hedge=hedge, unit="%",
                   amount=share)  # fmt: skip


_FRACTIONS = {"half": 0.5, "quarter": 0.25, "three quarters": 0.75, "tenth": 0.1}


def _fraction(word: str) -> float | None:
    """ "half", "Three-quarters", "tenth" as a number."""
    return _FRACTIONS.get(" ".join(word.lower().replace("-", " ").split()))


def _fraction_of_unit(text: str, norm: str, match: re.Match[str]) -> Mention:
    amount = _fraction(match.group("fraction") or "") or 1.5  # "a year and a half"
    unit = (match.group("unit") or match.group("whole")).lower()
    common = {"start": match.start(), "hedge": hedge_before(norm, match.start()), "scale": 1.0}
    return duration_mention(text, norm, amount, 2, unit, match.end(), common)


def _fraction_of_point(text: str, norm: str, match: re.Match[str]) -> Mention | None:
    """ "half a percentage point", "a quarter-point cut", and "by a quarter point" in a
    sentence about rates (``rate_points``): percentage points."""
    if match.group("bare") and not rate_points(norm, match.start(), match.end("bare")):
        return None  # "won by half a point", "a quarter point behind"
    fraction = _fraction(match.group("fraction") or match.group("adjective") or match.group("part"))
    common = {"start": match.start(), "hedge": hedge_before(norm, match.start()), "scale": 1.0}
    return make_mention(text, kind="percent", value=fraction, places=2,
                        round_number=False, end=match.end(), unit="pp", **common)  # fmt: skip


def _decade_age(text: str, match: re.Match[str]) -> Mention:
    start, end = match.span("decade")
    end = match.end()
    decade = float(match.group("decade"))
    return Mention(text=text[start:end], start=start, end=end, kind="age", value=decade,
                   low=decade, high=decade + 9, unit="year", dimension="age",
                   amount=decade + 5)  # fmt: skip


def _vague(text: str, norm: str, match: re.Match[str]) -> Mention:
    if match.group("vague"):
        words = match.group(0).lower()
        words = " ".join(words.split())
        low, high = VAGUE_TENS.get(words) or VAGUE[match.group("vague").lower()]
    else:
        scale = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}[
            match.group("fewscale").lower()
        ]
        few = " ".join(match.group("few").lower().split())
        low, high = {"several": (3, 9), "a few": (2, 5), "a couple of": (2, 3), "many": (2, 99)}[
            few
        ]
        low, high = low * scale, high * scale
    words_after = following_words(norm, match.end())
    if words_after and words_after[0].lower() == "of":
        words_after = words_after[1:]
    noun, phrase = counted_noun(words_after)
    return Mention(text=text[match.start() : match.end()], start=match.start(),
                   end=match.end(), kind="count", value=float(low), low=float(low),
                   high=float(high), hedge="vague", unit=noun, noun_phrase=phrase,
                   amount=math.sqrt(low * high))  # fmt: skip


# "100 steps per second", "12 metres each second": the time unit of a rate, not an ordinal ("a
# second" stays one: "two cafés ... a second café").
_PER_SECOND = re.compile(r"\d[\d,.]*\s+(?:[a-z]+\s+){0,2}(?:per|each)\s+$", re.IGNORECASE)
# "a second time", "a second half": an ordinal, never the period of a rate.
_TIME_AFTER = re.compile(r"\s+(?:time|half|round|leg|place)\b", re.IGNORECASE)


def _is_fraction(norm: str, number) -> bool:
    """ "a third of", "one fifth", "less than a third full" are fractions, not ordinals."""
    before = norm[max(0, number.start - 4) : number.start].lower()
    if not re.search(r"\b(?:a|one)\s$", before):
        return False
    if norm[number.end : number.end + 1] == "-" and norm[number.end + 1 : number.end + 2].isalpha():
        return False  # "a third-quarter profit", "a fourth-place finish": an ordinal's compound
    after = following_words(norm, number.end, 1)
    return not after or after[0].lower() in ("of", "full", "empty", "less", "more", "as")


def _is_pronoun_one(norm: str, number) -> bool:
    """ "one" alone is usually a pronoun ("one of them"); keep it before a noun only."""
    word = norm[number.start : number.end].lower()
    if word not in ("one", "a", "an"):
        return False
    if word_before(norm, number.start).lower() in LABEL_WORDS:
        return False  # "number one"
    after = following_words(norm, number.end, 2)
    if not after:
        return True
    return after[0].lower() in ("of", "and", "or", "to", "who", "that", "which", "is")


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)
