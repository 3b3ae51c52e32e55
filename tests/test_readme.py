"""The README's commands are the ones CI runs, and the documented exit codes are the real ones."""

from __future__ import annotations

import re
from pathlib import Path

from eval import errors

REPO = Path(__file__).resolve().parents[1]


def _commands(readme: str) -> list[str]:
    return re.findall(r"```(?:bash|sh)\n(.*?)\n```", readme, flags=re.S)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = _commands(setup)
    assert len(blocks) == 2, "the quick start has exactly two commands: evaluate, and test"
    test_command = blocks[1].strip()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_documented_exit_codes_match_the_code() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code in (
        errors.EXIT_OK,
        errors.EXIT_FAILURE,
        errors.EXIT_BAD_INPUT,
        errors.EXIT_ENVIRONMENT,
        errors.EXIT_INTERRUPTED,
    ):
        assert re.search(rf"^\| {code} \|", readme, flags=re.M), code


def test_code_is_ruff_clean() -> None:
    import subprocess
    import sys

    for args in (["check", "."], ["format", "--check", "."]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=REPO, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
