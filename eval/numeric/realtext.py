"""Text as models and datasets really write it: tokenised spacing, names, URLs, meta sentences.

Two jobs, both done before a number is compared with anything:

* ``detokenise`` closes the spaces that tokenised text (XSum, CNN/DM, PTB) puts inside numeric
  expressions, "27 - year - old", "$ 160 million", "November 28 , 1972", "2010 - 11", "12 %",
  so that the ordinary readers see "27-year-old" and "$160 million". It returns a position map,
  so every mention still indexes the caller's text exactly. Only spaces next to a figure or
  inside a hyphenated compound are closed; a dash between two clauses stays a dash.
* ``not_claims`` finds the numbers that are not quantities: figures inside URLs and e-mail
  addresses, list markers ("1." at the start of a line), names and titles ("Channel 4",
  "Apollo 11", "Division Two", "Windows 11", "Boeing 737", "the number ten shirt"), a measure
  that names a class ("the men's 89 kg class", on the source side too), ordinals
  that point into the document ("the first paragraph") and counts of the document's own parts
  in sentences about the document ("The article reports two events", "The text covers three
  separate topics"). A claim there would be checked against nothing and flagged for nothing.
"""

from __future__ import annotations

import re

from eval.numeric.lexicon import MONTHS, STOPWORDS, WEEKDAYS
from eval.numeric.mention import Mention
from eval.numeric.nouns import lemma

_FIGURE_WORD = (
    r"(?:year|month|week|day|hour|minute|second|mile|metre|meter|km|point|time|man|"
    r"woman|member|seat|storey|story|strong|game|match|goal|run|foot|feet|inch|acre|ton|tonne)s?"
)
# Spaces a tokeniser added: (pattern, group whose span is deleted).
_CLOSE = [
    re.compile(r"(?<=[\w%)])( +)(?=[,;:%)](?!\S\S)|[,;:%)]\s|\.(?:\s|$)|'s\b|n't\b)"),
    re.compile(r"(?<=\d)( +)(?=%)"),
    re.compile(r"(?:[£$€¥]|US\$|\()( +)(?=\d)"),
    re.compile(r"(?<=\d)( +)-( +)(?=\d|" + _FIGURE_WORD + r"\b)", re.IGNORECASE),
    re.compile(
        r"\b" + _FIGURE_WORD + r"( +)-( +)(?=olds?\b|long\b|high\b|wide\b|deep\b)", re.IGNORECASE
    ),
    re.compile(r"[£$€¥]\s*\d[\d,.]*( +)(?=(?:m|bn|mn|k|tn)\b)"),
    # "a 5.68 m juvenile", "46 km": a unit symbol; the reader then tells metres from millions.
    re.compile(r"(?<=\d)( +)(?=(?:m|km|cm|mm|kg)\b(?! *-))"),
]
# Tokeniser spacing: found wherever ``\s[,;:%)]|\d +- +\w|\w +- +\d|[£$€¥] +\d|\w +- +old\b|\d +%``
# finds some, but written so that each alternative opens with a space, a space character or a
# currency sign (three times faster: other positions fail at once); "\d +%" is "\s%" already.
_LOOKS_TOKENISED = re.compile(
    r"\s[,;:%)]| (?<=\w ) *- +(?=\d|olds?\b)| (?<=\d ) *- +(?=\w)|[£$€¥] +\d"
)


def looks_tokenised(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` shows tokeniser spacing ("Lopez , 27", "12 %")."""
    if start or end is not None:  # a slice: the pattern's look-behinds see nothing before it
        return _LOOKS_TOKENISED.search(text[start:end]) is not None
    return _whole_text_tokenised(text)


_last_looked: tuple[str, bool] = ("", False)  # the last whole text looked at, and the answer


def _whole_text_tokenised(text: str) -> bool:
    """``looks_tokenised`` of a whole text, the last text's answer kept: an article is looked
    at twice in a row (its sentences' words, then ``detokenise``), a scan of it each time."""
    global _last_looked
    last = _last_looked
    if last[0] is text or last[0] == text:
        return last[1]
    found = _LOOKS_TOKENISED.search(text) is not None
    _last_looked = (text, found)
    return found


def detokenise(text: str) -> tuple[str, list[int] | None]:
    """``text`` with tokeniser spaces closed, and for each kept character its offset in
    ``text`` (``None`` when nothing had to change: the common case costs one search)."""
    if not _whole_text_tokenised(text):
        return text, None
    drop = bytearray(len(text))
    for pattern in _CLOSE:
        for match in pattern.finditer(text):
            for group in range(1, (pattern.groups or 0) + 1):
                start, end = match.span(group)
                if start >= 0:
                    drop[start:end] = b"\x01" * (end - start)
    kept = [i for i in range(len(text)) if not drop[i]]
    if len(kept) == len(text):
        return text, None
    return "".join(text[i] for i in kept), kept


def remap(mention: Mention, text: str, kept: list[int]) -> Mention:
    """A mention found in detokenised text, moved back onto the caller's text."""
    from dataclasses import replace

    start = kept[mention.start]
    end = kept[mention.end - 1] + 1
    return replace(mention, text=text[start:end], start=start, end=end)


_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.]+|\b[\w-]+\.(?:com|org|net|"
                  r"gov|edu|co\.uk|io)(?:/\S*)?", re.IGNORECASE)  # fmt: skip
# A literal every match of ``_URL`` holds (same flags): most texts have none, and a search for
# it is six times cheaper than ``_URL``'s own scan, which tries every word as an address.
_URL_CUE = re.compile(r"://|www\.|@|\.(?:com|org|net|gov|edu|co\.uk|io)", re.IGNORECASE)
_LIST_MARKER = re.compile(
    r"(?m)^[ \t]*(?:#+[ \t]*|[-*\u2022][ \t]*)?(?:\*\*|__)?\(?\d{1,2}[.)](?:\*\*|__)?(?=[ \t]+\S)"
)  # "1. ", "2) ", "- 3. ", "**4.** ", "## 5. ": list markers and numbered headings
# A capitalised word right before a figure that makes it part of a name ("Apollo 11"), unless
# the word is a function word, a hedge, a month or a weekday ("About 40", "In 2019").
_WORD_BEFORE = re.compile(r"(?:^|[^\w'])([A-Z][A-Za-z]+)[ \t]+$")
_NOT_NAME_WORDS = frozenset(
    {"only", "all", "just", "exactly", "precisely", "nearly", "almost", "another", "some",
     "over", "under", "around", "about", "roughly", "approximately", "since", "by", "to",
     "from", "with", "and", "or", "the", "a", "an", "of", "in", "on", "at", "for", "its",
     "their", "his", "her", "our", "my", "your", "these", "those", "top", "first", "last",
     "final", "every", "each", "more", "fewer", "less", "than", "up", "down", "until", "till",
     "after", "before", "during", "between", "among", "circa", "approx", "aged",
     "age", "ages", "least", "most", "number", "no", "nine", "ten", "year", "years", "page",
     "pages", "but", "yet", "so", "as", "if", "when", "while", "then",
     "now", "still", "even", "already", "both", "many", "few", "several"}
)  # fmt: skip
_NAME_KINDS = frozenset({"count", "ordinal"})
_GROUPED = re.compile(r"\d[,.]\d")  # "1,230", "81.20": figures no name carries
# A weight that names a competition's class: "the women's 71 kg category", "the 89 kg title"
# (a distance names a race whose length is a claim: "won the 1500m final").
_WEIGHT_CLASS = re.compile(
    r"[ \t]*(?:weight[ \t]+)?(?:class|category|division|title|crown|gold)\b", re.IGNORECASE
)
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_][\w'-]*)")
_SHIRT = re.compile(r"\s*(?:shirt|jersey|kit|top|spot|seed|slot)\b", re.IGNORECASE)
_NUMBER_BEFORE = re.compile(r"\bnumber[ \t]+$", re.IGNORECASE)
# Sentences about the document itself, and the parts they count.
_META_SUBJECT = re.compile(
    r"\W*(?:(?:overall|in\s+summary|in\s+short|in\s+brief|briefly),?\s+)?"
    r"(?:the|this|that)\s+(?:news\s+|whole\s+|original\s+|given\s+|provided\s+|source\s+)?"
    r"(?:article|text|passage|report|story|piece|document|summary|excerpt|source|extract|"
    r"briefing|item|bulletin|paragraph|section)s?\b",
    re.IGNORECASE,
)
_META_NOUNS = frozenset(
    {"event", "topic", "point", "theme", "story", "issue", "development", "item", "paragraph",
     "section", "sentence", "part", "aspect", "subject", "update", "piece", "headline", "area",
     "angle", "perspective", "thread", "segment", "takeaway", "detail", "element", "fact",
     "matter", "news", "report", "incident", "thing", "idea", "message", "quote", "claim",
     "statement", "argument", "example", "source", "narrative", "strand", "line"}
)  # fmt: skip
_DESCRIBES = re.compile(
    r"\s+(?:also\s+|briefly\s+|mainly\s+|primarily\s+)?(?:(?:appears|seems)\s+to\s+)?"
    r"(?:describes?|discuss(?:es)?|covers?|mentions?|contains?|lists?|presents?|features?|"
    r"highlights?|outlines?|compares?|introduces?|profiles?|concerns?|is\s+about|talks\s+about|"
    r"focus(?:es)?\s+on|refers?\s+to|includes?|provides?\s+information\s+(?:about|on)|"
    r"(?:is|are)\s+(?:about|on)|details?|touches\s+on|tells\s+of|summari[sz]es?)"
    r"\s+(?:the\s+|about\s+)?(?:(?:following|activities|stories|careers|lives|details)\s+of\s+"
    r"(?:the\s+)?)?",
    re.IGNORECASE,
)
_DISTINCT_AFTER = re.compile(
    r"\s+(?:very\s+)?(?:different|separate|distinct|unrelated|other)\s", re.IGNORECASE
)
_ONE_THE_OTHER = re.compile(r"\bone\b.{0,300}?\b(?:the\s+other|the\s+second|another)\b",
                            re.IGNORECASE | re.DOTALL)  # fmt: skip
_LIST_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|;\s*|\s+and\s+|\s+or\s+")
# "X and Y are two ...", "the Iliad and the Odyssey, two works of ...": a named pair.
_NAMED = r"(?:(?:the|a|an)\s+)?[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)*"
_PAIR_BEFORE = re.compile(r"\b" + _NAMED + r"\s+and\s+" + _NAMED
                          + r"(?:\s+(?:are|were)\s+(?:both\s+)?|\s*,\s*)$")  # fmt: skip
# "Two films are mentioned", "two individuals ... are described": entries of the document.
_DESCRIBED_AFTER = re.compile(
    r"[\w\s,'\-]{0,60}?\b(?:are|were)\s+(?:also\s+|both\s+|briefly\s+)?(?:mentioned|described|"
    r"discussed|listed|covered|featured|named|profiled|presented|introduced|highlighted)\b",
    re.IGNORECASE,
)
_DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|both|all)\s+$", re.IGNORECASE)
_DOCUMENT_PARTS = frozenset({"paragraph", "section", "sentence", "excerpt", "passage"})
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)(?=\S)")


def not_claims(norm: str, mentions: list[Mention], names: bool = True) -> list[Mention]:
    """``mentions`` without those that are not quantities (see the module note).

    ``names=False`` keeps names and sentences about the document: the source side does, so
    that a briefing that writes a name in lower case ("a boeing 747", as lower-cased datasets
    do) still finds it in the article instead of being flagged for it.
    """
    if not mentions:
        return mentions
    urls = [match.span() for match in _URL.finditer(norm)] if _URL_CUE.search(norm) else []
    markers = [match.span() for match in _LIST_MARKER.finditer(norm)]
    kept = []
    for mention in mentions:
        if _inside(mention, urls) or _inside(mention, markers):
            continue
        if names and mention.kind in _NAME_KINDS and _is_name(norm, mention):
            continue
        if mention.kind == "count" and _age_group(norm, mention):
            continue  # on both sides: an age group is a team's name, never a rival figure
        if mention.dimension == "mass" and _WEIGHT_CLASS.match(norm, mention.end):
            continue  # "the men's 89 kg class" names a class on both sides, weighs nothing
        if names and (_about_the_document(norm, mention) or _counts_its_list(norm, mention)):
            continue
        kept.append(mention)
    return kept


# A list item on a line of its own: "- Yes: 34,118", "* Turnout: 83.7%", "2. Beds: 164".
_LIST_ITEM_LINE = re.compile(r"[ \t]*(?:[-*\u2022+]|\d{1,2}[.)])[ \t]+\S")


def name_figures(norm: str, mentions: list[Mention]) -> frozenset[float]:
    """The figures of an article's names that a briefing may use alone: "the custom-built
    Boeing 747" lets a briefing say "a 747" (three digits at least: "Channel 4" does not make
    every bare 4 a name)."""
    return frozenset(float(m.value) for m in mentions
                     if m.kind == "count" and m.amount >= 100 and m.text.isdigit()
                     and not _RESULT_AFTER.match(norm, m.end) and _is_name(norm, m)
                     and not _OPENS_SENTENCE.search(norm, 0, m.start))  # fmt: skip


# A results line goes on with more figures ("Westmoor 402 and 288-7 dec"): a team's score.
_RESULT_AFTER = re.compile(r"\s*(?:and|for|[-,;/])?\s*\d")
# ... and a capitalised word that opens its sentence names nothing ("Set 311 to win").
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?:\n]\s*)[A-Za-z]+\s+$")


def names_one(mention: Mention, names: frozenset[float]) -> bool:
    """Whether a briefing's bare figure is one of its article's names ("the 747 can carry")."""
    return (mention.kind == "count" and mention.hedge is None and mention.unit is None
            and mention.value in names)  # fmt: skip


def _counts_its_list(norm: str, mention: Mention) -> bool:
    """ "Four key figures:" or "The result in four lines:" above a list of exactly four items
    counts the briefing's own entries, not anything in the world."""
    if mention.kind != "count" or mention.hedge is not None or not 2 <= mention.amount <= 12:
        return False
    line_end = norm.find("\n", mention.end)
    if line_end < 0 or not norm[mention.end : line_end].rstrip(" *").endswith(":"):
        return False
    items = 0
    for line in norm[line_end + 1 :].split("\n"):
        if not _LIST_ITEM_LINE.match(line):
            break
        items += 1
    return items == mention.amount


def _inside(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(start <= mention.start and mention.end <= end for start, end in spans)


# An age group's name, as sport writes it without a hyphen: "under" and a team's word after
# the figure ("children under 16 must" is a bound, not a name).
_AGE_GROUP_BEFORE = re.compile(r"\bunder\s*$", re.IGNORECASE)
_AGE_GROUP_AFTER = re.compile(
    r"s?\s+(?:international|internationals|side|sides|team|teams|squad|level|encounter|match|"
    r"game|fixture|championships?|tournament|league|cup|final|football|players?|coach|"
    r"manager|debut|cap|caps|world|european|euro|title|derby|clash|tie)\b",
    re.IGNORECASE,
)


def _age_group(norm: str, mention: Mention) -> bool:
    """ "the under 18 encounter", "a Germany Under 21 international"."""
    before = norm[max(0, mention.start - 8) : mention.start]
    return bool(_AGE_GROUP_BEFORE.search(before) and _AGE_GROUP_AFTER.match(norm, mention.end))


def _is_name(norm: str, mention: Mention) -> bool:
    """ "Apollo 11", "Division Two", "Boeing 737", "the number ten shirt"."""
    before = norm[max(0, mention.start - 30) : mention.start]
    if _NUMBER_BEFORE.search(before) and _SHIRT.match(norm, mention.end):
        return True
    if mention.kind != "count" or mention.hedge is not None:
        return False
    if _GROUPED.search(mention.text):
        return False  # "River Teme 1,230 times", "Brent 81.20": no name has a grouped figure
    word = _WORD_BEFORE.search(before)
    if word is None:
        return False
    lowered = word.group(1).lower()
    if lowered in _NOT_NAME_WORDS or lowered in STOPWORDS:
        return False
    if lowered in MONTHS or lowered in WEEKDAYS or lowered.rstrip("s") in WEEKDAYS:
        return False
    # "Apollo 11 landed", but "Kenya 3 medals" (a headline) counts the noun after it.
    after = _NEXT_WORD.match(norm, mention.end)
    return not (after and mention.unit and after.group(1).lower() == mention.unit)


def _about_the_document(norm: str, mention: Mention) -> bool:
    """ "The first paragraph ...", "The article reports two events", "The passage describes
    two films": counts of the document's own parts or entries, not of anything in the world."""
    if mention.kind not in ("count", "ordinal"):
        return False
    if mention.kind == "ordinal" and any(
        lemma(word) in _DOCUMENT_PARTS for word in mention.noun_phrase[:2]
    ):
        return True
    starts = [match.end() for match in _SENTENCE_START.finditer(norm, 0, mention.start + 1)]
    start = starts[-1] if starts else 0
    subject = _META_SUBJECT.match(norm, start)
    if subject is None:
        return False
    if mention.unit and lemma(mention.unit) in _META_NOUNS:
        return True
    # "The passage describes two different films": the object of a describing verb counts the
    # entries the document holds. "The article reports that two people died" is a claim.
    between = norm[subject.end() : mention.start]
    return (mention.kind == "count" and mention.hedge is None and mention.amount <= 10
            and bool(_DESCRIBES.fullmatch(between)))  # fmt: skip


def reference_counts(norm: str, mentions: list[Mention]) -> set[int]:
    """Indices of mentions that only refer to things the text itself names or lists: "the two
    fighters" (a definite count of people just named), and enumerating ordinals ("The first
    film ... The second film", "the first is ..., the second ..."). The check drops them when
    the source has nothing about the same thing (then they were never figures); a source figure
    about the same thing that differs still contradicts them."""
    found: set[int] = set()
    ordinals = [i for i, m in enumerate(mentions) if m.kind == "ordinal" and m.amount <= 5]
    for i in ordinals:
        if mentions[i].amount != 1.0:
            continue
        # "the first film ... the second film", "the first is ... the second": the same noun
        # (or none) counted on; "the first game ... the second goal" is no list.
        unit = _enumerated(mentions[i])
        run = [i]
        for j in ordinals:
            same = unit is None or _enumerated(mentions[j]) in (unit, None)
            if j > run[-1] and mentions[j].amount == len(run) + 1 and same:
                run.append(j)
        if len(run) >= 2:
            found.update(run)
    for index, mention in enumerate(mentions):
        if mention.kind != "count" or mention.hedge is not None or not 2 <= mention.amount <= 5:
            continue
        if not (mention.unit and norm[mention.end : mention.end + 1] == " ") or "-" in norm[
                mention.start : mention.end]:  # fmt: skip
            continue  # "the three-match series" is a compound, not a reference
        if _DEFINITE_BEFORE.search(
            norm, max(0, mention.start - 12), mention.start
        ) or _lists_its_entries(norm, mention):
            found.add(index)
    return found


def _lists_its_entries(norm: str, mention: Mention) -> bool:
    """A count of entries the briefing itself lists or tells apart: "two different films",
    "Two individuals: X and Y", "two films ...: one is ..., the other ...", "X and Y are two
    separate people", "X and Y, two works of ...", "Two films are mentioned". Whether those
    entries are in the source is a question for the entries, not for the number."""
    if _DISTINCT_AFTER.match(norm, mention.end) or _DESCRIBED_AFTER.match(norm, mention.end):
        return True
    end = norm.find(". ", mention.end)
    rest = norm[mention.end : end if end >= 0 else len(norm)]
    if mention.amount == 2 and _ONE_THE_OTHER.search(rest):
        return True
    colon = rest.find(":")
    if 0 <= colon <= 150:  # the rest of its sentence: "Three groups are ... in ...: A, B and C"
        items = [part.strip() for part in _LIST_SPLIT.split(rest[colon + 1 :]) if part.strip()]
        # "Two individuals: French Montana, an American rapper, and Plan B, a British artist":
        # the entries are the names, the rest describes them.
        named = [item for item in items if item[:1].isupper()]
        if int(mention.amount) in (len(items), len(named)):
            return True
    before = norm[max(0, mention.start - 80) : mention.start]
    return mention.amount == 2 and bool(_PAIR_BEFORE.search(before))


def _enumerated(mention: Mention) -> str | None:
    """What an ordinal enumerates: the noun right after it ("the second film runs" -> film)."""
    head = mention.noun_phrase[0] if mention.noun_phrase else mention.unit
    return None if head is None or head in ("one", "is", "was") else lemma(head)
