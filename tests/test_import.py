"""briefing-eval import: local JSONL/CSV with a column map, Hugging Face datasets (in memory and
from a local folder, never the network), and SummEval end to end."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eval.cli import main
from eval.corpus.format import ID_PATTERN
from eval.corpus.importers import common, hf
from eval.corpus.loading import parse_article_file, validate_corpus
from eval.errors import EnvironmentProblem, UserError

ROWS = [
    {
        "doc_id": "A/1",
        "article": "The river rose 2.4 metres overnight and 300 homes flooded.",
        "highlights": ["The river rose 2.4 metres.", "300 homes flooded."],
        "date": "2025-01-09",
    },
    {
        "doc_id": "a-2",
        "article": "Shares fell 3% after the bank cut its forecast to 1.1%.",
        "highlights": "Shares fell 3%.",
        "date": "2025-01-10T08:00:00",
    },
    {"doc_id": "a-3", "article": "   ", "highlights": "Nothing.", "date": "2025-01-11"},
    {
        "doc_id": "a-4",
        "article": "Rain stopped play at 4pm with the score on 212.",
        "highlights": ["", "Rain stopped play.", "Rain  stopped play."],
        "date": "2025-01-12",
    },
]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_jsonl_import_end_to_end(tmp_path, capsys):
    source = write_jsonl(tmp_path / "news.jsonl", ROWS)
    out = tmp_path / "imported"
    rc = main(
        [
            "import",
            "jsonl",
            str(source),
            "--out",
            str(out),
            "--map",
            "source=article,reference=highlights,id=doc_id,published=date",
            "--licence",
            "CC0",
            "--provenance",
            "test rows",
        ]
    )
    assert rc == 0
    printed = capsys.readouterr().out
    assert "imported 3 articles, 4 references" in printed and "skipped 1 row" in printed
    articles, problems = validate_corpus(out)
    assert problems == []
    by_id = {a.id: a for a in articles}
    first_id = common.sanitise_id("A/1")
    assert set(by_id) == {first_id, "a-2", "a-4"}
    first = by_id[first_id]
    assert [r.text for r in first.references] == [
        "The river rose 2.4 metres.",
        "300 homes flooded.",
    ]
    assert [r.author for r in first.references] == ["ref1", "ref2"]
    assert first.published.isoformat() == "2025-01-09"
    assert by_id["a-2"].published.isoformat() == "2025-01-10"
    assert [r.text for r in by_id["a-4"].references] == [
        "Rain stopped play."
    ]  # empty + dup dropped
    for article in articles:
        assert article.source.licence == "CC0"
        assert article.source.provenance.startswith(
            "test rows; imported by briefing-eval import jsonl from news.jsonl (sha256:"
        )
        assert "news.jsonl line" in article.source.provenance
    assert "original id 'A/1'" in first.source.provenance
    assert (out / ".gitignore").read_text().splitlines()[-1] == "*"
    assert "rows skipped: 1" in (out / "PROVENANCE.md").read_text()
    assert main(["validate", str(out)]) == 0


def test_import_is_deterministic(tmp_path):
    source = write_jsonl(tmp_path / "news.jsonl", ROWS)
    outs = []
    for name in ("one", "two"):
        out = tmp_path / name
        assert (
            main(
                [
                    "import",
                    "jsonl",
                    str(source),
                    "--out",
                    str(out),
                    "--map",
                    "source=article,reference=highlights",
                    "--published",
                    "2025-02-01",
                ]
            )
            == 0
        )
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outs[0] == outs[1]
    assert "publication date assumed (2025-02-01)" in outs[0]["news-000000.json"].decode()


def test_csv_import_with_limit_and_two_reference_columns(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "id,text,r1,r2,when\n"
        'x1,"Prices rose 4%, the most since 2019.",Prices rose 4%.,Biggest rise since 2019.,'
        "2025-03-01\n"
        "x2,Turnout was 61%.,Turnout was 61%.,Turnout: 61%.,2025-03-02\n",
        encoding="utf-8",
    )
    out = tmp_path / "csv-out"
    assert (
        main(
            [
                "import",
                "csv",
                str(path),
                "--out",
                str(out),
                "--limit",
                "1",
                "--map",
                "source=text,reference=r1,reference=r2,id=id,published=when",
            ]
        )
        == 0
    )
    articles, problems = validate_corpus(out)
    assert problems == [] and [a.id for a in articles] == ["x1"]
    assert [r.text for r in articles[0].references] == [
        "Prices rose 4%.",
        "Biggest rise since 2019.",
    ]
    assert articles[0].source.licence == common.UNKNOWN_LICENCE


@pytest.mark.parametrize(
    ("mapping", "expected"),
    [
        ("source=artcle,reference=highlights,published=date", "Did you mean 'article'"),
        ("source=article", "at least the source and reference"),
        ("source=article,reference=highlights,summary=x", "unknown field 'summary'"),
        ("source,reference=highlights", "not FIELD=COLUMN"),
    ],
)
def test_mapping_mistakes_exit_2_and_write_nothing(tmp_path, capsys, mapping, expected):
    source = write_jsonl(tmp_path / "news.jsonl", ROWS)
    out = tmp_path / "out"
    assert main(["import", "jsonl", str(source), "--out", str(out), "--map", mapping]) == 2
    assert expected in capsys.readouterr().err
    assert not out.exists()


def test_refuses_to_mix_into_a_folder_with_articles(tmp_path, capsys):
    source = write_jsonl(tmp_path / "news.jsonl", ROWS)
    args = [
        "import",
        "jsonl",
        str(source),
        "--out",
        str(tmp_path / "o"),
        "--map",
        "source=article,reference=highlights,published=date",
    ]
    assert main(args) == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "o").iterdir()}
    assert main(args) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in (tmp_path / "o").iterdir()} == before
    assert main([*args, "--overwrite"]) == 0


def test_bad_jsonl_line_is_located(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"a": 1}\n{oops\n', encoding="utf-8")
    assert (
        main(
            [
                "import",
                "jsonl",
                str(path),
                "--out",
                str(tmp_path / "o"),
                "--map",
                "source=a,reference=a",
                "--published",
                "2025-01-01",
            ]
        )
        == 2
    )
    assert "line 2: not valid JSON" in capsys.readouterr().err


@given(st.text(max_size=150))
def test_sanitised_ids_match_the_corpus_pattern(raw):
    made = common.sanitise_id(raw)
    assert ID_PATTERN.match(made)
    if not ID_PATTERN.match(raw.strip()):
        assert made != raw  # changed ids carry a hash of the original, so they stay distinct


def test_sanitise_keeps_distinct_raw_ids_distinct():
    assert common.sanitise_id("A/1") != common.sanitise_id("a-1")
    assert common.sanitise_id("cnn-test-0a1b") == "cnn-test-0a1b"


# --------------------------------------------------------------------------- Hugging Face


def in_memory_loader(calls: list):
    datasets = pytest.importorskip("datasets")

    def loader(name, config=None, *, split):
        calls.append((name, config, split))
        data = {
            "article": [r["article"] for r in ROWS[:2]],
            "highlights": ["The river rose 2.4 metres.", "Shares fell 3%."],
            "id": ["r1", "r2"],
        }
        return datasets.Dataset.from_dict(data)

    return loader


def test_hf_import_with_an_injected_in_memory_dataset(tmp_path):
    calls: list = []
    rows, facts = hf.load_rows(
        "cnn_dailymail", config="3.0.0", split="test", limit=1, loader=in_memory_loader(calls)
    )
    assert calls == [("cnn_dailymail", "3.0.0", "test[:1]")]
    records = [
        common.map_row(
            row, common.parse_map("source=article,reference=highlights,id=id"), where, "d"
        )
        for row, where in rows
    ]
    assert [r.raw_id for r in records] == ["r1"] and facts["rows"] == "1"
    assert records[0].where == "cnn_dailymail/3.0.0 test row 0"


def test_hf_import_from_a_local_dataset_folder(tmp_path, capsys):
    pytest.importorskip("datasets")
    folder = tmp_path / "localdata"
    folder.mkdir()
    write_jsonl(
        folder / "test.jsonl",
        [
            {"document": r["article"], "summary": "A short summary.", "id": str(i)}
            for i, r in enumerate(ROWS[:2])
        ],
    )
    out = tmp_path / "hf-out"
    rc = main(
        [
            "import",
            "hf",
            str(folder),
            "--split",
            "test",
            "--limit",
            "2",
            "--map",
            "source=document,reference=summary,id=id",
            "--published",
            "2025-01-01",
            "--out",
            str(out),
            "--licence",
            "CC0",
        ]
    )
    assert rc == 0, capsys.readouterr().err
    articles, problems = validate_corpus(out)
    assert problems == [] and sorted(a.id for a in articles) == ["0", "1"]
    assert "Hugging Face dataset" in articles[0].source.provenance


def test_hub_import_offline_fails_at_once(tmp_path, capsys, monkeypatch):
    pytest.importorskip("datasets")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    start = time.monotonic()
    rc = main(
        [
            "import",
            "hf",
            "cnn_dailymail",
            "--config",
            "3.0.0",
            "--split",
            "test",
            "--limit",
            "5",
            "--map",
            "source=article,reference=highlights",
            "--published",
            "2015-04-01",
            "--out",
            str(tmp_path / "o"),
        ]
    )
    assert rc == 3
    assert "Offline" in capsys.readouterr().err
    assert time.monotonic() - start < 20
    assert not (tmp_path / "o").exists()


def test_unreachable_hub_is_probed_before_loading(monkeypatch):
    for var in ("HF_DATASETS_OFFLINE", "HF_HUB_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # discard port: refused at once
    called = []
    monkeypatch.setattr(hf, "_default_loader", lambda: called.append(1) or (lambda *a, **k: None))
    start = time.monotonic()
    with pytest.raises(EnvironmentProblem, match="cannot reach the Hugging Face Hub"):
        hf.load_rows("cnn_dailymail", config=None, split="test", limit=1)
    assert time.monotonic() - start < hf.PROBE_TIMEOUT_S + 1
    assert os.environ["HF_ENDPOINT"] == "http://127.0.0.1:9"


def test_hf_dataset_without_split_is_a_user_error():
    def loader(name, config=None, *, split):
        return {"test": []}  # what load_dataset returns without a split

    with pytest.raises(UserError, match="--split"):
        hf.load_rows("x", config=None, split="test", limit=None, loader=loader)


# --------------------------------------------------------------------------- SummEval


@pytest.fixture
def summeval_file(shared_dir) -> Path:
    path = shared_dir / "data" / "summeval" / "summeval.jsonl"
    if not path.is_file():
        pytest.skip(f"../shared/data/summeval/summeval.jsonl not found: {path}")
    return path


def test_summeval_import_end_to_end(tmp_path, summeval_file, capsys):
    out = tmp_path / "summeval"
    assert main(["import", "summeval", str(summeval_file), "--out", str(out), "--limit", "4"]) == 0
    raw = [json.loads(line) for line in summeval_file.read_text().splitlines()[:4]]
    articles, problems = validate_corpus(out)
    assert problems == [] and sorted(a.id for a in articles) == sorted(r["id"] for r in raw)
    article, _ = parse_article_file(out / f"{raw[0]['id']}.json")
    assert [r.text for r in article.references] == raw[0]["references"]  # kept as given
    assert article.source.text == raw[0]["source"].strip()
    assert article.references[0].author == "cnndm-highlights"
    assert "PTB-tokenised" in article.source.provenance and "MIT" in article.source.licence
    systems = sorted(raw[0]["systems"])
    outputs = sorted(p.stem for p in (out / "outputs").glob("*.jsonl"))
    assert outputs == systems and len(outputs) == 16
    m0 = [json.loads(line) for line in (out / "outputs" / "M0.jsonl").read_text().splitlines()]
    assert m0 == [{"id": r["id"], "summary": r["systems"]["M0"]["summary"]} for r in raw]
    ratings = [json.loads(line) for line in (out / "ratings.jsonl").read_text().splitlines()]
    assert len(ratings) == 4 * 16
    one = next(x for x in ratings if x["id"] == raw[1]["id"] and x["summeval_system"] == "M5")
    assert one["system"] == "m5"
    assert {k: one[k] for k in ("coherence", "consistency", "fluency", "relevance")} == (
        raw[1]["systems"]["M5"]["human"]
    )
    assert main(["validate", str(out)]) == 0


def test_summeval_config_is_a_valid_run_config(tmp_path, summeval_file):
    from eval.config import load_config

    out = tmp_path / "summeval"
    assert main(["import", "summeval", str(summeval_file), "--out", str(out), "--limit", "2"]) == 0
    config, _ = load_config(out / "config.yaml")
    assert config.data == out.resolve()
    ids = [s.id for s in config.summarisers]
    assert ids[:2] == ["lead3", "textrank"] and len(ids) == 18
    files = [s.args["path"] for s in config.summarisers if s.use == "file"]
    assert all((out / f).is_file() for f in files)
    assert [m.use for m in config.metrics] == ["rouge", "numbers"]


def test_readme_import_jsonl_example_works_as_written(tmp_path, capsys, monkeypatch):
    """The README's ``import jsonl`` line, run as printed (no --published, no date column)."""
    import shlex

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    [line] = [x.strip() for x in readme.splitlines() if x.startswith("briefing-eval import jsonl")]
    argv = shlex.split(line)[1:]
    data = argv[argv.index("jsonl") + 1]
    rows = [
        {
            "article": "The council approved 12 new buses on Monday. They cost $4 million.",
            "highlights": "The council approved 12 buses.",
        },
        {
            "article": "The museum reopened after 3 years. Visitors queued for hours.",
            "highlights": "The museum reopened.",
        },
    ]
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / data, rows)
    assert main(argv) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "imported 2 articles" in out and "no publication dates" in out
    articles, problems = validate_corpus(tmp_path / argv[argv.index("--out") + 1])
    assert problems == [] and all(a.published is None for a in articles)
