"""Meta-evaluation: correlations of metrics with human ratings, checked against scipy."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from helpers import copy_corpus, write_config
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from eval.cli import main
from eval.errors import UserError
from eval.meta_eval import kendall_tau_b_rows, load_ratings, meta_evaluate, spearman_rows

SYSTEMS = ["s1", "s2", "s3", "s4", "s5"]
ARTICLES = ["a1", "a2", "a3", "a4", "a5", "a6"]


def _synthetic(seed: int = 0):
    """Rows and ratings where the metric 'm' tracks relevance with noise."""
    rng = np.random.default_rng(seed)
    rows, ratings = [], {}
    for s_index, system in enumerate(SYSTEMS):
        for article in ARTICLES:
            quality = s_index + rng.normal(0, 1.0)
            rows.append(
                {
                    "system": system,
                    "id": article,
                    "m": quality + rng.normal(0, 0.5),
                    "noise": float(rng.normal()),
                }
            )
            ratings[(system, article)] = {"relevance": quality, "consistency": float(rng.normal())}
    return rows, ratings


def _run(rows, ratings, **kw):
    return meta_evaluate(
        rows, ratings, ["relevance", "consistency"], seed=3, bootstrap=300, confidence=0.95, **kw
    )


def test_system_level_equals_scipy_on_system_means() -> None:
    rows, ratings = _synthetic()
    result = _run(rows, ratings)
    for metric in ("m", "noise"):
        for rating in ("relevance", "consistency"):
            m = [np.mean([r[metric] for r in rows if r["system"] == s]) for s in SYSTEMS]
            h = [np.mean([ratings[(s, a)][rating] for a in ARTICLES]) for s in SYSTEMS]
            entry = result["system_level"][metric][rating]
            tau = scipy_stats.kendalltau(m, h)
            rho = scipy_stats.spearmanr(m, h)
            assert entry["kendall"]["value"] == pytest.approx(tau.statistic, abs=1e-9)
            assert entry["kendall"]["p"] == pytest.approx(tau.pvalue, abs=1e-9)
            assert entry["spearman"]["value"] == pytest.approx(rho.statistic, abs=1e-9)
            assert entry["kendall"]["ci_low"] <= entry["kendall"]["ci_high"]
            assert entry["systems"] == 5


def test_summary_level_is_the_mean_of_per_article_correlations() -> None:
    rows, ratings = _synthetic(1)
    result = _run(rows, ratings, metrics=["m"])
    by_key = {(r["system"], r["id"]): r["m"] for r in rows}
    taus = []
    for article in ARTICLES:
        m = [by_key[(s, article)] for s in SYSTEMS]
        h = [ratings[(s, article)]["relevance"] for s in SYSTEMS]
        taus.append(scipy_stats.kendalltau(m, h).statistic)
    entry = result["summary_level"]["m"]["relevance"]["kendall"]
    assert entry["value"] == pytest.approx(np.mean(taus), abs=1e-9)
    assert entry["articles"] == len(ARTICLES)


def test_a_metric_equal_to_the_rating_correlates_perfectly_and_missing_pairs_drop_out() -> None:
    rows, ratings = _synthetic(2)
    for row in rows:
        row["m"] = ratings[(row["system"], row["id"])]["relevance"]
    rows[0]["m"] = None  # a metric that does not apply: both sides drop this pair
    result = _run(rows, ratings, metrics=["m"])
    assert result["system_level"]["m"]["relevance"]["kendall"]["value"] == pytest.approx(1.0)
    summary = result["summary_level"]["m"]["relevance"]
    assert summary["kendall"]["value"] == pytest.approx(1.0)
    assert summary["spearman"]["value"] == pytest.approx(1.0)


def test_constant_scores_give_no_correlation_rather_than_a_number() -> None:
    rows, ratings = _synthetic(3)
    for row in rows:
        row["flat"] = 0.5
    entry = _run(rows, ratings, metrics=["flat"])["system_level"]["flat"]["relevance"]
    assert entry["kendall"]["value"] is None and entry["kendall"]["ci_low"] is None
    assert (
        _run(rows, ratings, metrics=["flat"])["summary_level"]["flat"]["relevance"]["kendall"][
            "articles"
        ]
        == 0
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=3, max_size=9))
def test_vectorised_correlations_equal_scipy(pairs) -> None:
    x = np.array([[float(a) for a, _ in pairs]])
    y = np.array([[float(b) for _, b in pairs]])
    tau = kendall_tau_b_rows(x, y)[0]
    rho = spearman_rows(x, y)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # constant input: scipy warns and returns NaN
        expected_tau = scipy_stats.kendalltau(x[0], y[0]).statistic
        expected_rho = scipy_stats.spearmanr(x[0], y[0]).statistic
    if np.isnan(expected_tau):
        assert np.isnan(tau)
    else:
        assert tau == pytest.approx(expected_tau, abs=1e-12)
    if np.isnan(expected_rho):
        assert np.isnan(rho)
    else:
        assert rho == pytest.approx(expected_rho, abs=1e-12)


def test_ratings_are_averaged_over_annotators_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(
        '{"id": "a", "system": "s", "relevance": 2}\n{"id": "a", "system": "s", "relevance": 4,'
        ' "coherence": 3}\n',
        encoding="utf-8",
    )
    ratings, names = load_ratings(path)
    assert ratings[("s", "a")] == {"relevance": 3.0, "coherence": 3.0}
    assert names == ["relevance", "coherence"]
    path.write_text('{"id": "a", "system": "s", "relevance": "high"}\n', encoding="utf-8")
    with pytest.raises(UserError, match="line 1: 'relevance' must be a number"):
        load_ratings(path)
    path.write_text('{"id": "a", "system": "s"}\n{bad\n', encoding="utf-8")
    with pytest.raises(UserError, match="line 2: not valid JSON"):
        load_ratings(path)
    with pytest.raises(UserError, match="does not exist"):
        load_ratings(tmp_path / "none.jsonl")


def test_too_few_rated_systems_is_a_user_error() -> None:
    rows, ratings = _synthetic()
    ratings = {k: v for k, v in ratings.items() if k[0] in ("s1", "s2")}
    with pytest.raises(UserError, match="at least three of the run's systems"):
        _run(rows, ratings)


def test_command_writes_json_and_adds_the_section_to_the_report(tmp_path: Path, capsys) -> None:
    copy_corpus(tmp_path / "corpus", 4)
    config = write_config(
        tmp_path,
        "data: corpus/\nsummarisers:\n"
        + "".join(f"  - {{id: lead{n}, use: lead, args: {{sentences: {n}}}}}\n" for n in (1, 2, 3))
        + "  - {id: textrank, use: textrank}\nmetrics: [{use: rouge}, {use: length}]\n"
        "report: {bootstrap: 100}\n",
    )
    run = tmp_path / "run"
    assert main(["run", str(config), "--out", str(run), "--quiet"]) == 0
    ids = sorted({json.loads(x)["id"] for x in (run / "scores.jsonl").read_text().splitlines()})
    ratings = tmp_path / "ratings.jsonl"
    with ratings.open("w") as handle:
        for n, system in enumerate(["lead1", "lead2", "lead3"], start=1):
            for i, article in enumerate(ids):
                row = {"id": article, "system": system, "relevance": n + i % 2, "coherence": 6 - n}
                handle.write(json.dumps(row) + "\n")
    capsys.readouterr()
    assert main(["meta-eval", str(run), "--ratings", str(ratings)]) == 0
    out = capsys.readouterr().out
    assert "system level" in out and "ROUGE-1" in out
    # each line shows tau and rho with their intervals, and the coverage
    line = next(x for x in out.splitlines() if "ROUGE-1" in x and "relevance" in x)
    assert line.count("[") == 2 and f"{len(ids)} articles, 12/12 briefings" in line
    result = json.loads((run / "meta_eval.json").read_text())
    assert result["systems"] == ["lead1", "lead2", "lead3"]
    assert result["unrated_systems"] == ["textrank"]
    rows = [json.loads(x) for x in (run / "scores.jsonl").read_text().splitlines()]
    words = [
        np.mean([r["length.words"] for r in rows if r["system"] == s]) for s in result["systems"]
    ]
    for rating, sign in (("relevance", 1), ("coherence", -1)):
        expected = scipy_stats.kendalltau(words, [sign * n for n in (1, 2, 3)]).statistic
        got = result["system_level"]["length.words"][rating]["kendall"]["value"]
        assert got == pytest.approx(expected, abs=1e-9) and abs(got) > 0.5
    page = (run / "report.html").read_text()
    assert 'id="meta-eval"' in page and 'id="meta-system"' in page
    assert "## Meta-evaluation" in (run / "report.md").read_text()
    assert main(["meta-eval", str(run), "--ratings", str(ratings), "--metrics", "nope"]) == 2
    assert main(["meta-eval", str(run)]) == 2  # no ratings.jsonl beside the corpus
    assert "pass --ratings" in capsys.readouterr().err


def test_a_metric_on_one_article_gets_a_value_but_no_interval() -> None:
    """Resampling articles cannot measure the uncertainty of a metric that covers one article
    (a judge run on a subset): every resample is that article, so a zero-width interval would
    look certain. The correlation is kept; the interval is None and the coverage is recorded."""
    rows, ratings = _synthetic()
    for row in rows:
        row["one"] = row["m"] if row["id"] == "a1" else None
    result = _run(rows, ratings)
    entry = result["system_level"]["one"]["relevance"]
    assert entry["articles"] == 1
    # coverage in briefings too: one article of each system, of all the rated pairs
    assert (entry["briefings"], entry["rated_briefings"]) == (len(SYSTEMS), 30)
    assert entry["kendall"]["value"] is not None
    assert entry["kendall"]["ci_low"] is None and entry["kendall"]["ci_high"] is None
    full = result["system_level"]["m"]["relevance"]
    assert full["articles"] == len(ARTICLES)
    assert full["kendall"]["ci_low"] is not None
