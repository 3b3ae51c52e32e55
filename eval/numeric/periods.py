"""The period a rate is per: "£190 a month", "20p an hour", "a weekly pass costs £18".

A rate's figure agrees with a source figure only per the same period (``agreement``): "£9,535
a term" is not "£9,535 a year", "£18 a month" is not "a weekly pass costs £18". The period
follows the figure ("a month", "per game") or, for a sum of money, is an adjective of the noun
the sum is the price of, right before it ("a weekly pass costs £18", "the monthly rent of
£800", "an annual fee of £120"). Moved out of ``extract`` (round 42), which it had outgrown.
"""

from __future__ import annotations

import re
from dataclasses import replace

from eval.numeric.mention import Mention

# "a second time", "a second half", "a season ticket": never the period of a rate.
_NO_RATE_AFTER = r"(?:time|half|round|leg|place|ticket|pass|high|best|record)\b"
# "£190 a month", "20p an hour", "40,000 operations a week": the period a rate is per.
_PER_AFTER = re.compile(
    r"(?:\s+[a-z]+)?\s+(?:a|an|per|each)\s+(?P<per>second|minute|hour|day|night|week|month|"
    r"year|annum|trip|visit|person|head|household|passenger|journey|term|semester|season|"
    r"game|match|shift)\b"
    rf"(?!\s+{_NO_RATE_AFTER})",
    re.IGNORECASE,
)
# "a weekly pass costs £18", "the monthly rent of £800", "annual fees of £120": the adjective,
# the noun (one or two words) and a verb or "of" between it and the sum, nothing else.
_PER_BEFORE = re.compile(
    r"\b(?P<per>hourly|daily|nightly|weekly|monthly|annual|yearly)\s+[a-z]+(?:\s+[a-z]+)?\s+"
    r"(?:of|at|is|was|are|were|costs?|cost|will\s+cost|rises?\s+to|rose\s+to|goes\s+up\s+to)"
    r"\s+(?:about\s+|around\s+|just\s+|nearly\s+|almost\s+)?$",
    re.IGNORECASE,
)
_ADJECTIVE_PERIOD = {"hourly": "hour", "daily": "day", "nightly": "night", "weekly": "week",
                     "monthly": "month", "annual": "year", "yearly": "year"}  # fmt: skip


def per_period(norm: str, mention: Mention) -> Mention:
    """``mention`` with its period (``Mention.per``), when ``norm`` gives one."""
    if mention.kind not in ("money", "count", "percent"):
        return mention
    per = _PER_AFTER.match(norm, mention.end)
    if per is not None:
        period = per.group("per").lower()
        return replace(mention, per="year" if period == "annum" else period)
    if mention.kind == "money":
        before = _PER_BEFORE.search(norm, max(0, mention.start - 60), mention.start)
        if before is not None:
            return replace(mention, per=_ADJECTIVE_PERIOD[before.group("per").lower()])
    return mention
