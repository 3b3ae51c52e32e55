"""The source side of the check, computed once per article and reused for every briefing.

Preparing a source is the expensive part (sentence splitting, date parsing, the
arithmetic the article implies); checking a briefing against prepared facts is cheap. The
metric caches prepared sources per (text, published) so that ten systems cost one preparation.

Derived facts, the arithmetic a careful reader does on the figures, are in ``derive``.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache

from eval.numeric import patterns as P
from eval.numeric.aboutness import idf_table, unknown_weight
from eval.numeric.attach import owner
from eval.numeric.clocks import Clock, clocks
from eval.numeric.context import SentenceWords, Span, bag, quick_sentences, text_words
from eval.numeric.cues import gapped_context, recency_mark
from eval.numeric.currencies import declared_dollar, weighs_in_pounds
from eval.numeric.extract import extract_mentions, normalise
from eval.numeric.mention import Mention, fast_init
from eval.numeric.multiples import Multiple, multiples
from eval.numeric.nouns import stem
from eval.numeric.parse import subjects as parse_subjects
from eval.numeric.ratios import Figure, exact_stated
from eval.numeric.realtext import name_figures


@fast_init
@dataclass(frozen=True)
class Fact:
    """A mention placed in its text: which sentence, and the words around it."""

    mention: Mention
    sentence: int
    bag: Mapping[str, float]
    derivation: str = ""  # how the source implies it, for derived facts
    parts: tuple[Mention, ...] = ()
    owner: frozenset[str] = frozenset()  # whose figure it is ("Lopez, 27"; see ``attach``)
    subject: tuple[str, ...] = ()  # its clause's subject, head word first, from a parse (``parse``)


@dataclass(frozen=True)
class SourceFacts:
    """Everything the checker needs to know about one article."""

    text: str
    published: date | None
    sentences: tuple[Span, ...]
    facts: tuple[Fact, ...]
    idf: Mapping[str, float] = field(repr=False)
    unknown: float = 1.0  # weight of a claim word the source never uses
    parsed: bool = False  # subjects from a dependency parse (``parse``), briefings parsed too
    # The article's conventions, which a briefing that states none follows: the dollar its
    # bare "$" means (``currencies.declared_dollar``) and whether its "pounds" weigh.
    dollar: str | None = None
    pounds_weigh: bool = False
    # Figures of its names ("Boeing 747"), which a briefing may use alone ("the 747").
    names: frozenset[float] = frozenset()
    # What ``derived`` is computed from: the normalised text and its sentences' words.
    norm: str = field(default="", repr=False, compare=False)
    words: tuple[SentenceWords, ...] = field(default=(), repr=False, compare=False)

    @cached_property
    def derived(self) -> tuple[Fact, ...]:
        """The figures the article implies (``derive``; "a 23rd miner" is one; listed names
        are a count).

        Built on first use, not with the source: only a claim that no stated figure supports
        asks for them (``align``). (Building only the kinds a claim can meet was tried: the
        claims that ask are mostly percentages, which meet every pair's change, so it saved
        nothing measurable.)"""
        # Imported here: both build on ``Fact``, defined in this module.
        from eval.numeric.derive import derive
        from eval.numeric.implied_counts import listed_facts, named_one_facts

        sentences, words = list(self.sentences), list(self.words)
        return (*derive(self.norm, list(self.facts), self.published),
                *named_one_facts(self.norm, sentences, words),
                *listed_facts(self.norm, sentences, words))  # fmt: skip

    @cached_property
    def multiples(self) -> tuple[tuple[int, Multiple], ...]:
        """The article's multiples in words with their sentence, each narrowed to the ratio of
        its own two figures (``ratios.exact_stated``), on first use: only a briefing with a
        multiple asks."""
        found = tuple((index, found) for index, span in enumerate(self.sentences)
                      for found in multiples(self.norm, span.start, span.end))  # fmt: skip
        figures = [Figure.of(fact.mention) for fact in self.facts] if found else []
        return exact_stated(self.norm, self.sentences, figures, found)

    @cached_property
    def clocks(self) -> tuple[tuple[int, Clock], ...]:
        """The article's times of day with their sentence (``clocks``), on first use."""
        return tuple((i, c) for i, s in enumerate(self.sentences)
                     for c in clocks(self.norm, s.start, s.end))  # fmt: skip

    def sentence_text(self, index: int) -> str:
        span = self.sentences[index]
        return self.text[span.start : span.end]

    @cached_property
    def relative_years(self) -> bool:
        """Whether the article states years relative to its own ("last year")."""
        return any(relative_year(fact.mention) for fact in self.facts)

    def indices_of(self, kinds: tuple[str, ...]) -> tuple[int, ...]:
        """Indices into ``facts`` of the facts of these kinds, in article order: a claim is
        compared with no other (``scoring.candidates``), and most facts are of other kinds.
        Remembered per ``kinds``: an article's claims ask for a handful of kind sets."""
        if kinds not in self._of_kinds:
            wanted = set(kinds)
            found = (index for index, fact in enumerate(self.facts) if fact.mention.kind in wanted)
            self._of_kinds[kinds] = tuple(found)
        return self._of_kinds[kinds]

    @cached_property
    def _of_kinds(self) -> dict[tuple[str, ...], tuple[int, ...]]:  # ``indices_of``'s memo
        return {}


# The preposition before a number gives its role: where a change starts ("from 4,200",
# "since 2003"), where it ends ("to 3,150", "until 1961"), its size ("by 25%"), or a point
# ("in 2023", "on Monday").
_ROLE_BEFORE = re.compile(
    r"\b(to|from|by|since|until|till|on|in|at|during|between|and)\s+(?:the\s+)?"
    r"(?:(?:about|around|some|almost|nearly|more\s+than|over|at\s+least|just|roughly|up\s+to|"
    r"less\s+than|fewer\s+than|under|just\s+under|just\s+over|close\s+to)"
    r"\s+)?(?:[£$€¥#]|US\$)?\s?$",
    re.IGNORECASE,
)
_ROLES = {"from": "@start", "since": "@start", "between": "@start", "to": "@end",
          "until": "@end", "till": "@end", "by": "@by", "on": "@at", "in": "@at",
          "at": "@at", "during": "@at"}  # fmt: skip
_BETWEEN_AND = re.compile(r"\bbetween\s+\S+(?:\s+\S+)?\s+and\s+$", re.IGNORECASE)
_ELLIPSIS_GAP = re.compile(r"^[^.;:!?]{0,60}$")
_CONNECTOR = re.compile(r"\b(?:and|or|to|than|from|versus|against|instead\s+of|compared\s+with)\b")


def place(norm: str, mentions: list[Mention], sentences: list[Span],
          published: date | None = None, parse: bool = False,
          words: list[SentenceWords] | None = None) -> list[Fact]:  # fmt: skip
    """Attach each mention to its sentence and context words.

    "rose from 4,200 to 3,150" is told apart by the preposition before each number, which
    becomes a context word of its own ("@from", "@to"). A count with no noun borrows the noun
    of the count before it in "killing 48 people and injuring more than 300". A gapped clause
    borrows the verb of the clause before it, and "first ... since 1984" gets a recency mark
    (see ``cues``).
    """
    starts = [span.start for span in sentences]
    if words is None:  # ``words[i]``: ``sentence_words`` of sentence i, when the caller has them
        words = text_words(norm, [(span.start, span.end) for span in sentences])
    subjects = (parse_subjects(norm, [(m.start, m.end) for m in mentions],
                               [(span.start, span.end) for span in sentences])
                if parse else [()] * len(mentions))  # fmt: skip
    placed: list[Fact] = []
    last_of: dict[tuple[int, str], Fact] = {}  # (sentence, kind) -> the last fact placed
    lifespans = _lifespan_ends(norm)
    for mention, subject in zip(mentions, subjects, strict=True):
        index = max(0, bisect.bisect_right(starts, mention.start) - 1)
        mention = _borrow_noun(norm, mention, placed, index)
        extra = [lifespans[mention.start]] if mention.start in lifespans else []
        if mention.kind == "duration" and _RELATIVE_AFTER.match(norm, mention.end):
            extra.append(RELATIVE)  # "17 years later": the gap between two events' years
        elif mention.kind == "duration" and P.AGO_AFTER.match(norm, mention.end):
            extra.append(AGO)
        role = _span_role(norm, mention) or _role(norm, mention.start)
        if role:
            extra.append(role)
        recency = recency_mark(norm, mention, published)
        if recency:
            extra.append(recency)
        same = last_of.get((index, mention.kind))
        lent = gapped_context(norm, words[index], same.mention, same.bag, mention) if same else {}
        # The counted noun is compared as the unit; as context it would count twice. A noun
        # that names an event ("two deaths", "three arrests") stays: its verb is the source's
        # context ("two people died", "police arrested three men").
        unit = stem(mention.unit) if mention.unit and mention.kind in ("count", "ordinal") else None
        if unit and unit.startswith("="):
            unit = None
        context = bag(words[index], (mention.start, mention.end), extra, unit) if words else {}
        for word, weight in lent.items():
            context[word] = max(context.get(word, 0.0), weight)
        placed.append(Fact(mention, index, context, owner=owner(norm, mention), subject=subject))
        last_of[(index, mention.kind)] = placed[-1]
    return placed


# "Margit Oosterhuis (1931–2008)", "SS Caldermoor (1921-1942)": a span of years in brackets
# right after a name is that name's life; its ends say "born" and "died" without the words.
_LIFESPAN = re.compile(rf"[A-Z][\w'\u2019.-]*\**\s*\((?P<a>{P.YEAR}){P.YEAR_DASH}(?P<b>{P.YEAR})\)")
_BORN, _DIED = stem("born"), stem("died")
# A duration that places one event after another ("floated 17 years later", "died 18 years
# before his wife") is backed by the gap between two years of the article (``derive``).
RELATIVE = "@rel"
_SHARED_MARKS = frozenset({_BORN, _DIED, RELATIVE})  # shared like words (``prepare_source``)
# "opened 21 years ago": a duration counted back from the publication date (``derive``).
AGO = "@ago"
_RELATIVE_AFTER = re.compile(r"\s+(?:later|after|before|earlier|on)\b", re.IGNORECASE)


def _lifespan_ends(norm: str) -> dict[int, str]:
    """Start offset of each end of a lifespan -> the context word it implies."""
    ends: dict[int, str] = {}
    for match in _LIFESPAN.finditer(norm):
        ends[match.start("a")] = _BORN
        ends[match.start("b")] = _DIED
    return ends


_SPAN_AFTER = re.compile(rf"{P.YEAR_DASH}\d")
_SPAN_BEFORE = re.compile(rf"\d{P.YEAR_DASH}$")


def _span_role(norm: str, mention: Mention) -> str | None:
    """ "1990–2008" plays the roles of "from 1990 to 2008"."""
    if mention.kind != "year":
        return None
    if _SPAN_AFTER.match(norm, mention.end):
        return "@start"
    if _SPAN_BEFORE.search(norm, max(0, mention.start - 4), mention.start):
        return "@end"
    return None


def _role(norm: str, start: int) -> str | None:
    return _role_after(norm[max(0, start - 40) : start])


@lru_cache(maxsize=8192)
def _role_after(before: str) -> str | None:
    """``_role`` of a figure after these words, remembered (a briefing's figures have its
    article's windows)."""
    match = _ROLE_BEFORE.search(before)
    if not match:
        return None
    word = match.group(1).lower()
    if word == "and":
        return "@end" if _BETWEEN_AND.search(before) else None
    return _ROLES[word]


_OF_THEM = re.compile(r"\s+of\s+(?:them|those|these)\b", re.IGNORECASE)


def _borrow_noun(norm: str, mention: Mention, placed: list[Fact], index: int) -> Mention:
    """The noun a bare count leaves implicit: "48 people and ... 300", "7,000 of them",
    "All fourteen were freed" after "Fourteen miners"."""
    if mention.kind != "count" or mention.unit is not None or mention.dimension is not None:
        return mention
    measured = _borrow_measure(norm, mention, placed, index)
    if measured is not None:
        return measured
    counted = [f.mention for f in placed if f.mention.kind == "count" and f.mention.unit
               and f.mention.dimension is None and index - f.sentence <= 1]  # fmt: skip
    if _OF_THEM.match(norm, mention.end) and counted:
        return replace(mention, unit=counted[-1].unit, noun_phrase=counted[-1].noun_phrase)
    same = [m for m in counted if m.amount == mention.amount and m.hedge == mention.hedge]
    if same:
        return replace(mention, unit=same[-1].unit, noun_phrase=same[-1].noun_phrase)
    if not placed or placed[-1].sentence != index:
        return mention
    previous = placed[-1].mention
    if previous.kind != "count" or previous.unit is None or previous.dimension is not None:
        return mention
    gap = norm[previous.end : mention.start]
    if not _ELLIPSIS_GAP.match(gap) or not _CONNECTOR.search(gap):
        return mention
    return replace(mention, unit=previous.unit, noun_phrase=previous.noun_phrase)


# Between a measure and a bare figure that compares with it: "11.9 million tonnes, up a third
# from 8.9 million", "rose to 8.1 tonnes per hectare from 6.9" ("on" is left out: "a 5km run on
# Sunday with 300 taking part").
_COMPARED = re.compile(r"\b(?:from|to|than|versus|against|compared\s+with)\b")
# ... a sum, only right after it: "520,000 kroner from 400,000", "£14m, up 9% from 12.8m" (not
# "£14m, and the number of players from 74").
_MONEY_COMPARED = re.compile(
    r",?\s*(?:(?:up|down)\s+[^,]{0,20}?\s+)?(?:from|than|compared\s+with)\s+(?:just\s+)?"
)
_MULTIPLE = re.compile(r"\s*-?(?:times|fold)\b")


def _borrow_measure(norm: str, mention: Mention, placed: list[Fact], index: int
                    ) -> Mention | None:  # fmt: skip
    """A bare figure compared with the measure or sum before it in its sentence takes its unit:
    "8.9 million" in "11.9 million tonnes, up 34% from 8.9 million" is 8.9 million tonnes (its
    interval scaled to the measure's base unit, as the measure's is). Only across a comparison
    word ("from", "to", "than"): "a 10km route, and 2,000 took part" borrows nothing."""
    previous = None
    for fact in reversed(placed):  # back to the sentence's first figure, no further
        if fact.sentence != index:
            return None
        if fact.mention.kind in ("count", "money"):
            previous = fact.mention
            break
    if previous is None or not isinstance(previous.value, float):
        return None
    gap = norm[previous.end : mention.start]
    if not previous.value or not _ELLIPSIS_GAP.match(gap) or not _COMPARED.search(gap):
        return None
    if previous.kind == "money":  # "raised to 520,000 Norwegian kroner from 400,000"
        if not _MONEY_COMPARED.fullmatch(gap) or _MULTIPLE.match(norm, mention.end):
            return None  # "£21.4m to cut 240 jobs", "more than 21 times the price"
        return replace(mention, kind="money", currency=previous.currency, unit=previous.unit)
    if previous.dimension is None:
        return None
    factor = previous.amount / previous.value
    return replace(
        mention, unit=previous.unit, dimension=previous.dimension, low=mention.low * factor,
        high=mention.high * factor, tolerance=mention.tolerance * factor,
        amount=mention.amount * factor,
    )  # fmt: skip


def prepare_source(text: str, published: date | None = None, parse: bool = False) -> SourceFacts:
    """Extract, place and combine the numeric facts of one article (done once per article).

    ``parse``: also attach each figure to its clause's subject with a dependency parse
    (``parse``; optional, off by default: see the design note for its measured effect)."""
    from briefing.text import split_sentences

    sentences = [Span(s.start, s.end) for s in split_sentences(text)] or quick_sentences(text)
    norm = normalise(text)
    words = text_words(norm, [(span.start, span.end) for span in sentences])
    mentions = extract_mentions(text, published, claims=False)
    facts = place(norm, mentions, sentences, published, parse, words)
    if published is None:
        facts = _anchor_at_stated_years(facts)
    # Recency marks ("@gap:41y") and a lifespan's "born"/"died" are shared words like any
    # other; roles ("@to") are not.
    marks: list[set[str]] = [set() for _ in sentences]
    for fact in facts:
        shared = [
            word for word in fact.bag
            if (word[:1] == "@" and word.startswith("@gap:")) or word in _SHARED_MARKS
        ]  # fmt: skip
        if shared:
            marks[fact.sentence].update(shared)
    idf = idf_table({token[0] for token in sentence.tokens} | marks[index]
                    for index, sentence in enumerate(words))  # fmt: skip
    # "@rel" lives on the gaps between years (``derive``), found in no sentence: as rare as a
    # word of one sentence, so that "17 years later" is told from "for 17 years".
    idf.setdefault(RELATIVE, 1.0 + math.log((1 + len(words)) / 2))
    return SourceFacts(text, published, tuple(sentences), tuple(facts), idf,
                       unknown_weight(idf), parse, declared_dollar(mentions),
                       weighs_in_pounds(mentions), name_figures(norm, mentions), norm,
                       tuple(words))  # fmt: skip


def relative_year(mention: Mention) -> bool:
    """ "this year", "last year", "next year" left unresolved (no publication date)."""
    return bool(mention.key) and mention.key.startswith("relyear:")


_STATED_YEARS_MAX = 6  # more distinct years than this and a bare "March 3" could be any


def _anchor_at_stated_years(facts: list[Fact]) -> list[Fact]:
    """Without a publication date, a bare "March 3" in the source is read in each year the
    source itself states ("... in 2019"), so that a briefing's "March 3, 2019", assembled from
    the two places, can be checked. The words-only key is kept for briefings without a year."""
    years = sorted({int(f.mention.low) for f in facts if f.mention.kind == "year"
                    and f.mention.low == f.mention.high and 1500 <= f.mention.low <= 2100}
                   | {date.fromordinal(int(f.mention.low)).year for f in facts
                      if f.mention.kind == "date" and not math.isnan(f.mention.low)})  # fmt: skip
    if not years or len(years) > _STATED_YEARS_MAX:
        return facts
    anchored = []
    for fact in facts:
        mention = fact.mention
        kind, _, value = (mention.key or "").partition(":")
        readings: list[tuple[float, float]] = []
        for year in years:
            try:
                if kind == "md":
                    month, day = (int(part) for part in value.split("-"))
                    ordinal = float(date(year, month, day).toordinal())
                    readings.append((ordinal, ordinal))
                elif kind == "month":
                    month = int(value)
                    first = date(year, month, 1)
                    following = date(year + (month == 12), month % 12 + 1, 1)
                    readings.append((float(first.toordinal()), float(following.toordinal() - 1)))
            except ValueError:
                continue  # February 29 in a year without one
        if readings and mention.kind == "date":
            mention = replace(mention, low=readings[0][0], high=readings[0][1],
                              readings=tuple(readings) if len(readings) > 1 else ())  # fmt: skip
            fact = replace(fact, mention=mention)
        anchored.append(fact)
    return anchored
