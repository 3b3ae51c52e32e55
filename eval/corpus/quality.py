"""Checks that a corpus's reference briefings are fit to score against.

References are the ground truth of every score, and people make mistakes too (a third of
XSum's references state facts their article does not). Per article this measures:

* **numbers** -- numbers in a reference that the numeric fact check cannot find in the source;
* **verbatim** -- text copied from the article: the longest copied span and the extractive
  fragment coverage and density of Grusky et al. (2018, "Newsroom");
* **length** -- a reference far longer or shorter than the article's other references, and (for
  references written to guidelines v1) outside the 35-75 word range;
* **near-duplicate** -- two references that are almost the same text;
* **agreement** -- ROUGE-L F1 of each reference against each of the others (rouge-score, Porter
  stemming), averaged: a reference nobody agrees with is often about something else.

Every finding has a kind; which kinds fail the check (exit 2) is the caller's choice
(``DEFAULT_FAIL_ON``: unbacked numbers and verbatim copies, the two that make a reference wrong
rather than merely unusual). Nothing here is random, so the same corpus gives the same report.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from eval.corpus.format import Article, Item, article_to_item
from eval.metrics.length import ArticleIndex, extractive_fragments, fragment_tokens

if TYPE_CHECKING:  # imported when first used: validate starts without loading ROUGE
    from eval.metrics.rouge import RougeMetric

#: A reference longer than this multiple of the article's median reference length is flagged,
#: and so is one shorter than LENGTH_SHORT times it.
LENGTH_LONG = 2.0
LENGTH_SHORT = 0.5
#: Two references with ROUGE-L F1 or token-set Jaccard at or above this are near-duplicates.
NEAR_DUPLICATE = 0.9
#: A reference is a verbatim copy when it holds one copied span of this many words (a long
#: news sentence, whole)...
VERBATIM_SPAN = 25
#: ...or when this share of its words lies in copied spans of VERBATIM_FRAGMENT words or more.
#: Short copied sentences ("Up to 1,500 jobs will go over three years.") are normal in a briefing
#: and are not flagged; a reference stitched together from the article's sentences is.
VERBATIM_FRAGMENT = 10
VERBATIM_SHARE = 0.75
#: Mean ROUGE-L F1 against the other references below this is reported as low agreement.
LOW_AGREEMENT = 0.1
#: Word range that guidelines v1 asks for (reference_summaries/GUIDELINES.md).
GUIDELINE_WORDS = {"v1": (35, 75)}

KINDS = ("numbers", "verbatim", "length", "near-duplicate", "agreement", "guidelines")
DEFAULT_FAIL_ON = ("numbers", "verbatim")


@dataclass(frozen=True)
class UnbackedNumber:
    """One number in a reference that the source does not back, as the fact check saw it."""

    text: str
    verdict: str
    explanation: str
    value: str | None = None
    unit: str | None = None


#: (reference text, the article as metrics see it) -> numbers the article does not back.
NumberCheck = Callable[[str, Item], list[UnbackedNumber]]


@dataclass
class Finding:
    kind: str
    message: str
    reference: int | None = None  # index into the article's references; None = whole article
    fails: bool = False


@dataclass
class ReferenceQuality:
    index: int
    author: str
    words: int
    copied_span: int
    copied_share: float  # share of words in copied spans of VERBATIM_FRAGMENT words or more
    coverage: float
    density: float
    agreement: float | None
    unbacked: list[UnbackedNumber] | None  # None when the numeric check did not run


@dataclass
class ArticleQuality:
    id: str
    path: str
    references: list[ReferenceQuality]
    agreement: float | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def fails(self) -> bool:
        return any(finding.fails for finding in self.findings)


@dataclass
class QualityReport:
    articles: list[ArticleQuality]
    fail_on: tuple[str, ...]
    numbers_checked: bool

    @property
    def fails(self) -> bool:
        return any(article.fails for article in self.articles)

    def counts(self) -> dict[str, dict[str, int]]:
        """kind -> {"findings": n, "references": refs involved, "articles": articles involved}."""
        found: dict[str, dict[str, int]] = {}
        for kind in KINDS:
            hits = [(a.id, f) for a in self.articles for f in a.findings if f.kind == kind]
            refs = {(aid, f.reference) for aid, f in hits if f.reference is not None}
            found[kind] = {
                "findings": len(hits),
                "references": len(refs),
                "articles": len({aid for aid, _ in hits}),
            }
        return found

    def to_json(self) -> dict:
        return {
            "fail_on": list(self.fail_on),
            "numbers_checked": self.numbers_checked,
            "thresholds": thresholds(),
            "fails": self.fails,
            "counts": self.counts(),
            "articles": [asdict(article) for article in self.articles],
        }


def thresholds() -> dict[str, object]:
    return {
        "length_long": LENGTH_LONG,
        "length_short": LENGTH_SHORT,
        "near_duplicate": NEAR_DUPLICATE,
        "verbatim_span": VERBATIM_SPAN,
        "verbatim_fragment": VERBATIM_FRAGMENT,
        "verbatim_share": VERBATIM_SHARE,
        "low_agreement": LOW_AGREEMENT,
        "guideline_words": {k: list(v) for k, v in GUIDELINE_WORDS.items()},
    }


# --------------------------------------------------------------------------- measurements


_ROUGE_L: RougeMetric | None = None


def rouge_l_f1(target: str, prediction: str) -> float:
    """ROUGE-L F1 with the project's ROUGE (rouge-score's numbers; each text tokenised once)."""
    global _ROUGE_L
    if _ROUGE_L is None:
        from eval.metrics.rouge import RougeMetric

        _ROUGE_L = RougeMetric(types=["rougeL"], stemmer=True)
    return float(_ROUGE_L.score_one(prediction, [target])["rougeL"].fmeasure)


def jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    sa, sb = set(a), set(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)


# --------------------------------------------------------------------------- assessment


def assess_article(
    article: Article, path: str, number_check: NumberCheck | None, fail_on: Sequence[str]
) -> ArticleQuality:
    item = article_to_item(article)
    source_index = ArticleIndex.of_text(article.source.text)
    refs = article.references
    n = len(refs)
    pair: dict[tuple[int, int], float] = {}
    for i in range(n):
        for j in range(i + 1, n):
            pair[(i, j)] = rouge_l_f1(refs[j].text, refs[i].text)
    findings: list[Finding] = []

    def add(kind: str, message: str, reference: int | None = None) -> None:
        findings.append(Finding(kind, message, reference, fails=kind in fail_on))

    word_counts = [len(ref.text.split()) for ref in refs]
    median_words = statistics.median(word_counts)
    rows: list[ReferenceQuality] = []
    for i, ref in enumerate(refs):
        ref_tokens = fragment_tokens(ref.text)
        frags = extractive_fragments(ref_tokens, source_index)
        size = max(len(ref_tokens), 1)
        coverage = sum(frags) / size
        density = sum(f * f for f in frags) / size
        span = max(frags, default=0)
        share = sum(f for f in frags if f >= VERBATIM_FRAGMENT) / size
        others = [pair[(min(i, j), max(i, j))] for j in range(n) if j != i]
        agreement = statistics.fmean(others) if others else None
        unbacked = number_check(ref.text, item) if number_check is not None else None
        rows.append(
            ReferenceQuality(
                i, ref.author, word_counts[i], span, share, coverage, density, agreement, unbacked
            )
        )
        label = f"references[{i}] ({ref.author})"
        if unbacked:
            listed = "; ".join(f"{u.text!r}: {u.explanation or u.verdict}" for u in unbacked)
            add("numbers", f"{label}: {len(unbacked)} number(s) not backed: {listed}", i)
        if span >= VERBATIM_SPAN:
            add("verbatim", f"{label}: copies a span of {span} words from the article", i)
        elif share >= VERBATIM_SHARE:
            add(
                "verbatim",
                f"{label}: {share:.0%} of its words are copied from the article in spans of "
                f"{VERBATIM_FRAGMENT}+ words",
                i,
            )
        if n >= 3 and word_counts[i] > LENGTH_LONG * median_words:
            add(
                "length",
                f"{label}: {word_counts[i]} words, over {LENGTH_LONG:g}x the median "
                f"({median_words:g})",
                i,
            )
        elif n >= 3 and word_counts[i] < LENGTH_SHORT * median_words:
            add(
                "length",
                f"{label}: {word_counts[i]} words, under {LENGTH_SHORT:g}x the median "
                f"({median_words:g})",
                i,
            )
        bounds = GUIDELINE_WORDS.get(ref.guidelines or "")
        if bounds and not bounds[0] <= word_counts[i] <= bounds[1]:
            add(
                "guidelines",
                f"{label}: {word_counts[i]} words; guidelines {ref.guidelines} ask "
                f"for {bounds[0]}-{bounds[1]}",
                i,
            )
        if agreement is not None and agreement < LOW_AGREEMENT:
            add("agreement", f"{label}: mean ROUGE-L F1 against the others is {agreement:.2f}", i)
    for (i, j), f1 in sorted(pair.items()):
        overlap = jaccard(fragment_tokens(refs[i].text), fragment_tokens(refs[j].text))
        if max(f1, overlap) >= NEAR_DUPLICATE:
            add(
                "near-duplicate",
                f"references[{i}] and references[{j}] are near-duplicates "
                f"(ROUGE-L F1 {f1:.2f}, token Jaccard {overlap:.2f})",
                j,
            )
    agreements = [row.agreement for row in rows if row.agreement is not None]
    return ArticleQuality(
        id=article.id,
        path=path,
        references=rows,
        agreement=statistics.fmean(agreements) if agreements else None,
        findings=findings,
    )


def assess(
    articles: Sequence[tuple[Article, str]],
    number_check: NumberCheck | None,
    fail_on: Sequence[str] = DEFAULT_FAIL_ON,
) -> QualityReport:
    """Assess every (article, path) in id order."""
    unknown = sorted(set(fail_on) - set(KINDS))
    if unknown:  # a programming error: the CLI validates --fail-on first
        raise ValueError(f"unknown finding kinds {unknown}")
    ordered = sorted(articles, key=lambda pair: pair[0].id)
    return QualityReport(
        articles=[assess_article(a, p, number_check, fail_on) for a, p in ordered],
        fail_on=tuple(fail_on),
        numbers_checked=number_check is not None,
    )


def path_of(article: Article, root: Path) -> str:
    return str(root / f"{article.id}.json") if root.is_dir() else str(root)
