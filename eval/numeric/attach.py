"""Whose a number is: the named owner it is attached to, read from the words right around it.

"Mia Lopez, 27", "Lopez (27)", "the 27-year-old Lopez", "Lopez is 27", "Ruiz's 12 goals": the
figure belongs to the person or organisation named there. A claim and a source mention that
both name an owner, and neither name is part of the other, are about different things: the
source figure neither backs the claim ("Ruiz, 27" is not backed by "Lopez, 27") nor
contradicts it ("Ruiz, 27" is not contradicted by "Lopez, 31" when the article gives no age
for Ruiz). Where either side names no owner ("the captain, 27", lower-cased text), nothing is
decided here and the context words decide as before (``context``, ``align``).

This is the cheap, deterministic part of attachment: adjacent names only, by pattern. Owners
further away ("Lopez, who joined in May and is now 27") are left to the context words; a
dependency parse would find them (see the design note, ``README.md``).
"""

from __future__ import annotations

import re

from eval.numeric.lexicon import MONTHS, STOPWORDS, WEEKDAYS
from eval.numeric.mention import Mention

# "Derek and Paula Hollins, 64 and 60": a couple named together is one owner of both ages.
_NAME = r"[A-Z][\w'\-]*(?:\s+(?:[A-Z][\w'\-]*|de|van|von|da|di|al|bin|le|and(?=\s+[A-Z])))*"
# "Mia Lopez, 27", "Lopez, aged 27", "Lopez (27)", "Lopez is 27", "Lopez's 12 goals"; also as
# tokenised text writes them ("Lopez , 27", "Lopez 's 12 goals": CNN/DM and XSum sources).
_OWNER_BEFORE = re.compile(
    r"(?P<name>" + _NAME + r")(?:\s?,\s*(?:aged\s+|now\s+)?|\s*\(\s*(?:aged\s+)?|"
    r"(?:,\s+now\s+\d{1,3},)?\s+(?:is|was|turned|turns)\s+(?:now\s+|just\s+)?|"
    r"\s?'s\s+(?:[a-z\-]+\s+){0,2})$"
)
# "the 27-year-old Lopez", "a 27-year-old midfielder, Mia Lopez".
_OWNER_AFTER = re.compile(r"(?:\s+[a-z][a-z\-]*){0,3}(?:\s?,)?\s+(?P<name>" + _NAME + r")")
# Titles written before a name ("Vice-chancellor Helen Oduya", "Professor Helen Oduya"): the
# same person whichever the article and the briefing use.
_TITLES = frozenset(
    {
        "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "st", "prof",
        "professor", "vice-chancellor", "chancellor", "president", "chief", "executive",
        "captain", "coach", "manager", "minister", "secretary", "senator", "governor", "mayor",
        "judge", "justice", "inspector", "sergeant", "detective", "general", "colonel",
        "bishop", "father", "reverend", "rev", "chairman", "chairwoman", "chair", "director",
        "headteacher", "councillor", "cllr", "superintendent", "commissioner", "ambassador",
        "leader", "mp", "mep", "king", "queen", "prince", "princess", "skipper", "striker",
        "midfielder", "defender", "goalkeeper", "veteran", "former", "actor", "singer",
    }
)  # fmt: skip
_NOT_NAMES = frozenset({*STOPWORDS, *MONTHS, *WEEKDAYS, *_TITLES})
# Capitalised nouns that say where someone is from, not who: "the 24-year-old Spaniard" is
# the person the article named before ("Ferran, 24"), so it names no owner of its own.
_DEMONYMS = frozenset(
    {
        "american", "argentine", "argentinian", "australian", "austrian", "belgian",
        "brazilian", "briton", "bulgarian", "canadian", "chilean", "chinese", "colombian",
        "croat", "czech", "dane", "dutchman", "dutchwoman", "egyptian", "englishman",
        "englishwoman", "ethiopian", "finn", "frenchman", "frenchwoman", "georgian", "german",
        "ghanaian", "greek", "hungarian", "icelander", "indian", "iranian", "irishman",
        "irishwoman", "israeli", "italian", "jamaican", "japanese", "kenyan", "korean",
        "mexican", "moroccan", "nigerian", "norwegian", "pakistani", "peruvian", "pole",
        "portuguese", "romanian", "russian", "scot", "serb", "slovak", "slovenian",
        "spaniard", "swede", "swiss", "thai", "turk", "ukrainian", "uruguayan", "venezuelan",
        "welshman", "welshwoman", "zimbabwean", "kiwi", "zealander",
    }
)  # fmt: skip
_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "an", "i")
_OWNED_KINDS = frozenset({"age", "count", "money", "percent"})


def owner(norm: str, mention: Mention) -> frozenset[str]:
    """Lower-cased words of the name a mention is attached to (empty when none is adjacent)."""
    if mention.kind not in _OWNED_KINDS:
        return frozenset()
    if mention.kind == "age" and norm[mention.start : mention.end].lower().endswith("old"):
        # "At Ashfield College, 19-year-old Tamsin Reid": the age is the noun's it describes,
        # never the name before a comma.
        after = _OWNER_AFTER.match(norm, mention.end)
        between = norm[mention.end : after.start("name")].lower().split() if after else []
        # "the 27-year-old midfielder Lopez", not "the 24-year-old could replace Gerrard":
        # a function word between them ("could", "was", "and") ends the noun phrase.
        if after is None or any(word.strip(",") in STOPWORDS for word in between):
            return frozenset()
        name = after.group("name")  # "the 24-year-old Spaniard Carlos Vela": Carlos Vela
        return frozenset() if _demonym(name) else _words(name) - _DEMONYMS
    before = _OWNER_BEFORE.search(norm, max(0, mention.start - 60), mention.start)
    if before is not None and (mention.kind == "age" or "'s" in before.group(0)):
        return _words(before.group("name"))
    return frozenset()


def _demonym(name: str) -> bool:
    """ "the 26-year-old Estonian": one capitalised word that says where someone is from (the
    list, or a demonym's ending: -ian, -ean, -ese, -ish, -an, -i). A surname with such an
    ending ("the 27-year-old Morgan") loses its owner too, and the context words decide."""
    word = name.lower()
    return word in _DEMONYMS or (" " not in word and word.endswith(_DEMONYM_ENDINGS))


def _words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z][a-z'\-]*", name.lower())
                     if w not in _NOT_NAMES and len(w) > 1)  # fmt: skip


def different_owners(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Both sides name an owner, and neither name is the other or part of it: "Lopez" is "Mia
    Lopez", but "Femi Okoro" is not "Jamal Okoro" (brothers share a surname)."""
    return bool(mine) and bool(theirs) and not (mine <= theirs or theirs <= mine)
