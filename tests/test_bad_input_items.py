"""The smaller bad inputs of issue 13, each once silent, misleading or a traceback: now a clear
message naming the right thing (file, line, key), with the documented exit code."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from bad_input_helpers import CONFIG, assert_clear_error, make_run, run_cli

from briefing import registry
from eval.errors import EXIT_BAD_INPUT, EXIT_ENVIRONMENT, EXIT_OK
from eval.run import workers


@pytest.fixture(autouse=True)
def _only_builtins_and_fakes(monkeypatch) -> None:
    monkeypatch.setattr(registry, "entry_points", lambda group: [])
    monkeypatch.setitem(
        registry.summarisers._builtins, "broken-init", "process_summarisers:BrokenInit"
    )


def _run(capsys, config: Path, *extra: str):
    out = config.parent / "out"
    return run_cli(capsys, "run", str(config), "--out", str(out), "--quiet", *extra)


def test_plugin_whose_constructor_raises_is_a_clear_error(tmp_path: Path, capsys) -> None:
    config = make_run(
        tmp_path, CONFIG.replace("use: lead, args: {sentences: 1}", "use: broken-init")
    )
    outcome = _run(capsys, config)
    assert_clear_error(
        outcome,
        EXIT_ENVIRONMENT,
        "line 4, summarisers[0]",
        "'broken-init' could not be set up (FileNotFoundError",
        "weights.bin",
    )


def test_data_pointing_at_a_json_lines_file(tmp_path: Path, capsys) -> None:
    config = make_run(tmp_path, CONFIG.replace("data: corpus/", "data: news.jsonl"))
    (tmp_path / "news.jsonl").write_text('{"article": "a"}\n{"article": "b"}\n')
    outcome = _run(capsys, config)
    assert_clear_error(
        outcome, EXIT_BAD_INPUT, "line 2, key data", "data must be a folder", "import jsonl"
    )


def test_json_lines_saved_as_json_in_a_corpus_says_import_it(tmp_path: Path, capsys) -> None:
    config = make_run(tmp_path)
    (tmp_path / "corpus" / "dump.json").write_text('{"article": "a"}\n{"article": "b"}\n')
    outcome = _run(capsys, config)
    assert_clear_error(outcome, EXIT_BAD_INPUT, "dump.json", "JSON-lines file", "import jsonl")


def test_duplicate_system_id_is_reported_at_its_own_line(tmp_path: Path, capsys) -> None:
    config = make_run(
        tmp_path,
        CONFIG.replace(
            "  - {id: lead1, use: lead, args: {sentences: 1}}\n",
            "  - {id: lead1, use: lead, args: {sentences: 1}}\n  - {id: lead1, use: textrank}\n",
        ),
    )
    outcome = _run(capsys, config)
    assert_clear_error(outcome, EXIT_BAD_INPUT, "line 5, key summarisers[1].id", "'lead1'")
    assert "top level" not in outcome.err


def test_unknown_baseline_is_reported_at_its_own_line(tmp_path: Path, capsys) -> None:
    config = make_run(tmp_path, CONFIG.replace("report: {", "report: {baseline: leda, "))
    outcome = _run(capsys, config)
    assert_clear_error(outcome, EXIT_BAD_INPUT, "line 8: report.baseline 'leda' is not")
    assert "top level" not in outcome.err


def test_unwritable_cache_is_blamed_on_the_cache(tmp_path: Path, capsys) -> None:
    config = make_run(tmp_path)
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("not a folder")
    outcome = _run(capsys, config, "--cache", str(blocker))
    assert_clear_error(outcome, EXIT_ENVIRONMENT, "generation cache", "--no-cache")
    assert "summarisers[0]" not in outcome.err


@pytest.mark.parametrize("kind", ["dangling", "looping"])
def test_broken_symlinks_in_a_corpus_are_reported(tmp_path: Path, capsys, kind: str) -> None:
    config = make_run(tmp_path)
    link = tmp_path / "corpus" / "moved.json"
    os.symlink("gone/moved.json" if kind == "dangling" else "moved.json", link)
    outcome = _run(capsys, config)
    assert_clear_error(outcome, EXIT_BAD_INPUT, "moved.json", "symbolic link")


def test_duplicate_keys_in_a_corpus_file(tmp_path: Path, capsys) -> None:
    config = make_run(tmp_path)
    path = tmp_path / "corpus" / "bridge.json"
    path.write_text(path.read_text().replace('"title":', '"title": "First title", "title":', 1))
    outcome = _run(capsys, config)
    assert_clear_error(outcome, EXIT_BAD_INPUT, "bridge.json", "'title' appears twice")


def _with_outputs(tmp_path: Path, lines: list[str]) -> Path:
    (tmp_path / "outputs.jsonl").write_text("".join(line + "\n" for line in lines))
    return make_run(
        tmp_path,
        CONFIG.replace(
            "summarisers:\n",
            "summarisers:\n  - {id: out, use: file, args: {path: outputs.jsonl}}\n",
        ),
    )


def test_duplicate_keys_in_file_outputs(tmp_path: Path, capsys) -> None:
    config = _with_outputs(
        tmp_path, ['{"id": "bridge", "summary": "The bridge closed.", "summary": "Other."}']
    )
    outcome = _run(capsys, config)
    assert_clear_error(outcome, EXIT_BAD_INPUT, "outputs.jsonl, line 1", "'summary' appears twice")


def test_extra_ids_in_file_outputs_are_reported(tmp_path: Path, capsys) -> None:
    rows = [
        {"id": "bridge", "summary": "The bridge closed."},
        {"id": "harbour", "summary": "Pilots were hired."},
        {"id": "school", "summary": "Schools merge."},
        {"id": "stadium", "summary": "Not in this corpus."},
    ]
    config = _with_outputs(tmp_path, [json.dumps(row) for row in rows])
    with pytest.warns(UserWarning, match=r"out: the outputs hold 1 summary\(ies\).*'stadium'"):
        outcome = _run(capsys, config)
    assert outcome.code == EXIT_OK, outcome.err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_scoring_shows_progress_unless_quiet(tmp_path: Path, capsys, monkeypatch) -> None:
    config = make_run(tmp_path)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    outcome = run_cli(capsys, "run", str(config), "--out", str(tmp_path / "a"), "--workers", "1")
    assert outcome.code == EXIT_OK
    assert "score" in terminal.getvalue()
    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    outcome = _run(capsys, config, "--workers", "1")
    assert outcome.code == EXIT_OK and "score" not in quiet.getvalue()


def test_progress_counts_every_task_in_processes_too(monkeypatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with workers.progress("score", enabled=True):
        results = list(workers.map_in_processes(_double, None, list(range(20)), 2))
    assert results == [2 * n for n in range(20)]
    assert "score" in terminal.getvalue() and "/20" in terminal.getvalue()


def _double(job, task: int) -> int:
    return 2 * task
