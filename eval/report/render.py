"""Write report.md, report.html and leaderboard.csv for a run folder.

HTML is rendered with Jinja2 autoescaping on for every ``*.html.j2`` template: briefings,
references, errors and evidence are model- or user-written text and always reach the page as
text. The only markup inserted unescaped is the SVG that matplotlib produced here. Markdown
gets its own escaping filter (``md``) for the few free-text fields it shows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from eval import __version__, runfolder
from eval.files import atomic_write_text
from eval.report.data import RunData, fmt, fmt_p, load_run
from eval.report.drilldown import drilldown
from eval.report.plots import all_plots, ceiling_bars
from eval.report.sections import ceiling_signatures, ceiling_view, headlines, meta_view

if TYPE_CHECKING:
    from eval.corpus.format import Article

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(value: Any) -> str:
    """Text safe inside a Markdown table cell: no markup, no HTML, no line breaks."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


# Characters that reorder the text around them (RLO, LRI, RLM...): a briefing holding U+202E
# before "123" would show "321", a different number from the one scored. They are shown as
# visible codes instead, in every report, so the page shows exactly the characters scored.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def show_bidi_controls(value: Any) -> Any:
    """``finalize`` for every ``{{ ... }}``: bidi controls in text become ``[U+202E]``."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", value)
    return value


def _autoescape(name: str | None) -> bool:
    return name is None or name.endswith((".html", ".html.j2", ".htm"))


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("eval.report", "templates"),
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=show_bidi_controls,
    )
    env.filters["md"] = md_escape
    env.filters["fmt"] = fmt
    env.filters["pvalue"] = fmt_p
    return env


def units(run: RunData) -> dict[str, list[str]]:
    """Labels by how they are shown, for the sentences under the tables (from the metrics'
    descriptions, so a plugin's values are explained like the built-ins')."""
    columns = run.columns()
    return {
        "percent_labels": [c.label for c in columns if c.scale == 100],
        "unranked_labels": [c.label for c in columns if c.higher_is_better is None],
        "lower_labels": [c.label for c in columns if c.higher_is_better is False],
    }


def context(run: RunData) -> dict[str, Any]:
    table = run.leaderboard()
    order = [row.system for row in table]
    plots = all_plots(run, order)
    ceiling_plot = ceiling_bars(run, order)
    articles = drilldown(run, run.drilldown_count)
    return {
        "run": run,
        "version": __version__,
        "columns": run.columns(),
        "table": table,
        "primary": run.primary(),
        "significance": run.significance(),
        "headlines": headlines(run),
        "ceiling": ceiling_view(run, order),
        "ceiling_plot": ceiling_plot,
        "meta": meta_view(run),
        "plots": plots,
        "svg": lambda plot: Markup(plot.svg),  # produced by matplotlib in this process
        "articles": articles.full,
        "drilldown": articles,
        "any_claims": any(b.claims for article in articles.full for b in article.briefings),
        "failures": run.failures(),
        "versions": run.manifest.get("versions", {}),
        "ceiling_signatures": ceiling_signatures(run.aggregate.get("ceiling")),
        **units(run),
    }


def leaderboard_csv(run: RunData) -> str:
    """The leaderboard with every value name, unscaled (ROUGE as 0-1, as in aggregate.json)."""
    table = run.leaderboard()
    shown = [c.name for c in run.columns()]
    names = shown + [
        name
        for name in dict.fromkeys(n for values in run.aggregate["systems"].values() for n in values)
        if name not in shown
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["rank", "system", "baseline"]
    for name in names:
        header += [f"{name}", f"{name}_ci_low", f"{name}_ci_high", f"{name}_n"]
    writer.writerow([*header, "failures", "empty"])
    for rank, row in enumerate(table, start=1):
        stats = run.aggregate["systems"][row.system]
        line: list[Any] = [rank, row.system, "yes" if row.baseline else "no"]
        for name in names:
            stat = stats.get(name, {})
            line += [
                "" if stat.get(key) is None else repr(stat[key])
                for key in ("mean", "ci_low", "ci_high")
            ]
            line.append(stat.get("n", 0))
        writer.writerow([*line, row.failures, row.empty])
    return buffer.getvalue()


def write_reports(
    folder: Path, formats: list[str], *, corpus: Iterable[Article] | None = None
) -> list[Path]:
    """Render the requested formats (``md``, ``html``) and leaderboard.csv into ``folder``.

    ``corpus``: the articles the run scored, when the caller still holds them (the runner);
    otherwise the drill-down reads them from the path the manifest records.
    """
    folder = Path(folder)
    # The loaded run is many small acyclic objects (rows, claims): the cyclic garbage collector
    # would walk them again and again while they are built, making a big run's report grow
    # faster than linear. Reference counting frees them all the same.
    with runfolder.paused_gc():
        run = load_run(folder, corpus=corpus)
        env = environment()
        values = context(run)
        written = []
        for fmt_name in formats:
            text = env.get_template(f"report.{fmt_name}.j2").render(**values)
            path = runfolder.report_path(folder, fmt_name)
            atomic_write_text(path, text)
            written.append(path)
        csv_path = folder / runfolder.LEADERBOARD
        atomic_write_text(csv_path, leaderboard_csv(run))
        written.append(csv_path)
    return written
