"""Read a run folder and shape it into what the templates show.

Everything a report needs is read back from the run folder's files (plus the corpus the
manifest names, for the drill-down), so any finished run, or a ``compare`` folder, can be
re-rendered. Numbers are only rescaled and rounded here; they are computed in ``eval.stats``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.errors import UserError
from eval.files import read_json_lines
from eval.report.columns import LEADERBOARD_COLUMNS, Cell, Column, Diff, fmt, fmt_p

__all__ = ["LEADERBOARD_COLUMNS", "Cell", "Column", "Diff", "RunData", "fmt", "fmt_p", "load_run"]


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
    meta_eval: dict[str, Any] | None = None
    articles: dict[str, ArticleText] | None = None
    corpus_note: str | None = None

    @property
    def name(self) -> str:
        return str(self.manifest.get("config", {}).get("name") or self.folder.name)

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

    def columns(self) -> list[Column]:
        present = {name for values in self.aggregate["systems"].values() for name in values}
        return [column for column in LEADERBOARD_COLUMNS if column.name in present]

    def primary(self) -> Column | None:
        """The column that orders the leaderboard and the drill-down: the first quality score."""
        return next((c for c in self.columns() if c.higher), None)

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


def mark_best(table: list[LeaderRow], columns: list[Column]) -> None:
    for index, column in enumerate(columns):
        if column.higher is None:
            continue
        means = [row.cells[index].mean for row in table if row.cells[index].mean is not None]
        if not means:
            continue
        # Compare at display precision: two systems that show the same value are both best.
        shown = [round(m, column.digits) for m in means]
        target = max(shown) if column.higher else min(shown)
        for row in table:
            mean = row.cells[index].mean
            if mean is not None and round(mean, column.digits) == target:
                row.cells[index].best = True


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(
            f"{path} not found: {path.parent} is not a finished run folder (it needs "
            "aggregate.json, manifest.json and scores.jsonl; 'briefing-eval run' writes them)."
        ) from None
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}, line {exc.lineno}: not valid JSON ({exc.msg}).") from None


def load_articles(manifest: dict[str, Any]) -> tuple[dict[str, ArticleText] | None, str | None]:
    """The corpus the run was scored on, for the drill-down, if it is still there unchanged."""
    from eval.corpus.format import corpus_fingerprint, validate_corpus

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
    return {
        a.id: ArticleText(a.id, a.title, a.source.text, [(r.author, r.text) for r in a.references])
        for a in articles
    }, None


def load_run(folder: Path, *, with_articles: bool = True) -> RunData:
    folder = Path(folder)
    aggregate = read_json(folder / "aggregate.json")
    manifest = read_json(folder / "manifest.json")
    if not (folder / "scores.jsonl").exists():
        read_json(folder / "scores.jsonl")  # raises the 'not a finished run' message
    rows = read_json_lines(folder / "scores.jsonl")
    generations = {
        system: {r["id"]: r for r in read_json_lines(folder / "generations" / f"{system}.jsonl")}
        for system in aggregate["systems"]
    }
    meta_path = folder / "meta_eval.json"
    meta = read_json(meta_path) if meta_path.exists() else None
    articles, note = load_articles(manifest) if with_articles else (None, None)
    return RunData(
        folder=folder,
        aggregate=aggregate,
        manifest=manifest,
        rows=rows,
        generations=generations,
        ceiling_rows=read_json_lines(folder / "ceiling.jsonl"),
        meta_eval=meta,
        articles=articles,
        corpus_note=note,
    )
