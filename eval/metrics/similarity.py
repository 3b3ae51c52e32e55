"""``similarity``: BERTScore (Zhang et al., 2020) of each briefing against its references.

Each token of the briefing is matched to its most similar token of a reference (cosine of
contextual embeddings from one layer of an encoder): precision is the mean over briefing tokens,
recall the mean over reference tokens, F1 their harmonic mean. The numbers agree with the
``bert-score`` package (to 1e-6, tested) for the same model, layer and settings, including its
details:

* ``[CLS]``/``[SEP]`` are embedded with the text and may be matched, but weigh 0 in the means;
* with ``idf: true`` tokens weigh ``log((M + 1) / (df + 1))``, ``df`` counting the references
  (of all the articles scored, each article's references once) that contain the token and ``M``
  the number of those references; unseen tokens weigh ``log(M + 1)``; the weights of a text are
  normalised to sum 1;
* with several references, precision, recall and F1 are each the best over the references;
* an empty briefing scores 0 (bert-score's convention, and this harness's: empty is scored);
* ``baseline`` rescales each value as ``(v - b) / (1 - b)``, from a bert-score baseline file
  (CSV with ``LAYER,P,R,F``; the row of the layer is used) or from three numbers.

With ``source: true`` the briefing is also scored against its article (``similarity.source.*``);
articles longer than the encoder's limit (512 tokens for MiniLM) are cut there, as bert-score
would, so this reads the beginning of a long article only.

The metric holds a torch model, so it runs once in the parent process over every briefing
(``in_workers = False``), embedding each distinct text once.
"""

from __future__ import annotations

import contextlib
import csv
import math
import os
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.corpus.format import Item
from eval.errors import UserError
from eval.metrics.base import ComparesWith, Score, Value
from eval.metrics.similarity_model import (
    PACKAGED_MODEL,
    Embedded,
    Encoder,
    default_layer,
    packaged_model_folder,
    weights_sha256,
)

VERSION = "1"
PARTS = (("precision", "P"), ("recall", "R"), ("f1", "F1"))


class SimilarityMetric:
    """BERTScore precision, recall and F1 against the references (and optionally the source)."""

    name = "similarity"
    in_workers = False

    def __init__(
        self,
        model: str | None = None,
        layer: int | None = None,
        idf: bool = False,
        baseline: str | Mapping[str, float] | None = None,
        source: bool = False,
        batch_size: int = 32,
        device: str = "cpu",
        revision: str | None = None,
    ) -> None:
        if layer is not None and (isinstance(layer, bool) or not isinstance(layer, int)):
            raise UserError(f"args.layer: expected a whole number of layers, got {layer!r}.")
        for key, flag in (("idf", idf), ("source", source)):
            if not isinstance(flag, bool):
                raise UserError(f"args.{key}: expected true or false, got {flag!r}.")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise UserError(
                f"args.batch_size: expected a positive whole number, got {batch_size!r}."
            )
        self.model_name = model or PACKAGED_MODEL
        self._model_arg = model
        self._revision = revision
        self._layer_arg = layer
        self.idf = idf
        self.source = source
        self.batch_size = batch_size
        self.device = device
        self.baseline, self._baseline_label = _read_baseline(baseline, layer)
        self._baseline_arg = baseline
        self._folder: Path | None = None
        self._config: dict[str, Any] = {}
        self._model_type = ""
        self._weights: str | None = None
        self._encoder: Encoder | None = None
        # Each text is embedded once per metric: score() and the human ceiling's score_against()
        # see the same references and briefings.
        self._memo: dict[str, Embedded] = {}
        self.compares_with: ComparesWith = "both" if source else "references"
        self.values = _values("similarity", "references") + (
            _values("similarity.source", "the article") if source else []
        )

    # -- what the numbers depend on -------------------------------------------------------------
    def _resolve(self) -> Path:
        if self._folder is None:
            if self._model_arg is None:
                from eval.run.cache import default_cache_dir

                self._folder = packaged_model_folder(default_cache_dir())
                self._config = _json(self._folder / "config.json")
            else:
                from briefing.hf.resolve import resolve_model

                source = resolve_model(self._model_arg, self._revision)
                self._folder = source.folder if source.origin != "hub" else None
                if self._folder is None:  # downloading: fetch the whole snapshot first
                    import huggingface_hub

                    self._folder = Path(
                        huggingface_hub.snapshot_download(self._model_arg, revision=source.revision)
                    )
                self._config = source.config
            self._model_type = str(self._config.get("model_type", ""))
        return self._folder

    @property
    def layer(self) -> int:
        self._resolve()
        if self._layer_arg is not None:
            return self._layer_arg
        return default_layer(self.model_name, self._config)

    def signature(self) -> Mapping[str, str]:
        folder = self._resolve()
        if self._weights is None:
            self._weights = weights_sha256(folder)
        if self._baseline_arg is not None and self._baseline_label.startswith("file"):
            self.baseline, self._baseline_label = _read_baseline(self._baseline_arg, self.layer)
        import transformers

        return {
            "model": self.model_name,
            "sha256": self._weights[:16],
            "layer": str(self.layer),
            "idf": "refs" if self.idf else "no",
            "rescale": self._baseline_label,
            "against": "refs+source" if self.source else "refs",
            "refs": "max",
            "tok": "special-tokens",
            "transformers": transformers.__version__,
            "v": VERSION,
        }

    def _load(self) -> Encoder:
        if self._encoder is None:
            folder = self._resolve()
            layer = self.layer
            if self._baseline_arg is not None:
                self.baseline, self._baseline_label = _read_baseline(self._baseline_arg, layer)
            self._encoder = Encoder(str(folder), layer, self._model_type, self.device)
        return self._encoder

    # -- scoring ---------------------------------------------------------------------------------
    def score(self, briefings: Sequence[str], items: Sequence[Item]) -> list[Score]:
        references = [list(item.references) for item in items]
        return self._score(briefings, items, references)

    def score_against(
        self, briefings: Sequence[str], items: Sequence[Item], references: Sequence[Sequence[str]]
    ) -> list[Score]:
        """Score against explicit references (the human ceiling passes N-1 of them)."""
        return self._score(briefings, items, [list(refs) for refs in references])

    def _score(
        self, briefings: Sequence[str], items: Sequence[Item], references: list[list[str]]
    ) -> list[Score]:
        if len(briefings) != len(items) or len(items) != len(references):
            raise ValueError("briefings, items and references must have the same length")
        if not briefings:
            return []
        encoder = self._load()
        texts = list(briefings) + [r for refs in references for r in refs]
        if self.source:
            texts += [item.source for item in items]
        fresh = [text for text in dict.fromkeys(texts) if text not in self._memo]
        self._memo.update(encoder.embed(fresh, self.batch_size))
        embedded = self._memo
        weights = self._weights_for(encoder, embedded, items, references)
        with _one_thread():
            return self._match(briefings, items, references, embedded, weights)

    def _match(
        self,
        briefings: Sequence[str],
        items: Sequence[Item],
        references: list[list[str]],
        embedded: Mapping[str, Embedded],
        weights: Mapping[int, float] | set[int],
    ) -> list[Score]:
        scores: list[Score] = []
        for briefing, item, refs in zip(briefings, items, references, strict=True):
            values: dict[str, float | None] = {}
            hyp = embedded[briefing]
            values.update(self._against("similarity", hyp, [embedded[r] for r in refs], weights))
            if self.source:
                values.update(
                    self._against("similarity.source", hyp, [embedded[item.source]], weights)
                )
            scores.append(Score(values=values))
        return scores

    def _weights_for(
        self,
        encoder: Encoder,
        embedded: Mapping[str, Embedded],
        items: Sequence[Item],
        references: list[list[str]],
    ) -> Mapping[int, float] | set[int]:
        """idf by token id, or (without idf) the special tokens that weigh 0."""
        if not self.idf:
            return encoder.special_ids
        seen: dict[tuple[str, tuple[str, ...]], None] = {}
        for item, refs in zip(items, references, strict=True):
            seen.setdefault((item.id, tuple(refs)), None)
        documents = [r for _, refs in seen for r in refs]
        counts: Counter[int] = Counter()
        for text in documents:
            counts.update(set(embedded[text].ids))
        total = len(documents)
        return _Idf({token: math.log((total + 1) / (c + 1)) for token, c in counts.items()}, total)

    def _against(
        self,
        prefix: str,
        hyp: Embedded,
        refs: Sequence[Embedded],
        weights: Mapping[int, float] | set[int],
    ) -> dict[str, float | None]:
        if not refs:
            return {f"{prefix}.{part}": None for part, _ in PARTS}
        best: list[float | None] = [None, None, None]
        for ref in refs:
            for index, value in enumerate(_greedy(hyp, ref, weights)):
                current = best[index]
                if value is not None and (current is None or value > current):
                    best[index] = value
        if self.baseline is not None:
            best = [
                None if v is None else (v - b) / (1 - b)
                for v, b in zip(best, self.baseline, strict=True)
            ]
        return {f"{prefix}.{part}": value for (part, _), value in zip(PARTS, best, strict=True)}


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    """Greedy matching multiplies many small matrices: one thread is ~30x faster than a pool
    whose threads spin and sync on every tiny product (measured on a loaded 2-core machine)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


class _Idf(dict):
    """idf weights; tokens no reference contains weigh ``log(M + 1)`` (bert-score)."""

    def __init__(self, weights: Mapping[int, float], documents: int) -> None:
        super().__init__(weights)
        self.unseen = math.log(documents + 1)

    def __missing__(self, key: int) -> float:
        return self.unseen


def _greedy(
    hyp: Embedded, ref: Embedded, weights: Mapping[int, float] | set[int]
) -> tuple[float | None, float | None, float | None]:
    """(P, R, F1) of one briefing against one text, as bert-score's ``greedy_cos_idf``."""
    if len(hyp.ids) <= 2 or len(ref.ids) <= 2:  # only special tokens: an empty text scores 0
        return 0.0, 0.0, 0.0
    sim = hyp.vectors @ ref.vectors.T
    hyp_w = _token_weights(hyp.ids, weights)
    ref_w = _token_weights(ref.ids, weights)
    if float(hyp_w.sum()) == 0.0 or float(ref_w.sum()) == 0.0:
        return None, None, None  # every token weighs 0 (all in every reference): undefined
    precision = float((sim.max(dim=1).values * hyp_w / hyp_w.sum()).sum())
    recall = float((sim.max(dim=0).values * ref_w / ref_w.sum()).sum())
    total = precision + recall
    f1 = 2 * precision * recall / total if total != 0 else 0.0
    return precision, recall, f1


def _token_weights(ids: Sequence[int], weights: Mapping[int, float] | set[int]) -> Any:
    import torch

    if isinstance(weights, set):
        return torch.tensor([0.0 if i in weights else 1.0 for i in ids], dtype=torch.float64)
    return torch.tensor([weights[i] for i in ids], dtype=torch.float64)


def _values(prefix: str, against: str) -> list[Value]:
    short = "" if prefix == "similarity" else " (source)"
    return [
        Value(
            f"{prefix}.precision",
            f"BERTScore P{short}",
            scale=100,
            digits=1,
            help=f"share of the briefing's meaning found in {against} (token embeddings)",
        ),
        Value(
            f"{prefix}.recall",
            f"BERTScore R{short}",
            scale=100,
            digits=1,
            help=f"share of {against}' meaning found in the briefing (token embeddings)",
        ),
        Value(
            f"{prefix}.f1",
            f"BERTScore F1{short}",
            scale=100,
            digits=1,
            help=f"harmonic mean of BERTScore precision and recall against {against}",
        ),
    ]


def _json(path: Path) -> dict[str, Any]:
    import json

    return json.loads(path.read_text(encoding="utf-8"))


def _read_baseline(
    baseline: str | Mapping[str, float] | None, layer: int | None
) -> tuple[tuple[float, float, float] | None, str]:
    """(P, R, F) baselines and how the signature names them."""
    if baseline is None:
        return None, "no"
    if isinstance(baseline, Mapping):
        keys = {"precision", "recall", "f1"}
        if set(baseline) != keys or not all(
            isinstance(baseline[k], int | float) and not isinstance(baseline[k], bool) for k in keys
        ):
            raise UserError(
                f"args.baseline: expected a file path or {{precision: P, recall: R, f1: F}} "
                f"with three numbers, got {dict(baseline)!r}."
            )
        numbers = tuple(float(baseline[k]) for k in ("precision", "recall", "f1"))
        if any(n >= 1 for n in numbers):
            raise UserError(f"args.baseline: each baseline must be below 1, got {numbers}.")
        return numbers, "P{:g},R{:g},F{:g}".format(*numbers)  # type: ignore[return-value]
    if not isinstance(baseline, str | os.PathLike):
        raise UserError(f"args.baseline: expected a file path or three numbers, got {baseline!r}.")
    path = Path(baseline).expanduser()
    if not path.is_file():
        raise UserError(
            f"args.baseline: the baseline file {path} does not exist. Give a bert-score "
            f"baseline CSV (columns LAYER,P,R,F) or {{precision, recall, f1}} numbers."
        )
    if layer is None:  # read once the model (and so its default layer) is known
        return None, "file"
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        row = rows[layer]  # bert-score reads the row at position ``layer``
        numbers = (float(row["P"]), float(row["R"]), float(row["F"]))
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise UserError(
            f"args.baseline: cannot read the baselines of layer {layer} from {path} ({exc}); "
            f"expected a CSV with a header LAYER,P,R,F and one row per layer from 0."
        ) from None
    return numbers, "file:{}:P{:g},R{:g},F{:g}".format(path.name, *numbers)
