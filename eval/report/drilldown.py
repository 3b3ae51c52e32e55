"""Per-article drill-down: each briefing beside its article and references, numbers marked.

Articles come in order of disagreement: the standard deviation, across systems, of the primary
score (the first quality value the metrics describe), largest first, so the articles that
separate systems are read first. A run of more articles than the report's drill-down count
(``report.drilldown`` in the config) shows in full only the articles that matter most, taken in
turn from four rankings (failed generations, most flagged claims, largest disagreement, lowest
score), and every other article as one line of a compact list (``ArticleSummary``): a page that
held every source text grew to 88 MB and took half a minute to open at 10,000 articles.
Each briefing shows the values its metrics mark ``per_article``.
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
    rank: int = 0  # 1-based place in the disagreement order of every article
    reasons: list[str] = field(default_factory=list)  # why a big run shows it in full


@dataclass
class ArticleSummary:
    """One article in a line: what the compact list shows, and what picks the full ones.
    Built for every article of a run, so it holds no texts and no per-claim objects."""

    id: str
    title: str
    rank: int
    spread: float | None
    spread_text: str
    best: str | None
    worst: str | None
    lowest: float | None  # the lowest primary score of any system on this article
    flagged: int  # claims, over all systems, that the article does not back
    failed: list[str]  # systems whose generation failed on this article


@dataclass
class Drilldown:
    """The articles shown in full (``full``, disagreement order) and the compact rest."""

    full: list[ArticleView]
    rest: list[ArticleSummary]
    ranked: list[ArticleSummary]  # every article, most disagreed-on first
    count: int  # the configured drill-down count

    @property
    def total(self) -> int:
        return len(self.ranked)

    @property
    def selective(self) -> bool:
        """True when some articles are only in the compact list."""
        return bool(self.rest)


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


def _spread(
    values: dict[str, float], primary: Value | None
) -> tuple[float | None, str, str | None, str | None]:
    """(spread, shown spread, best system, worst system) of one article's primary scores."""
    if len(values) < 2 or primary is None:
        return None, "n/a", None, None
    spread = statistics.pstdev(values.values()) * primary.scale
    best = max(values, key=lambda s: (values[s], s))
    worst = min(values, key=lambda s: (values[s], s))
    return spread, fmt(spread, primary.digits), best, worst


def _rows_by_article(run: RunData) -> dict[str, dict[str, dict[str, Any]]]:
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for row in run.rows:
        found.setdefault(row["id"], {})[row["system"]] = row
    return found


def _order_key(item: ArticleSummary | ArticleView) -> tuple[bool, float, str]:
    return (item.spread is None, -(item.spread or 0.0), item.id)


def rank_articles(run: RunData) -> list[ArticleSummary]:
    """Every article in a line, most disagreed-on first (ties: by id), ranks from 1."""
    primary = run.primary()
    order = [row.system for row in run.leaderboard()]
    rows = _rows_by_article(run)
    found = []
    for article_id in run.article_ids():
        by_system = rows.get(article_id, {})
        values: dict[str, float] = {}
        flagged = 0
        failed = []
        for system in order:
            row = by_system.get(system, {})
            if run.briefing(system, article_id).get("error") or row.get("error"):
                failed.append(system)
            flagged += sum(
                verdict_class(_text(c.get("verdict")) or "unknown") != "ok"
                for c in _claims(row.get("evidence"))
            )
            if primary is not None and row.get(primary.name) is not None:
                values[system] = float(row[primary.name])
        spread, spread_text, best, worst = _spread(values, primary)
        text = run.articles.get(article_id) if run.articles else None
        found.append(
            ArticleSummary(
                id=article_id,
                title=text.title if text else "",
                rank=0,
                spread=spread,
                spread_text=spread_text,
                best=best,
                worst=worst,
                lowest=min(values.values()) * primary.scale if values and primary else None,
                flagged=flagged,
                failed=failed,
            )
        )
    found.sort(key=_order_key)
    for rank, summary in enumerate(found, start=1):
        summary.rank = rank
    return found


def select(ranked: list[ArticleSummary], count: int) -> dict[str, list[str]]:
    """Ids of the articles to show in full, each with why, at most ``count`` of them.

    Every article when there are no more than ``count`` (with no reasons). Otherwise the four
    rankings take turns, each giving its next article not yet chosen, so a run with many
    failures still shows its largest disagreements and the reverse; when the rankings run dry
    (articles without scores), the disagreement order fills the rest.
    """
    if count >= len(ranked):
        return {a.id: [] for a in ranked}
    rankings = [
        ("failed", sorted((a for a in ranked if a.failed), key=lambda a: (-len(a.failed), a.rank))),
        (
            "most flagged claims",
            sorted((a for a in ranked if a.flagged), key=lambda a: (-a.flagged, a.rank)),
        ),
        ("largest disagreement", [a for a in ranked if a.spread is not None]),
        (
            "lowest score",
            sorted(
                (a for a in ranked if a.lowest is not None),
                key=lambda a: (a.lowest, a.rank),
            ),
        ),
    ]
    chosen: dict[str, list[str]] = {}
    cursors = [0] * len(rankings)
    while len(chosen) < count and any(
        cursor < len(items) for cursor, (_, items) in zip(cursors, rankings, strict=True)
    ):
        for index, (reason, items) in enumerate(rankings):
            while cursors[index] < len(items) and items[cursors[index]].id in chosen:
                cursors[index] += 1
            if cursors[index] < len(items) and len(chosen) < count:
                chosen[items[cursors[index]].id] = [reason]
                cursors[index] += 1
    for article in ranked:
        if len(chosen) >= count:
            break
        chosen.setdefault(article.id, ["next in disagreement order"])
    return chosen


def build_articles(
    run: RunData,
    columns: list[Value] | None = None,
    ids: list[str] | None = None,
) -> list[ArticleView]:
    """The articles ``ids`` (default: every article) in full, most disagreed-on first (ties:
    by id)."""
    columns = columns if columns is not None else [c for c in run.columns() if c.per_article]
    primary = run.primary()
    rows = _rows_by_article(run)
    views = []
    order = [row.system for row in run.leaderboard()]
    for article_id in run.article_ids() if ids is None else ids:
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
            row = rows.get(article_id, {}).get(system, {})
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
        view.spread, view.spread_text, view.best, view.worst = _spread(values, primary)
        views.append(view)
    views.sort(key=_order_key)
    for rank, view in enumerate(views, start=1):
        view.rank = rank
    return views


def drilldown(run: RunData, count: int) -> Drilldown:
    """At most ``count`` articles in full (the ones that matter, see ``select``), the rest as
    summaries; every article in full when there are no more than ``count``."""
    ranked = rank_articles(run)
    chosen = select(ranked, count)
    full = build_articles(run, ids=[a.id for a in ranked if a.id in chosen])
    ranks = {a.id: a.rank for a in ranked}
    for view in full:
        view.rank = ranks[view.id]
        view.reasons = chosen[view.id]
    rest = [a for a in ranked if a.id not in chosen]
    return Drilldown(full=full, rest=rest, ranked=ranked, count=count)
