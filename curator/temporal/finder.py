"""Find date expressions in a text and say which days each one means.

``find_dates(text, anchor)`` scans the text once with the atom pattern of
:mod:`curator.temporal.lexicon`, joins atoms that form one range ("from 1 June to 3 July 2012",
"January until September 2012"), and resolves each expression to an inclusive interval of days,
following the conventions of design.md:

- a date without a year takes the year of the most recent date mentioned before it (or of the
  anchor, the document's date), moved one year on when that would put it more than half a year
  before the date the narrative has reached (so "3 January" after "15 December 2013" is 2014);
- relative expressions ("the next day", "two weeks later") count from the most recent date;
  "yesterday", "last year", "last Monday" count from the anchor;
- early/mid/late month = days 1-10/11-20/21-end, year = Jan-Apr/May-Aug/Sep-Dec;
- approximation words ("around", "about", "circa") give an approximate EDTF value ("2014-05~").

Offsets are code points (Python string indices), end exclusive.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from curator.temporal.edtf import SEASONS, edtf_for
from curator.temporal.lexicon import (FINDER_RE, FULL_MONTH_NAMES, MONTH_CONTEXT_RE, MONTHS,
                                      NUMBER_WORDS, RANGE_JOIN_RE, RANGE_OPEN_RE,
                                      SEASON_CODES, SEASON_CONTEXT_RE, WEEKDAYS)


@dataclass(frozen=True)
class DateMatch:
    """One date expression found in a text: where it is and which days it means."""

    start: int
    end: int
    text: str
    edtf: str
    earliest: str
    latest: str

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "edtf": self.edtf,
                "earliest": self.earliest, "latest": self.latest}


@dataclass
class _Partial:
    """A calendar atom before year inference: whichever of year, month, days it states."""

    start: int
    end: int
    year: Optional[int] = None
    month: Optional[int] = None
    day1: Optional[int] = None
    day2: Optional[int] = None
    year2: Optional[int] = None  # end year of "2011-2014"
    season: Optional[int] = None
    decade: Optional[int] = None
    century: Optional[int] = None
    mod: Optional[str] = None
    approx: bool = False
    weak: bool = False  # a bare month or season: a date only in a dated context


@dataclass
class _Ref:
    """The most recent date the text mentioned: the point relative expressions count from."""

    earliest: date
    latest: date
    from_text: bool


def _day(token: str) -> int:
    return int(token.rstrip("stndrh"))


def _month(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def _mod_name(raw: Optional[str]) -> Optional[str]:
    if not raw:
        return None
    low = " ".join(raw.lower().replace("-", " ").split())
    for word, name in (("first half", "h1"), ("second half", "h2"), ("beginning", "early"),
                       ("start", "early"), ("middle", "mid"), ("end", "late"), ("early", "early"),
                       ("mid", "mid"), ("late", "late")):
        if word in low:
            return name
    return None


def _partial(m) -> Optional[_Partial]:
    """The calendar atom a regex match states, or None for a relative expression."""
    g = m.groupdict()
    p = _Partial(m.start(), m.end(), mod=_mod_name(g["mod"]), approx=bool(g["approx"]))
    if g["iso_y"]:
        p.year, p.month, p.day1 = int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"])
    elif g["dot_y"]:
        p.year, p.month, p.day1 = int(g["dot_y"]), int(g["dot_m"]), int(g["dot_d"])
    elif g["sl_y"]:
        a, b = int(g["sl_a"]), int(g["sl_b"])
        if a > 12 and b <= 12:
            a, b = b, a
        elif not (b > 12 and a <= 12) and a != b:
            return None  # 3/4/2007: month and day cannot be told apart
        p.year, p.month, p.day1 = int(g["sl_y"]), a, b
    elif g["bt_m"]:
        p.month, p.day1, p.day2 = _month(g["bt_m"]), _day(g["bt_d1"]), _day(g["bt_d2"])
        p.year = int(g["bt_y"]) if g["bt_y"] else None
    elif g["a_m"]:
        p.month, p.day1 = _month(g["a_m"]), _day(g["a_d1"])
        p.day2 = _day(g["a_d2"]) if g["a_d2"] else None
        p.year = int(g["a_y"]) if g["a_y"] else None
    elif g["b_m"]:
        p.month, p.day1 = _month(g["b_m"]), _day(g["b_d1"])
        p.day2 = _day(g["b_d2"]) if g["b_d2"] else None
        p.year = int(g["b_y"]) if g["b_y"] else None
    elif g["c_m"]:
        p.month, p.year = _month(g["c_m"]), int(g["c_y"])
    elif g["s_s"]:
        p.season = SEASON_CODES[g["s_s"].lower()]
        p.year = int(g["s_y"]) if g["s_y"] else None
        p.weak = p.year is None
    elif g["dec"]:
        p.decade = int(g["dec"])
    elif g["cent"]:
        p.century = int(g["cent"])
    elif g["y1"]:
        p.year = int(g["y1"])
        if g["y2"]:
            y2 = int(g["y2"])
            if y2 < 100:
                y2 += p.year // 100 * 100
            if y2 <= p.year:
                p.end = m.start("y2") - 1
                while p.end > p.start and not m.string[p.end - 1].isdigit():
                    p.end -= 1
            else:
                p.year2 = y2
    elif g["m_only"]:
        p.month = _month(g["m_only"])
        p.weak = True
    else:
        return None
    if p.day2 is not None and p.day1 is not None and p.day2 <= p.day1:
        p.day2 = None if p.day2 == p.day1 else p.day2
        if p.day2 is not None:
            return None
    return p


def _apply_mod(lo: date, hi: date, mod: Optional[str], span: str) -> tuple[date, date]:
    """Narrow a month, year, season or decade to its early/mid/late part or half."""
    if not mod:
        return lo, hi
    if span == "month":
        last = hi.day
        parts = {"early": (1, 10), "mid": (11, 20), "late": (21, last),
                 "h1": (1, 15), "h2": (16, last)}
        a, b = parts[mod]
        return lo.replace(day=a), lo.replace(day=b)
    if span == "year":
        parts = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "h1": (1, 6), "h2": (7, 12)}
        a, b = parts[mod]
        return date(lo.year, a, 1), date(lo.year, b, calendar.monthrange(lo.year, b)[1])
    if span == "decade":
        parts = {"early": (0, 3), "mid": (4, 6), "late": (7, 9), "h1": (0, 4), "h2": (5, 9)}
        a, b = parts[mod]
        return date(lo.year + a, 1, 1), date(lo.year + b, 12, 31)
    return lo, hi


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _interval(p: _Partial, year: int) -> Optional[tuple[date, date]]:
    """The days a partial means once its year is known (None if it names no real day)."""
    try:
        if p.century is not None:
            lo, hi = date((p.century - 1) * 100, 1, 1), date((p.century - 1) * 100 + 99, 12, 31)
            return (lo, hi) if lo.year >= 1 else None
        if p.decade is not None:
            return _apply_mod(date(p.decade, 1, 1), date(p.decade + 9, 12, 31), p.mod, "decade")
        if p.season is not None:
            m0, m1 = SEASONS[p.season]
            y1 = year + 1 if m1 < m0 else year
            return date(year, m0, 1), date(y1, m1, calendar.monthrange(y1, m1)[1])
        if p.month is None:
            if p.year2 is not None:
                return date(year, 1, 1), date(p.year2, 12, 31)
            return _apply_mod(date(year, 1, 1), date(year, 12, 31), p.mod, "year")
        if p.day1 is None:
            lo, hi = _month_bounds(year, p.month)
            return _apply_mod(lo, hi, p.mod, "month")
        return date(year, p.month, p.day1), date(year, p.month, p.day2 or p.day1)
    except ValueError:
        return None


def _infer_year(p: _Partial, ref: Optional[_Ref]) -> Optional[int]:
    """The year of a partial that states none: the reference's, moved on or back by one year
    when that places it far from where the narrative (or the document's date) stands."""
    if ref is None:
        return None
    year = ref.latest.year
    span = _interval(p, year)
    if span is None:
        return year
    if ref.from_text and (ref.latest - ref.earliest).days < 300:
        if span[1] < ref.earliest - timedelta(days=183):
            return year + 1
    elif not ref.from_text and span[0] > ref.latest + timedelta(days=183):
        return year - 1
    return year


def _join(text: str, left: _Partial, right: _Partial) -> Optional[_Partial]:
    """One range from two adjacent calendar atoms ("1 June" to "3 July 2012"), or None."""
    between = text[left.end:right.start]
    if not RANGE_JOIN_RE.match(between) or left.decade or right.decade or left.century or right.century:
        return None
    opener = RANGE_OPEN_RE.search(text, 0, left.start)
    word = between.strip().lower()
    if word in ("and", "or") and not (opener and opener.group().strip().lower() == "between"):
        return None
    if left.season is not None or right.season is not None:
        return None
    if (left.month is None) != (right.month is None) and left.month is None:
        return None  # "2013 to May 2014" is left to the atoms
    if left.day2 or right.day2 or left.year2 or right.year2:
        return None
    start = opener.start() if opener else left.start
    return _Partial(start, right.end, year=left.year, month=left.month, day1=left.day1,
                    year2=right.year, season=right.month, decade=right.day1,
                    mod=left.mod, approx=left.approx or right.approx,
                    century=-1)  # marker: a joined range; fields re-read in _resolve_range


def _resolve_range(p: _Partial, ref: Optional[_Ref]) -> Optional[tuple[date, date]]:
    """The interval of a joined range (left in year/month/day1, right in year2/season/decade)."""
    ly, lm, ld = p.year, p.month, p.day1
    ry, rm, rd = p.year2, p.season, p.decade
    if ry is None and ly is not None:
        ry = ly
    if ry is None:
        probe = _Partial(p.start, p.end, month=rm or lm, day1=rd)
        ry = _infer_year(probe, ref)
        if ry is None:
            return None
    if ly is None:
        ly = ry - 1 if (lm and rm and lm > rm) else ry
    left = _interval(_Partial(0, 0, month=lm, day1=ld, mod=None), ly)
    right = _interval(_Partial(0, 0, month=rm, day1=rd, mod=None), ry)
    if left is None or right is None or left[0] > right[1]:
        return None
    return left[0], right[1]


def _relative(m, ref: Optional[_Ref], anchor: Optional[date]) -> Optional[tuple[date, date]]:
    """The days a relative expression means, counted from the reference (or the anchor)."""
    g = m.groupdict()
    day_ref = ref is not None and (ref.latest - ref.earliest).days <= 31 and ref.from_text
    if g["r_dir"] or g["r_that"] or g["r_dayrel"]:
        if ref is None:
            return None
        direction = (g["r_dir"] or "").lower()
        unit = (g["r_unit"] or g["r_that_unit"] or "day").lower()
        if g["r_dayrel"]:
            direction = "next" if g["r_dayrel"] == "after" else "previous"
        step = {"next": 1, "following": 1, "subsequent": 1, "previous": -1, "preceding": -1}.get(direction, 0)
        if unit in ("day", "morning", "afternoon", "evening", "night"):
            if not day_ref or (ref.latest - ref.earliest).days > 0 and step == 0:
                return None
            base = ref.latest if step > 0 else ref.earliest
            d = base + timedelta(days=step)
            return d, d
        if unit in ("week", "weekend"):
            if not day_ref:
                return None
            base = ref.latest if step >= 0 else ref.earliest
            monday = base - timedelta(days=base.weekday()) + timedelta(weeks=step)
            if unit == "weekend":
                return monday + timedelta(days=5), monday + timedelta(days=6)
            return monday, monday + timedelta(days=6)
        if unit == "month":
            base = ref.latest if step >= 0 else ref.earliest
            y, mo = divmod(base.year * 12 + base.month - 1 + step, 12)
            return _month_bounds(y, mo + 1)
        y = (ref.latest if step >= 0 else ref.earliest).year + step
        return date(y, 1, 1), date(y, 12, 31)
    if g["r_num"]:
        word = g["r_num"].lower()
        n = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
        if not n:
            return None
        unit = g["r_num_unit"].lower().rstrip("s")
        direction = g["r_num_dir"].lower()
        if direction == "ago":
            if anchor is None:
                return None
            base, sign = anchor, -1
        else:
            if ref is None or (unit in ("day", "week") and not day_ref):
                return None
            sign = -1 if direction.startswith(("earlier", "before")) else 1
            base = ref.latest if sign > 0 else ref.earliest
        if unit == "day":
            d = base + timedelta(days=sign * n)
            return d, d
        if unit == "week":
            d = base + timedelta(days=sign * 7 * n)
            return d, d
        if unit == "month":
            y, mo = divmod(base.year * 12 + base.month - 1 + sign * n, 12)
            return _month_bounds(y, mo + 1)
        y = base.year + sign * n
        return date(y, 1, 1), date(y, 12, 31)
    if anchor is None:
        return None
    if g["r_deictic"]:
        d = anchor + timedelta(days=-1 if g["r_deictic"].lower() == "yesterday" else 1)
        return d, d
    if g["r_rel"]:
        step = {"last": -1, "this": 0, "next": 1}[g["r_rel"].lower()]
        unit = g["r_rel_unit"].lower()
        if unit in WEEKDAYS:
            back = (anchor.weekday() - WEEKDAYS[unit]) % 7 or 7
            d = anchor - timedelta(days=back) if step <= 0 else anchor + timedelta(
                days=(WEEKDAYS[unit] - anchor.weekday()) % 7 or 7)
            return d, d
        if unit == "week":
            monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
            return monday, monday + timedelta(days=6)
        if unit == "month":
            y, mo = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
            return _month_bounds(y, mo + 1)
        return date(anchor.year + step, 1, 1), date(anchor.year + step, 12, 31)
    if g["r_weekday"]:
        base = ref.latest if ref is not None and ref.from_text else anchor
        wd = WEEKDAYS[g["r_weekday"].lower()]
        if ref is not None and ref.from_text:
            if (ref.latest - ref.earliest).days > 0:
                return None
            d = base + timedelta(days=(wd - base.weekday()) % 7)
        else:
            d = base - timedelta(days=(base.weekday() - wd) % 7)
        return d, d
    return None


def find_dates(text: str, anchor: Optional[date] = None) -> list["DateMatch"]:
    """Every date expression in ``text`` with its interval, in text order."""
    atoms: list = []
    for m in FINDER_RE.finditer(text):
        p = _partial(m)
        if p is None and m.group("r_dir") is None and m.group("r_num") is None and not any(
                m.group(k) for k in ("r_that", "r_dayrel", "r_deictic", "r_rel", "r_weekday")):
            continue
        atoms.append((m, p))
    # join "A - B", "from A to B", "between A and B" into one range
    joined: list = []
    for m, p in atoms:
        if p is not None and joined and joined[-1][1] is not None and joined[-1][1].century != -1:
            both = _join(text, joined[-1][1], p)
            if both is not None:
                joined[-1] = (None, both)
                continue
        joined.append((m, p))

    ref: Optional[_Ref] = _Ref(anchor, anchor, False) if anchor else None
    out: list[DateMatch] = []
    for m, p in joined:
        if p is None:
            span = _relative(m, ref, anchor)
            start, end, approx = m.start(), m.end(), False
        elif p.century == -1:
            span = _resolve_range(p, ref)
            start, end, approx = p.start, p.end, p.approx
        else:
            if p.weak:
                ctx = SEASON_CONTEXT_RE if p.season else MONTH_CONTEXT_RE
                if not p.mod and not ctx.search(text, max(0, p.start - 20), p.start):
                    continue
            if p.decade is not None or p.century is not None:
                year = 1  # the decade or century itself says which years
            else:
                year = p.year if p.year is not None else _infer_year(p, ref)
            span = _interval(p, year) if year is not None else None
            start, end, approx = p.start, p.end, p.approx
        if span is None:
            continue
        lo, hi = span
        out.append(DateMatch(start, end, text[start:end], edtf_for(lo, hi, approx),
                             lo.isoformat(), hi.isoformat()))
        ref = _Ref(lo, hi, True)
    return out
