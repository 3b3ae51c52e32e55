"""A finished run folder is replaced only by a complete new run, only one run writes a folder,
and the leftovers of killed runs are cleaned up without touching live ones (issue 13)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bad_input_helpers import REPO, TESTS, assert_clear_error, make_run, run_cli
from process_summarisers import install_dist

from briefing import registry
from eval.errors import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, UserError
from eval.run import staging


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _config_with(extra: str, max_failures: int = 5) -> str:
    return (
        "name: safety\ndata: corpus/\nsummarisers:\n"
        "  - {id: lead1, use: lead, args: {sentences: 1}}\n"
        f"{extra}"
        "metrics: [{use: rouge}, {use: length}]\n"
        f"max_failures: {max_failures}\n"
        "report: {bootstrap: 100, formats: [md]}\n"
    )


def test_overwrite_that_stops_with_exit_1_keeps_the_finished_run(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(registry, "entry_points", lambda group: [])
    monkeypatch.setitem(registry.summarisers._builtins, "wrong-count", "bad_summarisers:WrongCount")
    good = make_run(tmp_path)
    out = tmp_path / "out"
    assert run_cli(capsys, "run", str(good), "--out", str(out), "--quiet").code == EXIT_OK
    before = _folder_bytes(out)
    failing = tmp_path / "failing.yaml"
    failing.write_text(_config_with("  - {id: bad, use: wrong-count}\n", max_failures=0))
    outcome = run_cli(capsys, "run", str(failing), "--out", str(out), "--quiet", "--overwrite")
    assert_clear_error(outcome, EXIT_FAILURE, "more than max_failures=0", "is untouched")
    assert _folder_bytes(out) == before, "the finished run was replaced by a failed one"
    kept = tmp_path / "out.failed" / "generations" / "bad.jsonl"
    assert kept.is_file() and str(kept.parent) in outcome.err


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path / "site"), str(TESTS), str(REPO)]),
        "BRIEFING_EVAL_CACHE": str(tmp_path / "cache"),
        "HF_HUB_OFFLINE": "1",
    }


def _wait_for(path: Path, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, "the first run ended early"
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def test_two_runs_aimed_at_one_folder_cannot_both_write_it(tmp_path: Path) -> None:
    install_dist(tmp_path / "site", gate="process_summarisers:Gate")
    make_run(tmp_path)
    started, gate = tmp_path / "started", tmp_path / "gate"
    slow = tmp_path / "slow.yaml"
    slow.write_text(
        _config_with(f"  - {{id: g, use: gate, args: {{started: '{started}', gate: '{gate}'}}}}\n")
    )
    quick = tmp_path / "quick.yaml"
    quick.write_text(_config_with(""))
    command = [sys.executable, "-m", "eval", "run", "--quiet", "--out", str(tmp_path / "out")]
    first = subprocess.Popen(
        [*command, str(slow)], env=_env(tmp_path), stderr=subprocess.PIPE, text=True
    )
    try:
        _wait_for(started, first)
        second = subprocess.run(
            [*command, str(quick)], env=_env(tmp_path), capture_output=True, text=True, timeout=120
        )
        assert second.returncode == EXIT_BAD_INPUT, second.stderr
        assert "another briefing-eval run" in second.stderr and "Traceback" not in second.stderr
        gate.touch()
        assert first.wait(timeout=120) == EXIT_OK, first.stderr.read()
    finally:
        gate.touch()
        if first.poll() is None:
            first.kill()
            first.wait()
    assert (tmp_path / "out" / "generations" / "g.jsonl").is_file(), "the first run's folder"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")]
    assert leftovers == [], leftovers


def test_publish_refuses_a_folder_that_appeared_after_the_claim(tmp_path: Path) -> None:
    out = tmp_path / "out"
    staging.claim_run_folder(out)
    try:
        out.mkdir()
        (out / "theirs.txt").write_text("written by someone else")
        refused = pytest.raises(UserError, match="created or replaced by something else")
        with refused, staging.staged_run_folder(out) as folder:
            (folder / "mine.txt").write_text("mine")
    finally:
        staging.release_run_folders()
    assert [p.name for p in out.iterdir()] == ["theirs.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"], "no staging folder or lock left"


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    return int(done.stdout)


def test_leftovers_of_dead_runs_are_removed_and_live_ones_kept(tmp_path: Path, capsys) -> None:
    config = make_run(tmp_path)
    dead = tmp_path / f".out.partial-{_dead_pid()}-abc123"
    (dead / "generations").mkdir(parents=True)
    (dead / "generations" / "x.jsonl").write_text("{}\n")
    other_dead = tmp_path / f".older.partial-{_dead_pid()}-00ff00"
    other_dead.mkdir()
    dead_lock = tmp_path / ".older.lock"  # a killed run's claim: the file stays, the lock not
    dead_lock.write_text(str(_dead_pid()))
    foreign_lock = tmp_path / ".tool.lock"  # not ours: never touched
    foreign_lock.write_text("some other tool's lock")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / f".out.partial-{sleeper.pid}-def456"
        live.mkdir()
        with pytest.warns(UserWarning, match="removed 2 unfinished folder") as warned:
            outcome = run_cli(capsys, "run", str(config), "--out", str(tmp_path / "out"), "--quiet")
        assert outcome.code == EXIT_OK, outcome.err
        assert not dead.exists() and not other_dead.exists(), "dead runs' folders removed"
        assert live.is_dir(), "a folder whose run is alive is never touched"
        assert not dead_lock.exists() and foreign_lock.exists()
        assert dead.name in str(warned[0].message)
    finally:
        sleeper.kill()
        sleeper.wait()
