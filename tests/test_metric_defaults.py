"""A config without ``metrics:`` gets the default metrics, validated like a user's list: in a
real process, exit 0 and no traceback (it used to crash with an AttributeError)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import copy_corpus, write_config

from eval.config import DEFAULT_METRICS, MetricConfig, RunConfig

REPO = Path(__file__).resolve().parents[1]


def _run(tmp_path: Path, body: str) -> subprocess.CompletedProcess:
    copy_corpus(tmp_path / "corpus", 3)
    config = write_config(tmp_path, body)
    return subprocess.run(
        [sys.executable, "-m", "eval", "run", str(config), "--out", str(tmp_path / "run")],
        env={**os.environ, "BRIEFING_EVAL_CACHE": str(tmp_path / "cache")},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_a_config_without_metrics_runs_the_defaults(tmp_path: Path) -> None:
    done = _run(
        tmp_path,
        "data: corpus/\nsummarisers:\n  - {id: lead2, use: lead, args: {sentences: 2}}\n"
        "report: {bootstrap: 100}\n",
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    described = json.loads((tmp_path / "run/metrics.json").read_text())["metrics"]
    assert [m["name"] for m in described] == [m["use"] for m in DEFAULT_METRICS]
    assert "lead2: ROUGE-1 " in done.stdout


def test_defaults_are_validated_models_not_plain_dicts() -> None:
    config = RunConfig(data=Path("."), summarisers=[{"id": "a", "use": "lead"}])
    assert all(isinstance(metric, MetricConfig) for metric in config.metrics)
    assert [m.use for m in config.metrics] == [m["use"] for m in DEFAULT_METRICS]
    # The defaults are copied per config, never shared.
    config.metrics[0].args["x"] = 1
    again = RunConfig(data=Path("."), summarisers=[{"id": "a", "use": "lead"}])
    assert again.metrics[0].args == {}


def test_a_metric_plugin_that_describes_itself_badly_fails_before_any_work(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "mute_plugin.py").write_text(
        "class Mute:\n    name = 'mute'\n    compares_with = 'source'\n"
        "    def signature(self):\n        return {}\n"
        "    def score(self, briefings, items):\n        return []\n"
    )
    dist = site / "mute_plugin-0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: mute-plugin\nVersion: 0\n")
    (dist / "entry_points.txt").write_text("[briefing.metrics]\nmute = mute_plugin:Mute\n")
    copy_corpus(tmp_path / "corpus", 2)
    config = write_config(
        tmp_path,
        "data: corpus/\nsummarisers:\n  - {id: lead2, use: lead, args: {sentences: 2}}\n"
        "metrics: [{use: mute}]\n",
    )
    done = subprocess.run(
        [sys.executable, "-m", "eval", "run", str(config), "--out", str(tmp_path / "run")],
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(site), str(REPO)]),
            "BRIEFING_EVAL_CACHE": str(tmp_path / "cache"),
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert "'mute'" in done.stderr and "declares no 'values'" in done.stderr
    assert not (tmp_path / "run").exists()
