"""Counts an article implies by listing names: "Alice Hart, Ben Cole and Cara Dunn" are three.

News lists the people, places or teams it counts instead of counting them ("Daniel Timbers,
29, and Barry Joy, 56, were killed"), and briefings count them ("two men were killed", "three
candidates stood"). The article has no "two" or "three" to match, so the count looked invented.

The source side therefore reads each list of two or more names (each one to four capitalised
words, optionally followed by an age or a bracket, "Ann Lee, 34," "Tom Hart (Labour)"), joined
by commas and a final "and", as a count of its entries. Like every derived fact it can back a
claim that is about the same thing (the list's sentence shares its words), never contradict
one. Its counted noun is ``NAMED``: it may stand for people and for the things news names
(schools, clubs, towns, candidates; ``nouns.nameable``), never for matches, goals or years, so
"Smith and Warner" backs "two batsmen" but not "two matches". People described rather than
named, each with an age ("A man, 34, and a woman, 29, were arrested"), are such a list too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One name: capitalised words, with the particles names carry ("Ludwig van Beethoven").
_NAME = r"[A-Z][A-Za-z'\-]*(?:\s+(?:[A-Z][A-Za-z'\-]*|van|von|de|da|del|der|la|le|bin|al)){0,3}"
# What may follow a name inside its entry: an age (", 34,") or a bracket ("(Labour)").
_ASIDE = r"(?:,\s+\d{1,3},|\s+\([^()\n]{1,40}\))?"
_ENTRY = rf"{_NAME}{_ASIDE}"
_LISTED = re.compile(rf"(?<![\w,])(?P<list>{_ENTRY}(?:,\s+{_ENTRY})*,?\s+and\s+{_ENTRY})(?![\w'])")
# A separator between entries: a comma (or ", and") before the next capitalised entry.
_SEPARATOR = re.compile(r"(?:,\s+(?:and\s+)?|\s+and\s+)(?=[A-Z])")
# Capitalised words that name nothing (a sentence's first word, a pronoun, a title alone).
_NOT_NAMES = frozenset(
    {"The", "A", "An", "But", "And", "Or", "In", "On", "At", "He", "She", "It", "They", "We",
     "I", "This", "That", "These", "Those", "His", "Her", "Their", "Its", "Our", "When", "While",
     "After", "Before", "As", "If", "So", "Both", "All", "Some", "Mr", "Mrs", "Ms", "Dr"}
)  # fmt: skip
# A first entry that opens with these, when the others do not, begins one long name ("The
# Fire and Rescue Service"); "The Harbour Trust and The Civic Society" are two.
_DESCRIBING = frozenset({"The", "A", "An", "This", "That", "These", "Those"})
_MOST_ENTRIES = 12  # longer runs of capitals are headlines or tables, not lists


@dataclass(frozen=True)
class Listed:
    """A list of names: its span and how many entries it has."""

    start: int
    end: int
    entries: int


# People described, not named, each with an age: "A man, 41, and a woman, 23, were arrested".
_PERSON = r"an?(?:other)?\s+(?:man|woman|boy|girl|teenager|youth|pensioner),\s+\d{1,3}"
_PERSONS = re.compile(rf"\b(?P<list>(?i:{_PERSON})(?:,?\s+(?:and\s+)?(?i:{_PERSON}))+)(?=,|\s)")
_AGE = re.compile(r",\s+\d{1,3}")


def listed_counts(norm: str) -> list[Listed]:
    """Every list of two or more names in ``norm`` (see the module note), and of people each
    described with an age ("a man, 41, and a woman, 23,"), in text order."""
    found = [
        Listed(match.start("list"), match.end("list"), len(_AGE.findall(match.group("list"))))
        for match in _PERSONS.finditer(norm)
    ]
    for match in _LISTED.finditer(norm):
        text = match.group("list")
        parts = _SEPARATOR.split(text)
        if not 2 <= len(parts) <= _MOST_ENTRIES:
            continue
        if any(all(word in _NOT_NAMES for word in part.split()) for part in parts):
            continue  # "He and She", "This and That": no names
        described = [part.split()[0] in _DESCRIBING for part in parts]
        if described[0] and not all(described):
            continue  # "The Scottish Fire and Rescue Service": one body, not a list
        found.append(Listed(match.start("list"), match.end("list"), len(parts)))
    return sorted(found, key=lambda listed: listed.start)
