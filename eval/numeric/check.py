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
from eval.numeric.explain import reason, surface_words
from eval.numeric.extract import extract_mentions, normalise
from eval.numeric.facts import Fact, SourceFacts, place, prepare_source, relative_year
from eval.numeric.margins import margins
from eval.numeric.mention import Mention
from eval.numeric.multiples import judge as judge_multiples
from eval.numeric.multiples import may_hold_multiple
from eval.numeric.partitive import partitive
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
    explained = []
    for index, (fact, judgement) in enumerate(zip(placed, judgements, strict=True)):
        if index in references and judgement.verdict == "unsupported":
            continue  # "the two fighters", "the first film ... the second": not figures
        claim = _claim(fact, judgement, source, surface, reasons)
        claims.append(claim)
        if explain:
            explained.append(
                explain_one(fact.mention, fact.bag, surface, judgement, source, claim.explanation)
            )
    # "tripled" where the article says "doubled" (``multiples``); a text without the words
    # pays one search, and an article's multiples are read on first use
    if may_hold_multiple(summary) and source.multiples:
        claims = _with_multiples(summary, spans, placed, source, claims)
    if may_hold_clock(summary) and source.clocks:  # "at 7pm" for "at 9pm" (``clocks``)
        claims = _with_clocks(summary, spans, placed, source, claims)
    return CheckResult(claims, tuple(explained))


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
    to judge by, in text order (not explained: ``explain`` is about figures)."""
    taken = [(fact.mention.start, fact.mention.end) for fact in placed]
    verdicts = judge_multiples(summary, spans, source.text, source.sentences, source.idf,
                               source.unknown, taken, source.multiples)  # fmt: skip
    if not verdicts:
        return claims
    for found in verdicts:
        claim, stated = found.multiple, found.evidence
        said = f"briefing says {claim.text}"
        where = f"source says {stated.text} (sentence {found.sentence + 1})"
        explanation = f"{said}; {where}"
        claims.append(Claim(claim.text, claim.start, claim.end, "percent",
                            round((claim.ratio - 1) * 100, 6), "%", found.verdict,
                            source.sentence_text(found.sentence), explanation,
                            f"a multiple: {claim.text} against {stated.text}"))  # fmt: skip
    return sorted(claims, key=lambda claim: claim.start)


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
