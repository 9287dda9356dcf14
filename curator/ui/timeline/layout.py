"""Qt-free geometry shared by the timeline's parts: days and seconds on the x axis, lane groups
on the y axis, room for titles.

The x axis is seconds since the Unix epoch (UTC); a day is [its midnight, the next midnight). The
y axis is rows: row r is centred on y = r, lane 0 at the top.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from curator.ui.timeline.store import NONE_LANE  # noqa: F401  (the "(none)" lane's name)

DAY = 86400.0
"""Seconds in a day: a single-day event spans [start of day, start of next day)."""


def iso_day_to_seconds(value: str) -> float:
    """Seconds since the epoch at 00:00 UTC of an ISO day ("YYYY-MM-DD")."""
    return float(np.datetime64(value, "D").astype(np.int64)) * DAY


def day_number(seconds: float) -> int:
    """The day (days since 1970-01-01) holding the instant ``seconds``."""
    return int(np.floor(seconds / DAY))


def iso_day(day: int) -> str:
    """Day number -> ISO day."""
    return str(np.datetime64(int(day), "D"))


@dataclass
class LaneGroup:
    """One named lane of a grouped timeline: rows ``first .. first + rows - 1``, ``marks`` marks
    the query shows, ``lane`` its number in the store."""
    name: str
    first: int
    rows: int
    marks: int
    lane: int = 0


def lane_groups(names: list[str], lanes: list[int], rows: np.ndarray, totals: dict) -> list[LaneGroup]:
    """Lane groups one below the other, in the order given."""
    out, first = [], 0
    for name, lane in zip(names, lanes):
        n = int(rows[lane]) if lane < len(rows) else 1
        out.append(LaneGroup(name, first, n, int(totals.get(name, 0)), lane))
        first += n
    return out


def next_start_in_row(start: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each mark, the start of the next mark to its right in the same row (inf if none)."""
    out = np.full(len(start), np.inf)
    if len(start) < 2:
        return out
    order = np.lexsort((start, rows))
    same = rows[order[1:]] == rows[order[:-1]]
    out[order[:-1][same]] = start[order[1:]][same]
    return out


def group_at_row(groups: list[LaneGroup], row: float) -> Optional[LaneGroup]:
    """The group holding ``row`` (binary search over their first rows)."""
    if not groups:
        return None
    firsts = [g.first for g in groups]
    k = int(np.searchsorted(firsts, round(row), "right")) - 1
    if k < 0:
        return None
    group = groups[k]
    return group if group.first <= round(row) < group.first + group.rows else None
