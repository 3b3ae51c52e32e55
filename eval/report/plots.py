"""The report's plots: which figures a run gets, and the data each one draws.

Each plot reads a run's per-article rows or aggregate and returns a ``Plot`` (an inline SVG with
its title and caption), or None when the run lacks what it needs. How a figure is styled and
turned into SVG lives in ``eval.report.drawing``.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib
import numpy as np

from eval.report.data import RunData, Value
from eval.report.drawing import (
    HORIZONTAL,
    STYLE,
    axis_limits,
    jitter,
    new_figure,
    place_labels,
    svg_width,
    system_colours,
    to_svg,
)
from eval.run.ceiling import HUMAN


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


def _rasterize(run: RunData) -> bool:
    return len(run.rows) > VECTOR_DOTS


def _per_article(run: RunData, system: str, name: str) -> list[float]:
    return [
        float(row[name])
        for row in run.rows
        if row["system"] == system and isinstance(row.get(name), int | float)
    ]


def distributions(run: RunData, order: list[str]) -> Plot | None:
    shown = [c for c in (run.primary(), run.source_score()) if c is not None]
    if not shown:
        return None
    colours = system_colours(order)
    with matplotlib.rc_context(STYLE):
        fig = new_figure(3.6 * len(shown) + 1.2, max(2.8, 0.32 * len(order) + 1.2))
        axes = fig.subplots(1, len(shown), sharey=True, squeeze=False)[0]
        positions = np.arange(len(order))[::-1]
        for ax, column in zip(axes, shown, strict=True):
            data = [np.array(_per_article(run, s, column.name)) * column.scale for s in order]
            for y, system, values in zip(positions, order, data, strict=True):
                if values.size:
                    ax.scatter(
                        values,
                        y + jitter(values.size, 0.5),
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
                    **HORIZONTAL,
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
    with matplotlib.rc_context(STYLE):
        fig = new_figure(6.4, 4.2)
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
            ax.set_xlim(*axis_limits(min(xs), max(xs), precision))
            ax.set_ylim(*axis_limits(min(ys), max(ys), rouge))
        ax.set_xlabel(f"{precision.label} (mean, {run.confidence_pct}% interval)")
        ax.set_ylabel(f"{rouge.label} (mean, {run.confidence_pct}% interval)")
        place_labels(ax, labels, 7.5)  # last: it fixes the layout
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
    with matplotlib.rc_context(STYLE):
        fig = new_figure(6.4, 4.2)
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
    with matplotlib.rc_context(STYLE):
        fig = new_figure(6.4, 0.3 * len(everyone) + 1.2)
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
