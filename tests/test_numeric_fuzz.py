"""Property tests: the extractor and the checker never crash, and spans always index the input.

Real briefings are messy (model output can repeat itself, cut numbers in half, mix scripts), so
the extractor is fed arbitrary text and text assembled from number-like fragments.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from eval.numeric import check, extract_mentions

FRAGMENTS = [
    "10,000", "£30, 000", "7. 5", "$ 5,000", "3.4 per cent", "ten thousand", "a dozen",
    "about", "nearly", "more than", "at least", "up to", "2.5bn", "m", "k", "%", "-", "–",
    "year-old", "minute", "troops", "people", "Oct. 28, 2024", "last June", "Monday", "32nd",
    "first", "2-0", "1990s", "aged", ",", ".", " ", "\n", "“", "”", "’", "Â #", "#", "/",
    ":", "(", ")", "and", "of", "the", "half a million", "three and a half", "1 in 20", "0",
    "9", "2024", "magnitude", "km/h", "°C", "p", "in his 70s", "between 2011 and", "ago",
]  # fmt: skip

fragment_text = st.lists(st.sampled_from(FRAGMENTS), max_size=30).map(" ".join)
glued_text = st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join)
any_text = st.one_of(st.text(max_size=300), fragment_text, glued_text)
published = st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))


@settings(max_examples=300, deadline=None)
@given(text=any_text, when=published)
def test_extract_never_crashes_and_spans_index_the_input(text, when):
    mentions = extract_mentions(text, when)
    previous_end = 0
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end  # no overlapping mentions
        previous_end = mention.end


@settings(max_examples=150, deadline=None)
@given(source=any_text, summary=any_text, when=published)
def test_check_never_crashes_and_claims_index_the_summary(source, summary, when):
    result = check(source, summary, when)
    for claim in result.claims:
        assert summary[claim.start : claim.end] == claim.text
        assert claim.verdict in ("supported", "contradicted", "unsupported")
    assert result.flagged == sum(c.verdict != "supported" for c in result.claims)
