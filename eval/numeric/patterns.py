"""Compiled regular expressions for the extractor (compiled once, at import).

Each pattern tolerates the quirks of real data: thousands written "30, 000", decimals written
"7. 5" (only where a unit follows, so that "in 2007. 5 people" stays two numbers), "$ 5,000",
"per cent", lower-cased text and the mojibake pound sign ("Â #") of the XSum release.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from eval.numeric.lexicon import (
    CARDINAL_IDIOMS,
    CARDINALS,
    HEDGES,
    ORDINAL_IDIOMS,
    POST_HEDGES,
)

WORD_START = r"\b(?=\w)"


def at_word_starts(pattern: str, flags: int = 0, first: str = "", needs: tuple[str, ...] = ()
                   ) -> re.Pattern[str] | Caseless | Gated:  # fmt: skip
    r"""``re.compile(pattern, flags)``, tried only where a word begins.

    For a pattern whose every match begins at the start of a word (``\b`` then a letter or
    digit in each alternative), the matches are the same, but the engine skips every other
    position before trying the alternatives: a long case-insensitive alternation (dates, number
    words) runs 1.5 to 2.3 times faster (``tests/test_numeric_patterns.py`` checks both give the
    same matches). ``first``: the letters every match begins with (``initials`` of the word
    lists the pattern is made of), so that words beginning otherwise are skipped too (ordinal
    words twice as fast again). A case-insensitive one is a ``Caseless`` (``finditer`` only),
    which skips a text without any of the lower-case words in ``needs`` (every match holds
    one); a case-sensitive one with ``needs`` is a ``Gated``."""
    start = rf"\b(?=[{first}])" if first else WORD_START
    compiled = re.compile(start + "(?:" + pattern + ")", flags)
    if flags & re.IGNORECASE:
        return Caseless(compiled, needs)
    return Gated(compiled, needs) if needs else compiled


# The characters a case-insensitive pattern of ASCII letters matches otherwise than their lower
# case: "İ" lowers to two characters, "ı" and "ſ" match "i" and "s" but lower to themselves.
# Every other character matches as its lower case does (the tests check all of Unicode).
CASE_TRAPS = ("\u0130", "\u0131", "\u017f")
_lowered: tuple[str, str | None] = ("", "")  # the last text lower-cased, and its lower case


def lower_case(text: str) -> str | None:
    """``text.lower()``, where a case-sensitive match of a lower-case pattern there is a
    case-insensitive match in ``text`` at the same offsets (``None`` where ``CASE_TRAPS``
    are in it). The last text's is kept: a text is scanned by many patterns in turn."""
    global _lowered
    last = _lowered
    if last[0] is text:
        return last[1]
    lower = None if any(trap in text for trap in CASE_TRAPS) else text.lower()
    _lowered = (text, lower)
    return lower


class Caseless:
    """A case-insensitive pattern scanned over whole texts (``finditer``), run case-sensitively
    on the text's lower case, each match then made again in the text itself where it was found:
    the same matches (``tests/test_numeric_patterns.py``), about three times faster for dates,
    as the engine no longer folds the case of every character it compares. For patterns written
    in lower case (an upper-case letter would no longer match). ``needs``: words one of which
    every match holds; a lower case without any has no match, and is not scanned."""

    def __init__(self, folded: re.Pattern[str], needs: tuple[str, ...] = ()) -> None:
        if re.search(r"(?<!\\)(?<!\(\?)[A-Z]", folded.pattern):  # escapes and "(?P" aside
            raise ValueError(f"not a lower-case pattern: {folded.pattern[:60]}")
        self.folded = folded
        self.plain = re.compile(folded.pattern, folded.flags & ~re.IGNORECASE)
        self.pattern, self.flags, self.needs = folded.pattern, folded.flags, needs

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        lower = lower_case(text)
        if lower is None:
            return self.folded.finditer(text)
        if self.needs and not any(word in lower for word in self.needs):
            return iter(())
        match = self.folded.match
        return (match(text, found.start()) for found in self.plain.finditer(lower))


def initials(words) -> str:
    """The first letters of ``words``, for ``at_word_starts(..., first=)``."""
    return "".join(sorted({word[0] for word in words}))


def at_digits(pattern: str, flags: int = 0, needs: tuple[str, ...] = ()
              ) -> re.Pattern[str] | Gated:  # fmt: skip
    """``re.compile(pattern, flags)``, tried only at digits: for a pattern whose every match
    begins with a digit after its lookbehinds, the same matches, but every other position fails
    at the first test instead of after the lookbehinds (``DIGITS`` four times faster).
    ``needs``: as for ``Gated``."""
    compiled = re.compile(r"(?=\d)(?:" + pattern + ")", flags)
    return Gated(compiled, needs) if needs else compiled


class Gated:
    """A case-sensitive pattern scanned over whole texts (``finditer``) only where the text
    holds one of ``needs``, strings every match holds: a text without any (most short texts
    have no colon, no "ties", no era) has no match, and is not scanned."""

    def __init__(self, compiled: re.Pattern[str], needs: tuple[str, ...]) -> None:
        self.compiled, self.needs = compiled, needs
        self.pattern, self.flags = compiled.pattern, compiled.flags

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if not any(word in text for word in self.needs):
            return iter(())
        return self.compiled.finditer(text)


def alternation(words) -> str:
    return "|".join(
        re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True)
    )


# A digit string not glued to a word, a code ("F-16", "A320"), a time ("10:30") or a decimal.
# Letters glued before it are a currency prefix or two ("R1,000", "Rs500", "KSh200", "kr250";
# ``currencies.glued_prefix`` drops the figure where they are not money: "R2").
DIGITS = at_digits(
    r"(?:(?<![\w.,/:\-])|(?<=(?<![A-Za-z])R)|(?<=(?<![A-Za-z])R[sMp])|(?<=(?<![A-Za-z])KSh)"
    r"|(?<=(?<![A-Za-z])Ksh)|(?<=(?<![A-Za-z])kr))(?P<num>\d{1,3}(?:,\s?\d{3})+(?!\d)|\d+)"
    r"(?P<dec>\.\d+|\.\s\d+(?=\s?(?:%|per\s?cent|percent|m\b|bn\b|k\b|million|billion)))?"
)
# Letters glued to the digits.
SUFFIX = re.compile(
    r"(?:°\s?(?P<degree>[cf])\b|(?P<suffix>st|nd|rd|th|million|billion|trillion|bn|mn|mln|trn|tn|km/h|kmh|kph|km2|km|"
    r"kg|mm|cm|ml|mph|mw|gw|kw|ha|ft|lbs|lb|oz|am|pm|a\.m\.|p\.m\.|s|m|k|c|f|p|g|l|t)"
    r"(?![A-Za-z0-9]))",
    re.IGNORECASE,
)
COMPOUND = re.compile(r"[ ]?-[ ]?(?P<compound>[A-Za-z]+(?:-[A-Za-z]+)*)")
SCALE_AFTER = re.compile(
    r"\s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn)\b", re.IGNORECASE
)
SCALE_LETTER_AFTER = re.compile(r"\s(?P<scale>m|k)\b", re.IGNORECASE)
PERCENT_AFTER = re.compile(
    r"[\s-]?(?P<points>percentage[\s-]+points?|per\s?cent(?:age)?[\s-]+points?)"
    r"|\s?(?:%|per\s?cents?\b|percent\b|pc\b|pct\b)",
    re.IGNORECASE,
)
# "fell 18 basis points", "a 25 bps cut": hundredths of a percentage point ("BP" is a name).
BASIS_POINTS_AFTER = re.compile(r"[\s-]?(?:basis[\s-]+points?\b|bps?\b)")
# Two sides of an area: "7.2 by 4.8 metres", "7.2m by 4.8m", "30 x 40cm".
BY_MEASURE_AFTER = re.compile(r"\s*(?:by|x|×)\s*\d[\d.,]*\s?(?P<unit>[a-z]+)\b", re.IGNORECASE)
BY_MEASURE_BEFORE = re.compile(r"\d[\d.,]*\s?m?\s*(?:by|x|×)\s*$", re.IGNORECASE)
# Years of an era: "AD 69", "79AD", "200 BC", "AD 320" (before 1000, a bare figure is no year).
_ERA_CUES = ("in", "to", "of", "by", "from", "about", "since", "until", "around", "circa")
# Every match starts at "A", "ad" or a digit: the lookahead tells the other positions at once,
# before the cue words' ten lookbehinds (a whole article scanned 15 times faster, same matches).
_AFTER_ERA_CUE = "|".join(rf"(?<=\b{cue} )" for cue in _ERA_CUES)
# Every match holds one of the eras' letters, "ad" after a cue word's space.
ERA_YEAR = Gated(
    re.compile(
        r"(?=A|ad|\d)(?:(?:\b(?:AD|A\.D\.)|(?:" + _AFTER_ERA_CUE + r")ad)"
        r"\s?(?P<ad>\d{1,4})\b|\b(?P<year>\d{1,4})\s?(?P<era>AD|CE|BC|BCE|B\.C\.|bc|bce)(?!\w))"
    ),
    ("AD", "A.D.", " ad", "CE", "BC", "B.C.", "bc"),
)  # lower-case "ad" only after a cue word ("from about ad 320"; "an ad 30 seconds long")
# "improved by 5.6 points", "six points short of its 70% target": bare points of a rate are
# percentage points where the sentence is about rates (``clauses.rate_points``).
POINTS_AFTER = re.compile(r"(?:\s+|-)points?\b", re.IGNORECASE)
RATE_WORDS = re.compile(
    r"%|\bper\s?cent|\bpercent|\b(?:ratio|rate|share|turnout|approval|poll(?:s|ing)?|"
    r"percentage|vaccination|uptake|unemployment|inflation|margin|contributions?)\b",
    re.IGNORECASE,
)
# ... unless the clause is about a game ("scored 25 points on 48% shooting").
GAME_WORDS = re.compile(
    r"\b(?:scor(?:e|ed|es|ing)|games?|match(?:es)?|shooting|goals?|tries|table|league|clear|"
    r"rebounds|assists|wins?|won|beat|seeds?|standings)\b",
    re.IGNORECASE,
)
CURRENCY_BEFORE = re.compile(
    r"(?P<symbol>(?:US|A|AU|C|CA|NZ|HK|S|R)?\$|£|€|¥|₹|₩|₽|Â\s?#|Â£|(?<![\w#])#)\s?$",
    re.IGNORECASE,
)
# A figure right before "more than" makes it a comparison ("30% more than two years ago").
FIGURE_BEFORE = re.compile(r"\d\s*(?:%|per\s?cent|percent|m|bn|k)?\s*$")
HEDGE_BEFORE = re.compile(r"(?:^|[^a-z])(?P<hedge>" + alternation(HEDGES) + r")\s+$")
POST_HEDGE_AFTER = re.compile(
    r"(?:\s+|-)(?P<hedge>" + alternation(POST_HEDGES) + r")\b", re.IGNORECASE
)
# "(1955–2019)", "from 1990-2008", "the 2018-19 season" ("2007 -- 08" in PTB text): two
# years, the second after the first (a phone number or a code is no span of years: "555-1955"
# has no year before the dash).
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# The dash between the two years of a span, as every module that reads spans writes it.
YEAR_DASH = r"\s?(?:-{1,2}|\u2013)\s?"
YEAR_RANGE = at_digits(
    rf"(?<![\w.,/:\-\u2013])(?P<a>{YEAR}){YEAR_DASH}(?P<b>{YEAR}|\d\d)"
    r"(?![\w.,:/]?\d|[-\u2013]|[A-Za-z])",
    needs=("-", "\u2013"),
)
# "2:08:31", "1:59:40.2": a time in hours, minutes and seconds (a race, a flight), never a
# time of day with seconds in news copy. "2:08" alone stays unread: it is as often 2.08 pm.
CLOCK_DURATION = at_digits(
    r"(?<![\w.,:])(?P<h>\d{1,2}):(?P<m>[0-5]\d):(?P<s>[0-5]\d)(?P<frac>\.\d{1,3})?(?![\w:]|\.\d)",
    needs=(":",),
)
# "1:53.20", "3:29.85": minutes and seconds with their hundredths, a race time (no time of day
# has hundredths; "2:08" alone is not read).
MINUTE_TIME = at_digits(
    r"(?<![\w.,:])(?P<m>\d{1,2}):(?P<s>[0-5]\d)(?P<frac>\.\d{1,3})(?![\w:]|\.\d)",
    needs=(":",),
)
SCORE = at_digits(
    r"(?<![\w.,/:\-])(?P<a>\d{1,3})\s?[-–]\s?(?P<b>\d{1,3})(?![\d.,]?\d|\s?[-–]\s?\d|-?[A-Za-z])",
    needs=("-", "–"),
)
VAGUE = at_word_starts(
    r"\b(?:(?P<outer>tens|hundreds)\s+of\s+)?(?P<vague>dozens|scores|hundreds|thousands|"
    r"millions|billions)\b(?=\s+of\b)"
    r"|\b(?P<few>several|a\s+few|a\s+couple\s+of|many)\s+(?P<fewscale>hundred|thousand|million|"
    r"billion)\b",
    re.IGNORECASE,
    first="abdhmst",
    needs=("dozens", "scores", "hundred", "thousand", "million", "billion"),
)
_FRACTION_UNITS = r"(?P<unit>year|month|week|day|hour|minute|second|century|decade)"
FRACTION_OF_UNIT = at_word_starts(
    r"\b(?:(?:a|one)\s+)?(?P<fraction>half|quarter|three[\s-]quarters)\s+(?:of\s+)?an?\s+"
    + _FRACTION_UNITS
    + r"\b|\b(?:an?|one)\s+"
    + _FRACTION_UNITS.replace("unit", "whole")
    + r"\s+and\s+a\s+half\b",
    re.IGNORECASE,
    first="ahoqt",
    needs=("half", "quarter"),
)
# "by half a percentage point", "a quarter of a percentage point", "a quarter-point cut": a
# fraction of a percentage point, as rate decisions are reported.
FRACTION_OF_POINT = at_word_starts(
    r"\b(?:(?:a|one)\s+)?(?P<fraction>half|quarter|three[\s-]quarters|tenth)\s+(?:of\s+)?an?\s+"
    r"(?:percentage|per\s?cent(?:age)?)\s+points?\b"
    r"|\b(?P<adjective>half|quarter)[\s-]+(?:percentage[\s-]+)?point(?=[\s-]+(?:cut|rise|"
    r"reduction|increase|hike|fall|drop|move)s?\b)"
    r"|\b(?P<bare>(?:a\s+)?(?P<part>half|quarter)(?:\s+a)?)\s+points?\b",  # about rates only
    re.IGNORECASE,
    first="ahoqt",
    needs=("point",),
)
DECADE_AGE = at_word_starts(
    r"\b(?:in\s+)?(?:his|her|their|its|my|our|your)\s+(?:early\s+|mid-?\s*|late\s+)?"
    r"(?P<decade>[1-9]0)'?s\b",
    re.IGNORECASE,
    needs=("0s", "0's"),
)
# "the Eighties", "the swinging Sixties" (capitalised: "in their forties" is an age).
SPELLED_DECADE = at_word_starts(
    r"\bthe\s+(?:(?:early|mid|late|swinging|roaring)[\s-]+)?(?P<decade>(?:Twenties|Thirties|"
    r"Forties|Fifties|Sixties|Seventies|Eighties|Nineties))\b",
    needs=("ties",),
)
SHORT_DECADE = re.compile(r"(?<![\w'])'?(?P<decade>[1-9]0)'?s\b")
AGE_BEFORE = re.compile(
    r"\b(?:(?P<hedge>under|over|below|above)\s+(?:the\s+)?)?"
    r"(?:aged|age\s+of|ages\s+of|age|aged\s+just|aged\s+only)\s+$",
    re.IGNORECASE,
)
# "At 75, Jack Nicklaus is still hitting aces": a sentence that opens with "At" and a bare
# number, then a comma and the person it describes, gives that person's age.
AT_AGE_BEFORE = re.compile(r"(?:^|[.!?:]\s+|\n\s*|\*\s+|-\s+)At\s+$")
AT_AGE_AFTER = re.compile(r",\s+(?:[A-Z][a-z]|he\b|she\b)")
# "published her first novel at 33", "died at 90", "became a partner, at 31, in 1968": "at" and
# a bare number that ends its phrase, after a verb of a life's events, is an age.
LIFE_AT_BEFORE = re.compile(
    r"\b(?:died|retired|married|wed|debuted|published|paralysed|paralyzed|became|emigrated|"
    r"graduated|qualified|widowed|orphaned|diagnosed|elected|appointed|knighted)\b"
    r"[^.;:!?\n]{0,50}?\bat\s+$",
    re.IGNORECASE,
)
LIFE_AT_AFTER = re.compile(
    r"\s*(?:[.,;:)!?]|\s+(?:in|and|when|after|while|but|will|has|had|was|is|who)\b|$)"
)
# "1,300 of its 38,500 jobs", "two of its five plants": the size of the whole a part is of
OF_WHOLE = re.compile(
    r"\s+of\s+(?:(?:the|its|their|his|her|our|my|your)\s+)?"
    rf"(?:\d[\d,.]*|(?:{'|'.join(sorted(CARDINALS, key=len, reverse=True))})\b)\s",
    re.IGNORECASE,
)
# "a town of 8,600", "a population of 50,000": the figure counts the people who live there.
POPULATION_BEFORE = re.compile(
    r"\b(?:town|city|village|hamlet|community|island|country|nation|borough|suburb|district|"
    r"region|province|county|municipality|parish|settlement|population)\s+of\s+$",
    re.IGNORECASE,
)
AGO_AFTER = re.compile(r"\s+ago\b", re.IGNORECASE)
YEARS_OLD_AFTER = re.compile(r"\s*-?\s*(?:years?|yrs?|months?)[\s-]+old\b", re.IGNORECASE)
# "the two men were 19", "she is 64": who, then a copula, then the bare number, then the clause
# ends (see ``clauses.copula_age``).
COPULA_BEFORE = re.compile(
    r"\b(?P<who>[A-Za-z]+)(?:,\s+now\s+\d{1,3},)?,?\s+(?:was|were|is|are)\s+"
    r"(?:both\s+|all\s+|only\s+|just\s+)?$",
    re.IGNORECASE,
)
# "Daniel Oyelaran, now 34, was 27 when ...": a name, a comma and "now", then the bare number.
NOW_AGE_BEFORE = re.compile(r"[A-Z][\w'\u2019-]*,\s+now\s+$")
COPULA_AFTER = re.compile(
    r"\s*(?:[.,;:)!?]|\s+(?:and|when|as|but|because|after|before|while|until)\s"
    r"|\s+in\s+\d{4}\b|\s+at\s+the\s+time|$)"
)
COMMA_AGE = re.compile(r"[A-Za-z],\s$")
# "- Winner: Suresh Kumar, 52", "- Best actress: Giulia Ferri (58)": a briefing's label line
# whose value is a person's full name and a number that ends the line is that person's age,
# unless the label names things counted ("- Seats: Green Party, 27", "- Scorers: ... (33)").
LABEL_NAME_AGE_BEFORE = re.compile(
    r"(?:^|\n)[ \t]*(?:(?:[-*\u2022]|\d+\.)[ \t]*)?(?:\*\*)?"
    r"(?P<label>[A-Za-z][A-Za-z' -]{1,40}):(?:\*\*)?"
    r"[ \t]+[A-Z][\w'.-]+(?:[ \t]+(?:(?:van|von|der|den|de|da|del|di|le|la|al|bin|ten|ter)[ \t]+)*"
    r"[A-Z][\w'.-]+){1,3}(?:,[ \t]|[ \t]\()$"
)
LABEL_NAME_AGE_AFTER = re.compile(r"\)?[ \t]*(?:\n|$)")
COMMA_AGE_AFTER = re.compile(r",(?!\d)|\s+and\s|\)|\.(?=\s|$)")
TIME_AFTER = re.compile(r"\s?(?:am|pm|a\.m\.|p\.m\.|gmt|bst|o'clock)(?![A-Za-z])", re.IGNORECASE)
NOT_A_NUMBER_AFTER = re.compile(r"[:/]\d|\.\d|-\d")
FILLER_WORDS = frozenset(
    {
        "more",
        "further",
        "extra",
        "additional",
        "consecutive",
        "straight",
        "successive",
        "long",
        "full",
        "whole",
        "hard",
        "short",
        "calendar",
        "working",
        "previous",
        "last",
        "next",
        "or",
        "so",
        "odd",
        "plus",
    }
)
IDIOMS = at_word_starts(
    r"\b(?:" + alternation((*CARDINAL_IDIOMS, *ORDINAL_IDIOMS)) + r")\b"
    # "paused for a second, then", not "plans for a second runway"
    r"|\bfor\s+a\s+second\b(?!\s+(?!(?:or|and|time|before|then|as|while|when)\b)[a-z])",
    re.IGNORECASE,
    first=initials((*CARDINAL_IDIOMS, *ORDINAL_IDIOMS)),
)
# "rose up to 40%" and "moved up to fourth" are movements, not hedges.
MOVEMENT_BEFORE = re.compile(
    r"\b(?:go|goes|going|gone|went|rise|rises|rising|rose|risen|climb|climbs|climbed|jump|"
    r"jumps|jumped|increase|increased|increases|move|moves|moved|push|pushed|grow|grew|"
    r"grown|soar|soared|shot|moving)\s+$",
    re.IGNORECASE,
)
# "averaged over ten seasons", "spread over 12 months": "over" says across, not more than.
# Before "over <duration>", the words that make it "more than" ("for over three years", "took
# over an hour", "the first win in over a decade"); elsewhere "over three years" is the span.
MORE_THAN_SPAN_BEFORE = re.compile(
    r"\b(?:for|took|take|takes|taking|lasted|lasting|lasts|last|after|in|spent|spend|spends|"
    r"than|of|within|served|serving|jailed|sentenced|ago|wait|waited|waiting|needed|needs|"
    r"required|requires|run|ran|running|been|is|was|are|were|be)\s+$",
    re.IGNORECASE,
)
SPAN_BEFORE = re.compile(
    r"\b(?:averaged|averaging|spread|spanning|stretched|staggered|split|divided|phased)\s+$",
    re.IGNORECASE,
)
METRE_CONTEXT_AFTER = re.compile(
    r"\s*(?:-\s*)?(?:tall|high|long|deep|wide|away|race|sprint|hurdles|freestyle|relay|"
    r"butterfly|backstroke|breaststroke|medley|event|final|heats?|above|below|in\s+length|"
    r"in\s+height|of\s+water)\b",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?](?:[\"')\]]*)\s+|\n\s*\n")
