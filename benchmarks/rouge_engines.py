"""rouge-score, rouge-score-rs and the project's ROUGE engine: same values? how fast?

    python benchmarks/rouge_engines.py [--rs-site DIR] [--examples 1000] [--articles 1000]
                                       [--skip-speed] [--skip-summeval]

rouge-score-rs (PyPI, an independent Rust implementation, import ``rouge_score_rs``) is a
pinned dependency of the project since issue 14 (ROUGE's default engine), so the project's
interpreter has it; ``--rs-site`` points at another site-packages to compare another version
(it is appended to ``sys.path``, so rouge-score, nltk and the project still come from this
interpreter). The project's ``RougeMetric`` in the speed part uses its default engine.

Agreement: every F1, precision and recall is compared with ``==`` (bit-identical floats) and
by type (rouge-score returns the integer 0 in some empty cases; an engine returning 0.0 would
change the bytes of ``scores.jsonl``), for

* the shipped corpus: every reference against every other reference of its article;
* SummEval (``/work/shared/data/summeval/summeval.jsonl``, skipped with a reason when absent):
  all 16 systems x 100 articles x 11 references, pair by pair, and ``score_multi`` over the 11
  (raw and pysbd-split);
* hypothesis-generated texts: any unicode, punctuation, newlines, empty strings, repeated
  words, and long texts (thousands of words);
* stemmer on and off, raw text and one-sentence-per-line text (ROUGE-Lsum), and
  ``score_multi`` semantics (ties go to the first reference, an empty reference list raises).

Speed: N distinct articles (``distinct_corpus.py``), briefing = the first three sentences of the
source, 3 references each, one process, pre-split text for the libraries; the project engine
(``eval.metrics.rouge.RougeMetric`` of the checkout this file is in) splits by itself, so its
time is shown with and without the cost of splitting every distinct text once.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
SUMMEVAL = Path("/work/shared/data/summeval/summeval.jsonl")


def load_rs(site: Path | None):
    """Import rouge_score_rs, from ``site`` if given; exit 2 with what to do if it is missing."""
    if site is not None:
        sys.path.append(str(site))
    try:
        from rouge_score_rs import rouge_scorer
    except ImportError:
        raise SystemExit(
            "rouge_score_rs is not importable. Install it into a scratch venv "
            "(python3 -m venv /tmp/rsvenv && /tmp/rsvenv/bin/pip install rouge-score-rs) and "
            "pass --rs-site /tmp/rsvenv/lib/python3.X/site-packages"
        ) from None
    return rouge_scorer


@dataclass
class Agreement:
    """Counts of compared values, exact matches, type mismatches, and a few examples."""

    label: str
    calls: int = 0
    values: int = 0
    equal: int = 0
    type_differs: int = 0
    max_abs: float = 0.0
    examples: list[str] = field(default_factory=list)

    def add(self, context: str, expected: dict, got: dict) -> None:
        self.calls += 1
        for rouge_type in expected:
            for part in ("precision", "recall", "fmeasure"):
                a = getattr(expected[rouge_type], part)
                b = getattr(got[rouge_type], part)
                self.values += 1
                if a == b:
                    self.equal += 1
                else:
                    self.max_abs = max(self.max_abs, abs(a - b))
                    if len(self.examples) < 3:
                        self.examples.append(f"{context} {rouge_type}.{part}: {a!r} vs {b!r}")
                if type(a) is not type(b):
                    self.type_differs += 1
                    if len(self.examples) < 4:
                        self.examples.append(
                            f"{context} {rouge_type}.{part}: type {type(a).__name__} "
                            f"{a!r} vs {type(b).__name__} {b!r}"
                        )

    def line(self) -> str:
        text = (
            f"{self.label}: {self.equal}/{self.values} values bit-identical over {self.calls} "
            f"calls, max |diff| {self.max_abs:.3g}, {self.type_differs} int/float type differences"
        )
        return text + "".join(f"\n    e.g. {e}" for e in self.examples)


def lines(text: str) -> str:
    from briefing.text import sentence_texts

    return "\n".join(sentence_texts(text))


def compare_pairs(label: str, rp, rs, pairs: Iterable[tuple[str, str]], stem: bool) -> Agreement:
    """``score(target, prediction)`` from both engines on every pair."""
    result = Agreement(label)
    a, b = rp.RougeScorer(TYPES, use_stemmer=stem), rs.RougeScorer(TYPES, use_stemmer=stem)
    for index, (target, prediction) in enumerate(pairs):
        result.add(f"#{index}", a.score(target, prediction), b.score(target, prediction))
    return result


def compare_multi(
    label: str, rp, rs, cases: Iterable[tuple[Sequence[str], str]], stem: bool
) -> Agreement:
    result = Agreement(label)
    a, b = rp.RougeScorer(TYPES, use_stemmer=stem), rs.RougeScorer(TYPES, use_stemmer=stem)
    for index, (targets, prediction) in enumerate(cases):
        result.add(
            f"#{index}", a.score_multi(targets, prediction), b.score_multi(targets, prediction)
        )
    return result


def shipped_pairs() -> list[tuple[str, str]]:
    from distinct_corpus import shipped_articles

    pairs = []
    for article in shipped_articles():
        refs = article.references
        pairs += [(refs[i], refs[j]) for i in range(len(refs)) for j in range(len(refs)) if i != j]
    return pairs


def summeval_rows() -> list[dict]:
    return [json.loads(x) for x in SUMMEVAL.read_text(encoding="utf-8").splitlines() if x]


def hypothesis_agreement(rp, rs, examples: int) -> list[Agreement]:
    """Random texts from hypothesis: each example is scored with the stemmer on and off."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    words = st.sampled_from(
        ["the", "running", "runs", "ran", "cats", "cat's", "caresses", "ponies", "1,000", "£5m",
         "Zürich", "naïve", "—", "e.g.", "U.S.", "x", "a", "generously", "relational", "don't",
         "3.5%", "...", "\u00a0", "Straße", "ﬁ", "İstanbul", "日本", "émigré", "IEEE", "y'all"]
    )  # fmt: skip
    word_text = st.lists(words, max_size=60).map(" ".join)
    separated = st.lists(st.one_of(word_text, st.text(max_size=40)), max_size=6).map("\n".join)
    long_text = st.lists(words, min_size=200, max_size=1200).map(" ".join)
    repeated = st.tuples(words, st.integers(0, 500)).map(lambda wn: " ".join([wn[0]] * wn[1]))
    texts = st.one_of(st.text(), word_text, separated, repeated, st.just(""), long_text)
    results = {stem: Agreement(f"hypothesis, stemmer {'on' if stem else 'off'}") for stem in (1, 0)}
    multi = Agreement("hypothesis score_multi (1-4 references), stemmer on")
    scorers = {
        stem: (
            rp.RougeScorer(TYPES, use_stemmer=bool(stem)),
            rs.RougeScorer(TYPES, use_stemmer=bool(stem)),
        )
        for stem in (1, 0)
    }

    @settings(max_examples=examples, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(target=texts, prediction=texts, others=st.lists(texts, min_size=0, max_size=3))
    def check(target: str, prediction: str, others: list[str]) -> None:
        for stem, (a, b) in scorers.items():
            results[stem].add(
                repr(prediction[:40]), a.score(target, prediction), b.score(target, prediction)
            )
        a, b = scorers[1]
        refs = [target, *others]
        multi.add(
            repr(prediction[:40]), a.score_multi(refs, prediction), b.score_multi(refs, prediction)
        )

    check()
    # A few very long texts (rouge-score's LCS table is quadratic in pure Python: keep it few).
    rng = random.Random(7)
    vocabulary = ["the", "running", "runs", "cats", "1,000", "Zürich", "relational", "don't", "a"]
    long_pairs = [
        (" ".join(rng.choices(vocabulary, k=n)), " ".join(rng.choices(vocabulary, k=m)))
        for n, m in ((5000, 400), (2500, 2500), (400, 5000))
    ]
    results[1].label += " (+3 pairs of 2,500-5,000 words)"
    a, b = scorers[1]
    for index, (target, prediction) in enumerate(long_pairs):
        results[1].add(f"long#{index}", a.score(target, prediction), b.score(target, prediction))
    return [results[1], results[0], multi]


def semantics(rp, rs) -> list[str]:
    """score_multi edge cases: ties, duplicates, no references."""
    out = []
    a, b = rp.RougeScorer(TYPES, use_stemmer=True), rs.RougeScorer(TYPES, use_stemmer=True)
    # Two references with the same F1 (2/3), precision and recall swapped: the first is kept.
    tie = (["a b", "a b c d e f g h"], "a b c d")
    cases = {
        "identical references": (["the cat sat", "the cat sat"], "the cat"),
        "equal F1, P and R swapped (first kept)": tie,
        "all references score 0": (["x y", "z w"], "a b"),
        "empty prediction": (["x y", "a b"], ""),
    }
    for name, (targets, prediction) in cases.items():
        same = a.score_multi(targets, prediction) == b.score_multi(targets, prediction)
        out.append(f"{name}: {'same' if same else 'DIFFERENT'}")
    errors = []
    for scorer in (a, b):
        try:
            scorer.score_multi([], "a b")
            errors.append("no error")
        except Exception as error:  # report whatever each engine raises
            errors.append(f"{type(error).__name__}: {error}")
    out.append(f"no references: rouge-score {errors[0]!r}, rouge-score-rs {errors[1]!r}")
    return out


def timed(function: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def speed(rp, rs, articles: int) -> None:
    from distinct_corpus import distinct_articles

    from briefing.text import sentence_texts
    from eval.corpus.format import Item
    from eval.metrics.rouge import RougeMetric

    made = distinct_articles(articles)
    split_wall = time.perf_counter()
    source_sentences = [sentence_texts(a.source) for a in made]
    briefings = [" ".join(s[:3]) for s in source_sentences]
    split_wall = time.perf_counter() - split_wall
    texts = [*briefings, *(r for a in made for r in a.references)]
    split_once = timed(lambda: [sentence_texts(t) for t in texts])
    split_b = [lines(b) for b in briefings]
    split_r = [[lines(r) for r in a.references] for a in made]
    items = [Item(id=a.id, source=a.source, references=a.references) for a in made]
    pairs = sum(len(r) for r in split_r)
    print(
        f"\nspeed: {articles} distinct articles, briefing = first 3 source sentences, "
        f"{pairs} (briefing, reference) pairs, 1 process; load {os.getloadavg()[0]:.2f}"
    )
    plain = rp.RougeScorer(TYPES, use_stemmer=True)
    fast = rs.RougeScorer(TYPES, use_stemmer=True)
    rows = []
    base = timed(lambda: [plain.score_multi(r, b) for r, b in zip(split_r, split_b, strict=True)])
    rows.append(("rouge-score score_multi loop (pre-split)", base))
    rows.append(
        ("rouge-score-rs score_multi loop (pre-split)",
         timed(lambda: [fast.score_multi(r, b) for r, b in zip(split_r, split_b, strict=True)]))
    )  # fmt: skip
    flat_t = [r for refs in split_r for r in refs]
    flat_p = [b for b, refs in zip(split_b, split_r, strict=True) for _ in refs]
    rows.append(
        (
            "rouge-score-rs score_batch (pairs, RAYON threads)",
            timed(lambda: fast.score_batch(flat_t, flat_p)),
        )
    )
    rows.append(
        (
            "project RougeMetric.score (splits by itself)",
            timed(lambda: RougeMetric().score(briefings, items)),
        )
    )
    rows.append((f"  of which splitting {len(texts)} texts once (pysbd)", split_once))
    for name, (wall, cpu) in rows:
        print(
            f"  {name:55s} wall {wall:7.3f} s  CPU {cpu:7.3f} s  "
            f"speed-up vs plain: wall x{base[0] / wall:6.1f}, CPU x{base[1] / max(cpu, 1e-9):6.1f}"
        )
    print(f"  (splitting the sources for the briefings, not timed above: {split_wall:.2f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rs-site", type=Path, help="site-packages that holds rouge_score_rs")
    parser.add_argument("--examples", type=int, default=1000, help="hypothesis examples")
    parser.add_argument("--articles", type=int, default=1000, help="distinct articles for speed")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-summeval", action="store_true")
    args = parser.parse_args(argv)

    from importlib.metadata import version

    from rouge_score import rouge_scorer as rp

    rs = load_rs(args.rs_site)
    import rouge_score_rs

    print(f"rouge-score {version('rouge-score')} vs rouge-score-rs {rouge_score_rs.__version__}; "
          f"nltk {version('nltk')}")  # fmt: skip
    results: list[Agreement] = []
    pairs = shipped_pairs()
    for stem in (True, False):
        on = "on" if stem else "off"
        results.append(
            compare_pairs(f"shipped refs vs refs, raw, stemmer {on}", rp, rs, pairs, stem)
        )
        split = [(lines(t), lines(p)) for t, p in pairs]
        results.append(
            compare_pairs(f"shipped refs vs refs, split, stemmer {on}", rp, rs, split, stem)
        )
    if args.skip_summeval or not SUMMEVAL.exists():
        print(
            f"SummEval skipped: {'--skip-summeval' if args.skip_summeval else f'{SUMMEVAL} absent'}"
        )
    else:
        rows = summeval_rows()
        refs = {r["id"]: r["references"] for r in rows}
        outputs = [(r["id"], s["summary"]) for r in rows for s in r["systems"].values()]
        every = [(ref, summary) for i, summary in outputs for ref in refs[i]]
        results.append(
            compare_pairs("SummEval pairs (system vs each ref), raw, stem on", rp, rs, every, True)
        )
        multi = [(refs[i], summary) for i, summary in outputs]
        results.append(
            compare_multi("SummEval score_multi over 11 refs, raw, stem on", rp, rs, multi, True)
        )
        split_refs = {i: [lines(x) for x in texts] for i, texts in refs.items()}
        split_multi = [(split_refs[i], lines(summary)) for i, summary in outputs]
        results.append(
            compare_multi("SummEval score_multi, pysbd-split, stem on", rp, rs, split_multi, True)
        )
    results += hypothesis_agreement(rp, rs, args.examples)
    print("\nagreement (== on every float, and the type of every value):")
    for result in results:
        print("  " + result.line())
    total = sum(r.values for r in results)
    equal = sum(r.equal for r in results)
    types = sum(r.type_differs for r in results)
    print(f"  TOTAL: {equal}/{total} values bit-identical; {types} int/float type differences")
    print("score_multi semantics:")
    for line in semantics(rp, rs):
        print("  " + line)
    if not args.skip_speed:
        speed(rp, rs, args.articles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
