"""Report details from issue 13: bidi control characters are shown, not obeyed; a percentage
axis never runs past 100; scatter labels do not overlap."""

from __future__ import annotations

import itertools

from matplotlib.text import Text

from eval.metrics.base import Value
from eval.report.drawing import axis_limits, new_figure, place_labels
from eval.report.render import environment


def test_bidi_overrides_are_shown_as_codes_in_html_and_markdown() -> None:
    briefing = "Profit rose \u202e123\u202c percent \u2067x\u2069."
    html = environment().from_string("<p>{{ b }}</p>").render(b=briefing)
    assert html == "<p>Profit rose [U+202E]123[U+202C] percent [U+2067]x[U+2069].</p>"
    markdown = environment().from_string("{{ b | md }}").render(b=briefing)
    assert "\u202e" not in markdown and "[U+202E]123" in markdown


def test_a_percentage_at_100_everywhere_is_not_drawn_past_100() -> None:
    percent = Value("numbers.precision", "Num. precision", scale=100)
    low, high = axis_limits(100.0, 100.0, percent)
    assert 97 < low < 100 < high <= 100.5
    low, high = axis_limits(0.0, 0.0, percent)
    assert -0.5 <= low < 0 < high < 3
    words = Value("length.words", "Words", scale=1.0, higher_is_better=None)
    assert axis_limits(40.0, 60.0, words)[1] > 60


def test_scatter_labels_do_not_overlap() -> None:
    fig = new_figure(6.4, 4.2)
    ax = fig.subplots()
    points = [(f"m{i}", 99.0 + 0.05 * (i % 3), 48.0 + 0.1 * i) for i in range(18)]
    ax.scatter([p[1] for p in points], [p[2] for p in points])
    ax.set_xlim(97, 100.5)
    ax.set_ylim(40, 55)
    place_labels(ax, points, 7.5)
    fig.canvas.draw()
    # The text itself (an annotation's own extent includes its leader line).
    boxes = [Text.get_window_extent(text) for text in ax.texts]
    assert len(boxes) == 18
    overlapping = [
        (a, b) for a, b in itertools.combinations(range(18), 2) if boxes[a].overlaps(boxes[b])
    ]
    assert overlapping == []
