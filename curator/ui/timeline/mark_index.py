"""Qt-free index of timeline marks: how many fall in a range, how much of them, and which.

A mark is one event in one lane (an event with three actors has three marks when lanes group
by actor; with no grouping every dated event is one mark in lane 0). :class:`Marks` holds them
as columns. :class:`MarkIndex` sorts them once (O(n log n), on a worker) and then answers, per
lane and for any day range, in O(log n) per bin with ``np.searchsorted`` over sorted keys and
prefix sums:

- ``mass``: the density the timeline draws when marks are too many to tell apart. Each event
  counts as one, spread evenly over its days (an aoristic sum): a single day adds 1 to its bin,
  an event dated "May 2014" adds 1/31 to each day of May, so coarse dates do not drown precise
  ones in a flat band. An open end is spread over OPEN_SPREAD days past its known day.
- ``overlaps``: how many marks overlap a range (every mark whose interval meets it counts 1;
  an open end reaches to the end of time), by duration class;
- ``listing``: the marks overlapping a range, when they are few (by duration class, so a long
  history of short marks is never scanned).

Only marks whose ``match`` flag is set count (the events the table's query shows).

:class:`LiveIndex` adds edits without re-sorting: a base index plus a small overlay of marks
added and base marks removed; each answer is base + added - removed. ``compacted()`` folds the
overlay in (on a worker).

Days are day numbers (days since 1970-01-01) inside; keys are ``group * SPAN + day + DAY0``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from curator.core.timeline_columns import OPEN_END, OPEN_START, sorted_unique

DAY0 = 720_000  # added to day numbers so that 0001-01-01 (-719162) is positive
SPAN = 1 << 22  # a group's key range: days of the years 1..9999 fit
OPEN_LO, OPEN_HI = 1, SPAN - 2  # where an open start / open end reaches (key days)
OPEN_SPREAD = 365  # days over which an open end's one event is spread
CLASS_BOUNDS = np.array([1, 7, 31, 92, 366, 3660], np.int64)  # duration classes, in days
NCLASS = len(CLASS_BOUNDS) + 1  # the last class: longer, or open
SHORTEST = np.concatenate([[1], CLASS_BOUNDS + 1])  # each class's shortest duration


def long_classes(days: float) -> np.ndarray:
    """The duration classes whose every mark is longer than ``days`` (a view's span)."""
    return np.flatnonzero(SHORTEST > days)


def key_day(day) -> np.ndarray:
    """Day numbers -> key days (clipped to what keys hold)."""
    return np.clip(np.asarray(day, np.int64) + DAY0, OPEN_LO, OPEN_HI)


@dataclass(frozen=True)
class Marks:
    """Marks as columns, ascending by (event id, lane)."""
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    lanes: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    first: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # day numbers
    last: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # inclusive
    flags: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint8))
    match: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, ids, lanes, first, last, flags, match=None) -> "Marks":
        """Marks from unordered columns (sorted here); ``match`` None: every mark matches."""
        ids = np.asarray(ids, np.int64)
        lanes = np.asarray(lanes, np.int32)
        order = np.argsort(ids * (1 << 20) + lanes) if len(ids) and lanes.max() < (1 << 20) \
            else np.lexsort((lanes, ids))
        match = np.ones(len(ids), bool) if match is None else np.asarray(match, bool)
        return cls(ids[order], lanes[order], np.asarray(first, np.int32)[order],
                   np.asarray(last, np.int32)[order], np.asarray(flags, np.uint8)[order],
                   match[order])

    def take(self, where) -> "Marks":
        return Marks(self.ids[where], self.lanes[where], self.first[where], self.last[where],
                     self.flags[where], self.match[where])

    def with_match(self, match: np.ndarray) -> "Marks":
        return Marks(self.ids, self.lanes, self.first, self.last, self.flags, np.asarray(match, bool))

    @staticmethod
    def concat(parts: list["Marks"]) -> "Marks":
        parts = [p for p in parts if len(p)]
        if not parts:
            return Marks()
        if len(parts) == 1:
            return parts[0]
        joined = Marks(*(np.concatenate([getattr(p, f) for p in parts]) for f in
                         ("ids", "lanes", "first", "last", "flags", "match")))
        return joined.take(np.argsort(joined.ids * (1 << 20) + joined.lanes)
                           if joined.lanes.max() < (1 << 20) else np.lexsort((joined.lanes, joined.ids)))

    def positions_of(self, ids: np.ndarray) -> np.ndarray:
        """Positions of every mark of these event ids (ascending)."""
        ids = sorted_unique(np.asarray(ids, np.int64))
        lo = np.searchsorted(self.ids, ids, "left")
        hi = np.searchsorted(self.ids, ids, "right")
        if not len(ids) or not (hi > lo).any():
            return np.zeros(0, np.int64)
        return np.concatenate([np.arange(a, b) for a, b in zip(lo, hi) if b > a])

    def without(self, ids: np.ndarray) -> "Marks":
        keep = np.ones(len(self), bool)
        keep[self.positions_of(ids)] = False
        return self.take(keep)

    # derived intervals (key days)
    def overlap_interval(self) -> tuple[np.ndarray, np.ndarray]:
        """[start, end) in key days, open ends reaching OPEN_LO / OPEN_HI."""
        s = key_day(self.first)
        e = key_day(self.last.astype(np.int64) + 1)
        s = np.where(self.flags & OPEN_START, OPEN_LO, s)
        e = np.where(self.flags & OPEN_END, OPEN_HI, e)
        return s, e

    def mass_interval(self) -> tuple[np.ndarray, np.ndarray]:
        """[start, end) in key days over which each mark's one event is spread."""
        s = key_day(self.first)
        e = key_day(self.last.astype(np.int64) + 1)
        s = np.where(self.flags & OPEN_START, np.maximum(e - OPEN_SPREAD, OPEN_LO), s)
        e = np.where(self.flags & OPEN_END, np.minimum(s + OPEN_SPREAD, OPEN_HI), e)
        return s, np.maximum(e, s + 1)

    def duration_class(self) -> np.ndarray:
        s, e = self.overlap_interval()
        cls = np.searchsorted(CLASS_BOUNDS, e - s, "left")
        return np.where(self.flags & (OPEN_START | OPEN_END), NCLASS - 1, cls)


def contains(sorted_ids: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Whether each of ``ids`` is in the ascending array ``sorted_ids`` (O(k log n))."""
    ids = np.asarray(ids, np.int64)
    if not len(sorted_ids):
        return np.zeros(len(ids), bool)
    where = np.minimum(np.searchsorted(sorted_ids, ids), len(sorted_ids) - 1)
    return sorted_ids[where] == ids


def _cum(values: np.ndarray, dtype) -> np.ndarray:
    out = np.zeros(len(values) + 1, dtype)
    np.cumsum(values, out=out[1:])
    return out


class MarkIndex:
    """Sorted keys and prefix sums over one :class:`Marks` (immutable once built)."""

    def __init__(self, marks: Marks, _sorted: Optional["MarkIndex"] = None):
        self.marks = marks
        m = marks
        if _sorted is None:
            s, e = m.overlap_interval()
            group = m.lanes.astype(np.int64) * NCLASS + m.duration_class()
            ls_key = group * SPAN + s
            self.ls_pos = np.argsort(ls_key).astype(np.int32)
            self.ls_key = ls_key[self.ls_pos]
            le_key = group * SPAN + e
            self.le_pos = np.argsort(le_key).astype(np.int32)
            self.le_key = le_key[self.le_pos]
            ws, we = m.mass_interval()
            lane = m.lanes.astype(np.int64) * SPAN
            ms_key = lane + ws
            self.ms_pos = np.argsort(ms_key).astype(np.int32)
            self.ms_key = ms_key[self.ms_pos]
            me_key = lane + we
            self.me_pos = np.argsort(me_key).astype(np.int32)
            self.me_key = me_key[self.me_pos]
        else:  # the same marks with other match flags: keys and orders are shared
            for name in ("ls_pos", "ls_key", "le_pos", "le_key", "ms_pos", "ms_key", "me_pos", "me_key"):
                setattr(self, name, getattr(_sorted, name))
        self._sum()

    def _sum(self) -> None:
        m = self.marks
        match = m.match
        self.ls_cum = _cum(match[self.ls_pos], np.int32)
        self.le_cum = _cum(match[self.le_pos], np.int32)
        ws, we = m.mass_interval()
        inv = match / (we - ws).astype(np.float64)
        at = ws * inv
        self.ms_c1 = _cum(inv[self.ms_pos], np.float64)
        self.ms_cs = _cum(at[self.ms_pos], np.float64)
        self.me_cn = _cum(match[self.me_pos], np.int32)
        self.me_c1 = _cum(inv[self.me_pos], np.float64)
        self.me_cs = _cum(at[self.me_pos], np.float64)

    def with_match(self, match: np.ndarray) -> "MarkIndex":
        return MarkIndex(self.marks.with_match(match), _sorted=self)

    def __len__(self) -> int:
        return len(self.marks)

    def nbytes(self) -> int:
        return sum(v.nbytes for v in vars(self).values() if isinstance(v, np.ndarray)) + sum(
            getattr(self.marks, f).nbytes for f in ("ids", "lanes", "first", "last", "flags", "match"))

    # ------------------------------------------------------------------ answers
    def mass_at(self, lanes: np.ndarray, days: np.ndarray) -> np.ndarray:
        """F[lane, t]: the matching events' mass before key day t, per lane (len(lanes) x len(days))."""
        lanes = np.asarray(lanes, np.int64)[:, None] * SPAN
        t = np.asarray(days, np.int64)[None, :]
        base_s = np.searchsorted(self.ms_key, lanes, "left")
        base_e = np.searchsorted(self.me_key, lanes, "left")
        ps = np.searchsorted(self.ms_key, lanes + t, "left")
        pe = np.searchsorted(self.me_key, lanes + t, "right")
        ended = self.me_cn[pe] - self.me_cn[base_e]
        inv = (self.ms_c1[ps] - self.ms_c1[base_s]) - (self.me_c1[pe] - self.me_c1[base_e])
        at = (self.ms_cs[ps] - self.ms_cs[base_s]) - (self.me_cs[pe] - self.me_cs[base_e])
        return ended + t * inv - at

    def overlap_counts(self, lanes: np.ndarray, a: int, b: int) -> np.ndarray:
        """Matching marks overlapping key days [a, b), per lane and duration class."""
        groups = (np.asarray(lanes, np.int64)[:, None] * NCLASS + np.arange(NCLASS)[None, :]) * SPAN
        started = (self.ls_cum[np.searchsorted(self.ls_key, groups + b, "left")]
                   - self.ls_cum[np.searchsorted(self.ls_key, groups, "left")])
        ended = (self.le_cum[np.searchsorted(self.le_key, groups + a, "right")]
                 - self.le_cum[np.searchsorted(self.le_key, groups, "left")])
        return (started - ended).astype(np.int64)

    def lane_totals(self, n_lanes: int) -> np.ndarray:
        """Matching marks in each lane 0..n_lanes-1."""
        bounds = np.searchsorted(self.ls_key, np.arange(n_lanes + 1, dtype=np.int64) * NCLASS * SPAN)
        return np.diff(self.ls_cum[bounds]).astype(np.int64)

    def listing(self, lane: int, a: int, b: int, classes=None) -> Marks:
        """The matching marks of ``lane`` (of duration ``classes``) overlapping key days [a, b)."""
        return self.listing_lanes(np.array([lane]), a, b, classes)

    def candidate_counts(self, lanes: np.ndarray, a: int, b: int, classes=None):
        """Per lane, how many index entries listing [a, b) would look at; and the slices:
        (totals per lane, [(lane position, pos array, lo, hi)]). Four searchsorted calls for
        every lane and class together."""
        lanes = np.asarray(lanes, np.int64)
        classes = np.arange(NCLASS) if classes is None else np.asarray(classes, np.int64)
        if not len(lanes) or not len(classes):
            return np.zeros(len(lanes), np.int64), []
        longest = np.where(classes < NCLASS - 1, CLASS_BOUNDS[np.minimum(classes, NCLASS - 2)], SPAN)
        group = (lanes[:, None] * NCLASS + classes[None, :]) * SPAN
        s0 = np.searchsorted(self.ls_key, group + np.maximum(a - longest, 0)[None, :], "left")
        s1 = np.searchsorted(self.ls_key, group + b, "left")
        e0 = np.searchsorted(self.le_key, group + a, "right")
        e_top = np.where(classes < NCLASS - 1, np.minimum(b + longest, SPAN - 1), SPAN)
        e1 = np.where((classes < NCLASS - 1)[None, :],  # the open/long class: to the group's end
                      np.searchsorted(self.le_key, group + e_top[None, :], "right"),
                      np.searchsorted(self.le_key, group + SPAN, "left"))
        starts_side = (s1 - s0) <= (e1 - e0)
        sizes = np.where(starts_side, s1 - s0, e1 - e0)
        slices = []
        for i, k in zip(*np.nonzero(sizes)):
            if starts_side[i, k]:
                slices.append((int(i), self.ls_pos, int(s0[i, k]), int(s1[i, k])))
            else:
                slices.append((int(i), self.le_pos, int(e0[i, k]), int(e1[i, k])))
        return sizes.sum(axis=1), slices

    def listing_lanes(self, lanes: np.ndarray, a: int, b: int, classes=None) -> Marks:
        """The matching marks of all ``lanes`` (of duration ``classes``) overlapping [a, b)."""
        _, slices = self.candidate_counts(lanes, a, b, classes)
        if not slices:
            return Marks()
        pos = sorted_unique(np.concatenate([p[lo:hi] for _, p, lo, hi in slices]))
        got = self.marks.take(pos)
        s, e = got.overlap_interval()
        return got.take((s < b) & (e > a) & got.match)


class LiveIndex:
    """A :class:`MarkIndex` plus the edits made since it was built (see the module doc)."""

    def __init__(self, base: MarkIndex, added: Marks = Marks(), removed: np.ndarray = None):
        self.base = base
        self.added = added
        self.removed = np.zeros(0, np.int64) if removed is None else sorted_unique(
            np.asarray(removed, np.int64))
        self._gone = MarkIndex(base.marks.take(base.marks.positions_of(self.removed)))
        self._new = MarkIndex(added)

    @classmethod
    def build(cls, marks: Marks) -> "LiveIndex":
        return cls(MarkIndex(marks))

    def overlay_size(self) -> int:
        return len(self.added) + len(self._gone)

    def current(self) -> Marks:
        """Every mark as it is now (base minus removed plus added)."""
        return Marks.concat([self.base.marks.without(self.removed), self.added])

    def compacted(self) -> "LiveIndex":
        """The same marks with the overlay folded into a new base (O(n log n): a worker's job)."""
        return LiveIndex.build(self.current())

    def with_match(self, match_ids: Optional[np.ndarray]) -> "LiveIndex":
        """Every mark's match flag from the sorted event ids ``match_ids`` (None: all match)."""
        def flags(marks: Marks) -> np.ndarray:
            if match_ids is None:
                return np.ones(len(marks), bool)
            return contains(match_ids, marks.ids)  # match_ids ascending

        base = self.base.with_match(flags(self.base.marks))
        return LiveIndex(base, self.added.with_match(flags(self.added)), self.removed)

    def edited(self, event_ids: np.ndarray, marks: Marks) -> "LiveIndex":
        """The index after events ``event_ids`` changed: their marks are now ``marks`` (none for
        an event deleted or undated). O(overlay), not O(n)."""
        event_ids = sorted_unique(np.asarray(event_ids, np.int64))
        in_base = event_ids[contains(self.base.marks.ids, event_ids)]
        removed = sorted_unique(np.concatenate([self.removed, in_base]))
        added = Marks.concat([self.added.without(event_ids), marks])
        return LiveIndex(self.base, added, removed)

    def marks_of(self, event_id: int) -> Marks:
        ids = np.array([event_id], np.int64)
        base = (Marks() if contains(self.removed, ids)[0]
                else self.base.marks.take(self.base.marks.positions_of(ids)))
        return Marks.concat([base, self.added.take(self.added.positions_of(ids))])

    def __len__(self) -> int:
        return len(self.base) - len(self._gone) + len(self.added)

    # answers: base + added - removed
    def mass_at(self, lanes, days) -> np.ndarray:
        out = self.base.mass_at(lanes, days)
        if len(self.added):
            out = out + self._new.mass_at(lanes, days)
        if len(self._gone):
            out = out - self._gone.mass_at(lanes, days)
        return out

    def overlap_counts(self, lanes, a: int, b: int) -> np.ndarray:
        out = self.base.overlap_counts(lanes, a, b)
        if len(self.added):
            out = out + self._new.overlap_counts(lanes, a, b)
        if len(self._gone):
            out = out - self._gone.overlap_counts(lanes, a, b)
        return out

    def lane_totals(self, n_lanes: int) -> np.ndarray:
        out = self.base.lane_totals(n_lanes)
        if len(self.added):
            out = out + self._new.lane_totals(n_lanes)
        if len(self._gone):
            out = out - self._gone.lane_totals(n_lanes)
        return out

    def candidate_count(self, lane: int, a: int, b: int, classes=None) -> int:
        return int(self.candidate_counts(np.array([lane]), a, b, classes)[0])

    def candidate_counts(self, lanes, a: int, b: int, classes=None) -> np.ndarray:
        """Per lane, the index entries a listing of [a, b) looks at."""
        out = self.base.candidate_counts(lanes, a, b, classes)[0]
        if len(self.added):
            out = out + self._new.candidate_counts(lanes, a, b, classes)[0]
        return out

    def listing(self, lane: int, a: int, b: int, classes=None) -> Marks:
        return self.listing_lanes(np.array([lane]), a, b, classes)

    def listing_lanes(self, lanes, a: int, b: int, classes=None) -> Marks:
        """The matching marks of ``lanes`` overlapping key days [a, b), sorted by (id, lane)."""
        base = self.base.listing_lanes(lanes, a, b, classes)
        if len(self.removed) and len(base):
            base = base.without(self.removed)
        if not len(self.added):
            return base
        return Marks.concat([base, self._new.listing_lanes(lanes, a, b, classes)])

    def nbytes(self) -> int:
        return self.base.nbytes() + self._gone.nbytes() + self._new.nbytes()
