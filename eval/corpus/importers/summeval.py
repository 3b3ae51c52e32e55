"""SummEval (Fabbri et al., 2021) -> a corpus, system outputs, human ratings and a config.

One import gives everything a meta-evaluation needs, in one folder:

* ``<id>.json``: the article with its 11 references (the CNN/DailyMail highlights first, then
  SummEval's 10 crowd-written ones), text kept exactly as given (PTB-tokenised; recorded in the
  provenance);
* ``outputs/<SYSTEM>.jsonl``: ``{"id", "summary"}`` per article for each of the 16 systems, read by
  the ``file`` summariser;
* ``ratings.jsonl``: ``{"id", "system", "summeval_system", "coherence", "consistency", "fluency",
  "relevance"}``, the expert ratings (mean of three annotators, 1-5);
* ``config.yaml``: evaluates the 16 systems plus lead and textrank with rouge and numbers; its
  paths are relative to its own folder.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from eval.corpus.importers.common import ImportResult, Record, build_articles, file_digest
from eval.corpus.importers.tabular import read_jsonl
from eval.errors import UserError

DEFAULT_PATH = Path("../shared/data/summeval/summeval.jsonl")
LICENCE = (
    "SummEval annotations and references: MIT (Yale-LILY/SummEval); conversion: Apache-2.0 "
    "(neulab/BARTScore); article text: CNN/DailyMail, for research use only"
)
RATING_KEYS = ("coherence", "consistency", "fluency", "relevance")
REFERENCE_AUTHORS = ["cnndm-highlights", *(f"summeval-crowd-{i}" for i in range(1, 11))]


def system_id(name: str) -> str:
    """Config ids are lower case (they become file names): M0 -> m0."""
    return name.lower()


def _records(rows: Iterator[tuple[dict, str]], systems: dict[str, list]) -> Iterator[Record]:
    for row, where in rows:
        for key in ("id", "source", "references", "systems"):
            if key not in row:
                raise UserError(f"{where}: missing {key!r}; is this the SummEval file?")
        refs = row["references"]
        authors = REFERENCE_AUTHORS if len(refs) == len(REFERENCE_AUTHORS) else None
        for name, entry in row["systems"].items():
            systems.setdefault(name, []).append((where, entry))
        yield Record(
            raw_id=str(row["id"]),
            source=str(row["source"]),
            references=[str(r) for r in refs],
            where=where,
            authors=authors,
        )


def import_summeval(
    path: Path, *, limit: int | None = None, published: date | None = None
) -> tuple[ImportResult, dict[str, str], list[str]]:
    """(articles, extra files by relative name, description lines for PROVENANCE.md)."""
    systems: dict[str, list] = {}
    digest = file_digest(path) if Path(path).is_file() else ""
    provenance = (
        f"SummEval (Fabbri et al. 2021, TACL) via BARTScore's conversion, imported by "
        f"briefing-eval import summeval from {Path(path).name} ({digest}); text is PTB-tokenised "
        "as in the source (spaces before punctuation and clitics)"
    )
    result = build_articles(
        _records(read_jsonl(path, limit), systems),
        provenance=provenance,
        licence=LICENCE,
        published=published,
    )
    if not result.articles:
        raise UserError(f"{path} holds no SummEval items")
    extra: dict[str, str] = {}
    ratings: list[str] = []
    for name in sorted(systems, key=_system_order):
        lines = []
        for where, entry in systems[name]:
            article_id = result.ids.get(where)
            if article_id is None:  # the row was skipped (reported in PROVENANCE.md)
                continue
            lines.append(
                json.dumps({"id": article_id, "summary": entry["summary"]}, ensure_ascii=False)
            )
            human = entry.get("human", {})
            ratings.append(
                json.dumps(
                    {
                        "id": article_id,
                        "system": system_id(name),
                        "summeval_system": name,
                        **{key: human.get(key) for key in RATING_KEYS},
                    },
                    ensure_ascii=False,
                )
            )
        extra[f"outputs/{name}.jsonl"] = "\n".join(lines) + "\n"
    extra["ratings.jsonl"] = "\n".join(ratings) + "\n"
    extra["config.yaml"] = config_yaml(sorted(systems, key=_system_order))
    description = [
        f"Source: `{path}` ({digest}): SummEval, expert-annotated CNN/DailyMail summaries.",
        f"Licence: {LICENCE}.",
        "Texts are PTB-tokenised (`team 's`, `( the England team )`) and kept as given.",
        "System summaries are mostly lower-cased; case differences are not errors.",
        "Publication dates are not in the data, so none is recorded (pass --published to assume "
        "one): relative dates such as 'Monday' are compared as written, not resolved.",
        "Files: one article per `<id>.json` (references[0] = CNN/DM highlights, then 10 crowd "
        "references), `outputs/<SYSTEM>.jsonl`, `ratings.jsonl`, `config.yaml`.",
    ]
    return result, extra, description


def _system_order(name: str) -> tuple[int, str]:
    digits = "".join(ch for ch in name if ch.isdigit())
    return (int(digits) if digits else 10**6, name)


def config_yaml(systems: list[str]) -> str:
    lines = [
        "# Written by briefing-eval import summeval. Paths are relative to this file's folder.",
        "# SummEval's 16 systems (precomputed outputs, scored as written: the file summariser",
        "# does not apply the budget) against lead-3 and textrank, which take 3 sentences with",
        "# no word cap, as the classic CNN/DailyMail Lead-3 baseline does.",
        "name: summeval",
        "data: .",
        "seed: 12345",
        "budget: {max_sentences: 3, max_words: null}",
        "summarisers:",
        "  - {id: lead3, use: lead, args: {sentences: 3}}",
        "  - {id: textrank, use: textrank}",
        *(
            f"  - {{id: {system_id(name)}, use: file, args: {{path: outputs/{name}.jsonl}}}}"
            for name in systems
        ),
        "metrics:",
        "  - {use: rouge}",
        "  - {use: numbers}",
        "report: {baseline: lead3}",
    ]
    return "\n".join(lines) + "\n"
