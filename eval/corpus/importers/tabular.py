"""Local JSONL and CSV files -> rows with their line numbers (for messages and provenance)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from eval.errors import UserError
from eval.files import iter_json_objects


def _open_text(path: Path):
    try:
        return Path(path).open(encoding="utf-8-sig", newline="")
    except FileNotFoundError as exc:
        raise UserError(f"{path} does not exist; check the path") from exc
    except IsADirectoryError as exc:
        raise UserError(f"{path} is a folder; pass a .jsonl or .csv file") from exc
    except OSError as exc:
        raise UserError(f"{path} cannot be read ({exc.strerror})") from exc


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[tuple[dict, str]]:
    """(row, "file line N") for each non-blank line; a bad line stops with its line number."""
    rows = iter_json_objects(path, label="import", expected="JSON object", limit=limit)
    for number, row in rows:
        yield row, f"{Path(path).name} line {number}"


def read_csv(path: Path, limit: int | None = None) -> Iterator[tuple[dict, str]]:
    """(row, "file line N") per record; the header row names the columns."""
    with _open_text(path) as handle:
        try:
            reader = csv.DictReader(handle)
            if not reader.fieldnames:
                raise UserError(f"{path} is empty or has no header row naming the columns")
            for count, row in enumerate(reader):
                if limit is not None and count >= limit:
                    return
                if None in row:
                    raise UserError(
                        f"{path}, line {reader.line_num}: more cells than header columns"
                    )
                yield dict(row), f"{Path(path).name} line {reader.line_num}"
        except csv.Error as exc:
            raise UserError(f"{path}: not valid CSV ({exc})") from exc
        except UnicodeDecodeError as exc:
            raise UserError(f"{path} is not UTF-8 text; re-save it as UTF-8") from exc
