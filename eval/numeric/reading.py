"""Read one number together with what surrounds it, and decide what it is.

A currency sign before it, a scale, percent sign, unit or counted noun after it, a hedge before
it, a hyphenated unit ("90-minute", "27-year-old"), an age cue ("aged", "Ann, 64,"), a label
("number one", "magnitude 6.1"): each changes the kind and the value. The order of the tests
is the order of precedence: money, percent, ordinal, compound, duration, age, decade, year,
measure, label, count.
"""

from __future__ import annotations

import re

from eval.numeric import patterns as P
from eval.numeric.around import (
    comma_age_word,
    compound_kind,
    from_compound,
    is_year,
    label_measure,
    label_name_age,
    measure_after,
    million_not_metres,
    singular_noun,
    spaced_metre,
    time_unit_after,
)
from eval.numeric.clauses import copula_age, rate_points
from eval.numeric.currencies import code_before, glued_prefix, name_after, pounds_weigh
from eval.numeric.hedges import hedge_before, hedge_start, post_hedge
from eval.numeric.lexicon import (
    CURRENCY_SYMBOLS,
    LABEL_WORDS,
    SCALE_WORDS,
    SUBUNITS,
)
from eval.numeric.mention import Mention
from eval.numeric.nouns import counted_noun, following_words, measure_unit, ordinal_noun
from eval.numeric.values import (
    age_mention,
    decade_mention,
    duration_mention,
    is_round,
    make_mention,
    measure_mention,
)

_BARE_POUNDS = re.compile(r"\s+pounds?", re.IGNORECASE)
_WORDS_BEFORE = re.compile(r"([A-Za-z][A-Za-z'\-]*)\W{0,2}$")


def read_number(
    text: str,
    norm: str,
    start: int,
    core_end: int,
    number: float,
    *,
    places: int = 0,
    has_comma: bool = False,
    digits: str = "",
    spelled: bool = False,
    ordinal: bool = False,
) -> Mention | None:
    """Read one number together with its surroundings and decide what it is."""
    position = core_end
    suffix = None
    if not spelled:
        suffix_match = P.SUFFIX.match(norm, position)
        if suffix_match:
            suffix = (suffix_match.group("degree") or suffix_match.group("suffix")).lower()
            if suffix in ("am", "pm", "a.m.", "p.m."):
                return None
            if suffix == "c" and suffix_match.group("degree"):
                suffix = "celsius"
            elif suffix == "f" and suffix_match.group("degree"):
                suffix = "fahrenheit"
            position = suffix_match.end()
        elif position < len(norm) and (norm[position].isalnum() or norm[position] == "_"):
            return None
        if suffix is None and P.NOT_A_NUMBER_AFTER.match(norm, position):
            return None
        if suffix is None and P.TIME_AFTER.match(norm, position):
            return None
    if suffix in ("st", "nd", "rd", "th"):
        ordinal = True
        suffix = None

    scale = 1.0
    measure: str | None = None
    decade = False
    if suffix in ("bn", "mn", "mln", "trn", "tn", "k", "million", "billion", "trillion"):
        scale = SCALE_WORDS[suffix]
    elif suffix == "s":
        decade = True
    elif suffix is not None:
        measure = suffix  # "m", "c", "f", "p" are settled below

    compound = None
    compound_match = P.COMPOUND.match(norm, position)
    if compound_match:
        compound = compound_match.group("compound").lower()
    if not ordinal and (compound in _POINTS or (compound in ("point", "points")
                        and _POINT_CHANGE_AFTER.match(norm, compound_match.end())
                        and rate_points(norm, start, position))):  # fmt: skip
        # "a 50-basis-point rise", "a 6.8-point fall" in the polls: read as points (below);
        # "a three-point percentage" and "a 3-point win" stay compounds.
        compound = None
    # An ordinal's compound is read by its noun ("the second-round tie"), not counted.
    if compound is not None and compound_kind(compound, any_noun=not ordinal):
        position = compound_match.end()
    else:
        compound = None

    if compound is None and scale == 1.0 and measure is None and not ordinal:
        scale_match = P.SCALE_AFTER.match(norm, position)
        if scale_match:
            scale = SCALE_WORDS[scale_match.group("scale").lower()]
            position = scale_match.end()

    # Currency before ("£", "$ ", "Â #") or after ("euros", "pence").
    currency = None
    span_start = start
    symbol = P.CURRENCY_BEFORE.search(norm, max(0, start - 4), start)
    if symbol and not ordinal and compound is None:  # "# eight-week" (a tokenised £) is no sum
        currency = CURRENCY_SYMBOLS.get(re.sub(r"\s", "", symbol.group("symbol")).lower())
        span_start = symbol.start()
    elif not ordinal and (named := code_before(norm, start, norm[start:core_end], core_end)):
        currency, span_start = named  # "NOK 400,000", "R1,000", "Rs 500"
    elif glued_prefix(norm, start):
        return None  # "R2": a code, not a sum
    if measure == "m" and currency is not None:
        scale, measure = 1e6, None
    if currency is not None and compound is None and scale == 1.0:
        letter = P.SCALE_LETTER_AFTER.match(norm, position)
        if letter:
            scale = SCALE_WORDS[letter.group("scale").lower()]
            position = letter.end()

    percent = None
    if compound is None and not ordinal and currency is None and measure is None:
        percent_match = P.PERCENT_AFTER.match(norm, position)
        basis = P.BASIS_POINTS_AFTER.match(norm, position) if not percent_match else None
        if percent_match:
            percent = "pp" if percent_match.group("points") else "%"
            position = percent_match.end()
        elif basis:  # 25 basis points are 0.25 percentage points
            percent, position = "pp", basis.end()
            number, places = number / 100.0, places + 2
        elif rate_points(norm, span_start, position):
            percent = "pp"
            position = P.POINTS_AFTER.match(norm, position).end()
    factor = 1.0
    weighs = False  # "a pumpkin weighing 2,317 pounds"
    if percent is None and currency is None and compound is None and not ordinal:
        named = name_after(norm, position)
        if named is not None:
            currency, factor, name_end = named
            if (currency == "GBP" and _BARE_POUNDS.fullmatch(norm, position, name_end)
                    and pounds_weigh(norm, span_start, name_end, scale)):  # fmt: skip
                currency, weighs = None, True
            position = name_end
    if measure == "p" and currency is None:
        currency, measure = "GBP_P", None
    if currency in SUBUNITS:
        currency, factor = SUBUNITS[currency]

    hedge = hedge_before(norm, span_start)
    words_after = following_words(norm, position)
    common = {"start": span_start, "hedge": hedge, "scale": scale}
    if weighs:
        end, hedge = post_hedge(norm, position, hedge)
        return measure_mention(text, number, scale, places, "lb", end, {**common, "hedge": hedge})

    if currency is not None:
        noun, phrase = counted_noun(words_after)
        end, hedge = post_hedge(norm, position, hedge)
        # "398p" is 3.98 GBP, and its rounding is half a penny, not half a pound: the subunit
        # factor scales the tolerance as "million" does.
        return make_mention(
            text,
            kind="money",
            value=number * scale * factor,
            places=places,
            round_number=is_round(digits, scale),
            end=end,
            currency=currency,
            unit=currency,
            noun_phrase=phrase,
            **{**common, "hedge": hedge, "scale": scale * factor},
        )
    if percent is not None:
        end, hedge = post_hedge(norm, position, hedge)
        return make_mention(
            text,
            kind="percent",
            value=number,
            places=places,
            round_number=False,
            end=end,
            unit=percent,
            **{**common, "hedge": hedge},
        )
    if ordinal:
        if compound:
            noun, phrase = compound.split("-")[0], (compound,)
        else:
            noun, phrase = ordinal_noun(words_after)
        return make_mention(
            text,
            kind="ordinal",
            value=number,
            places=0,
            round_number=False,
            end=position,
            unit=noun,
            noun_phrase=phrase,
            **common,
        )
    if compound is not None:
        if compound in ("pound", "pounds") and pounds_weigh(norm, span_start, position):
            return measure_mention(text, number, scale, places, "lb", position, common)
        return from_compound(text, norm, number, places, compound, position, common)

    # A time unit after the number: a duration, or an age ("27 years old").
    unit_word, unit_end = time_unit_after(norm, position, words_after)
    if unit_word is not None:
        old = P.YEARS_OLD_AFTER.match(norm, position)
        if old:
            return age_mention(text, number, old.end(), unit_word, common)
        if common["hedge"] == "over" and not P.MORE_THAN_SPAN_BEFORE.search(
            norm[max(0, span_start - 40) : hedge_start(norm, span_start)]
        ):
            common["hedge"] = None  # "spent £2bn over three years": the span, not "more than"
        return duration_mention(text, norm, number, places, unit_word, unit_end, common)

    cue_end = hedge_start(norm, span_start)
    before = norm[max(0, cue_end - 30) : cue_end]
    age_cue = P.AGE_BEFORE.search(before)
    if age_cue and number < 130:
        if age_cue.group("hedge") and common["hedge"] is None:
            common["hedge"] = age_cue.group("hedge").lower()  # "under the age of 16"
        return age_mention(text, number, position, "year", common)
    if not has_comma and not places and number < 120 and copula_age(norm, start, position):
        return age_mention(text, number, position, "year", common)  # "the looters were 19"
    if (not has_comma and not places and 5 <= number < 120
            and P.AT_AGE_BEFORE.search(norm, max(0, start - 12), start)
            and P.AT_AGE_AFTER.match(norm, position)):  # fmt: skip
        return age_mention(text, number, position, "year", common)  # "At 75, Nicklaus ..."
    if (not has_comma and not places and 5 <= number < 120
            and P.LIFE_AT_BEFORE.search(norm, max(0, start - 80), start)
            and P.LIFE_AT_AFTER.match(norm, position)):  # fmt: skip
        return age_mention(text, number, position, "year", common)  # "died at 90"
    if (not spelled and 5 <= number < 120 and not has_comma and not places
            and label_name_age(norm, start, position)):  # fmt: skip
        return age_mention(text, number, position, "year", common)  # "- Winner: Ann Lee, 52"
    if (
        not spelled
        and number < 120
        and not has_comma
        and not places
        and P.COMMA_AGE.search(norm[max(0, start - 3) : start])
        and P.COMMA_AGE_AFTER.match(norm, position)
        and comma_age_word(word_before(norm, start - 2))
    ):
        return age_mention(text, number, position, "year", common)
    if (not spelled and 5 <= number < 120 and not has_comma and not places
            and P.NOW_AGE_BEFORE.search(norm, max(0, start - 40), start)
            and P.COMMA_AGE_AFTER.match(norm, position)
            and comma_age_word(word_before(norm, norm.rfind(",", 0, start)))):  # fmt: skip
        return age_mention(text, number, position, "year", common)  # "Oyelaran, now 34, was"

    if decade:
        return decade_mention(text, norm, number, position, common)
    if is_year(number, digits, scale, places, has_comma, words_after, measure, before):
        return make_mention(
            text, kind="year", value=number, places=0, round_number=False, end=position, **common
        )

    label = word_before(norm, start).lower()
    if measure is None and words_after:
        measure, position = measure_after(norm, position, words_after)
    spaced = None if measure is not None else spaced_metre(norm, start, position, words_after)
    if spaced is not None:
        measure, position = "m", spaced  # "- Length: 142 m": read as metres, never millions
    if measure is None and scale == 1.0 and (pair := P.BY_MEASURE_AFTER.match(norm, position)):
        # "a mosaic measuring 7.2 by 4.8 metres": the first side is in metres too
        measure = measure_unit(pair.group("unit"))
    sides = measure == "m" and bool(P.BY_MEASURE_BEFORE.search(norm, max(0, start - 16), start)
                                    or P.BY_MEASURE_AFTER.match(norm, position))  # fmt: skip
    # "7.2m by 4.8m": both sides are lengths, never millions
    if (measure == "m" and not sides and spaced is None
            and million_not_metres(norm, start, position, words_after)):  # fmt: skip
        measure, scale = None, 1e6
        common["scale"] = scale
        if words_after:  # "29.6m tonnes", "2.25m hectares": millions of a measure
            measure, position = measure_after(norm, position, words_after)
    if measure in ("c", "f") and not -80 <= number <= 200:
        return None
    if measure is not None:
        return measure_mention(text, number, scale, places, measure, position, common)
    if label == "number" and not re.search(
        r"\b(?:at|to|no|the)\s+number\s*$", norm[max(0, start - 16) : start].lower()
    ):
        label = ""  # "females now number 406": a verb
    if label in LABEL_WORDS and label not in ("year",):
        if label == "magnitude":
            return measure_mention(text, number, scale, places, "magnitude", position, common)
        return make_mention(text, kind="count", value=number * scale, places=places,
                        round_number=False, end=position, unit=label, noun_phrase=(label,),
                        **common)  # fmt: skip
    noun, phrase = counted_noun(words_after)
    if noun is None and (unit := label_measure(norm, start)) is not None:
        return measure_mention(
            text, number, scale, places, unit, position, common
        )  # "- Hectares treated: 131,000"
    if noun is None and words_after and words_after[0].lower() == "of":
        whole = P.OF_WHOLE.match(norm, position)
        if whole:  # "1,300 of its 38,500 jobs", "two of its five plants": what the whole counts
            noun, phrase = counted_noun(following_words(norm, whole.end()))
    if noun is None and P.POPULATION_BEFORE.search(before):
        noun, phrase = "residents", ("residents",)  # "a town of 8,600"
    if noun is None and (par := _PAR_AFTER.match(norm, position)) is not None:
        # a golfer "on 13 under", "10 under par": strokes against par, no bare count
        noun = f"{par.group('way').lower()}-par"
        phrase = (noun,)
    if number == 1 and noun is None and words_after and singular_noun(words_after[0]):
        noun, phrase = words_after[0].lower(), (words_after[0].lower(),)  # "one miner"
    if (number == 1 and spelled and noun is None and not re.match(r"\s+in\s+\d", norm[position:])
            and norm[start:position].lower() != "once"):  # fmt: skip
        return None  # "one" alone is a pronoun; "lost just once" counts
    end, hedge = post_hedge(norm, position, hedge)
    return make_mention(
        text,
        kind="count",
        value=number * scale,
        places=places,
        round_number=is_round(digits, scale),
        end=end,
        unit=noun,
        noun_phrase=phrase,
        **{**common, "hedge": hedge},
    )


_POINT_CHANGE_AFTER = re.compile(
    r"\s+(?:fall|rise|drop|cut|increase|decrease|decline|gain|jump|lead|swing|gap|reduction|"
    r"hike|slide|slump|improvement)s?\b",
    re.IGNORECASE,
)
_POINTS = frozenset({"basis-point", "basis-points", "percentage-point", "percentage-points"})
_PAR_AFTER = re.compile(
    r"\s+(?P<way>under|over)(?:[\s-]+par\b|(?=\s*(?:[,.;)]|$|(?:and|after|with|for|in|at)\b)))",
    re.IGNORECASE,
)


def word_before(norm: str, start: int) -> str:
    match = _WORDS_BEFORE.search(norm[max(0, start - 24) : start])
    return match.group(1) if match else ""
