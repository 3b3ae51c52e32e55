"""The source side of the check, computed once per article and reused for every briefing.

Preparing a source is the expensive part (sentence splitting with pysbd, date parsing, the
arithmetic the article implies); checking a briefing against prepared facts is cheap. The
metric caches prepared sources per (text, published) so that ten systems cost one preparation.

Derived facts are the simple arithmetic a careful reader does: the difference or sum of two
figures in the same or neighbouring sentences, the percentage change between them, what is
left of 100%, the year "40 years ago" points to. They can back a claim ("fell by 25%") but
never contradict one.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from eval.numeric import patterns as P
from eval.numeric.attach import owner
from eval.numeric.context import (
    LOCAL_WEIGHT,
    SentenceWords,
    Span,
    bag,
    idf_table,
    quick_sentences,
    sentence_words,
    unknown_weight,
)
from eval.numeric.cues import gapped_context, recency_mark
from eval.numeric.extract import extract_mentions, normalise
from eval.numeric.figures import figure_parts
from eval.numeric.format import figure
from eval.numeric.implied import implied_figures
from eval.numeric.mention import Mention
from eval.numeric.nouns import noun_relation, stem
from eval.numeric.singular import named_ones

_ARITHMETIC_KINDS = ("count", "money", "percent")
_SENTENCE_REACH = 1  # pairs come from the same or the next sentence


@dataclass(frozen=True)
class Fact:
    """A mention placed in its text: which sentence, and the words around it."""

    mention: Mention
    sentence: int
    bag: Mapping[str, float]
    derivation: str = ""  # how the source implies it, for derived facts
    parts: tuple[Mention, ...] = ()
    owner: frozenset[str] = frozenset()  # whose figure it is ("Lopez, 27"; see ``attach``)


@dataclass(frozen=True)
class SourceFacts:
    """Everything the checker needs to know about one article."""

    text: str
    published: date | None
    sentences: tuple[Span, ...]
    facts: tuple[Fact, ...]
    derived: tuple[Fact, ...]
    idf: Mapping[str, float] = field(repr=False)
    unknown: float = 1.0  # weight of a claim word the source never uses

    def sentence_text(self, index: int) -> str:
        span = self.sentences[index]
        return self.text[span.start : span.end]


# The preposition before a number gives its role: where a change starts ("from 4,200",
# "since 2003"), where it ends ("to 3,150", "until 1961"), its size ("by 25%"), or a point
# ("in 2023", "on Monday").
_ROLE_BEFORE = re.compile(
    r"\b(to|from|by|since|until|till|on|in|at|during|between|and)\s+(?:the\s+)?"
    r"(?:(?:about|around|some|almost|nearly|more\s+than|over|at\s+least|just|roughly|up\s+to)"
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
          published: date | None = None) -> list[Fact]:  # fmt: skip
    """Attach each mention to its sentence and context words.

    "rose from 4,200 to 3,150" is told apart by the preposition before each number, which
    becomes a context word of its own ("@from", "@to"). A count with no noun borrows the noun
    of the count before it in "killing 48 people and injuring more than 300". A gapped clause
    borrows the verb of the clause before it, and "first ... since 1984" gets a recency mark
    (see ``cues``).
    """
    starts = [span.start for span in sentences]
    words = [sentence_words(norm, span.start, span.end) for span in sentences]
    placed: list[Fact] = []
    for mention in mentions:
        index = max(0, bisect.bisect_right(starts, mention.start) - 1)
        mention = _borrow_noun(norm, mention, placed, index)
        extra = []
        role = _role(norm, mention.start)
        if role:
            extra.append(role)
        recency = recency_mark(norm, mention, published)
        if recency:
            extra.append(recency)
        same = [f for f in placed if f.sentence == index and f.mention.kind == mention.kind]
        lent = (
            gapped_context(norm, words[index], same[-1].mention, same[-1].bag, mention)
            if same
            else {}
        )
        # The counted noun is compared as the unit; as context it would count twice.
        unit = stem(mention.unit) if mention.unit and mention.kind in ("count", "ordinal") else None
        context = bag(words[index], (mention.start, mention.end), extra, unit) if words else {}
        for word, weight in lent.items():
            context[word] = max(context.get(word, 0.0), weight)
        placed.append(Fact(mention, index, context, owner=owner(norm, mention)))
    return placed


def _role(norm: str, start: int) -> str | None:
    before = norm[max(0, start - 40) : start]
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


def prepare_source(text: str, published: date | None = None) -> SourceFacts:
    """Extract, place and combine the numeric facts of one article (done once per article)."""
    from briefing.text import split_sentences

    sentences = [Span(s.start, s.end) for s in split_sentences(text)] or quick_sentences(text)
    norm = normalise(text)
    words = [sentence_words(norm, span.start, span.end) for span in sentences]
    facts = place(norm, extract_mentions(text, published, claims=False), sentences, published)
    if published is None:
        facts = _anchor_at_stated_years(facts)
    # Recency marks ("@gap:41y") are shared words like any other; roles ("@to") are not.
    marks: list[set[str]] = [set() for _ in sentences]
    for fact in facts:
        marks[fact.sentence].update(word for word in fact.bag if word.startswith("@gap:"))
    idf = idf_table([*(t.stem for t in sentence.tokens), *marks[index]]
                    for index, sentence in enumerate(words))  # fmt: skip
    derived = _derive(norm, facts, published) + _named_ones(norm, sentences, words)
    return SourceFacts(text, published, tuple(sentences), tuple(facts), tuple(derived), idf,
                       unknown_weight(idf))  # fmt: skip


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


def _named_ones(norm: str, sentences: list[Span], words: list[SentenceWords]) -> list[Fact]:
    """ "a 23rd miner" is one miner: a derived count of one (see ``singular``)."""
    starts = [span.start for span in sentences]
    found = []
    for named in named_ones(norm):
        index = max(0, bisect.bisect_right(starts, named.start) - 1)
        mention = Mention(text=norm[named.start : named.end], start=named.start, end=named.end,
                          kind="count", value=1.0, low=1.0, high=1.0, unit=named.noun,
                          noun_phrase=named.phrase, amount=1.0)  # fmt: skip
        context = bag(words[index], (named.start, named.end), (), stem(named.noun))
        found.append(Fact(mention, index, context, f"{mention.text} is one {named.noun}"))
    return found


def _merge(left: Mapping[str, float], right: Mapping[str, float]) -> dict[str, float]:
    merged = dict(left)
    for word, weight in right.items():
        if merged.get(word, 0.0) < weight:
            merged[word] = weight
    return merged


def _derived(kind: str, value: float, unit, base: Fact, other: Fact | None, how: str,
             currency=None, dimension=None, role: str | None = None) -> Fact:  # fmt: skip
    mention = Mention(text=figure(kind, value, unit, currency), start=base.mention.start,
                      end=base.mention.end, kind=kind, value=value, low=value, high=value,
                      unit=unit, currency=currency, dimension=dimension,
                      noun_phrase=base.mention.noun_phrase, amount=value)  # fmt: skip
    context = _merge(base.bag, other.bag) if other is not None else dict(base.bag)
    # The parts' roles ("from 4,200", "to 3,150") are not the role of their difference.
    context = {word: weight for word, weight in context.items() if not word.startswith("@")}
    for part in (base, other):
        if part is not None and part.mention.unit and part.mention.kind == "count":
            context[stem(part.mention.unit)] = LOCAL_WEIGHT  # what the parts count
    if role:
        context[role] = LOCAL_WEIGHT
    parts = (base.mention,) if other is None else (base.mention, other.mention)
    return Fact(mention, base.sentence, context, how, parts)


def _compatible(a: Mention, b: Mention) -> bool:
    if a.kind != b.kind or a.currency != b.currency or a.dimension != b.dimension:
        return False
    return a.unit == b.unit or a.kind in ("count", "percent")


def _derive(norm: str, facts: list[Fact], published: date | None) -> list[Fact]:
    derived: list[Fact] = []
    usable = [f for f in facts if f.mention.kind in _ARITHMETIC_KINDS
              and math.isfinite(f.mention.amount) and f.mention.hedge != "vague"]  # fmt: skip
    for i, first in enumerate(usable):
        for second in usable[i + 1 :]:
            if second.sentence - first.sentence > _SENTENCE_REACH:
                break
            a, b = first.mention, second.mention
            if not _compatible(a, b):
                continue
            derived.extend(_pair_facts(first, second))
    derived.extend(_tallies(norm, facts))
    derived.extend(_figure_parts(facts))
    derived.extend(_ordinal_counts(facts))
    derived.extend(_implied(norm, facts))
    percents_by_sentence: dict[int, list[Fact]] = {}
    for fact in usable:
        if fact.mention.kind == "percent" and fact.mention.unit == "%":
            percents_by_sentence.setdefault(fact.sentence, []).append(fact)
    for group in percents_by_sentence.values():
        if len(group) >= 2:
            total = sum(f.mention.amount for f in group)
            if total < 100:
                shown = " and ".join(f.mention.text for f in group)
                rest = figure("percent", 100 - total, "%")
                how = f"100% minus {shown} leaves {rest}"
                derived.append(_derived("percent", 100 - total, "%", group[0], group[1], how))
    if published is not None:
        for fact in facts:
            mention = fact.mention
            if (
                mention.kind == "duration"
                and mention.unit in ("year", "decade", "century")
                and P.AGO_AFTER.match(norm, mention.end)
            ):
                years = round(mention.amount / 365.25)
                year = float(published.year - years)
                how = f"{mention.text} ago, from {published.year}, is {int(year)}"
                derived.append(_derived("year", year, None, fact, None, how))
            elif mention.kind == "year" and mention.low == mention.high <= published.year:
                # "founded in 1921" makes an organisation 103 years old in 2024.
                age = float(published.year - mention.low)
                how = f"{mention.text} was {int(age)} years before {published.year}"
                derived.append(_derived("age", age, "year", fact, None, how, dimension="age"))
    return derived


_TALLY_GAP = re.compile(r"\s*(?:[A-Za-z]+\s+)?(?:to|-|–)\s*")


def _implied(norm: str, facts: list[Fact]) -> list[Fact]:
    """ "30% of 52,000 customers", "double that", "two other finalists" (see ``implied``)."""
    mentions = [fact.mention for fact in facts]
    found = []
    for figure_ in implied_figures(norm, mentions, lambda i: facts[i].sentence):
        base = facts[figure_.base]
        other = facts[figure_.other] if figure_.other is not None else None
        money = base.mention.currency if figure_.kind == "money" else None
        found.append(_derived(figure_.kind, figure_.value, figure_.unit, base, other,
                              figure_.how, money))  # fmt: skip
    return found


def _tallies(norm: str, facts: list[Fact]) -> list[Fact]:
    """ "by six votes to three" states the score "6-3" without writing it."""
    found = []
    for first, second in itertools.pairwise(facts):
        a, b = first.mention, second.mention
        if (
            a.kind == b.kind == "count"
            and first.sentence == second.sentence
            and a.hedge is None
            and b.hedge is None
            and _TALLY_GAP.fullmatch(norm, a.end, b.start)
        ):
            high, low = max(a.amount, b.amount), min(a.amount, b.amount)
            key = f"{high:g}-{low:g}"
            mention = replace(a, text=key, kind="score", value=key, key=key, end=b.end)
            how = f"{norm[a.start : b.end]} is {a.amount:g}-{b.amount:g}"
            found.append(Fact(mention, first.sentence, dict(first.bag), how, (a, b)))
    return found


_ORDINAL_COUNT_MAX = 20


def _ordinal_counts(facts: list[Fact]) -> list[Fact]:
    """ "a second café" means two cafés; "her fifth goal of the season", five goals."""
    found = []
    for fact in facts:
        mention = fact.mention
        if (mention.kind != "ordinal" or mention.unit is None or mention.hedge is not None
                or not 2 <= mention.amount <= _ORDINAL_COUNT_MAX):  # fmt: skip
            continue
        how = f"{mention.text} {mention.unit} means {mention.amount:g} of them"
        found.append(_derived("count", mention.amount, mention.unit, fact, None, how))
    return found


def _figure_parts(facts: list[Fact]) -> list[Fact]:
    """ "six for 58" also says six wickets and 58 runs (see ``figures``)."""
    found = []
    for fact in facts:
        mention = fact.mention
        if mention.kind != "score" or " for " not in f" {mention.text.lower()} ":
            continue
        first, second = (int(part) for part in str(mention.value).split("-"))
        for value, unit in figure_parts(first, second):
            how = f"{mention.text} is {value:g} {unit or 'of a figure'}"
            found.append(_derived("count", value, unit, fact, None, how))
    return found


def _pair_facts(first: Fact, second: Fact) -> list[Fact]:
    a, b = first.mention, second.mention
    kind, unit, currency, dimension = a.kind, a.unit, a.currency, a.dimension
    x, y = a.amount, b.amount
    out: list[Fact] = []
    difference = abs(x - y)
    if kind == "count" and noun_relation(a.unit, b.unit, a.noun_phrase, b.noun_phrase) is None:
        difference = 0.0  # 85 nurses minus 12 consultants means nothing
    if difference > 0:
        diff_unit = "pp" if kind == "percent" else (unit or b.unit)
        shown = figure(kind, difference, diff_unit, currency, dimension)
        out.append(_derived(kind, difference, diff_unit, first, second,
                            f"{a.text} and {b.text} differ by {shown}", currency, dimension,
                            "@by"))  # fmt: skip
    if kind != "percent" and first.sentence == second.sentence:
        total = x + y
        # 85 nurses and 12 consultants make 97 staff: the sum counts something broader.
        same = kind != "count" or noun_relation(a.unit, b.unit) == 1.0
        total_unit = unit if same else None
        shown = figure(kind, total, total_unit, currency, dimension)
        out.append(
            _derived(
                kind,
                total,
                total_unit,
                first,
                second,
                f"{a.text} and {b.text} add up to {shown}",
                currency,
                dimension,
            )
        )
    if kind in ("count", "money", "percent") and difference > 0:
        for old, old_text, new_text in ((x, a.text, b.text), (y, b.text, a.text)):
            if old > 0:
                change = difference / old * 100.0
                shown = figure("percent", change, "%")
                out.append(_derived("percent", change, "%", first, second,
                                    f"{old_text} to {new_text} is a {shown} change",
                                    role="@by"))  # fmt: skip
    return out
