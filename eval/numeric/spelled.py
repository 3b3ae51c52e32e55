"""Numbers written in words: "ten thousand", "twenty-seven", "a dozen", "half a million".

text2num (a maintained library) parses the cardinal phrases; this module finds the phrases in
running text, keeps their character spans, and covers what text2num does not: "a hundred",
"dozen", "and a half", fractions of a scale ("half a million") and ordinals ("thirty-second").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

from eval.numeric.lexicon import CARDINALS, MULTIPLIERS, ORDINALS
from eval.numeric.patterns import at_word_starts, initials

_UNIT_WORDS = sorted(CARDINALS, key=len, reverse=True)
_NUMBER_WORD = r"(?:" + "|".join([*_UNIT_WORDS, "hundred", "thousand", "million", "billion",
                                  "trillion"]) + r")"  # fmt: skip
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENS = r"(?:" + "|".join(_TENS_WORDS) + r")"
_ORDINAL_WORD = r"(?:" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")"

# One run of number words, joined by spaces, hyphens or "and"; optionally led by "a"
# ("a hundred") and followed by "and a half".
SPELLED_RE = at_word_starts(
    rf"\b(?:(?P<article>an?)[\s-]+(?=(?:hundred|thousand|million|billion|dozen)\b))?"
    rf"(?P<words>{_NUMBER_WORD}(?:(?:[\s-]+and[\s-]+|[\s-]+){_NUMBER_WORD})*)"
    rf"(?P<dozen>[\s-]+dozen)?"
    rf"(?P<half>[\s-]+and[\s-]+a[\s-]+half)?\b",
    re.IGNORECASE,
    first=initials(["a", *_UNIT_WORDS, "hundred", "thousand", "million", "billion", "trillion"]),
    needs=(*_UNIT_WORDS, "hundred", "thousand", "million", "billion", "trillion"),
)
TIMES_RE = at_word_starts(r"\b(?:twice|thrice)\b", re.IGNORECASE, needs=("twice", "thrice"))
# "lost just once", "has scored only once": "once" counts one event only after a verb of
# results or "just"/"only" ("once the deal closes", "once again" and "once a week" are not).
ONCE_RE = at_word_starts(
    r"\b(?:(?:lost|won|scored|beaten|failed|missed|lose|win|score)\s+(?:just\s+|only\s+)?"
    r"|(?:just|only)\s+)(?P<once>once)\b(?!\s+(?:again|more|a|an|every|per|upon|before|or)\b)",
    re.IGNORECASE,
    needs=("once",),
)
_NOT_A_COUNT_AFTER = re.compile(
    r"\s+(?:the|that|this|a|an|per|each|every|its|his|her|their|our|more|less|over|"
    r"weekly|daily|monthly|yearly|annually|removed)\b"
    # "twice as many", "twice as likely as", "twice as expensive.": a multiple; but "scored
    # twice as Arsenal beat Hull" counts goals ("as" opens a clause there)
    r"|\s+as\s+(?:many|much)\b|\s+as\s+[\w-]+(?:\s+[\w-]+){0,3}\s+(?:as|than)\b"
    r"|\s+as\s+[\w-]+\s*(?:[.,;:]|$)"
    # "twice what he paid", "twice last year's figure", "twice Mirenza's": a ratio too (but
    # "raised prices twice last winter" counts)
    r"|\s+what\b|\s+last\s+\w+'s\b|\s+[A-Z][\w-]*'s\b",
    re.IGNORECASE,
)
DOZEN_RE = at_word_starts(
    r"\b(?:(?P<article>an?|half)[\s-]+)dozen\b", re.IGNORECASE, needs=("dozen",)
)
FRACTION_OF_SCALE_RE = at_word_starts(
    r"\b(?P<fraction>(?:a[\s-]+)?(?:half|quarter|third)|three[\s-]+quarters|two[\s-]+thirds)"
    r"(?:[\s-]+of)?[\s-]+an?[\s-]+(?P<scale>million|billion|trillion|hour|dozen)\b",
    re.IGNORECASE,
    first="ahqt",
    needs=("half", "quarter", "third"),
)
ORDINAL_WORD_RE = at_word_starts(
    rf"\b(?:(?P<tens>{_TENS})[\s-])?(?P<unit>{_ORDINAL_WORD})\b",
    re.IGNORECASE,
    first=initials([*_TENS_WORDS, *ORDINALS]),
    needs=tuple(ORDINALS),
)
_FRACTIONS = {
    "half": 0.5,
    "a half": 0.5,
    "quarter": 0.25,
    "a quarter": 0.25,
    "third": 1 / 3,
    "a third": 1 / 3,
    "three quarters": 0.75,
    "two thirds": 2 / 3,
}
_SPACES = re.compile(r"[\s-]+")


@dataclass(frozen=True)
class SpelledNumber:
    start: int
    end: int
    value: float
    ordinal: bool = False


@lru_cache(maxsize=4096)
def words_to_number(words: str) -> float | None:
    """The value of one phrase of number words, or None when text2num rejects it."""
    phrase = _SPACES.sub(" ", words.lower()).strip()
    try:
        return float(text2num(phrase, "en"))
    except ValueError:
        pass
    # text2num wants hyphens between tens and units ("twenty-seven").
    try:
        return float(text2num(re.sub(rf"\b({_TENS}) (\w+)", r"\1-\2", phrase), "en"))
    except ValueError:
        return None


def _split_runs(words: str) -> list[tuple[int, int]]:
    """Sub-spans of a word run that text2num can read, longest first from the left.

    "one two" (as in "a one-two finish") is two numbers; "nineteen ninety-nine" too.
    """
    tokens = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", words)]
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        for j in range(len(tokens), i, -1):
            if words_to_number(words[tokens[i][0] : tokens[j - 1][1]]) is not None:
                if words[tokens[j - 1][0] : tokens[j - 1][1]].lower() == "and":
                    continue
                runs.append((tokens[i][0], tokens[j - 1][1]))
                i = j
                break
        else:
            i += 1
    return runs


def find_spelled(text: str) -> list[SpelledNumber]:
    """Every cardinal written in words, with its span in ``text``."""
    found: list[SpelledNumber] = []
    taken: list[tuple[int, int]] = []
    for match in FRACTION_OF_SCALE_RE.finditer(text):
        fraction = _FRACTIONS.get(_SPACES.sub(" ", match.group("fraction").lower()), 0.5)
        scale = match.group("scale").lower()
        if scale == "hour":
            continue  # "half an hour" is a duration; extract.py reads it with its unit
        factor = 12.0 if scale == "dozen" else MULTIPLIERS[scale]
        found.append(SpelledNumber(match.start(), match.end(), fraction * factor))
        taken.append((match.start(), match.end()))
    for match in TIMES_RE.finditer(text):
        # "scored twice": a count of two; "twice as many", "twice a week" are not counts.
        if _overlaps(match.start(), match.end(), taken) or _NOT_A_COUNT_AFTER.match(
            text, match.end()
        ):
            continue
        value = 2.0 if match.group(0).lower() == "twice" else 3.0
        found.append(SpelledNumber(match.start(), match.end(), value))
        taken.append((match.start(), match.end()))
    for match in ONCE_RE.finditer(text):
        start, end = match.span("once")
        if not _overlaps(start, end, taken):
            found.append(SpelledNumber(start, end, 1.0))
            taken.append((start, end))
    for match in DOZEN_RE.finditer(text):
        if _overlaps(match.start(), match.end(), taken):
            continue
        value = 6.0 if match.group("article").lower() == "half" else 12.0
        found.append(SpelledNumber(match.start(), match.end(), value))
        taken.append((match.start(), match.end()))
    for match in SPELLED_RE.finditer(text):
        if _overlaps(match.start(), match.end(), taken):
            continue
        words = match.group("words")
        offset = match.start("words")
        value = words_to_number(words)
        if value is not None:
            start = match.start() if match.group("article") else offset
            end = match.end("words")
            if match.group("article"):
                value = words_to_number("one " + words) or value
            if match.group("dozen"):
                value *= 12
                end = match.end("dozen")
            if match.group("half"):
                value += 0.5
                end = match.end("half")
            found.append(SpelledNumber(start, end, value))
            continue
        for run_start, run_end in _split_runs(words):
            run_value = words_to_number(words[run_start:run_end])
            if run_value is not None:
                found.append(SpelledNumber(offset + run_start, offset + run_end, run_value))
    return sorted(found, key=lambda number: number.start)


def find_spelled_ordinals(text: str) -> list[SpelledNumber]:
    """Ordinals in words ("third", "thirty-second"), with spans."""
    found = []
    for match in ORDINAL_WORD_RE.finditer(text):
        value = float(ORDINALS[match.group("unit").lower()])
        if match.group("tens"):
            value += CARDINALS[match.group("tens").lower()]
        found.append(SpelledNumber(match.start(), match.end(), value, ordinal=True))
    return found


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)
