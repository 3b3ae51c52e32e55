"""Numeric fact check: every number in a briefing must be backed by its source article.

``check(source, summary, published)`` extracts each numeric claim of the briefing (counts,
money, percentages, dates, years, durations, ages, ordinals, scores), normalises it and gives
it a verdict against the article: supported, contradicted (the article gives a different value
for the same thing) or unsupported (nothing in the article backs it), with the evidence
sentence and a one-line explanation. ``prepare_source`` does the article side once so that
many briefings can be checked against it cheaply with ``check_against``.
"""

from eval.numeric.check import VERDICTS, CheckResult, Claim, check, check_against, check_mentions
from eval.numeric.extract import extract_mentions
from eval.numeric.facts import SourceFacts, prepare_source
from eval.numeric.mention import KINDS, Mention

# v8: "lost just once", any noun after a hyphen ("a 420-pupil school"), "11 US plants", ages
# predicated of a name ("Susan is 59") or closing a sentence ("and Rui Tavares, 37."); v9: "two
# of its five plants" counts plants; v10: "1,300 of its 38,500 jobs" counts jobs; v11: ages
# in "Name, now 34, was 27 when" and after a life's event ("died at 90"), "Visitors: 1.21m",
# points of a rate are percentage points, "a 4,870-square-kilometre reserve"; v12: "more than"
# after a figure compares ("30% more than two years ago"), "N years ago" is marked; v13:
# proportions in words ("two-thirds", "one in six"), units in list labels ("- Hectares
# treated: 131,000"), "stone" before a plural noun is a material; v14: currencies of the world
# (codes, names with their nationality, "R1,000", "250 zł"), an article's bare "$" is the dollar
# it names, "pounds" that weigh, weight classes are names, "from 400,000" after a sum is a sum;
# v15: scale words glued to a figure ("£200million"), a recent year after a determiner or a
# name ("the epic 1977 miniseries", "Rio 2016 games"), the other day of "8 and 9 October" and
# "May 2 and 3, 2025", the first end of "10 to 11-year-olds" and "20 to 30 per cent", a unit
# after "10-11" makes a range in any sentence, age groups ("the under 18 encounter") are names,
# a negated bound points the other way ("did not fall below 29C"), "29.6m tonnes" is millions
# of tonnes, "on March" is a month, a race time takes no duration after it as its seconds,
# "scored twice as Arsenal beat Hull" counts (only "twice as many/likely as" is a multiple),
# "in 2012 series" is a year, "when he was 12 as his family" an age, "on 13 under" counts
# strokes against par, "£190 a month" is per month, "1:53.20" and "half a second" are durations,
# "more than half of" is a share; v16: basis points ("18 basis points", "25 bps"; not a glued
# "25bp") and fractions of a percentage point ("half a percentage point", "a quarter-point
# cut") are percentage points, and so are "a 6.8-point fall" and "a 0.5 percentage-point cut"
# in a sentence about rates; a scale word counts a duration or an age too ("some 2.4 billion
# years", "about 7 billion years old"), and a full month name's dot ends its sentence
# ("since January.\n4. Kanemori will ...": no "January 4"), the two sides of an area share a
# unit ("7.2 by 4.8 metres", "7.2m by 4.8m" are both lengths), "plans for a second runway" is an
# ordinal (only "for a second" alone is an idiom), a grouped figure is never a name's ("River
# Teme 1,230 times"), a rate may be per minute, second, trip, person or household, and years of
# an era are years ("AD 69", "200 BC", "from about ad 320"); v17: an age group is an age
# ("16 to 24-year-olds", tokenised "five - year - olds"), not a span of years; v18: a spaced
# "m" is metres under a dimension label or before a dimension word ("- Length: 142 m"), and a
# full name's number that ends a label line is an age ("- Winner: Ann Lee, 52", "(52)"); v19:
# an ordinal before a hyphenated noun after "a" is an ordinal ("a third-quarter profit", "a
# fourth-place finish"), as it was after "the", not the fraction "a third"; v20: multiples in
# words ("doubled", "more than tripled", "twice the average", "a fourfold rise") are claims
# where the article states a multiple to judge them by (``multiples``), and so are times of
# day ("at 7pm", "3:17 a.m.", "at 14:30") where the article states a time (``clocks``);
# "twice what he paid" is no count; v21: "N times" before what makes a ratio ("three times the
# national average", "2.5 times as many", "ten times higher") is a multiple, no longer a count
# v22: "a term", "a semester", "a season", "a game", "a match", "a shift" are a rate's period
# v23: a period adjective before a sum is its period ("a weekly pass costs £18"; ``periods``)
EXTRACT_VERSION = "v23"
# v11: counts of listed names; v12: a relative clause reads its antecedent; v13: a year in
# brackets after a name is the name's year, and the two ends of a span of years back each other;
# v14: a bare figure compared with a measure takes its unit, two more synonym sets; v15: names
# joined by "and" are one phrase, a list of named ages reads its first clause, event nouns keep
# their verb, a part and its whole, places in a ranking, differences across the article; v16: a
# name in apposition after a comma, rates per period, a share "of the price"; v17: a participle
# aside (", priced at £289,"), "priced" is "cost", riders are competitors; v18: "Four key
# figures:" above a list of four counts the briefing's own entries; v19: an "N-year-old" is the
# noun's after it, titles and demonyms name no owner, brothers differ; gaps from month dates and
# days between dates; "€186,000, of which ... 60%"; a claim's noun the verb of a source clause;
# v20: "4.4 points more than" across the article, "17 days earlier" than a dated day, "opened on
# May 22, 2004" is "21 years ago"; v21: a proportion backed by a part of a whole about the
# same thing, proportions need a closer match, a sole distinctive restatement, "below" bounds;
# v22: a family of currencies is any of its members, a sum in another currency is a conversion,
# a briefing reads "$" and "pounds" as its article does; v23: "nearly 300" agrees with "around
# 300", an unanchored weekday is no rival of a day of the month, a bare figure of an article's
# name ("the 747" after "Boeing 747") is no claim, "his 47th game of the season" is 47 games,
# "the 29th minute" is "after 29 minutes", caps are appearances, "phase 3" counts nothing,
# durations over 30 times apart (a race and its margin) are no rivals, a weak match stands in a
# source sentence that backs the briefing sentence's other figures when no rival is as close,
# rates per different periods ("£190 a week", "£190 a month") do not agree, durations are
# arithmetic too (a time and a margin add up, "from 45 minutes to 26" saves 19), a rate in
# percent does not agree with a change in percentage points ("fell 18%" for 22% -> 4%); v24: a
# figure that counts people backs no count of things the article counts too ("9 fires" for
# "nine people" burned, where the article has "27 fires"), an exact claim against a hedged
# source figure must be that figure at its own rounding ("365 jobs" is not "about 340 jobs",
# "81mph" not "up to 94mph", "a 14-year-old" not "under 16"; "3,412" is "about 3,400"), and
# with no publication date "this year" is no claim unless the article too says "last year";
# flagged figures of one briefing sentence whose values all stand in one source sentence back
# each other there ("from 1962 to 2001" for "first hired in 1962 ... until she retired in 2001"),
# and people described with ages are listed too ("A man, 34, and a woman, 29," are two); v25:
# a stated floor is no stated ceiling ("at least 12 days" for "up to 12 days"), and a floor
# below the source's figure must be rounder than it ("more than 40" for 46, not "at least 41");
# v26: a person's age is no span of time ("jailed for six years" is not backed by "her
# six-year-old daughter", nor "the owner, 38" by "ran the shop for 38 years")
# v27: stated spans of dates say how long they lasted ("between October 2023 and May 2024" is
# seven or eight months), dates given to the month are months apart, and two years of one
# source sentence back a plain duration in years ("married in 1961; he died in 2015")
# v28: a dimension's noun and adjective are one context word ("length"/"long", "height"/"tall"
# and "high", "depth"/"deep", "width"/"wide" and "broad")
# v29: a plain count or sum of money may be what is left of a figure by another sentences
# apart ("about £555,000 never recovered" of £640,000 taken and £85,000 recovered), guarded
# v30: a claim that works out a change, remainder or total beside a part it names ("fell by
# 228 to 312", "up from 640, an increase of 1,230") is that derived fact (``worked``)
# v31: a share of a total by a count ("about £229,000 per home" for £48.6 million and 212
# homes) or a unit figure times a count ("£522,000 in total") backs the claim (``apiece``)
# v32: the whole of a part the briefing names ("12 of the 52 locks", "Of the 1,240
# participants, 134 ...") is backed by its exact source figure when its rivals are parts
# (``partitive``), guarded
# v33: the start of a change restated as the figure itself ("Turnout: 44%" for "Turnout was
# 38%, down from 44% in 2020") is contradicted by the change's new value (``ends``), guarded
# v34: a count of sets or games is backed by the run of set scores most about it ("in three
# sets" for "6-4, 3-6, 7-5"; ``setscores``), and a race time by a faster time and a margin up
# to two sentences after it ("Tesfaye, 1:07:19" for "1:06:42 ... won by 37 seconds";
# ``margins``), guarded
# v35: a multiple in words is judged against the multiples the article states in the sentence
# most about it (ranges of ratios by hedge: "more than doubled" is 2 to 3; ``multiples``), a
# time of day against the article's times, or a time and a duration (``clocks``)
# v36: an "N times" ratio is judged as a multiple against the article's multiples, or by the
# ratio of the briefing's own two backed figures around it (``ratios``)
# v37: a strict bound on the article's own exact multiple ("more than 2.5 times" for "2.5
# times", "almost doubled" for "doubled") is not backed by it, as for figures, and ranges of
# two multiples that only touch do not fit ("seven times" is not "six times"; ``multiples``)
# v38: a work's year in brackets backs "came out in 2017", not "completed it in 2017" where
# the sentence dates its event 2016 (``workyears``); a claim a rule contradicted by a figure of
# one source sentence is not backed again by anchoring in that sentence (``together``)
# v39: a multiple the article states in the same words backs a claim only when it is about the
# same thing (compares with what the claim compares with, or stands in the sentence most about
# the claim); else the sentence most about the claim judges it, or an article multiple that
# compares with the same thing, or it is left unread, count and all (``multiples``)
# v40: a context family's words in every inflection ("arrests" is ``=arrest`` like
# "arrested"; ``nouns.stem``)
# v41: a verb and the nouns made from it share a context family ("- Visitors: 84,000" for
# "visited by 84,000 people"; ``families``)
# v42: both ends of a span of years in brackets after a name are the name's years
# (``workyears``), release words only in the claim's own clause, "write" a context family
# v43: a percentage change is made from the figure the article marks as the start ("up from
# £1.9 million") only, not both ways (``derive``)
ALIGN_VERSION = "v43"

__all__ = [
    "ALIGN_VERSION",
    "EXTRACT_VERSION",
    "KINDS",
    "VERDICTS",
    "CheckResult",
    "Claim",
    "Mention",
    "SourceFacts",
    "check",
    "check_against",
    "check_mentions",
    "extract_mentions",
    "prepare_source",
]
