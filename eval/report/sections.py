"""The report's derived sections: headline findings, the human ceiling, the meta-evaluation.

Each function turns stored numbers (aggregate.json, meta_eval.json) into display rows; none
computes a statistic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eval.report.data import Cell, Diff, RunData, Value, fmt, fmt_p
from eval.run.ceiling import HUMAN


@dataclass
class CeilingRow:
    system: str
    cells: list[Cell]
    gaps: list[Diff | None]  # None for the human row


@dataclass
class CeilingView:
    signatures: list[str]
    articles: int
    columns: list[Value]
    rows: list[CeilingRow]


def ceiling_view(run: RunData, order: list[str]) -> CeilingView | None:
    ceiling = run.aggregate.get("ceiling")
    if not ceiling:
        return None
    names = list(ceiling["systems"].get(HUMAN, {}))
    columns = [run.value(n) for n in names]
    rows = []
    for system in [HUMAN, *[s for s in order if s in ceiling["systems"]]]:
        stats = ceiling["systems"][system]
        tests = ceiling.get("comparisons", {}).get(system)
        rows.append(
            CeilingRow(
                system,
                [Cell.from_stat(stats.get(c.name), c) for c in columns],
                [Diff.from_test(tests.get(c.name), c) for c in columns]
                if tests
                else [None] * len(columns),
            )
        )
    return CeilingView(ceiling_signatures(ceiling), int(ceiling.get("articles", 0)), columns, rows)


def ceiling_signatures(ceiling: dict[str, Any] | None) -> list[str]:
    """One signature per reference-based metric (a run folder from before the generic ceiling
    holds a single ``signature``)."""
    if not ceiling:
        return []
    found = ceiling.get("signatures")
    if found is None:
        found = {"": ceiling.get("signature")}
    return [signature for signature in found.values() if signature]


@dataclass
class MetaCell:
    value: str
    interval: str
    p: str
    strength: str  # css class by |value|: strong / moderate / weak / none


@dataclass
class MetaRow:
    metric: str
    header: str
    system_level: list[tuple[MetaCell, MetaCell]]  # per rating: (kendall, spearman)
    summary_level: list[tuple[MetaCell, MetaCell]]


@dataclass
class MetaView:
    ratings: list[str]
    systems: list[str]
    unrated: list[str]
    articles: int
    source: str
    rows: list[MetaRow]
    confidence_pct: int


def _strength(value: float | None) -> str:
    if value is None:
        return "none"
    size = abs(value)
    return "strong" if size >= 0.6 else "moderate" if size >= 0.3 else "weak"


def _meta_cell(entry: dict[str, Any] | None) -> MetaCell:
    entry = entry or {}
    value = entry.get("value")
    low, high = entry.get("ci_low"), entry.get("ci_high")
    interval = f"[{fmt(low, 2)}, {fmt(high, 2)}]" if low is not None and high is not None else ""
    p = f"p={fmt_p(entry['p'])}" if entry.get("p") is not None else ""
    if "articles" in entry:
        p = f"{entry['articles']} articles"
    return MetaCell(fmt(value, 2), interval, p, _strength(value))


def meta_view(run: RunData) -> MetaView | None:
    meta = run.meta_eval
    if not meta:
        return None
    shown = meta_values(run, meta["metrics"])
    rows = []
    for metric in shown:
        system = meta["system_level"].get(metric, {})
        summary = meta["summary_level"].get(metric, {})
        rows.append(
            MetaRow(
                metric,
                run.value(metric).label,
                [
                    (
                        _meta_cell(system.get(r, {}).get("kendall")),
                        _meta_cell(system.get(r, {}).get("spearman")),
                    )
                    for r in meta["ratings"]
                ],
                [
                    (
                        _meta_cell(summary.get(r, {}).get("kendall")),
                        _meta_cell(summary.get(r, {}).get("spearman")),
                    )
                    for r in meta["ratings"]
                ],
            )
        )
    return MetaView(
        ratings=list(meta["ratings"]),
        systems=list(meta["systems"]),
        unrated=list(meta.get("unrated_systems", [])),
        articles=int(meta["articles"]),
        source=str(meta.get("ratings_file", "")),
        rows=rows,
        confidence_pct=round(float(meta.get("confidence", 0.95)) * 100),
    )


def meta_values(run: RunData, names: list[str]) -> list[str]:
    """The correlated values the report shows: those on the leaderboard (all, if none is)."""
    return [n for n in names if run.value(n).leaderboard] or list(names)


def headlines(run: RunData) -> list[str]:
    """A few plain sentences a reader can repeat: who leads, whether it is real, the ceiling."""
    table = run.leaderboard()
    primary = run.primary()
    lines: list[str] = []
    if primary is None or not table:
        return lines
    index = run.columns().index(primary)
    leader = table[0]
    cell = leader.cells[index]
    if cell.mean is None:
        return lines
    lines.append(
        f"{leader.system} has the highest {primary.label}: {cell.value} {cell.interval} "
        f"over {cell.n} articles."
    )
    tests = dict(run.significance())
    if leader.system in tests:
        diff = tests[leader.system][index]
        if diff.significant:
            lines.append(
                f"That is {diff.value} points over the baseline {run.baseline}, a significant "
                f"difference ({diff.p_phrase})."
            )
        else:
            lines.append(
                f"Its difference to the baseline {run.baseline} ({diff.value}) is not "
                f"significant ({diff.p_phrase}): the data cannot tell them apart."
            )
    elif leader.system == run.baseline:
        better = [s for s, diffs in tests.items() if diffs[index].verdict == "better"]
        if tests:
            lines.append(
                f"It is the baseline: no system beats it significantly on {primary.label}."
                if not better
                else f"It is the baseline, yet {', '.join(better)} beat it significantly."
            )
    columns = run.columns()
    against_source = run.source_score()
    if against_source is not None:
        at = columns.index(against_source)
        best = [row.system for row in table if row.cells[at].best]
        if best:
            value = next(row.cells[at] for row in table if row.system == best[0])
            lines.append(
                f"Best against the article on {against_source.label}: {', '.join(best)} "
                f"({value.value})."
            )
    ceiling = run.aggregate.get("ceiling")
    if ceiling and primary.name in ceiling["systems"].get(HUMAN, {}):
        human = ceiling["systems"][HUMAN][primary.name]["mean"]
        best = next((row.system for row in table if row.system in ceiling["comparisons"]), None)
        if human is not None and best is not None:
            gap = Diff.from_test(ceiling["comparisons"][best][primary.name], primary)
            score = Cell.from_stat(ceiling["systems"][best][primary.name], primary)
            verdict = "a significant difference" if gap.significant else "not significant"
            lines.append(
                f"People agree with each other at {primary.label} "
                f"{fmt(human * primary.scale, primary.digits)} "
                f"(each reference against the others); against the same references {best} "
                f"scores {score.value} ({gap.value}, {verdict}, {gap.p_phrase})."
            )
    failures = sum(row.failures for row in table)
    if failures:
        lines.append(f"{failures} generation(s) failed; see the footer.")
    return lines
