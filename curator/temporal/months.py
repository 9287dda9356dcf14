"""Month names in French, German, Spanish and Arabic transliteration, and dates written with them.

The English finder (:mod:`curator.temporal.lexicon`) knows English month names only, so "14 Juli
2014" used to come out as the year 2014. :func:`foreign_atoms` finds the dates written with the
names below ("14 Juli 2014", "14. Juli 2014", "8 mai 2014", "1er août 2014", "3 de mayo de 2014",
"mayo de 2014", "15 Haziran 2014", "Tishrin al-Awwal 2013") and dates in the era of Christ
written with a short year ("15 March 44 AD", "March AD 44"). A foreign month name is read only
inside a date with a day or a year, never alone: a bare "mars" in English text is not March.

Levantine (Syriac) month names: Kanun al-Thani (January), Shubat, Adhar, Nisan, Ayyar,
Haziran, Tammuz, Ab, Aylul, Tishrin al-Awwal (October), Tishrin al-Thani (November), Kanun
al-Awwal (December). Egyptian (Western-derived): Yanayir, Fibrayir, Maris, Abril, Mayu, Yunyu,
Yulyu, Aghustus, Sibtambir, Uktubar, Nufambir, Disambir. Names that do not settle the month are
refused with the reason: "Tishrin" or "Kanun" alone (two months each), "Adar" and "Azar" (also
months of the Hebrew and Persian calendars, which do not line up with the Gregorian ones).

In running text a few names that are also common words or names ("Mars 2020", "Julio",
"Mayo", "Abril", "Nisan", "Maris", "Ab") need a day, a lower-case spelling or the Spanish "de"
before their year; typed into a date cell they are read as months.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from curator.core.text_scan import finditer_bounded
from curator.temporal.lexicon import _DASH, _MONTH_RE, _YEAR_RE, MONTHS

_ART = r"[\s-]+(?:(?:al|el|ath|at|ul|a[dt]h?)[\s-]+)?"
_THANI = r"(?:th|t)[aā]a?n[iīy]"
_AWWAL = r"[aā]ww?[aā]l"
_KANUN = r"k[aā]n(?:u|ū|ou|o)n"
_TISHRIN = r"t[ie]shr(?:i|ī|ee|ie)n"

# (pattern, month, risky): month 0 = the name does not settle the month (see AMBIGUOUS).
# Order matters: a longer name must come before a name it starts with.
NAMES: list[tuple[str, int, bool]] = [
    # Levantine Arabic (before the shorter names they start with)
    (_KANUN + _ART + _THANI, 1, False), (_KANUN + _ART + _AWWAL, 12, False),
    (_TISHRIN + _ART + _AWWAL, 10, False), (_TISHRIN + _ART + _THANI, 11, False),
    (_KANUN, 0, False), (_TISHRIN, 0, False),
    (r"(?:sh|š|s)[uūo]?b[aā]a?[tṭ]", 2, False), (r"[aā]dh[aā]a?r", 3, False),
    (r"[aā]dar|[aā]zar", 0, False), (r"n[iī]s[aā]n", 4, True), (r"[aā]yy[aā]r", 5, False),
    (r"[hḥ][aā]z[iī]r[aā]n", 6, False), (r"t[aā]mm[uūo]u?z", 7, False),
    (r"(?:[aāe]yl[uūüo]u?l)", 9, False),
    # Egyptian Arabic
    (r"y[aā]n[aā]y[iīe]r|yanair", 1, False), (r"f[iea]br[aā]y[iīe]r", 2, False),
    (r"m[aā]ris", 3, True), (r"m[aā]yu", 5, False), (r"y[uū]ny[uūoa]h?|younyo", 6, False),
    (r"y[uū]ly[uūoa]h?|youlyo", 7, False), (r"[au]gh[uūo]st[uūo]s", 8, False),
    (r"s[ie]bt[ae]mb[iīe]r", 9, False), (r"[uo]kt[uūo]b[aāe]r", 10, False),
    (r"n[uūo][fv][ae]mb[iīe]r", 11, False), (r"d[iīe][sz][ae]mb[iīe]r", 12, False),
    # French
    (r"janvier|janv\.", 1, False), (r"f[ée]vrier|f[ée]vr\.", 2, False), (r"mars", 3, True),
    (r"avril|avr\.", 4, False), (r"juin", 6, False), (r"juillet|juil\.", 7, False),
    (r"ao[ûu]t", 8, False), (r"septembre", 9, False), (r"octobre", 10, False),
    (r"novembre", 11, False), (r"d[ée]cembre|d[ée]c\.", 12, False),
    # German
    (r"januar|j[äa]nner|j[äa]n\.", 1, False), (r"februar", 2, False),
    (r"m[äa]rz|maerz|mrz\.", 3, False), (r"mai", 5, False), (r"juni", 6, False),
    (r"juli", 7, False), (r"okt\.", 10, False), (r"dez\.", 12, False),
    # Spanish
    (r"enero", 1, False), (r"febrero", 2, False), (r"marzo", 3, False), (r"abril", 4, True),
    (r"mayo", 5, True), (r"junio", 6, False), (r"julio", 7, True), (r"agosto", 8, False),
    (r"septiembre|setiembre", 9, False), (r"octubre", 10, False), (r"noviembre", 11, False),
    (r"diciembre|dic\.", 12, False),
]
# "Ab" (August) only with a capital and, in running text, only with a day ("ab" is German "from").
_AB = (r"(?-i:Ab|Āb|Aab)", 8, True)
AMBIGUOUS = {
    "kanun": "'{name}' alone could be December (Kanun al-Awwal) or January (Kanun al-Thani)",
    "tishrin": "'{name}' alone could be October (Tishrin al-Awwal) or November (Tishrin al-Thani)",
    "adar": "'{name}' is also a month of the Hebrew or Persian calendar; write Adhar or March",
}
_ALL = [*NAMES, _AB]
NAME_RE = "(?:" + "|".join(p for p, _, _ in _ALL) + r")(?![^\W\d_])"
_COMPILED = [(re.compile(p + r"(?![^\W\d_])", re.I), month, risky) for p, month, risky in _ALL]

_FDAY = r"(?:[12]\d|3[01]|0?[1-9])(?:\.|er|re|º|°|st|nd|rd|th)?"
_ERA = r"(?:AD|A\.D\.|CE|C\.E\.)(?![\w])"
FOREIGN_DATE_RE = re.compile(
    r"(?<![\w.])(?i:"
    # 14 Juli 2014 / 14. Juli 2014 / 1er août / 3 de mayo de 2014 / 3-5 mai 2014
    r"(?P<d1>" + _FDAY + r")(?:" + _DASH + r"(?P<d2>" + _FDAY + r"))?\s+(?:de\s+)?"
    r"(?P<m1>" + NAME_RE + r")(?:,?\s+(?P<de1>del?\s+)?(?P<y1>" + _YEAR_RE + r"))?"
    # Juli 2014 / mayo de 2014
    r"|(?P<m2>" + NAME_RE + r"),?\s+(?P<de2>del?\s+)?(?P<y2>" + _YEAR_RE + r")"
    # Haziran 5, 2014 (English order)
    r"|(?P<m3>" + NAME_RE + r")\s+(?P<d3>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?),?\s+"
    r"(?P<y3>" + _YEAR_RE + r")"
    r")(?![\w])")
# 15 March 44 AD / 15 March AD 44 / March 44 CE (a year of one to four digits with its era)
ERA_DATE_RE = re.compile(
    r"(?<![\w.])(?:(?P<d1>" + _FDAY + r")\s+(?:of\s+|de\s+)?)?"
    r"(?P<m1>" + _MONTH_RE + r"|(?i:" + NAME_RE + r"))\.?,?\s+"
    r"(?:" + _ERA + r"\s*(?P<y1>\d{1,4})|(?P<y2>\d{1,4})\s*" + _ERA + r")(?![\w])")


@dataclass(frozen=True)
class Atom:
    """A date written with a month name of another language (or an era), as stated."""

    start: int
    end: int
    month: int
    year: Optional[int] = None
    day1: Optional[int] = None
    day2: Optional[int] = None
    refusal: Optional[str] = None  # set when the name does not settle the month


def month_of(name: str) -> tuple[int, bool]:
    """(month or 0 when ambiguous, risky) for a month name of another language or English."""
    key = name.rstrip(".").lower()
    if key in MONTHS:
        return MONTHS[key], False
    for pattern, month, risky in _COMPILED:
        if pattern.fullmatch(name):
            return month, risky
    raise KeyError(name)


def ambiguity(name: str) -> Optional[str]:
    """Why a month name cannot be read (None when it names one month)."""
    month, _ = month_of(name)
    if month:
        return None
    low = name.lower()
    key = "kanun" if low.startswith("k") else "tishrin" if low.startswith("t") else "adar"
    return AMBIGUOUS[key].format(name=name)


def _day(token: Optional[str]) -> Optional[int]:
    return int(re.match(r"\d+", token).group()) if token else None


_WORD_RE = re.compile(r"[^\W\d_]+")
_NAME_ALONE_RE = re.compile(r"(?i:" + NAME_RE + ")")
_ERA_MARK_RE = re.compile(r"(?<![\w])(?:AD|A\.D\.|CE|C\.E\.)(?![\w])")


@lru_cache(maxsize=20000)
def _could_start_a_name(word: str) -> bool:
    if word.lower() in MONTHS:
        return False  # "November": the English finder's
    return bool(_NAME_ALONE_RE.fullmatch(word) or _NAME_ALONE_RE.fullmatch(word + ".")
                or _NAME_ALONE_RE.match(word + " al-"))


def _name_hits(text: str) -> Optional[re.Pattern]:
    """A pattern for the words of ``text`` that begin a month name (None if there are none):
    scanning a long text with every name at every word is slow, its distinct words are few."""
    words = sorted({w for w in {m.group() for m in _WORD_RE.finditer(text)} if _could_start_a_name(w)},
                   key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, words)) + r")(?![\w])")


def _near(pattern: re.Pattern, text: str, marks: Optional[re.Pattern], before: int, after: int):
    """For each match of ``marks``, the first match of ``pattern`` that covers it, starting at
    most ``before`` characters before it and ending at most ``after`` after it; in text order,
    none overlapping another (as ``finditer`` would give them)."""
    if marks is None:
        return []
    out: list[re.Match] = []
    for mark in finditer_bounded(marks, text):
        if out and out[-1].end() >= mark.end():
            continue  # this mark is inside the last match ("Kanun al-Thani": "Thani")
        position = max(0, mark.start() - before, out[-1].end() if out else 0)
        while True:
            m = pattern.search(text, position, min(len(text), mark.end() + after))
            if m is None or m.start() > mark.start():
                break
            if m.end() >= mark.end():
                out.append(m)
                break
            position = m.start() + 1
    return out


def foreign_atoms(text: str, typed: bool = False) -> list[Atom]:
    """The dates written with foreign month names or with an era, in text order.

    ``typed``: the text is what a user typed into a date cell, so the names that are also common
    words in running text ("Mars", "Mayo") are read as months too."""
    found: list[Atom] = []
    for m in _near(ERA_DATE_RE, text, _ERA_MARK_RE, 45, 8):
        month, _ = month_of(m.group("m1"))
        year = int(m.group("y1") or m.group("y2"))
        if month and year >= 1:
            found.append(Atom(m.start(), m.end(), month, year, _day(m.group("d1"))))
    taken = [(a.start, a.end) for a in found]
    for m in _near(FOREIGN_DATE_RE, text, _name_hits(text), 16, 60):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        name = m.group("m1") or m.group("m2") or m.group("m3")
        if name.rstrip(".").lower() in MONTHS:
            continue  # "November", "dec.": the English finder reads these
        month, risky = month_of(name)
        day1 = _day(m.group("d1") or m.group("d3"))
        day2 = _day(m.group("d2"))
        year = m.group("y1") or m.group("y2") or m.group("y3")
        if not typed and risky and not (m.group("de1") or m.group("de2")):
            # "Mars 2020", "the 2 Mars rovers", "ab 2014": need a day and a year, or (but
            # for "Ab") a lower-case name with either
            if not (day1 and year) and not (name[0].islower() and name.lower() != "ab"):
                continue
        if month == 0:
            found.append(Atom(m.start(), m.end(), 0, refusal=ambiguity(name)))
            continue
        if day1 is None and year is None:
            continue
        found.append(Atom(m.start(), m.end(), month, int(year) if year else None, day1, day2))
    return sorted(found, key=lambda a: a.start)


# "14 luglio 2014": a day, a word Curator does not know as a month, a year. Reported as the
# year 2014 it would be stored wrong; the finder leaves it out (typed, it is refused).
_UNREAD_BEFORE_YEAR_RE = re.compile(
    r"(?<![\w.,])(?:[12]\d|3[01]|0?[1-9])(?:\.|er|º)?\s+(?:de\s+)?(?P<word>[^\W\d_]{3,12})\.?,?"
    r"\s+(?:de\s+|del\s+)?$")
_NOT_MONTHS = frozenset(
    "and the for per since from until till before after during through between than with "
    "against into over under about around circa ago later earlier percent are were was has have "
    "had killed dead died people times".split())


def unread_month_before(text: str, start: int) -> bool:
    """Whether a year at ``start`` follows a day and a word that may be an unknown month name."""
    m = _UNREAD_BEFORE_YEAR_RE.search(text, max(0, start - 30), start)
    return m is not None and m.group("word").lower() not in _NOT_MONTHS
