"""The timeline's notes and read-outs: marks outside the view, the empty hint, counts for tests.

A mixin of :class:`curator.ui.timeline.view.TimelineView` (it uses the view's state).
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF

from curator.core.timeline_columns import FUZZY, OPEN_END, OPEN_START
from curator.ui.timeline.header import TimelineHeader
from curator.ui.timeline.layout import DAY
from curator.ui.timeline.mark_index import DAY0

EMPTY_HINT = "No dated events yet — select a passage and press Ctrl+E"
FILTERED_HINT = "No dated event matches the filter"
LOADING_HINT = "Reading the events…"


class TimelineNotesMixin:
    # ---------------------------------------------------------------- notes

    def _announce_outside(self, changed: dict[int, bool]) -> None:
        """Changed marks (id -> is new) outside the visible range: pan to the selected one,
        announce the others."""
        x0, x1 = self._vb.viewRange()[0]
        outside = dict(self._outside) if self._header.outside_text() else {}
        for event_id, is_new in changed.items():
            if not self._store.is_shown(event_id):
                outside.pop(event_id, None)
                continue
            start, end = self._event_span(event_id)
            if end > x0 and start < x1:
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
        spans = [self._event_span(i) for i in self._outside if self._store.knows(i)]
        ids = [i for i in self._outside if self._store.knows(i)]
        self._set_outside({})
        if not spans:
            return
        start = min(s for s, _ in spans)
        end = max(e for _, e in spans)
        x0, x1 = self._vb.viewRange()[0]
        span = x1 - x0
        if end - start <= span * 0.9:
            mid = (start + end) / 2.0
            self._vb.setXRange(mid - span / 2.0, mid + span / 2.0, padding=0)
        else:
            margin = (end - start) * 0.08
            self._set_x_range(start - margin, end + margin)
        self._scroll_to_event(ids[0])

    def _update_note(self) -> None:
        undated = self._store.undated_count()
        noun = "event" if undated == 1 else "events"
        self._header.undated.setText(f"{undated:,} undated {noun}" if undated else "")

    def undated_note(self) -> str:
        """The corner note counting undated events ("" when there are none)."""
        return self._header.undated.text()

    def _update_hint(self) -> None:
        store = self._store
        if store.shown_count():
            self._hint.hide()
            return
        if self._loading is not None and not store.dated_count():
            text = LOADING_HINT
        elif store.match_ids is not None and store.dated_count():
            text = FILTERED_HINT
        else:
            text = EMPTY_HINT
        self._hint.setText(text)
        self._place_hint()
        self._hint.show()
        self._hint.raise_()

    def _place_hint(self) -> None:
        self._hint.setGeometry(self._plot.rect().adjusted(20, 10, -20, -36))

    def hint_text(self) -> str:
        """The centred hint shown when there is nothing to draw ("" when marks are drawn)."""
        return self._hint.text() if self._hint.isVisibleTo(self) else ""

    # ---------------------------------------------------------------- introspection

    def _shown_marks(self):
        marks = self._store.marks.current()
        return marks.take(marks.match)

    def event_count_drawn(self) -> int:
        """Marks the timeline shows (as single marks or in its density): every mark of a dated
        event the query shows (one per lane it is in)."""
        return len(self._shown_marks())

    def marks_drawn(self) -> int:
        """Single marks (diamonds and bars) drawn in this frame."""
        return self._dots.count() + self._fuzzy_dots.count() + self._bars.count()

    def lane_modes(self) -> dict[str, str]:
        """What each visible lane shows now: "marks" or "density" (the lane's name; "" ungrouped)."""
        return {p.spec.name: p.mode for p in self._plans}

    def drawn_counts(self) -> dict[str, int]:
        """Marks shown by kind: {"dots": n, "bars": n, "undated": n}."""
        m = self._shown_marks()
        bar = (m.last > m.first) | ((m.flags & (OPEN_START | OPEN_END)) > 0)
        return {"dots": int((~bar).sum()), "bars": int(bar.sum()), "undated": self._store.undated_count()}

    def drawn_event_ids(self) -> set[int]:
        """The events that have a mark."""
        return set(self._shown_marks().ids.tolist())

    def marks_in_view(self) -> int:
        """How many marks the query shows overlap the visible date range (any lane or row)."""
        x0, x1 = self._vb.viewRange()[0]
        a, b = int(np.floor(x0 / DAY)) + DAY0, int(np.ceil(x1 / DAY)) + DAY0
        index = self._store.marks
        lanes = self._store.shown_lanes() if self._store.grouped else [0]
        return int(index.overlap_counts(lanes, a, b).sum()) if lanes else 0

    def fuzzy_counts(self) -> dict[str, int]:
        """Marks shown as exact vs approximate/coarse:
        {"exact_dots", "fuzzy_dots", "exact_bars", "fuzzy_bars"}."""
        m = self._shown_marks()
        bar = (m.last > m.first) | ((m.flags & (OPEN_START | OPEN_END)) > 0)
        fuzzy = (m.flags & FUZZY) > 0
        return {"exact_dots": int((~bar & ~fuzzy).sum()), "fuzzy_dots": int((~bar & fuzzy).sum()),
                "exact_bars": int((bar & ~fuzzy).sum()), "fuzzy_bars": int((bar & fuzzy).sum())}

    def open_count(self) -> int:
        """Marks shown with an open end."""
        return int(((self._shown_marks().flags & (OPEN_START | OPEN_END)) > 0).sum())

    def legend_entries(self) -> tuple[str, ...]:
        """The kinds of mark the header strip's legend explains."""
        return self._legend.entries()

    def lane_count(self) -> int:
        """Number of rows of content."""
        return self._lanes

    def lane_px(self) -> float:
        """Height of one row in pixels."""
        return self._lane_px_now

    def mark_scene_pos(self, event_id: int) -> Optional[QPointF]:
        """Scene position of an event's (first) drawn mark (a dot's centre, a bar's visible middle)."""
        positions = self.mark_scene_positions(event_id)
        return positions[0] if positions else None

    def mark_scene_positions(self, event_id: int) -> list[QPointF]:
        """Scene positions of all an event's drawn marks (one per lane it is in)."""
        d = getattr(self, "_drawn", None)
        if d is None or not len(d):
            return []
        out = []
        x0, x1 = self._vb.viewRange()[0]
        for pos in np.flatnonzero(d.ids == event_id).tolist():
            start = x0 if d.open_start[pos] else float(d.start[pos])
            end = x1 if d.open_end[pos] else float(d.end[pos])
            x = (max(start, x0) + min(end, x1)) / 2.0
            out.append(self._vb.mapViewToScene(QPointF(x, float(d.row[pos]))))
        return out

    def plot_widget(self) -> pg.PlotWidget:
        """The pyqtgraph view (for mapping scene positions to widget pixels)."""
        return self._plot

    def header(self) -> TimelineHeader:
        return self._header

    def frame_widgets(self) -> tuple:
        """The widgets a pan or zoom repaints: the plot, the date axis, the overview strip."""
        return (self._plot, self._axis, self._overview)

    def overview(self):
        """The density overview strip above the plot."""
        return self._overview

    def badge_texts(self) -> list[str]:
        """The "+N" badges drawn (marks that did not fit their lane's rows)."""
        return self._badges.texts()
