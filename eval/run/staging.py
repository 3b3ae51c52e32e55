"""A run folder appears whole or not at all, and ``--overwrite`` never loses the old one early.

Every file of a run is first written into a hidden sibling folder (``.NAME.partial-...``); only
when the last file is on disk does that folder take the run folder's name. So:

* a run that fails while writing (disk full, no permission, Ctrl-C) leaves the previous run
  folder exactly as it was, and removes its own half-written folder;
* a run killed outright (SIGKILL, power cut) leaves at worst a hidden ``.partial`` folder, never a
  run folder that looks finished but lacks files;
* with ``--overwrite`` the old folder is replaced only by a complete new one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

from eval.errors import EnvironmentProblem, UserError


def check_writable(out: Path, protected: Sequence[Path] = ()) -> None:
    """Fail now, before any generation, if the run folder cannot be made or would replace
    something precious: the current folder, the corpus (``protected``) or a folder above them.
    """
    resolved = Path(out).resolve()
    for path in (Path.cwd(), *protected):
        kept = Path(path).resolve()
        if resolved == kept or resolved in kept.parents:
            raise UserError(
                f"the run folder {out} would replace {kept}, which this run needs or works in. "
                f"Choose a new folder for --out, such as runs/NAME."
            )
    parent = Path(out).absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"cannot create the folder {parent} for the run folder {out} "
            f"({exc.strerror or exc}). Choose another --out."
        ) from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UserError(
            f"cannot write in {parent}, where the run folder {out} would go (permission "
            f"denied). Choose another --out."
        )


def _fresh_sibling(out: Path, tag: str) -> Path:
    return out.parent / f".{out.name}.{tag}-{os.getpid()}-{secrets.token_hex(3)}"


def _write_failed(out: Path, exc: OSError) -> EnvironmentProblem:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = "the disk is full; free some space"
    else:
        reason = f"{exc.strerror or exc}; check the folder's permissions or choose another --out"
    return EnvironmentProblem(
        f"could not write the run folder {out}: {reason}, then run again. Nothing was "
        f"replaced: {out} is as it was before this run, and finished generations are in the "
        f"cache, so the next run only scores."
    )


@contextlib.contextmanager
def staged_run_folder(out: Path) -> Iterator[Path]:
    """Yield an empty folder to write the run into; on success it becomes ``out``.

    Whatever ``out`` held (the previous run, when ``--overwrite`` was given) is removed only
    after the new folder is complete. On any error the staging folder is deleted and ``out``
    is left untouched.
    """
    out = Path(out)
    stage = _fresh_sibling(out, "partial")
    try:
        stage.mkdir(parents=True)
    except OSError as exc:
        raise _write_failed(out, exc) from None
    try:
        yield stage
        _publish(stage, out)
    except BaseException as exc:
        shutil.rmtree(stage, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _write_failed(out, exc) from exc
        cause = exc.__cause__
        if isinstance(exc, EnvironmentProblem) and isinstance(cause, OSError):
            raise _write_failed(out, cause) from exc  # name the run folder, not the temp file
        raise


def _publish(stage: Path, out: Path) -> None:
    """Swap ``stage`` in as ``out`` with renames; the old contents are deleted last."""
    old: Path | None = None
    if out.is_symlink() or out.is_file():
        old = _fresh_sibling(out, "old")
        os.rename(out, old)
    elif out.is_dir():
        if any(out.iterdir()):
            old = _fresh_sibling(out, "old")
            os.rename(out, old)
        else:
            out.rmdir()
    try:
        os.rename(stage, out)
    except OSError:
        if old is not None:
            os.rename(old, out)  # put the previous run back where it was
        raise
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink()
