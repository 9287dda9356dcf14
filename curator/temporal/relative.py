"""Meaning of relative and deictic date expressions ("the next day", "two weeks later",
"later that month", "the end of the year", "last week", "on Monday", "last May", "the quarter").

Deictic expressions count from the document's date (the anchor): "yesterday", "last week",
"two years ago" (a year: the anchor's year minus two; "six months ago" a month), "the last week"
(the seven days before the anchor), "last May" (the most recent May before the anchor's month),
"next May" (the first May after it), "this May" (the May of the anchor's year), "the quarter" and
"this quarter" (the anchor's quarter), "last quarter" (the one before), "this fiscal year" (the
calendar year: Curator does not know an organisation's fiscal year). A bare weekday is the most
recent one up to the anchor ("said on Monday"), or the coming one, from the anchor on, when its
clause speaks of the future ("will meet on Monday", "postponed until Saturday").
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Optional

from curator.temporal.context import Interval, Narrative
from curator.temporal.edtf import SEASONS
from curator.temporal.lexicon import NUMBER_WORDS, SEASON_CODES, WEEKDAYS

DAY_UNITS = ("day", "morning", "afternoon", "evening", "night", "date")
FORWARD = {"next": 1, "following": 1, "subsequent": 1, "previous": -1, "preceding": -1,
           "same": 0, "that": 0, "this": 0}


def month_bounds(year: int, month: int) -> Interval:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> Interval:
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return month_bounds(y, m + 1)


def _week_of(day: date, step: int = 0) -> Interval:
    monday = day - timedelta(days=day.weekday()) + timedelta(weeks=step)
    return monday, monday + timedelta(days=6)


def _year_of(day: date, step: int = 0) -> Interval:
    return date(day.year + step, 1, 1), date(day.year + step, 12, 31)


def _shift(unit: str, base: Interval, step: int, forward: bool) -> Optional[Interval]:
    """The ``unit`` (day, week, month, year) ``step`` units from ``base``."""
    point = base[1] if forward else base[0]
    if unit in DAY_UNITS:
        d = point + timedelta(days=step)
        return d, d
    if unit == "week":
        return _week_of(point, step)
    if unit == "weekend":
        monday = _week_of(point, step)[0]
        return monday + timedelta(days=5), monday + timedelta(days=6)
    if unit == "month":
        return _add_months(point, step)
    return _year_of(point, step)


def _season(code: int, year: int) -> Interval:
    first, last = SEASONS[code]
    return date(year, first, 1), month_bounds(year + (1 if last < first else 0), last)[1]


def _season_near(code: int, day: date, step: int) -> Interval:
    """"last/this/next spring" seen from ``day``: the last one ended before it, the one of its
    year (the winter it is in, in January and February), the first one starting after it."""
    if step < 0:
        year = day.year
        while _season(code, year)[1] >= day:
            year -= 1
        return _season(code, year)
    if step > 0:
        year = day.year - 1
        while _season(code, year)[0] <= day:
            year += 1
        return _season(code, year)
    if code == 24 and day.month <= 2:
        return _season(code, day.year - 1)
    return _season(code, day.year)


def _same_day_later(day: date, months: int) -> date:
    """The same day of the month ``months`` months on (the month's last day if it is shorter)."""
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def _part(span: Interval, part: str) -> Interval:
    """The beginning/middle/end of a day, week, month or year (design.md conventions)."""
    lo, hi = span
    if lo == hi:
        return span
    length = (hi - lo).days + 1
    if length <= 7:
        return span
    if length <= 31:
        bounds = {"beginning": (1, 10), "start": (1, 10), "middle": (11, 20),
                  "end": (21, hi.day)}[part]
        return lo.replace(day=bounds[0]), lo.replace(day=bounds[1])
    months = {"beginning": (1, 4), "start": (1, 4), "middle": (5, 8), "end": (9, 12)}[part]
    return date(lo.year, months[0], 1), month_bounds(lo.year, months[1])[1]


def named_month_year(month: int, step: int, base: date) -> int:
    """The year of "last May" (step -1: the most recent May before ``base``'s month), "this May"
    (0: ``base``'s year) or "next May" (1: the first May after ``base``'s month)."""
    if step < 0:
        return base.year if month < base.month else base.year - 1
    if step > 0:
        return base.year if month > base.month else base.year + 1
    return base.year


def quarter_of(base: date, step: int) -> tuple[int, int]:
    """(year, quarter 1-4) of the quarter ``step`` quarters from the one ``base`` is in."""
    year, q = divmod(base.year * 4 + (base.month - 1) // 3 + step, 4)
    return year, q + 1


def _telling_of_earlier_month(story: Narrative, anchor: date) -> bool:
    """True when the narrative stands at a date of a month or finer that ended over a month
    before the anchor's month began: "this month" then means the narrative's month ("On 23
    February ... the third such attack this month", in a text dated December), as a bare
    weekday does; near the anchor ("On 28 November ... This month", dated 7 December) it is
    the anchor's month."""
    if story.fine is None:
        return False
    return story.fine[1] < anchor.replace(day=1) - timedelta(days=31)


def resolve_relative(g: dict, story: Narrative) -> tuple[Optional[Interval], bool, bool]:
    """(interval or None, day_level, looks_back) for a relative expression's regex groups."""
    anchor = story.anchor
    if g["r_dir"] or g["r_that"] or g["r_dayrel"]:
        word = (g["r_dir"] or g["r_that"] or "").lower().split()[0] if (g["r_dir"] or g["r_that"]) else ""
        unit = (g["r_unit"] or g["r_that_unit"] or "day").lower()
        if g["r_dayrel"]:
            step = 1 if g["r_dayrel"] == "after" else -1
        else:
            step = FORWARD.get(word, 0)
        if word == "this" and anchor is not None and unit in ("month", "year") \
                and not (unit == "month" and _telling_of_earlier_month(story, anchor)):
            story.used_anchor = True
            return _shift(unit, (anchor, anchor), 0, True), False, False
        if unit in WEEKDAYS:  # "the following Saturday", "the previous Monday"
            if story.day is None or step == 0:
                return None, False, False
            point = story.day[1] if step > 0 else story.day[0]
            gap = (WEEKDAYS[unit] - point.weekday()) % 7 if step > 0 else \
                -((point.weekday() - WEEKDAYS[unit]) % 7)
            d = point + timedelta(days=gap or 7 * step)
            return (d, d), True, step < 0
        if unit in DAY_UNITS or unit in ("week", "weekend"):
            base = story.day
        else:
            base = story.last
        if base is None:
            return None, False, False
        return _shift(unit, base, step, step >= 0), unit in DAY_UNITS, step < 0
    if g["r_part"] or g["r_part_y"]:
        unit = (g["r_part_unit"] or "year").lower()
        base = story.day if unit in ("day", "week") else story.last
        if base is None and anchor is not None and unit in ("month", "year"):
            base, story.used_anchor = (anchor, anchor), True  # "by the end of the year", in news
        if base is None:
            return None, False, False
        whole = _shift(unit, base, 0, True)
        return _part(whole, (g["r_part"] or g["r_part_y"]).lower()), unit == "day", False
    if g["r_num"]:
        word = g["r_num"].lower()
        n = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
        if not n:
            return None, False, False
        unit = g["r_num_unit"].lower().rstrip("s")
        direction = g["r_num_dir"].lower()
        if direction == "ago":
            if anchor is None:
                return None, False, False
            base, sign = (anchor, anchor), -1
            story.used_anchor = True
            if unit in ("month", "year"):  # "two years ago": a year, "six months ago": a month
                return _shift(unit, base, -n, False), False, False
        else:
            sign = -1 if direction.startswith(("earlier", "before")) else 1
            base = story.day if unit in ("day", "week") else story.last
            if base is None:
                return None, False, False
        if unit == "week":
            unit, n = "day", 7 * n
        if unit in ("month", "year") and base == story.day and base[0] == base[1]:
            # "a month later" than 8 May: 8 June
            d = _same_day_later(base[0], sign * n * (12 if unit == "year" else 1))
            return (d, d), True, sign < 0
        return _shift(unit, base, sign * n, sign > 0), unit == "day", sign < 0
    if g["r_deictic"]:
        if anchor is None:
            return None, False, False
        word = g["r_deictic"].lower()
        d = anchor + timedelta(days={"yesterday": -1, "today": 0}.get(word, 1))
        story.used_anchor = True
        return (d, d), True, False
    if g["r_rel"]:
        step = {"last": -1, "this": 0, "next": 1}[g["r_rel"].lower()]
        unit = g["r_rel_unit"].lower()
        base = anchor or (story.day[1] if story.day else None)
        if base is None:
            return None, False, False
        story.used_anchor = anchor is not None
        if unit in SEASON_CODES:
            return _season_near(SEASON_CODES[unit], base, step), False, False
        if unit in WEEKDAYS:
            # "last Tuesday": the Tuesday of last week; "next Tuesday": of next week;
            # "this Tuesday": of this week
            monday = _week_of(base, step)[0]
            d = monday + timedelta(days=WEEKDAYS[unit])
            return (d, d), True, False
        return _shift(unit, (base, base), step, True), False, False
    if g["r_weekday"]:
        wd = WEEKDAYS[g["r_weekday"].lower()]
        # news: the most recent such day up to the document's date, unless the text is telling
        # of a time well before it: then the next such day on or after the current one
        d = anchor - timedelta(days=(anchor.weekday() - wd) % 7) if anchor else None
        current = story.day[0] if story.day is not None and story.day[0] == story.day[1] else None
        if current is not None and (d is None or current < d - timedelta(days=7)):
            d = current + timedelta(days=(wd - current.weekday()) % 7)
        elif d is not None:
            story.used_anchor = True
            if story.tense == "future":  # "will meet on Monday": the coming one
                d = anchor + timedelta(days=(wd - anchor.weekday()) % 7)
        if d is None:
            return None, False, False
        return (d, d), True, False
    if g["r_past"]:
        if anchor is None:
            return None, False, False
        story.used_anchor = True
        return (anchor - timedelta(days=7), anchor - timedelta(days=1)), False, False
    return None, False, False
