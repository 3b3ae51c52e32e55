"""The corpus loader never crashes: any bytes in a corpus file become a list of problems (or an
article), so ``validate`` and ``run`` can always report every problem of every file."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eval.corpus.format import Article
from eval.corpus.loading import Problem, parse_article_file, validate_corpus

GOOD = {
    "id": "fuzz",
    "title": "A title",
    "published": "2025-03-14",
    "source": {"text": "The port hired 40 pilots on Monday.", "provenance": "p", "licence": "CC0"},
    "references": [{"author": "r1", "text": "40 pilots hired."}],
}

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = ["id", "title", "published", "topic", "source", "references", "extra"]
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _check(path: Path) -> None:
    article, problems = parse_article_file(path)
    assert isinstance(problems, list)
    assert all(isinstance(p, Problem) and str(p).startswith(str(path)) for p in problems)
    if article is None:
        assert problems, "a rejected file always says why"
    else:
        assert isinstance(article, Article) and not problems


@SETTINGS
@given(data=st.binary(max_size=300))
def test_random_bytes_never_crash(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.json"
    path.write_bytes(data)
    _check(path)


@SETTINGS
@given(value=JSON_VALUES)
def test_random_json_never_crashes(tmp_path_factory, value) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    _check(path)


@SETTINGS
@given(changes=st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=3))
def test_articles_with_random_fields_never_crash(tmp_path_factory, changes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.json"
    path.write_text(json.dumps({**GOOD, **changes}), encoding="utf-8")
    _check(path)


@SETTINGS
@given(
    text=st.text(max_size=200),
    cut=st.integers(min_value=0, max_value=400),
    escape=st.sampled_from(["", "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u0000"]),
)
def test_truncated_and_escaped_files_never_crash(tmp_path_factory, text, cut, escape) -> None:
    data = {**GOOD, "source": {**GOOD["source"], "text": text + "x"}}
    raw = json.dumps(data, ensure_ascii=False).replace('"A title"', f'"A {escape}title"')
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.json"
    path.write_text(raw[: cut or None], encoding="utf-8")
    _check(path)


def test_pathological_inputs(tmp_path: Path) -> None:
    cases = {
        "deep.json": b"[" * 100_000,
        "long-number.json": b'{"id": ' + b"9" * 5000 + b"}",
        "empty.json": b"",
        "surrogate.json": json.dumps({**GOOD, "title": "\ud800"}).encode(),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    articles, problems = validate_corpus(tmp_path)
    assert articles == []
    assert {Path(p.path).name for p in problems} == set(cases)
    by_file = {Path(p.path).name: p.message for p in problems}
    assert "nested too deeply" in by_file["deep.json"]
    assert "is empty" in by_file["empty.json"]
    assert "lone surrogate" in by_file["surrogate.json"]
