"""Files and values a user hands the command line: text files and ISO dates.

Every command reads them the same way and says the same things about them: which option,
which file, what is wrong, how to fix it. (JSON-lines files: ``eval.jsonl``.)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from eval.errors import UserError


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
