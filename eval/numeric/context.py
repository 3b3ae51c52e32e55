"""What a number is about: the words around it, weighted by how close they are.

Two mentions of numbers are "about the same thing" when the words of their clauses agree
("injuring more than 300" vs "48 people were injured"). Each mention gets a bag of stemmed
content words: its own clause at full weight, the rest of its sentence at a lower weight.
Clauses end at punctuation and at the conjunctions that join two facts in one sentence
("killing 48 people and injuring 300"), which is where moved numbers hide.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from eval.numeric.lexicon import CARDINALS, STOPWORDS
from eval.numeric.nouns import stem
from eval.numeric.realtext import looks_tokenised

# The words nearest a number say most about it: weights by distance in content words.
PROXIMITY_WEIGHTS = (3.0, 2.5, 2.0)
LOCAL_WEIGHT = 3.0  # for marks such as "@to" (the preposition right before a number)
CLAUSE_WEIGHT = 1.0
SENTENCE_WEIGHT = 0.25

_TOKEN = re.compile(
    r"[A-Za-z][A-Za-z'\-]*|\b(?:1[5-9]\d\d|20\d\d)\b(?![.,:]\d)|\d+(?:[.,:]\s?\d+)*[A-Za-z]*"
    r"|[,;:()|\u2014\u2013]|\s-\s"
)
_RELATIVE = frozenset({"who", "which", "whose"})  # open a clause about the words before
_CLAUSE_WORDS = frozenset(
    {"and", "but", "while", "whereas", "although", "though", "after", "before", "when",
     "which", "who", "where", "because", "whose", "whom"}
)  # fmt: skip
_NOT_CONTEXT = frozenset(
    set(CARDINALS)
    | {"hundred", "thousand", "million", "billion", "trillion", "bn", "m", "k", "per", "cent",
       "percent", "dozen", "half", "quarter", "about", "around", "nearly", "almost", "some",
       "least", "than", "more", "over", "under", "up", "just", "roughly"}
)  # fmt: skip
_KEEP = frozenset({"last", "next", "year", "month", "week", "day", "first", "second"})
# After a comma, what opens an aside that describes the noun before it: an article (", a town
# of 8,600,") or a participle (", priced at £289,", ", valued at $2bn,").
_ARTICLE_AFTER = re.compile(
    r"\s*(?:(?:a|an|the)\s|[a-z]+ed\s+(?:at|by|in|on|for|from)\s)", re.IGNORECASE
)
_ASIDE_WORDS = 6
# A capitalised word right before a bracket ("Salt and Static (1998)", "**Harbour 2** (2004)"):
# from the word's start to the bracket, nothing but the word, asterisks and spaces.
_NAME = r"[A-Z][\w'\u2019.-]*[*\s]*"
_NAME_BEFORE = re.compile(_NAME)
_MARKER_ONLY = re.compile(r"\s*(?:\*\*)?\d{1,2}\.")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_ITEM_START = re.compile(r"(?:[-*\u2022+][ \t]|\d{1,2}[.)][ \t]|#|\|)")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]*[A-Z0-9£$€])|\n\s*\n")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def quick_sentences(text: str) -> list[Span]:
    """Sentence spans by punctuation and by the lines of a list: fast, for briefings (sources
    use the project's splitter, ``briefing.text``, once).

    Chat models write briefings as markdown: a heading, then "- Budget: £3.1 million" on one
    line and "- Sequel: *Harbour 2* (2004)" on the next, with no full stop between. Each item
    is a sentence of its own, or the words of one item would be read as the context of the
    next item's figure.
    """
    spans: list[Span] = []
    position = 0
    for match in _SENTENCE_SPLIT.finditer(text):
        line_start = max(position, text.rfind("\n", 0, match.start()) + 1)
        if _MARKER_ONLY.fullmatch(text, line_start, match.start()):
            continue  # "1. Founded: 1998": the full stop of a list number ends no sentence
        if match.start() > position:
            spans.extend(_lines(text, position, match.start()))
        position = match.end()
    if position < len(text):
        spans.extend(_lines(text, position, len(text)))
    return [span for span in spans if text[span.start : span.end].strip()]


def _lines(text: str, start: int, end: int) -> list[Span]:
    """``text[start:end]`` cut before list items and after headings and lines that end a
    statement (":" included); other line breaks are a hard-wrapped sentence going on."""
    spans = []
    line_start = start
    for match in _LINE_BREAK.finditer(text, start, end):
        line = text[line_start : match.start()].strip()
        if (_ITEM_START.match(text, match.end()) or line.startswith("#")
                or line.endswith((":", ".", "!", "?", "**"))):  # fmt: skip
            spans.append(Span(line_start, match.start()))
            line_start = match.end()
    spans.append(Span(line_start, end))
    return spans


class Token(NamedTuple):
    """One content word: a named tuple, not a dataclass, as every word of every sentence of
    every text is one (a tenth of the time ``sentence_words`` took went into building them)."""

    stem: str
    start: int
    clause: int


@dataclass(frozen=True)
class SentenceWords:
    """Content words of one sentence and where its clauses break."""

    tokens: tuple[Token, ...]
    breaks: tuple[int, ...]  # start offsets of clause boundaries, in order
    asides: frozenset[int] = frozenset()  # clauses that describe a name: ", a town of 8,600,"
    labelled: frozenset[int] = frozenset()  # clauses after a leading label: "Visitors: 26,000"
    relative: frozenset[int] = frozenset()  # clauses opened by "who", "which", "whose"
    # Clauses in brackets right after a capitalised word: "Salt and Static (1998)"
    named: frozenset[int] = frozenset()
    # Clauses opened by "and"/"or" right after a figure in an aside: "Ana Cruz, 34, and Rui
    # Tavares, 37": the next name of a list of named figures
    listed: frozenset[int] = frozenset()

    def clause_at(self, position: int) -> int:
        return bisect.bisect_left(self.breaks, position)  # breaks before ``position``


def sentence_words(text: str, start: int, end: int, tokenised: bool | None = None
                   ) -> SentenceWords:  # fmt: skip
    """Content-word stems of ``text[start:end]`` with the clause each belongs to.

    ``tokenised``: ``False`` when the caller knows the whole text shows no tokeniser spacing
    (``text_words`` looks once for all its sentences); ``None`` looks at this sentence."""
    found: list[Token] = []
    breaks: list[int] = []
    asides: set[int] = set()
    labelled: set[int] = set()
    relative: set[int] = set()
    named: set[int] = set()
    listed: set[int] = set()
    described = -1  # the clause opened by ", a"/", the", which may be an aside
    words_since_break = 0
    if tokenised is None:
        tokenised = looks_tokenised(text, start, end)
    plain, new_token = _PLAIN_WORDS, tuple.__new__  # ``Token(...)`` without its Python frame
    for match in _TOKEN.finditer(text, start, end):
        token = match.group()
        content = plain.get(token, _MARKED)
        if content is not _MARKED:
            # A plain word, most tokens: the tests below are for figures, marks and the
            # words that join or open clauses, so it goes straight to the content test.
            words_since_break += 1
            if content is not None:
                found.append(new_token(Token, (content, match.start(), len(breaks))))
            continue
        lowered = token.lower()
        if lowered[0].isalpha() and lowered not in _MARKED_WORDS:
            words_since_break += 1
            content = stem(lowered) if len(lowered) >= 2 and lowered not in _NO_CONTENT else None
            if len(plain) < _PLAIN_WORDS_MAX:
                plain[token] = content
            if content is not None:
                found.append(Token(content, match.start(), len(breaks)))
            continue
        if tokenised and lowered == " - " and _hyphen(text, match.start(), match.end()):
            continue  # "small - business customers": a tokenised hyphen, not a dash
        if lowered[0].isdigit():
            # Figures next to a number tell it apart ("3.1% in the 12 months to February").
            found.append(Token(figure_token(lowered), match.start(), len(breaks)))
            continue
        if lowered in _JOINING and _names_joined(text, match.start(), match.end()):
            continue  # "the towns of Mirrabel and Wyndon were evacuated": one noun phrase
        if lowered == "," and _NAME_APPOSITION.match(text, match.end()):
            continue  # "... for the incumbent, Gordon Fairleigh.": the name is the noun's
        if not lowered[0].isalpha() or lowered in _CLAUSE_WORDS:
            if lowered in _JOINING and found and found[-1].stem[0] == "#" and _ASIDE_END.fullmatch(
                    text, found[-1].start, match.start()):  # fmt: skip
                listed.add(len(breaks) + 1)
            if lowered == "," and breaks and words_since_break == 0 and text[breaks[-1]] == ",":
                breaks.pop()  # "Daniel Kiprono, 29, finished second": an aside, not a clause
                found = [Token(t.stem, t.start, min(t.clause, len(breaks))) for t in found]
                words_since_break = 1
                continue
            if lowered == "," and described == len(breaks) and words_since_break <= _ASIDE_WORDS:
                asides.add(described)
            # "Visitors: 26,000", or a table row "| Visitors | 26,000 |": a leading label
            leading = lowered in (":", "|") and all(t.clause == len(breaks) for t in found)
            breaks.append(match.start())
            if leading and found:
                labelled.add(len(breaks))
            if lowered in _RELATIVE:
                relative.add(len(breaks))
            if (
                lowered == "("
                and found
                and _NAME_BEFORE.fullmatch(text, found[-1].start, match.start())
            ):
                named.add(len(breaks))
            words_since_break = 0
            opens_aside = lowered == "," and _ARTICLE_AFTER.match(text, match.end())
            described = len(breaks) if opens_aside else -1
            continue
        words_since_break += 1
        if lowered in _NOT_CONTEXT or len(lowered) < 2:
            continue
        if lowered in STOPWORDS and lowered not in _KEEP:
            continue
        found.append(Token(stem(lowered), match.start(), len(breaks)))
    return SentenceWords(tuple(found), tuple(breaks), frozenset(asides), frozenset(labelled),
                         frozenset(relative), frozenset(named), frozenset(listed))  # fmt: skip


_JOINING = frozenset({"and", "or"})
# What ``sentence_words`` made of each plain word it met, by the word as written: its stem
# when it is a content word, ``None`` when not (figures, marks and the words that join or open
# clauses are not kept: they are tested one by one). One look-up instead of lower-casing,
# testing and stemming the word again: a few thousand words make most text.
_PLAIN_WORDS: dict[str, str | None] = {}
_PLAIN_WORDS_MAX = 200_000
_MARKED = object()  # not a plain word met before
_SEPARATORS = re.compile(r"[,\s]")  # dropped from a figure's token: "30, 000" is "#30000"


def figure_token(figure: str) -> str:
    """A figure as a context word ("#30000" for "30, 000"): figures next to a number tell it
    apart, and a claim that names a figure of the source has that word (``worked``)."""
    return "#" + _SEPARATORS.sub("", figure.lower())


# Words ``sentence_words`` tests one by one (they may join names or open a clause); every other
# word is content unless it is in ``_NO_CONTENT`` (``_NOT_CONTEXT``, and the stopwords that are
# not ``_KEEP``).
_MARKED_WORDS = _JOINING | _CLAUSE_WORDS
_NO_CONTENT = _NOT_CONTEXT | (STOPWORDS - _KEEP)
# A name of one to four capitalised words between a comma and the end of its phrase: an
# apposition ("the Conservative incumbent, Gordon Fairleigh, who"), not a clause of its own.
_NAME_APPOSITION = re.compile(
    r"\s*(?:[A-Z][\w'\u2019.-]*\s+){0,3}[A-Z][\w'\u2019.-]*\s*(?:[,.;)]|$)"
)
_NAME_END = re.compile(r"[A-Z][\w'\u2019.-]*\s+$")
_NAME_START = re.compile(r"\s+[A-Z]")
# A figure closed by a comma, then the joining word: "Ana Cruz, 34, and"
_ASIDE_END = re.compile(r"[\d.,]*\d\s*,\s*")


def _names_joined(text: str, start: int, end: int) -> bool:
    """Whether "and"/"or" at ``text[start:end]`` joins two capitalised names ("Mirrabel and
    Wyndon", "Gary Player and Ben Crenshaw"): a noun phrase, not two clauses."""
    return bool(_NAME_END.search(text, max(0, start - 30), start)
                and _NAME_START.match(text, end))  # fmt: skip


def text_words(text: str, spans: Iterable[tuple[int, int]]) -> list[SentenceWords]:
    """``sentence_words`` of each ``(start, end)`` span of one text. A sentence shows tokeniser
    spacing only where the text does, so a text without any is searched once, not once per
    sentence."""
    maybe = None if looks_tokenised(text) else False
    return [sentence_words(text, start, end, maybe) for start, end in spans]


def _hyphen(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and text[start - 1].isalnum() and text[end].isalnum()


def bag(words: SentenceWords, exclude: tuple[int, int], extra: Iterable[str] = (),
        unit: str | None = None) -> dict[str, float]:  # fmt: skip
    """Weighted context words of the mention spanning ``exclude`` (its own words left out).

    A number alone in its clause ("Ann, 64, was") borrows the clauses on either side, and so
    does one in an aside that describes a name ("Ketterby, a village of 300, was evacuated").
    """
    start, end = exclude
    clause = words.clause_at(start)
    # A bag per figure of every article: tuples unpacked, not attributes, in short loops.
    # The other words, and whether the figure's clause holds another word ("alone": none but
    # figures) or nothing at all ("bare").
    others = [t for t in words.tokens if not start <= t[1] < end and t[0] != unit]
    in_clause = [word for word, _, at in others if at == clause]
    bare = not in_clause
    alone = all(word[0] == "#" for word in in_clause)
    # One figure alone in brackets after a name ("Salt and Static (1998)") is the name's
    # figure: the name is its context, every word of it alike (no proximity weights: the
    # nearest word of a name says no more than its first), and the rest of the sentence is as
    # far as any other clause ("(1998) reached number 4" does not make 1998 the year it
    # charted). A lifespan ("Ann Richards (1933-2006) was ...") is not bare: it keeps the
    # usual context, as its sentence says who lived then.
    named = bare and clause in words.named
    near = {clause, clause - 1} if named else _near(words, clause, alone)
    # Every word at the sentence's weight, then those of the near clauses at the clause's: the
    # better weight of each word, the words in the order they first appear.
    weights = dict.fromkeys([t[0] for t in others], SENTENCE_WEIGHT)
    weights.update(dict.fromkeys([word for word, _, at in others if at in near], CLAUSE_WEIGHT))
    if not named:  # the nearest words on either side, inside the near clauses
        split = bisect.bisect_left(others, start, key=_OFFSET)  # in order, the figure's out
        _closest(weights, reversed(others[:split]), near)
        _closest(weights, others[split:], near)
    for word in extra:
        weights[word] = LOCAL_WEIGHT
    return weights


_OFFSET = itemgetter(1)  # a token's offset


def _closest(weights: dict[str, float], side: Iterable[Token], near: set[int]) -> None:
    """Raise the words nearest a figure, nearest first, to ``PROXIMITY_WEIGHTS``: ``side`` is
    the tokens on one side of it, from the figure outwards; only those in ``near`` clauses."""
    rank = 0
    for word, _, clause in side:
        if clause not in near:
            continue
        weight = PROXIMITY_WEIGHTS[rank]
        if weights.get(word, 0.0) < weight:
            weights[word] = weight
        rank += 1
        if rank == len(PROXIMITY_WEIGHTS):
            return


def _near(words: SentenceWords, clause: int, alone: bool) -> set[int]:
    """The clauses whose words weigh as the figure's own (``bag``)."""
    near = {clause}
    if clause in words.asides or alone:
        near |= {clause - 1, clause + 1}
        if alone and clause - 1 in words.listed:
            # "founded by Ana Cruz, 34, and Rui Tavares, 37": the list's first clause says
            # what every figure of it is (the clause of "34", before the joining word).
            first = clause - 2
            while first > 0 and not any(t.clause == first for t in words.tokens):
                first -= 1
            near.add(first)
    if clause in words.labelled:
        near.add(clause - 1)  # "- Visitors: 26,000 over four days": the label says what it is
    if clause in words.relative:
        # "Priya Raman, 51, who took over in 2021": a relative clause is about the name before
        # it (the nearest clause with words: ", who" leaves an empty one between them).
        antecedent = clause - 1
        while antecedent > 0 and not any(t.clause == antecedent for t in words.tokens):
            antecedent -= 1
        near.add(antecedent)
    return near


_BRACKET_AFTER_NAME = re.compile(_NAME + r"\(\s*$")
_BRACKET_CLOSE = re.compile(r"\s*\)")


def titled(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands alone in brackets after a name: "Salt and Static
    (1998)", "**Harbour 2** (2004)". Such a year names no event of its own (release, launch,
    first performance), only that the name has it (``bag`` gives it the name's words)."""
    return bool(_BRACKET_AFTER_NAME.search(text, max(0, start - 40), start)
                and _BRACKET_CLOSE.match(text, end))  # fmt: skip
