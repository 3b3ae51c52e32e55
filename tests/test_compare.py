"""``briefing-eval compare``: merged runs equal one run; incomparable runs are refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import copy_corpus, write_config

from eval.cli import main
from eval.report.compare import signature_difference

BASE = """\
data: corpus/
seed: 5
summarisers:
{systems}
metrics:
  - {{use: rouge, args: {{stemmer: {stem}}}}}
  - {{use: length}}
report: {{bootstrap: 200}}
"""
LEAD3 = "  - {id: lead3, use: lead, args: {sentences: 3}}"
TEXTRANK = "  - {id: textrank, use: textrank}"
LEAD2 = "  - {id: lead2, use: lead, args: {sentences: 2}}"


def _run(
    root: Path, name: str, systems: list[str], stem: str = "true", corpus: str = "corpus"
) -> Path:
    body = BASE.format(systems="\n".join(systems), stem=stem).replace("corpus/", f"{corpus}/")
    config = write_config(root, body, name=f"{name}.yaml")
    assert main(["run", str(config), "--out", str(root / name), "--quiet"]) == 0
    return root / name


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy_corpus(tmp_path / "corpus", 3)
    return tmp_path


def test_merged_runs_give_the_numbers_of_one_run(root: Path, capsys) -> None:
    single = _run(root, "single", [LEAD3, TEXTRANK, LEAD2])
    first = _run(root, "first", [LEAD3, TEXTRANK])
    second = _run(root, "second", [LEAD3, LEAD2])  # lead3 again, same signature: shown once
    out = root / "cmp"
    assert main(["compare", str(first), str(second), "--out", str(out)]) == 0
    assert "same signature as in an earlier run" in capsys.readouterr().out
    merged = json.loads((out / "aggregate.json").read_text())
    alone = json.loads((single / "aggregate.json").read_text())
    assert list(merged["systems"]) == ["lead3", "textrank", "lead2"]
    for key in ("systems", "comparisons", "ceiling", "failures", "empty", "signatures", "baseline"):
        assert merged[key] == alone[key], key
    for name in ("report.html", "report.md", "leaderboard.csv", "scores.jsonl"):
        assert (out / name).is_file()
    # How each value is shown travels with the numbers: the first run's descriptions.
    assert (out / "metrics.json").read_bytes() == (first / "metrics.json").read_bytes()
    page = (out / "report.html").read_text()
    assert str(first) in page and str(second) in page  # the runs compared, in the footer


def test_same_id_with_a_different_signature_is_renamed(root: Path) -> None:
    first = _run(root, "first", [LEAD3, TEXTRANK])
    second = _run(root, "second", [LEAD3.replace("sentences: 3", "sentences: 1")])
    out = root / "cmp"
    assert (
        main(["compare", str(first), str(second), "--out", str(out), "--baseline", "textrank"]) == 0
    )
    merged = json.loads((out / "aggregate.json").read_text())
    assert list(merged["systems"]) == ["lead3", "textrank", "lead3.second"]
    assert merged["baseline"] == "textrank"
    assert (out / "generations" / "lead3.second.jsonl").is_file()


def test_different_rouge_settings_exit_2_naming_the_setting(root: Path, capsys) -> None:
    first = _run(root, "first", [LEAD3])
    second = _run(root, "second", [TEXTRANK], stem="false")
    capsys.readouterr()
    assert main(["compare", str(first), str(second), "--out", str(root / "cmp")]) == 2
    err = capsys.readouterr().err
    assert "rouge signature differs: stem:yes vs stem:no" in err
    assert not (root / "cmp").exists()


def test_different_articles_exit_2(root: Path, capsys) -> None:
    copy_corpus(root / "fewer", 2)
    first = _run(root, "first", [LEAD3])
    second = _run(root, "second", [LEAD3], corpus="fewer")
    capsys.readouterr()
    assert main(["compare", str(first), str(second), "--out", str(root / "cmp")]) == 2
    assert "article ids differ: 1 only in" in capsys.readouterr().err


def test_changed_references_exit_2(root: Path, capsys) -> None:
    changed = copy_corpus(root / "changed", 3)
    path = sorted(changed.glob("*.json"))[0]
    data = json.loads(path.read_text())
    data["references"][0]["text"] += " One more sentence."
    path.write_text(json.dumps(data))
    first = _run(root, "first", [LEAD3])
    second = _run(root, "second", [LEAD3], corpus="changed")
    capsys.readouterr()
    assert main(["compare", str(first), str(second), "--out", str(root / "cmp")]) == 2
    assert "data fingerprint differs" in capsys.readouterr().err


def test_a_metric_missing_from_one_run_exit_2(root: Path, capsys) -> None:
    first = _run(root, "first", [LEAD3])
    body = BASE.format(systems=TEXTRANK, stem="true").replace("  - {use: length}\n", "")
    config = write_config(root, body, name="second.yaml")
    assert main(["run", str(config), "--out", str(root / "second"), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["compare", str(first), str(root / "second"), "--out", str(root / "cmp")]) == 2
    assert "metric 'length' was scored in" in capsys.readouterr().err


def test_not_a_run_folder_and_bad_baseline_exit_2(root: Path, capsys) -> None:
    first = _run(root, "first", [LEAD3])
    (root / "empty").mkdir()
    assert main(["compare", str(first), str(root / "empty"), "--out", str(root / "cmp")]) == 2
    assert "not a finished run folder" in capsys.readouterr().err
    second = _run(root, "second", [TEXTRANK])
    assert (
        main(["compare", str(first), str(second), "--out", str(root / "c"), "--baseline", "x"]) == 2
    )
    assert "--baseline 'x' is not a system" in capsys.readouterr().err
    assert main(["compare", str(first), "--out", str(root / "c")]) == 2
    assert main(["compare", str(first), str(second), "--out", str(first)]) == 2


def test_signature_difference_lists_each_setting() -> None:
    a = "rouge|types:1,2|stem:yes|refs:max|v:0.1.2"
    b = "rouge|types:1,2,L|stem:yes|refs:mean|v:0.1.2"
    assert signature_difference("rouge", a, b) == (
        "rouge signature differs: types:1,2 vs types:1,2,L; refs:max vs refs:mean"
    )


def test_different_budgets_are_noted_in_the_report(root: Path) -> None:
    first = _run(root, "first", [LEAD3])
    body = BASE.format(systems=TEXTRANK, stem="true") + "budget: {max_sentences: 2}\n"
    config = write_config(root, body, name="second.yaml")
    assert main(["run", str(config), "--out", str(root / "second"), "--quiet"]) == 0
    assert main(["compare", str(first), str(root / "second"), "--out", str(root / "cmp")]) == 0
    assert "different length budgets" in (root / "cmp" / "report.html").read_text()
    assert "different length budgets" in (root / "cmp" / "report.md").read_text()
