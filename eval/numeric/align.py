"""Which source fact a claim is about, and whether the two values agree.

For a claim, every source mention of a compatible kind is a candidate referent, scored for
being about the same thing by its counted noun or unit and its context words (``scoring``). The
best-scoring candidate
whose value agrees backs the claim unless a candidate with a different value is clearly more
about the same thing; then the claim is contradicted. Arithmetic the source implies can back a
claim but never contradict it. With nothing about the same thing, the claim is unsupported.

Claims of one briefing are judged together in one respect: a source fact that another claim
restates cannot also contradict this one ("fell to 38.4% from 61.2%" against a source with
both figures).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from eval.numeric.aboutness import aboutness, weigh_claim
from eval.numeric.agreement import EXPLICIT_YEAR, agrees
from eval.numeric.attach import persons_age
from eval.numeric.context import CLAUSE_WEIGHT, titled
from eval.numeric.coordination import coordinated, states_difference, year_spans
from eval.numeric.derive import differences_for, shares_for
from eval.numeric.distant import as_written, may_be_far_difference
from eval.numeric.ends import earlier_value, role_swapped
from eval.numeric.extract import hedge_family
from eval.numeric.facts import AGO, RELATIVE, Fact, SourceFacts
from eval.numeric.gaps import gaps_for, sentence_gaps
from eval.numeric.lexicon import PERSON_EVENT_NOUNS
from eval.numeric.mention import Mention
from eval.numeric.nouns import canonical, umbrella
from eval.numeric.proportions import is_proportion
from eval.numeric.scoring import (
    COMPATIBLE_KINDS,
    ORDINAL_GENERIC,
    ROLES,
    Candidates,
    candidates,
    score_fact,
    unit_relation,
)
from eval.numeric.worked import RULE as WORKED
from eval.numeric.worked import worked
from eval.numeric.workyears import dated_elsewhere, release_year

# A different value must be about the same thing by this much more to win over a match.
MARGIN = 0.15
# A figure the source states once, restated exactly by the claim (same digits, same hedge),
# keeps its match against a rival in another sentence that is more about the claim by up to
# this much: across sentences, wording differs between a briefing and its article ("a breach
# affecting 2.3 million people", "data of 2.3 million customers") more than the figures'
# contexts do. Within one sentence the clauses tell two figures apart reliably ("needs 3
# million euros and has raised 1.1 million"), so a figure moved there is still caught.
RESTATED_MARGIN = 0.3
# Unless the claim uses this many words that the article uses around the rival and nowhere
# in the restated figure's sentence: "engineers restored water to 18,500 homes by Monday" has
# the 18,500 of one sentence on the words of "engineers had restored water to 11,200 of the
# homes by Monday", a figure moved, not a wording changed.
RIVAL_ONLY_WORDS = 2
_RESTATED_KINDS = frozenset({"count", "money", "percent", "score", "duration"})
# Below this, a different value is about something else: the claim is unsupported, not
# contradicted.
RIVAL_MINIMUM = 0.4
# Values found in almost any article ("first", "two") back a claim only when they are about
# the same thing to at least this degree.
COMMON_VALUE_MINIMUM = 0.3
# Any match must be at least this much about the same thing: the same value in a sentence about
# something else (another person's age, another event's date) is not support. Measured on the
# development data (README.md): without it XSum's marked numbers were caught 793/974 with 79
# flags outside any mark and FaithBench's consistent numbers flagged 24/697; at 0.2, 807, 83
# and 27; at 0.3, 810, 84 and 30. Ordinals of an event's edition are exempt ("the 12th edition
# of the race" carries no words of its own).
ABOUT_MINIMUM = 0.3
# A bare year is its own unit: "1893" agrees with every other year in the article, so the
# unit share of the score says nothing about which event a year belongs to, and the floor
# above is met with no shared context at all. A year's match must also share this much of the
# claim's context on its own (the same event, owner, subject): an article's years are mostly
# about different events, and a briefing that moves one (a show's run as the year an actor
# finished filming, one quake's year for another) is the commonest error of this kind. Full
# dates ("July 18, 2015") are specific enough that their match stands. Measured on the
# development data (README.md): at 0.1 FaithBench's number errors flagged 26 -> 31 of 76 with
# its consistent numbers flagged 30 -> 32 of 697; at 0.15, 31 and 34; applied to dates that
# state a year too, 41 of 697. Own sets: 5 -> 7 of 482 false alarms.
_SELF_UNIT_KINDS = frozenset({"year"})
CONTEXT_MINIMUM = 0.1
# A proportion in words ("more than a quarter") spans several points, so many an article's
# percentages fall in it: its match must be more surely about the same thing.
PROPORTION_MINIMUM = 0.5
# A derived (arithmetic) fact must be at least this much about the claim's subject.
DERIVED_MINIMUM = 0.35
# ... and a difference of two figures sentences apart (``derive.differences_for``) more so.
FAR_DERIVED_MINIMUM = 0.45


@dataclass(frozen=True)
class Judgement:
    verdict: str  # supported | contradicted | unsupported
    fact: Fact | None
    derived: bool = False
    # Which rule decided, in words ("the best match is more about the claim than any rival"):
    # the "why" of ``check-numbers --explain`` and of the metric's evidence.
    rule: str = ""
    found: Candidates | None = None


def decide(claim: Mention, claim_bag: Mapping[str, float], source: SourceFacts,
           found: Candidates, taken: frozenset[int] = frozenset(),
           bracketed: bool = False, compared: bool = False) -> Judgement:  # fmt: skip
    """The verdict; ``taken`` are facts other claims of the briefing restate; ``bracketed``:
    the claim is a year in brackets after a name (``context.titled``); ``compared``: the claim
    states a difference ("£30 more than", "26 minutes faster than": ``states_difference``)."""
    best_match = found.matches[0] if found.matches else None
    if best_match is not None and source.facts[best_match[1]].mention.hedge == "vague":
        # Prefer "about 10,000 troops" to "thousands of soldiers" as the evidence.
        exact = [m for m in found.matches if source.facts[m[1]].mention.hedge != "vague"]
        if exact and exact[0][0] >= best_match[0] - MARGIN:
            best_match = exact[0]
    weak = None  # a match with the right value that is about something else
    if best_match is not None and common(claim) and best_match[0] < COMMON_VALUE_MINIMUM:
        weak = f"a common value needs aboutness {COMMON_VALUE_MINIMUM:g}"
    elif (best_match is not None and best_match[0] < PROPORTION_MINIMUM
          and is_proportion(claim)):  # fmt: skip
        weak = f"a proportion in words needs aboutness {PROPORTION_MINIMUM:g}"
    elif (best_match is not None and best_match[0] < ABOUT_MINIMUM
          and source.facts[best_match[1]].mention.unit not in ORDINAL_GENERIC
          and not _distinctive_restatement(claim, source, found)):  # fmt: skip
        # ("the 12th edition of the race" names the event itself: its words are not its own)
        weak = f"support needs aboutness {ABOUT_MINIMUM:g}"
    elif (best_match is not None and claim.kind in _SELF_UNIT_KINDS
          and (claim.kind != "year" or EXPLICIT_YEAR.search(claim.text))):  # fmt: skip
        context = aboutness(claim_bag, source.facts[best_match[1]].bag, source.idf, source.unknown)
        if context < CONTEXT_MINIMUM:
            weak = f"a {claim.kind} needs shared context words {CONTEXT_MINIMUM:g} ({context:.2f})"
    if weak is None and best_match is not None:
        weak = _other_noun(claim, source, best_match[1], found, taken)
    if weak is not None:
        weak = f"the same value in the source is about something else ({best_match[0]:.2f}; {weak})"
        best_match = None
    if bracketed and best_match is not None:
        # "Harbour Lights (2009)" says which of the name's years it is no more than the name
        # does: the novel's adaptation "in 2016" does not contradict its publication in 2009.
        why = (f"a year in brackets after a name: the source gives the name this year "
               f"({best_match[0]:.2f}); its other years are other events of it")  # fmt: skip
        return Judgement("supported", source.facts[best_match[1]], rule=why, found=found)
    best_rival = next((rival for rival in found.rivals if rival[1] not in taken), None)
    rival_score = best_rival[0] if best_rival else -1.0
    swapped = role_swapped(
        claim_bag, source, best_match, best_rival, MARGIN, RIVAL_MINIMUM
    ) or earlier_value(claim, claim_bag, source, best_match, best_rival, MARGIN)
    if swapped is not None:
        return Judgement("contradicted", source.facts[best_rival[1]], rule=swapped, found=found)
    if best_match is not None and best_match[0] >= rival_score - MARGIN:
        why = (f"the best match is about the claim ({best_match[0]:.2f})"
               + (f", as much as the best rival ({rival_score:.2f}) within {MARGIN:g}"
                  if best_rival else ", and no source figure about it differs"))  # fmt: skip
        return Judgement("supported", source.facts[best_match[1]], rule=why, found=found)
    restated = _restated(claim, claim_bag, source, found, best_rival)
    if restated is not None:
        why = (
            "the source states this exact figure once, in another sentence than the rival "
            f"({rival_score:.2f}), and the claim does not use the rival's own words"
        )
        return Judgement("supported", source.facts[restated], rule=why, found=found)
    gaps = (
        gaps_for(claim, source.facts)
        if RELATIVE in claim_bag
        else sentence_gaps(claim, source.facts)
    )
    # A proportion ("a third") is backed by arithmetic only as a share of two figures
    # (``shares_for``) or, when it states a change ("up by a third"), as a percentage change.
    usable = source.derived if not is_proportion(claim) or "@by" in claim_bag else ()
    derived = _best_derived(claim, claim_bag, source, [*usable, *gaps])
    if derived is not None and derived[0] >= max(DERIVED_MINIMUM, rival_score - MARGIN):
        why = f"arithmetic on source figures about the same things ({derived[0]:.2f})"
        return Judgement("supported", derived[1], derived=True, rule=why, found=found)
    if (done := worked(claim, claim_bag, usable)) is not None:  # "fell by 228 to 312"
        return Judgement("supported", done, derived=True, rule=WORKED, found=found)
    if is_proportion(claim) and "@by" not in claim_bag:  # "a third of", not "up by a third"
        for far, minimum in ((False, DERIVED_MINIMUM), (True, FAR_DERIVED_MINIMUM)):
            shares = shares_for(claim, source.facts, far)
            share = _best_derived(claim, claim_bag, source, shares, bounded=True)
            most = _best_derived(claim, claim_bag, source, shares, bounded=True, agreeing=False)
            if share is not None and share[0] >= max(minimum, rival_score - MARGIN,
                                                     most[0] - MARGIN):  # fmt: skip
                why = f"a proportion: the share of two source figures about it ({share[0]:.2f})"
                return Judgement("supported", share[1], derived=True, rule=why, found=found)
    states = compared or "@by" in claim_bag
    plain = not states and not found.matches and weak is None
    if states or (plain and may_be_far_difference(claim, source.facts)):
        differences = differences_for(claim, source.facts, compared)
        if not states:  # a plain figure (``distant``): the difference as written
            differences = as_written(claim, differences)
        far = _best_derived(claim, claim_bag, source, differences)
        if far is not None and far[0] >= max(FAR_DERIVED_MINIMUM, rival_score - MARGIN):
            why = (f"the claim states a difference, and two source figures about the same "
                   f"things differ by it ({far[0]:.2f})" if states else
                   f"what is left of a source figure by another sentences apart, about the "
                   f"same things ({far[0]:.2f})")  # fmt: skip
            return Judgement("supported", far[1], derived=True, rule=why, found=found)
    if best_rival is not None and rival_score >= RIVAL_MINIMUM:
        why = f"a different value is about the same thing ({rival_score:.2f} >= {RIVAL_MINIMUM:g})"
        if best_match is not None:
            why += f" and more so than the best match ({best_match[0]:.2f}) by over {MARGIN:g}"
        elif weak is not None:
            why += f"; {weak}"
        return Judgement("contradicted", source.facts[best_rival[1]], rule=why, found=found)
    if best_match is not None:
        why = (f"the best match ({best_match[0]:.2f}) stands: no rival is about the same thing "
               f"(best {rival_score:.2f} < {RIVAL_MINIMUM:g})")  # fmt: skip
        return Judgement("supported", source.facts[best_match[1]], rule=why, found=found)
    if weak is not None:
        why = weak
    elif best_rival is not None:
        why = (
            f"no source figure with this value; the nearest other value is about something "
            f"else ({rival_score:.2f} < {RIVAL_MINIMUM:g})"
        )
    else:
        why = "no source figure of this kind agrees with it or is about the same thing"
    return Judgement("unsupported", source.facts[best_rival[1]] if best_rival else None,
                     rule=why, found=found)  # fmt: skip


def judge_all(claims: list[tuple[Mention, Mapping[str, float]]], source: SourceFacts,
              owners: list[frozenset[str]] | None = None,
              subjects: list[tuple[str, ...]] | None = None,
              text: str = "", sentences: list[int] | None = None) -> list[Judgement]:  # fmt: skip
    """Judge every claim of one briefing (see the module note on facts other claims take);
    ``owners[i]`` is whose figure claim ``i`` is (``attach.owner``), ``subjects[i]`` the
    subject of its clause (``parse``); ``text`` is the briefing the mentions' spans index."""
    owners = owners or [frozenset()] * len(claims)
    subjects = subjects or [()] * len(claims)
    attached = zip(claims, owners, subjects, strict=True)
    found = [candidates(mention, bag, source, mine, subject, persons_age(text, mention, mine))
             for (mention, bag), mine, subject in attached]  # fmt: skip
    best = [c.matches[0] if c.matches else None for c in found]
    siblings = coordinated([mention for mention, _ in claims], text)
    judgements = []
    for i, ((mention, bag), options) in enumerate(zip(claims, found, strict=True)):
        # A fact another claim restates is taken only if that claim is at least as much about
        # it as this one: "fell to 38.4% from 61.2%" keeps each figure on its own side, but
        # two figures swapped ("centred 10 km away at a depth of 40 km" for the reverse) each
        # restate the fact the other claim is about, and must not shield each other.
        # Coordinated figures ("in the 14th and 87th minutes") share every context word, so
        # the fact a sibling restates is always the sibling's, however much it is about this.
        mine = {index: score for score, index in options.rivals}
        taken = frozenset(b[1] for j, b in enumerate(best)
                          if j != i and b is not None
                          and (b[0] >= mine.get(b[1], -1.0) or j in siblings[i]))  # fmt: skip
        bracketed = mention.kind == "year" and titled(text, mention.start, mention.end)
        compared = states_difference(text, mention.end)
        judgement = decide(mention, bag, source, options, taken, bracketed, compared)
        # A work's year in brackets (``workyears``): its release, or not its sentence's date.
        released = release_year(mention, bag, source, options, text)
        moved = dated_elsewhere(mention, bag, source, judgement.fact, text)
        if released is not None and judgement.verdict != "supported":
            judgement = Judgement("supported", source.facts[released[0]], rule=released[1],
                                  found=options)  # fmt: skip
        elif judgement.verdict == "supported" and not judgement.derived and moved is not None:
            judgement = Judgement("contradicted", source.facts[moved[0]], rule=moved[1],
                                  found=options)  # fmt: skip
        judgements.append(judgement)
    # Imported here: ``together`` builds on ``Judgement``, defined in this module.
    from eval.numeric.together import anchor_in_sentences, span_end

    for i, other in year_spans([mention for mention, _ in claims], text).items():
        backed = span_end(source, found[i], judgements[i], judgements[other])
        if backed is not None:
            judgements[i] = backed
    if sentences is not None:
        anchor_in_sentences(source, [mention for mention, _ in claims], found, judgements,
                            sentences)  # fmt: skip
    return judgements


def _other_noun(claim: Mention, source: SourceFacts, match: int, found: Candidates,
                taken: frozenset[int]) -> str | None:  # fmt: skip
    """Why a match that counts something else cannot back the claim, or None: "9 fires"
    against "nine people" (burned), where the article counts the fires too ("27 fires")."""
    if claim.kind != "count" or claim.unit is None or canonical(claim.unit) in PERSON_EVENT_NOUNS:
        return None
    relation = unit_relation(claim, source.facts[match].mention)
    if relation is None or relation >= 0.5:
        return None
    counted = (index for _, index in found.rivals if index not in taken)
    if any(unit_relation(claim, source.facts[index].mention) == 1.0 for index in counted):
        return f"it counts {source.facts[match].mention.unit}; the article counts {claim.unit} too"
    return None


def _restated(claim: Mention, claim_bag: Mapping[str, float], source: SourceFacts,
              found: Candidates, best_rival: tuple[float, int] | None) -> int | None:  # fmt: skip
    """The source fact that backs the claim by restatement (see RESTATED_MARGIN), if any."""
    restated = _sole_restatement(claim, source, found)
    if restated is None or best_rival is None:
        return None
    rival = source.facts[best_rival[1]]
    if restated[0] < best_rival[0] - RESTATED_MARGIN:
        return None
    if source.facts[restated[1]].sentence == rival.sentence:
        return None
    match = source.facts[restated[1]]
    telling = [word for word, weight in claim_bag.items()
               if weight >= CLAUSE_WEIGHT and word not in ROLES and word not in match.bag
               and rival.bag.get(word, 0.0) >= CLAUSE_WEIGHT]  # fmt: skip
    if len(telling) >= RIVAL_ONLY_WORDS:
        return None
    return restated[1]


def _distinctive_restatement(claim: Mention, source: SourceFacts, found: Candidates) -> bool:
    digits = re.sub(r"\D", "", claim.text).strip("0")
    return len(digits) >= 4 and _sole_restatement(claim, source, found) is not None


def _sole_restatement(claim: Mention, source: SourceFacts, found: Candidates
                      ) -> tuple[float, int] | None:  # fmt: skip
    """The one source fact that states the claim's figure exactly, if exactly one does."""
    if claim.kind not in _RESTATED_KINDS or common(claim) or claim.hedge in ("vague", "range"):
        return None
    same = [m for m in found.matches if _restates(claim, source.facts[m[1]].mention)]
    if len(same) != 1:
        return None
    other = source.facts[same[0][1]].mention
    if claim.kind == "count" and (unit_relation(claim, other) or 0.0) < 0.5:
        return None  # "2.3 million people" may restate "2.3 million customers", not "accounts"
    return same[0]


def _restates(claim: Mention, other: Mention) -> bool:
    if claim.kind == "score":
        return other.kind == "score" and claim.key == other.key
    if other.kind != claim.kind or (other.unit != claim.unit and claim.kind == "percent"):
        return False
    if hedge_family(claim.hedge) != hedge_family(other.hedge) or other.hedge == "range":
        return False
    return math.isclose(claim.amount, other.amount, rel_tol=1e-9)


def common(claim: Mention) -> bool:
    """Values found in almost any article: "first", "two"."""
    if claim.kind == "ordinal":
        return claim.amount <= 3
    if claim.kind == "count" and claim.hedge is None:
        return claim.amount <= 3
    return False


def _best_derived(claim, claim_bag, source: SourceFacts, derived: Iterable[Fact],
                  bounded: bool = False, agreeing: bool = True
                  ) -> tuple[float, Fact] | None:  # fmt: skip
    """The derived fact most about the claim whose value agrees with it (any value, with
    ``agreeing=False``). ``bounded``: the facts were made for this claim (``shares_for``),
    so a hedged claim ("nearly three-quarters") may be backed too."""
    best = None
    kinds = COMPATIBLE_KINDS[claim.kind]
    if (hedge_family(claim.hedge) not in (None, "approx") and claim.kind != "age"
            and not bounded):  # fmt: skip
        return None  # "more than 10,000" is too loose to be backed by a sum
    relative = RELATIVE in claim_bag
    weighed = weigh_claim(claim_bag, source.idf, source.unknown)
    for fact in derived:
        other = fact.mention
        if other.kind not in kinds or (RELATIVE in fact.bag and not relative):
            continue  # two years' gap backs "17 years later", never "for 17 years"
        if AGO in fact.bag and AGO not in claim_bag:
            continue  # "opened on May 22, 2004" backs "21 years ago", not "for 21 years"
        if agreeing and not agrees(claim, other):
            continue
        if other.kind == "age" and claim.kind == "count":
            continue  # "founded in 2022" makes a firm two years old, not "two cafés"
        if (claim.kind == "count" and other.unit is None and claim.unit is not None
                and " add up to " in fact.derivation and not umbrella(claim.unit)):  # fmt: skip
            continue  # "three wins and four draws add up to 7" is not "seven series"
        unit = unit_relation(claim, other)
        if unit is None:
            continue
        score = score_fact(claim_bag, fact, unit, source, claim, weighed)
        if best is None or score > best[0]:
            best = (score, fact)
    return best
