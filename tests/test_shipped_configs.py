"""The configs we ship keep working: the default evaluation end to end, the others build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.cli import main
from eval.config import load_config
from eval.run.runner import build_plugins

CONFIGS = Path(__file__).resolve().parents[1] / "configs"


def test_default_config_runs_end_to_end(tmp_path: Path, capsys) -> None:
    out = tmp_path / "run"
    assert main(["run", str(CONFIGS / "default.yaml"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Report: {out / 'report.html'}" in printed
    aggregate = json.loads((out / "aggregate.json").read_text())
    assert set(aggregate["systems"]) == {"lead3", "textrank"}
    lead = aggregate["systems"]["lead3"]
    assert lead["rouge1"]["n"] == aggregate["articles"] >= 30
    # Extractive briefings copy the article, so every number in them is backed.
    assert lead["numbers.precision"]["mean"] == 1.0
    assert lead["numbers.flagged"]["mean"] == 0.0


@pytest.mark.parametrize("name", sorted(p.name for p in CONFIGS.glob("*.yaml")))
def test_every_shipped_config_is_valid_and_builds(name: str) -> None:
    path = CONFIGS / name
    config, text = load_config(path)
    summarisers, metrics = build_plugins(config, path, text)  # loads no model
    assert len(summarisers) == len(config.summarisers) and metrics
