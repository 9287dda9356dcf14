"""What a user types in a date cell, read into DateFields.

Accepted: EDTF level 0/1 strings ("2014-05-08", "2014-05~", "2013-12/2014-02", "201X"), EDTF
sets ("[2014-05-01,2014-05-03]": one of them; "{2014,2016}": all of them), and free
text with one date expression ("early May 2014", "22-31 Jan 2014", "spring 2015", "8 May 2014").
Free text is read with the date finder; if the finder sees nothing, python-dateutil gets a try
("2014/05/08", "May 8th 2014 10:00"). A year-less expression ("8 May") takes the anchor's year.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Optional

from dateutil import parser as dateutil_parser

from curator.core.records import DateFields
from curator.temporal.edtf import parse_edtf
from curator.temporal.errors import DateInputError
from curator.temporal.finder import find_dates

# Looks like an EDTF value (digits, X, '-', '/', '..', qualifiers) rather than prose.
_EDTF_LIKE = re.compile(r"^[\dX\-/.~?%]+$")
_EDTF_SET = re.compile(r"^[\[{].*[\]}]$")  # [2014-05-01,2014-05-03] one of, {a,b} all of


def parse_date_input(text: str, anchor: Optional[date] = None) -> DateFields:
    """Read a typed date; empty input means no date. Raises DateInputError with the reason."""
    typed = (text or "").strip()
    if not typed:
        return DateFields()
    if _EDTF_SET.match(typed):
        value = parse_edtf(typed)
        return DateFields(edtf=value.edtf, earliest=value.earliest_iso,
                          latest=value.latest_iso, date_text=typed)
    if _EDTF_LIKE.match(typed):
        try:
            value = parse_edtf(typed)
        except DateInputError:
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
                raise
            return DateFields(parsed.isoformat(), parsed.isoformat(), parsed.isoformat(), typed)
        return DateFields(edtf=value.edtf, earliest=value.earliest_iso,
                          latest=value.latest_iso, date_text=typed)
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
