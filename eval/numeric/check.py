"""The public face of the numeric fact check: claims with verdicts, evidence and explanations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from eval.numeric.align import Judgement, judge_all
from eval.numeric.apiece import apiece
from eval.numeric.clocks import judge_clocks, may_hold_clock
from eval.numeric.context import quick_sentences
from eval.numeric.currencies import in_dollar, pounds_as_weights
from eval.numeric.explain import explain as explain_one
from eval.numeric.explain import judged_by_rule, reason, surface_words
from eval.numeric.extract import extract_mentions, normalise
from eval.numeric.facts import Fact, SourceFacts, place, prepare_source, relative_year
from eval.numeric.margins import margins
from eval.numeric.mention import Mention
from eval.numeric.multiples import Multiple, clause_weights, may_hold_multiple, multiples
from eval.numeric.multiples import judge as judge_multiples
from eval.numeric.partitive import partitive
from eval.numeric.ratios import (
    Figure,
    article_pair,
    own_ratios,
)
from eval.numeric.realtext import names_one, reference_counts
from eval.numeric.setscores import setcount

VERDICTS = ("supported", "contradicted", "unsupported")


@dataclass(frozen=True)
class Claim:
    """One numeric mention in a briefing, with its verdict against the source."""

    text: str
    start: int
    end: int
    kind: str
    value: float | str
    unit: str | None
    verdict: str
    evidence: str
    explanation: str
    # Why, in one line: what the claim is about, what it was matched with, the deciding rule
    # (shown beside the claim in the report's drill-down; see ``explain``).
    reason: str = ""


@dataclass(frozen=True)
class CheckResult:
    claims: list[Claim]
    # With ``explain=True``: for each claim, the full explanation (``eval.numeric.explain``).
    explain: tuple[dict, ...] = ()

    @property
    def flagged(self) -> int:
        """Claims the source does not back: contradicted plus unsupported."""
        return sum(1 for claim in self.claims if claim.verdict != "supported")

    @property
    def supported(self) -> int:
        return sum(1 for claim in self.claims if claim.verdict == "supported")


def check_against(source: SourceFacts, summary: str, explain: bool = False) -> CheckResult:
    """Check every number of ``summary`` against an already prepared source.

    ``explain`` adds, for each claim, the reading, the candidate source mentions and the rule
    that decided (what ``check-numbers --explain`` prints).
    """
    return check_mentions(source, summary, extract_mentions(summary, source.published), explain)


def check_mentions(source: SourceFacts, summary: str, mentions: list[Mention],
                   explain: bool = False, reasons: bool = True) -> CheckResult:  # fmt: skip
    """``check_against`` for callers that already hold ``extract_mentions(summary, published)``
    (the numbers metric reuses them for recall instead of extracting twice). ``reasons=False``
    leaves each claim's one-line ``reason`` empty, for callers that keep only the verdicts (a
    fifth of the check's time goes into writing them)."""
    norm = normalise(summary)
    mentions = in_dollar(mentions, source.dollar)  # a briefing follows its article's conventions
    if source.names:
        mentions = [mention for mention in mentions if not names_one(mention, source.names)]
    if source.pounds_weigh:
        mentions = pounds_as_weights(summary, mentions)
    if source.published is None and not source.relative_years:
        # "this year" with no publication date is no year at all, unless the article too
        # speaks in years relative to its own (then like is compared with like).
        mentions = [mention for mention in mentions if not relative_year(mention)]
    spans = quick_sentences(summary)
    placed = place(norm, mentions, spans, source.published, source.parsed)
    judgements = judge_all([(fact.mention, fact.bag) for fact in placed], source,
                           [fact.owner for fact in placed],
                           [fact.subject for fact in placed], summary,
                           [fact.sentence for fact in placed])  # fmt: skip
    apiece(norm, placed, spans, judgements, source)  # "£12,000 each" for £48,000 among four
    partitive(norm, placed, judgements, source)  # "12 of the 52 locks": 52 against 17 rebuilt
    setcount(placed, judgements, source)  # "in three sets" for "6-4, 3-6, 7-5"
    margins(placed, judgements, source)  # "Kiprono, 2:06:10": won in 2:05:48, by 22 seconds
    surface = surface_words(summary) if placed and (reasons or explain) else {}
    references = reference_counts(norm, [fact.mention for fact in placed])
    claims = []
    explained: dict[tuple[int, int], dict] = {}
    for index, (fact, judgement) in enumerate(zip(placed, judgements, strict=True)):
        if index in references and judgement.verdict == "unsupported":
            continue  # "the two fighters", "the first film ... the second": not figures
        claim = _claim(fact, judgement, source, surface, reasons)
        claims.append(claim)
        if explain:
            explained[(claim.start, claim.end)] = explain_one(
                fact.mention, fact.bag, surface, judgement, source, claim.explanation
            )
    # "tripled" where the article says "doubled" (``multiples``); a text without the words
    # pays one search, and an article's multiples are read on first use
    if may_hold_multiple(summary):
        claims = _with_multiples(summary, spans, placed, source, claims)
    if may_hold_clock(summary) and source.clocks:  # "at 7pm" for "at 9pm" (``clocks``)
        claims = _with_clocks(summary, spans, placed, source, claims)
    if not explain:
        return CheckResult(claims)
    # One explanation per claim, in the claims' order: multiples and times of day, judged by
    # rules of their own, and replacing a count where "three times the average" is a ratio
    return CheckResult(claims, tuple(
        explained.get((claim.start, claim.end)) or judged_by_rule(
            claim.text, claim.kind, claim.value, claim.unit, claim.verdict, claim.reason,
            claim.explanation)
        for claim in claims))  # fmt: skip


def _with_clocks(summary: str, spans: list, placed: list[Fact], source: SourceFacts,
                 claims: list[Claim]) -> list[Claim]:  # fmt: skip
    """``claims`` with the briefing's times of day that the article has times to judge by."""
    taken = [(claim.start, claim.end) for claim in claims]
    durations = [(fact.sentence, fact.mention.amount * 1440) for fact in source.facts
                 if fact.mention.kind == "duration"]  # fmt: skip
    verdicts = judge_clocks(summary, spans, source.text, source.sentences, source.idf,
                            source.unknown, taken, source.clocks, durations)  # fmt: skip
    for found in verdicts:
        claim, stated = found.clock, found.evidence
        explanation = (f"briefing says {claim.text}; source says {stated.text} "
                       f"(sentence {found.sentence + 1})")  # fmt: skip
        value = f"{claim.minutes // 60:02d}:{claim.minutes % 60:02d}"
        claims.append(Claim(claim.text, claim.start, claim.end, "date", value, None,
                            found.verdict, source.sentence_text(found.sentence), explanation,
                            f"a time of day: {claim.text} against {stated.text}"))  # fmt: skip
    return sorted(claims, key=lambda claim: claim.start) if verdicts else claims


def _with_multiples(summary: str, spans: list, placed: list[Fact], source: SourceFacts,
                    claims: list[Claim]) -> list[Claim]:  # fmt: skip
    """``claims`` with the briefing's multiples in words that the article states multiples
    to judge by, and its "N times" ratios that its own backed figures work out (``ratios``),
    in text order (not explained: ``explain`` is about figures)."""
    taken = [(fact.mention.start, fact.mention.end) for fact in placed]
    verdicts = []
    if source.multiples:
        verdicts = judge_multiples(summary, spans, source.text, source.sentences, source.idf,
                                   source.unknown, taken, source.multiples)  # fmt: skip
    own = _own_ratios(summary, spans, placed, claims)
    if own:  # the briefing's own arithmetic comes before the article's words
        verdicts = [v for v in verdicts if v.multiple.start not in own]
    judged = {v.multiple.start for v in verdicts if v.verdict != "unread"} | set(own)
    own.update(_article_pairs(summary, spans, source, claims, judged))
    if not verdicts and not own:
        return claims
    # "three times the average" judged as a ratio is no longer a count of three
    ratios = [(v.multiple.start, v.multiple.end) for v in verdicts if v.multiple.counted]
    ratios += [(m.start, m.end) for m, _ in own.values()]
    claims = [c for c in claims if not any(c.start < e and s < c.end for s, e in ratios)]
    for found in (v for v in verdicts if v.verdict != "unread"):
        claim, stated = found.multiple, found.evidence
        said = f"briefing says {claim.text}"
        where = f"source says {stated.text} (sentence {found.sentence + 1})"
        explanation = f"{said}; {where}"
        claims.append(Claim(claim.text, claim.start, claim.end, "percent",
                            round((claim.ratio - 1) * 100, 6), "%", found.verdict,
                            source.sentence_text(found.sentence), explanation,
                            f"a multiple: {claim.text} against {stated.text}"))  # fmt: skip
    for claim, (verdict, explanation, evidence) in own.values():
        claims.append(Claim(claim.text, claim.start, claim.end, "percent",
                            round((claim.ratio - 1) * 100, 6), "%", verdict, evidence,
                            explanation, f"a ratio worked out: {explanation}"))  # fmt: skip
    return sorted(claims, key=lambda claim: claim.start)


# A ratio worked out, by its start: the multiple, its verdict, explanation and evidence
_Worked = dict[int, tuple[Multiple, tuple[str, str, str]]]


def _own_ratios(summary: str, spans: list, placed: list[Fact], claims: list[Claim]
                ) -> _Worked:  # fmt: skip
    """The briefing's "N times" ratios worked out from its own two backed figures, by start:
    the multiple, its verdict and a one-line explanation."""
    verdict_at = {(c.start, c.end): c.verdict for c in claims}
    figures = [Figure.of(m, verdict_at.get((m.start, m.end)) == "supported")
               for m in (fact.mention for fact in placed)]  # fmt: skip
    found = {}
    for claim, verdict, top, base in own_ratios(summary, spans, figures):
        ratio = top.amount / base.amount
        figures_said = f"{summary[top.start : top.end]} / {summary[base.start : base.end]}"
        said = f"briefing says {claim.text}; its own figures give {figures_said} = {ratio:.2f}"
        found[claim.start] = (claim, (verdict, said, ""))
    return found


def _article_pairs(summary: str, spans: list, source: SourceFacts, claims: list[Claim],
                   judged: set[int]) -> _Worked:  # fmt: skip
    """The briefing's flagged "N times" ratios that two figures of one kind in the article
    sentence most about them make (``ratios.article_pair``): backed, never contradicted."""
    flagged = [(c.start, c.end) for c in claims if c.verdict != "supported"]
    found: _Worked = {}
    figures = None
    for span in spans:
        for claim in multiples(summary, span.start, span.end):
            if not claim.counted or claim.start in judged or not any(
                    s < claim.end and claim.start < e for s, e in flagged):  # fmt: skip
                continue
            if figures is None:
                figures = [(fact.sentence, Figure.of(fact.mention)) for fact in source.facts]
            words = clause_weights(summary, span, (claim.start, claim.end))
            total = sum(source.idf.get(word, source.unknown) for word in words)
            if not total:
                continue
            index = article_pair(claim, words, total, source.text, source.sentences, figures,
                                 source.idf, source.unknown)  # fmt: skip
            if index is not None:
                said = f"briefing says {claim.text}; two figures of sentence {index + 1} make it"
                found[claim.start] = (claim, ("supported", said, source.sentence_text(index)))
    return found


def check(source: str, summary: str, published: date | None = None,
          explain: bool = False) -> CheckResult:  # fmt: skip
    """Check ``summary`` against ``source`` (prepares the source; see ``prepare_source``)."""
    return check_against(prepare_source(source, published), summary, explain)


def _claim(placed: Fact, judgement: Judgement, source: SourceFacts,
           surface: dict[str, str], reasons: bool = True) -> Claim:  # fmt: skip
    mention = placed.mention
    fact = judgement.fact
    evidence = ""
    if fact is not None and judgement.verdict != "unsupported":
        evidence = source.sentence_text(fact.sentence)
    return Claim(
        text=mention.text,
        start=mention.start,
        end=mention.end,
        kind=mention.kind,
        value=mention.value,
        unit=mention.unit,
        verdict=judgement.verdict,
        evidence=evidence,
        explanation=_explain(mention, judgement),
        reason=reason(mention, placed.bag, surface, judgement, source) if reasons else "",
    )


def _explain(mention: Mention, judgement: Judgement) -> str:
    said = f"briefing says {mention.phrase}"
    fact = judgement.fact
    if judgement.verdict == "unsupported" or fact is None:
        if fact is not None:
            return (
                f"{said}; the source has no such figure ({fact.mention.phrase} is about "
                f"something else, sentence {fact.sentence + 1})"
            )
        return f"{said}; the source has no such figure"
    where = f"sentence {fact.sentence + 1}"
    if judgement.derived:
        return f"{said}; source implies it: {fact.derivation} ({where})"
    return f"{said}; source says {fact.mention.phrase} ({where})"
