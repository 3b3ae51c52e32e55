"""Sentence splitting: pysbd on the whole text vs the project's splitter (``briefing/text.py``:
since issue 14 sentencex per line with two repairs, in 4,000-character windows, PTB-tokenised
text split at standalone end tokens; each text is split afresh here, as every text is new).

Prints, for the shipped corpus (ordinary text, short paragraphs), for long single paragraphs
made from it (8-64 KB) and for SummEval's tokenised sources when ``../shared`` has them:
seconds for each splitter and how often the two give the same sentences. Other splitters
(sentencex, nupunkt, blingfire...) are compared by ``benchmarks/splitters.py`` (issue 14).

    python benchmarks/splitter_speed.py [--sizes 8000,16000,32000,64000]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import time
from pathlib import Path

import pysbd

from briefing.text import SPLITTER_NAME, is_tokenised, sentence_texts

ROOT = Path(__file__).resolve().parents[1]
SUMMEVAL = ROOT.parent / "shared" / "data" / "summeval" / "summeval.jsonl"


def whole_pysbd(text: str) -> list[str]:
    """pysbd over the text as one piece, per blank-line paragraph (the old splitter)."""
    segmenter = pysbd.Segmenter(language="en", clean=False)
    return [
        s.strip()
        for block in re.split(r"\n\s*\n", text)
        for s in segmenter.segment(block)
        if s.strip()
    ]


def timed(function, texts: list[str]) -> tuple[float, list[list[str]]]:
    started = time.perf_counter()
    results = [function(text) for text in texts]
    return time.perf_counter() - started, results


def corpus_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "reference_summaries").glob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        texts.append(article["source"]["text"])
        texts.extend(ref["text"] for ref in article["references"])
    return texts


def report(label: str, texts: list[str]) -> None:
    old_s, old = timed(whole_pysbd, texts)
    new_s, new = timed(sentence_texts, texts)
    same = sum(a == b for a, b in zip(old, new, strict=True))
    chars = sum(map(len, texts))
    print(
        f"{label:<38} {len(texts):>5} texts {chars / 1000:>8.0f} KB | pysbd whole {old_s:7.2f} s"
        f" | {SPLITTER_NAME} {new_s:7.2f} s | identical {same}/{len(texts)}"
        f" | sentences {sum(map(len, old))} vs {sum(map(len, new))}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="8000,16000,32000,64000")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}; pysbd {pysbd.__version__}")
    texts = corpus_texts()
    report("shipped corpus (articles + references)", texts)
    flat = " ".join(t.replace("\n\n", " ") for t in texts)
    for size in map(int, args.sizes.split(",")):
        report(f"one paragraph of {size:,} characters", [flat[:size]])
    if not SUMMEVAL.is_file():
        print(f"SummEval: skipped ({SUMMEVAL} not found)")
        return
    rows = [json.loads(line) for line in SUMMEVAL.read_text(encoding="utf-8").splitlines()]
    sources = [row["source"] for row in rows]
    print(f"SummEval sources tokenised (PTB): {sum(map(is_tokenised, sources))}/{len(sources)}")
    report("SummEval sources (tokenised)", sources)
    # Standalone end tokens are an independent count of a tokenised text's sentences.
    ends = [len(re.findall(r"(?<!\S)[.!?]+(?=\s|$)", s)) for s in sources]
    old = [len(whole_pysbd(s)) for s in sources]
    new = [len(sentence_texts(s)) for s in sources]
    print(
        "SummEval sentences per source (median): end tokens "
        f"{statistics.median(ends)}, pysbd whole {statistics.median(old)}, "
        f"{SPLITTER_NAME} {statistics.median(new)}"
    )


if __name__ == "__main__":
    main()
