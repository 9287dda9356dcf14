"""An in-memory interval index of one document's spans, for drawing only what is visible.

The text view asks, on every repaint, which spans intersect the visible code-point range, and on
every hover or click which spans contain one offset. With 100,000 highlights a linear scan per
paint is too slow, so the spans are kept sorted by start with a running maximum of their ends
(NumPy arrays): the spans that can reach a range are found with two binary searches and a
vectorised filter of the slice between them.

Each span also gets a *depth* for its underline: spans are laid out outermost first and each
takes the lowest level no overlapping span already holds (interval partitioning), so nested and
overlapping highlights get distinct underlines (depth 0 at the baseline, 1 below it, ...). The
depth is computed once for the whole document, so it does not change while scrolling.

Qt-free: offsets are code points, as stored.
"""

from __future__ import annotations

import heapq
from typing import Sequence

import numpy as np

from curator.core.records import SpanInfo


class SpanIndex:
    """The spans of one document, sorted by (start, longest first), queryable by range."""

    def __init__(self, spans: Sequence[SpanInfo] = ()):
        ordered = sorted(spans, key=lambda s: (s.start, -s.end, s.id))
        self.spans: list[SpanInfo] = ordered
        n = len(ordered)
        self.starts = np.fromiter((s.start for s in ordered), dtype=np.int64, count=n)
        self.ends = np.fromiter((s.end for s in ordered), dtype=np.int64, count=n)
        self._reach = np.maximum.accumulate(self.ends) if n else self.ends  # running max of ends
        self.depths = self._depths(self.starts.tolist(), self.ends.tolist())
        self.max_depth = max(self.depths, default=-1)
        self._position = {s.id: i for i, s in enumerate(ordered)}

    @staticmethod
    def _depths(starts: list[int], ends: list[int]) -> list[int]:
        """Lowest free level per span, spans taken in (start, longest first) order."""
        depths = [0] * len(starts)
        busy: list[tuple[int, int]] = []  # (end, level) of spans still open
        free: list[int] = []  # levels freed by spans that ended
        levels = 0
        for i, (start, end) in enumerate(zip(starts, ends)):
            while busy and busy[0][0] <= start:
                heapq.heappush(free, heapq.heappop(busy)[1])
            if free:
                level = heapq.heappop(free)
            else:
                level, levels = levels, levels + 1
            depths[i] = level
            heapq.heappush(busy, (end, level))
        return depths

    def __len__(self) -> int:
        return len(self.spans)

    def overlapping_indices(self, start: int, end: int) -> np.ndarray:
        """Indices (into :attr:`spans`) of the spans with ``span.start < end`` and
        ``span.end > start``, in index order."""
        if not len(self.spans) or end <= start:
            return np.empty(0, dtype=np.int64)
        hi = int(np.searchsorted(self.starts, end, side="left"))  # spans starting before ``end``
        lo = int(np.searchsorted(self._reach, start, side="right"))  # none before lo reaches past ``start``
        if lo >= hi:
            return np.empty(0, dtype=np.int64)
        hits = np.nonzero(self.ends[lo:hi] > start)[0]
        return hits + lo

    def overlapping(self, start: int, end: int) -> list[SpanInfo]:
        return [self.spans[i] for i in self.overlapping_indices(start, end)]

    def at(self, offset: int) -> list[SpanInfo]:
        """The spans containing code point ``offset`` (``start <= offset < end``), outermost first."""
        return self.overlapping(offset, offset + 1)

    def depth_of(self, span_id: int) -> int:
        return self.depths[self._position[span_id]]
