"""Fakes and builders for the report, compare, ceiling and browser tests.

``FakeNumbers`` stands in for the numeric fact check with the same output shape (values
``numbers.precision/flagged/claims``, evidence ``{"claims": [{text, start, end, kind, value,
unit, verdict, evidence, explanation}]}``) and a rule simple enough to predict by eye: a number
is "supported" when the same digits occur in the article, else "contradicted" below 100 and
"unsupported" from 100 up. ``Hostile`` writes briefings that try
to run script in a browser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from helpers import copy_corpus, write_config

from briefing import registry
from eval.cli import main
from eval.metrics.base import Score

SCRIPT = "<script>document.title='pwned'</script>"
IMG = "<img src=x onerror=\"document.title='pwned'\">"
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


class FakeNumbers:
    name = "numbers"
    compares_with = "source"  # unlike the real check, it never reads the references

    def __init__(self) -> None:
        from eval.metrics.numbers import describe_values

        self.values = describe_values(recall=False)

    def signature(self):
        return {"fake": "digits-in-source", "v": "1"}

    def score(self, briefings: Sequence[str], items) -> list[Score]:
        scores = []
        for briefing, item in zip(briefings, items, strict=True):
            claims = []
            for match in _NUMBER.finditer(briefing):
                found = item.source.find(match.group())
                supported = found >= 0
                claims.append(
                    {
                        "text": match.group(),
                        "start": match.start(),
                        "end": match.end(),
                        "kind": "number",
                        "value": match.group(),
                        "unit": None,
                        "verdict": "supported"
                        if supported
                        else (
                            "contradicted"
                            if float(match.group().replace(",", "")) < 100
                            else "unsupported"
                        ),
                        "evidence": item.source[max(0, found - 20) : found + 20]
                        if supported
                        else '<b onmouseover="x">no match</b>',
                        "explanation": "same digits in the article"
                        if supported
                        else "these digits are not in the article",
                    }
                )
            flagged = sum(c["verdict"] != "supported" for c in claims)
            values = {
                "numbers.precision": (len(claims) - flagged) / len(claims) if claims else None,
                "numbers.flagged": float(flagged),
                "numbers.claims": float(len(claims)),
            }
            scores.append(Score(values=values, evidence={"claims": claims}))
        return scores


class Hostile:
    """The first sentence of the article, wrapped in markup that must never run."""

    def __init__(self, budget) -> None:
        self.budget = budget

    def signature(self):
        return {"name": "hostile", "v": "1"}

    def summarise(self, texts: Sequence[str]) -> list[str]:
        return [f"{SCRIPT} {t.split('. ')[0]}. In 2031 it cost 99 pigs. {IMG}" for t in texts]


def register_fakes(monkeypatch) -> None:
    monkeypatch.setitem(registry.metrics._builtins, "numbers", "report_support:FakeNumbers")
    monkeypatch.setitem(registry.summarisers._builtins, "hostile", "report_support:Hostile")


CONFIG = """\
name: report-test
data: corpus/
seed: 7
summarisers:
  - {{id: lead3, use: lead, args: {{sentences: 3}}}}
  - {{id: textrank, use: textrank}}
  - {{id: hostile, use: hostile}}
metrics:
  - {{use: rouge, args: {{stemmer: {stem}}}}}
  - {{use: numbers}}
  - {{use: length}}
report: {{baseline: lead3, bootstrap: 200}}
"""


def make_run(root: Path, *, articles: int = 4, stem: str = "true", out: str = "run") -> Path:
    """A finished run folder with lead3, textrank and hostile (fakes must be registered)."""
    copy_corpus(root / "corpus", articles)
    config = write_config(root, CONFIG.format(stem=stem), name=f"{out}.yaml")
    folder = root / out
    assert main(["run", str(config), "--out", str(folder), "--quiet"]) == 0
    return folder
