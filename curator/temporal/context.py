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
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

Interval = tuple[date, date]
FINE_DAYS = 62  # spans up to two months count as "month or finer"
LOOK_BACK = timedelta(days=183)


@dataclass
class Narrative:
    anchor: Optional[date] = None
    day: Optional[Interval] = None
    fine: Optional[Interval] = None
    last: Optional[Interval] = None

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
        lo, hi = span
        fine = (hi - lo).days <= FINE_DAYS
        if fine and explicit_year and self.fine is not None and hi < self.fine[0] - LOOK_BACK:
            self.last = span
            return  # a look back to an earlier time: the narrative stays where it was
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
