"""What a run was made of: signatures, versions, code commit, data fingerprint, seed, timings.

Two runs with the same manifest signatures and data fingerprint are comparable; anything that
cannot change a number (device, batch size, workers) is deliberately not part of a signature.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

# Packages whose version can change a number, or that a reader of the report will ask about.
TRACKED_PACKAGES = (
    "briefing-eval",
    "rouge-score",
    "rouge-score-rs",
    "nltk",
    "sentencex",
    "pysbd",
    "text2num",
    "dateparser",
    "numpy",
    "scipy",
    "scikit-learn",
    "pydantic",
    "torch",
    "transformers",
    "tokenizers",
    "datasets",
)


def package_versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in TRACKED_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def code_revision() -> dict[str, Any]:
    """Commit and dirty flag of the checkout the harness runs from (None when installed)."""
    here = Path(__file__).resolve().parent
    commit = _git(["rev-parse", "HEAD"], here)
    if commit is None:
        return {"commit": None, "dirty": None}
    status = _git(["status", "--porcelain", "--untracked-files=no"], here)
    return {"commit": commit, "dirty": bool(status)}


def build_manifest(
    *,
    config: dict[str, Any],
    config_path: str,
    seed: int,
    data_path: str,
    data_fingerprint: str,
    articles: int,
    summariser_signatures: dict[str, str],
    metric_signatures: dict[str, str],
    timings: dict[str, float],
    failures: dict[str, int],
) -> dict[str, Any]:
    return {
        "format": 1,
        "config_path": config_path,
        "config": config,
        "seed": seed,
        "data": {"path": data_path, "fingerprint": data_fingerprint, "articles": articles},
        "signatures": {"summarisers": summariser_signatures, "metrics": metric_signatures},
        "versions": package_versions(),
        "code": code_revision(),
        "platform": {"system": platform.system(), "machine": platform.machine()},
        "command": sys.argv,
        "timings_seconds": {key: round(value, 3) for key, value in timings.items()},
        "failures": failures,
    }
