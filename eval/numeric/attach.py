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

from eval.numeric.lexicon import MONTHS, PERSON_NOUNS, STOPWORDS, WEEKDAYS
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


# Nouns of kin and standing that "N-year-old" describes as often as it does a person noun
# (``lexicon.PERSON_NOUNS`` holds the others); endings of nouns for what people do.
_KIN = frozenset(
    {"daughter", "son", "mother", "father", "brother", "sister", "wife", "husband", "widow",
     "widower", "grandmother", "grandfather", "granddaughter", "grandson", "girlfriend",
     "boyfriend", "partner", "mum", "dad", "toddler", "schoolboy", "schoolgirl", "pensioner",
     "youngster", "veteran", "mp", "councillor", "chef", "coach", "captain", "star"}
)  # fmt: skip
_DOER = re.compile(r"[a-z]{3,}(?:er|or|ist|ian|man|woman)$")
_NOT_DOERS = frozenset(
    {"tower", "river", "theatre", "center", "container", "computer", "trailer", "liner",
     "steamer", "trawler", "bomber", "manor", "corridor", "harbor", "harbour", "shelter",
     "register", "chamber", "charter", "order", "quarter", "letter", "paper", "water"}
)  # fmt: skip
_NEXT_WORD = re.compile(r"\s*([A-Za-z][a-z'\-]*)?")


def persons_age(text: str, mention: Mention, named: frozenset[str]) -> bool:
    """Whether an age is a person's ("Haugh, 25", "aged 15", "the owner, 38", "her
    six-year-old daughter", "the 62-year-old grandfather", "the 24-year-old could"), not a
    thing's ("the 135-year-old mill", "the mill, 135 years old"). A person's age is no span
    of time an event took: "jailed for six years" is not backed by "her six-year-old
    daughter", nor "volunteered for 22 years" by "a 22-year-old hiker"; a thing's age may be
    ("the mill has stood for 135 years")."""
    if mention.kind != "age":
        return False
    if named:
        return True
    written = mention.text.lower().replace(" ", "")  # tokenised "27 - year - old" too
    if "year" not in written and "old" not in written:
        return True  # a bare age beside a noun or name: "Haugh, 25", "aged 15"
    if not written.endswith(("-old", "-olds")):
        return False  # "135 years old": whose is left to the context words
    word = _NEXT_WORD.match(text, mention.end)
    following = (word.group(1) or "").lower() if word else ""
    if not following or following in STOPWORDS:
        return True  # the age as a noun: "the 24-year-old could replace", "the 62-year-old,"
    noun = following[:-1] if following.endswith("s") and len(following) > 3 else following
    if noun in _KIN or noun in PERSON_NOUNS:
        return True
    return bool(_DOER.match(noun)) and noun not in _NOT_DOERS
