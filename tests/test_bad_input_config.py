"""Bad configs fail before any work, naming the file, the line and the key, with exit code 2."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bad_input_helpers import CONFIG, assert_clear_error, make_run, run_cli, run_subprocess

from briefing import registry
from eval.errors import EXIT_BAD_INPUT


@pytest.fixture(autouse=True)
def _no_installed_plugins(monkeypatch) -> None:
    """Only built-ins: a plugin installed on the developer's machine must not change a result."""
    monkeypatch.setattr(registry, "entry_points", lambda group: [])


CASES = {
    "unknown summariser": (
        ("use: lead,", "use: leed,"),
        ["line 4, summarisers[0]", "unknown summariser 'leed'", "Did you mean 'lead'?"],
    ),
    "unknown metric": (
        ("{use: length}", "{use: lenght}"),
        ["line 7, metrics[1]", "unknown metric 'lenght'", "Did you mean 'length'?"],
    ),
    "unknown argument": (
        ("args: {sentences: 1}", "args: {sentence: 1}"),
        ["line 4, summarisers[0].args.sentence", "takes no argument", "Did you mean 'sentences'?"],
    ),
    "argument of the wrong kind": (
        ("args: {sentences: 1}", "args: {sentences: one}"),
        ["line 4, summarisers[0]: args.sentences: must be a whole number"],
    ),
    "metric argument out of range": (
        ("{use: rouge}", "{use: rouge, args: {types: [rouge3x]}}"),
        ["line 6, metrics[0]: args.types: unknown ROUGE type"],
    ),
    "missing data path": (
        ("data: corpus/", "data: no-such-corpus/"),
        ["line 2, key data", "no-such-corpus does not exist", "read from the config file's folder"],
    ),
    "unknown top-level key": (
        ("name: bad-input", "name: bad-input\nmax_failure: 3"),
        ["key max_failure: is not a known key"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_config_names_file_line_and_key(tmp_path: Path, capsys, case: str) -> None:
    change, fragments = CASES[case]
    assert change[0] in CONFIG
    config = make_run(tmp_path, CONFIG.replace(*change))
    outcome = run_cli(capsys, "run", str(config), "--out", str(tmp_path / "out"), "--quiet")
    assert_clear_error(outcome, EXIT_BAD_INPUT, str(config), *fragments)
    assert not (tmp_path / "out").exists()


def test_missing_config_file(tmp_path: Path, capsys) -> None:
    outcome = run_cli(capsys, "run", str(tmp_path / "nowhere.yaml"))
    assert_clear_error(outcome, EXIT_BAD_INPUT, "nowhere.yaml not found")


def test_bad_workers_value(tmp_path: Path, capsys) -> None:
    config = make_run(tmp_path)
    outcome = run_cli(capsys, "run", str(config), "--quiet", "--workers", "0")
    assert_clear_error(outcome, EXIT_BAD_INPUT, "--workers must be a whole number of at least 1")
    cache = Path(os.environ["BRIEFING_EVAL_CACHE"])
    assert not list(cache.rglob("*.json")), "it fails before generating anything"


def test_unknown_summariser_in_a_real_process(tmp_path: Path) -> None:
    config = make_run(tmp_path, CONFIG.replace("use: lead,", "use: textrnk,"))
    outcome = run_subprocess("run", str(config), "--quiet", "--out", "out", cwd=tmp_path)
    assert_clear_error(outcome, EXIT_BAD_INPUT, "unknown summariser", "Did you mean 'textrank'?")
    assert not (tmp_path / "out").exists()
