"""The timeline's notes and read-outs: marks outside the view, the empty hint, counts for tests.

A mixin of :class:`curator.ui.timeline.view.TimelineView` (it uses the view's state).
"""

from __future__ import annotations

from typing import Optional

import pyqtgraph as pg
from PySide6.QtCore import QPointF

from curator.ui.timeline.header import TimelineHeader

EMPTY_HINT = "No dated events yet — select a passage and press Ctrl+E"
FILTERED_HINT = "No dated event matches the filter"


class TimelineNotesMixin:
    # ---------------------------------------------------------------- notes

    def _announce_outside(self, changed: dict[int, bool]) -> None:
        """Changed marks (id -> is new) outside the visible range: pan to the selected one,
        announce the others."""
        x0, x1 = self._vb.viewRange()[0]
        outside = dict(self._outside) if self._header.outside_text() else {}
        for event_id, is_new in changed.items():
            pos = self._index.get(event_id)
            if pos is None or (self._data.end[pos] > x0 and self._data.start[pos] < x1):
                outside.pop(event_id, None)
            elif event_id == self._selected:
                self.select_event(event_id, center=True)
            else:
                outside[event_id] = is_new or outside.get(event_id, False)
        self._set_outside(outside)

    def _set_outside(self, outside: dict[int, bool]) -> None:
        self._outside = outside
        n = len(outside)
        if not n:
            self._header.set_outside("")
            return
        kind = ("new" if all(outside.values()) else "changed" if not any(outside.values())
                else "new or changed")
        self._header.set_outside(f"{n:,} {kind} event{'s' if n != 1 else ''} outside the view —")

    def outside_note(self) -> str:
        """The header's note about new or changed marks outside the view ("" when none)."""
        return self._header.outside_text()

    def show_outside(self) -> None:
        """Pan (and zoom out if need be) to the marks the outside note counts."""
        positions = [self._index[i] for i in self._outside if i in self._index]
        self._set_outside({})
        if not positions:
            return
        start = float(self._data.start[positions].min())
        end = float(self._data.end[positions].max())
        x0, x1 = self._vb.viewRange()[0]
        span = x1 - x0
        if end - start <= span * 0.9:
            mid = (start + end) / 2.0
            self._vb.setXRange(mid - span / 2.0, mid + span / 2.0, padding=0)
        else:
            margin = (end - start) * 0.08
            self._set_x_range(start - margin, end + margin)
        self._scroll_to_row(int(self._lane[positions].min()))

    def _update_note(self) -> None:
        noun = "event" if self._undated == 1 else "events"
        self._header.undated.setText(f"{self._undated:,} undated {noun}" if self._undated else "")

    def undated_note(self) -> str:
        """The corner note counting undated events ("" when there are none)."""
        return self._header.undated.text()

    def _update_hint(self) -> None:
        if len(self._data):
            self._hint.hide()
            return
        filtered = self._filter is not None and any(r.earliest or r.latest for r in self._rows.values())
        self._hint.setText(FILTERED_HINT if filtered else EMPTY_HINT)
        self._place_hint()
        self._hint.show()
        self._hint.raise_()

    def _place_hint(self) -> None:
        self._hint.setGeometry(self._plot.rect().adjusted(20, 10, -20, -36))

    def hint_text(self) -> str:
        """The centred hint shown when there is nothing to draw ("" when marks are drawn)."""
        return self._hint.text() if self._hint.isVisibleTo(self) else ""

    # ---------------------------------------------------------------- introspection

    def event_count_drawn(self) -> int:
        """Number of marks drawn (dots + bars), for tests."""
        return len(self._dots.data) + len(self._fuzzy_dots.data) + self._bars.count()

    def drawn_counts(self) -> dict[str, int]:
        """Marks drawn by kind: {"dots": n, "bars": n, "undated": n}."""
        return {"dots": len(self._dots.data) + len(self._fuzzy_dots.data),
                "bars": self._bars.count(), "undated": self._undated}

    def drawn_event_ids(self) -> set[int]:
        """The events that have a mark."""
        return set(self._index)

    def marks_in_view(self) -> int:
        """How many marks overlap the visible date range (any row)."""
        x0, x1 = self._vb.viewRange()[0]
        return int(((self._data.start < x1) & (self._data.end > x0)).sum())

    def fuzzy_counts(self) -> dict[str, int]:
        """Marks drawn as exact vs approximate/coarse:
        {"exact_dots", "fuzzy_dots", "exact_bars", "fuzzy_bars"}."""
        fuzzy_bars = self._bars.fuzzy_count()
        return {"exact_dots": len(self._dots.data), "fuzzy_dots": len(self._fuzzy_dots.data),
                "exact_bars": self._bars.count() - fuzzy_bars, "fuzzy_bars": fuzzy_bars}

    def legend_entries(self) -> tuple[str, ...]:
        """The kinds of mark the header strip's legend explains."""
        return self._legend.entries()

    def lane_count(self) -> int:
        """Number of rows the marks are packed into."""
        return self._lanes

    def lane_px(self) -> float:
        """Height of one row in pixels."""
        return self._lane_px_now

    def mark_scene_pos(self, event_id: int) -> Optional[QPointF]:
        """Scene position of an event's (first) mark (a dot's centre, a bar's visible middle)."""
        positions = self.mark_scene_positions(event_id)
        return positions[0] if positions else None

    def mark_scene_positions(self, event_id: int) -> list[QPointF]:
        """Scene positions of all an event's marks (one per lane it is in)."""
        out = []
        x0, x1 = self._vb.viewRange()[0]
        for pos in self._marks_of(event_id):
            start, end = float(self._data.start[pos]), float(self._data.end[pos])
            x = (max(start, x0) + min(end, x1)) / 2.0
            out.append(self._vb.mapViewToScene(QPointF(x, float(self._lane[pos]))))
        return out

    def plot_widget(self) -> pg.PlotWidget:
        """The pyqtgraph view (for mapping scene positions to widget pixels)."""
        return self._plot

    def header(self) -> TimelineHeader:
        return self._header

    def visible_x_range(self) -> tuple[float, float]:
        x0, x1 = self._vb.viewRange()[0]
        return float(x0), float(x1)

