"""Round 3 of the numeric check on real text (issue 10): the rules behind the realtext classes
``tokowner``, ``swap``, ``role`` and ``share``, tested directly where a labelled case cannot
show them (a swapped pair, whose two claims each restate the fact the other is about)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from eval.numeric import check_against, prepare_source
from eval.numeric.attach import owner
from eval.numeric.context import sentence_words
from eval.numeric.extract import extract_mentions
from eval.numeric.implied import implied_figures

QUAKE = ("A magnitude 5.4 earthquake shook the coast on Tuesday . It was centred 25 km north "
         "of the port of Salva at a depth of 8 km , the geological survey said .")  # fmt: skip


def _verdicts(source: str, summary: str) -> list[tuple[str, str]]:
    return [(c.text, c.verdict) for c in check_against(prepare_source(source), summary).claims]


def test_two_swapped_figures_do_not_shield_each_other():
    verdicts = dict(_verdicts(QUAKE, "It was centred 8 km north of Salva at a depth of 25 km."))
    assert set(verdicts.values()) != {"supported"}, verdicts


def test_both_ends_of_a_change_still_back_each_other():
    source = "Support for the plan fell to 38.4 % from 61.2 % a year ago , the survey found ."
    assert _verdicts(source, "Support fell to 38.4% from 61.2%.") == [
        ("38.4%", "supported"),
        ("61.2%", "supported"),
    ]


def test_the_other_end_of_a_change_is_contradicted():
    source = "The Independents fell from 15 seats to 9 , and the Greens won 27 ."
    assert _verdicts(source, "The Independents fell to 15 seats.") == [("15", "contradicted")]


def test_owner_is_read_in_tokenised_text_and_not_across_a_verb():
    text = "His partner , Kofi Mensah , 22 , may follow ."
    age = next(m for m in extract_mentions(text, None, claims=False) if m.kind == "age")
    assert owner(text, age) == {"kofi", "mensah"}
    text = "The 24-year-old could replace Steven Gerrard as captain."
    age = next(m for m in extract_mentions(text, None) if m.kind == "age")
    assert owner(text, age) == frozenset()


def test_a_tokenised_hyphen_does_not_end_the_clause():
    text = "It has 85,000 small - business customers , the bank said ."
    words = sentence_words(text, 0, len(text))
    assert [text[b] for b in words.breaks] == [","]
    plain = "It has 85,000 customers - most of them use its app."
    assert len(sentence_words(plain, 0, len(plain)).breaks) == 1


@given(share=st.integers(1, 99), whole=st.integers(1, 10**6))
def test_a_share_of_a_whole_is_their_product_and_needs_the_of(share, whole):
    text = f"About {share} % of the firm 's {whole:,} customers use it ."
    mentions = extract_mentions(text, None, claims=False)
    found = implied_figures(text, mentions, lambda i: 0)
    assert [round(f.value, 6) for f in found] == [round(share / 100 * whole, 6)]
    text = f"About {share} % said yes , and {whole:,} customers use it ."
    mentions = extract_mentions(text, None, claims=False)
    assert implied_figures(text, mentions, lambda i: 0) == []


MATCH = ("Calloway took the lead in the 14th minute through Pavel Mirecki , his 27th goal of the "
         "season . Redmoor went ahead in the 58th minute . Mirecki struck again in the 87th "
         "minute , volleying in from the edge of the area .")  # fmt: skip


def test_coordinated_figures_keep_their_own_matches():
    # "in the 14th and 87th minutes" share every context word; the 14th minute is the first
    # sibling's evidence, never a rival that contradicts the second.
    summary = "Pavel Mirecki scored in the 14th and 87th minutes for Calloway."
    assert _verdicts(MATCH, summary) == [("14th", "supported"), ("87th", "supported")]


def test_a_wrong_figure_in_a_list_is_still_caught():
    summary = "Pavel Mirecki scored in the 14th and 85th minutes for Calloway."
    assert dict(_verdicts(MATCH, summary))["85th"] != "supported"


def test_coordination_needs_a_bare_conjunction_and_one_kind():
    from eval.numeric.coordination import coordinated

    text = "In 2019, 2021 and 2023 it won; 45 people came in 2020 to see 3 shows."
    mentions = sorted(extract_mentions(text, None), key=lambda m: m.start)
    groups = {m.text: {mentions[j].text for j in g} for m, g in
              zip(mentions, coordinated(mentions, text), strict=True)}  # fmt: skip
    assert groups["2019"] == {"2021", "2023"}
    assert groups["2020"] == set() and groups["45"] == set()


def _count(text: str):
    return next(m for m in extract_mentions(text, None) if m.kind in ("count", "money"))


def test_an_approximate_figure_is_the_source_figure_rounded():
    from eval.numeric.agreement import agrees, rounding_of

    assert [rounding_of(_count(t)) for t in ("about 200 people", "about 210 people",
                                             "about 25 people", "about 3.5 million people")] == [
        50.0, 5.0, 2.5, 250_000.0]  # fmt: skip
    source = _count("An estimated 200 people marched.")
    assert not agrees(_count("About 210 people marched."), source)  # more precise than it
    assert agrees(_count("About 200 people marched."), source)
    assert agrees(_count("About 200 people marched."), _count("Exactly 213 people marched."))
    assert not agrees(_count("About 200 people marched."), _count("Exactly 240 marched."))


@given(st.integers(10, 10**7))
def test_a_figure_rounded_to_two_significant_digits_backs_about_it(value):
    from eval.numeric.agreement import agrees

    digits = len(str(value))
    rounded = round(value, 2 - digits) if digits > 2 else value
    assert agrees(_count(f"about {rounded:,} people"), _count(f"{value:,} people"))


def test_sub_unit_money_is_rounded_to_the_penny():
    assert _count("398p a share").tolerance == 0.005
    assert _count("39.5 cents").tolerance == 0.0005
