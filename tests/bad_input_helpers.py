"""Shared set-up for the bad-input tests: a tiny corpus, a config, and a CLI runner that
captures what a user would see."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from helpers import write_article, write_config

from eval.cli import main

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent

TEXTS = {
    "harbour": (
        "The harbour authority hired 40 new pilots on Monday. It said the cost was $3 million. "
        "Ships had waited up to nine days to dock. The union welcomed the decision.",
        ["The harbour hired 40 pilots at a cost of $3 million.", "Forty pilots were hired."],
    ),
    "bridge": (
        "The old bridge closed for repairs on Tuesday. Engineers found 12 cracked beams. "
        "The work will take 6 weeks and cost $800,000. Buses will use a detour.",
        ["The bridge closed for 6 weeks after 12 cracked beams were found."],
    ),
    "school": (
        "Three schools will merge next year, the council said. Enrolment fell by 15% since "
        "2020. Parents will be consulted in May. Teachers keep their jobs.",
        ["Three schools will merge after enrolment fell 15%.", "The council will merge schools."],
    ),
}

CONFIG = """\
name: bad-input
data: corpus/
summarisers:
  - {id: lead1, use: lead, args: {sentences: 1}}
metrics:
  - {use: rouge}
  - {use: length}
report: {bootstrap: 100, formats: [md]}
"""


def make_corpus(folder: Path) -> Path:
    for article_id, (text, references) in TEXTS.items():
        write_article(folder, article_id, text, references)
    return folder


def make_run(tmp_path: Path, config: str = CONFIG) -> Path:
    """A good corpus under tmp_path/corpus and the config (returned) beside it."""
    make_corpus(tmp_path / "corpus")
    return write_config(tmp_path, config)


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def run_cli(capsys, *args: str) -> Outcome:
    code = main(list(args))
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


def run_subprocess(*args: str, cwd: Path, env: dict | None = None) -> Outcome:
    """``python -m eval ARGS`` in a real process, as a user would run it."""
    environment = {**os.environ, **(env or {})}
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(TESTS), str(REPO), environment.get("PYTHONPATH", "")]
    )
    done = subprocess.run(
        [sys.executable, "-m", "eval", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def assert_clear_error(outcome: Outcome, code: int, *fragments: str) -> None:
    """One readable error: the right exit code, the expected facts, never a traceback."""
    assert outcome.code == code, (outcome.code, outcome.err)
    assert "Traceback" not in outcome.err, outcome.err
    assert "error:" in outcome.err, outcome.err
    for fragment in fragments:
        assert fragment in outcome.err, (fragment, outcome.err)
