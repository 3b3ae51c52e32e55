"""Which currency a sum is in, as news writes currencies of the whole world.

Before the figure: a sign ("£", "R$", "฿"), an ISO code ("NOK 400,000", "CHF 20,000") or a
letter prefix glued to it ("R1,000" rand, "Rs500", "KSh200", "kr250"); after it: a name, with
or without its nationality ("480,000 Swiss francs", "80 million pesos", "650,000 Swedish
kronor"), a code ("14 million SEK") or a short sign ("250 zł", "4,000 Ft").

A bare name that several countries use is a *family* ("pesos", "kroner", "dinars"): it is
the same currency as each of its members, so "80 million pesos" agrees with "MXN 80
million", while two named members differ ("Danish kroner" is not "Norwegian kroner"). A code
or sign is always one currency. ``same_currency`` is the one test of sameness.

"pounds" after a figure is money or a weight: it weighs where its sentence speaks of weight
("a pumpkin weighing 2,317 pounds") or where the text counts its money in another currency
and never in sterling ("won $7,500 ... 1,942 pounds"); ``pounds_weigh`` decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from eval.numeric.mention import Mention
from eval.numeric.patterns import alternation
from eval.numeric.values import measure_mention

# Families: a name several currencies share -> its members (ISO 4217 codes).
FAMILIES: dict[str, frozenset[str]] = {
    "dollars": frozenset(
        {"USD", "AUD", "CAD", "NZD", "HKD", "SGD", "TWD", "JMD", "NAD", "FJD", "ZWL"}
    ),
    "francs": frozenset({"CHF", "XOF", "XAF"}),
    "kroner": frozenset({"NOK", "DKK"}),
    "kronor": frozenset({"SEK", "ISK"}),
    "kr": frozenset({"NOK", "DKK", "SEK", "ISK"}),
    "pesos": frozenset({"MXN", "ARS", "CLP", "COP", "PHP", "UYU", "DOP", "CUP"}),
    "shillings": frozenset({"KES", "UGX", "TZS", "SOS"}),
    "rupees": frozenset({"INR", "PKR", "LKR", "NPR", "MUR"}),
    "dinars": frozenset({"KWD", "BHD", "JOD", "IQD", "TND", "DZD", "LYD", "RSD"}),
    "riyals": frozenset({"SAR", "QAR"}),
    "rials": frozenset({"IRR", "OMR", "YER"}),
    "dirhams": frozenset({"AED", "MAD"}),
}

# A currency's name after the figure (singular and plural) -> a code or a family. "pounds"
# alone is sterling, as in the English-language press; "dollars" and "$" alone are any dollar
# ("A$2.3 billion" may be written "$2.3 billion"; "US$" and "A$" differ).
NAMES: dict[str, str] = {
    "dollar": "dollars", "dollars": "dollars", "pound": "GBP", "pounds": "GBP", "sterling": "GBP",
    "euro": "EUR", "euros": "EUR", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "won": "KRW",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rand": "ZAR",
    "reais": "BRL", "reals": "BRL", "baht": "THB", "forint": "HUF", "forints": "HUF",
    "zloty": "PLN", "zlotys": "PLN", "złoty": "PLN", "złotys": "PLN", "zlotych": "PLN",
    "złotych": "PLN", "rupiah": "IDR", "ringgit": "MYR", "lira": "TRY", "liras": "TRY",
    "lire": "TRY", "naira": "NGN", "cedi": "GHS", "cedis": "GHS", "hryvnia": "UAH",
    "hryvnias": "UAH", "shekel": "ILS", "shekels": "ILS", "koruna": "CZK", "korunas": "CZK",
    "leu": "RON", "lei": "RON", "leva": "BGN", "dong": "VND", "taka": "BDT",
    "franc": "francs", "francs": "francs", "krone": "kroner", "kroner": "kroner",
    "krona": "kronor", "kronor": "kronor", "kronur": "kronor", "peso": "pesos", "pesos": "pesos",
    "shilling": "shillings", "shillings": "shillings", "rupee": "rupees", "rupees": "rupees",
    "dinar": "dinars", "dinars": "dinars", "riyal": "riyals", "riyals": "riyals",
    "rial": "rials", "rials": "rials", "dirham": "dirhams", "dirhams": "dirhams",
}  # fmt: skip
# Sub-units, kept in their main unit ("50p" is £0.50): name -> (currency, factor).
SUBUNIT_NAMES = {"pence": ("GBP", 0.01), "cents": ("dollars", 0.01), "cent": ("dollars", 0.01)}

# A nationality before a name says which member of a family, or which dollar, it is.
NATIONALITIES: dict[str, dict[str, str]] = {
    "dollars": {"us": "USD", "u.s.": "USD", "american": "USD", "australian": "AUD",
            "canadian": "CAD", "hong kong": "HKD", "new zealand": "NZD", "singapore": "SGD",
            "singaporean": "SGD", "taiwan": "TWD", "taiwanese": "TWD", "new taiwan": "TWD",
            "jamaican": "JMD", "namibian": "NAD", "fijian": "FJD", "zimbabwean": "ZWL"},
    "GBP": {"british": "GBP", "egyptian": "EGP", "lebanese": "LBP", "sudanese": "SDG",
            "syrian": "SYP"},
    "francs": {"swiss": "CHF", "cfa": "XOF", "west african": "XOF", "central african": "XAF"},
    "kroner": {"norwegian": "NOK", "danish": "DKK"},
    "kronor": {"swedish": "SEK", "icelandic": "ISK"},
    "pesos": {"mexican": "MXN", "argentine": "ARS", "argentinian": "ARS", "chilean": "CLP",
              "colombian": "COP", "philippine": "PHP", "filipino": "PHP", "uruguayan": "UYU",
              "dominican": "DOP", "cuban": "CUP"},
    "shillings": {"kenyan": "KES", "ugandan": "UGX", "tanzanian": "TZS", "somali": "SOS"},
    "rupees": {"indian": "INR", "pakistani": "PKR", "sri lankan": "LKR", "nepalese": "NPR",
               "nepali": "NPR", "mauritian": "MUR"},
    "dinars": {"kuwaiti": "KWD", "bahraini": "BHD", "jordanian": "JOD", "iraqi": "IQD",
               "tunisian": "TND", "algerian": "DZD", "libyan": "LYD", "serbian": "RSD"},
    "riyals": {"saudi": "SAR", "qatari": "QAR"},
    "rials": {"iranian": "IRR", "omani": "OMR", "yemeni": "YER"},
    "dirhams": {"uae": "AED", "emirati": "AED", "moroccan": "MAD"},
}  # fmt: skip
# Nationalities that name a currency of its own ("Brazilian reais", "Thai baht"): read and
# passed over, the name alone says which currency it is.
_OWN_NATIONALITIES = (
    "brazilian", "south african", "thai", "hungarian", "polish", "indonesian", "malaysian",
    "turkish", "chinese", "japanese", "south korean", "korean", "nigerian", "ghanaian", "russian",
    "ukrainian", "israeli", "new israeli", "czech", "romanian", "bulgarian", "vietnamese",
    "bangladeshi", "euro-zone",
)  # fmt: skip

# ISO 4217 codes read before or after a figure. Upper case only, but for those that are no
# English word in lower case either (lower-cased datasets write "nok 400,000").
CODES = frozenset(
    {"USD", "GBP", "EUR", "JPY", "CNY", "RMB", "INR", "CHF", "AUD", "CAD", "NZD", "HKD", "SGD",
     "NOK", "SEK", "DKK", "ISK", "ZAR", "BRL", "MXN", "ARS", "CLP", "COP", "PEN", "PLN", "HUF",
     "CZK", "RON", "BGN", "TRY", "RUB", "UAH", "ILS", "AED", "SAR", "QAR", "KWD", "BHD", "OMR",
     "EGP", "MAD", "NGN", "GHS", "KES", "UGX", "TZS", "THB", "IDR", "MYR", "PHP", "VND", "KRW",
     "TWD", "PKR", "BDT", "LKR"}
)  # fmt: skip
_ENGLISH_WORDS = frozenset({"try", "pen", "mad", "php", "cop"})
# Signs and prefixes before the figure that the common symbols (``lexicon.CURRENCY_SYMBOLS``)
# leave out. The letter prefixes are read glued ("R1,000") or spaced ("Rs 500").
SIGNS_BEFORE: dict[str, str] = {
    "฿": "THB", "₱": "PHP", "₺": "TRY", "₦": "NGN", "₪": "ILS", "₫": "VND", "₴": "UAH",
    "R": "ZAR", "Rs": "rupees", "Rs.": "rupees", "Rp": "IDR", "RM": "MYR", "KSh": "KES",
    "Ksh": "KES", "kr": "kr", "kr.": "kr", "Kr": "kr", "zł": "PLN",
}  # fmt: skip
# Short signs written after the figure.
SIGNS_AFTER: dict[str, str] = {"zł": "PLN", "kr": "kr", "Ft": "HUF", "Kč": "CZK", "€": "EUR"}

_RAND_LIKE = frozenset({"R"})  # a bare capital letter: money only where the figure looks so


_ALL_NATIONALITIES = {n for table in NATIONALITIES.values() for n in table} | set(
    _OWN_NATIONALITIES
)
NAME_AFTER = re.compile(
    r"\s+(?:(?P<nationality>" + alternation(_ALL_NATIONALITIES) + r")\s+)?"
    r"(?P<word>" + alternation([*NAMES, *SUBUNIT_NAMES]) + r")(?![\w'])",
    re.IGNORECASE,
)
_CODE_AFTER = re.compile(r"\s?(?P<code>[A-Za-z]{3})(?![\w'])")
_SIGN_AFTER = re.compile(r"\s?(?P<sign>" + alternation(SIGNS_AFTER) + r")(?![\w])")
_CODE_BEFORE = re.compile(r"(?<![\w$])(?P<code>[A-Za-z]{3})\s?$")
_SIGN_BEFORE = re.compile(r"(?<![A-Za-z])(?P<sign>" + alternation(SIGNS_BEFORE) + r")\s?$")
# A figure that only money is written as: grouped thousands, decimals or a scale after it.
_MONEY_SHAPED = re.compile(r"\d{1,3}(?:,\d{3})+|\d+\.\d+")
_SCALE_NEXT = re.compile(r"\s?(?:million|billion|bn|m|k)\b", re.IGNORECASE)


def _code(word: str) -> str | None:
    upper = word.upper()
    if upper not in CODES:
        return None
    if word != upper and (word != word.lower() or word in _ENGLISH_WORDS):
        return None  # "Nok", "try": words, not codes
    return upper


def code_before(norm: str, start: int, figure: str, end: int) -> tuple[str, int] | None:
    """The currency named right before the figure at ``start`` and where that name starts;
    ``figure`` is the figure's text and ``end`` where it ends (a lone "R" is rand only before a
    figure shaped as money: "R1,000", "R21 million", not "R2")."""
    window = norm[max(0, start - 5) : start]
    sign = _SIGN_BEFORE.search(window)
    if sign:
        written = sign.group("sign")
        if written in _RAND_LIKE and not (
            _MONEY_SHAPED.fullmatch(figure) or _SCALE_NEXT.match(norm, end)
        ):
            return None
        return SIGNS_BEFORE[written], start - len(window) + sign.start()
    code = _CODE_BEFORE.search(window)
    if code and (found := _code(code.group("code"))) is not None:
        return found, start - len(window) + code.start()
    return None


def glued_prefix(norm: str, start: int) -> bool:
    """Whether letters glued before the figure at ``start`` are a currency prefix ("R1,000",
    "Rs500"): the figure is then read; other glued letters make it part of a code ("R2")."""
    return bool(_SIGN_BEFORE.search(norm[max(0, start - 3) : start])) and norm[start - 1].isalpha()


def name_after(norm: str, position: int) -> tuple[str, float, int] | None:
    """The currency named after a figure that ends at ``position``: (code or family, factor to
    the main unit, end of the name). "pounds" here is always money; see ``pounds_weigh``."""
    named = NAME_AFTER.match(norm, position)
    if named:
        word = named.group("word").lower()
        currency, factor = SUBUNIT_NAMES.get(word, (NAMES.get(word), 1.0))
        nationality = named.group("nationality")
        if nationality:
            nationality = " ".join(nationality.lower().split())
            currency = NATIONALITIES.get(currency, {}).get(nationality, currency)
        return currency, factor, named.end()
    code = _CODE_AFTER.match(norm, position)
    if code and (found := _code(code.group("code"))) is not None:
        return found, 1.0, code.end()
    sign = _SIGN_AFTER.match(norm, position)
    if sign:
        return SIGNS_AFTER[sign.group("sign")], 1.0, sign.end()
    return None


def same_currency(a: str | None, b: str | None) -> bool:
    """Whether two sums are in the same currency: equal codes, or a family and one of its
    members ("pesos" and "MXN"), or two families that share a member ("kr" and "kroner")."""
    if a == b:
        return True
    if a is None or b is None:
        return False
    mine, theirs = FAMILIES.get(a, {a}), FAMILIES.get(b, {b})
    return (a in FAMILIES or b in FAMILIES) and not mine.isdisjoint(theirs)


# Words in a sentence that make its "pounds" a weight.
_WEIGHT_CUE = re.compile(
    r"\b(?:weigh(?:s|ed|ing|t|ts|ty)?|heav(?:y|ier|iest)|light(?:er|est)|lb|lbs|scales?)\b",
    re.IGNORECASE,
)
_STERLING = re.compile(r"£|\bsterling\b|\bGBP\b|\bpence\b|\d\s?p\b|Â\s?#|(?<![\w#])#\s?\d",
                       re.IGNORECASE)  # fmt: skip
_OTHER_MONEY = re.compile(r"\$|€|¥|₹|\b(?:dollars?|euros?|cents?|USD|EUR)\b")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")


def pounds_weigh(norm: str, start: int, end: int, scale: float = 1.0) -> bool:
    """Whether "pounds" after the figure at ``start``..``end`` weighs rather than pays: its
    sentence speaks of weight, or the text's money is in another currency and never sterling
    (then not "30 million pounds ($40m)": millions of pounds are money there too)."""
    if scale == 1.0 and _money_elsewhere(norm):
        return True
    opened = max((m.end() for m in _SENTENCE_END.finditer(norm, max(0, start - 200), start)),
                 default=max(0, start - 200))  # fmt: skip
    closed = _SENTENCE_END.search(norm, end)
    sentence = norm[opened : closed.start() if closed else min(len(norm), end + 200)]
    return bool(_WEIGHT_CUE.search(sentence)) and not _STERLING.search(sentence)


@lru_cache(maxsize=64)
def _money_elsewhere(norm: str) -> bool:
    """The text counts money in another currency and never in sterling (an American text's
    "pounds" are weights)."""
    return bool(_OTHER_MONEY.search(norm)) and not _STERLING.search(norm)


# --- A text's conventions: its dollar, and whether its pounds weigh -----------------------

_POUNDS_WRITTEN = re.compile(r"\d(?:\s*|-)(?:[a-z]+\s+)?pounds?\b", re.IGNORECASE)


def declared_dollar(mentions: Iterable[Mention]) -> str | None:
    """The dollar a text names first ("A$1.84 billion", "US$1.34 billion"): its bare "$" and
    "cents" are that dollar ("42 Australian cents a share, down from 66 cents")."""
    dollars = FAMILIES["dollars"]
    return next((m.currency for m in mentions if m.kind == "money" and m.currency in dollars),
                None)  # fmt: skip


def in_dollar(mentions: list[Mention], dollar: str | None) -> list[Mention]:
    """``mentions`` with bare dollars read as ``dollar`` (unchanged when it is None)."""
    if dollar is None:
        return mentions
    return [replace(m, currency=dollar, unit=dollar) if m.currency == "dollars" else m
            for m in mentions]  # fmt: skip


def weighs_in_pounds(mentions: Iterable[Mention]) -> bool:
    """Whether a text's "pounds" are weights: some were read so, and none as money."""
    weights = money = False
    for mention in mentions:
        if _POUNDS_WRITTEN.search(mention.text):
            weights |= mention.unit == "lb"
            money |= mention.kind == "money"
    return weights and not money


def pounds_as_weights(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with sums written in "pounds" read as weights, for a briefing of a text
    whose pounds weigh ("2,317 pounds" of a pumpkin, the briefing naming no weight itself)."""
    return [_as_weight(text, m) if _in_pounds(m) else m for m in mentions]


def _in_pounds(mention: Mention) -> bool:
    """A sum in sterling, or a count of "pound" ("a 1,964-pound pumpkin"), written "pounds"."""
    read = (mention.kind, mention.currency if mention.kind == "money" else mention.unit)
    return read in (("money", "GBP"), ("count", "pound")) and bool(
        _POUNDS_WRITTEN.search(mention.text)
    )


def _as_weight(text: str, mention: Mention) -> Mention:
    written = re.search(r"\d+(?:\.(\d+))?", mention.text.replace(",", ""))
    places = len(written.group(1) or "") if written else 0
    common = {"start": mention.start, "hedge": mention.hedge, "scale": mention.scale}
    return measure_mention(text, mention.value / mention.scale, mention.scale, places, "lb",
                           mention.end, common)  # fmt: skip
