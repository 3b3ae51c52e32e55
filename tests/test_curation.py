"""add-reference and add-article: round trips, refusals that leave files byte-identical, and
writes that survive interruption."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eval.cli import main
from eval.corpus import curation
from eval.corpus.format import ID_PATTERN, dump_article
from eval.corpus.loading import parse_article_file, validate_corpus

REPO = Path(__file__).resolve().parents[1]

ARTICLE = (
    "The town council of Brenmoor voted 7-2 on Tuesday to close the Ashby Road library in "
    "June, saving 84,000 pounds a year. About 1,200 residents had signed a petition against "
    "the closure. The library opened in 1962 and lends about 31,000 books a year.\n\n"
    "Councillor Mara Holt said the savings would keep two bus routes running."
)
REF_A = "Brenmoor council voted 7-2 to close the Ashby Road library in June to save 84,000 pounds."
REF_NEW = "The Ashby Road library in Brenmoor will close in June after a 7-2 council vote."


def make_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "id": "brenmoor-library-2025",
        "title": "Brenmoor votes to close library",
        "published": "2025-04-01",
        "source": {"text": ARTICLE, "provenance": "written for tests", "licence": "CC0"},
        "references": [
            {"author": "r01", "text": REF_A, "written": "2025-04-02", "guidelines": "v1"}
        ],
    }
    path = folder / "brenmoor-library-2025.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --------------------------------------------------------------------------- add-reference


def test_add_reference_round_trip(tmp_path, capsys):
    path = make_corpus(tmp_path / "corpus")
    rc = main(
        [
            "add-reference",
            "brenmoor-library-2025",
            "--author",
            "r02",
            "--text",
            f"  {REF_NEW}\n",
            "--corpus",
            str(tmp_path / "corpus"),
            "--date",
            "2025-04-03",
        ]
    )
    assert rc == 0
    article, problems = parse_article_file(path)
    assert problems == []
    assert [r.author for r in article.references] == ["r01", "r02"]
    new = article.references[1]
    assert (new.text, new.written.isoformat(), new.guidelines) == (REF_NEW, "2025-04-03", "v1")
    assert article.references[0].text == REF_A and article.source.text == ARTICLE
    assert path.read_text(encoding="utf-8") == dump_article(article)  # canonical form
    out = capsys.readouterr().out
    assert "added reference" in out and "references[1] by r02" in out and "2 reference(s)" in out


def test_add_reference_from_file_and_source_date_epoch(tmp_path, monkeypatch):
    path = make_corpus(tmp_path / "corpus")
    text_file = tmp_path / "ref.txt"
    text_file.write_bytes(REF_NEW.encode("utf-8").replace(b" ", b" \r\n", 1))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    rc = main(
        [
            "add-reference",
            "brenmoor-library-2025",
            "--author",
            "r03",
            "--file",
            str(text_file),
            "--corpus",
            str(tmp_path / "corpus"),
        ]
    )
    assert rc == 0
    article, _ = parse_article_file(path)
    assert article.references[-1].written.isoformat() == "2026-01-01"
    assert "\r" not in article.references[-1].text


def test_add_reference_with_editor(tmp_path, monkeypatch):
    path = make_corpus(tmp_path / "corpus")
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "shown = p.read_text()\n"
        "assert 'Ashby Road' in shown  # the article is shown while writing\n"
        f"p.write_text({REF_NEW!r} + '\\n' + shown)\n"
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    rc = main(
        [
            "add-reference",
            "brenmoor-library-2025",
            "--author",
            "r04",
            "--editor",
            "--corpus",
            str(tmp_path / "corpus"),
            "--date",
            "2025-04-05",
        ]
    )
    assert rc == 0
    article, _ = parse_article_file(path)
    assert article.references[-1].text == REF_NEW  # the '#' lines were dropped


def _invalid_json(folder: Path) -> None:
    (folder / "brenmoor-library-2025.json").write_text('{"id": "brenmoor-library-2025",')


def _invalid_article(folder: Path) -> None:
    path = folder / "brenmoor-library-2025.json"
    data = json.loads(path.read_text())
    del data["title"]
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    ("case", "argv_tail", "damage", "expected"),
    [
        (
            "unknown id",
            ["brenmoor-libary-2025", "--text", REF_NEW],
            None,
            "Did you mean: brenmoor-library-2025",
        ),
        ("empty text", ["brenmoor-library-2025", "--text", " \n\t "], None, "empty"),
        (
            "duplicate",
            ["brenmoor-library-2025", "--text", REF_A.replace(" ", "\n  ", 3)],
            None,
            "already references[0]",
        ),
        (
            "invalid json",
            ["brenmoor-library-2025", "--text", REF_NEW],
            _invalid_json,
            "invalid JSON",
        ),
        (
            "invalid article",
            ["brenmoor-library-2025", "--text", REF_NEW],
            _invalid_article,
            "title: required field is missing",
        ),
        (
            "longer than article",
            ["brenmoor-library-2025", "--text", ARTICLE + " Extra words."],
            None,
            "longer than its article",
        ),
        (
            "missing file",
            ["brenmoor-library-2025", "--file", "/nonexistent/ref.txt"],
            None,
            "does not exist",
        ),
    ],
)
def test_add_reference_refusals_leave_files_identical(
    tmp_path, capsys, case, argv_tail, damage, expected
):
    folder = tmp_path / "corpus"
    make_corpus(folder)
    if damage:
        damage(folder)
    before = snapshot(folder)
    rc = main(
        [
            "add-reference",
            *argv_tail,
            "--author",
            "r09",
            "--corpus",
            str(folder),
            "--date",
            "2025-04-03",
        ]
    )
    assert rc == 2, case
    assert expected in capsys.readouterr().err, case
    assert snapshot(folder) == before, case


def test_add_reference_unknown_corpus_folder(tmp_path, capsys):
    rc = main(
        ["add-reference", "x", "--author", "r1", "--text", "t", "--corpus", str(tmp_path / "nope")]
    )
    assert rc == 2
    assert "does not exist" in capsys.readouterr().err


def test_same_author_twice_is_allowed_with_a_warning(tmp_path, capsys):
    folder = tmp_path / "corpus"
    make_corpus(folder)
    rc = main(
        [
            "add-reference",
            "brenmoor-library-2025",
            "--author",
            "r01",
            "--text",
            REF_NEW,
            "--corpus",
            str(folder),
            "--date",
            "2025-04-03",
        ]
    )
    assert rc == 0
    assert "independent" in capsys.readouterr().err


def test_unbacked_numbers_are_warned_about_but_written(tmp_path):
    from eval.corpus.quality import UnbackedNumber

    folder = tmp_path / "corpus"
    path = make_corpus(folder)
    seen = []

    def fake_check(text, item):
        seen.append((text, item.source))
        return [UnbackedNumber("90,000 pounds", "unsupported", "the article says 84,000")]

    change = curation.add_reference(
        folder,
        "brenmoor-library-2025",
        author="r02",
        written=curation.today("2025-04-03"),
        text="Brenmoor will close its library in June to save 90,000 pounds a year.",
        number_check=fake_check,
    )
    assert seen == [
        ("Brenmoor will close its library in June to save 90,000 pounds a year.", ARTICLE)
    ]
    assert any("'90,000 pounds'" in w and "84,000" in w for w in change.warnings)
    assert len(parse_article_file(path)[0].references) == 2


# --------------------------------------------------------------------------- interrupted writes


def test_interrupted_replace_leaves_old_file(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    make_corpus(folder)
    before = snapshot(folder)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    rc = main(
        [
            "add-reference",
            "brenmoor-library-2025",
            "--author",
            "r02",
            "--text",
            REF_NEW,
            "--corpus",
            str(folder),
            "--date",
            "2025-04-03",
        ]
    )
    assert rc == 130
    assert snapshot(folder) == before  # old content, and no temporary file left behind


def test_killed_process_mid_write_leaves_old_file(tmp_path):
    """A real process killed (SIGKILL, no clean-up at all) while its new file is half written."""
    folder = tmp_path / "corpus"
    path = make_corpus(folder)
    before = path.read_bytes()
    marker = tmp_path / "writing"
    child = (
        "import os, sys, time, pathlib\n"
        "real_fsync = os.fsync\n"
        "def slow_fsync(fd):\n"
        f"    pathlib.Path({str(marker)!r}).write_text('x')\n"
        "    time.sleep(60)\n"
        "os.fsync = slow_fsync\n"
        "from eval.cli import main\n"
        f"sys.exit(main(['add-reference', 'brenmoor-library-2025', '--author', 'r02', '--text', "
        f"{REF_NEW!r}, '--corpus', {str(folder)!r}, '--date', '2025-04-03']))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", child], cwd=REPO)
    try:
        deadline = time.monotonic() + 30
        while not marker.exists():
            assert proc.poll() is None, "the child exited before writing"
            assert time.monotonic() < deadline, "the child never reached the write"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert path.read_bytes() == before
    articles, problems = validate_corpus(folder)  # a stray temp file is not an article
    assert problems == [] and len(articles) == 1


# --------------------------------------------------------------------------- add-article


def _add_article(folder: Path, text_file: Path, *extra: str) -> int:
    return main(
        [
            "add-article",
            "--file",
            str(text_file),
            "--title",
            "Brenmoor votes to close Ashby Road library",
            "--published",
            "2025-04-01",
            "--author",
            "r01",
            "--reference-text",
            REF_A,
            "--corpus",
            str(folder),
            "--date",
            "2025-04-02",
            "--topic",
            "local government",
            *extra,
        ]
    )


def test_add_article_round_trip(tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    text_file = tmp_path / "article.txt"
    text_file.write_text(ARTICLE.replace("\n", "\r\n") + "\n\n", encoding="utf-8")
    assert _add_article(folder, text_file, "--source-url", "https://example.org/a") == 0
    path = folder / "brenmoor-votes-to-close-ashby-road-library-2025.json"
    article, problems = parse_article_file(path)
    assert problems == []
    assert article.source.text == ARTICLE  # line endings normalised, outer blank lines dropped
    assert (article.source.licence, article.source.provenance) == (
        "CC BY 4.0",
        "written for this project",
    )
    assert article.source.url == "https://example.org/a"
    assert article.topic == "local government" and article.published.isoformat() == "2025-04-01"
    assert [(r.author, r.text, r.guidelines) for r in article.references] == [("r01", REF_A, "v1")]
    assert path.read_text(encoding="utf-8") == dump_article(article)
    assert "created article" in capsys.readouterr().out
    # ...and add-reference works on the new file.
    assert (
        main(
            [
                "add-reference",
                article.id,
                "--author",
                "r02",
                "--text",
                REF_NEW,
                "--corpus",
                str(folder),
                "--date",
                "2025-04-03",
            ]
        )
        == 0
    )


def test_add_article_id_collision_gets_a_suffix_and_says_so(tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(ARTICLE)
    second.write_text(ARTICLE + " A later update added one more sentence.")
    assert _add_article(folder, first) == 0
    assert _add_article(folder, second) == 0
    assert (folder / "brenmoor-votes-to-close-ashby-road-library-2025-2.json").exists()
    assert "is taken by" in capsys.readouterr().err
    assert len(validate_corpus(folder)[0]) == 2


@pytest.mark.parametrize(
    ("case", "extra", "expected"),
    [
        ("same text again", [], "already in the corpus"),
        ("bad --id", ["--id", "Not An Id"], "not a valid id"),
        ("taken --id", ["--id", "brenmoor-library-2025"], "already used"),
        ("bad date", ["--published", "14/03/2025"], "YYYY-MM-DD"),
    ],
)
def test_add_article_refusals(tmp_path, capsys, case, extra, expected):
    folder = tmp_path / "corpus"
    make_corpus(folder)
    text_file = tmp_path / "article.txt"
    text_file.write_text(ARTICLE if case == "same text again" else ARTICLE + " New ending.")
    before = snapshot(folder)
    assert _add_article(folder, text_file, *extra) == 2, case
    assert expected in capsys.readouterr().err, case
    assert snapshot(folder) == before


def test_add_article_needs_a_first_reference(tmp_path, capsys):
    text_file = tmp_path / "article.txt"
    text_file.write_text(ARTICLE)
    with pytest.raises(SystemExit) as exc:
        main(
            [
                "add-article",
                "--file",
                str(text_file),
                "--title",
                "T",
                "--published",
                "2025-04-01",
                "--corpus",
                str(tmp_path),
            ]
        )
    assert exc.value.code == 2
    assert "--author" in capsys.readouterr().err


@given(st.text(max_size=200), st.integers(min_value=1000, max_value=9999))
def test_stable_ids_are_valid_and_deterministic(title, year):
    from datetime import date

    made = curation.stable_id(title, date(year, 1, 1), "some article text")
    assert ID_PATTERN.match(made)
    assert made == curation.stable_id(title, date(year, 1, 1), "some article text")
    assert made.endswith(f"-{year}")


def test_slug_golden_values():
    assert curation.slugify("Brenmoor votes to close Ashby Road library") == (
        "brenmoor-votes-to-close-ashby-road-library"
    )
    assert curation.slugify("Zürich’s café: 5.25% rate cut!") == "zurichs-cafe-5-25-rate-cut"
    assert curation.slugify("Zurich's  CAFE") == "zurichs-cafe"
    long = curation.slugify(" ".join(["word"] * 40))
    assert len(long) <= curation.MAX_SLUG_CHARS and not long.endswith("-")
    assert curation.slugify("日本") == ""
