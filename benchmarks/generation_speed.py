"""Batched generation versus one article per ``generate`` call, on a realistic model shape.

Builds a BART with distilbart-cnn-6-6 dimensions (d_model 1024, 6+6 layers, 16 heads, vocab
50265) and random weights, saves it to a temporary folder, and runs the same articles through

1. a plain loop: tokenise one article, ``model.generate`` on it, decode (what a first script does);
2. ``HFSummariser`` with ``batch_size`` articles per call (sorted by length, dynamic padding).

Both truncate inputs to the same number of tokens and generate exactly ``--new-tokens`` greedy
tokens per article (min_new_tokens = max_new_tokens), so the work is equal; only batching
differs. The two paths alternate in rounds over the same articles, so load from other processes
on a shared machine falls on both. Prints articles/second for both and their ratio.

Articles: reference_summaries/ when it has enough, else the SummEval sources in ../shared (read
at run time), else synthetic text. On a 2-core CPU the default run takes about 10 minutes.

    python benchmarks/generation_speed.py                    # 64 articles, 512 tokens in, 32 out
    python benchmarks/generation_speed.py --new-tokens 64    # longer outputs
    python benchmarks/generation_speed.py --n 16             # quicker
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
sys.path.insert(0, str(ROOT / "tests"))  # tiny_models: the tokenizer the tests build

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# distilbart-cnn-6-6
SHAPE = {
    "vocab_size": 50265,
    "d_model": 1024,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 16,
    "decoder_attention_heads": 16,
    "encoder_ffn_dim": 4096,
    "decoder_ffn_dim": 4096,
    "max_position_embeddings": 1024,
}


def load_articles(n: int) -> tuple[list[str], str]:
    """Real news text when available (read at run time, never copied), else synthetic text."""
    corpus = sorted((ROOT / "reference_summaries").glob("*.json"))
    texts = [json.loads(p.read_text(encoding="utf-8"))["source"]["text"] for p in corpus]
    if len(texts) >= n:
        return texts[:n], f"reference_summaries/ ({len(texts)} articles)"
    summeval = ROOT.parent / "shared" / "data" / "summeval" / "summeval.jsonl"
    if summeval.is_file():
        with summeval.open(encoding="utf-8") as handle:
            texts = [json.loads(line)["source"] for line in handle]
        if len(texts) >= n:
            return texts[:n], f"{summeval} (SummEval CNN/DM sources)"
    words = ("council", "harbour", "minister", "prices", "rose", "by", "per", "cent", "in")
    synthetic = [
        " ".join(f"{words[(i * 7 + j) % len(words)]} {j % 97}." for j in range(600))
        for i in range(n)
    ]
    return synthetic, "synthetic text (no corpus found)"


def build_model(folder: Path, texts: list[str]) -> None:
    import torch
    from tiny_models import bart_tokenizer
    from transformers import BartConfig, BartForConditionalGeneration

    tokenizer = bart_tokenizer(SHAPE["max_position_embeddings"], vocab_size=8000, texts=texts)
    config = BartConfig(
        **SHAPE,
        bos_token_id=0,
        pad_token_id=1,
        eos_token_id=2,
        decoder_start_token_id=2,
        forced_bos_token_id=None,
        forced_eos_token_id=None,
    )
    torch.manual_seed(0)
    BartForConditionalGeneration(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=64, help="articles (default 64)")
    parser.add_argument("--input-tokens", type=int, default=512)
    parser.add_argument("--new-tokens", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument(
        "--round", type=int, default=16, help="articles per alternation of the two paths"
    )
    parser.add_argument("--threads", type=int, default=2, help="torch intra-op threads")
    parser.add_argument("--device", default="cpu", help="cpu, cuda or auto")
    args = parser.parse_args()

    import torch
    import transformers

    from briefing.base import Budget
    from briefing.hf.summariser import HFSummariser

    torch.set_num_threads(args.threads)
    texts, origin = load_articles(args.n)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "distilbart-6-6-random"
        build_model(folder, texts)
        common = {
            "model": str(folder),
            "num_beams": 1,
            "max_new_tokens": args.new_tokens,
            "min_new_tokens": args.new_tokens,
            "max_input_tokens": args.input_tokens,
            "device": args.device,
            "dtype": "float32" if args.device == "cpu" else "auto",
        }
        batched = HFSummariser(Budget(None, None), batch_size=args.batch_size, **common)
        loaded = batched._load()
        tokenizer, model, generation_config = loaded.tokenizer, loaded.model, loaded.config
        limit = batched.input_limit()
        kept = [loaded.inputs.encode(t, limit)[1] for t in texts]
        mean_in = sum(i.input_tokens - i.tokens_cut for i in kept) / len(kept)

        def one_by_one(group: list[str]) -> None:
            for text in group:
                enc = tokenizer(
                    text, truncation=True, max_length=args.input_tokens, return_tensors="pt"
                ).to(model.device)
                with torch.inference_mode():
                    out = model.generate(**enc, generation_config=generation_config)
                assert out.shape[1] == args.new_tokens + 1, out.shape  # + decoder start token
                tokenizer.batch_decode(out, skip_special_tokens=True)

        batched.summarise(texts[:2])  # warm-up: first-call allocations and lazy init
        # Rounds alternate the two paths over the same articles, so that load from other
        # processes on a shared machine falls on both about equally.
        single_s = batched_s = 0.0
        for start in range(0, len(texts), args.round):
            group = texts[start : start + args.round]
            began = time.perf_counter()
            one_by_one(group)
            single_s += time.perf_counter() - began
            began = time.perf_counter()
            batched.summarise(group)
            batched_s += time.perf_counter() - began
            print(f"  round {start // args.round + 1}: {len(group)} articles", file=sys.stderr)

    device = str(model.device)
    print(
        f"torch {torch.__version__}, transformers {transformers.__version__}, device {device}, "
        f"torch threads {torch.get_num_threads()}, dtype {model.dtype}"
    )
    print(
        f"model: random BART, distilbart-cnn-6-6 shape ({model.num_parameters() / 1e6:.0f}M "
        f"parameters); articles: {args.n} from {origin}"
    )
    print(
        f"input: truncated to {args.input_tokens} tokens (mean {mean_in:.0f}); "
        f"{args.new_tokens} new tokens each, greedy"
    )
    print(f"one article per generate call: {args.n / single_s:6.2f} docs/s ({single_s:.1f} s)")
    print(
        f"batched (batch_size {args.batch_size}):     {args.n / batched_s:6.2f} docs/s "
        f"({batched_s:.1f} s)"
    )
    print(f"speed-up: {single_s / batched_s:.2f}x (rounds of {args.round} articles, alternating)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
