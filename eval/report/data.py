"""Read a run folder and shape it into what the templates show.

Everything a report needs is read back from the run folder's files (plus the corpus the
manifest names, for the drill-down), so any finished run, or a ``compare`` folder, can be
re-rendered. Numbers are only rescaled and rounded here; they are computed in ``eval.stats``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eval import runfolder
from eval.metrics.base import MetricDescription, Value
from eval.report.columns import Cell, Diff, fmt, fmt_p

if TYPE_CHECKING:
    from eval.corpus.format import Article

__all__ = ["Cell", "Diff", "RunData", "Value", "fmt", "fmt_p", "load_run", "read_json"]

read_json = runfolder.read_json  # the run folder's reader, with its messages


@dataclass
class LeaderRow:
    system: str
    cells: list[Cell]
    failures: int
    empty: int
    baseline: bool


@dataclass
class ArticleText:
    id: str
    title: str
    source: str
    references: list[tuple[str, str]]  # (author, text)


@dataclass
class RunData:
    folder: Path
    aggregate: dict[str, Any]
    manifest: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    generations: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    ceiling_rows: list[dict[str, Any]] = field(default_factory=list)
    metrics: list[MetricDescription] = field(default_factory=list)
    meta_eval: dict[str, Any] | None = None
    articles: dict[str, ArticleText] | None = None
    corpus_note: str | None = None

    @property
    def name(self) -> str:
        return str(self.manifest.get("config", {}).get("name") or self.folder.name)

    @property
    def drilldown_count(self) -> int:
        """How many articles the HTML report shows in full (``report.drilldown`` of the config
        the run recorded; the config's default for runs recorded before it existed)."""
        from eval.config import ReportConfig

        recorded = self.manifest.get("config", {}).get("report", {}).get("drilldown")
        if isinstance(recorded, int) and not isinstance(recorded, bool) and recorded >= 0:
            return recorded
        return int(ReportConfig.model_fields["drilldown"].default)

    @property
    def systems(self) -> list[str]:
        return list(self.aggregate["systems"])

    @property
    def baseline(self) -> str:
        return self.aggregate.get("baseline", "")

    @property
    def confidence_pct(self) -> int:
        return round(float(self.aggregate.get("confidence", 0.95)) * 100)

    @property
    def alpha(self) -> str:
        return f"{1 - float(self.aggregate.get('confidence', 0.95)):.2f}"

    def described(self) -> list[tuple[MetricDescription, Value]]:
        """(metric, value) for every value the run produced, as the run folder describes it."""
        return runfolder.values_of(self.metrics, runfolder.stored_value_names(self.aggregate))

    def columns(self) -> list[Value]:
        """The values the report's tables show, in the metrics' order."""
        return [value for _, value in self.described() if value.leaderboard]

    def value(self, name: str) -> Value:
        found = {value.name: value for _, value in self.described()}
        return found.get(name) or Value.undescribed(name)

    def primary(self) -> Value | None:
        """The value that orders the leaderboard and the drill-down: the first quality score."""
        return next((c for c in self.columns() if c.higher_is_better is True), None)

    def source_score(self) -> Value | None:
        """The first quality score checked against the article rather than the references: of
        a metric that compares with the source only, else of one that compares with both."""
        primary = self.primary()
        for wanted in ("source", "both"):
            for metric, value in self.described():
                if (
                    metric.compares_with == wanted
                    and value.leaderboard
                    and value.higher_is_better is True
                    and value != primary
                ):
                    return value
        return None

    def descriptive(self) -> Value | None:
        """The first value with no better direction (a length): the x axis of a plot."""
        return next((c for c in self.columns() if c.higher_is_better is None), None)

    def leaderboard(self) -> list[LeaderRow]:
        """One row per system, best first by the primary column (then by name), best per
        column marked; columns where neither direction is better are never marked."""
        columns = self.columns()
        table = [
            LeaderRow(
                system,
                [Cell.from_stat(self.aggregate["systems"][system].get(c.name), c) for c in columns],
                int(self.aggregate.get("failures", {}).get(system, 0)),
                int(self.aggregate.get("empty", {}).get(system, 0)),
                system == self.baseline,
            )
            for system in self.systems
        ]
        mark_best(table, columns)
        primary = self.primary()
        if primary is not None:
            index = columns.index(primary)
            table.sort(
                key=lambda row: (row.cells[index].mean is None, -(row.cells[index].mean or 0))
            )
        return table

    def significance(self) -> list[tuple[str, list[Diff]]]:
        columns = self.columns()
        order = [row.system for row in self.leaderboard()]
        comparisons = self.aggregate.get("comparisons", {})
        return [
            (system, [Diff.from_test(comparisons[system].get(c.name), c) for c in columns])
            for system in order
            if system in comparisons
        ]

    def failures(self) -> list[tuple[str, str, str]]:
        """(system, article id, error) for every failed generation, in system order."""
        found = []
        for system, records in self.generations.items():
            for article_id, record in records.items():
                if record.get("error"):
                    found.append((system, article_id, str(record["error"])))
        return found

    def briefing(self, system: str, article_id: str) -> dict[str, Any]:
        return self.generations.get(system, {}).get(article_id, {})

    def scores(self) -> dict[tuple[str, str], dict[str, Any]]:
        return {(row["system"], row["id"]): row for row in self.rows}

    def article_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for row in self.rows:
            seen.setdefault(row["id"], None)
        return list(seen)


def mark_best(table: list[LeaderRow], columns: list[Value]) -> None:
    for index, column in enumerate(columns):
        if column.higher_is_better is None:
            continue
        means = [row.cells[index].mean for row in table if row.cells[index].mean is not None]
        if not means:
            continue
        # Compare at display precision: two systems that show the same value are both best.
        shown = [round(m, column.digits) for m in means]
        target = max(shown) if column.higher_is_better else min(shown)
        for row in table:
            mean = row.cells[index].mean
            if mean is not None and round(mean, column.digits) == target:
                row.cells[index].best = True


def load_articles(
    manifest: dict[str, Any], corpus: Iterable[Article] | None = None
) -> tuple[dict[str, ArticleText] | None, str | None]:
    """The corpus the run was scored on, for the drill-down, if it is still there unchanged.

    ``corpus``: the articles themselves, when the caller still holds the ones the run scored
    (the runner, which fingerprinted them into the manifest): they are shown as scored,
    without reading and validating every corpus file a second time (a third of a second per
    1,000 articles, issue 14). Without it they are read from the manifest's path.
    """
    if corpus is not None:
        return _article_texts(corpus), None
    from eval.corpus.format import corpus_fingerprint
    from eval.corpus.loading import validate_corpus

    data = manifest.get("data", {})
    path = data.get("path")
    if not path or not Path(path).exists():
        return None, (
            f"The corpus ({path or 'unknown'}) is not on this machine, so article texts and "
            "references are not shown."
        )
    articles, _ = validate_corpus(Path(path))
    if corpus_fingerprint(articles) != data.get("fingerprint"):
        return None, (
            f"The corpus at {path} has changed since this run (fingerprint "
            f"{corpus_fingerprint(articles)}, run {data.get('fingerprint')}), so article texts "
            "and references are not shown."
        )
    return _article_texts(articles), None


def _article_texts(articles: Iterable[Article]) -> dict[str, ArticleText]:
    return {
        a.id: ArticleText(a.id, a.title, a.source.text, [(r.author, r.text) for r in a.references])
        for a in articles
    }


def load_run(
    folder: Path, *, with_articles: bool = True, corpus: Iterable[Article] | None = None
) -> RunData:
    """A run folder read back (``eval.runfolder``), with the corpus for the drill-down (the
    articles in ``corpus`` when given, see ``load_articles``)."""
    with runfolder.paused_gc():  # see paused_gc: the corpus is many small objects too
        found = runfolder.read_run(Path(folder))
        articles, note = load_articles(found.manifest, corpus) if with_articles else (None, None)
    return RunData(
        folder=found.folder,
        aggregate=found.aggregate,
        manifest=found.manifest,
        rows=found.rows,
        generations=found.generations,
        ceiling_rows=found.ceiling_rows,
        metrics=found.metrics,
        meta_eval=found.meta_eval,
        articles=articles,
        corpus_note=note,
    )
