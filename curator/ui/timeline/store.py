"""Qt-free state of the timeline: the marks of every dated event, in lanes, with the query's
matches, as :class:`~curator.ui.timeline.mark_index.LiveIndex` objects.

A :class:`TimelineStore` is immutable: a change makes a new store that shares what did not
change, so a worker can build the next one from a snapshot while the view draws the current.
Building (``build``, ``with_lanes``, ``with_match``, ``compacted``) sorts: a worker's job at a
million events. ``edited`` (after an edit or an undo) is cheap at any size: it lays the changed
events over the base.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterable, Optional

import numpy as np

from curator.core.records import EventRow
from curator.core.timeline_columns import (
    FUZZY, OPEN_END, OPEN_START, TimelineColumns, TimelineLanes, sorted_unique,
)
from curator.ui.timeline.mark_index import LiveIndex, Marks, SPAN, contains

NONE_LANE = "(none)"
"""The lane of the events that have no key in the chosen grouping (drawn last)."""
MAX_LANE_ROWS = 3  # a lane's rows when lanes are few; fewer when there are many (see lane_rows)
TITLE_SHARE = 1 / 9  # room a title needs after a mark at zoom-to-fit, as a share of the extent
COMPACT_AT = 4000  # marks in the overlay before the binding folds it in on a worker


def _match(ids: np.ndarray, match_ids: Optional[np.ndarray]) -> np.ndarray:
    return np.ones(len(ids), bool) if match_ids is None else contains(match_ids, ids)


def event_marks(columns: TimelineColumns, match_ids: Optional[np.ndarray]) -> Marks:
    """One mark per dated event, in lane 0."""
    return Marks(columns.ids, np.zeros(len(columns.ids), np.int32), columns.first, columns.last,
                 columns.flags, _match(columns.ids, match_ids))


def lane_marks(columns: TimelineColumns, lanes: TimelineLanes, number: dict[str, int],
               none_lane: int, match_ids: Optional[np.ndarray]) -> Marks:
    """One mark per (dated event, lane); events without a lane go in ``none_lane``. ``number``
    maps lane names to the store's lane numbers."""
    numbers = np.array([number[n] for n in lanes.names], np.int32)
    where = np.searchsorted(columns.ids, lanes.event_ids)
    dated = contains(columns.ids, lanes.event_ids)
    where = where[dated]
    laned = np.zeros(len(columns.ids), bool)
    laned[where] = True
    alone = np.flatnonzero(~laned)
    pos = np.concatenate([where, alone])
    lane = np.concatenate([numbers[lanes.lanes[dated]] if len(numbers) else np.zeros(0, np.int32),
                           np.full(len(alone), none_lane, np.int32)])
    ids = columns.ids[pos]
    return Marks.of(ids, lane, columns.first[pos], columns.last[pos], columns.flags[pos],
                    _match(ids, match_ids))


def lane_depths(marks: Marks, n_lanes: int, min_width: int) -> np.ndarray:
    """Per lane, the most marks that meet at one day when each is at least ``min_width`` days
    long (open ends as far as their density reaches): the rows a lane needs at zoom-to-fit."""
    depth = np.zeros(n_lanes, np.int64)
    if not len(marks):
        return depth
    s, e = marks.mass_interval()
    e = np.maximum(e, s + max(min_width, 1))
    lane = marks.lanes.astype(np.int64) * SPAN
    ks, ke = np.sort(lane + s), np.sort(lane + e)
    at = np.searchsorted(ks, ks, "right") - np.searchsorted(ke, ks, "right")
    lane_of = ks // SPAN  # ascending: each lane's entries are one run
    starts = np.concatenate([[0], np.flatnonzero(np.diff(lane_of)) + 1])
    depth[lane_of[starts]] = np.maximum.reduceat(at, starts)  # (ufunc.at is slow and holds the GIL)
    return depth


def lane_rows(depths: np.ndarray) -> np.ndarray:
    """Rows per lane: its depth, at most MAX_LANE_ROWS (2 beyond 30 lanes, 1 beyond 100)."""
    cap = MAX_LANE_ROWS if len(depths) <= 30 else 2 if len(depths) <= 100 else 1
    return np.clip(depths, 1, cap).astype(np.int64)


@dataclass(frozen=True)
class TimelineStore:
    events: LiveIndex  # one mark per dated event (lane 0), matching as the query says
    undated: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # ascending ids
    match_ids: Optional[np.ndarray] = None  # ascending ids the query shows (None: all)
    every: Optional[LiveIndex] = None  # the events again, all matching (only while a query is on)
    by: str = "none"
    lanes: Optional[LiveIndex] = None  # one mark per (event, lane) when grouped
    lane_names: tuple[str, ...] = ()  # lane number -> name (NONE_LANE for none_lane)
    none_lane: int = -1
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # rows per lane
    version: int = 0
    # a happening's reports (confirmed claim links) -> the id of the one mark drawn for them
    stands_for: dict = field(default_factory=dict)

    # ------------------------------------------------------------------ building (workers)
    @classmethod
    def build(cls, columns: TimelineColumns, lanes: Optional[TimelineLanes] = None,
              match_ids: Optional[Iterable[int]] = None, stands_for: Optional[dict] = None) -> "TimelineStore":
        match = None if match_ids is None else sorted_unique(np.asarray(
            match_ids if isinstance(match_ids, np.ndarray) else list(match_ids), np.int64))
        events = LiveIndex.build(event_marks(columns, match))
        every = LiveIndex(events.base.with_match(np.ones(len(columns.ids), bool))) if match is not None else None
        store = cls(events, columns.undated, match, every, stands_for=dict(stands_for or {}))
        return store.with_lanes(lanes) if lanes is not None else store

    def with_lanes(self, lanes: Optional[TimelineLanes]) -> "TimelineStore":
        """The store grouped by ``lanes`` (None: not grouped)."""
        if lanes is None:
            return replace(self, by="none", lanes=None, lane_names=(), none_lane=-1,
                           rows=np.zeros(0, np.int64), version=self.version + 1)
        names = tuple(lanes.names) + (NONE_LANE,)
        number = {name: k for k, name in enumerate(lanes.names)}
        marks = lane_marks(self.columns(), lanes, number, len(names) - 1, self.match_ids)
        index = LiveIndex.build(marks)
        extent = self.extent()
        width = int((extent[1] - extent[0]) * TITLE_SHARE) if extent else 1
        depths = lane_depths(marks.take(marks.match), len(names), width)
        return replace(self, by=lanes.by, lanes=index, lane_names=names, none_lane=len(names) - 1,
                       rows=lane_rows(depths), version=self.version + 1)

    def with_match(self, match_ids: Optional[Iterable[int]]) -> "TimelineStore":
        """The store with the query's matching ids (None: every event)."""
        match = None if match_ids is None else sorted_unique(np.asarray(
            match_ids if isinstance(match_ids, np.ndarray) else list(match_ids), np.int64))
        events = self.events.with_match(match)
        every = None
        if match is not None:
            every = self.every if self.every is not None else self.events.with_match(None)
        lanes = self.lanes.with_match(match) if self.lanes is not None else None
        return replace(self, events=events, every=every, lanes=lanes, match_ids=match,
                       version=self.version + 1)

    def compacted(self) -> "TimelineStore":
        """The same store with every overlay folded into its base."""
        return replace(self, events=self.events.compacted(),
                       every=self.every.compacted() if self.every is not None else None,
                       lanes=self.lanes.compacted() if self.lanes is not None else None,
                       version=self.version + 1)

    def overlay_size(self) -> int:
        return self.events.overlay_size() + (self.lanes.overlay_size() if self.lanes else 0)

    # ------------------------------------------------------------------ edits (cheap)
    def edited(self, event_ids: Iterable[int], columns: TimelineColumns,
               lanes: Optional[TimelineLanes] = None) -> "TimelineStore":
        """The store after events ``event_ids`` changed (added, edited, deleted, undated):
        ``columns`` and ``lanes`` are what the project holds for them now (the live ones)."""
        ids = sorted_unique(np.asarray(list(event_ids), np.int64))
        match = self._kept_match(columns.ids)
        marks = Marks(columns.ids, np.zeros(len(columns.ids), np.int32), columns.first,
                      columns.last, columns.flags, match)
        events = self.events.edited(ids, marks)
        every = self.every.edited(ids, marks.with_match(np.ones(len(marks), bool))) if self.every else None
        undated = sorted_unique(np.concatenate([self.undated[~contains(ids, self.undated)],
                                                columns.undated]))
        store = replace(self, events=events, every=every, undated=undated, version=self.version + 1)
        if self.lanes is None or lanes is None:
            return store
        names = list(self.lane_names)
        number = {name: k for k, name in enumerate(names) if k != self.none_lane}
        rows = list(self.rows)
        for name in lanes.names:
            if name not in number:
                number[name] = len(names)
                names.append(name)
                rows.append(1)
        got = lane_marks(columns, lanes, number, self.none_lane, None)
        got = got.with_match(self._kept_match(got.ids))
        return replace(store, lanes=self.lanes.edited(ids, got), lane_names=tuple(names),
                       rows=np.array(rows, np.int64))

    def _kept_match(self, ids: np.ndarray) -> np.ndarray:
        """Match flags for changed events until the query is asked again: as before the change,
        and shown when new."""
        if self.match_ids is None:
            return np.ones(len(ids), bool)
        known = np.array([bool(len(m := self.events.marks_of(int(i)))) for i in ids], bool)
        before = np.array([bool(m.match[0]) if len(m := self.events.marks_of(int(i))) else True
                           for i in ids], bool)
        return np.where(known, before, True)

    # ------------------------------------------------------------------ reading
    def columns(self) -> TimelineColumns:
        """Every dated event's columns as they are now (O(n))."""
        marks = self.events.current()
        return TimelineColumns(marks.ids, marks.first, marks.last, marks.flags, self.undated)

    @property
    def grouped(self) -> bool:
        return self.lanes is not None

    @property
    def marks(self) -> LiveIndex:
        """The index the main view draws: lanes when grouped, else the events."""
        return self.lanes if self.lanes is not None else self.events

    def dated_count(self) -> int:
        return len(self.events)

    def shown_count(self) -> int:
        """Dated events the query shows."""
        return int(self.events.lane_totals(1)[0])

    def undated_count(self) -> int:
        """Undated events (the query's, when one is on)."""
        if self.match_ids is None:
            return len(self.undated)
        return int(contains(self.match_ids, self.undated).sum())

    @cached_property
    def _extents(self) -> tuple:
        return _live_extent(self.events, False), _live_extent(self.events, self.match_ids is not None)

    def prepared(self) -> "TimelineStore":
        """This store with what the view asks of every new store computed now (its extents: a
        pass over every mark). Workers call it, so that the GUI thread only reads the result."""
        self._extents  # noqa: B018 - a cached property, filled here
        return self

    def extent(self) -> Optional[tuple[int, int]]:
        """(first day, last day) the dated events cover; an open end reaches OPEN_REACH_DAYS past
        its known day (so that zoom-to-fit shows it running on). None when there are none.
        Computed once per store, without sorting (a few milliseconds at a million events)."""
        return self._extents[0]

    def shown_extent(self) -> Optional[tuple[int, int]]:
        """The extent of the events the query shows (all of them without a query)."""
        return self._extents[1]

    def shown_lanes(self) -> list[int]:
        """Lane numbers with at least one mark the query shows, in display order (names
        case-insensitively, NONE_LANE last)."""
        if self.lanes is None:
            return [0]
        totals = self.lanes.lane_totals(len(self.lane_names))
        order = sorted((k for k in range(len(self.lane_names)) if totals[k] > 0),
                       key=lambda k: (k == self.none_lane, self.lane_names[k].casefold(),
                                      self.lane_names[k]))
        return order

    def lane_totals(self) -> dict[str, int]:
        """Marks the query shows per lane name (grouped), for read-outs and tests."""
        if self.lanes is None:
            return {}
        totals = self.lanes.lane_totals(len(self.lane_names))
        return {self.lane_names[k]: int(totals[k]) for k in self.shown_lanes()}

    def draws_as(self, event_ids: Iterable[int], columns: TimelineColumns,
                 lanes: Optional[TimelineLanes]) -> bool:
        """Whether these events are drawn already as ``columns`` (and ``lanes``, grouped) read
        them now: an edit that changed no day, flag or lane (a title, a description, a field)
        leaves the marks as they are."""
        ids = {int(i) for i in event_ids}
        dated = columns.ids.tolist()
        if set(dated) | set(columns.undated.tolist()) != ids:
            return False  # some are gone
        for event_id in columns.undated.tolist():
            if self.knows(event_id) or not self.holds(event_id):
                return False
        number = {name: k for k, name in enumerate(self.lane_names)}
        wanted: dict[int, list[int]] = {}
        if self.lanes is not None:
            if lanes is None:
                return False
            for event_id, name in lanes.pairs():
                if name not in number:
                    return False  # a lane the store does not have yet
                wanted.setdefault(event_id, []).append(number[name])
        for k, event_id in enumerate(dated):
            marks = self.events.marks_of(event_id)
            if len(marks) != 1 or (int(marks.first[0]), int(marks.last[0]), int(marks.flags[0])) != (
                    int(columns.first[k]), int(columns.last[k]), int(columns.flags[k])):
                return False
            if self.lanes is not None:
                have = sorted(int(lane) for lane in self.lanes.marks_of(event_id).lanes)
                if have != sorted(wanted.get(event_id, [self.none_lane])):
                    return False
        return True

    def knows(self, event_id: int) -> bool:
        """Whether the event is dated here."""
        return bool(len(self.events.marks_of(event_id)))

    def holds(self, event_id: int) -> bool:
        """Whether the event is here, dated or undated."""
        return self.knows(event_id) or bool(contains(self.undated, np.array([event_id]))[0])

    def is_shown(self, event_id: int) -> bool:
        marks = self.events.marks_of(event_id)
        return bool(len(marks)) and bool(marks.match[0])


OPEN_REACH_DAYS = 365


def _extent(marks: Marks, keep: Optional[np.ndarray] = None) -> Optional[tuple[int, int]]:
    if not len(marks) or (keep is not None and not keep.any()):
        return None
    lo = marks.first - np.where(marks.flags & OPEN_START, OPEN_REACH_DAYS, 0).astype(np.int32)
    hi = marks.last + np.where(marks.flags & OPEN_END, OPEN_REACH_DAYS, 0).astype(np.int32)
    if keep is None:
        return int(lo.min()), int(hi.max())
    return int(lo.min(where=keep, initial=2**31 - 1)), int(hi.max(where=keep, initial=-2**31))


def _live_extent(live: LiveIndex, shown_only: bool) -> Optional[tuple[int, int]]:
    """The extent of the marks of ``live`` (the matching ones), base and overlay apart."""
    added = live.added
    parts = [e for e in (_base_extent(live, shown_only),
                         _extent(added, added.match if shown_only else None)) if e is not None]
    if not parts:
        return None
    return min(p[0] for p in parts), max(p[1] for p in parts)


def _base_extent(live: LiveIndex, shown_only: bool) -> Optional[tuple[int, int]]:
    """The base's extent without the removed marks. The base never changes, so its reach per
    mark and its extents are computed once (kept on it); an edit removes a few marks, which
    change the extent only when one of them is at an end (then it is computed afresh)."""
    base = live.base
    bounds = getattr(base, "_extent_bounds", None)
    if bounds is None:
        marks = base.marks
        lo = marks.first - np.where(marks.flags & OPEN_START, OPEN_REACH_DAYS, 0).astype(np.int32)
        hi = marks.last + np.where(marks.flags & OPEN_END, OPEN_REACH_DAYS, 0).astype(np.int32)
        bounds = (lo, hi, _extent(marks), _extent(marks, marks.match))
        base._extent_bounds = bounds
    lo, hi, whole, matched = bounds
    extent = matched if shown_only else whole
    if extent is None or not len(live.removed):
        return extent
    gone = base.marks.positions_of(live.removed)
    if not len(gone) or ((lo[gone] > extent[0]).all() and (hi[gone] < extent[1]).all()):
        return extent
    keep = base.marks.match.copy() if shown_only else np.ones(len(base.marks), bool)
    keep[gone] = False
    return _extent(base.marks, keep)


# ---------------------------------------------------------------------- from rows (small sets)
def _day(value: Optional[str]) -> Optional[int]:
    if not value or len(value) != 10:
        return None
    try:
        return (dt.date.fromisoformat(value) - dt.date(1970, 1, 1)).days
    except ValueError:
        return None


def _exact(part: str) -> bool:
    body = part[1:] if part.startswith("-") else part
    return len(body) == 10 and body[4] == "-" and body[7] == "-" and (
        body[:4] + body[5:7] + body[8:]).isascii() and (body[:4] + body[5:7] + body[8:]).isdigit()


def columns_from_event_rows(rows: Iterable[EventRow]) -> TimelineColumns:
    """The columns of some EventRows, by the rule of :mod:`curator.core.timeline_columns`
    (for small sets the caller already holds: tests, tools, a view given rows)."""
    ids, first, last, flags, undated = [], [], [], [], []
    for row in sorted(rows, key=lambda r: r.id):
        earliest, latest = row.earliest or None, row.latest or None
        start = _day(earliest) if earliest else _day(latest) if (latest and row.edtf) else None
        if start is None or (earliest is None and not (latest and row.edtf)):
            undated.append(row.id)
            continue
        end = _day(latest) if latest else _day(earliest)
        end = start if end is None or end < start else end
        parts = (row.edtf or "").split("/")
        fuzzy = bool(row.edtf) and not (len(parts) <= 2 and all(_exact(p) for p in parts))
        ids.append(row.id)
        first.append(start)
        last.append(end)
        flags.append(FUZZY * fuzzy + OPEN_START * (earliest is None)
                     + OPEN_END * (bool(row.edtf) and latest is None))
    return TimelineColumns(np.array(ids, np.int64), np.array(first, np.int32),
                           np.array(last, np.int32), np.array(flags, np.uint8),
                           np.array(undated, np.int64))


def lanes_from_pairs(by: str, pairs: Iterable[tuple[int, str]]) -> TimelineLanes:
    """TimelineLanes from (event id, lane name) pairs (a lane source that gives pairs)."""
    pairs = sorted(set((int(e), n) for e, n in pairs))
    names = tuple(sorted({n for _, n in pairs}, key=lambda n: (n.casefold(), n)))
    number = {n: k for k, n in enumerate(names)}
    return TimelineLanes(by, names, np.array([e for e, _ in pairs], np.int64),
                         np.array([number[n] for _, n in pairs], np.int32))
