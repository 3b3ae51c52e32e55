"""``judge``: a language model grades each briefing against its article, G-Eval style.

For every briefing and every dimension (by default SummEval's consistency, relevance, coherence
and fluency, on a 1-5 scale) the judge model is asked, greedily (temperature 0), for a grade.
Where its backend returns token log-probabilities the value is the probability-weighted mean of
the grades at the grade's position (G-Eval), otherwise the grade it wrote. An answer without a
grade on the scale is ``None`` for that briefing, with the raw answer in the evidence: never a
zero. See :mod:`eval.metrics.judge_parse` for how answers are read.

The judge is any summariser config whose backend can also chat (the :class:`briefing.base.Chats`
protocol), built through the summariser registry, e.g.::

    metrics:
      - use: judge
        args:
          judge: {use: hf, args: {model: HuggingFaceTB/SmolLM2-360M-Instruct}}
          dimensions: [consistency, fluency]        # or {name: rubric, ...}
          prompt: "... {rubric} ... {source} ... {briefing} ..."   # optional, see judge_prompts

Every answer is cached as soon as its batch returns, one file per judgement (the generation
cache's mechanism, under ``judgements/``), keyed by the judge's signature, the dimension, its
rubric and prompt, and the article and briefing texts; a killed run loses no finished judgement.
In a run the cache is the run's (config ``cache:``, ``--cache DIR``, ``--no-cache``: the runner
calls :meth:`JudgeMetric.use_run_cache`), so judgements and generations live and go together;
the ``cache``/``cache_dir`` arguments are for using the metric from Python, outside a run.

Besides one value per dimension the metric gives ``judge.ungraded``: per briefing, the share of
its judged dimensions whose answer held no grade. Its mean in the leaderboard is the run's
unparseable-answer rate, so a judge that often fails to grade is seen, not hidden in the n.

``articles: N`` (or a list of article ids) judges only those articles (the first N ids in sorted
order of the articles scored) and leaves the others ``None``: a documented subset for judges too
slow for a whole corpus.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from briefing.base import Budget, Chats
from eval.corpus.format import Item
from eval.errors import EnvironmentProblem, UserError
from eval.metrics.base import Score, Value, format_signature
from eval.metrics.judge_parse import Judgement, judge_answer
from eval.metrics.judge_prompts import DEFAULT_PROMPT, check_prompt, render, resolve_dimensions
from eval.run.cache import CachedGeneration, GenerationCache, default_cache_dir

VERSION = "1"

#: A judge's answer: its text, per-position top log-probabilities (or None), and seconds taken.
Answer = tuple[str, list[dict[str, float]] | None, float]


class JudgementCache(GenerationCache):
    """The generation cache's one-file-per-entry atomic store, in its own ``judgements/`` folder."""

    def __init__(self, root: Path, signature: Mapping[str, str]) -> None:
        super().__init__(root, signature)
        self.folder = self.root / "judgements" / self.folder.parent.name / self.folder.name


def _hash(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]


class JudgeMetric:
    """Grades from a chat model, one value per dimension (``judge.<dimension>``)."""

    name = "judge"
    in_workers = False
    compares_with = "source"

    def __init__(
        self,
        judge: Mapping[str, Any],
        dimensions: Sequence[str] | Mapping[str, str] | None = None,
        rubrics: Mapping[str, str] | None = None,
        prompt: str = DEFAULT_PROMPT,
        system: str | None = None,
        scale: Sequence[int] = (1, 5),
        logprobs: int = 5,
        max_tokens: int = 16,
        batch_size: int = 4,
        articles: int | Sequence[str] | None = None,
        cache: bool = True,
        cache_dir: str | None = None,
    ) -> None:
        if not isinstance(judge, Mapping) or not isinstance(judge.get("use"), str):
            raise UserError(
                "args.judge: expected a summariser config such as {use: hf, args: {model: ...}} "
                f"naming a backend that can chat, got {judge!r}."
            )
        unknown = set(judge) - {"use", "args"}
        if unknown:
            raise UserError(f"args.judge: unknown key(s) {sorted(unknown)}; use 'use' and 'args'.")
        if not isinstance(judge.get("args", {}) or {}, Mapping):
            raise UserError(f"args.judge.args: expected a mapping, got {judge.get('args')!r}.")
        self._judge_use = judge["use"]
        self._judge_args = dict(judge.get("args") or {})
        self.rubrics = resolve_dimensions(dimensions, rubrics)
        self.prompt = check_prompt(prompt)
        if system is not None and not isinstance(system, str):
            raise UserError(f"args.system: expected a string or nothing, got {system!r}.")
        self.system = system
        if (
            not isinstance(scale, Sequence)
            or len(scale) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in scale)
            or not 0 <= scale[0] < scale[1] <= 100
        ):
            raise UserError(f"args.scale: expected [low, high] whole numbers, got {scale!r}.")
        self.scale = (int(scale[0]), int(scale[1]))
        for key, value, least in (
            ("logprobs", logprobs, 0),
            ("max_tokens", max_tokens, 1),
            ("batch_size", batch_size, 1),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise UserError(f"args.{key}: expected a whole number >= {least}, got {value!r}.")
        self.logprobs = logprobs
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        if articles is not None and not (
            (isinstance(articles, int) and not isinstance(articles, bool) and articles > 0)
            or (
                isinstance(articles, Sequence)
                and not isinstance(articles, str)
                and all(isinstance(a, str) for a in articles)
            )
        ):
            raise UserError(
                f"args.articles: expected a positive number or a list of article ids, got "
                f"{articles!r}."
            )
        self.articles = articles
        if not isinstance(cache, bool):
            raise UserError(f"args.cache: expected true or false, got {cache!r}.")
        if cache_dir is not None and (not isinstance(cache_dir, str) or not cache_dir.strip()):
            raise UserError(f"args.cache_dir: expected a folder path, got {cache_dir!r}.")
        self.use_cache = cache
        self.cache_dir = Path(cache_dir).expanduser() if cache_dir else None
        self._own_cache_settings = not cache or cache_dir is not None
        #: Judgements asked of the model (not read from the cache) since construction.
        self.asked = 0
        self._backend: Chats | None = None
        self._used_logprobs: bool | None = None
        self.values = [
            Value(
                f"judge.{dimension}",
                f"Judge {dimension}",
                scale=1,
                digits=2,
                help=f"{self.scale[0]}-{self.scale[1]} grade from the judge model: "
                f"{rubric.split('.')[0]}",
            )
            for dimension, rubric in self.rubrics.items()
        ]
        self.values.append(
            Value(
                "judge.ungraded",
                "Judge: no grade",
                scale=100,
                higher_is_better=None,
                digits=1,
                help="share of the judge's answers with no grade on the scale, x100 (those "
                "dimensions are None for the briefing, never 0): how often the judge failed",
                per_article=False,
            )
        )

    # -- where judgements are kept ---------------------------------------------------------------
    def use_run_cache(self, root: Path | None) -> None:
        """Keep judgements in the run's cache folder ``root``, or nowhere when it is ``None``
        (``--no-cache``): called by the runner before any work, so the run's switches decide.

        A config that also sets the metric's own ``cache``/``cache_dir`` would have two answers
        to one question; it is refused, naming the run-level settings to use instead.
        """
        if self._own_cache_settings:
            raise UserError(
                "args.cache / args.cache_dir: in a run, judgements are kept in the run's cache "
                "with the generations; remove these arguments and set 'cache: FOLDER' at the top "
                "of the config, or pass --cache DIR (or --no-cache) to 'briefing-eval run'."
            )
        self.use_cache = root is not None
        self.cache_dir = Path(root) if root is not None else None

    # -- the judge model -------------------------------------------------------------------------
    def backend(self) -> Chats:
        if self._backend is None:
            from briefing import registry

            where = "args.judge"
            backend = registry.summarisers.build(
                self._judge_use,
                self._judge_args,
                where=where,
                budget=Budget(max_sentences=None, max_words=None),
                base_dir=Path.cwd(),
            )
            if not callable(getattr(backend, "chat", None)):
                raise UserError(
                    f"{where}: the summariser {self._judge_use!r} cannot chat (it has no chat() "
                    f"method), so it cannot judge. Use a chat backend such as 'hf' with an "
                    f"instruction-tuned model."
                )
            self._backend = backend
        return self._backend

    def _model_signature(self) -> dict[str, str]:
        return dict(self.backend().signature())

    def _cache_signature(self, dimension: str) -> dict[str, str]:
        return {
            "judge": format_signature(self._judge_use, self._model_signature()),
            "dimension": dimension,
            "rubric": _hash(self.rubrics[dimension]),
            "prompt": _hash(self.prompt, self.system or ""),
            "scale": f"{self.scale[0]}-{self.scale[1]}",
            "max_tokens": str(self.max_tokens),
            "logprobs": str(self.logprobs),
            "v": VERSION,
        }

    def signature(self) -> Mapping[str, str]:
        model = self._model_signature()
        used = {None: "asked", True: "used", False: "unavailable"}[self._used_logprobs]
        return {
            "judge": self._judge_use,
            "model": model.get("model", self._judge_use),
            "model_sig": _hash(json.dumps(model, sort_keys=True)),
            "dims": ",".join(self.rubrics),
            "scale": f"{self.scale[0]}-{self.scale[1]}",
            "rubric": _hash(json.dumps(self.rubrics, sort_keys=True)),
            "prompt": _hash(self.prompt, self.system or ""),
            "decoding": f"greedy,max_tokens:{self.max_tokens}",
            "logprobs": f"top{self.logprobs}:{used}" if self.logprobs else "no",
            "v": VERSION,
        }

    # -- scoring ---------------------------------------------------------------------------------
    def _judged_ids(self, items: Sequence[Item]) -> set[str] | None:
        if self.articles is None:
            return None
        if isinstance(self.articles, int):
            return set(sorted({item.id for item in items})[: self.articles])
        return set(self.articles)

    def score(self, briefings: Sequence[str], items: Sequence[Item]) -> list[Score]:
        if len(briefings) != len(items):
            raise ValueError("briefings and items must have the same length")
        judged = self._judged_ids(items)
        wanted: dict[tuple[str, str, str], None] = {}
        for briefing, item in zip(briefings, items, strict=True):
            if judged is None or item.id in judged:
                for dimension in self.rubrics:
                    wanted.setdefault((dimension, item.source, briefing), None)
        answers = self._answers(list(wanted)) if wanted else {}
        scores = []
        for briefing, item in zip(briefings, items, strict=True):
            values: dict[str, float | None] = {}
            evidence: dict[str, Any] = {}
            ungraded: list[bool] = []
            for dimension in self.rubrics:
                key = f"judge.{dimension}"
                if judged is not None and item.id not in judged:
                    values[key] = None
                    evidence[dimension] = {"skipped": "not in the judged articles (args.articles)"}
                    continue
                answer, top, _seconds = answers[dimension, item.source, briefing]
                verdict = judge_answer(answer, top, *self.scale)
                values[key] = verdict.score
                ungraded.append(verdict.score is None)
                # No seconds here: a run without the cache asks the model again, and the
                # time it takes would make the same config give different scores.jsonl.
                evidence[dimension] = _evidence(answer, verdict)
            values["judge.ungraded"] = sum(ungraded) / len(ungraded) if ungraded else None
            scores.append(Score(values=values, evidence=evidence))
        return scores

    def _answers(self, wanted: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], Answer]:
        """The judge's raw answer, log-probabilities and seconds per (dimension, source,
        briefing); the seconds are those the model took when it was asked (kept in the cache)."""
        root = self.cache_dir or default_cache_dir()
        caches = {
            dimension: JudgementCache(root, self._cache_signature(dimension))
            for dimension in self.rubrics
        }
        found: dict[tuple[str, str, str], Answer] = {}
        missing: list[tuple[str, str, str]] = []
        for key in wanted:
            hit = caches[key[0]].get(_cache_text(key)) if self.use_cache else None
            if hit is None:
                missing.append(key)
            else:
                found[key] = (hit.summary, hit.info.get("top_logprobs"), hit.seconds)
        # Grouped by dimension and article: the prompt's head, rubric and article come before the
        # briefing, so a server that keeps the previous prompt's state (llama.cpp does) evaluates
        # only the briefing for the next system's judgement of the same article (11 s -> 2.7 s
        # per judgement for SmolLM2-135M on one thread). The order cannot change an answer.
        order = list(self.rubrics)
        missing.sort(key=lambda key: (order.index(key[0]), key[1]))
        backend = self.backend() if missing else None
        for start in range(0, len(missing), self.batch_size):
            chunk = missing[start : start + self.batch_size]
            conversations = [self._conversation(*key) for key in chunk]
            began = time.perf_counter()
            try:
                replies = backend.chat(  # type: ignore[union-attr]
                    conversations, max_tokens=self.max_tokens, logprobs=self.logprobs
                )
            except UserError:
                raise
            except Exception as exc:
                raise EnvironmentProblem(
                    f"the judge ({self._judge_use}) failed while grading: {type(exc).__name__}: "
                    f"{exc}. Judgements finished so far are cached; fix the judge's config and "
                    f"run again."
                ) from exc
            if not isinstance(replies, list) or len(replies) != len(chunk):
                raise EnvironmentProblem(
                    f"the judge ({self._judge_use}) returned {len(replies)} replies for "
                    f"{len(chunk)} conversations; its chat() is broken."
                )
            seconds = (time.perf_counter() - began) / len(chunk)
            self.asked += len(chunk)
            for key, reply in zip(chunk, replies, strict=True):
                top = _clean_logprobs(reply.top_logprobs)
                found[key] = (reply.text, top, seconds)
                if self.use_cache:
                    caches[key[0]].put(
                        _cache_text(key),
                        CachedGeneration(reply.text, seconds, {"top_logprobs": top}),
                    )
        if self.logprobs:
            self._used_logprobs = any(top for _, top, _ in found.values())
        return found

    def _conversation(self, dimension: str, source: str, briefing: str) -> list[dict[str, str]]:
        text = render(self.prompt, dimension, self.rubrics[dimension], source, briefing, self.scale)
        messages = [{"role": "system", "content": self.system}] if self.system else []
        return [*messages, {"role": "user", "content": text}]


def _cache_text(key: tuple[str, str, str]) -> str:
    """The texts a judgement depends on (the dimension is in the cache's signature)."""
    _, source, briefing = key
    return json.dumps([source, briefing], ensure_ascii=False)


def _clean_logprobs(top: object) -> list[dict[str, float]] | None:
    if not top:
        return None
    return [
        {str(token): float(lp) for token, lp in (position or {}).items()}
        for position in top  # type: ignore[union-attr]
    ]


def _evidence(answer: str, verdict: Judgement) -> dict[str, Any]:
    if verdict.error is not None:
        return {"error": verdict.error, "answer": answer}
    out: dict[str, Any] = {"answer": answer, "grade": verdict.grade}
    if verdict.distribution is not None:
        out["probabilities"] = {str(g): round(p, 6) for g, p in verdict.distribution.items()}
    return out
