"""How briefings and articles really write years and lists (issue 10, round 4): spans of years
("(1955–2019)", "2018-19", PTB's "2007 -- 08") and markdown briefings whose list items and
"Label: value" lines carry no full stop."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from eval.numeric import check_against, prepare_source
from eval.numeric.context import quick_sentences
from eval.numeric.extract import extract_mentions
from eval.numeric.facts import RELATIVE


def _years(text: str) -> list[float]:
    return [m.value for m in extract_mentions(text, None) if m.kind == "year"]


def test_each_end_of_a_span_of_years_is_a_year():
    assert _years("Pieter Lund (1955–2019) was a composer.") == [1955.0, 2019.0]
    assert _years("in the 2018-19 season") == [2018.0, 2019.0]
    assert _years("during the 2007 -- 08 season") == [2007.0, 2008.0]
    assert _years("the 1999-00 season") == [1999.0, 2000.0]
    assert _years("on 2019-03-14 it rained") == []  # an ISO date, read as one date
    kinds = [m.kind for m in extract_mentions("call 555-1955 today", None)]
    assert "score" not in kinds and "year" not in kinds  # a phone number is no score


@given(st.integers(1500, 2080), st.integers(1, 60), st.sampled_from(["-", "–", " - ", "--"]))
def test_any_span_of_years_reads_as_its_two_ends(first, length, dash):
    second = first + length
    if second > 2099:
        return
    assert _years(f"She was there from {first}{dash}{second} and left.") == [first, second]


def test_a_span_of_years_backs_its_length_and_nothing_else():
    source = "Ben Ola was club captain from 1996 to 2008 and manager in the 2011-12 season."
    facts = prepare_source(source)
    spans = [f.mention.value for f in facts.derived
             if f.mention.kind == "duration" and RELATIVE not in f.bag]  # fmt: skip
    assert spans == [12.0, 1.0]
    claims = check_against(facts, "He was captain for 12 years.").claims
    assert [(c.text, c.verdict) for c in claims] == [("12 years", "supported")]
    claims = check_against(facts, "He was captain for 14 years.").claims
    # Arithmetic backs a claim but never contradicts it.
    assert [(c.text, c.verdict) for c in claims] == [("14 years", "unsupported")]


def test_list_items_and_headings_are_sentences_of_their_own():
    text = ("### Harlow Jazz Week\n- Visitors: 18,400\n- Weekend pass: £80\n1. Founded: 1998\n\n"
            "He said the\nline goes on.")  # fmt: skip
    assert [text[s.start : s.end] for s in quick_sentences(text)] == [
        "### Harlow Jazz Week", "- Visitors: 18,400", "- Weekend pass: £80", "1. Founded: 1998",
        "He said the\nline goes on."]  # fmt: skip


def test_a_label_says_what_its_value_is_about():
    source = ("The 12th Harlow Jazz Week drew 18,400 visitors over five days, up from 15,900 "
              "last year. Day tickets cost £35 and weekend passes £80.")  # fmt: skip
    facts = prepare_source(source)
    right = check_against(facts, "- Visitors: 18,400\n- Weekend pass: £80").claims
    assert [c.verdict for c in right] == ["supported", "supported"]
    wrong = check_against(facts, "- Visitors: 15,900\n- Day ticket: £80").claims
    assert [c.verdict for c in wrong] == ["contradicted", "contradicted"]


def test_the_gap_between_two_years_backs_only_a_duration_between_events():
    facts = prepare_source("Ben Ola became club captain in 1996. He was appointed manager in 2011.")
    later = check_against(facts, "Ola became manager 15 years after he was made captain.")
    assert [(c.text, c.verdict) for c in later.claims] == [("15 years", "supported")]
    wrong = check_against(facts, "Ola became manager 12 years after he was made captain.")
    assert [(c.text, c.verdict) for c in wrong.claims] == [("12 years", "unsupported")]
    plain = check_against(facts, "Ola was manager for 15 years.")  # no two events: no gap
    assert [(c.text, c.verdict) for c in plain.claims] == [("15 years", "unsupported")]


def test_a_table_row_is_a_sentence_and_its_first_cell_labels_the_value():
    source = "The study followed 9,340 patients in 31 countries for an average of 3.4 years."
    facts = prepare_source(source)
    table = "| Fact | Value |\n|---|---|\n| Patients | 9,340 |\n| Countries | 31 |"
    right = check_against(facts, table)
    assert [(c.text, c.verdict) for c in right.claims] == [
        ("9,340", "supported"), ("31", "supported")]  # fmt: skip
    moved = check_against(facts, "| Fact | Value |\n|---|---|\n| Follow-up | 9.4 years |")
    assert [c.verdict != "supported" for c in moved.claims] == [True]


def test_a_race_time_is_a_duration_to_the_second_and_a_time_of_day_is_not_read():
    def read(text: str) -> list[tuple[str, float]]:
        return [(m.text, round(m.amount * 86400, 2)) for m in extract_mentions(text, None)
                if m.kind == "duration"]  # fmt: skip

    assert read("She won in 2:08:31, a record.") == [("2:08:31", 7711.0)]
    assert read("a time of 1:59:40.2") == [("1:59:40.2", 7180.2)]
    assert read("He ran 2 hours 8 minutes 31 seconds.") == [
        ("2 hours 8 minutes 31 seconds", 7711.0)
    ]
    assert read("The polls closed at 10:15:30 on Monday.") == []
    assert read("The launch was at 10:15:30 GMT.") == []
    assert read("It starts at 2:08 pm.") == []
