"""The generation cache: damaged entries are regenerated, never trusted; an unwritable cache is
a clear error; two processes writing the same entries at once corrupt nothing."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from bad_input_helpers import REPO, TESTS, assert_clear_error, make_run, run_cli

from eval.errors import EXIT_ENVIRONMENT, EXIT_OK, EnvironmentProblem
from eval.run.cache import CachedGeneration, GenerationCache, text_key

SIGNATURE = {"name": "test", "v": "1"}


def _entry(cache: GenerationCache, text: str) -> Path:
    return cache.folder / f"{text_key(text)}.json"


def _valid(text: str, summary: str = "A briefing.") -> dict:
    return {
        "format": 1,
        "text_sha256": text_key(text),
        "signature": SIGNATURE,
        "summary": summary,
        "seconds": 0.5,
        "info": {},
    }


DAMAGE = {
    "truncated": lambda text: json.dumps(_valid(text))[:25].encode(),
    "binary garbage": lambda text: b"\x00\xff\xfe garbage",
    "not an object": lambda text: b"[1, 2, 3]",
    "deeply nested": lambda text: b"[" * 100_000,
    "summary not a string": lambda text: json.dumps({**_valid(text), "summary": 3}).encode(),
    "seconds not a number": lambda text: json.dumps({**_valid(text), "seconds": "x"}).encode(),
    "info not a mapping": lambda text: json.dumps({**_valid(text), "info": [1]}).encode(),
    "entry of another text": lambda text: json.dumps(_valid("other text")).encode(),
    "unknown format": lambda text: json.dumps({**_valid(text), "format": 99}).encode(),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_entry_is_reported_and_treated_as_missing(tmp_path: Path, damage: str) -> None:
    cache = GenerationCache(tmp_path, SIGNATURE)
    text = "The harbour hired 40 pilots."
    cache.put(text, CachedGeneration("A briefing.", 0.5))
    assert cache.get(text) == CachedGeneration("A briefing.", 0.5, {})
    _entry(cache, text).write_bytes(DAMAGE[damage](text))
    with pytest.warns(UserWarning, match="is damaged and will be regenerated"):
        assert cache.get(text) is None
    assert cache.corrupt == [_entry(cache, text)]
    cache.put(text, CachedGeneration("Fresh.", 0.1))  # regenerating overwrites the damage
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cache.get(text).summary == "Fresh."


def test_entry_replaced_by_a_folder_is_damaged_and_then_a_clear_error(tmp_path: Path) -> None:
    cache = GenerationCache(tmp_path, SIGNATURE)
    _entry(cache, "text").mkdir(parents=True)
    with pytest.warns(UserWarning, match="damaged"):
        assert cache.get("text") is None
    with pytest.raises(EnvironmentProblem, match="cannot write to the generation cache"):
        cache.put("text", CachedGeneration("x", 0.0))


def test_run_regenerates_a_corrupted_entry_and_scores_the_same(tmp_path: Path, capsys) -> None:
    config = make_run(tmp_path)
    cache = tmp_path / "cache"
    first = run_cli(capsys, "run", str(config), "--out", str(tmp_path / "a"), "--cache", str(cache))
    assert first.code == EXIT_OK, first.err
    entries = sorted(cache.rglob("*.json"))
    assert len(entries) == 3
    entries[0].write_text('{"format": 1, "summ', encoding="utf-8")  # cut off mid-write
    with pytest.warns(UserWarning, match="damaged and will be regenerated"):
        second = run_cli(
            capsys, "run", str(config), "--out", str(tmp_path / "b"), "--cache", str(cache)
        )
    assert second.code == EXIT_OK and "Traceback" not in second.err
    json.loads(entries[0].read_text())  # regenerated and rewritten whole
    generations = (tmp_path / "b/generations/lead1.jsonl").read_text().splitlines()
    cached = [json.loads(line)["cached"] for line in generations]
    assert sorted(cached) == [False, True, True]
    assert (tmp_path / "a/scores.jsonl").read_bytes() == (tmp_path / "b/scores.jsonl").read_bytes()


def test_unwritable_cache_is_an_environment_error(tmp_path: Path, capsys) -> None:
    config = make_run(tmp_path)
    not_a_folder = tmp_path / "cache-file"
    not_a_folder.write_text("")
    outcome = run_cli(
        capsys, "run", str(config), "--out", str(tmp_path / "o"), "--cache", str(not_a_folder)
    )
    assert_clear_error(
        outcome, EXIT_ENVIRONMENT, "cannot write to the generation cache", "--no-cache"
    )


def _hammer(root: str, texts: list[str], rounds: int, seen: multiprocessing.Queue) -> None:
    """Write and read the same entries as fast as possible; report anything unreadable."""
    cache = GenerationCache(Path(root), SIGNATURE)
    bad = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(rounds):
            for text in texts:
                cache.put(text, CachedGeneration(f"Briefing of {text}", 0.25, {"n": len(text)}))
                got = cache.get(text)
                bad += got is None or got.summary != f"Briefing of {text}"
    seen.put(bad + len(cache.corrupt))


def test_two_processes_hammering_the_same_entries_corrupt_nothing(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn" if sys.platform == "win32" else "fork")
    texts = [f"article {i} " * 50 for i in range(40)]
    seen = context.Queue()
    workers = [
        context.Process(target=_hammer, args=(str(tmp_path), texts, 8, seen)) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert [seen.get(timeout=5), seen.get(timeout=5)] == [0, 0]
    cache = GenerationCache(tmp_path, SIGNATURE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert all(cache.get(text).summary == f"Briefing of {text}" for text in texts)
    assert not [p for p in cache.folder.iterdir() if p.suffix != ".json"], "no temporary left"


def test_two_runs_sharing_one_cache_at_the_same_time(tmp_path: Path) -> None:
    """Two real processes, same config, same cache folder, started together."""
    config = make_run(
        tmp_path,
        "data: corpus/\nsummarisers:\n  - {id: lead1, use: lead, args: {sentences: 1}}\n"
        "  - {id: lead2, use: lead, args: {sentences: 2}}\n"
        "metrics: [{use: rouge}]\nreport: {bootstrap: 100, formats: [md]}\n",
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(TESTS), str(REPO)]),
        "BRIEFING_EVAL_CACHE": str(tmp_path / "shared-cache"),
    }
    command = [sys.executable, "-m", "eval", "run", str(config), "--quiet", "--out"]
    runs = [
        subprocess.Popen([*command, str(tmp_path / name)], env=env, stderr=subprocess.PIPE)
        for name in ("one", "two")
    ]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()
        assert b"damaged" not in err
    entries = sorted((tmp_path / "shared-cache").rglob("*"))
    files = [p for p in entries if p.is_file()]
    assert len(files) == 6, [p.name for p in files]  # 3 articles x 2 systems, no temporaries
    for path in files:
        entry = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(entry["summary"], str) and entry["format"] == 1
    one, two = (tmp_path / "one/scores.jsonl"), (tmp_path / "two/scores.jsonl")
    assert one.read_bytes() == two.read_bytes()
