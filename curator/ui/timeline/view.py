"""The timeline pane: every dated event as a mark on a zoomable date axis.

Single-day events are diamonds centred on their day; longer intervals are bars from the start of
their earliest day to the end of their latest. Exact dates are solid; approximate, uncertain or
coarse ones (a month, season, year...) are hollow diamonds and pale hatched bars with fading
ends, as the legend in the header strip shows. Marks are packed into rows at least
MIN_LANE_PX tall; when they do not all fit the pane scrolls vertically (scroll bar at the right,
or the wheel over the lane names). The wheel zooms and a drag pans, along x only.

Lanes: the header's "Lanes" control groups the marks by actor, document, label or place (the
keys come from a lane source, the Workspace's ``event_lane_keys``); each group gets a band and its
name in a gutter at the left, and an event with several actors has a mark in each of their
lanes. Events without a key go in a "(none)" lane at the bottom.

All dots are one ScatterPlotItem and all bars one TimelineBars item, so 100,000 events stay
responsive; titles are shown only when few marks are in view. Clicking a mark emits
eventClicked(id).
"""

from __future__ import annotations

from typing import Callable, Iterable, Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollBar, QVBoxLayout, QWidget

from curator.core.records import EventRow
from curator.ui.events.table import date_display
from curator.ui.timeline import items as look
from curator.ui.timeline.header import LANE_MODES, TimelineHeader
from curator.ui.timeline.items import TimelineBars, mark_thickness
from curator.ui.timeline.lane_items import LaneBands, LaneGutter
from curator.ui.timeline.layout import (
    DAY, LaneGroup, TimelineData, choose_spacing, free_lane, group_marks, next_start_in_lane,
    occupied_ends, pack_groups, pack_lanes, rows_to_data,
)

YEAR = 365.2425 * DAY
MIN_X_RANGE = 6 * 3600.0  # a quarter of a day
MAX_X_RANGE = 600 * YEAR  # the widest zoom, unless the events span more (zoom to fit shows all)
X_LIMITS = (-62135596800.0, 253370764800.0)  # 0001-01-01 .. 9999-01-01, what the axis can label
LABEL_LIMIT = 60  # titles are drawn when at most this many marks are in view
MIN_LABEL_LANE_PX = 14.0  # ... and lanes are at least this tall
LABEL_PAD_PX = 6.0  # the text item's own margin around its text
CLICK_TOLERANCE_PX = 8.0
MAX_LANES_FOR_ROOMY_PACKING = 40
MAX_ROWS_PER_GROUP = 3  # grouped lanes: rows per group before titles lose their room
MIN_LANE_PX = 20.0  # a row is never thinner than this: titles stay readable, the pane scrolls
MAX_LANE_PX = 30.0
EMPTY_HINT = "No dated events yet — select a passage and press Ctrl+E"
FILTERED_HINT = "No dated event matches the filter"

LaneSource = Callable[[str], Iterable[tuple[int, str]]]


class TimelineView(QWidget):
    """Zoomable timeline of events (the main window's bottom pane)."""

    eventClicked = Signal(int)
    laneModeChanged = Signal(str)  # the user (or set_lane_mode) chose what lanes group by

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._rows: dict[int, EventRow] = {}  # every event given, filtered or not
        self._filter: Optional[set[int]] = None  # ids drawn (None: all)
        self._lane_by = "none"
        self._lane_source: Optional[LaneSource] = None
        self._groups: list[LaneGroup] = []  # empty unless lanes are grouped
        self._highlight: Optional[int] = None  # index into _groups
        self._highlight_name: Optional[str] = None
        self._data = TimelineData()  # one entry per mark (an event may have several when grouped)
        self._lane = np.zeros(0, np.int64)  # each mark's row
        self._occupied = np.zeros(0)  # where each mark stops occupying its row (packing)
        self._next_start = np.zeros(0)
        self._index: dict[int, int] = {}  # event id -> its first mark
        self._marks: dict[int, list[int]] = {}  # event id -> all its marks (grouped lanes)
        self._spacing = (0.0, 0.0)
        self._packed_for = (0.0, 0)  # (width px, rows that fit) the packing was made for
        self._lanes = 1
        self._lane_px_now = MAX_LANE_PX
        self._undated = 0
        self._selected: Optional[int] = None
        self._dot_size = 0
        self._outside: dict[int, bool] = {}  # marks announced as outside the view: id -> is new

        self._plot = pg.PlotWidget(background=look.BACKGROUND,
                                   axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self._plot.setAntialiasing(True)
        self._plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        item = self._plot.getPlotItem()
        item.hideAxis("left")
        item.hideButtons()
        item.setMenuEnabled(False)
        item.showGrid(x=True, y=False, alpha=look.GRID_ALPHA)
        axis = item.getAxis("bottom")
        axis.setPen(pg.mkPen(look.AXIS))
        axis.setTextPen(pg.mkPen(look.TEXT))
        self._vb = item.getViewBox()
        self._vb.setMouseEnabled(x=True, y=False)
        self._vb.setMenuEnabled(False)
        self._vb.disableAutoRange()
        self._vb.invertY(True)  # lane 0 at the top
        self._vb.setLimits(xMin=X_LIMITS[0], xMax=X_LIMITS[1], minXRange=MIN_X_RANGE,
                           maxXRange=MAX_X_RANGE)

        self._band_item = LaneBands()
        self._band_item.setZValue(-5)
        self._vb.addItem(self._band_item, ignoreBounds=True)
        self._bars = TimelineBars()
        self._dots = pg.ScatterPlotItem(pxMode=True, symbol="d", size=9, hoverable=False,
                                        pen=pg.mkPen(look.DOT_OUTLINE, width=1),
                                        brush=pg.mkBrush(look.DOT_FILL))
        self._fuzzy_dots = pg.ScatterPlotItem(pxMode=True, symbol="d", size=9, hoverable=False,
                                              pen=pg.mkPen(look.DOT_FILL, width=1.5),
                                              brush=pg.mkBrush(look.FUZZY_DOT_FILL))
        self._sel_bar = TimelineBars(look.SELECTED_FILL, look.SELECTED_OUTLINE, largest=14.0)
        self._sel_dot = pg.ScatterPlotItem(pxMode=True, symbol="d", size=14, hoverable=False,
                                           pen=pg.mkPen(look.SELECTED_OUTLINE, width=1.5),
                                           brush=pg.mkBrush(look.SELECTED_FILL))
        for z, graphic in enumerate((self._bars, self._dots, self._fuzzy_dots, self._sel_bar,
                                     self._sel_dot)):
            graphic.setZValue(z + 1)
            graphic.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self._vb.addItem(graphic, ignoreBounds=True)

        self._font = QFont(self.font())
        self._font.setPointSizeF(max(7.5, self._font.pointSizeF() * 0.9))
        self._metrics = QFontMetrics(self._font)
        self._labels: list[pg.TextItem] = []
        self._label_boxes: list[tuple[float, float, float, float]] = []

        self._header = TimelineHeader()
        self._legend = self._header.legend
        self._header.laneModeChanged.connect(self._on_lane_mode_chosen)
        self._header.showOutsideClicked.connect(self.show_outside)
        self._scroll = QScrollBar(Qt.Orientation.Vertical)
        self._scroll.valueChanged.connect(lambda *_: self._apply_y())
        self._gutter = LaneGutter(self._view_y_to_gutter, self._gutter_span, self._scroll)
        self._gutter.hide()
        self._hint = QLabel(self._plot)
        self._hint.setObjectName("timelineHint")
        self._hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._hint.setWordWrap(True)
        self._hint.setStyleSheet("QLabel { color: #52606d; font-size: 13px; }")
        self._hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self._hint.hide()

        self._label_timer = QTimer(self)
        self._label_timer.setSingleShot(True)
        self._label_timer.setInterval(40)
        self._label_timer.timeout.connect(self._refresh_labels)
        self._repack_timer = QTimer(self)  # after a resize: pack again for the new size
        self._repack_timer.setSingleShot(True)
        self._repack_timer.setInterval(120)
        self._repack_timer.timeout.connect(self._repack_if_resized)
        self._vb.sigXRangeChanged.connect(lambda *_: self._on_x_range_changed())
        self._vb.sigYRangeChanged.connect(lambda *_: self._gutter.update())
        self._vb.sigResized.connect(self._on_resized)
        self._plot.scene().sigMouseClicked.connect(self._on_scene_click)
        self._plot.scene().sigMouseMoved.connect(self._on_mouse_moved)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self._gutter)
        body.addWidget(self._plot, 1)
        body.addWidget(self._scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header)
        layout.addLayout(body, 1)
        self._apply_lanes()
        self._reset_x_range()
        self._update_hint()

    # ---------------------------------------------------------------- public API: events

    def set_events(self, rows: list[EventRow]) -> None:
        """Replace all events (undated ones are counted in the corner note, not drawn)."""
        self._rows = {row.id: row for row in rows}
        if self._selected is not None and self._selected not in self._rows:
            self._selected = None
        self._set_outside({})
        self._layout()
        self.zoom_to_fit()

    def update_event(self, row: EventRow) -> None:
        """One event changed or was added: it keeps its lane when it still fits there."""
        self.update_events([row])

    def update_events(self, rows: list[EventRow]) -> None:
        """Events changed or were added (each keeps its row when it still fits); drawn once.

        A changed mark outside the visible range is brought into view when it is the selected
        event, and announced in the header ("1 new event outside the view — Show") otherwise."""
        rows = list(rows)
        if not rows:
            return
        had_marks = len(self._data) > 0
        new = {r.id: r.id not in self._rows for r in rows}
        if self._grouped():
            self._rows.update((r.id, r) for r in rows)
            self._layout()
        else:
            self._update_packed(rows)
        if not had_marks and len(self._data):
            self.zoom_to_fit()
        else:
            self._announce_outside(new)

    def _update_packed(self, rows: list[EventRow]) -> None:
        positions = [self._index[r.id] for r in rows if r.id in self._index]
        prefer = {int(self._data.ids[pos]): int(self._lane[pos]) for pos in positions}
        dots_changed = bool(positions) and not bool(self._data.is_bar[positions].all())
        self._drop(positions)
        for row in rows:
            self._rows[row.id] = row
            if self._filter is not None and row.id not in self._filter:
                continue
            one, _ = rows_to_data([row])
            if not len(one):
                continue
            occupied = occupied_ends(one.start, one.end, *self._spacing)
            lane = free_lane(self._data.start, self._occupied, self._lane, float(one.start[0]),
                             float(occupied[0]), prefer.get(row.id))
            self._data = self._data.extended(one)
            self._occupied = np.append(self._occupied, occupied)
            self._lane = np.append(self._lane, lane)
            dots_changed = dots_changed or not one.is_bar[0]
        self._count_undated()
        self._redraw(dots_changed)

    def remove_event(self, event_id: int) -> None:
        """Forget one event (unknown ids are ignored)."""
        self.remove_events([event_id])

    def remove_events(self, event_ids: list[int]) -> None:
        """Forget events (unknown ids are ignored); drawn once."""
        gone = [i for i in event_ids if self._rows.pop(i, None) is not None]
        if not gone:
            return
        if self._selected in gone:
            self._selected = None
        self._set_outside({i: n for i, n in self._outside.items() if i not in gone})
        if self._grouped():
            self._layout()
            return
        positions = [self._index[i] for i in gone if i in self._index]
        dots_changed = bool(positions) and not bool(self._data.is_bar[positions].all())
        self._drop(positions)
        self._count_undated()
        self._redraw(dots_changed)

    def set_filter(self, event_ids: Optional[Iterable[int]]) -> None:
        """Draw only these events (None: all), as the event table's filter shows them."""
        wanted = None if event_ids is None else set(event_ids)
        if wanted == self._filter:
            return
        self._filter = wanted
        self._layout()
        x0, x1 = self._vb.viewRange()[0]
        if len(self._data) and not ((self._data.start < x1) & (self._data.end > x0)).any():
            self.zoom_to_fit()  # nothing left in view: show what the filter kept

    def filtered_ids(self) -> Optional[set[int]]:
        return None if self._filter is None else set(self._filter)

    def select_event(self, event_id: Optional[int], center: bool = True) -> None:
        """Highlight one event (None clears) and pan so that it is in view.

        With center=True an event not wholly in view is centred; with center=False the view moves
        only as far as needed. An event already in view never moves the view. An event longer
        than the view zooms out to show all of it. Its row is scrolled into view.
        """
        self._selected = event_id if event_id in self._rows else None
        self._draw_selection()
        pos = self._index.get(event_id) if event_id is not None else None
        if pos is None:
            return
        if event_id in self._outside:
            self._set_outside({i: n for i, n in self._outside.items() if i != event_id})
        self._scroll_to_row(int(self._lane[pos]))
        start, end = float(self._data.start[pos]), float(self._data.end[pos])
        x0, x1 = self._vb.viewRange()[0]
        if start >= x0 and end <= x1:
            return
        span = x1 - x0
        if end - start > span * 0.9:
            margin = (end - start) * 0.1
            self._set_x_range(start - margin, end + margin)
        elif center:
            mid = (start + end) / 2.0
            self._vb.setXRange(mid - span / 2.0, mid + span / 2.0, padding=0)
        elif start < x0:
            self._vb.setXRange(start - span * 0.05, start + span * 0.95, padding=0)
        else:
            self._vb.setXRange(end - span * 0.95, end + span * 0.05, padding=0)

    def selected_event(self) -> Optional[int]:
        """The highlighted event's id, or None."""
        return self._selected

    def zoom_to_fit(self) -> None:
        """Show every mark, with a small margin (wider than the usual zoom limit if need be)."""
        if not len(self._data):
            self._reset_x_range()
            return
        x0, x1 = float(self._data.start.min()), float(self._data.end.max())
        span = max(x1 - x0, 30 * DAY)
        mid = (x0 + x1) / 2.0
        # Few events get their titles drawn: leave room on the right for the last ones.
        right = 0.16 if len(self._data) <= LABEL_LIMIT else 0.03
        self._set_x_range(mid - span * 0.53, mid + span * (0.5 + right))
        self._set_outside({})

    def _set_x_range(self, x0: float, x1: float) -> None:
        """Show [x0, x1], widening the zoom limit when it is more than MAX_X_RANGE."""
        self._vb.setLimits(maxXRange=max(MAX_X_RANGE, (x1 - x0) * 1.001))
        self._vb.setXRange(max(x0, X_LIMITS[0]), min(x1, X_LIMITS[1]), padding=0)

    def _reset_x_range(self) -> None:
        """No marks: the year around today, at the usual zoom limits."""
        self._vb.setLimits(maxXRange=MAX_X_RANGE)
        now = float(np.datetime64("today", "D").astype(np.int64)) * DAY
        self._vb.setXRange(now - 0.5 * YEAR, now + 0.5 * YEAR, padding=0)

    # ---------------------------------------------------------------- public API: lanes

    def set_lane_source(self, source: Optional[LaneSource]) -> None:
        """Where lane keys come from: ``source(by)`` gives (event id, lane name) pairs."""
        self._lane_source = source
        if self._grouped():
            self._layout()

    def set_lane_mode(self, by: str) -> None:
        """Group lanes by "none", "actor", "document", "label" or "place" (as the header's
        control does; unknown values mean "none")."""
        self._header.lanes.setCurrentText(by if by in LANE_MODES else "none")

    def lane_mode(self) -> str:
        return self._lane_by

    def refresh_lanes(self) -> None:
        """Read the lane keys again (actors, documents, labels or places changed)."""
        if self._grouped():
            self._layout()

    def lane_names(self) -> list[str]:
        """The lanes' names, top to bottom ([] when lanes are not grouped)."""
        return [g.name for g in self._groups]

    def lane_mark_counts(self) -> dict[str, int]:
        """Marks drawn in each lane."""
        return {g.name: g.marks for g in self._groups}

    def lane_of_row(self, row: int) -> Optional[str]:
        return next((g.name for g in self._groups if g.first <= row < g.first + g.rows), None)

    def drawn_lane_names(self) -> list[str]:
        """The names the gutter shows now (lanes scrolled into view), for tests."""
        return [name for name, _ in self._gutter.name_rects()] if self._gutter.isVisible() else []

    def highlight_lane(self, name: Optional[str]) -> bool:
        """Mark one lane (stronger band, bold name) and scroll it into view; None clears. Names
        match case-insensitively; returns whether such a lane is shown."""
        self._highlight_name = name
        self._highlight = self._find_group(name)
        self._band_item.set_groups(self._groups, self._highlight)
        self._gutter.set_groups(self._groups, self._highlight)
        if self._highlight is not None:
            group = self._groups[self._highlight]
            self._scroll_to_row(group.first, group.first + group.rows - 1)
        return self._highlight is not None

    def highlighted_lane(self) -> Optional[str]:
        return self._groups[self._highlight].name if self._highlight is not None else None

    def _find_group(self, name: Optional[str]) -> Optional[int]:
        if not name:
            return None
        folded = name.casefold()
        return next((k for k, g in enumerate(self._groups) if g.name.casefold() == folded), None)

    def _grouped(self) -> bool:
        return self._lane_by != "none"

    def _on_lane_mode_chosen(self, by: str) -> None:
        if by == self._lane_by:
            return
        self._lane_by = by
        self._layout()
        self.laneModeChanged.emit(by)

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
        filtered = self._filter is not None and any(r.earliest for r in self._rows.values())
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

    # ---------------------------------------------------------------- layout and drawing

    def _marks_of(self, event_id: Optional[int]) -> list[int]:
        if event_id is None:
            return []
        if self._grouped():
            return self._marks.get(event_id, [])
        pos = self._index.get(event_id)
        return [] if pos is None else [pos]

    def _pack_inputs(self) -> tuple[float, int]:
        """(width in px, rows that fit) to pack for."""
        width = float(max(self._vb.width(), self._plot.width(), 400))
        return width, int(max(self._vb.height(), 150) // 22)

    def _layout(self) -> None:
        """Pack every mark again (events, filter, lane grouping or size changed)."""
        rows = [r for r in self._rows.values() if self._filter is None or r.id in self._filter]
        data, _ = rows_to_data(rows)
        width, fit = self._packed_for = self._pack_inputs()
        if self._grouped():
            keys: dict[int, list[str]] = {}
            for event_id, name in (self._lane_source(self._lane_by) if self._lane_source else ()):
                keys.setdefault(event_id, []).append(name)
            data, group, names = group_marks(data, keys)
            self._lane, self._occupied, self._groups = pack_groups(
                data.start, data.end, group, names, width, MAX_ROWS_PER_GROUP)
            self._spacing = (0.0, 0.0)
        else:
            self._spacing = choose_spacing(data.start, data.end, width,
                                           min(MAX_LANES_FOR_ROOMY_PACKING, max(4, fit)))
            self._occupied = occupied_ends(data.start, data.end, *self._spacing)
            self._lane = pack_lanes(data.start, self._occupied)
            self._groups = []
        self._data = data
        self._highlight = self._find_group(self._highlight_name)
        self._count_undated()
        self._redraw()

    def _count_undated(self) -> None:
        shown = sum(1 for i in self._rows if self._filter is None or i in self._filter)
        self._undated = shown - len(set(self._data.ids.tolist()))

    def _repack_if_resized(self) -> None:
        width, fit = self._pack_inputs()
        old_width, old_fit = self._packed_for
        if len(self._data) and (fit != old_fit or abs(width - old_width) > 0.2 * old_width):
            self._layout()

    def _drop(self, positions: list[int]) -> None:
        if not positions:
            return
        keep = np.ones(len(self._data), bool)
        keep[positions] = False
        self._data = self._data.take(keep)
        self._occupied = self._occupied[keep]
        self._lane = self._lane[keep]

    def _redraw(self, dots_changed: bool = True) -> None:
        d = self._data
        ids = d.ids.tolist()
        self._index = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1)))  # first mark wins
        self._marks = {}
        if self._grouped():
            for pos, event_id in enumerate(ids):
                self._marks.setdefault(event_id, []).append(pos)
        self._next_start = next_start_in_lane(d.start, self._lane)
        if self._groups:
            self._lanes = self._groups[-1].first + self._groups[-1].rows
        else:
            self._lanes = int(self._lane.max()) + 1 if len(d) else 1
        self._band_item.set_groups(self._groups, self._highlight)
        self._gutter.set_groups(self._groups, self._highlight)
        self._gutter.setVisible(self._grouped())
        self._apply_lanes(resize_dots=not dots_changed)
        if dots_changed:  # the costly part at 100,000 events: pyqtgraph styles every point
            for item, dots in ((self._dots, ~d.is_bar & ~d.is_fuzzy),
                               (self._fuzzy_dots, ~d.is_bar & d.is_fuzzy)):
                item.setData(x=d.start[dots] + DAY / 2.0, y=self._lane[dots].astype(np.float64),
                             size=self._dot_size)
        self._bars.set_bars(d.start[d.is_bar], d.end[d.is_bar], self._lane[d.is_bar],
                            d.is_fuzzy[d.is_bar])
        self._draw_selection()
        self._update_note()
        self._update_hint()
        self._label_timer.start()

    def _apply_lanes(self, resize_dots: bool = True) -> None:
        """Row height from the pane's height (MIN_LANE_PX..MAX_LANE_PX); a scroll bar when the
        rows need more room than the pane has."""
        avail = max(self._vb.height(), 1.0)
        rows = float(self._lanes)
        lane_px = min(MAX_LANE_PX, max(MIN_LANE_PX, avail / (rows + 0.5)))
        self._lane_px_now = lane_px
        units = avail / lane_px
        content = max(rows + 0.5, units)
        self._vb.setLimits(yMin=-0.75, yMax=content - 0.75)
        extra = int(round((content - units) * lane_px))
        self._scroll.blockSignals(True)
        self._scroll.setRange(0, extra)
        self._scroll.setPageStep(max(1, int(avail)))
        self._scroll.setSingleStep(max(1, int(lane_px)))
        self._scroll.blockSignals(False)
        self._scroll.setVisible(extra > 0)
        self._apply_y()
        size = round(mark_thickness(lane_px) + 1.0)
        if size != self._dot_size:
            self._dot_size = size
            if resize_dots:
                self._dots.setSize(size)
                self._fuzzy_dots.setSize(size)
            self._sel_dot.setSize(size + 5)

    def _apply_y(self) -> None:
        top = -0.75 + self._scroll.value() / self._lane_px_now
        self._vb.setYRange(top, top + max(self._vb.height(), 1.0) / self._lane_px_now, padding=0)
        self._gutter.update()
        self._label_timer.start()

    def _scroll_to_row(self, first: int, last: Optional[int] = None) -> None:
        """Scroll vertically so that rows first..last are in view (as much as fits)."""
        if not self._scroll.isVisibleTo(self):
            return
        last = first if last is None else last
        top, bottom = self._vb.viewRange()[1]
        if first - 0.5 >= top and last + 0.5 <= bottom:
            return
        self._scroll.setValue(int(round((first - 0.5 + 0.75) * self._lane_px_now)) - 2)

    def _lane_px(self) -> float:
        return self._lane_px_now

    def _plot_to_gutter_dy(self) -> float:
        return float(self._plot.viewport().mapTo(self, pg.QtCore.QPoint(0, 0)).y()
                     - self._gutter.mapTo(self, pg.QtCore.QPoint(0, 0)).y())

    def _view_y_to_gutter(self, y: float) -> float:
        return self._vb.mapViewToScene(QPointF(0.0, y)).y() + self._plot_to_gutter_dy()

    def _gutter_span(self) -> tuple[float, float]:
        rect = self._vb.sceneBoundingRect()
        dy = self._plot_to_gutter_dy()
        return rect.top() + dy, rect.bottom() + dy

    def _on_resized(self, *_) -> None:
        self._apply_lanes()
        self._place_hint()
        self._label_timer.start()
        if len(self._data):
            self._repack_timer.start()

    def _on_x_range_changed(self) -> None:
        self._label_timer.start()

    def _draw_selection(self) -> None:
        positions = self._marks_of(self._selected)
        d = self._data
        bars = [p for p in positions if d.is_bar[p]]
        dots = [p for p in positions if not d.is_bar[p]]
        self._sel_bar.set_bars(d.start[bars], d.end[bars], self._lane[bars])
        self._sel_dot.setData(x=d.start[dots] + DAY / 2.0, y=self._lane[dots].astype(np.float64))

    # ---------------------------------------------------------------- titles

    def _refresh_labels(self) -> None:
        """Show titles beside the marks in view when there are few enough of them.

        A title starts just after its mark (after a bar's visible end; inside a bar that runs
        past the right edge), is elided to the room before the next mark in its lane and the
        view's edge, and is dropped when its text box would cross one already placed: titles
        never draw over each other, however dense the marks (lanes thinner than the text)."""
        d = self._data
        x0, x1 = self._vb.viewRange()[0]
        y0, y1 = self._vb.viewRange()[1]
        if len(d):
            visible = np.flatnonzero((d.start < x1) & (d.end > x0)
                                     & (self._lane > y0) & (self._lane < y1))
        else:
            visible = np.zeros(0, int)
        lane_px = self._lane_px()
        self._label_boxes = []
        if 0 < len(visible) <= LABEL_LIMIT and lane_px >= MIN_LABEL_LANE_PX:
            px = self._vb.viewPixelSize()[0] or 1.0
            text_h = float(self._metrics.height())
            half_dot = (self._dot_size / 2.0 + 4.0) * px
            order = sorted(visible.tolist(), key=lambda p: (float(d.start[p]), int(self._lane[p])))
            for pos in order:
                if d.is_bar[pos]:
                    end = float(d.end[pos])
                    x = (max(float(d.start[pos]), x0) + 4.0 * px if end >= x1
                         else end + 4.0 * px)
                else:
                    x = float(d.start[pos]) + DAY / 2.0 + half_dot
                room = (min(float(self._next_start[pos]), x1) - x) / px - LABEL_PAD_PX
                if room < 24:
                    continue
                text = self._metrics.elidedText(d.titles[pos], Qt.TextElideMode.ElideRight,
                                                int(room))
                if not text or text == "…":
                    continue
                left = (x - x0) / px
                centre = float(self._lane[pos]) * lane_px
                box = (left, centre - text_h / 2.0,
                       left + self._metrics.horizontalAdvance(text) + LABEL_PAD_PX,
                       centre + text_h / 2.0)
                if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                       for b in self._label_boxes):
                    continue
                self._label_boxes.append(box)
                label = self._label(len(self._label_boxes) - 1)
                label.setText(text)
                label.setPos(x, float(self._lane[pos]))
                label.show()
        for label in self._labels[len(self._label_boxes):]:
            label.hide()

    def label_boxes(self) -> list[tuple[float, float, float, float]]:
        """Pixel boxes (left, top, right, bottom) of the titles drawn, for tests."""
        return list(self._label_boxes)

    def _label(self, n: int) -> pg.TextItem:
        while len(self._labels) <= n:
            label = pg.TextItem(color=look.TEXT, anchor=(0.0, 0.5))
            label.setFont(self._font)
            label.setZValue(10)
            label.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self._vb.addItem(label, ignoreBounds=True)
            self._labels.append(label)
        return self._labels[n]

    def labels_shown(self) -> list[str]:
        """Texts of the title labels currently drawn (for tests)."""
        return [label.toPlainText() for label in self._labels if label.isVisible()]

    # ---------------------------------------------------------------- clicks and hover

    def _on_scene_click(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or ev.double():
            return
        if not self._vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        point = self._vb.mapSceneToView(ev.scenePos())
        event_id = self.event_at(point.x(), point.y())
        if event_id is None:
            return
        self._selected = event_id
        self._draw_selection()
        self.eventClicked.emit(event_id)

    def _on_mouse_moved(self, scene_pos) -> None:
        """Tooltip: the hovered mark's title, date and place."""
        event_id = None
        if self._vb.sceneBoundingRect().contains(scene_pos):
            point = self._vb.mapSceneToView(scene_pos)
            event_id = self.event_at(point.x(), point.y())
        self._plot.setToolTip(self.describe(event_id) if event_id is not None else "")

    def describe(self, event_id: int) -> str:
        """One event's tooltip text: title, then its date as the table's Date column shows it
        ("July 2016", "18 January 2014") and its place."""
        row = self._rows.get(event_id)
        if row is None:
            return ""
        details = " · ".join(part for part in (date_display(row), row.location) if part)
        return f"{row.title or '(untitled)'}\n{details}" if details else (row.title or "(untitled)")

    def event_at(self, x: float, y: float) -> Optional[int]:
        """The event whose mark is nearest to view point (x, y) in the row under it, if close."""
        d = self._data
        lane = int(round(y))
        if not len(d) or abs(y - lane) > 0.5:
            return None
        in_lane = np.flatnonzero(self._lane == lane)
        if not len(in_lane):
            return None
        start, end = d.start[in_lane], d.end[in_lane]
        centre = start + DAY / 2.0
        bar = d.is_bar[in_lane]
        inside = (x >= start) & (x <= end)
        dist = np.where(bar, np.where(inside, 0.0, np.minimum(abs(x - start), abs(x - end))),
                        abs(x - centre))
        best = int(np.argmin(dist))
        px = self._vb.viewPixelSize()[0] or 1.0
        if dist[best] > max(CLICK_TOLERANCE_PX, self._dot_size / 2.0 + 2) * px:
            return None
        return int(d.ids[in_lane[best]])
