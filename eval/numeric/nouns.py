"""What a number counts: the noun after it, reduced to a comparable form.

"10,000 troops" and "ten thousand North Korean soldiers" count the same thing; "32 ambassadors"
and "32 stages" do not. The counted noun is the first plural-looking word after the number
(adjectives and names in between are skipped); ordinals take the head of the short noun phrase
after them ("first female MP" -> "mp"). Matching goes through a light lemmatiser and a short
synonym table, on purpose: a large thesaurus would let moved numbers through.
"""

from __future__ import annotations

import re
from functools import lru_cache

from eval.numeric.families import CONTEXT_FAMILY_OF
from eval.numeric.lexicon import (
    GENERIC_NOUNS,
    IRREGULAR_PLURALS,
    MEASURES,
    NAMEABLE_NOUNS,
    NOT_PLURAL,
    PERSON_NOUNS,
    STOPWORDS,
    SYNONYM_OF,
    TIME_UNITS,
    UNCOUNTED_NOUNS,
)

_NEXT_TOKEN = re.compile(
    r"\s*(?:(?P<word>[^\W\d_][\w'\-/]*[^\W\d_]|[^\W\d_])|(?P<other>\S))"
)  # letters of any script: "cafés" is one word
_SKIPPABLE = frozenset(
    {
        "more",
        "other",
        "new",
        "extra",
        "additional",
        "further",
        "of",
        "those",
        "these",
        "such",
        "a",
        "an",
        "the",
    }
)
_DOUBLED = re.compile(r"([bfgkmnprt])\1$")
_STEM_SUFFIX = re.compile(r"(?:ations|ation|ments|ment|ies|ied|ying|ings|ing|edly|ed|es|s|y|e)$")


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """Singular, lower-case form: "ambassadors" -> "ambassador", "people" -> "person"."""
    lowered = word.lower().strip("'")
    if lowered in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[lowered]
    if len(lowered) <= 3 or lowered in NOT_PLURAL or lowered.endswith(("ss", "us", "is")):
        return lowered
    if lowered.endswith("ies") and len(lowered) > 4:
        return lowered[:-3] + "y"
    if lowered.endswith(("ches", "shes", "xes", "zes", "sses")):
        return lowered[:-2]
    if lowered.endswith("s"):
        return lowered[:-1]
    return lowered


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem for context matching: "injured", "injuring", "injuries" -> "injur".
    A word of a context family, or the plural of one ("arrests" for "arrest", "hires"), is
    the family's mark: "- Arrests: 62" meets "arrested 62 people"."""
    lowered = word.lower().replace("\u2019", "'")
    if lowered.endswith("'s"):
        lowered = lowered[:-2]
    lowered = lowered.rstrip("'")  # "workers'"
    family = CONTEXT_FAMILY_OF.get(lowered) or CONTEXT_FAMILY_OF.get(lemma(lowered))
    if family is not None:
        return "=" + family
    if "-" in lowered.strip("-"):
        # "runners-up" and "runner-up" meet; a part alone is no family ("up" is not "rise").
        return "-".join(_plain_stem(part) for part in lowered.split("-"))
    return _plain_stem(lowered)


def _plain_stem(lowered: str) -> str:
    lowered = IRREGULAR_PLURALS.get(lowered, lowered)
    if len(lowered) > 3:
        stripped = _STEM_SUFFIX.sub("", lowered) or lowered
        if stripped != lowered and _DOUBLED.search(stripped):
            stripped = stripped[:-1]  # "capped" -> "cap", like "cap"; "planned" -> "plan"
        lowered = stripped
    return lowered[:7]


@lru_cache(maxsize=65536)
def canonical(word: str) -> str:
    """Lemma mapped through the synonym table: "troops" -> "soldier" (remembered: every claim
    compares its noun with every source figure's)."""
    base = lemma(word)
    return SYNONYM_OF.get(base, base)


def looks_plural(word: str) -> bool:
    lowered = word.lower()
    if lowered in UNCOUNTED_NOUNS or lowered in IRREGULAR_PLURALS:
        return True
    if "-" in lowered:
        lowered = lowered.rsplit("-", 1)[-1]
    return (
        len(lowered) > 3
        and lowered.endswith("s")
        and not lowered.endswith(("ss", "us", "is", "'s"))
        and lowered not in NOT_PLURAL
        and lowered not in STOPWORDS
    )


def following_words(text: str, position: int, limit: int = 5) -> list[str]:
    """Up to ``limit`` words after ``position``; a punctuation mark ends the list."""
    words: list[str] = []
    while len(words) < limit:
        match = _NEXT_TOKEN.match(text, position)
        if match is None or match.group("other"):
            break
        words.append(match.group("word"))
        position = match.end()
    return words


# A short all-capitals word before a noun modifies it ("US", "UK", "NHS", "EU"): never the
# pronoun "us" or the head of the phrase.
_ACRONYM = re.compile(r"[A-Z]{2,5}")


def counted_noun(words: list[str]) -> tuple[str | None, tuple[str, ...]]:
    """(head noun, noun phrase) of what a cardinal counts, from the words that follow it."""
    phrase: list[str] = []
    if len(words) > 1 and words[0].lower() == "of":
        # "three of the incidents" counts part of a group: the group is context, not unit
        # (but a part of a whole with its size counts what the whole does: ``reading``).
        rest = [w.lower() for w in words[1:4] if w.lower() not in ("the", "its", "their")]
        return None, tuple(rest[:1])
    for index, word in enumerate(words[:4]):
        lowered = word.lower()
        if lowered in _SKIPPABLE and index == 0:
            continue
        if _ACRONYM.fullmatch(word) and index + 1 < len(words):
            phrase.append(lowered)  # "11 US plants", "12 NHS trusts": a modifier, not "us"
            continue
        if lowered in ("and", "or") and phrase and index + 1 < len(words):
            continue  # "2.3 million current and former customers"
        if lowered in STOPWORDS and lowered not in _SKIPPABLE:
            break
        phrase.append(lowered)
        if looks_plural(word) or lowered in UNCOUNTED_NOUNS:
            return lowered, tuple(phrase)
        if lowered.endswith(("ing", "ed", "ly")) and index > 0:
            break
    return None, tuple(phrase)


def ordinal_noun(words: list[str]) -> tuple[str | None, tuple[str, ...]]:
    """Head of the short noun phrase after an ordinal: "first away victory since" -> victory."""
    phrase: list[str] = []
    previous = ""
    for word in words[:3]:
        lowered = word.lower()
        if lowered in STOPWORDS:
            break
        if phrase and word[:1].isupper() and not previous[:1].isupper():
            break  # "second seed Elena Varga": the name is not part of the phrase
        if phrase and lowered.endswith("ing"):
            break
        phrase.append(lowered)
        previous = word
    if not phrase:
        return None, ()
    return phrase[-1], tuple(phrase)


def generic(noun: str) -> bool:
    """Whether a counted noun may stand for many groups ("people", "members"). "staff" is
    generic unless its synonym names a group: "staff" (employees) and "passengers" are
    different people."""
    canon = canonical(noun)
    if canon in GENERIC_NOUNS:
        return True
    return (lemma(noun) in GENERIC_NOUNS or noun.lower() in GENERIC_NOUNS) and (
        canon not in PERSON_NOUNS
    )


# The counted noun of a list of names (``listed``): whatever can be named.
NAMED = "<named>"


def nameable(noun: str) -> bool:
    """Whether a list of names may count this: people ("men", "councillors", "Britons") and
    the things news names (schools, towns, clubs), not matches, goals or years."""
    canon = canonical(noun)
    if canon in PERSON_NOUNS or canon in GENERIC_NOUNS or canon in NAMEABLE_NOUNS:
        return True
    return canon.endswith(("er", "or", "ist", "ant", "ent", "ee", "ian"))  # who does something


def noun_relation(left: str | None, right: str | None, left_np=(), right_np=()) -> float | None:
    """How surely two counted nouns name the same thing: 1 same, 0.5 unknown, None different."""
    if left is None or right is None:
        return 0.5
    return _noun_relation(left, right, tuple(left_np), tuple(right_np))


@lru_cache(maxsize=65536)
def _noun_relation(left: str, right: str, left_np: tuple[str, ...], right_np: tuple[str, ...]
                   ) -> float | None:  # fmt: skip
    """``noun_relation`` of two nouns, remembered: every claim meets every source figure's noun
    (282,000 calls in a whole run of 1,000 articles), and the same pairs come back, as a
    briefing's and its references' nouns are mostly their article's."""
    if NAMED in (left, right):
        other = right if left == NAMED else left
        return 0.5 if other == NAMED or nameable(other) else None
    a, b = canonical(left), canonical(right)
    if a == b:
        return 1.0
    left_generic, right_generic = generic(left), generic(right)
    if left_generic or right_generic:
        # "52 people" may be "52 passengers", hardly "52 airlines".
        other = b if left_generic else a
        return 0.5 if other in PERSON_NOUNS or other in GENERIC_NOUNS else 0.25
    left_set = {canonical(word) for word in left_np} | {a}
    right_set = {canonical(word) for word in right_np} | {b}
    if a in right_set or b in left_set:
        return 0.8
    # "22 survivors" and "22 surviving miners": the same word in another form.
    left_stems = {stem(word)[:6] for word in (*left_np, left)}
    right_stems = {stem(word)[:6] for word in (*right_np, right)}
    if stem(left)[:6] in right_stems or stem(right)[:6] in left_stems:
        return 0.8
    return None


def measure_unit(word: str) -> str | None:
    """The measurement unit a word names ("kilometres" -> "kilometre"), if any."""
    lowered = word.lower()
    if lowered in MEASURES:
        return lowered
    single = lemma(lowered)
    if single in MEASURES and single not in ("t", "l", "c", "f", "g", "m"):
        return single
    return None


def time_unit(word: str) -> str | None:
    lowered = word.lower()
    single = "century" if lowered == "centuries" else lemma(lowered)
    if single in ("mins", "hrs", "secs", "yrs"):
        single = single[:-1]
    return single if single in TIME_UNITS else None


def umbrella(noun: str) -> bool:
    """A noun that can count a sum of different things ("85 nurses and 12 consultants" are
    97 staff), wider than ``generic`` ("staff" is not "passengers")."""
    return lemma(noun) in GENERIC_NOUNS or noun.lower() in GENERIC_NOUNS
