"""One small registry for summarisers and metrics: built-ins plus entry points.

Plugins are named as ``"module:attribute"`` and imported only when a config uses them, so a
broken or heavy plugin (torch!) cannot slow down or break a run that does not use it. Third
parties add plugins through the entry-point groups ``briefing.summarisers`` and
``briefing.metrics``; a built-in name always wins over an entry point of the same name.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

from eval.errors import EnvironmentProblem, UserError

SUMMARISER_GROUP = "briefing.summarisers"
METRIC_GROUP = "briefing.metrics"

BUILTIN_SUMMARISERS: dict[str, str] = {
    "lead": "briefing.extractive:LeadSummariser",
    "textrank": "briefing.extractive:TextRankSummariser",
    "hf": "briefing.hf.summariser:HFSummariser",
    "file": "briefing.precomputed:FileSummariser",
    "endpoint": "briefing.endpoint:EndpointSummariser",
}

BUILTIN_METRICS: dict[str, str] = {
    "rouge": "eval.metrics.rouge:RougeMetric",
    "numbers": "eval.metrics.numbers:NumbersMetric",
    "length": "eval.metrics.length:LengthMetric",
    "similarity": "eval.metrics.similarity:SimilarityMetric",
    "judge": "eval.metrics.judge:JudgeMetric",
}


@dataclass(frozen=True)
class PluginSpec:
    name: str
    target: str  # "module:attribute"
    origin: str  # "built-in" or "entry point from <distribution>"


class Registry:
    """Name -> plugin for one group (summarisers or metrics)."""

    def __init__(self, kind: str, group: str, builtins: Mapping[str, str]) -> None:
        self.kind = kind
        self.group = group
        self._builtins = dict(builtins)

    def specs(self) -> dict[str, PluginSpec]:
        found: dict[str, PluginSpec] = {}
        for ep in entry_points(group=self.group):
            dist = getattr(ep.dist, "name", None) or "unknown distribution"
            found[ep.name] = PluginSpec(ep.name, ep.value, f"entry point from {dist}")
        for name, target in self._builtins.items():
            found[name] = PluginSpec(name, target, "built-in")
        return dict(sorted(found.items()))

    def spec(self, name: str, *, where: str) -> PluginSpec:
        specs = self.specs()
        if name in specs:
            return specs[name]
        close = difflib.get_close_matches(name, list(specs), n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise UserError(
            f"{where}: unknown {self.kind} {name!r}.{hint} "
            f"Known {self.kind}s: {', '.join(specs)}. Run 'briefing-eval list' to see them all."
        )

    def load(self, name: str, *, where: str) -> Callable[..., Any]:
        spec = self.spec(name, where=where)
        module_name, _, attribute = spec.target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            missing = exc.name or module_name
            raise EnvironmentProblem(
                f"{where}: the {self.kind} {name!r} ({spec.origin}) needs the Python package "
                f"{missing!r}, which is not installed. Install it (for Hugging Face models: "
                f"pip install 'briefing-eval[hf]') and run again."
            ) from exc
        try:
            return getattr(module, attribute)
        except AttributeError as exc:
            raise EnvironmentProblem(
                f"{where}: the {self.kind} {name!r} ({spec.origin}) points at {spec.target}, "
                f"but {module_name} has no attribute {attribute!r}; the plugin is broken."
            ) from exc

    def build(self, name: str, args: Mapping[str, Any], *, where: str, **injected: Any) -> Any:
        """Construct a plugin, checking ``args`` against its constructor before calling it.

        ``injected`` are harness-provided keywords (e.g. ``budget``) that the plugin may accept;
        they are passed only if its constructor takes them.
        """
        factory = self.load(name, where=where)
        bound = bind_arguments(factory, args, injected, where=where, plugin=name)
        return factory(**bound)


def bind_arguments(
    factory: Callable[..., Any],
    args: Mapping[str, Any],
    injected: Mapping[str, Any],
    *,
    where: str,
    plugin: str,
) -> dict[str, Any]:
    parameters = inspect.signature(factory).parameters
    accepts_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    named = {
        n: p
        for n, p in parameters.items()
        if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    }
    user_visible = [n for n in named if n not in injected]
    for key in args:
        if key in injected:
            raise UserError(
                f"{where}.args.{key}: {key!r} is set by the harness for every {plugin!r}; "
                f"set it at the top level of the config instead."
            )
        if key not in named and not accepts_any:
            close = difflib.get_close_matches(key, user_visible, n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise UserError(
                f"{where}.args.{key}: {plugin!r} takes no argument {key!r}.{hint} "
                f"It takes: {', '.join(user_visible) or 'no arguments'}."
            )
    bound = dict(args)
    for key, value in injected.items():
        if key in named or accepts_any:
            bound[key] = value
    missing = [
        n for n, p in named.items() if p.default is inspect.Parameter.empty and n not in bound
    ]
    if missing:
        raise UserError(
            f"{where}.args: {plugin!r} needs {', '.join(repr(m) for m in missing)}; "
            f"add {'them' if len(missing) > 1 else 'it'} under args."
        )
    return bound


summarisers = Registry("summariser", SUMMARISER_GROUP, BUILTIN_SUMMARISERS)
metrics = Registry("metric", METRIC_GROUP, BUILTIN_METRICS)
