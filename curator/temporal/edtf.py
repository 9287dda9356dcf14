"""EDTF (ISO 8601-2) level 0/1 values as inclusive day intervals.

``parse_edtf("2014-05~")`` gives an :class:`EdtfInterval` with the normalised string, the first
and last day it can mean, its precision and its qualifiers. Supported: ``YYYY``, ``YYYY-MM``,
``YYYY-MM-DD``, seasons ``YYYY-21..24`` (spring, summer, autumn, winter; winter YYYY runs from
December YYYY to February YYYY+1), qualifiers ``~`` (approximate), ``?`` (uncertain), ``%``
(both) at the end of a date, unspecified digits (``201X``, ``19XX``, ``2014-XX``,
``2014-05-XX``) and intervals ``a/b`` with open (``..``) or unknown (empty) ends.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from curator.temporal.errors import DateInputError

SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

_DATE_RE = re.compile(
    r"^(?P<year>-?[0-9X]{4})(?:-(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?)?(?P<qual>[~?%])?$"
)


@dataclass(frozen=True)
class EdtfInterval:
    """What an EDTF value means: the days from ``earliest`` to ``latest`` (inclusive).

    ``precision`` is one of "day", "month", "season", "year", "decade", "century",
    "millennium" or "interval" (for ``a/b`` values). Open or unknown interval ends are None.
    """

    edtf: str
    earliest: Optional[date]
    latest: Optional[date]
    precision: str
    approximate: bool = False
    uncertain: bool = False

    @property
    def earliest_iso(self) -> Optional[str]:
        return self.earliest.isoformat() if self.earliest else None

    @property
    def latest_iso(self) -> Optional[str]:
        return self.latest.isoformat() if self.latest else None


def _year_bounds(text: str, value: str) -> tuple[int, int, str]:
    """Year digits (possibly with trailing X digits) -> (first year, last year, precision)."""
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("-")
    if "X" in digits.rstrip("X"):
        raise DateInputError(f"'{value}' has unspecified digits in the middle of the year")
    known = digits.rstrip("X")
    unknown = len(digits) - len(known)
    precision = {0: "year", 1: "decade", 2: "century", 3: "millennium"}.get(unknown)
    if precision is None:
        raise DateInputError(f"'{value}' has no known year digit")
    low = int(known + "0" * unknown) * sign
    high = int(known + "9" * unknown) * sign
    if sign < 0:
        low, high = high, low
    if low < 1 or high > 9999:
        raise DateInputError(f"'{value}' is outside the years 0001-9999 Curator can place")
    return low, high, precision


def _parse_date(value: str) -> EdtfInterval:
    m = _DATE_RE.match(value)
    if not m:
        raise DateInputError(f"'{value}' is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    qual = m.group("qual") or ""
    y0, y1, precision = _year_bounds(m.group("year"), value)
    month, day = m.group("month"), m.group("day")
    approximate = qual in ("~", "%")
    uncertain = qual in ("?", "%")
    if month is None:
        return EdtfInterval(value, date(y0, 1, 1), date(y1, 12, 31), precision, approximate, uncertain)
    if precision != "year" and (month != "XX" or (day not in (None, "XX"))):
        raise DateInputError(f"'{value}' has a known month or day in an unspecified year")
    if month == "XX":
        if day not in (None, "XX"):
            raise DateInputError(f"'{value}' has a known day in an unspecified month")
        return EdtfInterval(value, date(y0, 1, 1), date(y1, 12, 31), precision, approximate, uncertain)
    if "X" in month:
        raise DateInputError(f"'{value}' has a partly unspecified month")
    mo = int(month)
    if mo in SEASONS:
        if day is not None:
            raise DateInputError(f"'{value}' has a day after a season")
        first, last = SEASONS[mo]
        end_year = y0 + 1 if last < first else y0
        if end_year > 9999:
            raise DateInputError(f"'{value}' is outside the years 0001-9999 Curator can place")
        return EdtfInterval(value, date(y0, first, 1),
                            date(end_year, last, calendar.monthrange(end_year, last)[1]),
                            "season", approximate, uncertain)
    if not 1 <= mo <= 12:
        raise DateInputError(f"'{value}' has no month {mo}")
    month_days = calendar.monthrange(y0, mo)[1]
    if day is None or day == "XX":
        return EdtfInterval(value, date(y0, mo, 1), date(y0, mo, month_days),
                            "month", approximate, uncertain)
    if "X" in day:
        raise DateInputError(f"'{value}' has a partly unspecified day")
    d = int(day)
    if not 1 <= d <= month_days:
        raise DateInputError(f"'{value}' has no day {d} ({MONTH_NAMES[mo - 1]} {y0} has {month_days} days)")
    return EdtfInterval(value, date(y0, mo, d), date(y0, mo, d), "day", approximate, uncertain)


def parse_edtf(value: str) -> EdtfInterval:
    """Read an EDTF level 0/1 string; raise DateInputError with the reason when it is not one."""
    if not isinstance(value, str):
        raise DateInputError(f"{value!r} is not an EDTF string")
    value = value.strip()
    if not value:
        raise DateInputError("empty EDTF value")
    if "/" not in value:
        return _parse_date(value)
    if value.count("/") != 1:
        raise DateInputError(f"'{value}' has more than one '/'")
    left, right = value.split("/")
    if left in ("", "..") and right in ("", ".."):
        raise DateInputError(f"'{value}' has no known end")
    start = None if left in ("", "..") else _parse_date(left)
    end = None if right in ("", "..") else _parse_date(right)
    if start and end and start.earliest > end.latest:
        raise DateInputError(f"'{value}' ends before it starts")
    return EdtfInterval(
        value,
        start.earliest if start else None,
        end.latest if end else None,
        "interval",
        any(p.approximate for p in (start, end) if p),
        any(p.uncertain for p in (start, end) if p),
    )


def edtf_for(earliest: date, latest: date, approximate: bool = False) -> str:
    """The plainest EDTF string for the days earliest..latest (inclusive), "~" if approximate."""
    q = "~" if approximate else ""
    if earliest == latest:
        return earliest.isoformat() + q
    starts_month = earliest.day == 1
    ends_month = latest.day == calendar.monthrange(latest.year, latest.month)[1]
    if starts_month and ends_month:
        whole_years = earliest.month == 1 and latest.month == 12
        if whole_years and earliest.year == latest.year:
            return f"{earliest.year:04d}{q}"
        if whole_years and earliest.year % 10 == 0 and latest.year == earliest.year + 9:
            return f"{earliest.year // 10:03d}X{q}"
        if whole_years and earliest.year % 100 == 0 and latest.year == earliest.year + 99:
            return f"{earliest.year // 100:02d}XX{q}"
        if whole_years:
            return f"{earliest.year:04d}{q}/{latest.year:04d}{q}"
        if (earliest.year, earliest.month) == (latest.year, latest.month):
            return f"{earliest.year:04d}-{earliest.month:02d}{q}"
        for code, (m0, m1) in SEASONS.items():
            year_after = earliest.year + (1 if m1 < m0 else 0)
            if (earliest.month, latest.month, latest.year) == (m0, m1, year_after):
                return f"{earliest.year:04d}-{code}{q}"
        return (f"{earliest.year:04d}-{earliest.month:02d}{q}/"
                f"{latest.year:04d}-{latest.month:02d}{q}")
    return f"{earliest.isoformat()}{q}/{latest.isoformat()}{q}"


def anchor_day(published: str) -> Optional[date]:
    """The day a document's year-less and relative dates are read against: the first day its
    publication date can mean (an EDTF value such as ``2016-11-30``, ``2016-11`` or ``2016``, or
    an ISO timestamp); None when the document has no readable date."""
    text = (published or "").strip()
    for candidate in (text, text[:10]):
        if not candidate:
            continue
        try:
            return parse_edtf(candidate).earliest
        except DateInputError:
            continue
    return None
