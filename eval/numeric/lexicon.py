"""Word lists the numeric fact check reads: number words, hedges, currencies and units.

Kept apart from the patterns and the logic so that a reviewer can see, in one place, every word
that changes what the checker extracts or how it judges it. Everything here is English, which is
the language of the corpus.
"""

from __future__ import annotations

import math

CARDINALS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
MULTIPLIERS = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1000,
}  # fmt: skip

# Suffix or word after a digit string -> multiplier. "m" is ambiguous with metres; the
# extractor decides (money or a plural noun after it means million).
SCALE_WORDS = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}  # fmt: skip

# Vague plurals: "thousands of troops" says at least two thousand and fewer than a hundred
# thousand (a larger figure is "hundreds of thousands"; "thousands" must not back 500,000).
VAGUE = {
    "dozens": (24.0, 99.0), "scores": (40.0, 199.0), "hundreds": (200.0, 999.0),
    "thousands": (2e3, 99e3), "millions": (2e6, 99e6), "billions": (2e9, 99e9),
}  # fmt: skip
VAGUE_TENS = {
    "tens of thousands": (2e4, 99e3),
    "hundreds of thousands": (2e5, 999e3),
    "tens of millions": (2e7, 99e6),
    "hundreds of millions": (2e8, 999e6),
}

# Hedges -> family; a family is (low factor, high factor, low bound excluded, high excluded).
# "more than 4,000" is read as 4,000 to 8,000 rather than unbounded, so that it cannot back
# "40,000"; "nearly 10,000" excludes 10,000 itself, so that it cannot back "more than 10,000".
# A bound is not far from the figure it hides: "more than 100" is not how anyone writes 150, so
# "more than X" reads as above X up to X / 0.75 and "under X" as 0.75 X up to X (the same
# quarter as a hedged source bound rounded the safe way, ``agreement``). Measured on the
# development data (eval/numeric/README.md): from a factor of 2, XSum's marked spans caught
# 1011 -> 1021 of 1168 with no new flag on any faithful number of any set.
BOUND_SPAN = 0.75
HEDGE_FAMILIES = {
    "approx": (0.9, 1.1, False, False), "nearly": (0.85, 1.0, False, True),
    "above": (1.0, 1 / BOUND_SPAN, True, False), "atleast": (1.0, 1 / BOUND_SPAN, False, False),
    "below": (BOUND_SPAN, 1.0, False, True), "upto": (BOUND_SPAN, 1.0, False, False),
}  # fmt: skip
HEDGES = {
    "about": "approx", "around": "approx", "approximately": "approx", "roughly": "approx",
    "some": "approx", "approx": "approx",
    "circa": "approx", "or so": "approx", "close to": "nearly", "nearly": "nearly",
    "almost": "nearly", "just under": "nearly", "just short of": "nearly", "not quite": "nearly",
    "more than": "above", "over": "above", "above": "above", "in excess of": "above",
    "upwards of": "above", "exceeding": "above", "just over": "above", "greater than": "above",
    "at least": "atleast", "no fewer than": "atleast", "no less than": "atleast",
    "a minimum of": "atleast", "fewer than": "below", "less than": "below", "under": "below",
    "below": "below", "in under": "below", "in less than": "below", "up to": "upto",
    "as many as": "upto", "as much as": "upto", "no more than": "upto", "at most": "upto",
    "a maximum of": "upto", "within": "upto",
}  # fmt: skip
# Hedges written after the number ("4,000 or more").
POST_HEDGES = {
    "or more": "atleast",
    "or so": "approx",
    "plus": "atleast",
    "or fewer": "upto",
    "or less": "upto",
}

CURRENCY_SYMBOLS = {
    "us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD", "hk$": "HKD",
    "s$": "SGD", "r$": "BRL", "$": "dollars", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR",
    "₩": "KRW", "₽": "RUB", "#": "GBP", "â#": "GBP", "â£": "GBP",
}  # fmt: skip
# Sub-units are stored in the main unit so that "50p" equals "£0.50" (names of currencies, codes
# and the signs of other currencies: ``currencies``).
SUBUNITS = {"GBP_P": ("GBP", 0.01)}

# Measurement units -> (dimension, factor to the dimension's base unit).
MEASURES = {
    "km": ("length", 1000.0), "kilometre": ("length", 1000.0), "kilometer": ("length", 1000.0),
    "m": ("length", 1.0), "metre": ("length", 1.0), "meter": ("length", 1.0),
    "cm": ("length", 0.01), "centimetre": ("length", 0.01), "mm": ("length", 0.001),
    "millimetre": ("length", 0.001), "mile": ("length", 1609.344), "mi": ("length", 1609.344),
    "ft": ("length", 0.3048), "foot": ("length", 0.3048), "feet": ("length", 0.3048),
    "yard": ("length", 0.9144), "yd": ("length", 0.9144), "inch": ("length", 0.0254),
    "nautical mile": ("length", 1852.0), "hectare": ("area", 1e4), "ha": ("area", 1e4),
    "acre": ("area", 4046.86), "sq km": ("area", 1e6), "square kilometre": ("area", 1e6),
    "km2": ("area", 1e6), "square mile": ("area", 2.59e6), "sq mile": ("area", 2.59e6),
    "square metre": ("area", 1.0), "sq m": ("area", 1.0), "sq ft": ("area", 0.0929),
    "square foot": ("area", 0.0929), "square feet": ("area", 0.0929), "mph": ("speed", 0.44704),
    "km/h": ("speed", 1 / 3.6), "kmh": ("speed", 1 / 3.6), "kph": ("speed", 1 / 3.6),
    "knot": ("speed", 0.514444), "kt": ("speed", 0.514444), "kg": ("mass", 1.0),
    "kilogram": ("mass", 1.0), "kilogramme": ("mass", 1.0), "g": ("mass", 0.001),
    "gram": ("mass", 0.001), "gramme": ("mass", 0.001), "tonne": ("mass", 1000.0),
    "ton": ("mass", 1000.0), "t": ("mass", 1000.0), "lb": ("mass", 0.4536), "lbs": ("mass", 0.4536),
    "pound weight": ("mass", 0.4536), "oz": ("mass", 0.02835), "ounce": ("mass", 0.02835),
    "stone": ("mass", 6.35), "litre": ("volume", 1.0), "liter": ("volume", 1.0),
    "l": ("volume", 1.0), "ml": ("volume", 0.001), "gallon": ("volume", 4.546),
    "barrel": ("volume", 159.0), "mw": ("power", 1e6), "megawatt": ("power", 1e6),
    "gw": ("power", 1e9), "gigawatt": ("power", 1e9), "kw": ("power", 1e3),
    "kilowatt": ("power", 1e3), "celsius": ("temperature", 1.0), "c": ("temperature", 1.0),
    "degree": ("temperature", 1.0), "fahrenheit": ("temperature", 1.0), "f": ("temperature", 1.0),
    "magnitude": ("magnitude", 1.0),
}  # fmt: skip
# Canonical name of a measurement unit as shown to people.
MEASURE_NAMES = {
    "c": "celsius", "degree": "celsius", "f": "fahrenheit", "ha": "hectare", "mi": "mile",
    "feet": "foot", "ft": "foot", "kt": "knot", "kph": "km/h", "kmh": "km/h", "kilometre": "km",
    "kilometer": "km", "metre": "m", "meter": "m", "kilogram": "kg", "kilogramme": "kg",
    "lbs": "lb", "liter": "litre", "ton": "tonne", "t": "tonne", "megawatt": "mw", "gigawatt": "gw",
    "kilowatt": "kw", "gramme": "gram", "g": "gram",
}  # fmt: skip

# Time units -> days (the base unit of durations).
TIME_UNITS = {
    "second": 1 / 86400, "sec": 1 / 86400, "minute": 1 / 1440, "min": 1 / 1440, "hour": 1 / 24,
    "hr": 1 / 24, "day": 1.0, "night": 1.0, "week": 7.0, "fortnight": 14.0, "month": 365.25 / 12,
    "year": 365.25, "yr": 365.25, "decade": 3652.5, "century": 36525.0,
}  # fmt: skip

# Nouns that name the same kind of thing; the first member is the canonical name.
SYNONYMS = [
    ("soldier", "troop", "fighter", "serviceman", "servicemember", "personnel"),
    ("pupil", "student", "schoolchild", "schoolchildren"),
    ("employee", "worker", "staff", "staffer", "job", "post", "role", "position"),
    ("match", "game", "fixture", "appearance", "outing", "cap"),
    ("floor", "storey", "story"),
    ("home", "house", "household", "property", "dwelling"),
    ("death", "fatality", "dead", "life"),
    ("injury", "injured", "casualty"),
    ("ambassador", "envoy"),
    ("vote", "ballot"),
    ("win", "victory"),
    ("defeat", "loss"),
    ("car", "vehicle"),
    ("firefighter", "fireman"),
    ("fan", "supporter", "spectator"),
    ("case", "infection"),
    ("shop", "store", "outlet", "branch"),
    ("runner", "athlete", "participant", "entrant", "starter", "rider", "competitor"),
    ("passenger", "traveller", "traveler"),
    ("country", "nation", "state"),
    ("cut", "reduction", "decrease"),
    ("strike", "walkout", "stoppage"),
    ("charge", "offence", "offense", "count"),
    ("goal", "effort", "finish"),
    ("film", "movie", "picture"),
    ("child", "kid", "youngster"),
    ("arrest", "detention"),
    ("operation", "procedure", "surgery"),
    ("ace", "hole-in-one"),
]
SYNONYM_OF = {word: group[0] for group in SYNONYMS for word in group}

# Nouns that can stand for almost any group of people: "52 people" backs "52 passengers".
GENERIC_NOUNS = frozenset(
    {
        "people", "person", "individual", "adult", "others", "other", "resident", "citizen",
        "member", "staff", "personnel", "figure", "total", "crowd", "inhabitant", "festival-goer",
        "attendee", "visitor",
    }
)  # fmt: skip
# Nouns for people, in their canonical form (see SYNONYMS): what a generic "people" may stand
# for. Not exhaustive; a noun missing here is only compared more cautiously.
PERSON_NOUNS = frozenset(
    {
        "person", "man", "woman", "child", "adult", "employee", "soldier", "pupil", "passenger",
        "fan", "runner", "resident", "citizen", "patient", "victim", "voter", "customer", "user",
        "subscriber", "tourist", "visitor", "migrant", "refugee", "prisoner", "protester",
        "volunteer", "firefighter", "official", "ambassador", "diplomat", "survivor", "finisher",
        "nurse", "doctor", "teacher", "miner", "driver", "player", "officer", "member", "crew",
        "household", "family", "inhabitant", "attendee", "festival-goer", "spectator",
        "teenager", "boy", "girl", "baby", "student", "graduate", "athlete", "musician", "rider",
        "cyclist", "pilot", "sailor", "farmer", "shopper", "commuter", "guest", "delegate",
    }
)  # fmt: skip
# Things that happen to people, counted as often as the people ("three deaths" for "three
# people died", "12 arrests", "40 cases"): a generic "people" may stand for them.
PERSON_EVENT_NOUNS = frozenset(
    {
        "death", "fatality", "casualty", "injury", "arrest", "case", "infection", "admission",
        "birth", "hospitalisation", "hospitalization", "evacuation", "rescue", "conviction",
        "sacking", "redundancy", "vote", "signature", "application", "complaint",
    }
)  # fmt: skip
# What a list of names may count besides people (``listed``): the things news lists by name.
NAMEABLE_NOUNS = frozenset(
    {
        "school", "club", "team", "side", "company", "firm", "business", "country", "nation",
        "city", "town", "village", "party", "hospital", "shop", "store", "bank", "band", "film",
        "book", "novel", "album", "species", "brand", "candidate", "judge", "author", "artist",
        "region", "county", "state", "university", "college", "airline", "airport", "station",
        "church", "museum", "venue", "stadium", "ship", "vessel", "council", "charity", "group",
        "organisation", "briton", "son", "daughter", "brother", "sister", "suspect", "child",
        "grandchild", "sibling", "partner", "colleague", "friend", "couple", "name", "individual",
    }
)  # fmt: skip
# Nouns that are used uncounted after a number ("14 crew", "300 staff").
UNCOUNTED_NOUNS = frozenset(
    {
        "people", "staff", "crew", "police", "personnel", "cattle", "sheep", "fish", "deer",
        "aircraft", "livestock", "troops", "military", "media", "data", "equipment", "clergy",
        "offspring", "youth", "swine", "salmon", "bison", "infantry", "cavalry", "stock",
    }
)  # fmt: skip
IRREGULAR_PLURALS = {
    "people": "person", "men": "man", "women": "woman", "children": "child", "mice": "mouse",
    "teeth": "tooth", "feet": "foot", "geese": "goose", "lives": "life", "wives": "wife",
    "knives": "knife", "loaves": "loaf", "leaves": "leaf", "halves": "half", "wolves": "wolf",
    "calves": "calf", "shelves": "shelf", "thieves": "thief", "series": "series",
    "species": "species", "analyses": "analysis", "crises": "crisis", "indices": "index",
    "storeys": "storey", "stories": "story", "centuries": "century",
}  # fmt: skip
# Words ending in "s" that are not plural nouns.
NOT_PLURAL = frozenset(
    {
        "is", "was", "has", "this", "its", "us", "as", "his", "hers", "ours", "yours", "theirs",
        "themselves", "ourselves", "yourselves",
        "does", "thus", "plus", "less", "unless", "across", "always", "perhaps", "news", "bus",
        "gas", "alias", "status", "bonus", "census", "campus", "virus", "focus", "says", "whereas",
        "besides", "towards", "afterwards", "sometimes", "nevertheless", "goes", "makes", "takes",
        "gives", "comes", "becomes", "remains", "includes", "lies", "wales", "paris", "athens",
        "texas", "brussels", "lens", "chaos", "ethos", "kudos", "analysis", "crisis", "basis",
        "thesis", "gross", "loss", "boss", "class", "glass", "mass", "pass", "miss", "process",
        "access", "success", "address", "express", "press", "chess",
    }
)  # fmt: skip

# Function words: they end a noun phrase and never count as context.
STOPWORDS = frozenset(
    {
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for",
        "from", "with", "without", "into", "onto", "over", "under", "about", "around", "after",
        "before", "since", "until", "till", "than", "then", "that", "this", "these", "those",
        "there", "here", "which", "who", "whom", "whose", "what", "when", "where", "while", "why",
        "how", "as", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had",
        "having", "do", "does", "did", "doing", "will", "would", "shall", "should", "can", "could",
        "may", "might", "must", "not", "no", "nor", "so", "too", "very", "just", "also", "only",
        "even", "still", "yet", "already", "ever", "never", "again", "it", "its", "it's", "he",
        "him", "his", "she", "her", "hers", "they", "them", "their", "theirs", "we", "us", "our",
        "ours", "you", "your", "yours", "i", "me", "my", "mine", "said", "says", "say", "saying",
        "told", "tells", "according", "per", "each", "every", "all", "any", "some", "both",
        "either", "neither", "more", "most", "less", "least", "much", "many", "few", "several",
        "other", "another", "such", "own", "same", "up", "down", "out", "off", "through", "during",
        "against", "between", "among", "within", "upon", "via", "amid", "across", "along", "toward",
        "towards", "last", "next", "year", "years", "day", "days", "week", "weeks", "month",
        "months", "time", "times", "mr", "mrs", "ms", "dr",
    }
)  # fmt: skip

# Words before a number that make it a name or a label rather than a quantity.
LABEL_WORDS = frozenset(
    {
        "number", "no", "article", "section", "chapter", "page", "room", "platform", "route",
        "gate", "flight", "terminal", "version", "level", "stage", "phase", "tier", "grade",
        "category", "league", "division", "formula", "radio", "channel", "bbc", "apollo", "windows",
        "iphone", "model", "series", "season", "episode", "vol", "volume", "part", "act", "clause",
        "rule", "amendment", "class", "year", "band", "pillar", "unit", "ward", "block", "bay",
        "pier", "junction", "exit", "highway", "interstate", "road", "cup", "euro", "world",
        "squad", "magnitude", "covid", "g", "ps", "f", "m", "a", "b", "mk",
    }
)  # fmt: skip
# Ordinal words that are not about order in these set phrases.
ORDINAL_IDIOMS = (
    "at first", "first minister", "first lady", "first aid", "first-hand", "first hand",
    "first of all", "firstly", "second-hand", "second hand", "per second", "split second",
    "seconds", "a second or", "a split second", "first-class", "second-class",
    "first class", "second class", "secondly", "thirdly", "second world war", "first world war",
    "world war two", "world war one", "world war 2", "world war 1", "world war ii", "second home",
    "first name", "second thoughts", "second half", "first half", "first-half", "second-half",
)  # fmt: skip
# Cardinal words that are not quantities in these set phrases.
CARDINAL_IDIOMS = (
    "one of", "no one", "one another", "the one", "this one", "that one", "any one", "someone",
    "anyone", "everyone", "one day", "one-off", "one-time", "one time", "one-two", "one or two",
    "one or more", "one by one", "one-on-one", "one on one", "one-to-one", "one to one", "each one",
    "every one", "one way or another", "at one point", "one side", "one thing", "one-sided",
    "one-way", "one way", "one-party", "no one", "one-day", "a couple", "one-year-old",
)  # fmt: skip
SPORT_WORDS = frozenset(
    {
        "win", "won", "wins", "winning", "beat", "beats", "beaten", "defeat", "defeated", "defeats",
        "draw", "drew", "drawn", "lead", "led", "leads", "leading", "lost", "lose", "loses",
        "losing", "victory", "victories", "score", "scored", "scoreline", "trail", "trailed",
        "trailing", "thrash", "thrashed", "thrashing", "edge", "edged", "aggregate", "penalties",
        "half-time", "halftime", "full-time", "match", "game", "final", "semi-final", "tie", "set",
        "sets", "goal", "goals", "try", "tries", "points", "rout", "routed", "hammered", "clinched",
        "claimed", "secured", "seal", "sealed", "home", "away", "derby", "comeback", "loss",
        "losses", "triumph", "came", "against", "wicket", "wickets", "innings", "bowled",
        "bowling", "bowler", "seamer", "spinner", "bowl", "dismiss", "dismissed",
    }
)  # fmt: skip
# Words of a cricket report (plural "s" dropped): "six for 58" there is a bowler's figures.
CRICKET_WORDS = frozenset(
    {"wicket", "inning", "bowled", "bowling", "bowler", "seamer", "spinner", "batsman",
     "batter", "cricket", "declared", "wicketkeeper"}
)  # fmt: skip

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Words that put a sentence in the future ("will meet on Thursday").
FUTURE_MARKERS = frozenset(
    {
        "will", "shall", "'ll", "due", "scheduled", "expected", "plans", "planned", "set",
        "upcoming", "next", "is to", "are to", "going", "tomorrow", "would",
    }
)  # fmt: skip


def is_finite(value: float) -> bool:
    return not (math.isnan(value) or math.isinf(value))
