"""Render report.md and report.html with Jinja2 (HTML autoescaped: models write the text)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from eval.atomic import atomic_write_text
from eval.report.data import load_run


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("eval.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = lambda x: "n/a" if x is None else f"{x * 100:.1f}"
    env.filters["num"] = lambda x, d=3: "n/a" if x is None else f"{x:.{d}f}"
    env.filters["pvalue"] = lambda p: (
        "n/a" if p is None else ("<0.001" if p < 0.001 else f"{p:.3f}")
    )
    return env


def write_reports(folder: Path, formats: list[str]) -> list[Path]:
    run = load_run(folder)
    env = environment()
    context = {"run": run, "table": run.leaderboard(), "columns": run.columns()}
    written = []
    for fmt in formats:
        text = env.get_template(f"report.{fmt}.j2").render(**context)
        path = Path(folder) / f"report.{fmt}"
        atomic_write_text(path, text)
        written.append(path)
    return written
