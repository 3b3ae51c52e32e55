"""JSON-lines files: the ones users give (outputs, pairs, ratings, imports) and run folders.

One reader for every JSONL file, so each reports a problem the same way (which file, which
line, what is wrong, what a line should look like), and one writer for every row file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from eval.errors import UserError


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
                    row = json.loads(line)
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
