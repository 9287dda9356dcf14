"""Where a text's narrative stands while the finder reads it: the dates relative and year-less
expressions are resolved against.

- ``day``: the most recent date stated to the day ("8 May", "the next day"); "the next day",
  "two weeks later" and weekdays count from it.
- ``fine``: the most recent date of a month or finer; year-less dates take the year that puts
  them nearest to it. An explicit date more than half a year before it is a look back
  ("the Geneva Communiqué of June 2012" in a text about 2014) and does not move it.
- ``last``: the most recent date of any precision ("the following year").
- ``anchor``: the document's date, used before the text states any date and for deictic
  expressions ("yesterday", "last week", "last Monday").
Expressions that look back ("the day before", "two days earlier") do not move the narrative.

Tense (news): ``stated`` says whether the narrative's year comes from a year the text stated
("in 2009", "on 8 May 2014", or a date counted from one) or from the document's date ("on
Monday", "yesterday", "last May"; a stated date within a week of the document's date, such as
a dateline "March 15, 2013", counts as the document's date). While it comes from the
document's date, a year-less month, season or quarter is placed by the tense of its clause
(:mod:`curator.temporal.tense`): past tense gives the most recent one that has begun by the
document's date ("was hit in November", in a text of March 2013: November 2012), present and
future tense the first one that has not ended by it ("said it would reopen in June": June
2013). A year-less day is moved only by the future tense ("will be held on 6 November": the
first 6 November from a month before the document's date on). Without a tense, or once the
text has stated a year, the year-basis rule above holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

Interval = tuple[date, date]
FINE_DAYS = 62  # spans up to two months count as "month or finer"
LOOK_BACK = timedelta(days=183)
DATELINE_SLACK = timedelta(days=7)  # a stated date this near the document's date restates it
DAY_SLACK = timedelta(days=31)  # a future-tense day may lie this far before the document's date


@dataclass
class Narrative:
    anchor: Optional[date] = None
    day: Optional[Interval] = None
    fine: Optional[Interval] = None
    last: Optional[Interval] = None
    stated: bool = False  # the narrative's year comes from a year the text stated
    tense: Optional[str] = None  # of the clause being read: "past", "future" or None
    used_anchor: bool = False  # the expression being read was placed from the document's date

    def reading(self, tense: Optional[str]) -> None:
        """Start reading an expression whose clause has ``tense``."""
        self.tense = tense
        self.used_anchor = False

    def by_tense(self, make, *, day: bool = False) -> Optional[Interval]:
        """A year-less expression placed by the tense of its clause from the document's date,
        or None when the tense or the anchor is unknown or the text has stated a year (see the
        module). ``make(year)`` gives the interval in a year, or None for an impossible day.

        A day (``day``) is placed by the future tense only, as the first one from a month before
        the document's date on ("will be held on 6 November"): the year-basis rule already
        reads days as mostly past, and a future seen from a past moment ("was postponed to
        19 November", in a text of early December) is often already over."""
        if self.anchor is None or self.stated or self.tense is None:
            return None
        if day and self.tense != "future":
            return None
        a = self.anchor - DAY_SLACK if day else self.anchor
        spans = [s for s in (make(y) for y in range(a.year - 4, a.year + 5)) if s is not None]
        if self.tense == "past":
            fitting = [s for s in spans if s[0] <= a][-1:]
        else:
            fitting = [s for s in spans if s[1] >= a][:1]
        if not fitting:
            return None
        self.used_anchor = True
        return fitting[0]

    def year_basis(self) -> Optional[Interval]:
        """The interval a year-less date is placed near."""
        if self.fine is not None:
            return self.fine
        if self.last is not None:
            return self.last
        if self.anchor is not None:
            # a text mostly reports what came before its date: place year-less dates nearest a
            # point a quarter before it (from nine months before to three months after)
            point = self.anchor - timedelta(days=91)
            return point, point
        return None

    def note(self, span: Interval, *, day_level: bool, explicit_year: bool,
             looks_back: bool = False) -> None:
        """Record a date the text just stated."""
        if looks_back:
            return
        from_anchor, self.used_anchor = self.used_anchor, False
        lo, hi = span
        fine = (hi - lo).days <= FINE_DAYS
        if fine and explicit_year and self.fine is not None and hi < self.fine[0] - LOOK_BACK:
            self.last = span
            return  # a look back to an earlier time: the narrative stays where it was
        if fine or self.fine is None:  # the span becomes the year basis
            restates_anchor = (fine and self.anchor is not None
                               and lo - DATELINE_SLACK <= self.anchor <= hi + DATELINE_SLACK)
            if restates_anchor:  # a dateline, "on Friday, March 15, 2013": the document's date
                self.stated = False
            else:
                self.stated = explicit_year or (self.stated and not from_anchor)
        self.last = span
        if fine:
            self.fine = span
        if day_level:
            self.day = span


def nearest_year(make, year: int, basis: Interval) -> Optional[Interval]:
    """Of ``make(year - 1)``, ``make(year)``, ``make(year + 1)`` the interval nearest ``basis``
    (ties go to ``year``); ``make`` returns None for impossible days (29 February)."""
    best, best_gap = None, None
    for y in (year, year - 1, year + 1):
        span = make(y)
        if span is None:
            continue
        gap = max((span[0] - basis[1]).days, (basis[0] - span[1]).days, 0)
        if best_gap is None or gap < best_gap:
            best, best_gap = span, gap
    return best
