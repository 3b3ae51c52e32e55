"""Files: all-or-nothing writes, JSON lines, and the text files and dates users hand the CLI.

One home for reading and writing what the harness and its users exchange on disk, so that every
command reads a user's file the same way and reports a bad one the same way (file, line, fix).

* Writes that are all-or-nothing: a crash, Ctrl-C or full disk never leaves half a file.
* JSON-lines files: the ones users give (outputs, pairs, ratings, imports) and run folders.
* Files and values a user hands the command line: text files and ISO dates.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from eval.corpus.loading import DuplicateKey, reject_duplicate_keys
from eval.errors import EnvironmentProblem, UserError


# --- all-or-nothing writes: a crash, Ctrl-C or full disk never leaves half a file
def _target_mode(path: Path) -> int:
    """The replaced file's permissions, or the usual ones for a new file (mkstemp's are 0600)."""
    try:
        return os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _target_mode(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise EnvironmentProblem(
                f"could not write {path}: the disk is full. Free some space and run again; "
                f"the previous contents of {path.name} (if any) are untouched."
            ) from exc
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


# --- JSON lines: the files users give (outputs, pairs, ratings, imports) and run folders
def iter_json_objects(
    path: Path,
    *,
    label: str,
    expected: str,
    limit: int | None = None,
    missing_hint: str = "",
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line, streamed.

    ``label`` names the option or key the file came from (``--pairs``, ``args.path``) and
    ``expected`` shows the shape of a line (``{"id": ..., "summary": ...}``); both go into the
    message when the file is missing or a line is not a JSON object.
    """
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(
            f"{label}: {path} does not exist; it should be a JSON-lines file, one {expected} "
            f"per line.{' ' + missing_hint if missing_hint else ''}"
        ) from None
    except OSError as exc:
        raise UserError(f"{label}: cannot read {path} ({exc.strerror}).") from None
    count = 0
    with handle:
        number = 0
        try:
            for number, line in enumerate(handle, start=1):
                if limit is not None and count >= limit:
                    return
                if not line.strip():
                    continue
                try:
                    row = json.loads(line, object_pairs_hook=reject_duplicate_keys)
                except DuplicateKey as exc:  # json would silently keep the last one
                    raise UserError(
                        f"{path}, line {number}: the key {exc.key!r} appears twice in one "
                        f"object; keep one."
                    ) from None
                except (json.JSONDecodeError, RecursionError) as exc:
                    detail = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deep"
                    raise UserError(
                        f"{path}, line {number}: not valid JSON ({detail}); each line must be "
                        f"one {expected}."
                    ) from None
                if not isinstance(row, dict):
                    raise UserError(f"{path}, line {number}: expected an object {expected}.")
                count += 1
                yield number, row
        except UnicodeDecodeError:
            raise UserError(
                f"{path} is not UTF-8 text (near line {number + 1}); re-save it as UTF-8."
            ) from None


def read_json_lines(path: Path, *, what: str = "run file") -> list[dict[str, Any]]:
    """Every object of a JSON-lines file; an absent file is empty (an optional part of a run)."""
    if not Path(path).exists():
        return []
    return [row for _, row in iter_json_objects(path, label=what, expected="JSON object")]


def dump_json_lines(rows: Iterable[dict[str, Any]]) -> str:
    """One JSON object per line, UTF-8 as is; NaN is refused so every line is strict JSON."""
    return "".join(json.dumps(row, ensure_ascii=False, allow_nan=False) + "\n" for row in rows)


# --- text files and ISO dates a user hands the command line
def read_text_file(path: Path, what: str) -> str:
    """A UTF-8 text file (a byte-order mark is dropped; Windows line endings become ``\\n``).

    ``what`` names where the path came from (``--file``, ``--source``) for the message.
    """
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise UserError(f"{what} {path}: no such file; the path does not exist") from None
    except IsADirectoryError:
        raise UserError(f"{what} {path}: is a folder; pass a text file") from None
    except OSError as exc:
        raise UserError(f"{what} {path}: cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{what} {path}: not UTF-8 text (bad byte at offset {exc.start}); re-save it as UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_date(value: object, where: str) -> date:
    """An ISO date (YYYY-MM-DD) from an option or a JSON field named by ``where``."""
    if not isinstance(value, str):
        raise UserError(f"{where}: the date must be a string YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(
            f"{where}: {value!r} is not a date; write it as YYYY-MM-DD (e.g. 2024-10-28)"
        ) from None
