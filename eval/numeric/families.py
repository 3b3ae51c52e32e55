"""Context families: words that say the same thing about a number, for context matching only.

"killed" and "died", "began" and "started", "rose" and "increased", a verb and the nouns made
from it ("visited" and "visitors"): each family's words stem to one mark (``nouns.stem``), so a
briefing that words an event differently from its article still meets it. Never used for units
or counted nouns (``nouns.canonical`` and its synonym table are): "arrests" and "people
arrested" are the same event, not the same thing counted. Kept apart from ``lexicon``, the
word lists of reading, which it outgrew.
"""

from __future__ import annotations

# Words that say the same thing about a number, for context matching only (never for units):
# "killed" and "died", "began" and "started", "rose" and "increased".
CONTEXT_FAMILIES = {
    "die": "die died dies dying dead death deaths kill killed killing kills fatal fatalities toll",
    "injure": "injure injured injuring injuries injury wounded hurt",
    "rise": "rise rises rose risen rising increase increased increases grew grow grown growth "
    "climbed jumped soared up higher gain gained",
    "fall": "fall falls fell fallen falling drop dropped decline declined decrease decreased down "
    "lower slumped plunged cut cuts",
    "begin": "begin began begun beginning start started starting starts launch launched opened "
    "open opens opening broke erupted",
    "end": "end ended ends close closed closes closing finish finished finishes shut closure",
    "win": "win won wins winning beat beats beating victory victories",
    "lose": "lose lost loses losing defeat defeated loss",
    "sell": "sell sold sells selling sale sales",
    "buy": "buy bought buys buying purchase purchased acquired",
    "pay": "pay paid pays paying payment payments compensation",
    "arrest": "arrest arrested detained detain held",
    "rescue": "rescue rescued freed saved brought",
    "hire": "hire hired recruit recruited employ employed employs employee",
    "spend": "spend spent spending invest invested investment",
    "build": "build built building construction constructed",
    "leave": "leave left leaving",
    "meet": "meet met meeting",
    "fire": "fire blaze wildfire",
    "restore": "restore restored back",
    "year": "year annual annually yearly",
    "strike": "strike strikes striking walkout walkouts walk walked stoppage",
    "lead": "lead leads leading ahead",
    "global": "global globally worldwide world-wide",
    "cost": "cost costs costing priced price prices",
    # a verb and the nouns made from it, which a briefing's label uses ("- Visitors: 84,000"
    # for "84,000 people visited")
    "write": "write writes wrote written writing",
    "visit": "visit visited visiting visitor",
    "apply": "apply applied applying applicant application",
    "arrive": "arrive arrived arriving arrival",
    "depart": "depart departed departing departure",
    "evacuate": "evacuate evacuated evacuating evacuation evacuee",
    "attend": "attend attended attending attendance attendee",
    "complete": "complete completed completing completion",
    "approve": "approve approved approving approval",
    "donate": "donate donated donating donation donor",
    "admit": "admit admitted admitting admission",
    "register": "register registered registering registration",
    "enrol": "enrol enroll enrolled enrolling enrolment enrollment",
    "subscribe": "subscribe subscribed subscribing subscriber subscription",
    "deliver": "deliver delivered delivering delivery",
    "convict": "convict convicted convicting conviction",
    "infect": "infect infected infecting infection",
    "vaccinate": "vaccinate vaccinated vaccinating vaccination",
    "treat": "treat treated treating treatment",
    "complain": "complain complained complaining complaint",
    "survive": "survive survived surviving survivor survival",
    "recover": "recover recovered recovering recovery",
    "withdraw": "withdraw withdrew withdrawn withdrawing withdrawal",
    # a dimension named by its noun in a briefing's label and by its adjective in the article
    # ("- Length: 142 m" for "142 metres long")
    "length": "length lengths long",
    "height": "height heights tall high",
    "depth": "depth depths deep",
    "width": "width widths wide breadth broad",
    # a place in a ranking: "sit sixth", "sixth in the table", "lies third in the standings"
    "place": "sit sits sitting lie lies lying placed place position positions table standings "
    "ranked ranking rankings",
}
CONTEXT_FAMILY_OF = {
    word: family for family, words in CONTEXT_FAMILIES.items() for word in words.split()
}
