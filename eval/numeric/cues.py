"""Context a number's own clause leaves out, recovered from the sentence around it.

Two constructions hide the words that say what a number is about:

* Gapping: "The stage winner receives €8,000 and the overall winner €25,000". The second clause
  has no verb; read alone, "€25,000" is about "overall winner" and nothing else, while the
  briefing's "the overall winner receives €25,000" is matched to the €8,000 that "receives".
  The verb of the parallel clause, and what the gapped one leaves out, are lent to it.
* Recency: "the first time in 41 years", "their first win since 1984", "the first aid in six
  weeks". The span after "first" is what the ordinal is about, and "since 1984" is "in 41
  years" when the article is dated 2025. Both become the same context mark ("@gap:41y").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from eval.numeric.context import LOCAL_WEIGHT, SentenceWords
from eval.numeric.currencies import same_currency
from eval.numeric.lexicon import CARDINALS, STOPWORDS
from eval.numeric.mention import Mention
from eval.numeric.nouns import time_unit

# Verbs that take a figure as object but do not end in -ed/-ing ("took 12", "won 40%").
_BARE_VERBS = frozenset(
    {"took", "made", "won", "got", "gave", "rose", "fell", "grew", "paid", "sold", "hit", "lost",
     "spent", "cost", "costs", "set", "put", "cut", "drew", "ran", "saw", "kept", "held", "led",
     "left", "brought", "bought", "earns", "earn", "receives", "receive", "gets", "get", "takes",
     "take", "pays", "pay", "wins", "win", "scores", "score", "holds", "makes", "needs", "owns",
     "employs", "reach", "reaches", "hits", "totals", "tops", "passes", "exceeds", "becomes",
     "become", "became", "remains", "stood", "stands", "came", "comes", "went", "goes"}
)  # fmt: skip
_AUXILIARIES = frozenset({"is", "was", "were", "are", "has", "have", "had", "will", "would", "be"})
_SENTENCE_END = re.compile(r"[.;!?]")
_GAP_OPENERS = ("and", "but", "while", "whereas", ",")
_ADJACENT = re.compile(r"^[A-Za-z'\-]+(?:\s+[A-Za-z]+){0,3}\s*$")  # "receives", "rose by about"
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_SIGNS = re.compile(r"[£$€¥#]|US\$|\b(?:about|around|some|almost|nearly|roughly|just)\b", re.I)


def gapped_context(
    norm: str,
    words: SentenceWords,
    previous: Mention,
    previous_bag: Mapping[str, float],
    mention: Mention,
) -> dict[str, float]:
    """Words to lend ``mention`` when its clause repeats ``previous``'s without the verb.

    "S V X P A and S' M A'": M gets V (at full weight) and the words between V and P; S when
    S' is empty ("finished with six for 58 and ten for 121"), A when A' is ("rose 4.2% in
    April and imports 1.8%"), each with the weight it had for P. Nothing is lent when M's
    clause has a verb of its own ("killing 48 people and injuring 300", "and 300 were hurt").
    """
    if previous.kind != mention.kind or not same_currency(previous.currency, mention.currency):
        return {}
    clause = words.clause_at(mention.start)
    if mention.kind == "age" or clause == 0 or words.clause_at(previous.start) != clause - 1:
        return {}
    opener = words.breaks[clause - 1]
    if not norm.startswith(_GAP_OPENERS, opener):
        return {}
    between = _SIGNS.sub(" ", norm[opener : mention.start]).split(None, 1)
    gap_words = [w.lower() for w in _WORD.findall(between[1])] if len(between) > 1 else []
    subject = [w for w in gap_words if w not in STOPWORDS and w not in CARDINALS]
    if len(subject) > 3 or (gap_words and (gap_words[-1] in STOPWORDS or _verbish(gap_words[-1]))):
        return {}  # "and injuring 300", "and rose to 40": the clause has its verb
    clause_end = words.breaks[clause] if clause < len(words.breaks) else len(norm)
    tail = _WORD.findall(_SENTENCE_END.split(norm[mention.end : clause_end], 1)[0])
    if any(_verbish(w.lower(), nouns_in_ing=True) or w.lower() in _AUXILIARIES for w in tail):
        return {}  # "and 300 were injured"; "and £1.1m on street lighting" has no verb
    own = [t for t in words.tokens if t.clause == clause]
    theirs = [t for t in words.tokens if t.clause == clause - 1 and t.stem[0] != "#"
              and not previous.start <= t.start < previous.end]  # fmt: skip
    before = [t for t in theirs if t.start < previous.start]
    if not before or before[-1].stem in {t.stem for t in own}:
        return {}
    verb = before[-1]
    if not _ADJACENT.match(norm[verb.start : previous.start]):
        return {}  # "John Perrin, 67, and his wife Ann, 64": no verb, two asides
    lent = {t.stem: previous_bag.get(t.stem, 0.0) for t in before[:-1] if not subject}
    if not any(t.start >= mention.end for t in own):
        lent.update({t.stem: previous_bag.get(t.stem, 0.0) for t in theirs if t.start > verb.start})
    lent[verb.stem] = LOCAL_WEIGHT
    return {word: weight for word, weight in lent.items() if weight > 0}


def _verbish(word: str, nouns_in_ing: bool = False) -> bool:
    """A verb form, as far as spelling tells; after a figure "-ing" is mostly a noun."""
    endings = ("ed",) if nouns_in_ing else ("ed", "ing")
    return word in _BARE_VERBS or (len(word) > 4 and word.endswith(endings))


_YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
_COUNT = r"(?P<count>\d+|" + "|".join(sorted(CARDINALS, key=len, reverse=True)) + r")"
RECENCY = re.compile(
    r"[^.;:!?]{0,60}?\b(?:since\s+(?:the\s+)?(?:(?:end|start|spring|summer|autumn|winter)\s+"
    r"of\s+)?" + _YEAR + r"\b|(?:in|for)\s+(?:more\s+than\s+|over\s+|almost\s+|nearly\s+|"
    r"about\s+)?" + _COUNT + r"\s+(?P<unit>years?|months?|weeks?|days?|decades?)\b)",
    re.IGNORECASE,
)


def recency_mark(norm: str, ordinal: Mention, published: date | None) -> str | None:
    """ "first ... since 1984" and "first ... in 41 years" give the same mark ("@gap:41y")."""
    if ordinal.kind != "ordinal":
        return None
    match = RECENCY.match(norm, ordinal.end)
    if match is None:
        return None
    if match.group("year"):
        year = int(match.group("year"))
        if published is None or year > published.year:
            return f"@gap:{year}"
        return f"@gap:{published.year - year}y"
    word = match.group("count").lower()
    count = int(word) if word.isdigit() else int(CARDINALS[word])
    unit = time_unit(match.group("unit")) or "year"
    if unit == "decade":
        count, unit = count * 10, "year"
    return f"@gap:{count}{unit[0]}"
