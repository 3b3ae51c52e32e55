"""Who or what a bare figure is about, read from the clause around it.

Two readings need the clause, not the words next to the figure: a bare number predicated of
people is their age ("the looters were 19", "she is 64": ``copula_age``), and bare points in a
clause about rates are percentage points ("the combined ratio improved by 5.6 points":
``rate_points``), while "won by three points" stays a count.
"""

from __future__ import annotations

import re

from eval.numeric import patterns as P
from eval.numeric.lexicon import PERSON_NOUNS
from eval.numeric.nouns import lemma

_NOT_PEOPLE = frozenset(
    {"number", "order", "letter", "quarter", "chapter", "meter", "water", "centre", "center",
     "paper", "power", "border", "parameter", "register", "river", "winter", "summer",
     "computer", "cluster", "counter", "answer", "matter", "figure", "total", "odd", "rate",
     "score", "result", "price", "cost", "temperature", "filter", "layer", "tower", "floor"}
)  # fmt: skip


# People named by their relation or role, which the endings above miss.
_ROLE_NOUNS = frozenset(
    {"wife", "husband", "son", "widow", "spouse", "twin", "chief", "boss", "captain", "coach",
     "mayor", "author", "actor", "director", "chairman", "chairwoman", "king", "queen",
     "girlfriend", "boyfriend", "fiancee", "fiance", "victim", "suspect", "defendant"}
)  # fmt: skip
# Capitalised words before "is"/"was" that name no one ("It is 12", "Total was 40").
_NOT_A_NAME = frozenset(
    {"it", "this", "that", "there", "here", "which", "what", "total", "turnout", "inflation",
     "attendance", "unemployment", "today", "tomorrow", "yesterday", "now"}
)  # fmt: skip


def rate_points(norm: str, start: int, end: int) -> bool:
    """ "the combined ratio improved by 5.6 points", "six points short of its 70% target":
    bare points in a clause about rates are percentage points; "won by three points" and
    "25 points a game" (no rate in the clause) stay counts of points."""
    if not P.POINTS_AFTER.match(norm, end):
        return False
    stops = (". ", ";", "\n")  # the sentence: a decimal point ("5.6") ends nothing
    left = max(norm.rfind(stop, 0, start) for stop in stops) + 1
    right = min((i for i in (norm.find(stop, end) for stop in stops) if i >= 0), default=len(norm))
    return bool(P.RATE_WORDS.search(norm, left, right)
                and not P.GAME_WORDS.search(norm, left, right))  # fmt: skip


def copula_age(norm: str, start: int, end: int) -> bool:
    """ "the looters were 19", "she is 64": a bare number predicated of people is their age."""
    before = P.COPULA_BEFORE.search(norm, max(0, start - 40), start)
    if before is None or not P.COPULA_AFTER.match(norm, end):
        return False
    who = before.group("who").lower()
    if who in ("he", "she", "they", "both", "i", "we"):
        return True
    single = lemma(who)
    if single in _NOT_PEOPLE or who in _NOT_A_NAME:
        return False
    if (single in PERSON_NOUNS or single in _ROLE_NOUNS
            or single.endswith(("er", "ist", "ant", "ee", "ent"))):  # fmt: skip
        return True
    if before.group("who")[0].isupper():
        return True  # "his wife Susan is 59", "Mensah was 22": a name is someone
    # "the three men arrested for looting were 19": the subject is further back in the clause.
    clause = re.split(r"[.;:!?,]", norm[max(0, start - 80) : before.start("who")])[-1]
    return any(lemma(word) in PERSON_NOUNS for word in re.findall(r"[a-z]+", clause.lower()))
