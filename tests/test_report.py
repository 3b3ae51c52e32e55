"""The report: leaderboard, significance, ceiling, plots, drill-down, footer, escaping, exports."""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import pytest
from report_support import IMG, SCRIPT, make_run, register_fakes

from eval.report import write_reports
from eval.report.data import fmt, load_run
from eval.report.drilldown import segment, verdict_class
from eval.report.render import md_escape


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as monkeypatch:
        register_fakes(monkeypatch)
        monkeypatch.setenv("BRIEFING_EVAL_CACHE", str(tmp_path_factory.mktemp("cache")))
        return make_run(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def page(run_dir: Path) -> str:
    return (run_dir / "report.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def aggregate(run_dir: Path) -> dict:
    return json.loads((run_dir / "aggregate.json").read_text())


def _table(page: str, table_id: str) -> str:
    start = page.index(f'id="{table_id}"')
    return page[start : page.index("</table>", start)]


def test_leaderboard_has_every_column_with_interval_and_n(
    page: str, aggregate: dict, run_dir: Path
) -> None:
    table = _table(page, "leaderboard-table")
    columns = load_run(run_dir).columns()
    assert [c.name for c in columns] == [
        *("rouge1", "rouge2", "rougeL", "rougeLsum"),
        *("numbers.precision", "numbers.flagged"),  # the fake fact check has no recall
        *("length.words", "length.compression", "length.coverage", "length.density"),
    ], "every value the metrics describe for the leaderboard, in config order"
    for column in columns:
        assert f">{column.label}" in table, column.label
    for system, stats in aggregate["systems"].items():
        stat = stats["rouge1"]
        row = table[table.index(f"<code>{system}</code>") :]
        row = row[: row.index("</tr>")]
        shown = f"{stat['mean'] * 100:.1f}"
        interval = f"[{stat['ci_low'] * 100:.1f}, {stat['ci_high'] * 100:.1f}]"
        assert shown in row and interval.replace("-", "\u2212") in row
        assert f"n={stat['n']}" in row


def test_best_value_per_column_is_marked_and_descriptive_columns_are_not(run_dir: Path) -> None:
    run = load_run(run_dir)
    table = run.leaderboard()
    for index, column in enumerate(run.columns()):
        marked = [row.system for row in table if row.cells[index].best]
        means = {row.system: row.cells[index].mean for row in table}
        if column.higher_is_better is None:
            assert marked == [], column.name
            continue
        values = [m for m in means.values() if m is not None]
        target = max(values) if column.higher_is_better else min(values)
        assert marked and all(
            round(means[s], column.digits) == round(target, column.digits) for s in marked
        )
    primary = [row.cells[0].mean for row in table]
    assert primary == sorted(primary, reverse=True), "sorted best first by ROUGE-1"


def test_significance_shows_every_system_and_metric_in_display_units(
    page: str, aggregate: dict, run_dir: Path
) -> None:
    table = _table(page, "significance-table")
    run = load_run(run_dir)
    columns = run.columns()
    assert set(aggregate["comparisons"]) == {"textrank", "hostile"}
    for system, tests in aggregate["comparisons"].items():
        row = table[table.index(f"<code>{system}</code>") :]
        row = row[: row.index("</tr>")]
        cells = re.findall(r'<td class="num diff (\w+)"', row)
        assert len(cells) == len(columns)
        for column, verdict in zip(columns, cells, strict=True):
            test = tests[column.name]
            if test["delta"] is None:
                continue
            assert (verdict == "ns") == (not test["significant"]), (system, column.name)
            delta = test["delta"] * column.scale
            shown = fmt(delta, column.digits)
            assert shown.lstrip("\u2212") in row
    assert "n.s." in page or all(
        t["significant"] for tests in aggregate["comparisons"].values() for t in tests.values()
    )


def test_human_ceiling_is_shown_as_its_own_table(page: str, aggregate: dict) -> None:
    ceiling = aggregate["ceiling"]
    assert ceiling["articles"] == 4
    signature = ceiling["signatures"]["rouge"]
    assert "jackknife:leave-one-out" in signature and "nrefs:2" in signature
    assert list(ceiling["signatures"]) == ["rouge"], "the fake numbers compare with the source only"
    table = _table(page, "ceiling-table")
    assert "<code>human</code>" in table and "vs human" in table
    human = ceiling["systems"]["human"]["rouge1"]["mean"] * 100
    assert f"{human:.1f}" in table


def test_plots_are_inline_svg_and_deterministic(run_dir: Path, page: str) -> None:
    for plot in ("distributions", "references-vs-source", "length-vs-score", "ceiling"):
        figure = page[page.index(f'id="plot-{plot}"') :]
        assert figure.lstrip('"> \n').startswith("<svg") or "<svg" in figure[:400], plot
    assert "<?xml" not in page and "<dc:date>" not in page
    ids = re.findall(r'<clipPath id="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "element ids of several SVGs must not clash"
    write_reports(run_dir, ["html"])
    assert (run_dir / "report.html").read_text(encoding="utf-8") == page


def test_model_text_is_escaped_everywhere(page: str, run_dir: Path) -> None:
    assert SCRIPT not in page and IMG not in page
    assert "<script" not in page.lower()
    assert "onerror=" not in page.replace("onerror=&#34;", "").replace("onerror=&quot;", "")
    # ...yet it is all there, as text a reader can see.
    assert "&lt;script&gt;document.title=" in page and "&lt;img src=x onerror=" in page
    # Evidence goes into a title attribute: quotes and tags must be escaped there too.
    assert '<b onmouseover="x">' not in page
    assert "&lt;b onmouseover=&#34;x&#34;&gt;" in page
    assert 'http-equiv="Content-Security-Policy"' in page
    md = (run_dir / "report.md").read_text(encoding="utf-8")
    assert SCRIPT not in md


def test_drilldown_lists_most_disagreed_article_first_with_claims_marked(run_dir: Path) -> None:
    from eval.report.drilldown import build_articles

    run = load_run(run_dir)
    articles = build_articles(run)
    assert len(articles) == 4
    spreads = [a.spread for a in articles]
    assert spreads == sorted(spreads, reverse=True)
    first = articles[0]
    assert first.source and len(first.references) == 3
    hostile = next(b for b in first.briefings if b.system == "hostile")
    marked = [s for s in hostile.segments if s.claim]
    assert {"2031", "99"} <= {s.text for s in marked}
    assert {s.text: s.claim.css for s in marked if s.text in ("2031", "99")} == {
        "2031": "other",
        "99": "bad",
    }
    assert "".join(s.text for s in hostile.segments) == run.briefing("hostile", first.id)["summary"]
    page = (run_dir / "report.html").read_text(encoding="utf-8")
    assert page.index(f'id="article-{articles[0].id}"') < page.index(
        f'id="article-{articles[1].id}"'
    )
    assert 'class="claim v-bad" title="contradicted' in page
    assert 'class="claim v-other" title="unsupported' in page


def test_segment_keeps_text_intact_and_skips_bad_offsets() -> None:
    text = "Sales rose 12% to $4.5bn in 2024."
    claims = [
        {"text": "12%", "start": 11, "end": 14, "verdict": "supported"},
        {"text": "$4.5bn", "start": 18, "end": 24, "verdict": "contradicted"},
        {"text": "overlap", "start": 12, "end": 20, "verdict": "supported"},
        {"text": "2024", "start": 28, "end": 99, "verdict": "supported"},
    ]
    segments, listed = segment(text, claims)
    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.claim.css) for s in segments if s.claim] == [
        ("12%", "ok"),
        ("$4.5bn", "bad"),
    ]
    assert len(listed) == 4  # unplaceable claims are still listed beside the briefing
    assert verdict_class("Weird-New-Verdict") == "other"


def test_footer_records_how_the_numbers_were_made(page: str, run_dir: Path) -> None:
    manifest = json.loads((run_dir / "manifest.json").read_text())
    footer = page[page.index('<footer id="provenance">') :]
    for signature in manifest["signatures"]["metrics"].values():
        assert html.escape(signature) in footer
    assert manifest["data"]["fingerprint"] in footer
    assert "rouge-score</code> 0.1.2" in footer
    assert "Seed</th><td>7 " in footer
    commit = manifest["code"]["commit"]
    assert (commit or "not a git checkout") in footer
    assert "Failures" in footer


def test_failures_are_listed_and_markdown_escapes_them(tmp_path: Path, monkeypatch) -> None:
    from helpers import write_article, write_config

    from briefing import registry
    from eval.cli import main

    register_fakes(monkeypatch)
    monkeypatch.setitem(registry.summarisers._builtins, "boom", "report_support_boom:Boom")
    corpus = tmp_path / "corpus"
    for i in range(3):
        write_article(
            corpus, f"a{i}", f"Port {i} hired 40 staff. It paid $3m.", ["40 staff.", "$3m."]
        )
    config = write_config(
        tmp_path,
        "data: corpus/\nsummarisers:\n  - {id: lead1, use: lead, args: {sentences: 1}}\n"
        "  - {id: boom, use: boom}\nmetrics: [{use: rouge}, {use: length}]\n"
        "report: {bootstrap: 100}\n",
    )
    (tmp_path / "report_support_boom.py").write_text(
        "class Boom:\n    def __init__(self, budget): pass\n"
        "    def signature(self): return {'v': '1'}\n"
        "    def summarise(self, texts):\n"
        "        if any('Port 1' in t for t in texts):\n"
        "            raise RuntimeError('bad | <script>x</script>')\n"
        "        return ['ok.' for t in texts]\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert main(["run", str(config), "--out", str(tmp_path / "run"), "--quiet"]) == 0
    md = (tmp_path / "run/report.md").read_text()
    assert "`boom` on `a1`: RuntimeError: bad \\| \\<script\\>x\\</script\\>" in md
    page = (tmp_path / "run/report.html").read_text()
    assert "RuntimeError: bad | &lt;script&gt;x&lt;/script&gt;" in page


def test_markdown_escape() -> None:
    assert md_escape("a|b\n<c> *d*") == "a\\|b \\<c\\> \\*d\\*"


def test_leaderboard_csv_matches_aggregate(run_dir: Path, aggregate: dict) -> None:
    with (run_dir / "leaderboard.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["system"] for r in rows] == [row.system for row in load_run(run_dir).leaderboard()]
    for row in rows:
        stats = aggregate["systems"][row["system"]]
        for name, stat in stats.items():
            assert (
                float(row[name]) == pytest.approx(stat["mean"])
                if stat["mean"] is not None
                else row[name] == ""
            )
            assert int(row[f"{name}_n"]) == stat["n"]
        assert row["baseline"] == ("yes" if row["system"] == "lead3" else "no")


def test_same_run_twice_gives_byte_identical_reports(tmp_path: Path, monkeypatch, run_dir) -> None:
    register_fakes(monkeypatch)
    other = make_run(tmp_path)
    for name in ("report.html", "report.md", "leaderboard.csv", "aggregate.json"):
        first = (run_dir / name).read_text(encoding="utf-8")
        second = (other / name).read_text(encoding="utf-8")
        # The data path differs between the two temporary folders; nothing else may.
        first = first.replace(str(run_dir.parent), "ROOT")
        second = second.replace(str(other.parent), "ROOT")
        assert first == second, name


def test_the_runs_report_equals_one_rendered_from_the_folder_alone(
    run_dir: Path, tmp_path: Path
) -> None:
    """The runner hands the report the corpus it scored instead of having it read again
    (issue 14, speed); re-rendering from the files, corpus read from disk, gives the same
    bytes."""
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    write_reports(copy, ["html", "md"])
    for name in ("report.html", "report.md", "leaderboard.csv"):
        assert (copy / name).read_bytes() == (run_dir / name).read_bytes(), name


def test_report_without_the_corpus_still_renders(tmp_path: Path, monkeypatch) -> None:
    register_fakes(monkeypatch)
    folder = make_run(tmp_path, articles=3)
    for path in (tmp_path / "corpus").glob("*.json"):
        path.unlink()
    (tmp_path / "corpus").rmdir()
    write_reports(folder, ["html", "md"])
    page = (folder / "report.html").read_text()
    assert "is not on this machine" in page and 'id="article-' in page


def test_a_run_folder_without_metrics_json_renders_the_same(run_dir: Path, tmp_path: Path) -> None:
    """Folders written before metrics.json existed fall back to the built-in metrics'
    descriptions: the same report, byte for byte."""
    import shutil

    old = tmp_path / "old"
    shutil.copytree(run_dir, old)
    (old / "metrics.json").unlink()
    write_reports(old, ["md"])
    assert (old / "report.md").read_text(encoding="utf-8") == (run_dir / "report.md").read_text(
        encoding="utf-8"
    )
    assert (old / "leaderboard.csv").read_bytes() == (run_dir / "leaderboard.csv").read_bytes()


def test_values_nobody_described_stay_in_the_csv_only(run_dir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    aggregate = json.loads((copy / "aggregate.json").read_text())
    for stats in aggregate["systems"].values():
        stats["mystery.value"] = {"mean": 0.5, "ci_low": 0.4, "ci_high": 0.6, "n": 4}
    (copy / "aggregate.json").write_text(json.dumps(aggregate))
    write_reports(copy, ["md"])
    assert "mystery" not in (copy / "report.md").read_text(encoding="utf-8")
    assert "mystery.value_ci_low" in (copy / "leaderboard.csv").read_text()
