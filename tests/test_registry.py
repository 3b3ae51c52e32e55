"""The plugin registry: built-ins, entry points from a (fake) installed package, clear errors."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from briefing import registry
from briefing.base import Budget
from eval.cli import main
from eval.errors import EnvironmentProblem, UserError


@pytest.fixture
def fake_plugin_dist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny installed distribution that adds a summariser and a metric via entry points."""
    package = tmp_path / "shout_plugin"
    package.mkdir()
    (package / "__init__.py").write_text(
        textwrap.dedent(
            """
            class Shout:
                def __init__(self, budget, times: int = 1):
                    self.budget, self.times = budget, times
                def signature(self):
                    return {"name": "shout", "times": str(self.times)}
                def summarise(self, texts):
                    return [t.upper() * self.times for t in texts]
            """
        )
    )
    dist = tmp_path / "shout_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: shout-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[briefing.summarisers]\nshout = shout_plugin:Shout\nbroken = shout_plugin:Missing\n"
        "[briefing.metrics]\nbroken-metric = no_such_module_xyz:Metric\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop("shout_plugin", None)


def test_builtins_are_listed_with_their_origin() -> None:
    specs = registry.summarisers.specs()
    assert {"lead", "textrank", "hf", "file"} <= set(specs)
    assert specs["lead"].origin == "built-in"
    assert {"rouge", "numbers", "length"} <= set(registry.metrics.specs())


def test_entry_point_plugin_is_found_built_and_listed(fake_plugin_dist, capsys) -> None:
    spec = registry.summarisers.specs()["shout"]
    assert spec.origin == "entry point from shout-plugin"
    shout = registry.summarisers.build("shout", {"times": 2}, where="cfg", budget=Budget())
    assert shout.summarise(["ab"]) == ["ABAB"]
    assert main(["list"]) == 0
    listing = capsys.readouterr().out
    assert "shout" in listing and "entry point from shout-plugin" in listing


def test_broken_plugin_fails_only_when_used(fake_plugin_dist) -> None:
    # Listing and building other plugins still works ...
    assert registry.summarisers.build("lead", {}, where="cfg", budget=Budget()) is not None
    # ... and the broken ones say what is wrong when asked for.
    with pytest.raises(EnvironmentProblem, match="no attribute 'Missing'"):
        registry.summarisers.load("broken", where="cfg")
    with pytest.raises(EnvironmentProblem, match="no_such_module_xyz"):
        registry.metrics.load("broken-metric", where="cfg")


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(UserError, match=r"unknown summariser 'textrnak'.*Did you mean 'textrank'"):
        registry.summarisers.spec("textrnak", where="configs/x.yaml, summarisers[1]")


def test_wrong_argument_names_the_key_and_suggests() -> None:
    with pytest.raises(UserError) as err:
        registry.summarisers.build(
            "lead", {"sentence": 3}, where="cfg.yaml, summarisers[0]", budget=Budget()
        )
    message = str(err.value)
    assert "summarisers[0].args.sentence" in message and "Did you mean 'sentences'" in message


def test_harness_arguments_cannot_be_overridden_from_args() -> None:
    with pytest.raises(UserError, match="set by the harness"):
        registry.summarisers.build("lead", {"budget": 3}, where="cfg", budget=Budget())
