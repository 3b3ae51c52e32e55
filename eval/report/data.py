"""Read a run folder and shape it into what the templates show."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Leaderboard columns: (value name, header, scale, higher is better)
LEADERBOARD_COLUMNS: list[tuple[str, str, float, bool]] = [
    ("rouge1", "ROUGE-1", 100.0, True),
    ("rouge2", "ROUGE-2", 100.0, True),
    ("rougeL", "ROUGE-L", 100.0, True),
    ("rougeLsum", "ROUGE-Lsum", 100.0, True),
    ("numbers.precision", "Num. precision", 100.0, True),
    ("numbers.flagged", "Flagged / briefing", 1.0, False),
    ("numbers.recall", "Num. recall", 100.0, True),
    ("length.words", "Words", 1.0, None),
    ("length.compression", "Compression", 1.0, None),
    ("length.coverage", "Coverage", 1.0, None),
    ("length.density", "Density", 1.0, None),
]


@dataclass
class Cell:
    mean: float | None
    low: float | None
    high: float | None
    n: int
    best: bool = False

    def text(self, digits: int = 1) -> str:
        if self.mean is None:
            return f"n/a (n={self.n})"
        ci = ""
        if self.low is not None and self.high is not None:
            ci = f" [{self.low:.{digits}f}, {self.high:.{digits}f}]"
        return f"{self.mean:.{digits}f}{ci}"


@dataclass
class RunData:
    folder: Path
    aggregate: dict[str, Any]
    manifest: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def systems(self) -> list[str]:
        return list(self.aggregate["systems"])

    def columns(self) -> list[tuple[str, str, float, bool | None]]:
        present = {name for values in self.aggregate["systems"].values() for name in values}
        return [column for column in LEADERBOARD_COLUMNS if column[0] in present]

    def leaderboard(self) -> list[tuple[str, list[Cell]]]:
        columns = self.columns()
        table = []
        for system in self.systems:
            cells = []
            for name, _, scale, _ in columns:
                stat = self.aggregate["systems"][system].get(name, {})

                def scaled(x, scale=scale):
                    return None if x is None else x * scale

                cells.append(
                    Cell(
                        scaled(stat.get("mean")),
                        scaled(stat.get("ci_low")),
                        scaled(stat.get("ci_high")),
                        int(stat.get("n", 0)),
                    )
                )
            table.append((system, cells))
        for index, (_, _, _, higher) in enumerate(columns):
            if higher is None:
                continue
            means = [cells[index].mean for _, cells in table if cells[index].mean is not None]
            if not means:
                continue
            target = max(means) if higher else min(means)
            for _, cells in table:
                if cells[index].mean == target:
                    cells[index].best = True
        return table


def load_run(folder: Path) -> RunData:
    folder = Path(folder)
    aggregate = json.loads((folder / "aggregate.json").read_text(encoding="utf-8"))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    rows = [
        json.loads(line)
        for line in (folder / "scores.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return RunData(folder, aggregate, manifest, rows)
