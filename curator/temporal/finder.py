"""Find date expressions in a text and say which days each one means.

``find_dates(text, anchor)`` scans the text once with the atom pattern of
:mod:`curator.temporal.lexicon`, joins atoms that form one range ("from 1 June to 3 July 2012",
"January until September 2012"), and resolves each expression to an inclusive interval of days,
following the conventions of design.md:

- a date without a year takes the year of the most recent date mentioned before it (or of the
  anchor, the document's date), or the year next to it when that places it nearer (so
  "3 January" after "15 December 2013" is 2014); see :mod:`curator.temporal.context`;
- relative expressions ("the next day", "two weeks later") count from the most recent date;
  "yesterday", "last week", "last Monday" count from the anchor;
- early/mid/late month = days 1-10/11-20/21-end, year = Jan-Apr/May-Aug/Sep-Dec;
- approximation words ("around", "about", "circa") give an approximate EDTF value ("2014-05~").

Offsets are code points (Python string indices), end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Optional

from curator.core.text_scan import finditer_bounded
from curator.temporal.context import Interval, Narrative, nearest_year
from curator.temporal.edtf import SEASONS, edtf_for
from curator.temporal.forms import followed_by_bc, read_around
from curator.temporal.lexicon import (FINDER_RE, MONTH_CONTEXT_RE, MONTHS, PLURAL_AFTER_RE,
                                      RANGE_JOIN_RE, RANGE_OPEN_RE, SEASON_CODES,
                                      SEASON_CONTEXT_RE, YEAR_INTRO_WORDS)
from curator.temporal.months import foreign_atoms, unread_month_before
from curator.temporal.relative import month_bounds, resolve_relative
from curator.temporal.lexicon import SINGULAR_ENDINGS
from curator.temporal.relative import named_month_year, quarter_of
from curator.temporal.spelled import spelled_year
from curator.temporal.tense import clause_tense


@dataclass(frozen=True)
class DateMatch:
    """One date expression found in a text: where it is and which days it means."""

    start: int
    end: int
    text: str
    edtf: str
    earliest: Optional[str]  # None: open start ("before 1900", "../1899-12-31")
    latest: Optional[str]  # None: open end ("no earlier than 3 May 2014", "2014-05-03/..")

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "edtf": self.edtf,
                "earliest": self.earliest, "latest": self.latest}


@dataclass
class _Partial:
    """A calendar atom (or a joined range) as stated: whichever parts the text gives.

    A joined range keeps its left end in year/month/day1 and its right end in
    year2/month2/day2 (``is_range``)."""

    start: int
    end: int
    year: Optional[int] = None
    month: Optional[int] = None
    day1: Optional[int] = None
    day2: Optional[int] = None
    year2: Optional[int] = None  # "2011-2014", "656 to 661 AD", or a range's right end
    month2: Optional[int] = None
    season: Optional[int] = None
    quarter: Optional[int] = None
    decade: Optional[int] = None
    century: Optional[int] = None
    mod: Optional[str] = None
    mod2: Optional[str] = None  # a joined range's right-end modifier ("to early 2009")
    approx: bool = False
    weak: bool = False  # a bare month or season: a date only in a dated context
    is_range: bool = False
    rel: Optional[int] = None  # counted from the document's date: -1 last, 0 this, 1 next


RELATIVE_GROUPS = ("r_dir", "r_that", "r_dayrel", "r_part", "r_num", "r_deictic", "r_rel",
                   "r_weekday")
RELATIVE_GROUPS += ("r_part_y", "r_past")  # the end of year; the last week
_REL_STEPS = {"last": -1, "this past": -1, "next": 1, "this coming": 1, "this": 0,
              "the current": 0, "the": 0}
_MODS = (("first half", "h1"), ("second half", "h2"), ("first two weeks", "w1-2"),
         ("first three weeks", "w1-3"), ("first week", "w1"), ("second week", "w2"),
         ("third week", "w3"), ("fourth week", "w4"), ("last week", "wl"),
         ("beginning", "early"), ("start", "early"), ("middle", "mid"), ("end", "late"),
         ("early", "early"), ("mid", "mid"), ("late", "late"))
# parts of a month: (first day, last day or None for the month's end)
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, None), "h1": (1, 15),
                "h2": (16, None), "w1": (1, 7), "w2": (8, 14), "w3": (15, 21), "w4": (22, 28),
                "wl": (-7, None), "w1-2": (1, 14), "w1-3": (1, 21)}
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "h1": (1, 6), "h2": (7, 12)}
_DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9), "h1": (0, 4), "h2": (5, 9)}


def _day(token: str) -> int:
    return int(token.rstrip("stndrh"))


def _month(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def _mod_name(raw: Optional[str]) -> Optional[str]:
    if not raw:
        return None
    low = " ".join(raw.lower().replace("-", " ").split())
    return next((name for word, name in _MODS if word in low), None)


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
    elif g["q_n"] or g["q_q"]:
        word = (g["q_n"] or g["q_q"]).lower()
        p.quarter = {"first": 1, "1st": 1, "1": 1, "second": 2, "2nd": 2, "2": 2, "third": 3,
                     "3rd": 3, "3": 3}.get(word, 4)
        year = g["q_y"] or g["q_qy"]
        p.year = int(year) if year else None
    elif g["dec"]:
        p.decade = int(g["dec"])
    elif g["cent"]:
        p.century = int(g["cent"])
    elif g["y1"]:
        p.year = int(g["y1"])
        if not g["y2"] and not g["mod"] and not g["approx"] and _counts_things(m):
            return None
        if g["y2"]:
            y2 = int(g["y2"])
            if y2 < 100:
                y2 += p.year // 100 * 100
            if y2 > p.year:
                p.year2 = y2
            else:  # "2014-05" or "2014-13": keep the year alone
                p.end = m.end("y1")
    elif g["ad_y1"] or g["ad_y"]:
        p.year = int(g["ad_y1"] or g["ad_y"])
        p.year2 = int(g["ad_y2"]) if g["ad_y2"] else None
        if p.year < 1 or (p.year2 is not None and p.year2 <= p.year):
            return None
    elif g["m_only"]:
        p.month = _month(g["m_only"])
        p.weak = True
    elif g["rel_dir"]:
        p.rel = _REL_STEPS[" ".join(g["rel_dir"].lower().split())]
        unit = g["rel_unit"].lower()
        if unit in MONTHS:
            p.month = MONTHS[unit]
        elif unit.startswith("quarter"):
            p.quarter = 0  # which one depends on the document's date
    elif g["sp_y"]:
        p.year = spelled_year(g["sp_y"])
        if p.year is None or _counts_things(m):  # "two thousand and five protesters"
            return None
    else:
        return None
    if p.day2 is not None and p.day2 <= p.day1:
        if p.day2 < p.day1:
            return None
        p.day2 = None
    if p.day1 is not None:
        p.mod = None  # "early 8 May" says no more than "8 May"
    return p


def _counts_things(m) -> bool:
    """A bare four-digit number that counts things ("2000 employees"), not a year."""
    after = PLURAL_AFTER_RE.match(m.string, m.end())
    if not after:
        return False
    before = m.string[max(0, m.start() - 20):m.start()].split()
    if after.group().strip().endswith(SINGULAR_ENDINGS) or (before and before[-1] in ("a", "an", "A", "An")):
        return False  # "a 2009 analysis", "the 2010 census"
    if len(before) >= 2 and before[-1] in ("and", "to", "or") and before[-2][:4].isdigit():
        return False  # "between 2010 and 2015 exports ..."
    return not before or before[-1].lower().strip(",;:(") not in YEAR_INTRO_WORDS


def _interval(p: _Partial, year: Optional[int]) -> Optional[Interval]:
    """The days an atom means once its year is known (None if it names no real day)."""
    try:
        if p.century is not None:
            first = (p.century - 1) * 100
            return (date(first, 1, 1), date(first + 99, 12, 31)) if first >= 1 else None
        if p.decade is not None:
            a, b = _DECADE_PARTS.get(p.mod, (0, 9))
            return date(p.decade + a, 1, 1), date(p.decade + b, 12, 31)
        if year is None:
            return None
        if p.season is not None:
            m0, m1 = SEASONS[p.season]
            y1 = year + 1 if m1 < m0 else year
            return date(year, m0, 1), month_bounds(y1, m1)[1]
        if p.quarter is not None:
            return date(year, p.quarter * 3 - 2, 1), month_bounds(year, p.quarter * 3)[1]
        if p.month is None:
            if p.year2 is not None:
                return date(year, 1, 1), date(p.year2, 12, 31)
            a, b = _YEAR_PARTS.get(p.mod, (1, 12))
            return date(year, a, 1), month_bounds(year, b)[1]
        lo, hi = month_bounds(year, p.month)
        if p.day1 is None:
            if p.mod in _MONTH_PARTS:
                a, b = _MONTH_PARTS[p.mod]
                first = hi.day + a + 1 if a < 0 else a
                return lo.replace(day=first), lo.replace(day=b or hi.day)
            return lo, hi
        return date(year, p.month, p.day1), date(year, p.month, p.day2 or p.day1)
    except ValueError:
        return None


def _resolve_deictic(p: _Partial, story: Narrative) -> Optional[Interval]:
    """"last May", "late last July", "this fiscal year", "the quarter": from the document's date
    (else from the most recent day the text stated)."""
    base = story.anchor or (story.day[1] if story.day else None)
    if base is None:
        return None
    story.used_anchor = story.anchor is not None
    if p.month is not None:
        return _interval(p, named_month_year(p.month, p.rel, base))
    if p.quarter == 0:
        year, quarter = quarter_of(base, p.rel)
        return _interval(replace(p, quarter=quarter), year)
    return _interval(p, base.year + p.rel)


def _resolve(p: _Partial, story: Narrative) -> Optional[Interval]:
    """An atom's days: its own year, or the year that places it nearest the narrative."""
    if p.year is not None or p.decade is not None or p.century is not None:
        return _interval(p, p.year)
    if p.rel is not None:
        return _resolve_deictic(p, story)
    by_tense = story.by_tense(lambda y: _interval(p, y), day=p.day1 is not None)
    if by_tense is not None:
        return by_tense
    basis = story.year_basis()
    if basis is None:
        return None
    return nearest_year(lambda y: _interval(p, y), basis[1].year, basis)


def _join(text: str, left: _Partial, right: _Partial) -> Optional[_Partial]:
    """One range from two adjacent calendar atoms ("1 June" to "3 July 2012"), or None."""
    between = text[left.end:right.start]
    if not RANGE_JOIN_RE.match(between):
        return None
    if any(x.decade or x.century or x.season or x.quarter or x.day2 or x.year2
           for x in (left, right)):
        return None
    if left.rel is not None or right.rel is not None:
        return None  # "last May" and the like stand alone
    if left.month is None and right.month is not None:
        return None  # "2013 to May 2014" is left to the atoms
    if left.day1 is not None and right.day1 is None:
        return None  # "8 May to June 2014": no
    opener = RANGE_OPEN_RE.search(text, max(0, left.start - 12), left.start)
    word = between.strip().lower()
    if word in ("and", "or"):
        between_words = opener is not None and opener.group().strip().lower() == "between"
        consecutive_months = (left.weak and left.month and right.month
                              and right.month == left.month % 12 + 1 and right.day1 is None)
        if word == "or" or not (between_words or consecutive_months):
            return None
    start = opener.start() if opener else left.start
    return _Partial(start, right.end, year=left.year, month=left.month, day1=left.day1,
                    year2=right.year, month2=right.month, day2=right.day1,
                    mod=left.mod, mod2=right.mod, approx=left.approx or right.approx,
                    is_range=True)


def _resolve_range(p: _Partial, story: Narrative) -> Optional[Interval]:
    """The interval of a joined range; a missing year on one side comes from the other."""
    right = _Partial(0, 0, year=p.year2, month=p.month2, day1=p.day2, mod=p.mod2)
    left = _Partial(0, 0, year=p.year, month=p.month, day1=p.day1, mod=p.mod)
    if right.year is None and left.year is not None:
        right.year = left.year
        if left.month and right.month and right.month < left.month:
            right.year += 1
    right_span = _resolve(right, story)
    if right_span is None:
        return None
    if left.year is None:
        left.year = right_span[1].year
        if left.month and right.month and left.month > right.month:
            left.year -= 1
    left_span = _interval(left, left.year)
    if left_span is None or left_span[0] > right_span[1]:
        return None
    return left_span[0], right_span[1]


def find_dates(text: str, anchor: Optional[date] = None, *, typed: bool = False) -> list[DateMatch]:
    """Every date expression in ``text`` with its interval, in text order.

    ``typed``: the text is one date typed into a date cell, read by the rules of typed input
    (:mod:`curator.temporal.forms`): "before 1900" is an open interval, "Mars 2014" is March."""
    atoms: list = []
    for m in finditer_bounded(FINDER_RE, text):  # short engine calls: the GIL is let go
        p = _partial(m)
        if p is None and not any(m.group(k) for k in RELATIVE_GROUPS):
            continue
        if p is not None and (followed_by_bc(text, p.end) or (
                p.month is None and p.year is not None and unread_month_before(text, p.start))):
            continue  # "15 March 44 BC", "1200 BC", "14 luglio 2014": not a modern date
        atoms.append((m, p))
    atoms = _with_foreign(text, atoms, typed)
    # join "A - B", "from A to B", "between A and B" into one range
    joined: list = []
    for m, p in atoms:
        if p is not None and joined and joined[-1][1] is not None and not joined[-1][1].is_range:
            both = _join(text, joined[-1][1], p)
            if both is not None:
                joined[-1] = (None, both)
                continue
        joined.append((m, p))

    story = Narrative(anchor=anchor)
    out: list[DateMatch] = []
    for m, p in joined:
        looks_back = False
        story.reading(clause_tense(text, *(m.span() if p is None else (p.start, p.end))))
        if p is None:
            span, day_level, looks_back = resolve_relative(m.groupdict(), story)
            start, end, approx, explicit = m.start(), m.end(), False, False
        else:
            if p.weak:
                ctx = SEASON_CONTEXT_RE if p.season else MONTH_CONTEXT_RE
                if not p.mod and not ctx.search(text, max(0, p.start - 20), p.start):
                    continue
            span = _resolve_range(p, story) if p.is_range else _resolve(p, story)
            start, end, approx = p.start, p.end, p.approx
            day_level = p.day1 is not None and p.mod is None
            explicit = p.year is not None or p.year2 is not None
        if span is None:
            continue
        lo, hi = span
        out.append(DateMatch(start, end, text[start:end], edtf_for(lo, hi, approx),
                             lo.isoformat(), hi.isoformat()))
        story.note(span, day_level=day_level, explicit_year=explicit, looks_back=looks_back)
    return read_around(text, out, typed)


def _with_foreign(text: str, atoms: list, typed: bool) -> list:
    """The atoms with the dates written with month names of other languages or an era
    (:mod:`curator.temporal.months`) in place of the English atoms they overlap: "14 Juli 2014"
    is not the year 2014, "15 March 44 AD" not a year-less 15 March. A name that does not settle
    its month ("Tishrin 2014") leaves nothing."""
    foreign = [a for a in foreign_atoms(text, typed) if not followed_by_bc(text, a.end)]
    if not foreign:
        return atoms

    def span(item):
        m, p = item
        return (p.start, p.end) if p is not None else (m.start(), m.end())

    kept = [item for item in atoms
            if not any(a.start < span(item)[1] and span(item)[0] < a.end for a in foreign)]
    for a in foreign:
        if a.refusal is None and (a.day2 is None or a.day2 > a.day1):
            kept.append((None, _Partial(a.start, a.end, year=a.year, month=a.month, day1=a.day1,
                                        day2=a.day2)))
    return sorted(kept, key=lambda item: span(item)[0])
