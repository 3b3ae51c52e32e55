"""The corpus format: the shipped corpus meets its promises; problems are all reported at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CORPUS, write_article

from briefing.text import sentence_texts
from eval.corpus.loading import load_corpus, validate_corpus
from eval.errors import UserError


def test_shipped_corpus_is_valid_and_meets_the_datasheet() -> None:
    articles, problems = validate_corpus(CORPUS)
    assert problems == []
    assert len(articles) >= 12
    for article in articles:
        words = len(article.source.text.split())
        assert 300 <= words <= 900, (article.id, words)
        assert article.source.provenance == "written for this project"
        assert len(article.references) >= 2
        assert len({ref.author for ref in article.references}) == len(article.references)
        for ref in article.references:
            assert 2 <= len(sentence_texts(ref.text)) <= 4, (article.id, ref.author, ref.text)
            assert ref.written is not None and ref.written >= article.published


def test_every_problem_of_every_file_is_reported(tmp_path: Path) -> None:
    write_article(tmp_path, "good-one", "Some text about 3 ships.", ["3 ships."])
    (tmp_path / "broken.json").write_text('{"id": "broken", ', encoding="utf-8")
    (tmp_path / "latin1.json").write_bytes('{"id": "caf\xe9"}'.encode("latin-1"))
    data = json.loads((tmp_path / "good-one.json").read_text())
    del data["title"]
    data["published"] = "14 March"
    data["references"][0]["text"] = "   "
    (tmp_path / "bad-fields.json").write_text(json.dumps(data))
    write_article(tmp_path, "dupe", "Same id twice here.", ["Twice."])
    other = json.loads((tmp_path / "dupe.json").read_text())
    (tmp_path / "dupe-2.json").write_text(json.dumps(other))
    write_article(tmp_path, "long-ref", "Short text.", ["A reference far longer than its text."])

    _, problems = validate_corpus(tmp_path)
    shown = [str(p) for p in problems]
    expect = [
        ("bad-fields.json", "title: required field is missing"),
        ("bad-fields.json", "published: "),
        ("bad-fields.json", "references[0].text: "),
        ("broken.json", "invalid JSON"),
        ("latin1.json", "is not UTF-8"),
        ("dupe-2.json", "does not match the file name"),
        ("long-ref.json", "longer than its article"),
    ]
    for filename, fragment in expect:
        assert any(filename in s and fragment in s for s in shown), (filename, fragment, shown)

    with pytest.raises(UserError) as err:
        load_corpus(tmp_path)
    assert "problem(s)" in str(err.value) and "briefing-eval validate" in str(err.value)


def test_fingerprint_tracks_scored_text_only(tmp_path: Path) -> None:
    write_article(tmp_path, "a", "Text with 5 boats.", ["5 boats."])
    first = load_corpus(tmp_path).fingerprint()
    data = json.loads((tmp_path / "a.json").read_text())
    data["title"] = "A new title"
    (tmp_path / "a.json").write_text(json.dumps(data))
    assert load_corpus(tmp_path).fingerprint() == first
    data["references"][0]["text"] = "6 boats."
    (tmp_path / "a.json").write_text(json.dumps(data))
    assert load_corpus(tmp_path).fingerprint() != first


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write_article(tmp_path, "bom", "Text with 5 boats.", ["5 boats."])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    articles, problems = validate_corpus(tmp_path)
    assert problems == [] and articles[0].id == "bom"
