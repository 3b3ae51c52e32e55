"""How the report's figures are drawn: matplotlib rendered to inline SVG, byte-reproducible.

The drawing machinery every plot in ``eval.report.plots`` shares, kept apart from what those
plots show. No pyplot (no global figure state, no GUI backend): each figure is a ``Figure``
saved through the SVG canvas under a fixed ``svg.hashsalt`` (unique per plot, so element ids
never clash when several SVGs share one HTML page) and without a date, so the same run gives the
same bytes. Text stays text (``svg.fonttype: none``): small files, crisp at any zoom, selectable.
"""

from __future__ import annotations

import html
import inspect
import io
import re
from typing import Any

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from eval.report.data import Value

STYLE = {
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
# Resolution of the dots a plot rasterizes (``eval.report.plots.VECTOR_DOTS``) into its SVG.
_RASTER_DPI = 144
# matplotlib 3.10 renamed boxplot's ``vert=False`` to ``orientation="horizontal"``.
HORIZONTAL = (
    {"orientation": "horizontal"}
    if "orientation" in inspect.signature(Axes.boxplot).parameters
    else {"vert": False}
)


def to_svg(fig: Figure, salt: str, label: str = "") -> str:
    """The figure as an ``<svg>`` element (no XML prolog), identical bytes for identical input.

    Its fixed size becomes a CSS ``max-width`` at 96 dpi, so the figure shrinks on narrow screens
    but is never blown up past the size its fonts were set for.
    """
    buffer = io.StringIO()
    with matplotlib.rc_context({**STYLE, "svg.hashsalt": f"briefing-eval-{salt}"}):
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


def new_figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(STYLE):
        return Figure(figsize=(width, height), layout="constrained")


def system_colours(systems: list[str]) -> dict[str, tuple]:
    cmap = matplotlib.colormaps["tab10" if len(systems) <= 10 else "tab20"]
    return {system: cmap(i % cmap.N) for i, system in enumerate(systems)}


def jitter(count: int, width: float) -> np.ndarray:
    # A low-discrepancy sequence: evenly spread, deterministic, no random numbers needed.
    return ((np.arange(count) * _GOLDEN) % 1.0 - 0.5) * width


def axis_limits(low: float, high: float, column: Value) -> tuple[float, float]:
    """Axis limits around ``[low, high]`` that never run past what a value can be: a
    percentage (scale 100, a fraction in [0, 1]) stays within 0-100, so a metric at 100 for
    every system is drawn on a 98.5-100.5 axis, not 96-104."""
    pad = max((high - low) * 0.08, 1.5 if column.scale == 100 else abs(high) * 0.02 or 0.5)
    lower, upper = low - pad, high + pad
    if column.scale == 100:
        lower, upper = max(lower, -0.5), min(upper, 100.5)
    return lower, upper


def place_labels(ax: Axes, points: list[tuple[str, float, float]], fontsize: float) -> None:
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
