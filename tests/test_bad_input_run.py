"""The run folder: never silently replaced, never half-written, and a full disk loses nothing."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from bad_input_helpers import assert_clear_error, make_run, run_cli, run_subprocess

from eval import files
from eval.errors import EXIT_BAD_INPUT, EXIT_ENVIRONMENT, EXIT_OK


def _folder_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}"))


def test_existing_run_folder_is_refused_without_overwrite(tmp_path: Path, capsys) -> None:
    config = make_run(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("my notes")
    outcome = run_cli(capsys, "run", str(config), "--out", str(out), "--quiet")
    assert_clear_error(outcome, EXIT_BAD_INPUT, f"run folder {out} already exists", "--overwrite")
    assert (out / "notes.txt").read_text() == "my notes"


def test_existing_run_folder_in_a_real_process(tmp_path: Path) -> None:
    config = make_run(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "x").write_text("x")
    outcome = run_subprocess("run", str(config), "--quiet", "--out", "out", cwd=tmp_path)
    assert_clear_error(outcome, EXIT_BAD_INPUT, "already exists", "--overwrite")


def test_overwrite_replaces_the_folder_only_when_the_new_run_is_complete(
    tmp_path: Path, capsys
) -> None:
    config = make_run(tmp_path)
    out = tmp_path / "out"
    assert run_cli(capsys, "run", str(config), "--out", str(out), "--quiet").code == EXIT_OK
    (out / "stale.txt").write_text("from an older run")
    outcome = run_cli(capsys, "run", str(config), "--out", str(out), "--quiet", "--overwrite")
    assert outcome.code == EXIT_OK, outcome.err
    assert not (out / "stale.txt").exists() and (out / "scores.jsonl").is_file()
    assert _siblings(out) == [], "no staging or old folder is left behind"


@pytest.mark.parametrize("failing", ["fsync", "write"])
def test_disk_full_while_writing_results_keeps_the_old_run(
    tmp_path: Path, capsys, monkeypatch, failing: str
) -> None:
    config = make_run(tmp_path)
    out = tmp_path / "out"
    assert run_cli(capsys, "run", str(config), "--out", str(out), "--quiet").code == EXIT_OK
    before = _folder_bytes(out)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if failing == "fsync":
        monkeypatch.setattr(files.os, "fsync", disk_full)
    else:  # the write itself fails part-way: the temporary file is half written
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, handle) -> None:
                self.handle = handle

            def write(self, data: bytes) -> int:
                self.handle.write(data[: len(data) // 2])
                disk_full()

            def __getattr__(self, name):
                return getattr(self.handle, name)

            def __enter__(self):
                return self

            def __exit__(self, *exc) -> None:
                self.handle.close()

        monkeypatch.setattr(files.os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))

    outcome = run_cli(
        capsys, "run", str(config), "--out", str(out), "--quiet", "--overwrite", "--no-cache"
    )
    assert_clear_error(
        outcome,
        EXIT_ENVIRONMENT,
        f"could not write the run folder {out}",
        "the disk is full",
        "is as it was before this run",
    )
    monkeypatch.undo()
    assert _folder_bytes(out) == before, "the previous run is untouched"
    assert _siblings(out) == [], "the half-written staging folder is removed"
    json.loads((out / "aggregate.json").read_text())


def test_atomic_write_failure_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch) -> None:
    target = tmp_path / "scores.jsonl"
    target.write_text("old\n")

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(files.EnvironmentProblem, match="the disk is full"):
        files.atomic_write_text(target, "new\n" * 1000)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["scores.jsonl"]


def test_unwritable_output_parent_fails_before_generation(tmp_path: Path, capsys) -> None:
    config = make_run(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    outcome = run_cli(capsys, "run", str(config), "--out", str(blocker / "run"), "--quiet")
    assert_clear_error(outcome, EXIT_BAD_INPUT, "cannot create the folder", "Choose another --out")
    cache = Path(os.environ["BRIEFING_EVAL_CACHE"])
    assert not list(cache.rglob("*.json")), "nothing was generated"


@pytest.mark.parametrize("target", ["corpus", ".", "parent-of-corpus"])
def test_overwrite_never_replaces_the_corpus_or_the_working_folder(
    tmp_path: Path, capsys, monkeypatch, target: str
) -> None:
    config = make_run(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = {"corpus": tmp_path / "corpus", ".": Path("."), "parent-of-corpus": tmp_path}[target]
    before = _folder_bytes(tmp_path / "corpus")
    outcome = run_cli(capsys, "run", str(config), "--out", str(out), "--quiet", "--overwrite")
    assert_clear_error(outcome, EXIT_BAD_INPUT, "would replace", "Choose a new folder for --out")
    assert _folder_bytes(tmp_path / "corpus") == before
