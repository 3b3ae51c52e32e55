"""The numeric check reads plain dates itself instead of calling dateparser (``dates._stated_day``:
dateparser builds a parser per publication date, most of a source's preparation). The reading
must be dateparser's own, which is the independent reference here: every plain form, any
anchor, past or future preference, impossible days left to dateparser."""

from __future__ import annotations

import calendar
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from eval.numeric import dates

MONTH_WORDS = [calendar.month_name[m] for m in range(1, 13)] + ["Sept", "Oct", "jan", "DEC"]


@st.composite
def plain_dates(draw) -> tuple[str, int]:
    month = draw(st.sampled_from(MONTH_WORDS))
    day = draw(st.integers(1, 31))
    year = draw(st.integers(1900, 2040))
    form = draw(st.sampled_from(["D M Y", "M D, Y", "M D Y", "M Y", "M, Y", "D M", "M D"]))
    return form.replace("D", str(day)).replace("M", month).replace("Y", str(year)), day


@settings(max_examples=300, deadline=None)
@given(text=plain_dates(), anchor=st.dates(date(1990, 1, 1), date(2035, 12, 31)),
       future=st.booleans())  # fmt: skip
def test_plain_dates_are_read_as_dateparser_reads_them(text, anchor, future):
    text, day = text
    has_year = bool(dates._YEAR_IN.search(text))
    expected = dates._dateparser(text, anchor.isoformat(), future, has_year)
    got = dates._stated_day(text, anchor, future)
    if got is None:  # left to dateparser: only a day the month does not have (29-31)
        assert day >= 29, text
        return
    assert got == expected, (text, anchor, future)


def test_the_anchor_day_itself_is_in_the_past_not_the_future():
    anchor = date(2024, 2, 16)
    assert dates._stated_day("February 16", anchor, False)[0] == date(2024, 2, 16)
    assert dates._stated_day("February 16", anchor, True)[0] == date(2025, 2, 16)
    assert dates._stated_day("31 February 2024", anchor, False) is None
