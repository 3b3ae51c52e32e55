"""Small builders shared by tests: corpora and configs in temporary folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "reference_summaries"


def copy_corpus(dest: Path, count: int | None = None) -> Path:
    """The first ``count`` shipped articles (sorted by file name) in a fresh folder."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(CORPUS.glob("*.json"))[:count]:
        shutil.copy(path, dest / path.name)
    return dest


def write_article(folder: Path, article_id: str, text: str, references: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "id": article_id,
        "title": f"Title of {article_id}",
        "published": "2025-03-14",
        "source": {"text": text, "provenance": "written for tests", "licence": "CC0"},
        "references": [{"author": f"r{i}", "text": r} for i, r in enumerate(references)],
    }
    path = folder / f"{article_id}.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def write_config(folder: Path, body: str, name: str = "config.yaml") -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path
