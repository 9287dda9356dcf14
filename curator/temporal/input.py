"""What a user types in a date cell, read into DateFields.

Accepted: EDTF level 0/1 strings ("2014-05-08", "2014-05~", "2013-12/2014-02", "201X"), EDTF
sets ("[2014-05-01,2014-05-03]": one of them; "{2014,2016}": all of them), and free
text with one date expression ("early May 2014", "22-31 Jan 2014", "spring 2015", "8 May 2014").
Free text is read with the date finder; if the finder sees nothing, python-dateutil gets a try
("2014/05/08", "May 8th 2014 10:00"). A year-less expression ("8 May") takes the anchor's year.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from typing import Optional

from dateutil import parser as dateutil_parser

from curator.core.records import DateFields
from curator.temporal.edtf import MONTH_NAMES, YEAR_RANGE_REASON, parse_edtf
from curator.temporal.errors import DateInputError
from curator.temporal.finder import find_dates
from curator.temporal.lexicon import MONTHS
from curator.temporal.rule import require_valid_date

# Looks like an EDTF value (digits, X, '-', '/', '..', qualifiers) rather than prose.
_EDTF_LIKE = re.compile(r"^[\dX\-/.~?%]+$")
_EDTF_SET = re.compile(r"^[\[{].*[\]}]$")  # [2014-05-01,2014-05-03] one of, {a,b} all of


def parse_date_input(text: str, anchor: Optional[date] = None) -> DateFields:
    """Read a typed date; empty input means no date. Raises DateInputError with the reason.

    What it returns obeys the one date rule (:mod:`curator.temporal.rule`), so the facade stores
    it as read: a preview made with this function and the commit agree."""
    fields = _read(" ".join((text or "").split()), anchor)
    require_valid_date(fields.edtf, fields.earliest, fields.latest)
    return fields


def _read(typed: str, anchor: Optional[date]) -> DateFields:
    if not typed:
        return DateFields()
    if _EDTF_SET.match(typed):
        value = parse_edtf(typed)
        return DateFields(edtf=value.edtf, earliest=value.earliest_iso,
                          latest=value.latest_iso, date_text=typed)
    if _EDTF_LIKE.match(typed):
        try:
            value = parse_edtf(typed)
        except DateInputError as exc:
            if YEAR_RANGE_REASON in exc.reason:  # -0044-03-15: not to be read as 44 AD by dateutil
                raise
            # numeric forms that are not EDTF: "14.02.1978", "6/14/2007", "2014/05/08"
            whole = [m for m in find_dates(typed, anchor) if m.text == typed]
            if whole:
                return DateFields(whole[0].edtf, whole[0].earliest, whole[0].latest, typed)
            ambiguous = re.match(r"^(\d{1,2})[./](\d{1,2})[./]\d{4}$", typed)
            if ambiguous and ambiguous.group(1) != ambiguous.group(2) and max(
                    int(ambiguous.group(1)), int(ambiguous.group(2))) <= 12:
                raise DateInputError(f"'{typed}' could be day/month or month/day: "
                                     "type it as YYYY-MM-DD") from None
            parsed = _dateutil_day(typed, anchor)
            if parsed is None:
                reason = impossible_day(typed, anchor)
                if reason:
                    raise DateInputError(reason) from None
                raise
            return DateFields(parsed.isoformat(), parsed.isoformat(), parsed.isoformat(), typed)
        return DateFields(edtf=value.edtf, earliest=value.earliest_iso,
                          latest=value.latest_iso, date_text=typed)
    reason = impossible_day(typed, anchor)
    if reason:
        raise DateInputError(reason)
    matches = find_dates(typed, anchor)
    if matches:
        first, last = matches[0], matches[-1]
        if len(matches) == 1:
            return DateFields(first.edtf, first.earliest, first.latest, typed)
        if first.earliest <= last.latest:  # "8 May 2014 / 10 May 2014": one interval
            value = parse_edtf(f"{first.edtf.split('/')[0]}/{last.edtf.split('/')[-1]}")
            return DateFields(value.edtf, value.earliest_iso, value.latest_iso, typed)
    parsed = _dateutil_day(typed, anchor)
    if parsed is None:
        raise DateInputError(f"no date found in '{typed}'")
    return DateFields(parsed.isoformat(), parsed.isoformat(), parsed.isoformat(), typed)


_DAY_MONTH = re.compile(
    r"^(?:(?:the\s+)?(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>[^\W\d_]+)\.?,?"
    r"|(?P<m2>[^\W\d_]+)\.?\s+(?:the\s+)?(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?)(?:\s+(?P<y>\d{4}))?$",
    re.IGNORECASE)
_NUMERIC_DAY = re.compile(r"^(?P<a>\d{1,2})[./](?P<b>\d{1,2})[./](?P<y>\d{4})$")


def impossible_day(typed: str, anchor: Optional[date] = None) -> Optional[str]:
    """Why a typed day cannot be (``31 February 2014``: February 2014 has 28 days), or None
    when it is possible or is not a day of a named month ("8 May", "May 31, 2014", "31.02.2014")."""
    m = _DAY_MONTH.match(typed)
    if m:
        month = MONTHS.get((m.group("m1") or m.group("m2")).lower())
        day = int(m.group("d1") or m.group("d2"))
    else:
        m = _NUMERIC_DAY.match(typed)
        if not m:
            return None
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        else:
            return None  # both could be the month: ambiguous, said elsewhere
    if month is None:
        return None
    year = int(m.group("y")) if m.group("y") else (anchor.year if anchor else None)
    if year is not None and not 1 <= year <= 9999:
        return None
    days = calendar.monthrange(year or 2000, month)[1]  # 2000: a leap year (29 February)
    if 1 <= day <= days:
        return None
    name = MONTH_NAMES[month - 1]
    where = f"{name} {year} has {days} days" if year else f"{name} has at most {days} days"
    return f"'{typed}' has no day {day}: {where}"


def _dateutil_day(text: str, anchor: Optional[date]) -> Optional[date]:
    """A full calendar day read by dateutil, only when the text states day, month and year."""
    if not re.search(r"\d{4}", text) or not re.search(r"\d", re.sub(r"\d{4}", "", text)):
        return None
    try:
        first = dateutil_parser.parse(text, default=datetime(1, 1, 1))
        second = dateutil_parser.parse(text, default=datetime(2, 2, 2))
    except (ValueError, OverflowError):
        return None
    if first.date() != second.date():  # some part of the day came from the default
        return None
    return first.date()
