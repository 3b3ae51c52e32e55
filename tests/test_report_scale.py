"""A big run's report: the articles that matter in full, the rest one line each, a bounded page.

The run folder is synthesised by ``benchmarks/report_scale.py`` (the benchmark's own run
folders: distinct articles, three fake systems, claims with verdicts, some failed generations,
written through ``eval.runfolder``), so the test checks what the benchmark measures. Nothing
here is timed: sizes and counts are what can fail.
"""

from __future__ import annotations

import gc
import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eval.report import write_reports
from eval.report.data import load_run
from eval.report.drilldown import ArticleSummary, rank_articles, select

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from report_scale import synthesise  # noqa: E402

ARTICLES = 2000
DEFAULT_DRILLDOWN = 50
# The page of 2,000 articles: 50 in full (~10 kB each) and 1,950 lines (~150 B each) plus the
# plots; before the drill-down was bounded it was ~18 MB, every article in full.
MAX_HTML_BYTES = 2_500_000


@pytest.fixture(scope="module")
def big_run(tmp_path_factory) -> Path:
    folder = synthesise(tmp_path_factory.mktemp("scale"), ARTICLES)
    gc.collect()
    before = [s["collections"] for s in gc.get_stats()]
    write_reports(folder, ["md", "html"])
    after = [s["collections"] for s in gc.get_stats()]
    (folder / "gc.json").write_text(json.dumps({"before": before, "after": after}))
    return folder


def _full_ids(page: str) -> list[str]:
    return re.findall(r'<details class="article" id="article-([^"]+)"', page)


def _listed_ids(page: str) -> list[str]:
    start = page.index('<section id="article-list">')
    section = page[start : page.index("</section>", start)]
    return re.findall(r"<tr><td>\d+<td>[^<]*<td>([^<]+)<td>", section)


def test_big_report_is_bounded_and_holds_the_drilldown_count(big_run: Path) -> None:
    html = big_run / "report.html"
    assert html.stat().st_size < MAX_HTML_BYTES, f"{html.stat().st_size} bytes"
    page = html.read_text(encoding="utf-8")
    full, listed = _full_ids(page), _listed_ids(page)
    assert len(full) == DEFAULT_DRILLDOWN, "the config's default drill-down count in full"
    assert len(listed) == ARTICLES - DEFAULT_DRILLDOWN, "every other article one line each"
    run = load_run(big_run)
    assert sorted(full + listed) == sorted(run.article_ids()), "each article exactly once"
    assert page.count('class="source"') == DEFAULT_DRILLDOWN, "source texts only in full ones"
    assert "report: {drilldown: N}" in page
    md = (big_run / "report.md").read_text(encoding="utf-8")
    assert f"shows the {DEFAULT_DRILLDOWN} articles that matter most in full" in md


def test_the_articles_that_matter_are_the_full_ones(big_run: Path) -> None:
    run = load_run(big_run)
    ranked = rank_articles(run)
    page = (big_run / "report.html").read_text(encoding="utf-8")
    full = set(_full_ids(page))
    failed = [a.id for a in ranked if a.failed]
    assert 0 < len(failed) < DEFAULT_DRILLDOWN // 4, "the synthetic run has a few failures"
    assert set(failed) <= full, "every failed generation is shown in full"
    # Four rankings take turns: each one's top quarter of the count is in.
    share = DEFAULT_DRILLDOWN // 4 - 1
    most_disputed = [a.id for a in ranked[:share]]
    most_flagged = [a.id for a in sorted(ranked, key=lambda a: (-a.flagged, a.rank))[:share]]
    assert set(most_disputed) <= full and set(most_flagged) <= full
    assert ranked[0].spread is not None and ranked[0].spread >= ranked[-1].spread
    # Full articles keep their place in the order of disagreement.
    ranks = [int(r) for r in re.findall(r'<span class="rank">(\d+)</span>', page)]
    assert ranks == sorted(ranks) and ranks[0] == 1


def test_building_the_report_runs_no_cyclic_collection(big_run: Path) -> None:
    """The collector is paused while the run is read and the report built (the reason the
    build grew faster than linear); the oldest generation was never collected meanwhile."""
    counts = json.loads((big_run / "gc.json").read_text())
    assert counts["after"][2] == counts["before"][2]
    assert gc.isenabled(), "the collector is back on afterwards"


def test_drilldown_count_comes_from_the_config(tmp_path: Path) -> None:
    folder = synthesise(tmp_path, 60, drilldown=7)
    write_reports(folder, ["html", "md"])
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert len(_full_ids(page)) == 7 and len(_listed_ids(page)) == 53
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["config"]["report"]["drilldown"] = 60
    (folder / "manifest.json").write_text(json.dumps(manifest))
    write_reports(folder, ["html", "md"])
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert len(_full_ids(page)) == 60 and 'id="article-list"' not in page
    assert "every article is in `report.html`" in (folder / "report.md").read_text()


def _summary(index: int, spread: float | None, flagged: int, failed: int) -> ArticleSummary:
    return ArticleSummary(
        id=f"a{index:03d}",
        title="",
        rank=index + 1,
        spread=spread,
        spread_text="",
        best=None,
        worst=None,
        lowest=None if spread is None else (index * 7919) % 101 / 100,
        flagged=flagged,
        failed=["s"] * failed,
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.floats(0, 50)),
            st.integers(0, 5),
            st.integers(0, 2),
        ),
        max_size=60,
    ),
    st.integers(0, 80),
)
def test_select_takes_the_count_and_each_rankings_top(rows, count: int) -> None:
    ranked = [_summary(i, *row) for i, row in enumerate(rows)]
    ranked.sort(key=lambda a: (a.spread is None, -(a.spread or 0.0), a.id))
    for rank, article in enumerate(ranked, start=1):
        article.rank = rank
    chosen = select(ranked, count)
    assert len(chosen) == min(count, len(ranked))
    if count >= len(ranked):
        assert all(reasons == [] for reasons in chosen.values())
        return
    share = count // 4
    failed = sorted((a for a in ranked if a.failed), key=lambda a: (-len(a.failed), a.rank))
    flagged = sorted((a for a in ranked if a.flagged), key=lambda a: (-a.flagged, a.rank))
    disputed = [a for a in ranked if a.spread is not None]
    for ranking in (failed, flagged, disputed):
        assert {a.id for a in ranking[:share]} <= set(chosen)
