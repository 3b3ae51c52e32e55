"""Whose a number is: the named owner it is attached to, read from the words right around it.

"Mia Lopez, 27", "Lopez (27)", "the 27-year-old Lopez", "Lopez is 27", "Ruiz's 12 goals": the
figure belongs to the person or organisation named there. A claim and a source mention that
both name an owner, and share no word of it, are about different things: the source figure
neither backs the claim ("Ruiz, 27" is not backed by "Lopez, 27") nor contradicts it ("Ruiz,
27" is not contradicted by "Lopez, 31" when the article gives no age for Ruiz). Where either
side names no owner ("the captain, 27", lower-cased text), nothing is decided here and the
context words decide as before (``context``, ``align``).

This is the cheap, deterministic part of attachment: adjacent names only, by pattern. Owners
further away ("Lopez, who joined in May and is now 27") are left to the context words; a
dependency parse would find them (see the design note, ``README.md``).
"""

from __future__ import annotations

import re

from eval.numeric.lexicon import MONTHS, STOPWORDS, WEEKDAYS
from eval.numeric.mention import Mention

_NAME = r"[A-Z][\w'\-]*(?:\s+(?:[A-Z][\w'\-]*|de|van|von|da|di|al|bin|le))*"
# "Mia Lopez, 27", "Lopez, aged 27", "Lopez (27)", "Lopez is 27", "Lopez's 12 goals"; also as
# tokenised text writes them ("Lopez , 27", "Lopez 's 12 goals": CNN/DM and XSum sources).
_OWNER_BEFORE = re.compile(
    r"(?P<name>" + _NAME + r")(?:\s?,\s*(?:aged\s+|now\s+)?|\s*\(\s*(?:aged\s+)?|\s+(?:is|was|"
    r"turned|turns)\s+(?:now\s+|just\s+)?|\s?'s\s+(?:[a-z\-]+\s+){0,2})$"
)
# "the 27-year-old Lopez", "a 27-year-old midfielder, Mia Lopez".
_OWNER_AFTER = re.compile(r"(?:\s+[a-z][a-z\-]*){0,3}(?:\s?,)?\s+(?P<name>" + _NAME + r")")
_NOT_NAMES = frozenset({*STOPWORDS, *MONTHS, *WEEKDAYS, "mr", "mrs", "ms", "dr", "sir", "st"})
_OWNED_KINDS = frozenset({"age", "count", "money", "percent"})


def owner(norm: str, mention: Mention) -> frozenset[str]:
    """Lower-cased words of the name a mention is attached to (empty when none is adjacent)."""
    if mention.kind not in _OWNED_KINDS:
        return frozenset()
    before = _OWNER_BEFORE.search(norm, max(0, mention.start - 60), mention.start)
    if before is not None and (mention.kind == "age" or "'s" in before.group(0)):
        return _words(before.group("name"))
    if mention.kind == "age" and norm[mention.start : mention.end].lower().endswith("old"):
        after = _OWNER_AFTER.match(norm, mention.end)
        between = norm[mention.end : after.start("name")].lower().split() if after else []
        # "the 27-year-old midfielder Lopez", not "the 24-year-old could replace Gerrard":
        # a function word between them ("could", "was", "and") ends the noun phrase.
        if after is not None and not any(word.strip(",") in STOPWORDS for word in between):
            return _words(after.group("name"))
    return frozenset()


def _words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z][a-z'\-]*", name.lower())
                     if w not in _NOT_NAMES and len(w) > 1)  # fmt: skip


def different_owners(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Both sides name an owner and share no word of it."""
    return bool(mine) and bool(theirs) and not mine & theirs
