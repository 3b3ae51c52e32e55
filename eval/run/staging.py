"""A run folder appears whole or not at all, only one run writes it, and ``--overwrite`` never
loses the old one.

Every file of a run is first written into a hidden sibling folder (``.NAME.partial-PID-...``);
only when the last file is on disk does that folder take the run folder's name. So:

* a run that fails while writing (disk full, no permission, Ctrl-C) leaves the previous run
  folder exactly as it was, and removes its own half-written folder;
* a run killed outright (SIGKILL, power cut) leaves at worst a hidden ``.partial`` folder, never a
  run folder that looks finished but lacks files; the next run writing beside it removes it once
  it is sure its owner is dead (the PID in its name is gone and nobody holds its lock);
* with ``--overwrite`` the old folder is replaced only by a complete new one;
* two runs aimed at the same folder cannot both write it: the first *claims* it with a lock file
  (``.NAME.lock``, an ``flock`` the kernel drops when the process dies, so a killed run never
  leaves a stale claim), and the final rename refuses to replace a folder that appeared, or
  changed, after the claim.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.errors import EnvironmentProblem, UserError

try:  # POSIX; on Windows the claim falls back to an exclusive create with a PID inside
    import fcntl
except ImportError:  # pragma: no cover - exercised on Windows only
    fcntl = None  # type: ignore[assignment]

# .NAME.partial-PID-HEX (a run being written) and .NAME.old-PID-HEX (a replaced run being deleted)
_LOCK = re.compile(r"^\.(?P<name>.+)\.lock$")
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?:partial|old)-(?P<pid>\d+)-[0-9a-f]{6}$")


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


def _identity(path: Path) -> tuple[int, int] | None:
    """What is at ``path`` now (device and inode), or None when nothing is."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    return (status.st_dev, status.st_ino)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    except OSError:
        return True  # unknown: assume alive, never delete what might be in use
    return True


@dataclass
class _Claim:
    """This process's right to write one run folder."""

    out: Path
    lock_path: Path
    fd: int
    expected: tuple[int, int] | None  # what ``out`` was when claimed; publish checks it


_CLAIMS: dict[Path, _Claim] = {}


def _key(out: Path) -> Path:
    return Path(out).absolute()


def _lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def _try_lock(lock_path: Path) -> int | None:
    """An open, locked descriptor for ``lock_path``, or None if a live process holds it."""
    while True:
        if fcntl is None:  # pragma: no cover - Windows
            try:
                fd = os.open(lock_path, os.O_CREAT | os.O_EXCL | os.O_RDWR)
            except FileExistsError:
                try:
                    owner = int(lock_path.read_text().strip() or 0)
                except (OSError, ValueError):
                    owner = 0
                if _pid_alive(owner):
                    return None
                with contextlib.suppress(OSError):
                    lock_path.unlink()
                continue
            os.write(fd, str(os.getpid()).encode())
            return fd
        fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        # The holder before us may have unlinked the file after we opened it: then our lock is
        # on a file nobody else will see. Only a lock on the file at the path counts.
        if _same_file(fd, lock_path):
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            return fd
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _unlock(fd: int, lock_path: Path) -> None:
    with contextlib.suppress(OSError):
        lock_path.unlink()  # while still holding it, so nobody can lock the old file meanwhile
    with contextlib.suppress(OSError):
        os.close(fd)


def claim_run_folder(out: Path) -> None:
    """Make this process the only writer of ``out`` until ``release_run_folders``.

    Raises ``UserError`` when another live run holds the claim. Also removes leftovers of dead
    runs beside ``out`` (see ``remove_stale_leftovers``). Claiming a folder twice is harmless.
    """
    key = _key(out)
    if key in _CLAIMS:
        return
    lock_path = _lock_path(key)
    try:
        fd = _try_lock(lock_path)
    except OSError as exc:
        raise EnvironmentProblem(
            f"cannot create the lock file {lock_path} for the run folder {out} "
            f"({exc.strerror or exc}); check the folder's permissions or choose another --out."
        ) from None
    if fd is None:
        owner = ""
        with contextlib.suppress(OSError, ValueError):
            owner = f" (process {int(lock_path.read_text().strip())})"
        raise UserError(
            f"another briefing-eval run{owner} is writing the run folder {out} right now. Wait "
            f"for it to finish, or choose another --out; two runs must not write one folder."
        )
    _CLAIMS[key] = _Claim(key, lock_path, fd, _identity(key))
    remove_stale_leftovers(key.parent)


def release_run_folders() -> None:
    """Give up every claim this process holds (at the end of a run, whatever its outcome)."""
    while _CLAIMS:
        _, claim = _CLAIMS.popitem()
        _unlock(claim.fd, claim.lock_path)


def remove_stale_leftovers(parent: Path) -> list[Path]:
    """Delete ``.NAME.partial-PID-*`` and ``.NAME.old-PID-*`` folders whose run is dead.

    A folder is removed only when the process named in it no longer exists *and* no live run
    holds ``NAME``'s lock (so a PID reused by an unrelated process keeps it, and a live run is
    never touched). Returns what was removed; what could not be removed is reported once.
    """
    removed: list[Path] = []
    try:
        entries = list(Path(parent).iterdir())
    except OSError:
        return removed
    for entry in sorted(entries):
        lock = _LOCK.match(entry.name)
        if lock is not None:
            if _key(entry.parent / lock["name"]) not in _CLAIMS and _dead_owner(entry):
                fd = _try_lock_quietly(entry)  # held by nobody: the lock of a killed run
                if fd is not None:
                    _unlock(fd, entry)
            continue
        match = _LEFTOVER.match(entry.name)
        if match is None or int(match["pid"]) == os.getpid() or _pid_alive(int(match["pid"])):
            continue
        owner_key = _key(Path(parent) / match["name"])
        lock_path = _lock_path(owner_key)
        held_here = owner_key in _CLAIMS
        fd = None if held_here else _try_lock_quietly(lock_path)
        if not held_here and fd is None:
            continue  # a live run holds that folder: leave its files alone
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
        except OSError as exc:
            warnings.warn(
                f"could not remove {entry}, left by a run that died ({exc.strerror or exc}); "
                f"delete it by hand",
                stacklevel=2,
            )
        finally:
            if fd is not None:
                _unlock(fd, lock_path)
    if removed:
        warnings.warn(
            f"removed {len(removed)} unfinished folder(s) left in {parent} by runs that were "
            f"killed: {', '.join(p.name for p in removed)}",
            stacklevel=2,
        )
    return removed


def _dead_owner(lock_path: Path) -> bool:
    """Whether ``lock_path`` is one of ours (it holds a PID) and that process is gone; any
    other file that happens to be called ``.NAME.lock`` is left alone."""
    try:
        text = lock_path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    return text.isdigit() and not _pid_alive(int(text))


def _try_lock_quietly(lock_path: Path) -> int | None:
    try:
        return _try_lock(lock_path)
    except OSError:
        return None


def folder_for_failed_run(out: Path) -> Path:
    """Where a run that stopped early (exit 1) keeps what it made: ``out`` itself when nothing
    is there yet, else the sibling ``NAME.failed``, so that a finished run that ``--overwrite``
    was going to replace is kept whole (it is replaced only by a complete new run)."""
    out = Path(out)
    if not out.exists() and not out.is_symlink():
        return out
    if out.is_dir() and not out.is_symlink() and not any(out.iterdir()):
        return out
    return out.with_name(f"{out.name}.failed")


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

    Whatever ``out`` held when it was claimed (the previous run, when ``--overwrite`` was given)
    is removed only after the new folder is complete; if something else appeared there since,
    the rename is refused. On any error the staging folder is deleted and ``out`` is left
    untouched. ``out`` is claimed here unless the caller claimed it already.
    """
    out = Path(out)
    claimed_here = _key(out) not in _CLAIMS
    claim_run_folder(out)
    try:
        stage = _fresh_sibling(out, "partial")
        try:
            stage.mkdir(parents=True)
        except OSError as exc:
            raise _write_failed(out, exc) from None
        try:
            yield stage
            _publish(stage, out, _CLAIMS[_key(out)].expected)
        except BaseException as exc:
            shutil.rmtree(stage, ignore_errors=True)
            if isinstance(exc, OSError):
                raise _write_failed(out, exc) from exc
            cause = exc.__cause__
            if isinstance(exc, EnvironmentProblem) and isinstance(cause, OSError):
                raise _write_failed(out, cause) from exc  # name the run folder, not the temp file
            raise
    finally:
        if claimed_here:
            claim = _CLAIMS.pop(_key(out), None)
            if claim is not None:
                _unlock(claim.fd, claim.lock_path)


def _publish(stage: Path, out: Path, expected: tuple[int, int] | None) -> None:
    """Swap ``stage`` in as ``out`` with renames; the old contents are deleted last."""
    if _identity(out) != expected:
        raise UserError(
            f"the run folder {out} was created or replaced by something else while this run "
            f"was working, so it was left alone. Nothing of this run was written there; "
            f"finished generations are in the cache: run again with another --out."
        )
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
