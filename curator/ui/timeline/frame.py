"""Qt-free planning of one timeline frame: per visible lane, single marks or density.

The rule (per lane, for the visible date range): marks can be told apart when the lane's
events in view (its density summed over the view: an event half in view counts half, a year
spanning a week's view 7/365) fit in its rows at PX_PER_MARK pixels each, at most SHORT_CAP
marks shorter than the view need listing, and packed into its rows at most OVERFLOW_ALLOWED of
them are left over (counted in "+N" badges); otherwise the lane shows its density. Marks longer
than the view are listed too when few (LONG_LIST_CAP), else a "+N longer" badge stands for them.
While a lane shows marks it keeps them until the density passes the limit by HYSTERESIS, so
zooming back and forth at the threshold does not flicker. Everything a frame needs is answered
by the index in O(log n) per lane; listing and packing (O(marks in the window)) and binning
happen only when the view leaves the window they were made for or the zoom changes by a fifth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from curator.core.timeline_columns import OPEN_END, OPEN_START
from curator.ui.timeline import bins
from curator.ui.timeline.mark_index import DAY0, NCLASS, Marks, long_classes
from curator.ui.timeline.packing import Cluster, clusters, pack_lane, pack_lane_by_priority
from curator.ui.timeline.store import TimelineStore

DAY = 86400.0
PX_PER_MARK = 20.0  # room a mark needs in its row to be told apart from its neighbours
SHORT_CAP = 1500  # marks shorter than the view one lane may list and pack
TOTAL_CAP = 3000  # ... all visible lanes together
LONG_LIST_CAP = 300  # marks longer than the view listed as bars; more become a badge
CANDIDATE_CAP = 60000  # index entries a listing may scan
MAX_ROWS_NONE = 200  # rows of the single lane (no grouping, it scrolls) before "+N" badges
HYSTERESIS = 1.25
OVERFLOW_ALLOWED = 0.1  # a lane whose packing leaves more than this share out shows density
ZOOM_IN_KEEP = 2.0  # while moving, a packing is kept until the view is 2x closer ...
ZOOM_OUT_KEEP = 1.25  # ... or a quarter further (marks then stand a little closer)
SETTLED_TOLERANCE = math.log(1.05)  # once still, packings are made for the zoom shown
DOT_PX = 12.0  # the width a single day's diamond takes when packing
SHORT_PX = 40.0  # marks narrower than this are packed first in lanes of a few rows
WINDOW_MARGIN = 0.3  # marks are listed and packed this share of the view beyond each side


@dataclass
class LaneSpec:
    lane: int  # the store's lane number (0 without grouping)
    name: str
    top: int  # first row
    rows: int  # rows of its band (packing cap); None-grouped: the rows that fit the pane


@dataclass
class Packing:
    """A lane's marks listed and packed for a window of days around the view."""
    version: int
    top: int
    rows: int
    px_per_day: float
    window: tuple[int, int]  # key days [a, b)
    long_listed: bool
    marks: Marks = field(default_factory=Marks)
    start: np.ndarray = field(default_factory=lambda: np.zeros(0))  # seconds (open: +-inf)
    end: np.ndarray = field(default_factory=lambda: np.zeros(0))
    row: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # -1: overflow
    room_px: float = 0.0
    overflow: list = field(default_factory=list)  # (Cluster, x0 seconds, x1 seconds)
    short_left: int = 0  # short marks among those that did not fit
    shadow_start: np.ndarray = field(default_factory=lambda: np.zeros(0))  # longer ones that did
    shadow_end: np.ndarray = field(default_factory=lambda: np.zeros(0))  # not: seconds


@dataclass
class Binning:
    """A lane's density for a window of days around the view."""
    version: int
    unit: bins.BinUnit
    window: tuple[int, int]  # day numbers
    edges: np.ndarray  # seconds
    values: np.ndarray
    scale: float


@dataclass
class LanePlan:
    spec: LaneSpec
    mode: str  # "marks" or "density"
    mass: float  # events in view (density summed over it)
    overlapping: int  # marks overlapping the view
    longer: int  # of which longer than the view
    packing: Optional[Packing] = None
    binning: Optional[Binning] = None
    long_hidden: int = 0  # marks longer than the view not listed (a badge stands for them)
    badge_row: int = 0  # the lane's row (from its top) where its "+N" badges go


class FramePlanner:
    """Decides and prepares what each visible lane draws; keeps listings and bins between frames."""

    def __init__(self):
        self._packings: dict[int, Packing] = {}
        self._binnings: dict[int, Binning] = {}
        self._modes: dict[int, str] = {}
        self._rows_of: dict[int, dict[int, int]] = {}  # lane -> event id -> row in the lane

    def forget(self) -> None:
        """Drop what was prepared (a new project): nothing is kept for stability either."""
        self._packings.clear()
        self._binnings.clear()
        self._modes.clear()
        self._rows_of.clear()

    def plan(self, store: TimelineStore, x0: float, x1: float, width_px: float,
             lanes: list[LaneSpec], grouped: bool, settled: bool = True) -> list[LanePlan]:
        """What each of ``lanes`` shows for the view [x0, x1] seconds, ``width_px`` wide.
        While the view moves (``settled`` false) a packing made for a zoom up to 2x closer or
        a quarter further is kept; once it settles, packings are made for the exact zoom."""
        if not lanes or x1 <= x0:
            return []
        index = store.marks
        width_px = max(width_px, 50.0)
        a = int(math.floor(x0 / DAY)) + DAY0
        b = int(math.ceil(x1 / DAY)) + DAY0
        span_days = max((x1 - x0) / DAY, 1e-3)
        px_per_day = width_px / span_days
        numbers = np.array([spec.lane for spec in lanes], np.int64)
        mass = np.diff(index.mass_at(numbers, np.array([a, b])), axis=1)[:, 0]
        counts = index.overlap_counts(numbers, a, b)
        longer = long_classes(span_days)
        shorter = np.array([c for c in range(NCLASS) if c not in set(longer.tolist())], np.int64)
        n_long = counts[:, longer].sum(axis=1) if len(longer) else np.zeros(len(lanes), np.int64)
        n_short = counts.sum(axis=1) - n_long
        plans = []
        for k, spec in enumerate(lanes):
            cap = max(spec.rows, 1) * width_px / PX_PER_MARK
            if self._modes.get(spec.lane) == "marks":
                cap *= HYSTERESIS
            fits = mass[k] <= cap and n_short[k] <= SHORT_CAP
            plans.append(LanePlan(spec, "marks" if fits else "density", float(mass[k]),
                                  int(counts[k].sum()), int(n_long[k])))
        # all lanes together: the busiest lanes go to density first
        marked = sorted((p for p in plans if p.mode == "marks"), key=lambda p: -p.mass)
        total = sum(p.overlapping - p.longer for p in marked)
        for p in marked:
            if total <= TOTAL_CAP:
                break
            p.mode = "density"
            total -= p.overlapping - p.longer
        self._pack_all(store, [p for p in plans if p.mode == "marks"], a, b, px_per_day, shorter,
                       grouped, settled)
        for p in plans:
            if p.mode == "density":
                p.packing = None
        self._bin_all(store, [p for p in plans if p.mode == "density"], a - DAY0, b - DAY0, px_per_day)
        for p in plans:
            self._modes[p.spec.lane] = p.mode
        return plans

    # ------------------------------------------------------------------ marks
    def _still_good(self, old: Optional[Packing], store, spec: LaneSpec, a: int, b: int,
                    px_per_day: float, list_long: bool, settled: bool) -> bool:
        if old is None or old.version != store.version or old.top != spec.top or old.rows != spec.rows:
            return False
        if old.long_listed != list_long or not (old.window[0] <= a and b <= old.window[1]):
            return False
        closer = px_per_day / old.px_per_day
        if settled:
            return abs(math.log(closer)) < SETTLED_TOLERANCE
        return 1.0 / ZOOM_OUT_KEEP <= closer <= ZOOM_IN_KEEP

    def _pack_all(self, store, plans: list[LanePlan], a: int, b: int, px_per_day: float,
                  shorter: np.ndarray, grouped: bool, settled: bool) -> None:
        """Listings for the lanes whose packing is out of date, in one index call per kind."""
        todo = []
        for p in plans:
            list_long = p.longer <= LONG_LIST_CAP
            old = self._packings.get(p.spec.lane)
            if self._still_good(old, store, p.spec, a, b, px_per_day, list_long, settled):
                p.packing = old
            else:
                todo.append((p, list_long))
            p.long_hidden = 0 if list_long else p.longer
        margin = int((b - a) * WINDOW_MARGIN) + 1  # pans within it need no new listing
        wa, wb = a - margin, b + margin
        index = store.marks
        for list_long in (True, False):
            batch = [p for p, long_ in todo if long_ == list_long]
            if not batch:
                continue
            classes = np.arange(NCLASS) if list_long else shorter
            lanes = np.array([p.spec.lane for p in batch], np.int64)
            scanned = index.candidate_counts(lanes, wa, wb, classes)
            keep = [p for p, n in zip(batch, scanned) if n <= CANDIDATE_CAP]
            for p in batch:
                if p not in keep:
                    p.mode, p.long_hidden = "density", 0
            if not keep:
                continue
            listed = index.listing_lanes(np.array([p.spec.lane for p in keep]), wa, wb, classes)
            order = np.argsort(listed.lanes, kind="stable")
            listed = listed.take(order)
            bounds = np.searchsorted(listed.lanes, [p.spec.lane for p in keep], "left")
            ends = np.searchsorted(listed.lanes, [p.spec.lane for p in keep], "right")
            for p, lo, hi in zip(keep, bounds, ends):
                p.packing = self._pack(store, p.spec, listed.take(slice(lo, hi)), a, b, wa, wb,
                                       px_per_day, list_long, grouped)
        for p in plans:
            if p.mode == "marks" and p.packing is not None:
                if p.packing.short_left > max(OVERFLOW_ALLOWED * len(p.packing.marks), 2):
                    p.mode = "density"  # too many did not fit its rows: not told apart after all
                    continue
                cap = p.spec.rows if grouped else MAX_ROWS_NONE
                used = int(p.packing.row.max()) + 1 - p.spec.top if len(p.packing.row) else 0
                p.badge_row = (cap - 1 if p.packing.overflow else
                               max(min(used, cap - 1), 0) if not grouped else max(p.spec.rows - 1, 0))

    def _pack(self, store, spec: LaneSpec, marks: Marks, a: int, b: int, wa: int, wb: int,
              px_per_day: float, list_long: bool, grouped: bool) -> Packing:
        sec_per_px = DAY / px_per_day
        win_x0 = (wa - DAY0) * DAY
        start = marks.first.astype(np.float64) * DAY
        end = (marks.last.astype(np.float64) + 1.0) * DAY
        open_start = (marks.flags & OPEN_START) > 0
        open_end = (marks.flags & OPEN_END) > 0
        px0 = (start - win_x0) / sec_per_px
        px1 = (end - win_x0) / sec_per_px
        is_bar = (marks.last > marks.first) | open_start | open_end
        mid = (px0 + px1) / 2.0
        px0 = np.where(is_bar, px0, mid - DOT_PX / 2.0)
        px1 = np.where(is_bar, np.maximum(px1, px0 + 2.0), mid + DOT_PX / 2.0)
        window_px = (wb - wa) * px_per_day
        px0 = np.where(open_start, -20.0, px0)
        px1 = np.where(open_end, window_px + 20.0, px1)
        duration = np.where(open_start | open_end, np.inf,
                            (marks.last - marks.first + 1).astype(np.float64))
        is_long = duration > (b - a)
        before = self._rows_of.get(spec.lane, {})
        prefer = np.fromiter((before.get(i, -1) for i in marks.ids.tolist()), np.int64, len(marks))
        if grouped:  # a few rows: the shortest marks first, then longer ones where there is room
            width_px = px1 - px0
            priority = np.where(is_long, 2, np.where(width_px < SHORT_PX, 0, 1))
            packed = pack_lane_by_priority(px0, px1, priority, prefer, spec.rows)
            if spec.rows > 1 and ((packed.rows < 0) & (priority == 0)).any():
                packed = pack_lane_by_priority(px0, px1, priority, prefer, spec.rows - 1)  # badges' row
        else:
            packed = pack_lane(px0, px1, is_long, prefer, 0, MAX_ROWS_NONE, spec.rows)
            if (packed.rows < 0).any():  # the last row holds the "+N" badges
                packed = pack_lane(px0, px1, is_long, prefer, 0, MAX_ROWS_NONE - 1, spec.rows)
        rows = np.where(packed.rows >= 0, packed.rows + spec.top, -1)
        placed = packed.rows >= 0
        self._rows_of[spec.lane] = dict(zip(marks.ids[placed].tolist(), packed.rows[placed].tolist()))
        short = (px1 - px0) < SHORT_PX
        over = ~placed & short  # short marks left over: "+N" badges (they could not be told apart)
        groups = clusters(px0[over], px1[over], marks.ids[over])
        overflow = [(c, win_x0 + c.x0 * sec_per_px, win_x0 + c.x1 * sec_per_px) for c in groups]
        shadow = ~placed & ~short  # longer marks left over: a hairline at the lane's foot
        result = Packing(store.version, spec.top, spec.rows, px_per_day, (wa, wb), list_long,
                         marks, np.where(open_start, -np.inf, start), np.where(open_end, np.inf, end),
                         rows, packed.room, overflow, int(over.sum()),
                         np.where(open_start[shadow], (wa - DAY0) * DAY, start[shadow]),
                         np.where(open_end[shadow], (wb - DAY0) * DAY, end[shadow]))
        self._packings[spec.lane] = result
        return result

    # ------------------------------------------------------------------ density
    def _bin_all(self, store, plans: list[LanePlan], a_day: int, b_day: int, px_per_day: float) -> None:
        """Bins for the density lanes whose bins are out of date, in one index call."""
        unit = bins.choose_unit(px_per_day)
        todo = []
        for p in plans:
            old = self._binnings.get(p.spec.lane)
            if (old is not None and old.version == store.version and old.unit == unit
                    and old.window[0] <= a_day and b_day <= old.window[1]):
                p.binning = old
            else:
                todo.append(p)
        if not todo:
            return
        span = b_day - a_day
        edges = bins.edges(unit, a_day - span, b_day + span)
        lanes = np.array([p.spec.lane for p in todo], np.int64)
        mass = store.marks.mass_at(lanes, edges + DAY0)
        seconds = edges.astype(np.float64) * DAY
        for p, row in zip(todo, mass):
            values = np.maximum(np.diff(row), 0.0)
            values[values < 1e-9] = 0.0
            scale = bins.nice_ceiling(float(values.max()) if len(values) else 1.0)
            p.binning = Binning(store.version, unit, (int(edges[0]), int(edges[-1])), seconds,
                                values, scale)
            self._binnings[p.spec.lane] = p.binning


def overflow_badges(plans: list[LanePlan], x0: float, x1: float,
                    with_longer: bool = True) -> tuple[list[float], list[float], list[str], list]:
    """The "+N" badges of the marks lanes: positions (seconds, row), texts, and what each stands
    for (a Cluster, or the count of longer marks not listed, unless ``with_longer`` is false)."""
    xs, ys, texts, what = [], [], [], []
    for plan in plans:
        if plan.mode != "marks" or plan.packing is None:
            continue
        row = plan.spec.top + plan.badge_row
        for cluster, c0, c1 in plan.packing.overflow:
            if c1 < x0 or c0 > x1:
                continue
            xs.append(min(max(c0, x0), x1))
            ys.append(float(row))
            texts.append(f"+{cluster.count:,}")
            what.append(cluster)
        if plan.long_hidden and with_longer:
            xs.append(x0)
            ys.append(float(row))
            texts.append(f"+{plan.long_hidden:,} longer")
            what.append(plan.long_hidden)
    return xs, ys, texts, what


__all__ = ["FramePlanner", "LaneSpec", "LanePlan", "Packing", "Binning", "Cluster", "overflow_badges"]
