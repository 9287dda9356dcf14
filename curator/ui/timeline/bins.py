"""Qt-free calendar bins for the timeline's density: days, weeks, months, quarters, years,
decades or centuries, whichever is the finest at least MIN_BIN_PX wide at the current zoom, so
that the scale reads "events per month" rather than "per 3.7 days"."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_BIN_PX = 3.0
MONDAY = 4  # day number of Monday 1970-01-05 (1970-01-01 was a Thursday)
LAST_DAY = 2932896  # 9999-12-31
FIRST_DAY = -719162  # 0001-01-01


@dataclass(frozen=True)
class BinUnit:
    name: str  # "day", "week", ...
    days: float  # typical length
    months: int = 0  # calendar months per bin (0: fixed days)


UNITS = (BinUnit("day", 1), BinUnit("week", 7), BinUnit("month", 30.44, 1),
         BinUnit("quarter", 91.31, 3), BinUnit("year", 365.24, 12), BinUnit("decade", 3652.4, 120),
         BinUnit("century", 36524, 1200))


def choose_unit(px_per_day: float, min_px: float = MIN_BIN_PX) -> BinUnit:
    """The finest unit whose bins are at least ``min_px`` wide."""
    for unit in UNITS:
        if unit.days * px_per_day >= min_px:
            return unit
    return UNITS[-1]


def edges(unit: BinUnit, first_day: int, last_day: int) -> np.ndarray:
    """Bin edges (day numbers, ascending, int64) covering [first_day, last_day]: the first edge
    at or before first_day, the last after last_day."""
    first_day = max(int(first_day), FIRST_DAY)
    last_day = min(int(last_day), LAST_DAY)
    if unit.months == 0:
        step = int(unit.days)
        origin = MONDAY if unit.name == "week" else 0
        k0 = (first_day - origin) // step
        k1 = (last_day - origin) // step + 1
        return origin + np.arange(k0, k1 + 1, dtype=np.int64) * step
    m0 = np.datetime64(int(first_day), "D").astype("datetime64[M]").astype(np.int64)
    m1 = np.datetime64(int(last_day), "D").astype("datetime64[M]").astype(np.int64)
    # months since 1970-01; align to the unit (quarters on Jan/Apr/Jul/Oct, years on January,
    # decades on years ending in 0, centuries on years ending in 00)
    step = unit.months
    k0 = (m0 + 1970 * 12) // step * step - 1970 * 12
    k1 = ((m1 + 1970 * 12) // step + 1) * step - 1970 * 12
    months = np.arange(k0, k1 + 1, step, dtype=np.int64)
    days = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return np.clip(days, FIRST_DAY, LAST_DAY + 1)


def describe_bin(unit: BinUnit, start_day: int) -> str:
    """The bin starting at ``start_day`` in words: "8 May 2014", "week of 5 May 2014",
    "May 2014", "Q2 2014", "2014", "the 2010s", "the 1900s"."""
    day = np.datetime64(int(start_day), "D").item()
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    if unit.name == "day":
        return f"{day.day} {months[day.month - 1]} {day.year}"
    if unit.name == "week":
        return f"week of {day.day} {months[day.month - 1]} {day.year}"
    if unit.name == "month":
        return f"{months[day.month - 1]} {day.year}"
    if unit.name == "quarter":
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if unit.name == "year":
        return str(day.year)
    if unit.name == "decade":
        return f"the {day.year}s"
    return f"the {day.year // 100 * 100}s" if day.year % 100 == 0 else f"{day.year}–{day.year + 99}"


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at least ``value`` (a steady scale)."""
    if value <= 1:
        return 1.0
    power = 10 ** np.floor(np.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value - 1e-9:
            return float(step * power)
    return float(10 * power)
