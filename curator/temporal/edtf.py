"""EDTF (ISO 8601-2) level 0/1 values, and level-2 sets, as inclusive day intervals.

``parse_edtf("2014-05~")`` gives an :class:`EdtfInterval` with the value in its standard form,
the first and last day it can mean, its precision and its qualifiers. Read: ``YYYY``,
``YYYY-MM``, ``YYYY-MM-DD``, seasons ``YYYY-21..24`` (spring, summer, autumn, winter; winter
YYYY runs from December YYYY to February YYYY+1), qualifiers ``~`` (approximate), ``?``
(uncertain), ``%`` (both) at the end of a date, unspecified digits (``201X``, ``19XX``,
``2014-XX``, ``2014-05-XX``), intervals ``a/b`` with open (``..``) or unknown (empty) ends, and
sets: ``[a,b,...]`` (one of them) and ``{a,b,...}`` (all of them), whose members are dates or
ranges ``a..b`` (a one-of set may start with ``..a`` or end with ``a..``).

Curator writes only values that other EDTF tools read with the same bounds (python-edtf's
strict bounds; EDTF.js): a season is written as its months (``2015-03/2015-05``; the tools
disagree on the months of season codes: EDTF.js reads ``2015-21`` as January to March,
python-edtf ``2015-24`` as December only), an approximate or uncertain one, decade or century as
an interval of qualified ends (``2015-03~/2015-05~``, ``1990~/1999~``: ``199X~`` is refused by
EDTF.js), an unknown interval end as open (``../2014``). Season codes and the forms Curator wrote
before (``2015-21~``, ``199X~``) are still read, with the bounds they always had (northern
meteorological seasons, winter YYYY from December YYYY), and ``.edtf`` of the parsed value is
the form Curator writes (:func:`standard_edtf`).

Years before 1 (BC/BCE, year 0, negative years) and after 9999 are refused: days are stored as
ISO dates, which Python's ``date`` (and so sorting, filtering, drawing) covers for 1..9999 only.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from typing import Optional

from curator.temporal.errors import DateInputError

SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
YEAR_RANGE_REASON = "Curator places years 0001-9999"

_DATE_RE = re.compile(
    r"^(?P<year>[0-9X]{4})(?:-(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?)?(?P<qual>[~?%])?$"
)
_OUT_OF_RANGE_RE = re.compile(r"^(?:Y-?[0-9]+|-[0-9X]{1,}|[0-9]{5,}|0000)(?:[-~?%]|$)")


@dataclass(frozen=True)
class EdtfInterval:
    """What an EDTF value means: the days from ``earliest`` to ``latest`` (inclusive).

    ``edtf`` is the value in the standard form Curator writes. ``precision`` is one of "day",
    "month", "season", "year", "decade", "century", "millennium", "interval" (for ``a/b``
    values) or "set" (for ``[..]`` and ``{..}``). Open or unknown ends are None.
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


def _refuse_out_of_range(value: str, part: str) -> None:
    if _OUT_OF_RANGE_RE.match(part):
        raise DateInputError(f"'{value}': {YEAR_RANGE_REASON} (no BC/BCE, year 0 or years past 9999)")


def _year_bounds(text: str, value: str) -> tuple[int, int, str]:
    """Year digits (possibly with trailing X digits) -> (first year, last year, precision)."""
    if "X" in text.rstrip("X"):
        raise DateInputError(f"'{value}' has unspecified digits in the middle of the year")
    known = text.rstrip("X")
    unknown = len(text) - len(known)
    precision = {0: "year", 1: "decade", 2: "century", 3: "millennium"}.get(unknown)
    if precision is None:
        raise DateInputError(f"'{value}' has no known year digit")
    low, high = int(known + "0" * unknown), int(known + "9" * unknown)
    if low < 1:  # 0XXX, 00XX, 000X include year 0
        raise DateInputError(f"'{value}': {YEAR_RANGE_REASON} (no BC/BCE, year 0 or years past 9999)")
    return low, high, precision


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _parse_date(value: str, whole: str) -> EdtfInterval:
    """One EDTF date (no '/'); ``.edtf`` is its standard form, which may be an interval."""
    _refuse_out_of_range(whole, value)
    m = _DATE_RE.match(value)
    if not m:
        raise DateInputError(f"'{whole}' is not an EDTF date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    q = m.group("qual") or ""
    y0, y1, precision = _year_bounds(m.group("year"), whole)
    month, day = m.group("month"), m.group("day")
    flags = (q in ("~", "%"), q in ("?", "%"))
    if month is None or month == "XX":
        if month == "XX" and day not in (None, "XX"):
            raise DateInputError(f"'{whole}' has a known day in an unspecified month")
        if precision == "year":
            standard = value if not q else f"{y0:04d}{q}"  # 2014-XX~ -> 2014~
        else:  # 199X, 19XX; qualified: an interval of qualified years (EDTF.js refuses 199X~)
            standard = value if not q else f"{y0:04d}{q}/{y1:04d}{q}"
        return EdtfInterval(standard, date(y0, 1, 1), date(y1, 12, 31), precision, *flags)
    if precision != "year":
        raise DateInputError(f"'{whole}' has a known month or day in an unspecified year")
    if "X" in month:
        raise DateInputError(f"'{whole}' has a partly unspecified month")
    mo = int(month)
    if mo in SEASONS:
        if day is not None:
            raise DateInputError(f"'{whole}' has a day after a season")
        first, last = SEASONS[mo]
        end_year = y0 + 1 if last < first else y0
        if end_year > 9999:
            raise DateInputError(f"'{whole}': {YEAR_RANGE_REASON} (winter 9999 ends in 10000)")
        # as its months: tools differ on a season's months (EDTF.js reads 2015-21 as January to
        # March, python-edtf 2015-24 as December only), and 2015-21~ is read by neither
        standard = f"{y0:04d}-{first:02d}{q}/{end_year:04d}-{last:02d}{q}"
        return EdtfInterval(standard, date(y0, first, 1), _month_end(end_year, last),
                            "season", *flags)
    if not 1 <= mo <= 12:
        raise DateInputError(f"'{whole}' has no month {mo}")
    month_days = calendar.monthrange(y0, mo)[1]
    if day is None or day == "XX":
        standard = value if not q else f"{y0:04d}-{mo:02d}{q}"
        return EdtfInterval(standard, date(y0, mo, 1), date(y0, mo, month_days), "month", *flags)
    if "X" in day:
        raise DateInputError(f"'{whole}' has a partly unspecified day")
    d = int(day)
    if not 1 <= d <= month_days:
        raise DateInputError(f"'{whole}' has no day {d} ({MONTH_NAMES[mo - 1]} {y0} has {month_days} days)")
    return EdtfInterval(value, date(y0, mo, d), date(y0, mo, d), "day", *flags)


def _calendar_ends(part: EdtfInterval) -> tuple[str, str]:
    """A date with unspecified digits or a season as its first and last year or month, plain
    (python-edtf refuses ``2014-XX`` and ``../100X`` as interval ends and seasons in sets)."""
    lo, hi = part.earliest, part.latest
    if part.precision in ("month", "season"):
        return f"{lo.year:04d}-{lo.month:02d}", f"{hi.year:04d}-{hi.month:02d}"
    return f"{lo.year:04d}", f"{hi.year:04d}"


def _range_end(part: EdtfInterval, side: int) -> str:
    """The plain start (side 0) or end (side 1) of a date used in a set's range a..b."""
    if "/" in part.edtf or "X" in part.edtf or part.precision == "season":
        return _calendar_ends(part)[side]
    return part.edtf


def _ends(part: EdtfInterval) -> tuple[str, str]:
    """The standard strings for a date used as the start and as the end of an interval."""
    left, _, right = part.edtf.partition("/")
    if "X" in part.edtf:  # only exact values keep X digits (199X, 2014-XX, 2014-05-XX)
        return _calendar_ends(part)
    return left, right or left


def _parse_interval(value: str) -> EdtfInterval:
    if value.count("/") != 1:
        raise DateInputError(f"'{value}' has more than one '/'")
    left, right = value.split("/")
    if left in ("", "..") and right in ("", ".."):
        raise DateInputError(f"'{value}' has no known end")
    start = None if left in ("", "..") else _parse_date(left, value)
    end = None if right in ("", "..") else _parse_date(right, value)
    if start and end and start.earliest > end.latest:
        raise DateInputError(f"'{value}' ends before it starts")
    standard = f"{_ends(start)[0] if start else '..'}/{_ends(end)[1] if end else '..'}"
    return EdtfInterval(
        standard,
        start.earliest if start else None,
        end.latest if end else None,
        "interval",
        any(p.approximate for p in (start, end) if p),
        any(p.uncertain for p in (start, end) if p),
    )


def _set_member(text: str, value: str, one_of: bool, first: bool, last: bool):
    """(standard text, earliest or None, latest or None, parts) of one member of a set."""
    if ".." not in text:
        part = _parse_date(text, value)
        if "/" in part.edtf and (part.approximate or part.uncertain):
            a, b = (e.rstrip("~?%") for e in _ends(part))
            raise DateInputError(f"'{value}': write the approximate member '{text}' as single "
                                 f"dates or a range ({a}..{b})")
        if "/" in part.edtf or "X" in part.edtf or part.precision == "season":
            a, b = _calendar_ends(part)  # 199X -> 1990..1999, 2014-21 -> 2014-03..2014-05
            return (a if a == b else f"{a}..{b}"), part.earliest, part.latest, (part,)
        return part.edtf, part.earliest, part.latest, (part,)
    if text.count("..") != 1:
        raise DateInputError(f"'{value}': '{text}' is not a date or a range a..b")
    a, b = text.split("..")
    if not a and not b:
        raise DateInputError(f"'{value}': '..' alone is not a set member")
    if not a or not b:
        where_ok = (not a and first) or (not b and last)
        if not one_of or not where_ok:
            raise DateInputError(f"'{value}': the open member '{text}' may only begin ('..a') or "
                                 "end ('a..') a one-of set [...]")
    start = _parse_date(a, value) if a else None
    end = _parse_date(b, value) if b else None
    if any(p.approximate or p.uncertain for p in (start, end) if p):
        raise DateInputError(f"'{value}': a range '{text}' in a set takes dates without ~ ? %")
    if start and end and start.earliest > end.latest:
        raise DateInputError(f"'{value}': the range '{text}' ends before it starts")
    standard = f"{_range_end(start, 0) if start else ''}..{_range_end(end, 1) if end else ''}"
    return (standard, start.earliest if start else None, end.latest if end else None,
            tuple(p for p in (start, end) if p))


def _parse_set(value: str) -> EdtfInterval:
    one_of = value.startswith("[")
    if not value.endswith("]" if one_of else "}"):
        raise DateInputError(f"'{value}' opens a set with '{value[0]}' but does not close it")
    items = [t.strip() for t in value[1:-1].split(",")]
    if items == [""]:
        raise DateInputError(f"'{value}' is an empty set")
    if "" in items:
        raise DateInputError(f"'{value}' has an empty member")
    members = [_set_member(t, value, one_of, i == 0, i == len(items) - 1) for i, t in enumerate(items)]
    if len(members) == 1 and ".." not in members[0][0]:
        raise DateInputError(f"'{value}': a set needs two or more members (or a range a..b)")
    firsts = [m[1] for m in members]
    lasts = [m[2] for m in members]
    parts = [p for m in members for p in m[3]]
    earliest = None if None in firsts else min(firsts)
    latest = None if None in lasts else max(lasts)
    inner = ",".join(m[0] for m in members)
    standard = f"[{inner}]" if one_of else f"{{{inner}}}"
    return EdtfInterval(standard, earliest, latest, "set",
                        any(p.approximate for p in parts), any(p.uncertain for p in parts))


def parse_edtf(value: str) -> EdtfInterval:
    """Read an EDTF level 0/1 string or set; raise DateInputError with the reason when it is
    not one. The result's ``edtf`` is the standard form (see the module's docstring)."""
    if not isinstance(value, str):
        raise DateInputError(f"{value!r} is not an EDTF string")
    return _parse_stripped(value.strip())


@lru_cache(maxsize=65536)  # a project repeats its dates; the result is immutable
def _parse_stripped(value: str) -> EdtfInterval:
    if not value:
        raise DateInputError("empty EDTF value")
    if value[0] in "[{":
        return _parse_set(value)
    if "/" in value:
        return _parse_interval(value)
    return _parse_date(value, value)


def edtf_set(values: list[str], one_of: bool = True) -> EdtfInterval:
    """The EDTF set of ``values`` (EDTF strings, e.g. from :func:`edtf_for`): ``[a,b]`` (one of
    them, "either 1 or 3 May 2014") or ``{a,b}`` (all of them). An interval ``a/b`` becomes the
    range ``a..b``; DateInputError with the reason when a member cannot be a set member."""
    inner = ",".join(v.strip().replace("/", "..") for v in values)
    return parse_edtf(f"[{inner}]" if one_of else f"{{{inner}}}")


def standard_edtf(value: str) -> str:
    """The standard form of an EDTF value Curator reads (the value itself when it is one):
    ``2015-21~`` -> ``2015-03~/2015-05~``, ``199X~`` -> ``1990~/1999~``."""
    return parse_edtf(value).edtf


def is_standard(value: str) -> bool:
    """True when ``value`` is an EDTF value in the form Curator writes (False for older forms
    such as ``2015-21~`` and for values that are not EDTF)."""
    try:
        return parse_edtf(value).edtf == value
    except DateInputError:
        return False


def _plain(earliest: date, latest: date, q: str) -> str:
    if earliest == latest:
        return earliest.isoformat() + q
    starts_month = earliest.day == 1
    ends_month = latest == _month_end(latest.year, latest.month)
    if not (starts_month and ends_month):
        return f"{earliest.isoformat()}{q}/{latest.isoformat()}{q}"
    whole_years = earliest.month == 1 and latest.month == 12
    if whole_years:
        if earliest.year == latest.year:
            return f"{earliest.year:04d}{q}"
        if not q and earliest.year % 10 == 0 and latest.year == earliest.year + 9:
            return f"{earliest.year // 10:03d}X"
        if not q and earliest.year % 100 == 0 and latest.year == earliest.year + 99:
            return f"{earliest.year // 100:02d}XX"
        return f"{earliest.year:04d}{q}/{latest.year:04d}{q}"
    if (earliest.year, earliest.month) == (latest.year, latest.month):
        return f"{earliest.year:04d}-{earliest.month:02d}{q}"
    return (f"{earliest.year:04d}-{earliest.month:02d}{q}/"
            f"{latest.year:04d}-{latest.month:02d}{q}")


def edtf_for(earliest: Optional[date], latest: Optional[date], approximate: bool = False) -> str:
    """The plainest standard EDTF string for the days earliest..latest (inclusive), "~" on each
    end if approximate. An open end (None) is written ``..``: ``../1899-12-31``."""
    q = "~" if approximate else ""
    if earliest is None and latest is None:
        raise DateInputError("a date needs at least one known end")
    if earliest is None:
        return f"../{latest.isoformat()}{q}"
    if latest is None:
        return f"{earliest.isoformat()}{q}/.."
    if earliest > latest:
        raise DateInputError(f"{earliest.isoformat()}..{latest.isoformat()} ends before it starts")
    return _plain(earliest, latest, q)


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
