"""ACLED's dates and Curator's: ``event_date`` with ``time_precision`` <-> an EDTF interval.
Qt-free, no database.

ACLED codes every event on one day, with a code saying how sure that day is (the ACLED
Codebook, "Time precision codes"; acledR's *Time* guide says the same):

=====  ===========================================  =========================================
code   ACLED means                                  ``event_date`` ACLED gives
=====  ===========================================  =========================================
1      the sources give the actual day              that day
2      the sources give a week or a weekend         the middle of that week (or weekend)
3      the sources give only the month              the middle of the month, or its first or
                                                    last day when they say "the beginning" or
                                                    "the end" of it
=====  ===========================================  =========================================

**Import** (:func:`interval_of`): code 1 is that day (``2014-05-08``); code 2 is the seven days
around it, three before and three after (``2014-05-05/2014-05-11``: the week whose middle it
is); code 3 is the month the day falls in (``2014-05``), whichever day of it ACLED chose. The
``event_date`` cell is kept as the event's ``date_text``.

**Export** (:func:`acled_date`): the code follows from the interval: one day, exact, is 1; an
approximate or uncertain day (``2014-05-08~``) or any interval of two to seven days is 2;
anything longer (a month, a season, a year, an open end) is 3. The day written is the event's
own ``date_text`` when that is a day this interval came from (so a file imported from ACLED
gives back ACLED's own day: the 15th of a month, or the 1st for "early May"), otherwise the
middle day of the interval (the earlier of two middle days), or its known end when the other
is open. An undated event has no ACLED date (:func:`acled_date` gives None).

Both ways round, the interval survives: exporting an imported date and importing it again
gives the same EDTF value (a property test checks it, with python-edtf as the oracle).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Optional

from curator.core.records import DateFields
from curator.temporal.edtf import MONTH_NAMES, parse_edtf
from curator.temporal.errors import DateInputError

DAY, WEEK, MONTH = 1, 2, 3
PRECISIONS = (DAY, WEEK, MONTH)
WEEK_HALF = 3  # a code-2 day stands for the seven days around it
_FIRST, _LAST = date(1, 1, 1), date(9999, 12, 31)

_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_WORDS = re.compile(r"^([0-9]{1,2})[ -]([A-Za-z]+)\.?,?[ -]([0-9]{4})$")
_MONTHS = {name.casefold(): number for number, name in enumerate(MONTH_NAMES, 1)}
_MONTHS.update({name[:3].casefold(): number for number, name in enumerate(MONTH_NAMES, 1)})
_MONTHS["sept"] = 9


class AcledDateError(ValueError):
    """A cell that is not an ACLED date or precision; the message says why (without the cell's
    row and column, which the caller adds)."""


def read_event_date(text: str) -> date:
    """The day an ``event_date`` cell gives: ``2014-05-08`` (as ACLED's API and Curator write
    it), ``8 May 2014`` or ``08-May-2014`` (as ACLED's export tool and spreadsheets write it).
    Numeric day/month orders (``08/05/2014``) are refused: they read differently in different
    countries."""
    clean = " ".join(text.split())
    iso = _ISO.match(clean)
    words = _WORDS.match(clean) if iso is None else None
    if iso is not None:
        year, month, day = (int(p) for p in iso.groups())
    elif words is not None:
        day, year = int(words.group(1)), int(words.group(3))
        month = _MONTHS.get(words.group(2).casefold())
        if month is None:
            raise AcledDateError(f"{text!r} is not a date: {words.group(2)!r} is not an English month name")
    else:
        raise AcledDateError(f"{text!r} is not a date (write YYYY-MM-DD, e.g. 2014-05-08, or 8 May 2014)")
    if not 1 <= year <= 9999:
        raise AcledDateError(f"{text!r}: Curator places years 0001-9999")
    if not 1 <= month <= 12:
        raise AcledDateError(f"{text!r} is not a date: there is no month {month}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise AcledDateError(f"{text!r} is not a date: {MONTH_NAMES[month - 1]} {year} has {days} days")
    return date(year, month, day)


def read_precision(text: str) -> int:
    """A ``time_precision`` cell: 1, 2 or 3 ("" is 1: the day as given; "2.0", as spreadsheets
    and pandas write whole numbers, is 2)."""
    clean = text.strip()
    if not clean:
        return DAY
    if clean.endswith(".0"):
        clean = clean[:-2]
    if clean not in ("1", "2", "3"):
        raise AcledDateError(f"{text!r} is not a time precision: ACLED's are 1 (the day), 2 (a week) "
                             "and 3 (a month)")
    return int(clean)


def interval_of(day: date, precision: int, date_text: str = "") -> DateFields:
    """The EDTF interval an ACLED day and precision stand for (see the module docstring)."""
    text = date_text or day.isoformat()
    if precision == DAY:
        iso = day.isoformat()
        return DateFields(iso, iso, iso, text)
    if precision == WEEK:
        first = day - timedelta(days=WEEK_HALF) if day.toordinal() > WEEK_HALF else _FIRST
        last = day + timedelta(days=WEEK_HALF) if day <= _LAST - timedelta(days=WEEK_HALF) else _LAST
        return DateFields(f"{first.isoformat()}/{last.isoformat()}", first.isoformat(), last.isoformat(), text)
    if precision == MONTH:
        last_day = calendar.monthrange(day.year, day.month)[1]
        return DateFields(f"{day.year:04d}-{day.month:02d}", date(day.year, day.month, 1).isoformat(),
                          date(day.year, day.month, last_day).isoformat(), text)
    raise AcledDateError(f"{precision!r} is not a time precision")


def precision_of(earliest: Optional[date], latest: Optional[date], edtf: str) -> int:
    """The ACLED code of an interval (see the module docstring)."""
    if earliest is None or latest is None:
        return MONTH
    span = (latest - earliest).days + 1
    if span == 1:
        return WEEK if _fuzzy(edtf) else DAY
    return WEEK if span <= 7 else MONTH


def _fuzzy(edtf: str) -> bool:
    try:
        found = parse_edtf(edtf)
    except DateInputError:
        return False
    return found.approximate or found.uncertain


def acled_date(edtf: str, earliest: Optional[str], latest: Optional[str],
               date_text: str = "") -> Optional[tuple[date, int]]:
    """(event_date, time_precision) for an event's stored date; None when it is undated."""
    first = date.fromisoformat(earliest) if earliest else None
    last = date.fromisoformat(latest) if latest else None
    if first is None and last is None:
        return None
    precision = precision_of(first, last, edtf)
    if date_text:
        try:
            given = read_event_date(date_text)
        except AcledDateError:
            given = None
        if given is not None and interval_of(given, precision).edtf == edtf:
            return given, precision
    if first is None:
        return last, precision
    if last is None:
        return first, precision
    return first + timedelta(days=((last - first).days) // 2), precision
