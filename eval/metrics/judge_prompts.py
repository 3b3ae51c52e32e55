"""The judge's default rubric and prompt, and the checks on a user's own (strings, never code).

The defaults follow G-Eval (Liu et al., 2023) on SummEval's four dimensions (Fabbri et al.,
2021), in this project's words. The prompt does not end with a cue such as "Consistency (1-5):":
small models (SmolLM2-135M) then echo the cue and stop, leaving no grade (23 of 36 answers on
SummEval); ending with "Reply with one number ..." gave a grade in 8 of 8 on the same articles.

A prompt is a string with ``{placeholders}``:

``{dimension}`` the dimension's name, ``{Dimension}`` capitalised, ``{rubric}`` its rubric,
``{source}`` the article, ``{briefing}`` the briefing, ``{low}``/``{high}`` the scale's ends.

``{source}`` and ``{briefing}`` are required; any other name is a mistake and is reported at
once, before any model is loaded. Literal braces are written doubled (``{{``), as in Python.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence

from eval.errors import UserError

DEFAULT_RUBRICS: dict[str, str] = {
    "consistency": (
        "Consistency: the factual alignment between the briefing and the article. A consistent "
        "briefing states only facts that the article supports. Penalise briefings that contain "
        "invented facts, or wrong numbers, names, places or dates."
    ),
    "relevance": (
        "Relevance: the selection of important content from the article. The briefing should "
        "give the article's most important information and nothing else. Penalise redundancy "
        "and minor details."
    ),
    "coherence": (
        "Coherence: the collective quality of all sentences. The briefing should be well "
        "structured and well organised, building from sentence to sentence into a coherent "
        "body of information about the topic, not a heap of related facts."
    ),
    "fluency": (
        "Fluency: the quality of the individual sentences: grammar, spelling, punctuation, "
        "word choice and sentence structure. A fluent briefing is easy to read."
    ),
}

DEFAULT_PROMPT = """You will be given a news article and a briefing (a short summary) written \
about it.

Your task is to rate the briefing on one metric: {dimension}. Read the article and the briefing \
carefully, and keep the criterion in mind.

Evaluation criterion:
{rubric}

Article:
{source}

Briefing:
{briefing}

Rate the {dimension} of the briefing from {low} (worst) to {high} (best). Reply with one \
number from {low} to {high} and nothing else."""

PLACEHOLDERS = frozenset({"dimension", "Dimension", "rubric", "source", "briefing", "low", "high"})
REQUIRED = ("source", "briefing")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def check_prompt(prompt: object, *, key: str = "args.prompt") -> str:
    """The prompt if its placeholders are known and complete; a ``UserError`` otherwise."""
    if not isinstance(prompt, str) or not prompt.strip():
        raise UserError(f"{key}: expected the prompt as a non-empty string, got {prompt!r}.")
    try:
        fields = [name for _, name, spec, _ in string.Formatter().parse(prompt) if name is not None]
    except ValueError as exc:
        raise UserError(
            f"{key}: the prompt is not a valid template ({exc}); write literal braces as "
            f"'{{{{' and '}}}}'."
        ) from None
    for name in fields:
        if name not in PLACEHOLDERS:
            raise UserError(
                f"{key}: unknown placeholder {{{name}}}; the prompt may use "
                f"{', '.join('{' + p + '}' for p in sorted(PLACEHOLDERS))}."
            )
    missing = [name for name in REQUIRED if name not in fields]
    if missing:
        raise UserError(
            f"{key}: the prompt must contain {', '.join('{' + m + '}' for m in missing)}, or "
            f"the judge cannot see what it grades."
        )
    return prompt


def resolve_dimensions(
    dimensions: Sequence[str] | Mapping[str, str] | None, rubrics: Mapping[str, str] | None
) -> dict[str, str]:
    """Dimension name -> rubric, from a list of names (default rubrics) and/or a mapping."""
    if dimensions is None:
        chosen: dict[str, str | None] = dict.fromkeys(DEFAULT_RUBRICS)
    elif isinstance(dimensions, Mapping):
        chosen = dict(dimensions)
    elif isinstance(dimensions, Sequence) and not isinstance(dimensions, str):
        chosen = dict.fromkeys(dimensions)
    else:
        raise UserError(
            f"args.dimensions: expected a list of names or a mapping of name to rubric, got "
            f"{dimensions!r}."
        )
    if not chosen:
        raise UserError("args.dimensions: name at least one dimension to judge.")
    if rubrics is not None and not isinstance(rubrics, Mapping):
        raise UserError(
            f"args.rubrics: expected a mapping of dimension to rubric, got {rubrics!r}."
        )
    resolved: dict[str, str] = {}
    for name, rubric in chosen.items():
        if not isinstance(name, str) or not _NAME.match(name):
            raise UserError(
                f"args.dimensions: {name!r} is not a usable dimension name (lower-case letters, "
                f"digits and '_', starting with a letter)."
            )
        text = (
            rubric if rubric is not None else (rubrics or {}).get(name, DEFAULT_RUBRICS.get(name))
        )
        if not isinstance(text, str) or not text.strip():
            raise UserError(
                f"args.rubrics.{name}: no rubric for the dimension {name!r}; the built-in ones "
                f"are {', '.join(DEFAULT_RUBRICS)}. Give one under args.rubrics."
            )
        resolved[name] = text
    for name in rubrics or {}:
        if name not in resolved:
            raise UserError(
                f"args.rubrics.{name}: {name!r} is not among the dimensions judged "
                f"({', '.join(resolved)}); add it to args.dimensions or remove the rubric."
            )
    return resolved


def render(prompt: str, dimension: str, rubric: str, source: str, briefing: str, scale) -> str:
    low, high = scale
    return prompt.format(
        dimension=dimension,
        Dimension=dimension.capitalize(),
        rubric=rubric,
        source=source,
        briefing=briefing,
        low=low,
        high=high,
    )
