"""The words and regular expressions the date finder is built from.

Everything here is plain vocabulary (month names, number words, modifiers) and the one pattern
that finds date *atoms*: a single calendar expression ("8 May 2014", "22-31 January", "mid-2014",
"the 1950s", "spring 2015", "2014-05-08") or a relative one ("the next day", "two weeks later").
How atoms combine into ranges and what they mean is decided in :mod:`curator.temporal.finder`.
"""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
SEASON_CODES = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "several": None, "few": None, "a few": None,
}
# Words after a four-digit number that show it counts things rather than naming a year.
COUNT_NOUNS = (
    "people persons civilians fighters troops soldiers rebels militants men women children workers "
    "members families residents refugees casualties deaths dead killed wounded injured prisoners "
    "detainees votes voters cases times units homes houses buildings vehicles tanks aircraft "
    "km kilometres kilometers miles metres meters feet tons tonnes dollars euros pounds barrels "
    "hours minutes seconds days weeks months years students patients beds calories words pages "
    "square acres hectares strong percent"
).split()

_MONTH_RE = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|"
             r"July?\.?|Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|"
             r"Dec(?:ember|\.)?)(?![a-z])")
_FULL_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|"
                  r"November|December)(?![a-z])")
_LOWER_MONTH_RE = (r"(?:january|february|april|june|july|august|september|october|november|"
                   r"december)(?![a-z])")
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d%]|:\d|\.\d|\s*(?:percent|per cent|am|pm|a\.m|p\.m)\b)"
_YEAR_CORE = r"(?<![\d,.$£€#/])(?:1[0-9]|20)\d\d(?![\d%]|,\d|\.\d|-\s*[A-Za-z]|/)"
_YEAR_RE = _YEAR_CORE + r"(?!\s+(?:" + "|".join(COUNT_NOUNS) + r")\b)"
_DASH = r"\s*(?:-|–|—|‒|‑)\s*"
_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM_RE = (r"(?i:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
           r"fifteen|twenty|thirty)")
_MOD_RE = (r"(?:(?:[Tt]he\s+)?(?:very\s+)?(?:beginning|start|middle|end|first\s+half|second\s+half|"
           r"(?:first|second|third|fourth|last)\s+week|first\s+(?:two|three)\s+weeks)\s+of\s+"
           r"|(?:[Ee]arly|[Mm]id|[Mm]iddle|[Ll]ate)(?:\s*-\s*|\s+(?:in\s+)?))")
# years in words: "two thousand and nine", "nineteen ninety-five", "twenty twelve"
_UNIT_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEEN_WORDS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS_WORDS = (r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
               r"(?:(?:-|\s+)" + _UNIT_WORDS + r")?")
SPELLED_YEAR_RE = (
    r"(?i:two\s+thousand(?:\s+and)?\s+(?:" + _TEEN_WORDS + "|" + _TENS_WORDS + "|" + _UNIT_WORDS
    + r")(?![-\w])(?!\s+(?:hundred|thousand)\b)"
    r"|(?:thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\s+(?:hundred|"
    r"oh(?:-|\s+)" + _UNIT_WORDS + "|" + _TEEN_WORDS + "|" + _TENS_WORDS + r")(?![-\w]))"
    r"(?!\s+(?:" + "|".join(COUNT_NOUNS) + r")\b)")
_APPROX_RE = r"(?i:around|about|circa|c\.|ca\.|approximately|roughly|some\s+time\s+in|sometime\s+in)\s+"


def _g(name: str, pattern: str) -> str:
    return f"(?P<{name}>{pattern})"


# One alternation; the first alternative that matches at a position wins, so longer and more
# specific forms come first.
ATOM_PATTERN = "".join([
    r"(?<![\w])",
    _g("approx", _APPROX_RE), "?",
    _g("mod", _MOD_RE), "?",
    r"(?:",
    # 2014-05-08 / 2014-05-08T... (ISO calendar date)
    _g("iso_y", r"(?:1[0-9]|20)\d\d"), "-", _g("iso_m", r"[01]\d"), "-", _g("iso_d", r"[0-3]\d"),
    r"(?!\d)",
    # 14.02.1978 (day.month.year)
    r"|", _g("dot_d", r"[0-3]?\d"), r"\.", _g("dot_m", r"[01]?\d"), r"\.", _g("dot_y", r"(?:1[0-9]|20)\d\d"),
    r"(?![\d.]\d)",
    # 6/14/2007 or 14/6/2007 (kept only when unambiguous)
    r"|", _g("sl_a", r"[0-3]?\d"), "/", _g("sl_b", r"[0-3]?\d"), "/", _g("sl_y", r"(?:1[0-9]|20)\d\d"),
    r"(?![\d/])",
    # between 6 and 12 May 2019 / 6 and 12 May
    r"|", r"(?:(?:[Bb]etween|[Ff]rom)\s+)?", _g("bt_d1", _DAY_RE),
    r"\s+(?:and|to|until|till|through)\s+", _g("bt_d2", _DAY_RE), r"\s+(?:of\s+)?",
    _g("bt_m", _MONTH_RE), r"(?:,?\s+", _g("bt_y", _YEAR_RE), ")?",
    # 8 May 2014 / 22-31 January / 8th of May, 2014
    r"|", r"(?:", _g("wd_a", _WEEKDAY_RE), r",?\s+(?:the\s+)?)?", _g("a_d1", _DAY_RE), r"(?:", _DASH, _g("a_d2", _DAY_RE), r")?\s+(?:of\s+)?", _g("a_m", _MONTH_RE + "|" + _LOWER_MONTH_RE),
    r"(?:,?\s+", _g("a_y", _YEAR_RE), ")?",
    # May 8, 2014 / January 22-31 / Mar. 5
    r"|", r"(?:", _g("wd_b", _WEEKDAY_RE), r",?\s+)?", _g("b_m", _MONTH_RE), r"\s*", _g("b_d1", _DAY_RE), r"(?:", _DASH, _g("b_d2", _DAY_RE), r")?",
    r"(?:,?\s+", _g("b_y", _YEAR_RE), ")?",
    # May 2014 / May of 2014
    r"|", _g("c_m", _MONTH_RE), r",?\s+(?:of\s+)?", _g("c_y", _YEAR_RE),
    # spring 2015 / the summer of 2014 / the winter
    r"|", r"(?:the\s+)?", _g("s_s", r"[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter"),
    r"(?:\s+(?:of\s+)?", _g("s_y", _YEAR_RE), r"|(?!\s+of\b))",
    # counted from the document's date: last May, late last July, this coming June, this fiscal
    # year, last quarter, the quarter (the current one), the end of last year
    r"|", r"(?<!the\s)(?<!The\s)", _g("rel_dir", r"[Tt]his\s+(?:past|coming)|[Ll]ast|[Nn]ext|[Tt]his|"
                                                r"[Tt]he\s+current|[Tt]he(?=\s+quarter\b)"),
    r"\s+", _g("rel_unit", _FULL_MONTH_RE + r"(?!\s*\d)|quarter(?!\s+of\b)(?![\w-])|"
                r"(?(mod)(?:(?:fiscal|financial)\s+)?year|(?:fiscal|financial)\s+year)(?!\w)"),
    # the third quarter (of 2022), Q3 2022
    r"|", r"(?:[Tt]he\s+)?", _g("q_n", r"(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th)"),
    r"(?:\s+|-)quarter(?![\w-])(?:\s+of)?(?:\s+", _g("q_y", _YEAR_RE), r")?",
    r"|", r"Q", _g("q_q", r"[1-4]"), r"\s+", _g("q_qy", _YEAR_RE),
    # the 1950s
    r"|", r"(?:the\s+)?", _g("dec", r"(?:1[0-9]|20)\d0"), r"'?s(?![\w])",
    # the 19th century
    r"|", r"(?:the\s+)?", _g("cent", r"1[0-9]|2[01]"), r"(?:st|nd|rd|th)\s+[Cc]entury",
    # two thousand and nine, nineteen ninety-five
    r"|", _g("sp_y", SPELLED_YEAR_RE),
    # 2011-2014, 2012-13, 2014
    r"|", _g("y1", _YEAR_RE), r"(?:", _DASH, _g("y2", r"(?:1[0-9]|20)\d\d|\d\d(?!\d)"), r")?",
    # January (alone; kept only in a dated context)
    r"|", _g("m_only", _FULL_MONTH_RE + r"|(?:Jan|Feb|Apr|Aug|Sept?|Oct|Nov|Dec)\.(?!\s*\d)"),
    # 656 to 661 AD, AD 800
    r"|", _g("ad_y1", r"\d{1,4}"), r"(?:\s*(?:-|–|to)\s*", _g("ad_y2", r"\d{1,4}"), r")?\s+(?:AD|CE|A\.D\.)(?![\w])",
    r"|(?:AD|A\.D\.)\s+", _g("ad_y", r"\d{1,4}(?![\d,])"),
    r")",
])

RELATIVE_PATTERN = "".join([
    r"(?<![\w])(?:",
    # the next day / the following week / the previous month / the day after / the day before
    r"(?<!over\s)(?<!Over\s)(?<!for\s)(?<!For\s)(?<!within\s)(?<!Within\s)(?<!past\s)(?<!throughout\s)(?<!Throughout\s)(?<!during\s)(?<!During\s)",
    r"[Tt]he\s+", _g("r_dir", r"next|following|previous|preceding|same|subsequent"), r"\s+",
    _g("r_unit", r"day|morning|afternoon|evening|night|week|weekend|month|year|" + _WEEKDAY_RE),
    r"|[Tt]he\s+day\s+", _g("r_dayrel", r"after|before"), r"(?!\s+(?:the|a|an|his|her|its|their)\b)",
    r"|", _g("r_that", r"(?:[Ll]ater|[Ee]arlier)\s+that|[Tt]hat\s+same|[Tt]hat|[Tt]his"), r"\s+",
    _g("r_that_unit", r"day|morning|afternoon|evening|night|date|month|year"),
    r"|(?:[Tt]he\s+)?", _g("r_part", r"beginning|start|middle|end"), r"\s+of\s+the\s+",
    _g("r_part_unit", r"day|week|month|year"),
    # the end of year
    r"|(?:[Tt]he\s+)?", _g("r_part_y", r"beginning|start|middle|end"), r"\s+of\s+year(?![\w])",
    # two days later / a week later / three weeks earlier / five years ago
    r"|", _g("r_num", _NUM_RE), r"\s+", _g("r_num_unit", r"days?|weeks?|months?|years?"), r"\s+",
    _g("r_num_dir", r"(?:later|earlier)(?!\s+than\b)|afterwards|ago|after\s+that|before\s+that|"
                    r"(?:after|before)(?=\s*[,.;:)])"),
    # yesterday / last week / this year / next month / last Monday
    r"|", _g("r_deictic", r"[Yy]esterday|[Tt]oday(?!'s|’s)|(?<!about\s)(?<!of\s)(?<!for\s)[Tt]omorrow(?!'s)"),
    r"|(?<!the\s)(?<!The\s)", _g("r_rel", r"[Ll]ast|[Tt]his|[Nn]ext"), r"\s+",
    _g("r_rel_unit", r"week|month|year|spring|summer|autumn|fall|winter|" + _WEEKDAY_RE),
    # (on) Monday
    r"|", _g("r_weekday", _WEEKDAY_RE), r"(?!,?\s+(?:\d|the\s+\d))",
    # the last week: the seven days before the document's date
    r"|[Tt]he\s+last\s+", _g("r_past", r"week"), r"(?!\s+of\b)",
    r")(?![\w])",
])

# Words a date expression can begin with in lower case (anything else starts with a digit or a
# capital letter); checking this first lets the scan skip most words quickly.
_LOWER_STARTS = (
    "the between from around about circa approximately roughly some sometime very beginning start "
    "middle end first second third fourth final last early mid middle late spring summer autumn "
    "fall winter later earlier that this next yesterday today tomorrow a an one two three four "
    "five six seven eight nine ten eleven twelve fifteen twenty thirty"
).split()
_LOWER_STARTS += "thirteen fourteen sixteen seventeen eighteen nineteen".split()  # spelled years
FINDER_RE = re.compile(
    r"(?<![\w])(?=[\dA-Z]|c\.|ca\.|(?:" + "|".join(sorted(set(_LOWER_STARTS), key=len, reverse=True))
    + r")(?!\w))(?:" + ATOM_PATTERN + "|" + RELATIVE_PATTERN + ")")
# What may stand between two atoms that form one range, and what may come before the first.
RANGE_JOIN_RE = re.compile(r"\s*(?:-|–|—|‒|‑|to|until|till|through|thru|and|or)\s*$")
RANGE_OPEN_RE = re.compile(r"(?:\b(?:[Ff]rom|[Bb]etween)\s+)$")
# Words before a month name standing alone that show it names a time ("in March").
MONTH_CONTEXT_RE = re.compile(
    r"(?:\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Tt]ill|[Bb]y|[Dd]uring|[Ff]rom|[Oo]f|[Tt]hrough|[Bb]efore|"
    r"[Aa]fter|[Ll]ast|[Nn]ext|[Tt]his|[Tt]o|[Ee]nd|[Ll]ate|[Ee]arly|[Oo]n|[Tt]hroughout|[Ff]or|"
    r"[Bb]etween|[Aa]nd|[Oo]r)\s+)$")
SEASON_CONTEXT_RE = re.compile(
    r"(?:\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Dd]uring|[Tt]hroughout|[Ll]ast|[Nn]ext|[Tt]his|"
    r"[Tt]hat|[Ee]arly|[Ll]ate)\s+(?:the\s+)?)$")

# A bare four-digit number followed by a plural noun counts things ("2000 employees") unless a
# word that introduces a year or a modifier comes before it ("in 2014 elections", "the 2014 polls").
PLURAL_AFTER_RE = re.compile(r"\s+(?!was\b|has\b|is\b|as\b|this\b|its\b|his\b|marks\b|sees\b)[a-z]{3,}s\b")
YEAR_INTRO_WORDS = frozenset(
    "the its his her their our this that these those in since by of from until till during before "
    "after through to around circa early mid late than between spring summer autumn fall "
    "winter year years on for".split())
# Endings of singular nouns that end in "s": a year may stand before them ("a 2009 analysis",
# "the 2010 census", "the 2008 crisis").
SINGULAR_ENDINGS = ("sis", "ss", "us", "ics", "news", "series")
