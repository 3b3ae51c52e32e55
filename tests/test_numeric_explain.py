"""``check-numbers --explain``: the reading, the candidates, the winner and the rule, per claim.

The seed-article test reads ../shared/seed/article.txt (an AP story published 2024-10-28) and
skips with a reason when it is absent; the other passages were written for these tests.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from eval.cli import main
from eval.numeric import check

SHARED = Path(__file__).resolve().parents[2] / "shared"
SOURCE = (
    "Rescuers pulled 41 people from the flooded homes of Dunmere on Saturday, including 12 "
    "children. About 600 residents spent the night in shelters, and thousands of homes lost "
    "power."
)


def run_cli(tmp_path, capsys, source: str, summary: str, *extra: str) -> tuple[int, str, str]:
    (tmp_path / "source.txt").write_text(source, encoding="utf-8")
    (tmp_path / "summary.txt").write_text(summary, encoding="utf-8")
    code = main(["check-numbers", "--source", str(tmp_path / "source.txt"), "--summary",
                 str(tmp_path / "summary.txt"), *extra])  # fmt: skip
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_explain_has_reading_candidates_winner_and_rule(tmp_path, capsys):
    code, out, _ = run_cli(tmp_path, capsys, SOURCE, "Rescuers saved 14 children.", "--json",
                           "--explain")  # fmt: skip
    assert code == 0
    result = json.loads(out)
    (claim,) = result["claims"]
    (explain,) = result["explain"]
    assert claim["verdict"] == explain["verdict"] == "contradicted"
    assert explain["reading"]["value"] == 14.0 and explain["reading"]["unit"] == "children"
    assert "Rescuers" in explain["reading"]["attached"]
    candidates = {c["text"]: c for c in explain["candidates"]}
    assert candidates["12"]["value_check"] == candidates["41"]["value_check"] == "differs"
    assert candidates["12"]["unit"] == "children" and "Rescuers" in candidates["41"]["attached"]
    abouts = [c["about"] for c in explain["candidates"]]
    assert abouts == sorted(abouts, reverse=True)  # most about the same thing first
    (chosen,) = [c for c in explain["candidates"] if c["chosen"]]
    assert chosen["text"] in explain["winner"]["text"] and explain["winner"]["sentence"] == 1
    assert "different value is about the same thing" in explain["why"]


def test_explain_key_is_there_even_without_numbers(tmp_path, capsys):
    _, out, _ = run_cli(tmp_path, capsys, SOURCE, "No figures here.", "--json", "--explain")
    assert json.loads(out)["explain"] == [] == json.loads(out)["claims"]


def test_without_explain_the_json_has_no_explain_key(tmp_path, capsys):
    _, out, _ = run_cli(tmp_path, capsys, SOURCE, "Rescuers saved 41 people.", "--json")
    assert "explain" not in json.loads(out)


def test_table_explain_shows_why(tmp_path, capsys):
    _, out, _ = run_cli(tmp_path, capsys, SOURCE, "About 600 residents used shelters.",
                        "--explain")  # fmt: skip
    assert "reading: About 600 residents" in out.replace("about 600", "About 600") or (
        "reading: about 600" in out
    )
    assert "candidates in the source" in out and "why: the best match is about the claim" in out


def test_an_empty_source_is_an_error_not_a_page_of_flags(tmp_path, capsys):
    code, out, err = run_cli(tmp_path, capsys, "  \n", "Rescuers saved 41 people.")
    assert code == 2 and out == ""
    assert "the source is empty" in err


def test_an_empty_source_in_pairs_names_its_line(tmp_path, capsys):
    pairs = tmp_path / "pairs.jsonl"
    rows = [{"id": "a", "source": SOURCE, "summary": "41 people."},
            {"id": "b", "source": "", "summary": "41 people."}]  # fmt: skip
    pairs.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert main(["check-numbers", "--pairs", str(pairs)]) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "the source is empty" in err


def test_numbers_inside_urls_are_not_claims():
    result = check(SOURCE, "Rescuers saved 41 people (see https://news.example.org/2019/07/flood-"
                   "88 or www.example.com/a/77).")  # fmt: skip
    assert [claim.text for claim in result.claims] == ["41"]


def test_explain_does_not_change_verdicts():
    summary = "Rescuers saved 41 people, 14 of them children, and 600 residents went to shelters."
    plain = check(SOURCE, summary, date(2024, 6, 2))
    explained = check(SOURCE, summary, date(2024, 6, 2), explain=True)
    assert plain.claims == explained.claims
    assert len(explained.explain) == len(explained.claims) and plain.explain == ()


def test_seed_article_500000_soldiers_is_not_backed_by_thousands(tmp_path, capsys):
    path = SHARED / "seed" / "article.txt"
    if not path.is_file():
        pytest.skip(f"../shared/seed/article.txt not found at {path}: this test needs it")
    summary = tmp_path / "summary.txt"
    summary.write_text("The war has killed 500,000 soldiers. NATO has 32 members.", "utf-8")
    code = main(["check-numbers", "--explain", "--json", "--source", str(path), "--published",
                 "2024-10-28", "--summary", str(summary)])  # fmt: skip
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    soldiers, members = result["explain"]
    assert soldiers["verdict"] != "supported"
    thousands = [c for c in soldiers["candidates"] if c["text"] == "thousands"]
    assert thousands and not thousands[0]["value_check"].startswith("agrees")
    assert soldiers["reading"]["attached"][:2] == ["killed", "war"]
    assert members["verdict"] == "supported" and members["winner"]["text"] == "32 ambassadors"


RULES_SOURCE = (
    "Passenger numbers at Orrin Airport doubled last year to 3.2 million, the operator said. "
    "Parking revenue tripled, and parking charges rose to six times the national average. "
    "The new terminal opens at 6am."
)


def test_every_claim_has_its_explanation_also_multiples_and_times_of_day(tmp_path, capsys):
    # Multiples in words, "N times" ratios and times of day are judged by rules of their own
    # and added after the figures: each still gets its own explanation, in the claims' order
    # (the table once read past the end of the list and crashed).
    summary = (
        "Parking revenue more than tripled, charges reached seven times the national "
        "average, the terminal opens at 7am and passengers numbered 3.2 million."
    )
    code, out, _ = run_cli(tmp_path, capsys, RULES_SOURCE, summary, "--json", "--explain")
    result = json.loads(out)
    assert code == 0 and len(result["explain"]) == len(result["claims"]) >= 4
    for claim, explained in zip(result["claims"], result["explain"], strict=True):
        assert explained["verdict"] == claim["verdict"]
        assert explained["reading"]["text"] == claim["text"]
    by_text = {claim["text"]: claim for claim in result["claims"]}
    assert by_text["more than tripled"]["verdict"] == "contradicted"
    assert by_text["7am"]["verdict"] == "contradicted"
    # a bare "seven times" (6.5 to 7.5) only touches "six times" (5.5 to 6.5): no support
    assert by_text["seven times"]["verdict"] == "contradicted"
    code, out, _ = run_cli(tmp_path, capsys, RULES_SOURCE, summary, "--explain")
    assert code == 0 and "why: a multiple: more than tripled against tripled" in out
    assert "why: a time of day: 7am against 6am" in out
