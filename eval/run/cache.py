"""A content-addressed cache of generations, shared by every run on the machine.

Key: the summariser's signature and the article text, both hashed. A generation is stored the
moment it is made, one small file per entry written atomically (temp file + rename), so:

* re-running a config never regenerates what it already generated;
* a run killed halfway resumes where it stopped, losing no briefing it had received (only a
  model's batch still being computed; see ``eval.run.generation``);
* two runs writing the same entry at the same time cannot corrupt it (the last rename wins and
  both wrote the same content).

A damaged entry (truncated by a crash of an older version, edited by hand, written by another
tool) is reported and treated as missing, so it is regenerated and overwritten rather than
trusted. A cache that cannot be written (read-only, no permission, disk full) stops the run with
an ``EnvironmentProblem`` that says how to point the cache elsewhere or turn it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.errors import EnvironmentProblem
from eval.files import atomic_write_text

CACHE_FORMAT = 1


class CacheUnwritable(EnvironmentProblem):
    """The cache folder cannot be written: a problem of the machine, not of any summariser."""


def default_cache_dir() -> Path:
    """$BRIEFING_EVAL_CACHE, else $XDG_CACHE_HOME/briefing-eval, else ~/.cache/briefing-eval."""
    explicit = os.environ.get("BRIEFING_EVAL_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing-eval"


def signature_key(signature: Mapping[str, str]) -> str:
    canonical = json.dumps(dict(sorted(signature.items())), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class CachedGeneration:
    summary: str
    seconds: float
    info: dict[str, Any] = field(default_factory=dict)


class GenerationCache:
    """Generations of one summariser (one signature) under ``root``."""

    def __init__(self, root: Path, signature: Mapping[str, str]) -> None:
        self.root = Path(root)
        self.signature = dict(signature)
        key = signature_key(signature)
        self.folder = self.root / "generations" / key[:2] / key
        self.corrupt: list[Path] = []

    def ensure_writable(self) -> None:
        """Fail before any generation if entries could not be stored (read-only folder, no
        permission), naming the cache rather than the summariser that happens to run first."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            probe = self.folder / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise self._unwritable(exc) from None

    def _unwritable(self, exc: OSError) -> CacheUnwritable:
        return CacheUnwritable(
            f"cannot write to the generation cache {self.root} ({exc.strerror or exc}). "
            f"Point --cache (or $BRIEFING_EVAL_CACHE) at a writable folder, or run with "
            f"--no-cache."
        )

    def _path(self, text: str) -> Path:
        key = text_key(text)
        return self.folder / f"{key}.json"

    def get(self, text: str) -> CachedGeneration | None:
        path = self._path(text)
        try:
            raw = path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):  # not cached (or no cache folder yet)
            return None
        except (OSError, UnicodeDecodeError):
            return self._damaged(path)
        try:
            entry = json.loads(raw)
        except (ValueError, RecursionError):
            return self._damaged(path)
        if not isinstance(entry, dict):
            return self._damaged(path)
        summary, seconds = entry.get("summary"), entry.get("seconds", 0.0)
        info = entry.get("info", {})
        if (
            entry.get("format") != CACHE_FORMAT
            or entry.get("text_sha256") != text_key(text)
            or not isinstance(summary, str)
            or isinstance(seconds, bool)
            or not isinstance(seconds, int | float)
            or not isinstance(info, dict)
        ):
            return self._damaged(path)
        return CachedGeneration(summary, float(seconds), info)

    def _damaged(self, path: Path) -> None:
        self.corrupt.append(path)
        warnings.warn(
            f"generation cache entry {path} is damaged and will be regenerated "
            f"(delete the folder {self.root} to clear the whole cache)",
            stacklevel=3,
        )
        return None

    def put(self, text: str, generation: CachedGeneration) -> None:
        entry = {
            "format": CACHE_FORMAT,
            "text_sha256": text_key(text),
            "signature": self.signature,
            "summary": generation.summary,
            "seconds": generation.seconds,
            "info": generation.info,
        }
        try:
            atomic_write_text(
                self._path(text), json.dumps(entry, ensure_ascii=False, sort_keys=True)
            )
        except CacheUnwritable:
            raise
        except EnvironmentProblem as exc:  # disk full: already says so; it is the cache's
            raise CacheUnwritable(str(exc)) from exc
        except OSError as exc:
            raise self._unwritable(exc) from exc
