"""Static plots for the report: matplotlib figures rendered to inline SVG, byte-reproducible.

No pyplot (no global figure state, no GUI backend): each figure is a ``Figure`` saved through
the SVG canvas under a fixed ``svg.hashsalt`` (unique per plot, so element ids never clash when
several SVGs share one HTML page) and without a date, so the same run gives the same bytes.
Text stays text (``svg.fonttype: none``): small files, crisp at any zoom, selectable.
"""

from __future__ import annotations

import html
import inspect
import io
import re
from dataclasses import dataclass
from typing import Any

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from eval.report.data import RunData, Value
from eval.run.ceiling import HUMAN

_STYLE = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Helvetica", "Arial"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e4e4e4",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.edgecolor": "#888888",
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
}
_GOLDEN = 0.6180339887498949
# matplotlib 3.10 renamed boxplot's ``vert=False`` to ``orientation="horizontal"``.
_HORIZONTAL = (
    {"orientation": "horizontal"}
    if "orientation" in inspect.signature(Axes.boxplot).parameters
    else {"vert": False}
)


@dataclass
class Plot:
    id: str
    title: str
    caption: str
    svg: str

    @property
    def wide(self) -> bool:
        """Too wide for half the page: the template gives it a whole row."""
        return svg_width(self.svg) > 640


# Above this many per-article dots (rows of scores.jsonl) a plot's dots are one PNG embedded in
# its SVG: each vector dot costs ~110 bytes, and 10,000 articles x 3 systems made two plots of
# 10 MB between them. Below it (every run of a few hundred articles) they stay vector.
VECTOR_DOTS = 3000
_RASTER_DPI = 144


def _rasterize(run: RunData) -> bool:
    return len(run.rows) > VECTOR_DOTS


def to_svg(fig: Figure, salt: str, label: str = "") -> str:
    """The figure as an ``<svg>`` element (no XML prolog), identical bytes for identical input.

    Its fixed size becomes a CSS ``max-width`` at 96 dpi, so the figure shrinks on narrow screens
    but is never blown up past the size its fonts were set for.
    """
    buffer = io.StringIO()
    with matplotlib.rc_context({**_STYLE, "svg.hashsalt": f"briefing-eval-{salt}"}):
        rastered = any(c.get_rasterized() for ax in fig.axes for c in ax.collections)
        fig.savefig(
            buffer,
            format="svg",
            metadata={"Date": None},
            bbox_inches="tight",
            dpi=_RASTER_DPI if rastered else "figure",
        )
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    size = re.search(r'<svg([^>]*?) width="([\d.]+)pt" height="[^"]*"', text)
    if size is None:  # pragma: no cover - matplotlib always writes pt sizes
        return text
    width_px = float(size.group(2)) * 96 / 72
    return (
        text[: size.start()]
        + f'<svg{size.group(1)} role="img" aria-label="{html.escape(label or salt)}" '
        + f'style="max-width: {width_px:.0f}px"'
        + text[size.end() :]
    )


def svg_width(svg: str) -> int:
    found = re.search(r'style="max-width: (\d+)px"', svg)
    return int(found.group(1)) if found else 0


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(_STYLE):
        return Figure(figsize=(width, height), layout="constrained")


def system_colours(systems: list[str]) -> dict[str, tuple]:
    cmap = matplotlib.colormaps["tab10" if len(systems) <= 10 else "tab20"]
    return {system: cmap(i % cmap.N) for i, system in enumerate(systems)}


def _per_article(run: RunData, system: str, name: str) -> list[float]:
    return [
        float(row[name])
        for row in run.rows
        if row["system"] == system and isinstance(row.get(name), int | float)
    ]


def _jitter(count: int, width: float) -> np.ndarray:
    # A low-discrepancy sequence: evenly spread, deterministic, no random numbers needed.
    return ((np.arange(count) * _GOLDEN) % 1.0 - 0.5) * width


def distributions(run: RunData, order: list[str]) -> Plot | None:
    shown = [c for c in (run.primary(), run.source_score()) if c is not None]
    if not shown:
        return None
    colours = system_colours(order)
    with matplotlib.rc_context(_STYLE):
        fig = _figure(3.6 * len(shown) + 1.2, max(2.8, 0.32 * len(order) + 1.2))
        axes = fig.subplots(1, len(shown), sharey=True, squeeze=False)[0]
        positions = np.arange(len(order))[::-1]
        for ax, column in zip(axes, shown, strict=True):
            data = [np.array(_per_article(run, s, column.name)) * column.scale for s in order]
            for y, system, values in zip(positions, order, data, strict=True):
                if values.size:
                    ax.scatter(
                        values,
                        y + _jitter(values.size, 0.5),
                        s=7,
                        color=colours[system],
                        alpha=0.55,
                        linewidths=0,
                        rasterized=_rasterize(run),
                    )
            kept = [(p, d) for p, d in zip(positions, data, strict=True) if d.size]
            if kept:
                ax.boxplot(
                    [d for _, d in kept],
                    positions=[p for p, _ in kept],
                    **_HORIZONTAL,
                    widths=0.6,
                    showfliers=False,
                    medianprops={"color": "#111111", "linewidth": 1.4},
                    boxprops={"color": "#444444"},
                    whiskerprops={"color": "#444444"},
                    capprops={"color": "#444444"},
                )
            ax.set_yticks(positions, order)
            ax.set_xlabel(f"{column.label} per article")
            ax.set_title(column.label)
        return Plot(
            "distributions",
            "Score distributions",
            "One dot per article; boxes span the middle half, the line is the median.",
            to_svg(fig, "distributions", "Score distributions per system"),
        )


def _mean_ci(run: RunData, system: str, column: Value) -> tuple[float, float, float] | None:
    stat = run.aggregate["systems"][system].get(column.name) or {}
    if stat.get("mean") is None:
        return None
    mean = stat["mean"] * column.scale
    low = stat["ci_low"] * column.scale if stat.get("ci_low") is not None else mean
    high = stat["ci_high"] * column.scale if stat.get("ci_high") is not None else mean
    return mean, mean - low, high - mean


def _axis_limits(low: float, high: float, column: Value) -> tuple[float, float]:
    """Axis limits around ``[low, high]`` that never run past what a value can be: a
    percentage (scale 100, a fraction in [0, 1]) stays within 0-100, so a metric at 100 for
    every system is drawn on a 98.5-100.5 axis, not 96-104."""
    pad = max((high - low) * 0.08, 1.5 if column.scale == 100 else abs(high) * 0.02 or 0.5)
    lower, upper = low - pad, high + pad
    if column.scale == 100:
        lower, upper = max(lower, -0.5), min(upper, 100.5)
    return lower, upper


def _place_labels(ax: Axes, points: list[tuple[str, float, float]], fontsize: float) -> None:
    """Label each point without labels overlapping: greedily, top to bottom, each label goes
    right of its point (else left of it), moving up or down a line at a time until its measured
    box is inside the figure and clear of those placed, with a thin line back to its point when
    it moved. Deterministic."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = ax.figure
    canvas = fig.canvas if hasattr(fig.canvas, "get_renderer") else FigureCanvasAgg(fig)
    # Settle the layout first and keep it: labels are placed in final screen positions.
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    renderer = canvas.get_renderer()
    height = fontsize * 1.3  # points
    placed: list[Any] = []
    for name, x, y in sorted(points, key=lambda p: (-p[2], p[1], p[0])):
        probe = ax.annotate(
            name, (x, y), xytext=(4.0, 3.0), textcoords="offset points", fontsize=fontsize
        )
        probe.update_positions(renderer)
        width = Text.get_window_extent(probe, renderer).width * 72.0 / fig.dpi
        page = fig.bbox
        for step in range(60):
            row = (step // 2 + 1) // 2 * (1 if (step // 2) % 2 else -1)  # 0, +1, -1, +2 ...
            side = 4.0 if step % 2 == 0 else -8.0 - width  # right of the point, else left
            probe.xyann = (side, 3.0 + row * height)
            probe.update_positions(renderer)
            box = Text.get_window_extent(probe, renderer).padded(1.5)  # a little air
            inside = page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 <= page.y1
            if inside and not any(box.overlaps(other) for other in placed):
                break
        placed.append(box)
        offset = probe.xyann
        probe.remove()
        moved = offset != (4.0, 3.0)
        ax.annotate(
            name,
            (x, y),
            xytext=offset,
            textcoords="offset points",
            fontsize=fontsize,
            arrowprops={"arrowstyle": "-", "color": "#9aa3ab", "linewidth": 0.5} if moved else None,
        )


def references_vs_source(run: RunData, order: list[str]) -> Plot | None:
    """The first quality score against the references (up) and against the article (right)."""
    rouge = next(
        (
            v
            for m, v in run.described()
            if m.compares_with == "references" and v.leaderboard and v.higher_is_better is True
        ),
        None,
    )
    precision = run.source_score()
    if rouge is None or precision is None:
        return None
    colours = system_colours(order)
    with matplotlib.rc_context(_STYLE):
        fig = _figure(6.4, 4.2)
        ax = fig.subplots()
        labels: list[tuple[str, float, float]] = []
        xs: list[float] = []
        ys: list[float] = []
        for system in order:
            x, y = _mean_ci(run, system, precision), _mean_ci(run, system, rouge)
            if x is None or y is None:
                continue
            labels.append((system, x[0], y[0]))
            xs += [x[0] - x[1], x[0] + x[2]]
            ys += [y[0] - y[1], y[0] + y[2]]
            ax.errorbar(
                x[0],
                y[0],
                xerr=[[x[1]], [x[2]]],
                yerr=[[y[1]], [y[2]]],
                fmt="o",
                color=colours[system],
                ecolor=colours[system],
                elinewidth=0.9,
                capsize=2,
                markersize=5,
            )
        if labels:
            ax.set_xlim(*_axis_limits(min(xs), max(xs), precision))
            ax.set_ylim(*_axis_limits(min(ys), max(ys), rouge))
        ax.set_xlabel(f"{precision.label} (mean, {run.confidence_pct}% interval)")
        ax.set_ylabel(f"{rouge.label} (mean, {run.confidence_pct}% interval)")
        _place_labels(ax, labels, 7.5)  # last: it fixes the layout
        title = f"{rouge.label} against {precision.label}"
        return Plot(
            "references-vs-source",
            title,
            f"Up is closer to the references; right is better against the article "
            f"({precision.help}). Bars are {run.confidence_pct}% bootstrap intervals.",
            to_svg(fig, "references-vs-source", title),
        )


def length_vs_score(run: RunData, order: list[str]) -> Plot | None:
    """The first descriptive value (a length) against the primary score, per article."""
    score, length = run.primary(), run.descriptive()
    if score is None or length is None:
        return None
    colours = system_colours(order)
    with matplotlib.rc_context(_STYLE):
        fig = _figure(6.4, 4.2)
        ax = fig.subplots()
        for system in order:
            pairs = [
                (float(r[length.name]) * length.scale, float(r[score.name]) * score.scale)
                for r in run.rows
                if r["system"] == system
                and isinstance(r.get(length.name), int | float)
                and isinstance(r.get(score.name), int | float)
            ]
            if not pairs:
                continue
            xs, ys = np.array(pairs).T
            ax.scatter(
                xs,
                ys,
                s=9,
                color=colours[system],
                alpha=0.45,
                linewidths=0,
                rasterized=_rasterize(run),
            )
            ax.scatter(
                [xs.mean()],
                [ys.mean()],
                s=60,
                color=colours[system],
                edgecolors="#111111",
                linewidths=0.8,
                marker="D",
                label=system,
                zorder=3,
            )
        ax.set_xlabel(f"{length.label} ({length.help})")
        ax.set_ylabel(f"{score.label} per article")
        ax.legend(
            fontsize=7, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5), title="mean"
        )
        title = f"{length.label} against {score.label}"
        return Plot(
            "length-vs-score",
            title,
            "Small dots are articles, diamonds are each system's mean. Longer briefings tend to "
            "score higher on recall-heavy metrics, so compare systems at similar lengths.",
            to_svg(fig, "length-vs-score", title),
        )


def ceiling_bars(run: RunData, order: list[str]) -> Plot | None:
    ceiling = run.aggregate.get("ceiling")
    if not ceiling:
        return None
    names = list(next(iter(ceiling["systems"].values())))
    if not names:
        return None
    value = run.value(names[0])
    scale = value.scale
    name = value.name
    everyone = [HUMAN, *[s for s in order if s in ceiling["systems"]]]
    colours = {**system_colours(order), HUMAN: (0.2, 0.2, 0.2, 1.0)}
    stats = [ceiling["systems"][s][name] for s in everyone]
    with matplotlib.rc_context(_STYLE):
        fig = _figure(6.4, 0.3 * len(everyone) + 1.2)
        ax = fig.subplots()
        positions = np.arange(len(everyone))[::-1]
        means = [(s["mean"] or 0) * scale for s in stats]
        low = [
            m - (s["ci_low"] or 0) * scale if s["ci_low"] is not None else 0
            for m, s in zip(means, stats, strict=True)
        ]
        high = [
            (s["ci_high"] or 0) * scale - m if s["ci_high"] is not None else 0
            for m, s in zip(means, stats, strict=True)
        ]
        ax.barh(
            positions,
            means,
            xerr=[low, high],
            color=[colours[s] for s in everyone],
            height=0.6,
            capsize=2,
            error_kw={"elinewidth": 0.8},
        )
        ax.axvline(means[0], color="#111111", linestyle="--", linewidth=0.9)
        ax.set_yticks(positions, everyone)
        times = f" x{scale:g}" if scale != 1 else ""
        ax.set_xlabel(f"{value.label}{times} against N\u22121 references (leave-one-out)")
        return Plot(
            "ceiling",
            "Systems against the human ceiling",
            "The dashed line is how well one person's reference matches the others'.",
            to_svg(fig, "ceiling", "Systems against the human ceiling"),
        )


def all_plots(run: RunData, order: list[str]) -> list[Plot]:
    made = [
        distributions(run, order),
        references_vs_source(run, order),
        length_vs_score(run, order),
    ]
    return [plot for plot in made if plot is not None]
