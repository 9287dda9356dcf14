"""An in-memory interval index of one document's spans, for drawing only what is visible.

The text view asks, on every repaint, which spans intersect the visible code-point range, and on
every hover or click which spans contain one offset. With 100,000 highlights a linear scan per
paint is too slow, so the spans are kept sorted by start with a running maximum of their ends
(NumPy arrays): the spans that can reach a range are found with two binary searches and a
vectorised filter of the slice between them.

Each span also gets a *depth* for its underline: with the spans ordered by start, longest first,
a span's depth is the number of spans before it that are still open where it starts (0 for a span
inside no other, 1 for one nested in or overlapping one, ...), so nested and overlapping
highlights get distinct underlines (depth 0 at the baseline, 1 below it, ...). It is computed
once for the whole document (vectorised), so it does not change while scrolling.

Qt-free: offsets are code points, as stored.
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from curator.core.records import SpanColumns, SpanInfo

NO_TAG = -1


class SpanIndex:
    """The live spans of one document, sorted by (start, longest first), queryable by range.

    Only *drawn* spans (a label, or evidence of a live event) are returned by the range queries
    and get a depth; :meth:`exact` sees every span. Per span (index ``i`` in sorted order):
    ``ids[i]``, ``starts[i]``, ``ends[i]``, ``tag_ids[i]`` (``NO_TAG`` for none), ``depths[i]``,
    and :meth:`event_ids` ``(i)``."""

    def __init__(self, columns: Optional[SpanColumns] = None):
        columns = columns or SpanColumns([], [], [], [], [])
        n = len(columns.ids)
        ids = np.array(columns.ids, dtype=np.int64)
        starts = np.array(columns.starts, dtype=np.int64)
        ends = np.array(columns.ends, dtype=np.int64)
        tag_ids = np.array([NO_TAG if t is None else t for t in columns.tag_ids], dtype=np.int64)
        self.events: dict[int, tuple[int, ...]] = {}
        for span_id, event_id in columns.evidence:
            self.events[span_id] = self.events.get(span_id, ()) + (event_id,)
        drawn = tag_ids != NO_TAG
        if self.events:
            drawn |= np.isin(ids, np.fromiter(self.events, dtype=np.int64, count=len(self.events)))
        # drawn spans first, each group by start, then longest first
        order = np.lexsort((-ends, starts, ~drawn)) if n else np.empty(0, dtype=np.int64)
        self.drawn_count = int(drawn.sum())
        self.ids, self.starts, self.ends = ids[order], starts[order], ends[order]
        self.tag_ids = tag_ids[order]
        self._all_by_start = np.argsort(self.starts, kind="stable")  # every span, for exact()
        self._all_starts = self.starts[self._all_by_start]
        k = self.drawn_count
        d_starts, d_ends = self.starts[:k], self.ends[:k]
        self._reach = np.maximum.accumulate(d_ends) if k else d_ends  # running max of ends
        # depth: how many drawn spans earlier in this order are still open where this one
        # starts. Every span ending at or before ``start`` comes earlier (it starts before it
        # ends), so that count is a binary search in the sorted ends.
        depths = np.arange(k, dtype=np.int64) - np.searchsorted(np.sort(d_ends), d_starts, side="right")
        self.depths: list[int] = depths.tolist()
        self.max_depth = int(depths.max()) if k else -1
        self._id_list: list[int] = self.ids.tolist()
        self._tag_list: list[int] = self.tag_ids.tolist()

    @classmethod
    def from_spans(cls, spans: Sequence[SpanInfo]) -> "SpanIndex":
        """An index of SpanInfo records (as :meth:`Project.spans` gives them)."""
        return cls(SpanColumns([s.id for s in spans], [s.start for s in spans], [s.end for s in spans],
                               [s.tag_id for s in spans],
                               [(s.id, e) for s in spans for e in s.event_ids]))

    def __len__(self) -> int:
        """The number of drawn spans."""
        return self.drawn_count

    def span_id(self, i: int) -> int:
        return self._id_list[i]

    def tag_id(self, i: int) -> Optional[int]:
        tag = self._tag_list[i]
        return None if tag == NO_TAG else tag

    def event_ids(self, i: int) -> tuple[int, ...]:
        return self.events.get(self._id_list[i], ())

    def overlapping_indices(self, start: int, end: int) -> np.ndarray:
        """Indices of the drawn spans with ``span.start < end`` and ``span.end > start``, in
        index order (by start, outermost first)."""
        k = self.drawn_count
        if not k or end <= start:
            return np.empty(0, dtype=np.int64)
        hi = int(np.searchsorted(self.starts[:k], end, side="left"))  # spans starting before ``end``
        lo = int(np.searchsorted(self._reach, start, side="right"))  # none before lo reaches past ``start``
        if lo >= hi:
            return np.empty(0, dtype=np.int64)
        return np.nonzero(self.ends[lo:hi] > start)[0] + lo

    def at(self, offset: int) -> list[int]:
        """Indices of the drawn spans containing code point ``offset``, outermost first."""
        return self.overlapping_indices(offset, offset + 1).tolist()

    def exact(self, start: int, end: int) -> list[int]:
        """Ids of every live span (drawn or not) over exactly ``start..end``, labelled first."""
        order = self._all_by_start
        lo = int(np.searchsorted(self._all_starts, start, side="left"))
        hi = int(np.searchsorted(self._all_starts, start, side="right"))
        hits = [int(i) for i in order[lo:hi] if self.ends[i] == end]
        hits.sort(key=lambda i: self._tag_list[i] == NO_TAG)
        return [self._id_list[i] for i in hits]

    def spans_of_event(self, event_id: int) -> list[int]:
        """Ids of the spans that are evidence of ``event_id``, in text order."""
        wanted = {span_id for span_id, events in self.events.items() if event_id in events}
        return [span_id for span_id in self._id_list[:self.drawn_count] if span_id in wanted]

    def index_of(self, span_id: int) -> Optional[int]:
        try:
            return self._id_list.index(span_id)
        except ValueError:
            return None
