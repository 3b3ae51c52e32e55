"""Per-article drill-down: each briefing beside its article and references, numbers marked.

Articles come in order of disagreement: the standard deviation, across systems, of the primary
score (the first quality value the metrics describe), largest first, so the articles that
separate systems are read first. Each briefing shows the values its metrics mark ``per_article``.
Claims in any metric's evidence (a ``claims`` list with character offsets, as the numeric fact
check writes) are cut out of the briefing by their offsets and carry their verdict and
evidence. Nothing here produces HTML: the templates escape every piece of text.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from typing import Any

from eval.report.data import RunData, Value, fmt

# Verdict words of the numeric fact check -> display class: "ok" (the article backs the number),
# "bad" (the article gives a different value), "other" (not found in the article, or a verdict
# word this report does not know, shown as it is).
_VERDICT_CLASSES = {
    "supported": "ok",
    "backed": "ok",
    "match": "ok",
    "matched": "ok",
    "ok": "ok",
    "contradicted": "bad",
    "mismatch": "bad",
    "wrong": "bad",
}


def verdict_class(verdict: str) -> str:
    return _VERDICT_CLASSES.get(str(verdict).strip().lower(), "other")


@dataclass
class Claim:
    text: str
    verdict: str
    css: str
    evidence: str
    explanation: str

    @property
    def tooltip(self) -> str:
        """Verdict and explanation; the evidence too, unless the number is simply backed (its
        explanation already says where, and a long source sentence per backed number would
        make big reports several times bigger)."""
        parts = [self.verdict]
        if self.explanation:
            parts.append(self.explanation)
        if self.evidence and (self.css != "ok" or not self.explanation):
            parts.append(f"evidence: {self.evidence}")
        return " \u2014 ".join(parts)


@dataclass
class Segment:
    text: str
    claim: Claim | None = None


@dataclass
class BriefingView:
    system: str
    segments: list[Segment]
    claims: list[Claim]
    scores: list[tuple[str, str]]  # (header, shown value)
    error: str | None
    empty: bool


@dataclass
class ArticleView:
    id: str
    title: str
    source: str | None
    references: list[tuple[str, str]]
    briefings: list[BriefingView] = field(default_factory=list)
    spread: float | None = None
    best: str | None = None
    worst: str | None = None
    spread_text: str = "n/a"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _claims(evidence: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Every metric's ``claims`` (evidence is keyed by metric name), in metric order."""
    found: list[dict[str, Any]] = []
    for part in (evidence or {}).values():
        claims = part.get("claims", []) if isinstance(part, dict) else []
        if isinstance(claims, list):
            found += [c for c in claims if isinstance(c, dict)]
    return found


def segment(briefing: str, raw_claims: list[dict[str, Any]]) -> tuple[list[Segment], list[Claim]]:
    """Split ``briefing`` into plain and claim segments by the claims' offsets.

    A claim whose offsets are missing, out of range, or overlap an earlier claim is still
    listed, just not highlighted in place.
    """
    claims: list[Claim] = []
    placed: list[tuple[int, int, Claim]] = []
    for raw in raw_claims:
        verdict = _text(raw.get("verdict")) or "unknown"
        claim = Claim(
            text=_text(raw.get("text")),
            verdict=verdict,
            css=verdict_class(verdict),
            evidence=_text(raw.get("evidence")),
            explanation=_text(raw.get("explanation")),
        )
        claims.append(claim)
        start, end = raw.get("start"), raw.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(briefing):
            placed.append((start, end, claim))
    placed.sort(key=lambda p: (p[0], p[1]))
    segments: list[Segment] = []
    cursor = 0
    for start, end, claim in placed:
        if start < cursor:
            continue  # overlaps the previous highlight
        if start > cursor:
            segments.append(Segment(briefing[cursor:start]))
        segments.append(Segment(briefing[start:end], claim))
        cursor = end
    if cursor < len(briefing):
        segments.append(Segment(briefing[cursor:]))
    return segments, claims


def _score_cells(row: dict[str, Any], columns: list[Value]) -> list[tuple[str, str]]:
    cells = []
    for column in columns:
        value = row.get(column.name)
        shown = None if value is None else value * column.scale
        # A count (words, flagged numbers) of one briefing is a whole number: shown as one.
        whole = shown is not None and column.scale == 1 and float(shown).is_integer()
        cells.append((column.label, fmt(shown, 0 if whole else column.digits)))
    return cells


def build_articles(run: RunData, columns: list[Value] | None = None) -> list[ArticleView]:
    """Every article of the run, most disagreed-on first (ties: by id)."""
    columns = columns if columns is not None else [c for c in run.columns() if c.per_article]
    primary = run.primary()
    scores = run.scores()
    views = []
    order = [row.system for row in run.leaderboard()]
    for article_id in run.article_ids():
        text = run.articles.get(article_id) if run.articles else None
        view = ArticleView(
            id=article_id,
            title=text.title if text else "",
            source=text.source if text else None,
            references=list(text.references) if text else [],
        )
        values: dict[str, float] = {}
        for system in order:
            record = run.briefing(system, article_id)
            row = scores.get((system, article_id), {})
            briefing = record.get("summary")  # the generations file's field name
            error = record.get("error") or row.get("error")
            segments, claims = segment(briefing or "", _claims(row.get("evidence")))
            view.briefings.append(
                BriefingView(
                    system=system,
                    segments=segments,
                    claims=claims,
                    scores=_score_cells(row, columns),
                    error=str(error) if error else None,
                    empty=not error and not (briefing or "").strip(),
                )
            )
            if primary is not None and row.get(primary.name) is not None:
                values[system] = float(row[primary.name])
        if len(values) >= 2 and primary is not None:
            view.spread = statistics.pstdev(values.values()) * primary.scale
            view.spread_text = fmt(view.spread, primary.digits)
            view.best = max(values, key=lambda s: (values[s], s))
            view.worst = min(values, key=lambda s: (values[s], s))
        views.append(view)
    views.sort(key=lambda v: (v.spread is None, -(v.spread or 0.0), v.id))
    return views
