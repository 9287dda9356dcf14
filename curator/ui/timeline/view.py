"""The timeline pane: every dated event as a mark on a zoomable date axis.

Single-day events are diamonds centred on their day; longer intervals are bars from the start of
their earliest day to the end of their latest; an open end (``../1899``, ``1945/..``) runs on to
the edge of the view and ends in an arrowhead there. Exact dates are solid; approximate, uncertain or
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

from typing import Iterable, Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollBar, QVBoxLayout, QWidget

from curator.core.records import EventRow
from curator.ui.timeline import items as look
from curator.ui.timeline.header import TimelineHeader
from curator.ui.timeline.items import TimelineBars
from curator.ui.timeline.lane_items import LaneBands, LaneGutter
from curator.ui.timeline.layout import (
    DAY, LaneGroup, TimelineData, choose_spacing, free_lane, group_marks, next_start_in_lane,
    occupied_ends, pack_groups, pack_lanes, rows_to_data,
)
from curator.ui.timeline.view_lanes import MAX_LANE_PX, LaneSource, TimelineLanesMixin
from curator.ui.timeline.view_notes import TimelineNotesMixin
from curator.ui.timeline.view_titles import LABEL_LIMIT, TimelineTitlesMixin

YEAR = 365.2425 * DAY
MIN_X_RANGE = 6 * 3600.0  # a quarter of a day
MAX_X_RANGE = 600 * YEAR  # the widest zoom, unless the events span more (zoom to fit shows all)
X_LIMITS = (-62135596800.0, 253370764800.0)  # 0001-01-01 .. 9999-01-01, what the axis can label
MAX_LANES_FOR_ROOMY_PACKING = 40
MAX_ROWS_PER_GROUP = 3  # grouped lanes: rows per group before titles lose their room
QUICK_MARKS = 5000  # up to this many marks, a resize packs and titles at once (else shortly after)


class TimelineView(TimelineLanesMixin, TimelineTitlesMixin, TimelineNotesMixin, QWidget):
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

    def set_events(self, rows: list[EventRow], *, only: Optional[Iterable[int]] | str = "keep") -> None:
        """Replace all events (undated ones are counted in the corner note, not drawn).
        ``only`` replaces the filter too (see :meth:`set_filter`); by default it is kept."""
        self._rows = {row.id: row for row in rows}
        if only != "keep":
            self._filter = None if only is None else set(only)
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
            one, _ = rows_to_data([row], self._data.extent())
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
                            d.is_fuzzy[d.is_bar], d.open_start[d.is_bar], d.open_end[d.is_bar])
        self._draw_selection()
        self._update_note()
        self._update_hint()
        self._label_timer.start()

    def _on_resized(self, *_) -> None:
        self._apply_lanes()
        self._place_hint()
        if len(self._data) <= QUICK_MARKS:  # cheap: pack for the new size and title at once
            self._repack_if_resized()
            self._refresh_labels()
        else:
            self._label_timer.start()
            self._repack_timer.start()

    def _on_x_range_changed(self) -> None:
        self._label_timer.start()

    def _draw_selection(self) -> None:
        positions = self._marks_of(self._selected)
        d = self._data
        bars = [p for p in positions if d.is_bar[p]]
        dots = [p for p in positions if not d.is_bar[p]]
        self._sel_bar.set_bars(d.start[bars], d.end[bars], self._lane[bars], None,
                               d.open_start[bars], d.open_end[bars])
        self._sel_dot.setData(x=d.start[dots] + DAY / 2.0, y=self._lane[dots].astype(np.float64))

