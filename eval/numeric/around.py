"""The words around a number that decide what it measures: units after it, compounds, ages.

Split from ``reading`` (which holds the order of the tests): each helper here answers one
question about the text next to a number ("is the word after it a time unit?", "is '85m'
millions or metres?", "is '1962' a year or a count?") without deciding the kind itself.
"""

from __future__ import annotations

import re

from eval.numeric import patterns as P
from eval.numeric.lexicon import LABEL_WORDS, STOPWORDS
from eval.numeric.mention import Mention
from eval.numeric.nouns import counted_noun, measure_unit, time_unit
from eval.numeric.values import age_mention, duration_mention, make_mention, measure_mention

_TEMPERATURE_WORDS = ("celsius", "centigrade", "fahrenheit", "c", "f")
_WORD_AFTER = re.compile(r"\s*[A-Za-z](?:[A-Za-z'\-/]*[A-Za-z])?")


# A label that opens its line ("- Visitors: ", "Customers affected: ") and what it names.
_LINE_LABEL = re.compile(r"(?:^|\n)[\s*\-\u2022]*([A-Za-z][A-Za-z ]{1,30}):\s*$")
_LONG_LINE_LABEL = re.compile(r"(?:^|\n)[\s*\-\u2022]*([A-Za-z][A-Za-z ]{1,60}):\s*$")
_DIMENSION_LABELS = frozenset(
    {"height", "length", "depth", "width", "distance", "span", "wingspan", "elevation",
     "altitude", "size", "diameter", "tall", "long", "deep", "high", "wide", "metres"}
)  # fmt: skip
_MILLIONS_NEARBY = re.compile(r"\d(?:\s?(?:m|bn|million|billion)\b)", re.IGNORECASE)


def million_not_metres(norm: str, start: int, position: int, words_after: list[str]) -> bool:
    """ "85m users" and "up from 60m a year ago" are millions; "245m tall" is metres."""
    if P.METRE_CONTEXT_AFTER.match(norm, position):
        return False
    if counted_noun(words_after)[0] is not None:
        return True
    label = _LINE_LABEL.search(norm, max(0, start - 40), start)
    if label is not None:  # "- Visitors: 1.21m" counts visitors; "- Height: 1.6m" measures
        words = label.group(1).lower().split()
        if not any(word in _DIMENSION_LABELS for word in words):
            return any(len(w) > 3 and w.endswith("s") and not w.endswith("ss") for w in words)
    left = max(norm.rfind(".", 0, start), norm.rfind("\n", 0, start))
    right = norm.find(".", position)
    sentence = norm[left + 1 : right if right >= 0 else len(norm)]
    others = [m for m in _MILLIONS_NEARBY.finditer(sentence)]
    return len(others) >= 2


def singular_noun(word: str) -> bool:
    lowered = word.lower()
    return (
        lowered.isalpha()
        and lowered not in STOPWORDS
        and not lowered.endswith(("ly", "ed"))
        and time_unit(lowered) is None
    )


def is_year(number, digits, scale, places, has_comma, words_after, measure,
            before: str = "") -> bool:  # fmt: skip
    """``before``: up to 30 characters before the figure (and its hedge, if any)."""
    if places or has_comma or scale != 1.0 or measure is not None or len(digits) != 4:
        return False
    if not 1000 <= number <= 2100:
        return False
    noun, phrase = counted_noun(words_after)
    if noun is not None and noun.lower() in _EVENT_NOUNS and number >= 1850:
        return True  # "the 2020 olympics", "the 2019 elections": events named by their year
    if noun is not None and noun.lower() in _SERIES_NOUNS and 1900 <= number <= 2035:
        # "in 2012 series of The X Factor", "the 2016 games": not "played 1950 games"
        return bool(
            _SERIES_BEFORE.search(before)
            or _NAME_BEFORE.search(before)
            or _DETERMINER_BEFORE.search(before)
        )
    # "1500 people" counts; "the 1962 bridge carries" is a year.
    if noun is None or len(phrase) > 1 or (bool(words_after) and words_after[0][:1].isupper()):
        return True
    # "the epic 1977 miniseries", "her 2012 series", "Rio 2016 games": a recent year after a
    # determiner or a name names the thing's year; news writes a count that large with a
    # comma ("the 1,977 miniseries" is no phrase), though a round "the 2000 people" may count.
    if not 1900 <= number <= 2035:
        return False
    name = _NAME_BEFORE.search(before)
    named = name is not None and name.group(1).lower() not in STOPWORDS
    determiner = _DETERMINER_BEFORE.search(before)
    if determiner is None or (determiner.group("word") or "").lower() in _QUANTITY_WORDS:
        return named  # "a further 1960 homes", "the remaining 1987 cases" count
    return named or number % 100 != 0


# A determiner or possessive, with at most one word between it and the figure ("the epic
# 1977 miniseries"), or a name right before it ("Rio 2016 games", "Euro 2000 finals").
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|his|her|its|their|our|my|your|this|that|these|those)|'s?)"
    r"(?:\s+(?P<word>[a-z][a-z\-]*))?\s*$",
    re.IGNORECASE,
)
_QUANTITY_WORDS = frozenset(
    {"further", "remaining", "other", "additional", "extra", "estimated", "total", "combined",
     "final", "last", "first", "next", "reported", "registered", "recorded", "missing"}
)  # fmt: skip
_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s+$")


_EVENT_NOUNS = frozenset(
    {"olympics", "paralympics", "elections", "championships", "playoffs", "play-offs",
     "midterms", "primaries"}
)  # fmt: skip
_SERIES_NOUNS = frozenset({"series", "games", "finals"})
_SERIES_BEFORE = re.compile(r"(?:\b(?:the|in|at|of|for|since|from)|'s?)\s*$", re.IGNORECASE)


def time_unit_after(norm, position, words_after) -> tuple[str | None, int]:
    """A time unit right after the number, allowing one filler ("five more days")."""
    for index, word in enumerate(words_after[:2]):
        unit = time_unit(word)
        if unit is not None:
            end = position
            for _ in range(index + 1):
                match = _WORD_AFTER.match(norm, end)
                end = match.end() if match else end
            return unit, end
        if word.lower() not in P.FILLER_WORDS or word.lower() in ("last", "next", "this"):
            break  # "8.4 million last year" is a figure and a date, not a duration
    return None, position


def measure_after(norm: str, position: int, words_after: list[str]) -> tuple[str | None, int]:
    """A measurement unit named after the number ("12,000 hectares", "65 km/h")."""
    for size in (2, 1):
        if len(words_after) >= size:
            phrase = " ".join(words_after[:size])
            unit = measure_unit(phrase) if size == 2 else measure_unit(words_after[0])
            if unit is not None and not (size == 1 and len(words_after[0]) == 1):
                if size == 1 and _material(unit, words_after):
                    continue  # "2,600 stone blocks" counts blocks; "a 14 stone boxer" weighs
                end = position
                for _ in range(size):
                    match = _WORD_AFTER.match(norm, end)
                    end = match.end() if match else end
                scale_word = words_after[1].lower() if len(words_after) > 1 else ""
                if words_after[0].lower() == "degrees" and scale_word in _TEMPERATURE_WORDS:
                    unit = "fahrenheit" if scale_word[0] == "f" else "celsius"
                    match = _WORD_AFTER.match(norm, end)
                    end = match.end() if match else end
                return unit, end
    return None, position


# Units that are also materials: before a plural noun they say what the counted things are
# made of ("2,600 stone blocks"), not what the number weighs ("12 stone 4", "a 14 stone man").
_MATERIAL_UNITS = frozenset({"stone"})


def _material(unit: str, words_after: list[str]) -> bool:
    if unit not in _MATERIAL_UNITS or len(words_after) < 2:
        return False
    following = words_after[1]
    return (following.isalpha() and following.islower() and len(following) > 3
            and following.endswith("s") and not following.endswith("ss")
            and measure_unit(following) is None)  # fmt: skip


def spaced_metre(norm: str, start: int, position: int, words_after: list[str]) -> int | None:
    """ "- Length: 142 m", "a 215 m deep shaft": a lone "m" after a number, spaced off, is
    metres when the line's label names a dimension or a dimension word follows it (the end
    of "m" is returned). Elsewhere a spaced "m" stays unread, as before: it may be a million
    ("£4 m") or an initial."""
    if not words_after or words_after[0] != "m":
        return None
    match = _WORD_AFTER.match(norm, position)
    if match is None:
        return None
    if P.METRE_CONTEXT_AFTER.match(norm, match.end()):
        return match.end()
    label = _LINE_LABEL.search(norm, max(0, start - 40), start)
    if label is not None and any(w in _DIMENSION_LABELS for w in label.group(1).lower().split()):
        return match.end()
    return None


def label_measure(norm: str, start: int) -> str | None:
    """The unit a line's label names for a bare number: "- Hectares treated: 131,000",
    "Distance in kilometres: 42" (the number reads as 131,000 hectares). Only full unit words
    count ("Height: 79" names no unit; "m" or "t" in a label is not one)."""
    label = _LONG_LINE_LABEL.search(norm, max(0, start - 64), start)
    if label is None:
        return None
    for word in label.group(1).lower().split():
        unit = measure_unit(word)
        if unit is not None and len(unit) > 2:
            return unit
    return None


def compound_kind(compound: str, any_noun: bool = False) -> str | None:
    """What "N-word" is: "time" ("27-year-old"), "measure" ("10-mile"), "noun" ("12-storey";
    with ``any_noun``, any noun head: "a 420-pupil school"), or None (not a compound)."""
    head = compound.split("-")[0]
    if time_unit(head) is not None:
        return "time"
    if measure_unit(head) is not None or head in ("magnitude", "mile", "metre", "meter"):
        return "measure"
    if head in ("strong", "seat", "point", "page", "storey", "story", "bed", "man", "member",
                "acre", "person", "mile"):  # fmt: skip
        return "noun"
    # "a 420-pupil school", "a 72-turbine wind farm", tokenised "a two - stage plan": any other
    # noun counts the same way; not a multiplier ("a 10-fold rise"), a score word ("2-nil"),
    # an adjective or a word of grammar.
    if (any_noun and len(head) >= 3 and head.isalpha() and head not in _NOT_COUNTED_COMPOUND
            and head not in STOPWORDS  # "$ 260,000 - was": a dash between clauses
            and not head.lower().endswith(("ly", "ing", "ed", "est"))):  # fmt: skip
        return "noun"
    return None


# Heads of "N-word" compounds that count nothing: multipliers, scores, golf, "20-something".
_NOT_COUNTED_COMPOUND = frozenset(
    {"fold", "odd", "odds", "plus", "something", "nil", "love", "all", "way", "par", "off",
     "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "day",
     "time", "times", "nothing", "zip", "for", "and", "the", "old", "year", "strong", "under",
     "over", "figure", "digit", "half", "halves", "third", "thirds", "quarter", "quarters",
     "fifth", "fifths", "sixth", "sixths", "tenth", "tenths", "hundredth", "hundredths"}
)  # fmt: skip


def from_compound(text, norm, number, places, compound, position, common) -> Mention | None:
    parts = compound.split("-")
    head = parts[0]
    unit = time_unit(head)
    if unit is not None:
        if "old" in parts[1:] or "olds" in parts[1:]:  # "24-year-olds", an age group
            return age_mention(text, number, position, unit, common)
        return duration_mention(text, norm, number, places, unit, position, common)
    measure = measure_unit(head)
    if head in ("square", "sq") and len(parts) > 1:
        measure = measure_unit(f"{head} {parts[1]}")  # "a 4,870-square-kilometre reserve"
    if measure is not None:
        return measure_mention(text, number, common["scale"], places, measure, position, common)
    return make_mention(
        text,
        kind="count",
        value=number * common["scale"],
        places=places,
        round_number=False,
        end=position,
        unit=head,
        noun_phrase=(head,),
        **common,
    )


_NOT_AGE_WORDS = frozenset({"and", "or", "of", "to", "in", "on", "at", "by", "from", "than"})


def comma_age_word(word: str) -> bool:
    """ "Ann, 64, was" and "a woman, 52, has": a person named or described, then an age."""
    lowered = word.lower()
    if not word or lowered in _NOT_AGE_WORDS or lowered in LABEL_WORDS:
        return False
    return measure_unit(lowered) is None and time_unit(lowered) is None


def label_name_age(norm: str, start: int, position: int) -> bool:
    """ "- Winner: Suresh Kumar, 52", "- Best actress: Giulia Ferri (58)": the number that ends
    a label line after a full name is the person's age (the comma rule wants a word after it,
    which a list line lacks). A label naming counted things ("Seats", "Scorers") keeps the
    number a count: "- Seats: Green Party, 27"."""
    found = P.LABEL_NAME_AGE_BEFORE.search(norm, max(0, start - 100), start)
    if found is None or not P.LABEL_NAME_AGE_AFTER.match(norm, position):
        return False
    if norm[start - 1] == "(" and not norm.startswith(")", position):
        return False
    return not any(len(word) > 3 and word.endswith("s") and not word.endswith("ss")
                   for word in found.group("label").lower().split())  # fmt: skip
