"""Currencies of the world (``eval/numeric/currencies.py``): names, codes, signs, families, the
article's own dollar, and pounds that weigh. Expected values are written from the texts, by
hand, not taken from the checker."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eval.numeric import check, extract_mentions
from eval.numeric.currencies import FAMILIES, same_currency


def _money(text: str) -> list[tuple[str, float, str | None]]:
    return [(m.text, m.amount, m.currency) for m in extract_mentions(text) if m.kind == "money"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the prize fund was raised to 480,000 Swiss francs",
            ("480,000 Swiss francs", 480e3, "CHF"),
        ),
        ("Each winner receives CHF 20,000.", ("CHF 20,000", 20e3, "CHF")),
        ("a bonus of NOK 400,000 was paid", ("NOK 400,000", 400e3, "NOK")),
        ("nok 400,000 in lower-cased text", ("nok 400,000", 400e3, "NOK")),
        ("it cost 14 million SEK", ("14 million SEK", 14e6, "SEK")),
        ("a fine of 650,000 Danish kroner", ("650,000 Danish kroner", 650e3, "DKK")),
        ("the government pledged 80 million pesos", ("80 million pesos", 80e6, "pesos")),
        ("a salary of 4,666 złoty a month", ("4,666 złoty", 4666, "PLN")),
        ("tickets cost 250 zł each", ("250 zł", 250, "PLN")),
        ("a first prize of R1,250,000 this year", ("R1,250,000", 1.25e6, "ZAR")),
        ("a purse of R18 million", ("R18 million", 18e6, "ZAR")),
        ("rooms cost 5,420 baht a night", ("5,420 baht", 5420, "THB")),
        ("a dividend of 42 Australian cents a share", ("42 Australian cents", 0.42, "AUD")),
        ("it raised 2.1 billion Brazilian reais", ("2.1 billion Brazilian reais", 2.1e9, "BRL")),
        ("an emergency fund of 850 million dinars", ("850 million dinars", 850e6, "dinars")),
    ],
)
def test_currencies_are_read_where_news_writes_them(text, expected):
    assert _money(text) == [expected]


@pytest.mark.parametrize(
    "text",
    ["the droid R2-D2 and R2 units", "try 5 times", "route R21 closed", "Apollo 11 runs php 8"],
)
def test_codes_and_letters_that_are_no_money(text):
    assert _money(text) == []


def test_families_agree_with_their_members_and_members_differ():
    assert same_currency("pesos", "MXN") and same_currency("MXN", "pesos")
    assert same_currency("kr", "kroner") and same_currency("dollars", "AUD")
    assert not same_currency("NOK", "DKK") and not same_currency("USD", "AUD")
    assert not same_currency("pesos", "GBP") and not same_currency(None, "GBP")


_CODES = st.sampled_from(sorted({"GBP", "EUR", "USD", *FAMILIES, *set().union(*FAMILIES.values())}))


@given(_CODES, _CODES)
def test_sameness_is_symmetric_and_reflexive(a, b):
    assert same_currency(a, a)
    assert same_currency(a, b) == same_currency(b, a)


def _verdicts(source: str, summary: str) -> dict[str, str]:
    return {claim.text: claim.verdict for claim in check(source, summary).claims}


def test_a_conversion_in_brackets_is_no_rival():
    source = "The state released 940 million dinars (about $7.2 million) and sent 450 soldiers."
    assert _verdicts(source, "The state released $7.2 million.")["$7.2 million"] == "supported"
    # the same figure in another currency is a currency changed
    assert _verdicts(source, "The state released 940 million euros.")["940 million euros"] != (
        "supported"
    )


def test_a_briefing_reads_bare_dollars_as_its_article_does():
    source = ("Corvex owes US$1.34 billion and held assets of $412 million. Singapore's regulator "
              "fined it S$2.5 million in 2023.")  # fmt: skip
    assert _verdicts(source, "Corvex was fined $2.5 million.")["$2.5 million"] != "supported"
    australian = "Redgum made A$2.41 billion. Its dividend rose to 55 cents from 48 cents."
    verdicts = _verdicts(australian, "Redgum made $2.41 billion; its dividend rose by 7 cents.")
    assert verdicts == {"$2.41 billion": "supported", "7 cents": "supported"}


def test_pounds_weigh_where_the_text_says_so():
    weighed = [(m.text, m.kind, m.unit) for m in extract_mentions(
        "A pumpkin weighing 1,964 pounds won. He received $4,000.")]  # fmt: skip
    assert weighed == [("1,964 pounds", "count", "lb"), ("$4,000", "money", "dollars")]
    paid = [(m.kind, m.currency) for m in extract_mentions("The club paid 30 million pounds.")]
    assert paid == [("money", "GBP")]
    source = "A pumpkin weighing 1,964 pounds beat last year's 1,811 pounds. He won $4,000."
    assert _verdicts(source, "The 1,964-pound pumpkin beat last year's 1,811 lb.") == {
        "1,964-pound": "supported",
        "last year": "supported",
        "1,811 lb": "supported",
    }
    assert _verdicts(source, "The winner weighed 1,811 pounds.")["1,811 pounds"] != "supported"
