"""Bad corpus files: every problem is reported at once, by file and field, with exit code 2 and
no traceback, before any summariser runs or any run folder is made."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bad_input_helpers import assert_clear_error, make_run, run_cli, run_subprocess

from eval.errors import EXIT_BAD_INPUT


def _edit(name: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def apply(corpus: Path) -> None:
        path = corpus / f"{name}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data), encoding="utf-8")

    return apply


def _invalid_json(corpus: Path) -> None:
    (corpus / "bridge.json").write_text('{"id": "bridge",\n  "title": ', encoding="utf-8")


def _non_utf8(corpus: Path) -> None:
    text = (corpus / "bridge.json").read_text(encoding="utf-8").replace("Buses", "Bus\xe9s")
    (corpus / "bridge.json").write_bytes(text.encode("latin-1"))


def _empty_file(corpus: Path) -> None:
    (corpus / "bridge.json").write_bytes(b"")


def _duplicate_id(corpus: Path) -> None:
    shutil.copy(corpus / "bridge.json", corpus / "bridge-copy.json")


def _long_reference(data: dict) -> None:
    data["references"][0]["text"] = " ".join(["word"] * 200)


CASES = {
    "invalid JSON": (_invalid_json, ["bridge.json", "line 2", "invalid JSON"]),
    "missing field": (
        _edit("bridge", lambda d: d.pop("title")),
        ["bridge.json: title: required field is missing"],
    ),
    "wrong type": (
        _edit("bridge", lambda d: d.update(references="The bridge closed.")),
        ["bridge.json: references: ", "valid list"],
    ),
    "wrong date": (
        _edit("bridge", lambda d: d.update(published="next Tuesday")),
        ["bridge.json: published: "],
    ),
    "non-UTF-8 bytes": (_non_utf8, ["bridge.json", "is not UTF-8", "re-save the file as UTF-8"]),
    "empty article text": (
        _edit("bridge", lambda d: d["source"].update(text="  \n ")),
        ["bridge.json: source.text: the article text is empty"],
    ),
    "empty file": (_empty_file, ["bridge.json", "is empty"]),
    "reference longer than its article": (
        _edit("bridge", _long_reference),
        ["bridge.json: references[0].text", "longer than its article"],
    ),
    "duplicate ids": (
        _duplicate_id,
        ["bridge-copy.json: id", "bridge.json already uses this id", "give this article a new id"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_corpus_file_is_reported_by_file_and_field(tmp_path: Path, capsys, case: str) -> None:
    config = make_run(tmp_path)
    damage, fragments = CASES[case]
    damage(tmp_path / "corpus")
    outcome = run_cli(capsys, "run", str(config), "--out", str(tmp_path / "out"), "--quiet")
    assert_clear_error(outcome, EXIT_BAD_INPUT, *fragments, "briefing-eval validate")
    assert not (tmp_path / "out").exists(), "nothing is written for a bad corpus"


def test_all_problems_of_all_files_come_in_one_message(tmp_path: Path, capsys) -> None:
    config = make_run(tmp_path)
    _invalid_json(tmp_path / "corpus")
    _edit("school", lambda d: d.pop("title"))(tmp_path / "corpus")
    outcome = run_cli(capsys, "run", str(config), "--quiet", "--out", str(tmp_path / "o"))
    assert_clear_error(outcome, EXIT_BAD_INPUT, "2 problem(s)", "bridge.json", "school.json")


def test_bad_corpus_in_a_real_process_exits_2_without_traceback(tmp_path: Path) -> None:
    config = make_run(tmp_path)
    _non_utf8(tmp_path / "corpus")
    outcome = run_subprocess("run", str(config), "--quiet", "--out", "out", cwd=tmp_path)
    assert_clear_error(outcome, EXIT_BAD_INPUT, "bridge.json", "is not UTF-8")
    assert not (tmp_path / "out").exists()
