"""Qt-free packing of the marks in and near the view into rows, so that no two overlap in a row.

Only the marks of a window around the view are packed (a few thousand at most: the view shows
density beyond that). Marks keep the row they had in the previous packing when it is free, so
panning and zooming do not shuffle them. Short marks take the top rows, marks longer than the
view the rows below; what does not fit in the rows a lane has is counted in "+N" clusters.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass
from typing import Optional

import numpy as np

TITLE_ROOM_PX = (150.0, 70.0, 16.0, 0.0)  # room after a mark, tried in turn (titles need room)
GAP_PX = 4.0
CLUSTER_GAP_PX = 48.0  # overflow marks closer than this share one "+N" badge


def max_depth(start: np.ndarray, end: np.ndarray) -> int:
    """The largest number of intervals [start, end) covering one instant (= rows needed)."""
    if len(start) == 0:
        return 0
    s, e = np.sort(start), np.sort(end)
    return int((np.searchsorted(s, s, side="right") - np.searchsorted(e, s, side="right")).max())


def occupied_ends(x0: np.ndarray, x1: np.ndarray, room: float, gap: float = GAP_PX) -> np.ndarray:
    """Where each mark stops occupying its row (pixels): at least ``room`` wide, plus a gap."""
    return np.maximum(x1, x0 + room) + gap


def choose_room(x0: np.ndarray, x1: np.ndarray, rows: int) -> float:
    """The most room after each mark (TITLE_ROOM_PX, in turn) that still packs into ``rows``."""
    for room in TITLE_ROOM_PX:
        if max_depth(x0, occupied_ends(x0, x1, room)) <= rows:
            return room
    return TITLE_ROOM_PX[-1]


def pack(x0: np.ndarray, occupied: np.ndarray, prefer: np.ndarray, first_row: int = 0) -> np.ndarray:
    """Rows for marks [x0, occupied) in pixels: each takes its preferred row (``prefer``, -1 for
    none) when free at its start, else the lowest free row from ``first_row``. Marks are placed
    in order of x0, so the result never overlaps within a row. O(n log n)."""
    n = len(x0)
    rows = np.zeros(n, np.int64)
    if not n:
        return rows
    order = np.lexsort((occupied, x0))
    starts, ends = x0[order].tolist(), occupied[order].tolist()
    wants = (prefer[order] - first_row).tolist()
    busy: list[tuple[float, int]] = []  # (free from, row) of rows holding a mark
    free: list[int] = []  # rows free now (a heap; stale entries skipped)
    is_free: list[bool] = []
    out = [0] * n
    for k in range(n):
        s = starts[k]
        while busy and busy[0][0] <= s:
            row = heapq.heappop(busy)[1]
            is_free[row] = True
            heapq.heappush(free, row)
        want = wants[k]
        if want >= len(is_free) and want >= 0:  # a row below the ones in use: free
            for extra in range(len(is_free), want + 1):
                is_free.append(True)
                heapq.heappush(free, extra)
        if want >= 0 and is_free[want]:
            row = want
        else:
            while free and not is_free[free[0]]:
                heapq.heappop(free)
            if free:
                row = heapq.heappop(free)
            else:
                row = len(is_free)
                is_free.append(True)
        is_free[row] = False
        heapq.heappush(busy, (ends[k], row))
        out[k] = row + first_row
    rows[order] = out
    return rows


def pack_by_priority(x0: np.ndarray, occupied: np.ndarray, prefer: np.ndarray, priority: np.ndarray,
                     rows: int) -> np.ndarray:
    """Rows (0..rows-1, or -1 when it fits nowhere) for marks [x0, occupied) in pixels, placing
    lower ``priority`` first (short marks before long ones), each in its preferred row when
    free, else the first free row. For lanes of a few rows: a sorted list of intervals per row."""
    n = len(x0)
    out = np.full(n, -1, np.int64)
    if not n or rows <= 0:
        return out
    order = np.lexsort((x0, priority))
    starts = [[] for _ in range(rows)]  # per row: sorted starts and the matching ends
    ends = [[] for _ in range(rows)]
    s_all, e_all, want = x0[order].tolist(), occupied[order].tolist(), prefer[order].tolist()
    placed = [-1] * n

    def free(r: int, s: float, e: float) -> int:
        k = bisect.bisect_left(starts[r], s)
        if k < len(starts[r]) and starts[r][k] < e:
            return -1
        if k > 0 and ends[r][k - 1] > s:
            return -1
        return k

    for i in range(n):
        s, e = s_all[i], e_all[i]
        candidates = ([want[i]] if 0 <= want[i] < rows else []) + list(range(rows))
        for r in candidates:
            k = free(r, s, e)
            if k >= 0:
                starts[r].insert(k, s)
                ends[r].insert(k, e)
                placed[i] = r
                break
    out[order] = placed
    return out


@dataclass(frozen=True)
class Cluster:
    """Marks that did not fit in their lane's rows, close together: drawn as one "+N" badge."""
    x0: float  # pixels, leftmost visible start
    x1: float  # pixels, rightmost end
    count: int
    ids: tuple[int, ...]  # their events (at most a few shown in the tooltip)


def clusters(x0: np.ndarray, x1: np.ndarray, ids: np.ndarray, gap: float = CLUSTER_GAP_PX) -> list[Cluster]:
    """Group marks (pixels) whose starts lie within ``gap`` of the previous one."""
    if not len(x0):
        return []
    order = np.argsort(x0, kind="stable")
    xs, xe, ii = x0[order], x1[order], ids[order]
    breaks = np.flatnonzero(np.diff(xs) > gap) + 1
    out = []
    for lo, hi in zip(np.concatenate([[0], breaks]), np.concatenate([breaks, [len(xs)]])):
        out.append(Cluster(float(xs[lo]), float(xe[lo:hi].max()), int(hi - lo),
                           tuple(int(i) for i in ii[lo:min(hi, lo + 50)])))
    return out


@dataclass
class Packed:
    """A lane's packed marks: each mark's row (absolute), or -1 when it overflowed."""
    rows: np.ndarray
    room: float  # pixels of room after each mark the packing left (for titles)
    used_rows: int  # rows holding marks


def pack_lane_by_priority(x0: np.ndarray, x1: np.ndarray, priority: np.ndarray, prefer: np.ndarray,
                          rows: int) -> Packed:
    """Pack a lane of a few rows: the shortest marks first (with room for titles when they
    still fit), so that a month or a year spanning the view does not push single days out.
    Marks that fit nowhere get row -1."""
    n = len(x0)
    if not n:
        return Packed(np.full(0, -1, np.int64), TITLE_ROOM_PX[-1], 0)
    first = priority == priority.min()
    room = choose_room(x0[first], x1[first], rows)
    out = pack_by_priority(x0, occupied_ends(x0, x1, room), prefer, priority, rows)
    return Packed(out, room, int(out.max()) + 1 if (out >= 0).any() else 0)


def pack_lane(x0: np.ndarray, x1: np.ndarray, is_long: np.ndarray, prefer: np.ndarray,
              top: int, rows: Optional[int], room_rows: Optional[int] = None) -> Packed:
    """Pack a lane's marks (pixels) into rows ``top ..``: short marks first, with room for titles
    when they still fit in ``room_rows`` (default ``rows``), then marks longer than the view in
    the rows below. ``rows`` None: as many rows as needed. Marks past the lane's rows get row -1
    (overflow)."""
    n = len(x0)
    out = np.full(n, -1, np.int64)
    if not n:
        return Packed(out, TITLE_ROOM_PX[-1], 0)
    short = ~is_long
    fit = room_rows if room_rows is not None else rows
    room = choose_room(x0[short], x1[short], fit if fit is not None else 10**9)
    occ = occupied_ends(x0, x1, room)
    out[short] = pack(x0[short], occ[short], prefer[short], top)
    below = int(out[short].max()) + 1 if short.any() else top
    if is_long.any():
        out[is_long] = pack(x0[is_long], occupied_ends(x0[is_long], x1[is_long], 0.0),
                            prefer[is_long], below)
    used = int(out.max()) + 1 - top
    if rows is not None:
        out[out >= top + rows] = -1
        used = min(used, rows)
    return Packed(out, room, used)
