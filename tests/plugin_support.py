"""A metric plugin as a third party would ship it: one file, one entry point, its own
distribution (a ``*.dist-info`` folder in a site directory of its own), used by a run in a
separate process. Nothing in the harness names it; the tests check it appears everywhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import copy_corpus, write_config

REPO = Path(__file__).resolve().parents[1]

PLUGIN = '''\
"""Word overlap with the references: a plugin metric in one file."""

import re

from eval.metrics.base import Score, Value


def words(text):
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def jaccard(a, b):
    union = words(a) | words(b)
    return len(words(a) & words(b)) / len(union) if union else 0.0


class OverlapMetric:
    name = "overlap"
    compares_with = "references"
    in_workers = False  # like a torch model: scored once, in the parent, batched
    values = (
        Value("overlap.jaccard", "Word overlap", 100.0, True, 1,
              "best Jaccard overlap of word sets with a reference, x100"),
        Value("overlap.batch", "Batch size", 1.0, None, 0,
              "briefings in the call that scored this one", leaderboard=False),
    )

    def signature(self):
        return {"tok": "a-z0-9", "refs": "max", "v": "1"}

    def score(self, briefings, items):
        return [
            Score({
                "overlap.jaccard": max(jaccard(b, r) for r in item.references),
                "overlap.batch": float(len(briefings)),
            })
            for b, item in zip(briefings, items, strict=True)
        ]
'''

CONFIG = """\
name: plugin-metric
data: corpus/
seed: 11
summarisers:
  - {id: lead1, use: lead, args: {sentences: 1}}
  - {id: lead3, use: lead, args: {sentences: 3}}
  - {id: textrank, use: textrank}
metrics:
  - {use: rouge, args: {types: [rouge1]}}
  - {use: overlap}
report: {baseline: lead1, bootstrap: 200}
"""

ARTICLES = 6


def install_plugin(site: Path) -> Path:
    """The plugin's file and its distribution's metadata in ``site`` (a fresh sys.path entry)."""
    site.mkdir(parents=True, exist_ok=True)
    (site / "overlap_plugin.py").write_text(PLUGIN, encoding="utf-8")
    dist = site / "overlap_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: overlap-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[briefing.metrics]\noverlap = overlap_plugin:OverlapMetric\n"
    )
    return site


def plugin_env(root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root / "site"), str(REPO)]),
        "BRIEFING_EVAL_CACHE": str(root / "cache"),
    }


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "eval", *args],
        env=plugin_env(root),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def ratings(rows: list[dict]) -> str:
    """Made-up expert ratings that follow word overlap loosely (three systems, every article)."""
    lines = []
    for row in rows:
        value = row.get("overlap.jaccard")
        if value is None:
            continue
        wobble = (sum(map(ord, row["id"] + row["system"])) % 7) / 10
        lines.append(
            json.dumps(
                {
                    "id": row["id"],
                    "system": row["system"],
                    "relevance": 1 + 4 * value + wobble,
                    "consistency": 5 - wobble,
                }
            )
        )
    return "\n".join(lines) + "\n"


def make_plugin_run(root: Path) -> Path:
    """A finished run (and meta-eval) with the plugin metric, made in separate processes."""
    install_plugin(root / "site")
    copy_corpus(root / "corpus", ARTICLES)
    config = write_config(root, CONFIG)
    out = root / "run"
    done = cli(root, "run", str(config), "--out", str(out))
    assert done.returncode == 0, done.stderr
    (out / "run.stdout").write_text(done.stdout, encoding="utf-8")
    rows = [json.loads(line) for line in (out / "scores.jsonl").read_text().splitlines()]
    (root / "ratings.jsonl").write_text(ratings(rows), encoding="utf-8")
    meta = cli(root, "meta-eval", str(out), "--ratings", str(root / "ratings.jsonl"))
    assert meta.returncode == 0, meta.stderr
    (out / "meta.stdout").write_text(meta.stdout, encoding="utf-8")
    return out
