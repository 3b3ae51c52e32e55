"""Shortcuts the extractor takes for speed (issue 14) give exactly what the long way gives.

``patterns.at_word_starts`` puts ``\\b(?=\\w)`` before a pattern so that the regex engine skips
the positions inside words. That is only right for patterns whose every match begins at the
start of a word; this checks it for each such pattern against the plain pattern, on the shipped
corpus and on generated text full of the words they look for. Also: ``normalise`` against the
per-character table it replaced, and the cue that gates the scan for addresses (``realtext``).
"""

from __future__ import annotations

import json
import re

import pytest
from helpers import CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st

from eval.numeric import dates, extract, figures, format, patterns, proportions, realtext, spelled
from eval.numeric.extract import normalise

WORD_START_PATTERNS = {
    "DATE_RE": dates.DATE_RE,
    "VAGUE": patterns.VAGUE,
    "FRACTION_OF_UNIT": patterns.FRACTION_OF_UNIT,
    "DECADE_AGE": patterns.DECADE_AGE,
    "SPELLED_DECADE": patterns.SPELLED_DECADE,
    "IDIOMS": patterns.IDIOMS,
    "SPELLED_RE": spelled.SPELLED_RE,
    "TIMES_RE": spelled.TIMES_RE,
    "DOZEN_RE": spelled.DOZEN_RE,
    "FRACTION_OF_SCALE_RE": spelled.FRACTION_OF_SCALE_RE,
    "ORDINAL_WORD_RE": spelled.ORDINAL_WORD_RE,
    "ONCE_RE": spelled.ONCE_RE,
    "_FRACTION": proportions._FRACTION,
    "_ONE_IN": proportions._ONE_IN,
    "FIGURES": figures.FIGURES,
}


# Patterns tried only at digits (``patterns.at_digits``), compared the same way.
DIGIT_START_PATTERNS = {
    "DIGITS": patterns.DIGITS,
    "YEAR_RANGE": patterns.YEAR_RANGE,
    "CLOCK_DURATION": patterns.CLOCK_DURATION,
    "SCORE": patterns.SCORE,
}
# Each shortcut's prefix: any word start, a word start at given letters, a digit.
_PREFIX = re.compile(r"\\b\(\?=(?:\\w|\[[^\]]+\])\)\(\?:|\(\?=\\d\)\(\?:")


def _plain(pattern: re.Pattern[str]) -> re.Pattern[str]:
    prefix = _PREFIX.match(pattern.pattern)
    assert prefix and pattern.pattern.endswith(")")
    return re.compile(pattern.pattern[prefix.end() : -1], pattern.flags)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.lastgroup, m.groupdict()) for m in pattern.finditer(text)]


def _corpus_texts() -> list[str]:
    texts = []
    for path in sorted(CORPUS.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        texts.append(record["source"]["text"])
        texts += [reference["text"] for reference in record["references"]]
    return texts


@pytest.mark.parametrize("name", sorted({**WORD_START_PATTERNS, **DIGIT_START_PATTERNS}))
def test_word_start_pattern_matches_the_plain_one_on_the_corpus(name: str) -> None:
    fast = {**WORD_START_PATTERNS, **DIGIT_START_PATTERNS}[name]
    plain = _plain(fast)
    texts = _corpus_texts()
    assert texts
    found = 0
    for text in texts:
        expected = _matches(plain, text)
        assert _matches(fast, text) == expected
        found += len(expected)
    if name not in (
        "SPELLED_DECADE",
        "FRACTION_OF_SCALE_RE",
        "FRACTION_OF_UNIT",
        "DOZEN_RE",
        "DECADE_AGE",
        "CLOCK_DURATION",
        "YEAR_RANGE",
        "ONCE_RE",
        "_FRACTION",
    ):
        assert found, f"{name} found nothing in the corpus: the comparison would be empty"


# Words the patterns look for, glued in every way text glues them: spaces, hyphens, commas,
# apostrophes, digits, underscores, and letters that case-fold to ASCII ("ſ", the Kelvin sign).
_PIECES = st.sampled_from(
    ["March", "may", "Oct.", "28", "3rd", "2024", "in", "last", "next", "Monday", "year",
     "Christmas", "Day", "New", "Year's", "Eve", "twenty", "one", "a", "an", "hundred", "half",
     "dozen", "twice", "third", "thirty-second", "fifth", "quarter", "of", "hour", "his", "her",
     "early", "40s", "the", "Eighties", "hundreds", "thousands", "several", "million", "and",
     "first", "at", "once", "per", "Sunday", "2024-10-28", "x", "_", "ſ", "\u212a", "é",
     "for", "six", "58", "wickets", "runs", "dozens", "twice", "thrice", "lost", "only", "third",
     "thirds", "two", "quarters", "fifth", "1", "in", "50s", "his", "late", "months", "minute"]
)  # fmt: skip
_GLUE = st.sampled_from([" ", "  ", "-", ", ", ". ", "'", "", "\n", "_", "(", "\u2019"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PIECES, _GLUE), max_size=14))
def test_word_start_patterns_match_the_plain_ones_on_generated_text(parts) -> None:
    text = "".join(piece + glue for piece, glue in parts)
    for name, fast in WORD_START_PATTERNS.items():
        assert _matches(fast, text) == _matches(_plain(fast), text), (name, text)


_DIGIT_PIECES = st.sampled_from(
    ["1", "28", "2024", "1999", "07", "1,000", "30, 000", "7. 5", "2:08:31", "1:59:40.2", "R",
     "Rs", "KSh", "kr", "x", "A", "m", "bn", "%", "per cent", "years", "\u0663", "\u00b2", "\u2013"]
)  # fmt: skip
_DIGIT_GLUE = st.sampled_from([" ", "", "-", "--", ",", ".", ":", "/", "'", "\n", "(", ")"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_DIGIT_PIECES, _DIGIT_GLUE), max_size=14))
def test_digit_start_patterns_match_the_plain_ones_on_generated_text(parts) -> None:
    text = "".join(piece + glue for piece, glue in parts)
    for name, fast in DIGIT_START_PATTERNS.items():
        assert _matches(fast, text) == _matches(_plain(fast), text), (name, text)


def test_case_insensitive_patterns_are_caseless() -> None:
    for name, pattern in WORD_START_PATTERNS.items():
        if pattern.flags & re.IGNORECASE:
            assert isinstance(pattern, patterns.Caseless), name


def test_every_character_but_the_traps_matches_as_its_lower_case() -> None:
    # What ``patterns.Caseless`` relies on: outside ``CASE_TRAPS``, a character's lower case is
    # one character, of the same class for \w, \s and \d, and it is an ASCII letter exactly
    # when the character matches that letter case-insensitively.
    letters = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        if char in patterns.CASE_TRAPS or 0xD800 <= code < 0xE000:
            continue
        lower = char.lower()
        assert len(lower) == 1, hex(code)
        assert (lower.isalnum(), lower.isspace(), lower.isdecimal()) == (
            char.isalnum(), char.isspace(), char.isdecimal()), hex(code)  # fmt: skip
        if letters.fullmatch(char):
            assert "a" <= lower <= "z" and re.fullmatch(lower, char, re.IGNORECASE), hex(code)
        else:
            assert not "a" <= lower <= "z", hex(code)


def test_a_text_with_a_case_trap_is_scanned_case_insensitively() -> None:
    text = "on the ſecond day, in March, twenty-ſeven \u0130stanbul"
    assert patterns.lower_case(text) is None
    for name, fast in WORD_START_PATTERNS.items():
        assert _matches(fast, text) == _matches(_plain(fast), text), name


@given(st.text(alphabet=st.sampled_from(["a", " ", "-", "é", "\u00e9", *extract._SAME_LENGTH])))
def test_normalise_maps_each_odd_character_to_its_ascii_one_in_place(text: str) -> None:
    # The reference: one table lookup per character (what normalise did before replace).
    assert normalise(text) == text.translate(str.maketrans(extract._SAME_LENGTH))
    assert len(normalise(text)) == len(text)


_URL_PIECES = st.sampled_from(
    ["http", "https", "://", "www", ".", "@", "com", "ORG", "co", "uk", "io", "Io", "example",
     "a-b", "x_y", "/", " ", "5", "mail", "+", "net", "GOV", "edu", "ı", "İ"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_URL_PIECES, max_size=12))
def test_an_address_always_holds_the_cue_that_gates_the_address_scan(parts) -> None:
    text = "".join(parts)
    if realtext._URL_CUE.search(text) is None:
        assert realtext._URL.search(text) is None, text


# The plain form of ``realtext._LOOKS_TOKENISED``, which finds tokeniser spacing in the same texts.
_PLAIN_TOKENISED = re.compile(r"\s[,;:%)]|\d +- +\w|\w +- +\d|[£$€¥] +\d|\w +- +old\b|\d +%")
_SPACING_PIECES = st.sampled_from(
    ["27", "5", "year", "old", "olden", "-", " - ", " -", "- ", "  ", " ", ",", ";", ":", "%",
     ")", "(", "£", "$", "€", "¥", "\n", "\t", "a", "_", "é", "\u00a0", "\u0663"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_SPACING_PIECES, max_size=16), st.integers(0, 6), st.integers(0, 6))
def test_looks_tokenised_finds_what_the_plain_pattern_finds(parts, cut_start, cut_end) -> None:
    text = "".join(parts)
    end = max(cut_start, len(text) - cut_end)
    expected = _PLAIN_TOKENISED.search(text, cut_start, end) is not None
    assert realtext.looks_tokenised(text, cut_start, end) == expected, (text, cut_start, end)
    assert realtext.looks_tokenised(text) == (_PLAIN_TOKENISED.search(text) is not None), text


@given(
    st.sampled_from(["percent", "money", "duration", "year", "count", "age"]),
    st.sampled_from([0.0, -0.0, 5, 5.0, 1e6, -1e6, 1e9, 2.5e9, 0.125, -0.001, 1050.0, 33.3333]),
    st.sampled_from([None, "pp", "%", "year"]),
    st.sampled_from([None, "GBP", "USD", "NOK"]),
)
def test_remembered_figures_are_written_as_computed(kind, value, unit, currency) -> None:
    # ``format.figure`` is remembered by its arguments: equal arguments must write alike.
    assert format.figure(kind, value, unit, currency) == format.figure.__wrapped__(
        kind, value, unit, currency)  # fmt: skip
    for twin in (value, -value, float(value), int(value) if value == int(value) else value):
        if twin == value:
            assert format.figure.__wrapped__(kind, twin, unit, currency) == (
                format.figure.__wrapped__(kind, value, unit, currency))  # fmt: skip
