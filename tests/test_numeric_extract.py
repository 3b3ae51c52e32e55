"""Extraction and normalisation of numeric mentions: every kind, every quirk of real text.

Expected values are written out by hand from the meaning of each phrase (10,000 is ten
thousand; Monday 28 October 2024 is 2024-10-28), not read back from the extractor.
"""

from __future__ import annotations

from datetime import date

import pytest

from eval.numeric import extract_mentions

MONDAY = date(2024, 10, 28)  # publication date of the seed article, a Monday


def only(text: str, published: date | None = None):
    mentions = extract_mentions(text, published)
    assert len(mentions) == 1, [(m.text, m.kind) for m in mentions]
    mention = mentions[0]
    assert text[mention.start : mention.end] == mention.text
    return mention


@pytest.mark.parametrize(
    ("text", "kind", "amount", "unit"),
    [
        ("North Korea sent about 10,000 troops.", "count", 10_000, "troops"),
        ("some ten thousand North Korean soldiers", "count", 10_000, "soldiers"),
        ("Two hundred and fifty thousand people came.", "count", 250_000, "people"),
        ("a quarter of a million people", "count", 250_000, "people"),
        ("half a million signatures", "count", 500_000, "signatures"),
        ("about a dozen protesters", "count", 12, "protesters"),
        ("1.8m journeys a day", "count", 1_800_000, "journeys"),
        ("85m monthly users", "count", 85_000_000, "users"),
        ("the alliance's 32 national ambassadors", "count", 32, "ambassadors"),
        ("All 212 passengers were saved", "count", 212, "passengers"),
    ],
)
def test_counts_in_digits_and_words(text, kind, amount, unit):
    mention = only(text)
    assert (mention.kind, mention.amount, mention.unit) == (kind, amount, unit)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("a profit of $2.5bn", 2.5e9, "dollars"),  # a bare "$" is any dollar (currencies.py)
        ("a profit of 2.5 billion dollars", 2.5e9, "dollars"),
        ("it cost £30, 000 to repair", 30_000, "GBP"),  # tokenised thousands
        ("each gets $ 5,000", 5_000, "dollars"),  # space after the sign
        ("repairs cost £1.2m", 1_200_000, "GBP"),
        ("a profit of £1. 5m", 1_500_000, "GBP"),  # tokenised decimal
        ("the zoo needs 3 million euros", 3_000_000, "EUR"),
        ("a ticket costs 50p", 0.5, "GBP"),
        ("a turnover of Â # 8m", 8_000_000, "GBP"),  # the XSum release's mojibake pound
        ("a fee of US$4m", 4_000_000, "USD"),
    ],
)
def test_money(text, amount, currency):
    mention = only(text)
    assert mention.kind == "money"
    assert mention.amount == pytest.approx(amount)
    assert mention.currency == currency


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("inflation rose to 3.4%", 3.4, "%"),
        ("inflation rose to 3.4 per cent", 3.4, "%"),
        ("inflation rose to 3.4 percent", 3.4, "%"),
        ("inflation rose to 7. 5 %", 7.5, "%"),
        ("turnout fell by 22.8 percentage points", 22.8, "pp"),
    ],
)
def test_percentages(text, amount, unit):
    mention = only(text)
    assert (mention.kind, mention.amount, mention.unit) == ("percent", pytest.approx(amount), unit)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("the Pentagon said Monday", "2024-10-28"),  # the publication day itself
        ("they met last Friday", "2024-10-25"),
        ("the ministers will meet on Thursday", "2024-10-31"),  # future tense: this week
        ("a pact signed last June", "2024-06"),
        ("published on Oct. 28, 2024", "2024-10-28"),
        ("Source: AP, 28 Oct 2024", "2024-10-28"),
        ("launched in July 2020", "2020-07"),
        ("it reached orbit on 14 February", "2024-02-14"),
    ],
)
def test_dates_resolve_against_the_publication_date(text, iso):
    mention = only(text, MONDAY)
    assert (mention.kind, mention.value) == ("date", iso)


def test_dates_without_a_publication_date_stay_unresolved():
    assert only("the Pentagon said Monday").value == "Monday"
    assert only("it reached orbit on 14 February").value == "--02-14"
    assert only("published on Oct. 28, 2024").value == "2024-10-28"


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit"),
    [
        ("a 90-minute exchange", "duration", 90, "minute"),
        ("the almost three-year war", "duration", 3, "year"),
        ("trapped for 72 hours", "duration", 72, "hour"),
        ("a 27-year-old man", "age", 27, "year"),
        ("Ann Perrin, 64, was rescued", "age", 64, "year"),
        ("the novelist has died aged 91", "age", 91, "year"),
        ("she was 19 years old", "age", 19, "year"),
        ("the 32nd summit", "ordinal", 32, "summit"),
        ("the band's ninth album", "ordinal", 9, "album"),
        ("her thirty-second birthday", "ordinal", 32, "birthday"),
        ("since records began in 1951", "year", 1951, None),
        ("the lowest since the 1990s", "year", 1990, None),
    ],
)
def test_durations_ages_ordinals_years(text, kind, value, unit):
    mention = only(text)
    assert (mention.kind, mention.value, mention.unit) == (kind, value, unit)


def test_compound_durations_are_one_mention():
    mention = only("She won in 2 hours 18 minutes 40 seconds.")
    assert mention.kind == "duration"
    assert mention.amount == pytest.approx((2 * 3600 + 18 * 60 + 40) / 86400)


def test_scores_need_a_sporting_context_and_ranges_do_not():
    score = only("Redford City beat Ashcombe Rovers 3-1 on Saturday.".replace(" on Saturday", ""))
    assert (score.kind, score.value) == ("score", "3-1")
    ranged = only("The work will take 10-15 years.")
    assert ranged.kind == "duration"
    assert (ranged.low, ranged.high) == pytest.approx((10 * 365.25, 15 * 365.25))


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("about 10,000 troops", 9_000, 11_000),
        ("nearly 10,000 troops", 8_500, 10_000),
        ("more than 4,000 runners", 4_000, 4_000 / 0.75),  # "more than 4,000" is not 6,000
        ("at least 48 people", 48, 64),
        ("up to 65 people", 48.75, 65),
        ("thousands of soldiers", 2_000, 99_000),  # 500,000 is "hundreds of thousands"
    ],
)
def test_hedges_become_intervals(text, low, high):
    mention = only(text)
    assert (mention.low, mention.high) == pytest.approx((low, high))


def test_exact_round_figures_carry_news_rounding_only():
    assert only("10,000 troops").tolerance == pytest.approx(250)  # 9,800 may be written 10,000
    assert only("45,000 pounds of jewellery").tolerance <= 500  # but 44,000 may not


@pytest.mark.parametrize(
    "text",
    [
        "one of the officials said",  # a pronoun
        "World War Two veterans",  # a name
        "a one-off payment",
        "at first, nobody came",
        "the F-16 and the A320",  # codes
        "at 10:30 on the dot",  # a time
        "COVID-19 cases",
        "32 ambassadors",  # ...and one that is a number, so the list is not trivially empty
    ],
)
def test_things_that_are_not_numbers(text):
    mentions = extract_mentions(text)
    expected = 1 if text.startswith("32") else 0
    assert len(mentions) == expected, [(m.text, m.kind) for m in mentions]


def test_curly_quotes_and_lower_case_text_keep_offsets():
    text = "“the alliance’s 32 national ambassadors,” said the 48-year-old."
    mentions = extract_mentions(text)
    assert [(m.text, m.kind) for m in mentions] == [("32", "count"), ("48-year-old", "age")]
    lowered = extract_mentions(
        "the bridge cost £30, 000 to repair and reopened after seven weeks ."
    )
    assert [(m.kind, m.amount) for m in lowered] == [("money", 30_000), ("duration", 49)]


@pytest.mark.parametrize(
    ("text", "kind", "amount"),
    [
        ("a £200million sponsorship deal", "money", 200_000_000),  # scale glued to the figure
        ("a $5billion fund", "money", 5_000_000_000),
        ("cost 3million euros", "money", 3_000_000),
        ("The epic 1977 miniseries had a huge audience.", "year", 1977),  # a year, not a count
        ("the Rio 2016 games", "year", 2016),
        ("a further 1960 homes were flooded", "count", 1960),  # "further" counts
        ("the 2000 people who attended", "count", 2000),  # a round figure after "the" counts
        ("About 1950 people attended", "count", 1950),
    ],
)
def test_glued_scales_and_years_that_name_a_thing(text, kind, amount):
    mention = only(text)
    assert (mention.kind, mention.amount) == (kind, amount)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("The event runs on 8 and 9 October 2024.", ["2024-10-08", "2024-10-09"]),
        ("They race on May 2 and 3, 2025 in Nassau", ["2025-05-02", "2025-05-03"]),
        ("on 2nd and 3rd May 2025 .", ["2025-05-02", "2025-05-03"]),
        ("held on 12-14 June 2023", ["2023-06-12", "2023-06-14"]),
    ],
)
def test_the_other_day_of_two_coordinated_days_shares_the_month(text, days):
    mentions = extract_mentions(text)
    assert [(m.kind, str(m.value)) for m in mentions] == [("date", day) for day in days]


def test_a_count_after_a_coordinated_day_is_no_day():
    mentions = extract_mentions("The storm hit on March 3 and 5 people died.")
    assert [(m.kind, m.amount) for m in mentions if m.kind == "count"] == [("count", 5)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("a third of 10 to 11-year-olds", "age"),  # an age group (extract v17)
        ("between 10 and 12 years", "duration"),
        ("from 20 to 30 per cent", "percent"),
    ],
)
def test_the_first_end_of_a_range_takes_the_kind_of_the_second(text, kind):
    ranged = [m for m in extract_mentions(text) if m.text[:2] in ("10", "20")]
    assert ranged[0].kind == kind and ranged[0].value in (10.0, 20.0)


def test_a_unit_after_a_hyphenated_pair_makes_a_range_in_any_sentence():
    """ "leading" is a word of sport, but "10-11 year olds" has a unit: no score has one."""
    text = "A third of 10-11 year olds are obese, leading to fears for their health."
    ranged = [m for m in extract_mentions(text) if m.text.startswith("10-11")]
    assert ranged[0].kind == "duration" and ranged[0].hedge == "range"
    assert only("Leading 3-2 at half-time, they held on.").kind == "score"


@pytest.mark.parametrize(
    "text",
    [
        "Arsenal won Saturday's under 21 encounter at Meadow Park.",
        "Kane, a Wales under 19 international, scored.",
    ],
)
def test_age_groups_are_names_on_both_sides(text):
    for claims in (True, False):
        assert [m.text for m in extract_mentions(text, claims=claims) if m.kind == "count"] == []
    assert only("Children under 16 were admitted free.").hedge == "under"


@pytest.mark.parametrize(
    ("text", "hedge", "low", "high"),
    [
        ("the temperature did not fall below 29C", "no less than", 29, None),
        ("it never rose above 40C all week", "no more than", None, 40),
        ("the temperature fell below 29C", "below", None, 29),  # no negation: a plain bound
    ],
)
def test_a_bound_under_a_negation_points_the_other_way(text, hedge, low, high):
    mention = only(text)
    assert mention.hedge == hedge
    assert (low is None or mention.low == low) and (high is None or mention.high == high)


@pytest.mark.parametrize(
    ("text", "unit", "amount"),
    [
        ("a harvest of 29.6m tonnes", "tonne", 29_600_000_000),  # in kilograms
        ("sown on 2.25m hectares", "hectare", 22_500_000_000),  # in square metres
    ],
)
def test_millions_of_a_measure_written_with_m(text, unit, amount):
    mention = only(text)
    assert (mention.unit, mention.amount) == (unit, pytest.approx(amount))
    assert only("the 245m tall tower").dimension == "length"  # metres stay metres


def test_a_bare_month_after_on_is_a_date_and_a_race_time_is_never_merged():
    months = [m for m in extract_mentions("Waits were up 7% on March.", MONDAY)
              if m.kind == "date"]  # fmt: skip
    assert [m.text for m in months] == ["March"]
    times = extract_mentions("She won in 2:21:14, 44 seconds ahead of Tefera.")
    assert [m.text for m in times] == ["2:21:14", "44 seconds"]


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("alexis sanchez scored twice as arsenal beat hull .", True),  # "as" opens a clause
        ("Twice as many people came this year.", False),  # a multiple
        ("Women were twice as likely as men to apply.", False),
        ("The new ticket is twice as expensive.", False),
    ],
)
def test_twice_as_a_count_or_a_multiple(text, counted):
    found = [m for m in extract_mentions(text) if m.text.lower() == "twice"]
    assert bool(found) == counted


@pytest.mark.parametrize(
    ("text", "per"),
    [
        ("at a cost of around £190 a month", "month"),
        ("raising parking charges by 20p an hour", "hour"),
        ("an extra 40,000 operations a week", "week"),
        ("earns £30,000 per annum", "year"),
        ("a bonus of £30,000 for staff", None),
    ],
)
def test_the_period_a_rate_is_per(text, per):
    assert only(text).per == per


def test_strokes_against_par_are_no_bare_count():
    assert only("to finish on 13 under.").unit == "under-par"
    assert [m.unit for m in extract_mentions("second on 12 under after a 70")][1] == "under-par"
    assert only("Children under 16 were admitted free.").unit is None


def test_minutes_and_seconds_with_hundredths_are_a_race_time():
    mention = only("She swam 1:53.20 in the final.")
    assert (mention.kind, round(mention.amount * 86400, 2)) == ("duration", 113.2)
    assert extract_mentions("They met at 10:30 on the dot.") == []  # a time of day
    half = only("She won by more than half a second.")
    assert (half.kind, round(half.amount * 86400, 2)) == ("duration", 0.5)
