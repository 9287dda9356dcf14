"""Qt-free geometry for the timeline: event dates as seconds, and lane packing.

The timeline draws every dated event as a mark on the x axis (seconds since the Unix epoch, UTC)
in a horizontal lane. This module turns EventRows into flat numpy arrays (one entry per drawn
event, so 100,000 events cost a few megabytes and vectorised work) and packs marks into lanes so
that no two marks in one lane overlap. Nothing here imports Qt, so it is tested on its own.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

import numpy as np

from curator.core.records import EventRow

DAY = 86400.0
"""Seconds in a day: a single-day event spans [start of day, start of next day)."""


@dataclass
class TimelineData:
    """The drawable events, as parallel arrays (index i is one event).

    start/end are seconds since the epoch, end exclusive (the end of the latest day). is_fuzzy
    marks dates that are approximate, uncertain or coarser than days (see :func:`fuzzy_mask`);
    it is computed once per row, when the rows are read. open_start/open_end mark intervals
    with an open end (``../1899``, ``1945/..``): their start (end) is laid out at the edge of
    the events' extent and drawn running on to the edge of the view.
    """
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    start: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float64))
    end: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float64))
    is_bar: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    titles: list[str] = field(default_factory=list)
    edtf: list[str] = field(default_factory=list)
    is_fuzzy: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    open_start: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    open_end: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, keep: np.ndarray) -> "TimelineData":
        """The events where the boolean mask ``keep`` is true."""
        where = np.flatnonzero(keep).tolist()
        return TimelineData(ids=self.ids[keep], start=self.start[keep], end=self.end[keep],
                            is_bar=self.is_bar[keep], titles=[self.titles[i] for i in where],
                            edtf=[self.edtf[i] for i in where], is_fuzzy=self.is_fuzzy[keep],
                            open_start=self.open_start[keep], open_end=self.open_end[keep])

    def pick(self, positions: np.ndarray) -> "TimelineData":
        """The events at ``positions`` (an index array; a position may repeat)."""
        where = np.asarray(positions, np.int64)
        return TimelineData(ids=self.ids[where], start=self.start[where], end=self.end[where],
                            is_bar=self.is_bar[where], titles=[self.titles[i] for i in where.tolist()],
                            edtf=[self.edtf[i] for i in where.tolist()], is_fuzzy=self.is_fuzzy[where],
                            open_start=self.open_start[where], open_end=self.open_end[where])

    def extended(self, other: "TimelineData") -> "TimelineData":
        """These events followed by ``other``'s."""
        return TimelineData(
            ids=np.append(self.ids, other.ids), start=np.append(self.start, other.start),
            end=np.append(self.end, other.end), is_bar=np.append(self.is_bar, other.is_bar),
            titles=self.titles + other.titles, edtf=self.edtf + other.edtf,
            is_fuzzy=np.append(self.is_fuzzy, other.is_fuzzy),
            open_start=np.append(self.open_start, other.open_start),
            open_end=np.append(self.open_end, other.open_end))

    def extent(self) -> Optional[tuple[float, float]]:
        """(first day, last day) the marks cover, in days since the epoch; None when empty."""
        if not len(self.ids):
            return None
        return float(self.start.min()) / DAY, float(self.end.max()) / DAY - 1.0


_EXACT_DAY = re.compile(r"^-?\d{4}-\d{2}-\d{2}$")


def is_fuzzy_edtf(edtf: str) -> bool:
    """Whether a date is drawn as fuzzy: approximate or uncertain (``~ ? %``), or coarse, i.e. not
    a day-precise value or day/day interval (a month, season, year, decade, ``201X``, an open
    end). An empty EDTF (bounds given directly) counts as exact."""
    if not edtf:
        return False
    return not all(_EXACT_DAY.match(part) for part in edtf.split("/"))


def fuzzy_mask(edtfs: Sequence[str]) -> np.ndarray:
    """:func:`is_fuzzy_edtf` for many values; repeated strings are classified once."""
    seen: dict[str, bool] = {}
    out = np.zeros(len(edtfs), bool)
    for i, value in enumerate(edtfs):
        fuzzy = seen.get(value)
        if fuzzy is None:
            fuzzy = seen[value] = is_fuzzy_edtf(value)
        out[i] = fuzzy
    return out


def _days(values: Sequence[str]) -> np.ndarray:
    """ISO days -> days since 1970-01-01 (float, NaN where a value is not a valid ISO day)."""
    if not values:
        return np.zeros(0, np.float64)
    try:
        return np.array(values, dtype="datetime64[D]").astype(np.int64).astype(np.float64)
    except (ValueError, TypeError):
        out = np.full(len(values), np.nan)
        for i, value in enumerate(values):
            try:
                out[i] = np.datetime64(value, "D").astype(np.int64)
            except (ValueError, TypeError):
                pass
        return out


def iso_day_to_seconds(value: str) -> float:
    """Seconds since the epoch at 00:00 UTC of an ISO day ("YYYY-MM-DD")."""
    return float(np.datetime64(value, "D").astype(np.int64)) * DAY


OPEN_MIN_DAYS = 365.0
"""An open end reaches the edge of the events' extent, and at least this far past its known end."""


def rows_to_data(rows: Iterable[EventRow],
                 extent: Optional[tuple[float, float]] = None) -> tuple[TimelineData, list[int]]:
    """Split rows into drawable events (TimelineData) and the ids of undated ones.

    An event with neither end (or an unreadable known end) is undated. An unreadable or
    earlier-than-earliest latest means a single day, and so does a missing one without an EDTF
    value. An open end (earliest or latest None, the other known, an EDTF value) is laid out at the edge of the events' extent (the rows', widened by
    ``extent`` in days since the epoch when given), at least OPEN_MIN_DAYS from the known end.
    An event is a bar when it spans more than one day, and a dot otherwise.
    """
    rows = list(rows)
    dated = [r for r in rows if r.earliest or (r.latest and r.edtf)]
    first = _days([r.earliest or r.latest for r in dated])
    last = _days([r.latest or r.earliest for r in dated])
    ok = ~np.isnan(first)
    last = np.where(np.isnan(last) | (last < first), first, last)
    undated = [r.id for r in rows if not (r.earliest or (r.latest and r.edtf))]
    undated += [r.id for r, good in zip(dated, ok) if not good]
    kept = [r for r, good in zip(dated, ok) if good]
    first, last = first[ok], last[ok]
    # an end is open when the EDTF value says so (the date rule: its bound is None)
    open_start = np.fromiter((not r.earliest for r in kept), bool, len(kept))
    open_end = np.fromiter((bool(r.edtf) and not r.latest for r in kept), bool, len(kept))
    if open_start.any() or open_end.any():
        lo = float(first[~open_start].min()) if (~open_start).any() else float(last.min())
        hi = float(last[~open_end].max()) if (~open_end).any() else float(first.max())
        if extent is not None:
            lo, hi = min(lo, extent[0]), max(hi, extent[1])
        first = np.where(open_start, np.minimum(lo, last - OPEN_MIN_DAYS), first)
        last = np.where(open_end, np.maximum(hi, first + OPEN_MIN_DAYS), last)
    data = TimelineData(
        ids=np.fromiter((r.id for r in kept), np.int64, len(kept)),
        start=first * DAY,
        end=(last + 1.0) * DAY,
        is_bar=last > first,
        titles=[r.title or "(untitled)" for r in kept],
        edtf=[r.edtf or "" for r in kept],
        open_start=open_start,
        open_end=open_end,
    )
    data.is_fuzzy = fuzzy_mask(data.edtf)
    return data, undated


def occupied_ends(start: np.ndarray, end: np.ndarray, min_width: float = 0.0,
                  gap: float = 0.0) -> np.ndarray:
    """Where each mark stops occupying its lane: at least min_width wide, plus a gap after it."""
    return np.maximum(end, start + min_width) + gap


def pack_lanes(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Greedy interval partitioning: lane index per interval [start, end), no overlaps in a lane.

    Intervals are taken in order of start; each goes into the lowest-numbered lane that is free
    at its start. This uses the fewest lanes possible (the maximum overlap depth) and keeps
    marks near lane 0. O(n log n).
    """
    n = len(start)
    lanes = np.zeros(n, np.int64)
    if n == 0:
        return lanes
    order = np.lexsort((end, start))
    starts = start[order].tolist()
    ends = end[order].tolist()
    busy: list[tuple[float, int]] = []  # (end, lane) of marks still occupying their lane
    free: list[int] = []
    assigned = [0] * n
    used = 0
    for k in range(n):
        s = starts[k]
        while busy and busy[0][0] <= s:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane = used
            used += 1
        assigned[k] = lane
        heapq.heappush(busy, (ends[k], lane))
    lanes[order] = assigned
    return lanes


def max_depth(start: np.ndarray, end: np.ndarray) -> int:
    """The largest number of intervals [start, end) covering one instant (= lanes needed)."""
    if len(start) == 0:
        return 0
    s = np.sort(start)
    e = np.sort(end)
    depth = np.searchsorted(s, s, side="right") - np.searchsorted(e, s, side="right")
    return int(depth.max())


def choose_spacing(start: np.ndarray, end: np.ndarray, width_px: float,
                   max_lanes: int, span: Optional[float] = None) -> tuple[float, float]:
    """(min_width, gap) in seconds for packing, chosen from the whole span and the view width.

    Prefers room for a title after each mark (about 150 px when the whole span is in view),
    then less, as long as the lanes needed stay within max_lanes; a large set falls back to the
    marks' own extent, however many lanes that needs. ``span`` (seconds) is what the width shows
    when it is not these marks' own extent (a lane group packed on the whole timeline's scale).
    """
    if len(start) == 0:
        return 0.0, 0.0
    span = max(span if span is not None else float(end.max() - start.min()), DAY)
    px = span / max(width_px, 100.0)
    for min_px, gap_px in ((150, 6), (70, 6), (16, 4), (0, 2)):
        width, gap = min_px * px, gap_px * px
        if max_depth(start, occupied_ends(start, end, width, gap)) <= max_lanes:
            return width, gap
    return 0.0, 0.0


def free_lane(start: np.ndarray, occupied_end: np.ndarray, lanes: np.ndarray, new_start: float,
              new_end: float, prefer: Optional[int] = None) -> int:
    """A lane where [new_start, new_end) overlaps nothing: `prefer` if free, else the lowest."""
    clash = (start < new_end) & (occupied_end > new_start)
    taken = set(lanes[clash].tolist())
    if prefer is not None and prefer not in taken:
        return prefer
    lane = 0
    while lane in taken:
        lane += 1
    return lane


def next_start_in_lane(start: np.ndarray, lanes: np.ndarray) -> np.ndarray:
    """For each mark, the start of the next mark to its right in the same lane (inf if none)."""
    out = np.full(len(start), np.inf)
    if len(start) < 2:
        return out
    order = np.lexsort((start, lanes))
    same = lanes[order[1:]] == lanes[order[:-1]]
    out[order[:-1][same]] = start[order[1:]][same]
    return out


NONE_LANE = "(none)"
"""The lane of events that have no key in the chosen grouping (drawn last)."""


@dataclass
class LaneGroup:
    """One named lane of a grouped timeline: rows ``first .. first + rows - 1``, ``marks`` marks."""
    name: str
    first: int
    rows: int
    marks: int


def group_marks(data: TimelineData, keys: dict[int, list[str]]) -> tuple[TimelineData, np.ndarray, list[str]]:
    """One mark per (event, lane name): ``keys`` maps an event id to its lane names; an event
    without any goes in NONE_LANE. Returns the marks (a TimelineData whose ids may repeat), each
    mark's group number, and the group names: sorted case-insensitively, NONE_LANE last."""
    names = sorted({name for i in data.ids.tolist() for name in keys.get(i, ())},
                   key=lambda n: (n.casefold(), n))
    number = {name: k for k, name in enumerate(names)}
    positions: list[int] = []
    groups: list[int] = []
    none = len(names)
    used_none = False
    for pos, event_id in enumerate(data.ids.tolist()):
        lanes = keys.get(event_id)
        if lanes:
            for name in dict.fromkeys(lanes):
                positions.append(pos)
                groups.append(number[name])
        else:
            positions.append(pos)
            groups.append(none)
            used_none = True
    if used_none:
        names.append(NONE_LANE)
    return (data.pick(np.array(positions, np.int64)), np.array(groups, np.int64), names)


def pack_groups(start: np.ndarray, end: np.ndarray, group: np.ndarray, names: list[str],
                width_px: float, max_lanes: int) -> tuple[np.ndarray, np.ndarray, list[LaneGroup]]:
    """Pack each group's marks into its own rows, groups one below the other in ``names`` order.

    Spacing (room for titles) is chosen per group on the whole timeline's scale, allowing up to
    ``max_lanes`` rows per group before titles lose their room. Returns each mark's row, where
    it stops occupying its row, and the groups (every group has at least one row)."""
    rows = np.zeros(len(start), np.int64)
    occupied = np.zeros(len(start))
    if not len(start):
        return rows, occupied, []
    span = float(end.max() - start.min())
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(len(names) + 1))
    out: list[LaneGroup] = []
    first = 0
    for k, name in enumerate(names):
        idx = order[bounds[k]:bounds[k + 1]]
        s, e = start[idx], end[idx]
        width, gap = choose_spacing(s, e, width_px, max_lanes, span=span)
        occ = occupied_ends(s, e, width, gap)
        local = pack_lanes(s, occ)
        n_rows = int(local.max()) + 1 if len(local) else 1
        rows[idx] = local + first
        occupied[idx] = occ
        out.append(LaneGroup(name, first, n_rows, len(idx)))
        first += n_rows
    return rows, occupied, out
