"""The human ceiling: leave-one-out over references, checked against rouge-score itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import copy_corpus, write_article, write_config
from hypothesis import given, settings
from hypothesis import strategies as st
from rouge_score.rouge_scorer import RougeScorer

from briefing.text import sentence_texts
from eval.cli import main
from eval.corpus.format import Item
from eval.metrics.rouge import RougeMetric
from eval.run.ceiling import HUMAN, ceiling_rows, ceiling_signature, summarise_ceiling
from eval.stats import resample_indices

WORDS = ["the", "council", "budget", "tax", "rose", "by", "3%", "million", "a", "fell", "four"]
TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
REFS = (
    "The council approved a budget of 4 million pounds on Tuesday. Taxes rise by 3%.",
    "Councillors voted for the 4 million pound budget. Council tax goes up 3 per cent.",
    "A budget of four million was passed by the council, raising tax.",
)
BRIEFING = "The council passed a 4 million pound budget on Tuesday, raising council tax by 3%."


def _lines(text: str) -> str:
    return "\n".join(sentence_texts(text))


def _expected(text: str, refs: list[str], policy: str) -> dict[str, float]:
    """rouge-score on each fold's N-1 references, averaged over folds (written independently)."""
    scorer = RougeScorer(TYPES, use_stemmer=True)
    folds = []
    for held_out in range(len(refs)):
        others = [_lines(r) for k, r in enumerate(refs) if k != held_out]
        if policy == "max":
            scores = scorer.score_multi(others, _lines(text))
            folds.append({t: scores[t].fmeasure for t in TYPES})
        else:
            each = [scorer.score(o, _lines(text)) for o in others]
            folds.append({t: sum(s[t].fmeasure for s in each) / len(each) for t in TYPES})
    return {t: sum(f[t] for f in folds) / len(folds) for t in TYPES}


def _expected_human(refs: list[str], policy: str) -> dict[str, float]:
    scorer = RougeScorer(TYPES, use_stemmer=True)
    folds = []
    for j, ref in enumerate(refs):
        others = [_lines(r) for k, r in enumerate(refs) if k != j]
        if policy == "max":
            scores = scorer.score_multi(others, _lines(ref))
            folds.append({t: scores[t].fmeasure for t in TYPES})
        else:
            each = [scorer.score(o, _lines(ref)) for o in others]
            folds.append({t: sum(s[t].fmeasure for s in each) / len(each) for t in TYPES})
    return {t: sum(f[t] for f in folds) / len(folds) for t in TYPES}


@pytest.mark.parametrize("policy", ["max", "mean"])
def test_rows_equal_rouge_score_on_every_fold(policy: str) -> None:
    items = [Item("a", "source text", REFS)]
    metric = RougeMetric(references=policy)
    rows = {r["system"]: r for r in ceiling_rows(items, {"sys": [BRIEFING]}, [metric])}
    for name, expected in (
        ("sys", _expected(BRIEFING, list(REFS), policy)),
        (HUMAN, _expected_human(list(REFS), policy)),
    ):
        for rouge_type in TYPES:
            assert rows[name][rouge_type] == pytest.approx(expected[rouge_type], abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    refs=st.lists(
        st.lists(
            st.sampled_from(WORDS),
            min_size=1,
            max_size=12,
        ).map(" ".join),
        min_size=2,
        max_size=4,
    ),
    briefing=st.lists(st.sampled_from(WORDS[:8]), max_size=12).map(" ".join),
)
def test_rows_match_rouge_score_for_any_texts(refs: list[str], briefing: str) -> None:
    rows = {
        r["system"]: r
        for r in ceiling_rows([Item("a", "s", tuple(refs))], {"s": [briefing]}, [RougeMetric()])
    }
    expected = _expected(briefing, refs, "max")
    for rouge_type in TYPES:
        assert rows["s"][rouge_type] == pytest.approx(expected[rouge_type], abs=1e-12)


def test_single_reference_articles_and_failed_briefings_are_left_out() -> None:
    items = [Item("one-ref", "s", (REFS[0],)), Item("three", "s", REFS)]
    rows = ceiling_rows(items, {"sys": [BRIEFING, None]}, [RougeMetric()])
    assert {r["id"] for r in rows} == {"three"}
    failed = next(r for r in rows if r["system"] == "sys")
    assert "rouge1" not in failed
    summary = summarise_ceiling(
        rows,
        systems=["sys"],
        names=TYPES,
        article_ids=["one-ref", "three"],
        indices=resample_indices(2, 100, 1),
        seed=1,
        confidence=0.95,
        signatures={"rouge": "sig"},
    )
    assert summary["articles"] == 1
    assert summary["systems"][HUMAN]["rouge1"]["n"] == 1
    assert summary["systems"]["sys"]["rouge1"]["n"] == 0
    assert ceiling_signature(RougeMetric(), items).endswith(
        "nrefs:2|v:0.1.2|engine:rouge-score-rs-0.2.1|jackknife:leave-one-out"
    )
    assert ceiling_signature(RougeMetric(), items[:1]) is None


def test_a_system_that_copies_a_reference_is_above_the_humans() -> None:
    items = [Item(f"a{i}", "s", REFS) for i in range(3)]
    rows = ceiling_rows(items, {"copy": [REFS[0]] * 3}, [RougeMetric()])
    summary = summarise_ceiling(
        rows,
        systems=["copy"],
        names=TYPES,
        article_ids=[i.id for i in items],
        indices=resample_indices(3, 200, 1),
        seed=1,
        confidence=0.95,
        signatures={"rouge": None},
    )
    gap = summary["comparisons"]["copy"]["rouge1"]["delta"]
    assert gap > 0  # it matches one of the N-1 references perfectly in two folds of three


def test_run_writes_the_ceiling_without_touching_the_run_signature(tmp_path: Path) -> None:
    copy_corpus(tmp_path / "corpus", 3)
    write_article(tmp_path / "corpus", "zz-single", "One line. Two lines.", ["Only one reference."])
    config = write_config(
        tmp_path,
        "data: corpus/\nsummarisers:\n  - {id: lead2, use: lead, args: {sentences: 2}}\n"
        "metrics: [{use: rouge}]\nreport: {bootstrap: 100}\n",
    )
    assert main(["run", str(config), "--out", str(tmp_path / "run"), "--quiet"]) == 0
    aggregate = json.loads((tmp_path / "run/aggregate.json").read_text())
    assert "nrefs:1-3|" in aggregate["signatures"]["rouge"]
    ceiling = aggregate["ceiling"]
    assert ceiling["articles"] == 3 and "nrefs:2|" in ceiling["signatures"]["rouge"]
    assert set(ceiling["systems"]) == {HUMAN, "lead2"}
    rows = [json.loads(x) for x in (tmp_path / "run/ceiling.jsonl").read_text().splitlines()]
    assert len(rows) == 6 and {r["system"] for r in rows} == {HUMAN, "lead2"}


def test_no_ceiling_without_two_references(tmp_path: Path) -> None:
    write_article(tmp_path / "corpus", "a", "One line. Two lines.", ["Only one reference."])
    write_article(tmp_path / "corpus", "b", "Three more words. Four more.", ["Another one."])
    config = write_config(
        tmp_path,
        "data: corpus/\nsummarisers:\n  - {id: lead1, use: lead, args: {sentences: 1}}\n"
        "metrics: [{use: rouge}]\nreport: {bootstrap: 100}\n",
    )
    assert main(["run", str(config), "--out", str(tmp_path / "run"), "--quiet"]) == 0
    assert json.loads((tmp_path / "run/aggregate.json").read_text())["ceiling"] is None
    assert not (tmp_path / "run/ceiling.jsonl").exists()
    assert 'id="ceiling"' not in (tmp_path / "run/report.html").read_text()


def test_rows_are_the_same_for_any_number_of_workers(monkeypatch) -> None:
    """Every reference-based metric (ROUGE with its pair memo, the numeric check through the
    generic path) gives the same ceiling rows in one process or several."""
    from eval.metrics.numbers import NumbersMetric
    from eval.run import workers

    monkeypatch.setattr(workers, "MIN_TASKS_PER_WORKER", 1)
    items = [
        Item(f"a{i}", "The council spent 4 million pounds. Taxes rose 3%.", REFS) for i in range(6)
    ]
    briefings = {"sys": [BRIEFING, None, REFS[1], "", BRIEFING, REFS[2]]}
    metrics = [RougeMetric(), NumbersMetric()]
    one = ceiling_rows(items, briefings, metrics, workers=1)
    two = ceiling_rows(items, briefings, metrics, workers=2)
    assert json.dumps(one) == json.dumps(two)
    assert list(one[0]) == [
        "system",
        "id",
        *TYPES,
        "numbers.precision",
        "numbers.flagged",
        "numbers.recall",
    ]
    assert metrics[0].signature()["nrefs"] == "?", "the run metric's signature is untouched"
