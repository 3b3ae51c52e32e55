"""Why a verdict was reached, in terms a doubting user can check against the texts.

For every claim: the reading (value, unit or counted noun, hedge, the interval the words
assert, and the words it is attached to), the source mentions that were candidates (their own
reading and attachment, how much they are about the same thing, whether their value agrees),
which one won and by which rule, and the verdict's reason. ``reason`` is the one-line form
kept in the metric's evidence for the report's drill-down; ``explain`` is the full form of
``check-numbers --explain`` (and of its ``--json`` output, under the key ``explain``).

Attachment words are shown as the text writes them (the checker compares crude stems, which
read badly), strongest first: the words of the number's own clause, nearest first, then the
marks the checker adds: "@start"/"@end"/"@by"/"@at" for the number's role in a change
("from 4,200", "to 3,150", "by 25%", "in 2019") and "@gap:41y" for "first ... since 1984".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from eval.numeric.align import Judgement
from eval.numeric.context import _TOKEN
from eval.numeric.facts import Fact, SourceFacts
from eval.numeric.mention import Mention
from eval.numeric.nouns import stem
from eval.numeric.scoring import COMPATIBLE_KINDS, Candidates, score_against, unit_relation

ATTACHED_SHOWN = 6  # words of attachment in the full explanation
REASON_WORDS = 4  # and in the one-line reason
CANDIDATES_SHOWN = 5


@lru_cache(maxsize=4096)  # a source sentence is shown for many claims of many briefings
def surface_words(text: str) -> dict[str, str]:
    """stem -> the first word of ``text`` with that stem ("injur" -> "injured"); callers must
    not change the returned mapping (it is cached)."""
    words: dict[str, str] = {}
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        if word[0].isalpha():
            words.setdefault(stem(word.lower()), word)
    return words


def attached(bag: Mapping[str, float], surface: Mapping[str, str], limit: int) -> list[str]:
    """The words a number is attached to, strongest first, as the text writes them."""
    ranked = sorted(bag.items(), key=lambda item: (-item[1], item[0]))
    shown = []
    for word, _weight in ranked:
        if word.startswith("#"):
            continue  # a neighbouring figure: part of the context, not what the number is about
        shown.append(surface.get(word, word.lstrip("=")))
        if len(shown) == limit:
            break
    return shown


def reading(mention: Mention, bag: Mapping[str, float], surface: Mapping[str, str],
            limit: int = ATTACHED_SHOWN) -> dict:  # fmt: skip
    """What the checker read in one mention."""
    return {
        "text": mention.text,
        "kind": mention.kind,
        "value": mention.value,
        "unit": mention.unit,
        "hedge": mention.hedge,
        "interval": _interval(mention),
        "attached": attached(bag, surface, limit),
    }


def _interval(mention: Mention) -> list | None:
    if math.isnan(mention.low) or math.isnan(mention.high):
        return None
    if mention.kind == "date":
        return [date.fromordinal(int(mention.low)).isoformat(),
                date.fromordinal(int(mention.high)).isoformat()]  # fmt: skip
    return [mention.low, mention.high]


def reason(claim_mention: Mention, claim_bag: Mapping[str, float],
           summary_surface: Mapping[str, str], judgement: Judgement, source: SourceFacts
           ) -> str:  # fmt: skip
    """One line: what the claim is about, what it was matched with, and the deciding rule."""
    about = ", ".join(attached(claim_bag, summary_surface, REASON_WORDS)) or "no context words"
    parts = [f"{judgement.verdict}: claim about {about}"]
    fact = judgement.fact
    if fact is not None:
        sentence = source.sentence_text(fact.sentence)
        theirs = ", ".join(attached(fact.bag, surface_words(sentence), REASON_WORDS))
        role = "derived from" if judgement.derived else "nearest source figure"
        shown = fact.derivation if judgement.derived else fact.mention.phrase
        parts.append(f"{role} {shown!r} (sentence {fact.sentence + 1}) is about {theirs or '-'}")
    if judgement.rule:
        parts.append(judgement.rule)
    return "; ".join(parts)


def explain(claim_mention: Mention, claim_bag: Mapping[str, float],
            summary_surface: Mapping[str, str], judgement: Judgement, source: SourceFacts,
            explanation: str) -> dict:  # fmt: skip
    """The full explanation of one verdict (see the module note)."""
    found = judgement.found
    candidates = []
    if found is not None:
        scored = [(score, index, "agrees") for score, index in found.matches]
        scored += [(score, index, "differs") for score, index in found.rivals]
        scored += _too_vague(claim_mention, claim_bag, source, found)
        scored.sort(key=lambda item: (-item[0], item[1]))
        winner = judgement.fact
        for score, index, value in scored[:CANDIDATES_SHOWN]:
            candidates.append(_candidate(source.facts[index], score, value, source,
                                         source.facts[index] is winner))  # fmt: skip
    winner = judgement.fact
    return {
        "reading": reading(claim_mention, claim_bag, summary_surface),
        "candidates": candidates,
        "winner": None if winner is None else {
            "text": winner.derivation if judgement.derived else winner.mention.phrase,
            "sentence": winner.sentence + 1,
            "derived": judgement.derived,
            "role": "evidence" if judgement.verdict != "unsupported" else "about something else",
        },
        "why": judgement.rule,
        "verdict": judgement.verdict,
        "reason": explanation,
    }  # fmt: skip


def judged_by_rule(text: str, kind: str, value: float | str, unit: str | None, verdict: str,
                   rule: str, explanation: str) -> dict:  # fmt: skip
    """The explanation of a claim that a rule of its own judged (a multiple in words such as
    "tripled", a time of day), with the same keys as ``explain``'s: it has no figure
    candidates, and the rule's one line says what it was held against."""
    return {
        "reading": {"text": text, "kind": kind, "value": value, "unit": unit, "hedge": None,
                    "interval": None, "attached": []},
        "candidates": [],
        "winner": None,
        "why": rule,
        "verdict": verdict,
        "reason": explanation,
    }  # fmt: skip


def _too_vague(claim: Mention, claim_bag: Mapping[str, float], source: SourceFacts,
               found: Candidates) -> list[tuple[float, int, str]]:  # fmt: skip
    """Source mentions of the same kind that neither back nor contradict the claim because
    the value differs and one side is too vague to contradict ("thousands of soldiers" for
    "500,000 soldiers"): shown so that a user sees they were considered."""
    listed = {index for _, index in found.matches} | {index for _, index in found.rivals}
    kinds = COMPATIBLE_KINDS[claim.kind]
    extra = []
    for index, fact in enumerate(source.facts):
        if index in listed or fact.mention.kind not in kinds:
            continue
        unit = unit_relation(claim, fact.mention)
        if unit is not None:
            score = score_against(claim_bag, fact, unit, source, claim)
            extra.append((score, index, "differs, too vague to contradict"))
    return extra


def _candidate(fact: Fact, score: float, value: str, source: SourceFacts, won: bool) -> dict:
    sentence = source.sentence_text(fact.sentence)
    read = reading(fact.mention, fact.bag, surface_words(sentence), REASON_WORDS)
    return {**read, "sentence": fact.sentence + 1, "about": round(score, 3), "value_check": value,
            "chosen": won}  # fmt: skip
