"""Config errors fail before any work and name the file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import copy_corpus, write_config

from eval.cli import main
from eval.config import load_config
from eval.errors import UserError

GOOD = """\
name: t
data: corpus/
seed: 7
summarisers:
  - {id: lead3, use: lead, args: {sentences: 3}}
metrics:
  - {use: rouge}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy_corpus(tmp_path / "corpus", 2)
    return tmp_path


def test_good_config_resolves_paths_against_its_own_folder(folder: Path, monkeypatch) -> None:
    path = write_config(folder, GOOD)
    monkeypatch.chdir("/")
    config, text = load_config(path)
    assert config.data == (folder / "corpus").resolve()
    assert config.seed == 7 and config.baseline == "lead3" and text == GOOD
    assert config.budget.max_words == 80 and config.report.bootstrap == 1000


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("seed: 7", "seed: seven"), r"line 3, key seed: Input should be a valid integer"),
        (("name: t", "name: t\nsumarisers: []"), r"line 2, key sumarisers: is not a known key"),
        (("data: corpus/", "data: nowhere/"), r"line 2, key data: .*nowhere does not exist"),
        (
            ("  - {use: rouge}", "  - {use: rouge}\nreport: {baseline: bart}"),
            r"report.baseline 'bart' is not a summariser id",
        ),
        (("{id: lead3,", "{id: Lead 3,"), r"line 5, key summarisers\[0\].id"),
        (("seed: 7", "seed: [7"), r"line \d+: not valid YAML"),
    ],
)
def test_bad_configs_name_file_line_and_key(folder: Path, change, expected) -> None:
    path = write_config(folder, GOOD.replace(*change))
    with pytest.raises(UserError, match=expected):
        load_config(path)


def test_unknown_plugin_and_bad_argument_fail_before_any_work(folder: Path, capsys) -> None:
    path = write_config(folder, GOOD.replace("use: lead,", "use: leed,"))
    assert main(["run", str(path), "--out", str(folder / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "line 5, summarisers[0]" in err and "Did you mean 'lead'" in err
    assert "Traceback" not in err
    assert not (folder / "out").exists()

    path = write_config(folder, GOOD.replace("{use: rouge}", "{use: rouge, args: {stemer: no}}"))
    assert main(["run", str(path), "--out", str(folder / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "metrics[0].args.stemer" in err and "Did you mean 'stemmer'" in err


def test_missing_config_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert main(["run", str(tmp_path / "none.yaml")]) == 2
    assert "config file" in capsys.readouterr().err
