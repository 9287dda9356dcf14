"""A date typed as words into a date cell ("8 May 2014", "before 1900", "14 Juli 2014"), read
exactly or refused with the reason.

The finder reads the text by the rules of typed input (``find_dates(..., typed=True)``, see
:mod:`curator.temporal.forms`). Then every word of the input must be accounted for: by a date
expression, or by words that add nothing to the day ("on", "the", a weekday, a time of day,
punctuation). A word left over would be meaning dropped in silence ("15 March 44", "14 luglio
2014", "as of May 2014", "not in 2014"), so the input is refused and the word named.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Callable, Optional

from curator.core.records import DateFields
from curator.temporal.edtf import MONTH_NAMES, parse_edtf
from curator.temporal.errors import DateInputError
from curator.temporal.finder import find_dates
from curator.temporal.forms import bc_reason
from curator.temporal.lexicon import MONTHS
from curator.temporal.months import foreign_atoms, month_of

_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri "
    "sat sun lundi mardi mercredi jeudi vendredi samedi dimanche montag dienstag mittwoch "
    "donnerstag freitag samstag sonnabend sonntag lunes martes miércoles miercoles jueves viernes "
    "sábado sabado domingo"
).split()
_FILLER_WORDS = frozenset(["on", "in", "the", "of", "at", "during", "le", "la", "am", "den",
                           "der", "el", "de", "del", "utc", "gmt", "noon", "midnight", "morning",
                           "afternoon", "evening", "night", "dawn", "dusk", "local", "time",
                           *_WEEKDAYS])
_TIME = (r"\d{1,2}(?::\d{2}){1,2}(?:\s*(?:am|pm|a\.m\.|p\.m\.|h|uhr))?|\d{1,2}\s*(?:am|pm|a\.m\.|"
         r"p\.m\.|h|uhr)(?![\w])|T\d{2}(?::\d{2}){0,2}(?:Z|[+-]\d{2}:?\d{2})?")
_LEFTOVER_RE = re.compile(r"(?i)" + _TIME + r"|[^\W\d_]+|\d+|[^\s\w]")
_PUNCTUATION = set(",.;:/()[]–-")
_ERA_RE = re.compile(r"(?<![\w])(?:AD|A\.D\.|CE|C\.E\.)(?![\w])")
# "31 February 2014": a day, a month name and a year with no such day
_NO_SUCH_DAY_RE = re.compile(r"(?<![\w])(?P<d>\d{1,2})(?:st|nd|rd|th|er|\.)?\s+(?:of\s+|de\s+)?"
                             r"(?P<m>[^\W\d_]+\.?),?\s+(?:de\s+)?(?P<y>\d{4})(?![\w])")
_UNKNOWN_MONTH_RE = re.compile(r"(?<![\w])\d{1,2}\.?\s+(?:de\s+)?(?P<w>[^\W\d_]{3,12})\.?,?\s+"
                               r"(?:de\s+)?\d{4}(?![\w])|^(?P<w2>[^\W\d_]{3,12})\.?,?\s+\d{4}$")


# words before a year that are not month names ("after 3000": no date found, not "no month")
_NOT_MONTH_WORDS = frozenset(
    "before after since until till by from in on of the around about circa early late mid "
    "spring summer autumn fall winter year pre post through thru up to not no probably "
    "possibly perhaps either or and".split())


def _leftover(typed: str, spans: list[tuple[int, int]]) -> list[str]:
    """The stretches of ``typed`` outside ``spans`` that say something (hold a word that is not
    filler), as typed: "as of" in "as of May 2014", "44" in "15 March 44"."""
    rest, position = [], 0
    for start, end in spans:
        rest.append(typed[position:start])
        position = end
    rest.append(typed[position:])
    pieces = []
    for piece in rest:
        piece = _ERA_RE.sub(" ", piece)  # "2014 AD": the Common Era is what Curator places
        if any(not (token.lower() in _FILLER_WORDS or token in _PUNCTUATION
                    or re.fullmatch(r"(?i)" + _TIME, token))
               for token in _LEFTOVER_RE.findall(piece)):
            pieces.append(piece.strip(" ,;:"))
    return pieces


def _no_date_reason(typed: str) -> str:
    """Why nothing could be read from ``typed``, as precisely as can be told."""
    for m in _NO_SUCH_DAY_RE.finditer(typed):
        try:
            month, _ = month_of(m.group("m"))
        except KeyError:
            continue
        day, year = int(m.group("d")), int(m.group("y"))
        if month and 1 <= year <= 9999:
            days = calendar.monthrange(year, month)[1]
            if day > days:
                return (f"'{typed}' has no day {day}: {MONTH_NAMES[month - 1]} {year} has "
                        f"{days} days")
    m = _UNKNOWN_MONTH_RE.search(typed)
    if m:
        word = m.group("w") or m.group("w2")
        if word.rstrip(".").lower() not in MONTHS and word.lower() not in _NOT_MONTH_WORDS:
            try:
                month_of(word)
            except KeyError:
                return (f"'{word}' is not a month name Curator reads (English, French, German, "
                        f"Spanish, Arabic): type YYYY-MM-DD")
    return f"no date found in '{typed}'"


def read_typed_words(typed: str, anchor: Optional[date],
                     fallback: Callable[[str, Optional[date]], Optional[date]]) -> DateFields:
    """The DateFields of a typed date in words; DateInputError with the reason when it cannot
    be read exactly. ``fallback`` reads a full day another way (dateutil) when the finder sees
    nothing."""
    reason = bc_reason(typed)
    if reason:
        raise DateInputError(reason)
    refusal = next((a.refusal for a in foreign_atoms(typed, typed=True) if a.refusal), None)
    if refusal:
        raise DateInputError(refusal)
    matches = find_dates(typed, anchor, typed=True)
    if not matches:
        parsed = fallback(typed, anchor)
        if parsed is None:
            raise DateInputError(_no_date_reason(typed))
        return DateFields(parsed.isoformat(), parsed.isoformat(), parsed.isoformat(), typed)
    words = _leftover(typed, [(m.start, m.end) for m in matches])
    if words:
        read = "', '".join(m.text for m in matches)
        raise DateInputError(f"'{' … '.join(words)}' is not part of a date Curator can read "
                             f"(it read '{read}'): remove it or type EDTF")
    first, last = matches[0], matches[-1]
    if len(matches) == 1:
        return DateFields(first.edtf, first.earliest, first.latest, typed)
    if any(m.earliest is None or m.latest is None or m.edtf.startswith(("[", "{"))
           for m in matches) or first.earliest > last.latest:
        raise DateInputError(f"'{typed}' holds more than one date "
                             f"('{first.text}', '{last.text}'): type one date or one range")
    # "8 May 2014 / 10 May 2014": one interval
    value = parse_edtf(f"{first.edtf.split('/')[0]}/{last.edtf.split('/')[-1]}")
    return DateFields(value.edtf, value.earliest_iso, value.latest_iso, typed)
