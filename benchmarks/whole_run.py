"""A whole ``briefing-eval run`` against the plain rouge-score loop over the same briefings.

    python benchmarks/whole_run.py [--articles 1000] [--workers N] [--keep DIR]

1. Writes N distinct articles (``distinct_corpus.py``: shipped articles shuffled and with words
   dropped, 3 references each) and a config with the ``lead`` baseline (3 sentences), ROUGE-1/2/
   L/Lsum with the stemmer, and the numeric check, with the default report settings.
2. Runs ``python -m eval run CONFIG --no-cache --quiet`` in a subprocess: wall time, CPU of the
   process tree, peak RSS of the tree, and the per-phase timings the manifest records.
3. Times the plain loop ``RougeScorer(['rouge1','rouge2','rougeL','rougeLsum'],
   use_stemmer=True).score_multi(references, briefing)`` over the run's own briefings and the
   same references, each text given already split one sentence per line by the project's
   splitter (the split is not timed: it is what rouge-score users must do themselves for
   ROUGE-Lsum). Every value is compared with the run's ``scores.jsonl``.
4. Prints wall, CPU, their ratios (plain loop / whole run: above 1.0 means the whole run is
   faster than rouge-score alone), the load average, and the sha256 of ``scores.jsonl`` so a
   later version of the code can show byte-identical scores on the same input.

Nothing here is a test. On a shared machine the load average says how far to trust a figure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The code measured is the checkout this file is in (run it from `git archive HEAD` to measure
# a commit while the working tree is being edited): it comes first on the path, here and in the
# subprocess.
sys.path[:0] = [str(HERE.parent), str(HERE)]

from distinct_corpus import REPO, distinct_articles, distinctness, write  # noqa: E402
from process_meter import run_measured  # noqa: E402

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
SYSTEM = "lead3"

CONFIG = """\
name: whole-run-benchmark
data: corpus/
seed: 12345
budget: {max_sentences: 3, max_words: 80}
summarisers:
  - {id: lead3, use: lead, args: {sentences: 3}}
metrics:
  - {use: rouge, args: {types: [rouge1, rouge2, rougeL, rougeLsum], stemmer: true, references: max}}
  - {use: numbers}
report: {baseline: lead3, bootstrap: 1000, confidence: 0.95, formats: [md, html]}
"""


def whole_run(folder: Path, workers: int | None) -> tuple[Path, object]:
    """Run the CLI on ``folder/config.yaml``; returns the run folder and the measurement."""
    (folder / "config.yaml").write_text(CONFIG, encoding="utf-8")
    out = folder / "run"
    command = [sys.executable, "-m", "eval", "run", str(folder / "config.yaml")]
    command += ["--out", str(out), "--overwrite", "--no-cache", "--quiet"]
    if workers is not None:
        command += ["--workers", str(workers)]
    measured = run_measured(command, env={"HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO)})
    if measured.returncode != 0:
        raise SystemExit(f"the run failed (exit {measured.returncode}):\n{measured.output}")
    return out, measured


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def plain_loop(
    briefings: list[str], references: list[tuple[str, ...]]
) -> tuple[float, float, list]:
    """The rouge-score loop on pre-split text: (wall, cpu, per-briefing scores)."""
    from rouge_score.rouge_scorer import RougeScorer

    from briefing.text import sentence_texts

    def lines(text: str) -> str:
        return "\n".join(sentence_texts(text))

    split_briefings = [lines(b) for b in briefings]
    split_refs = [[lines(r) for r in refs] for refs in references]
    scorer = RougeScorer(TYPES, use_stemmer=True)
    wall, cpu = time.perf_counter(), time.process_time()
    results = [
        scorer.score_multi(refs, b) for refs, b in zip(split_refs, split_briefings, strict=True)
    ]
    return time.perf_counter() - wall, time.process_time() - cpu, results


def compare(rows: list[dict], results: list) -> tuple[int, int, list[str]]:
    """(values compared, values different, first few differences)."""
    compared = differ = 0
    examples: list[str] = []
    for row, result in zip(rows, results, strict=True):
        for rouge_type in TYPES:
            score = result[rouge_type]
            for name, value in (
                (rouge_type, score.fmeasure),
                (f"{rouge_type}.precision", score.precision),
                (f"{rouge_type}.recall", score.recall),
            ):
                compared += 1
                if row.get(name) != value:
                    differ += 1
                    if len(examples) < 5:
                        examples.append(
                            f"{row['id']} {name}: run {row.get(name)!r} plain {value!r}"
                        )
    return compared, differ, examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument(
        "--workers", type=int, default=None, help="passed to run (default: all cores)"
    )
    parser.add_argument("--keep", type=Path, help="build and keep the corpus and run here")
    args = parser.parse_args(argv)

    articles = distinct_articles(args.articles)
    print(f"{args.articles} articles x 3 references ({distinctness(articles)})")
    print(f"code measured: {REPO}")
    print(f"cores: {os.cpu_count()}; {os.getloadavg()[0]:.2f} load (1 min) at start")
    with tempfile.TemporaryDirectory(prefix="whole-run-") as scratch:
        folder = args.keep or Path(scratch)
        write(articles, folder / "corpus")
        out, run = whole_run(folder, args.workers)
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        timings = manifest.get("timings_seconds") or manifest.get("timings") or {}
        scores_path = out / "scores.jsonl"
        digest = hashlib.sha256(scores_path.read_bytes()).hexdigest()[:16]
        rows = {r["id"]: r for r in read_jsonl(scores_path) if r["system"] == SYSTEM}
        summaries = {
            g["id"]: g["summary"] or "" for g in read_jsonl(out / "generations" / f"{SYSTEM}.jsonl")
        }

    by_id = {a.id: a for a in articles}
    ids = sorted(rows)
    load_before_plain = os.getloadavg()
    wall, cpu, results = plain_loop([summaries[i] for i in ids], [by_id[i].references for i in ids])
    compared, differ, examples = compare([rows[i] for i in ids], results)

    workers = args.workers or "all"
    print(f"\nwhole run (lead3, ROUGE x4, numbers, aggregate, ceiling, report; {workers} workers):")
    rss = run.peak_rss_mb or float("nan")
    print(f"  wall {run.wall:.2f} s, CPU {run.cpu:.2f} s, peak tree RSS {rss:.0f} MB")
    print("  phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))
    print(f"  {run.load()}")
    print(f"  scores.jsonl sha256:{digest}")
    print(f"plain rouge-score loop ({len(ids)} briefings x 3 refs, pre-split, 1 process):")
    load_after = os.getloadavg()[0]
    print(
        f"  wall {wall:.2f} s, CPU {cpu:.2f} s; "
        f"load average before {load_before_plain[0]:.2f}, after {load_after:.2f}"
    )
    print(
        f"ratio plain / whole run: wall {wall / run.wall:.2f}, CPU {cpu / run.cpu:.2f} "
        "(>= 1.0: the run is faster)"
    )
    print(f"ROUGE values: {compared - differ}/{compared} identical to the plain loop")
    for line in examples:
        print(f"  differs: {line}")
    return 0 if differ == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
