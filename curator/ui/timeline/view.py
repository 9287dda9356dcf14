"""The timeline pane: every dated event as a mark on a zoomable date axis.

Single-day events are diamonds centred on their day; longer intervals are bars from the start of
their earliest day to the end of their latest. Exact dates are solid; approximate, uncertain or
coarse ones (a month, season, year...) are hollow diamonds and pale hatched bars with fading
ends, as the legend in the header strip shows. Marks are packed into lanes that fill the pane's
height. The wheel zooms and a drag pans, along x only. All dots are one ScatterPlotItem and all
bars one TimelineBars item, so 100,000 events stay responsive; titles are shown only when few
marks are in view. Clicking a mark emits eventClicked(id).
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from curator.core.records import EventRow
from curator.ui.timeline import items as look
from curator.ui.timeline.items import TimelineBars, mark_thickness
from curator.ui.timeline.layout import (
    DAY, TimelineData, choose_spacing, free_lane, next_start_in_lane, occupied_ends, pack_lanes,
    rows_to_data,
)

YEAR = 365.2425 * DAY
MIN_X_RANGE = 6 * 3600.0  # a quarter of a day
MAX_X_RANGE = 600 * YEAR
X_LIMITS = (-62135596800.0, 253370764800.0)  # 0001-01-01 .. 9999-01-01, what the axis can label
LABEL_LIMIT = 60  # titles are drawn when at most this many marks are in view
MIN_LABEL_LANE_PX = 14.0  # ... and lanes are at least this tall
LABEL_PAD_PX = 6.0  # the text item's own margin around its text
CLICK_TOLERANCE_PX = 8.0
MAX_LANES_FOR_ROOMY_PACKING = 40
MAX_LANE_PX = 30.0


class LaneHighlightStub:
    """Stand-in for ``highlight_lane`` until the timeline's lanes (branch ui-timeline) land; the
    Actors tab calls it for the selected actor. It comes after QWidget among TimelineView's bases,
    so a real implementation in a mixin before QWidget wins over it."""

    def highlight_lane(self, name: Optional[str]) -> None:
        self.highlighted_lane = name


class TimelineView(QWidget, LaneHighlightStub):
    """Zoomable timeline of events (the main window's bottom pane)."""

    eventClicked = Signal(int)

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._rows: dict[int, EventRow] = {}
        self._data = TimelineData()
        self._lane = np.zeros(0, np.int64)
        self._occupied = np.zeros(0)  # where each mark stops occupying its lane (packing)
        self._next_start = np.zeros(0)
        self._index: dict[int, int] = {}
        self._spacing = (0.0, 0.0)
        self._lanes = 1
        self._undated = 0
        self._selected: Optional[int] = None
        self._dot_size = 0

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

        self._legend = look.TimelineLegend()
        self._note = QLabel()
        self._note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = QWidget()
        header.setObjectName("timelineHeader")
        header.setStyleSheet(look.HEADER_STYLE)
        row = QHBoxLayout(header)
        row.setContentsMargins(8, 2, 8, 2)
        row.addWidget(self._legend)
        row.addStretch(1)
        row.addWidget(self._note)

        self._label_timer = QTimer(self)
        self._label_timer.setSingleShot(True)
        self._label_timer.setInterval(40)
        self._label_timer.timeout.connect(self._refresh_labels)
        self._vb.sigXRangeChanged.connect(lambda *_: self._label_timer.start())
        self._vb.sigResized.connect(self._on_resized)
        self._plot.scene().sigMouseClicked.connect(self._on_scene_click)
        self._plot.scene().sigMouseMoved.connect(self._on_mouse_moved)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self._plot, 1)
        self._apply_lanes()
        now = float(np.datetime64("today", "D").astype(np.int64)) * DAY
        self._vb.setXRange(now - 0.5 * YEAR, now + 0.5 * YEAR, padding=0)

    # ---------------------------------------------------------------- public API

    def set_events(self, rows: list[EventRow]) -> None:
        """Replace all events (undated ones are counted in the corner note, not drawn)."""
        self._rows = {row.id: row for row in rows}
        data, undated = rows_to_data(self._rows.values())
        self._data = data
        self._undated = len(undated)
        width = max(self._vb.width(), self._plot.width(), 400)
        lanes_fit = int(max(self._vb.height(), 150) // 22)
        self._spacing = choose_spacing(data.start, data.end, width,
                                       min(MAX_LANES_FOR_ROOMY_PACKING, max(4, lanes_fit)))
        self._occupied = occupied_ends(data.start, data.end, *self._spacing)
        self._lane = pack_lanes(data.start, self._occupied)
        if self._selected is not None and self._selected not in self._rows:
            self._selected = None
        self._redraw()
        self.zoom_to_fit()

    def update_event(self, row: EventRow) -> None:
        """One event changed or was added: it keeps its lane when it still fits there."""
        self.update_events([row])

    def update_events(self, rows: list[EventRow]) -> None:
        """Events changed or were added (each keeps its lane when it still fits); drawn once."""
        rows = list(rows)
        if not rows:
            return
        positions = [self._index[r.id] for r in rows if r.id in self._index]
        prefer = {int(self._data.ids[pos]): int(self._lane[pos]) for pos in positions}
        dots_changed = bool(positions) and not bool(self._data.is_bar[positions].all())
        self._drop(positions)
        for row in rows:
            self._rows[row.id] = row
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
        self._undated = len(self._rows) - len(self._data)
        self._redraw(dots_changed)

    def remove_event(self, event_id: int) -> None:
        """Forget one event (unknown ids are ignored)."""
        self.remove_events([event_id])

    def remove_events(self, event_ids: list[int]) -> None:
        """Forget events (unknown ids are ignored); drawn once."""
        gone = [i for i in event_ids if self._rows.pop(i, None) is not None]
        if not gone:
            return
        positions = [self._index[i] for i in gone if i in self._index]
        dots_changed = bool(positions) and not bool(self._data.is_bar[positions].all())
        self._drop(positions)
        if self._selected in gone:
            self._selected = None
        self._undated = len(self._rows) - len(self._data)
        self._redraw(dots_changed)

    def select_event(self, event_id: Optional[int], center: bool = True) -> None:
        """Highlight one event (None clears) and pan so that it is in view.

        With center=True an event not wholly in view is centred; with center=False the view moves
        only as far as needed. An event already in view never moves the view. An event longer
        than the view zooms out to show all of it.
        """
        self._selected = event_id if event_id in self._rows else None
        self._draw_selection()
        pos = self._index.get(event_id) if event_id is not None else None
        if pos is None:
            return
        start, end = float(self._data.start[pos]), float(self._data.end[pos])
        x0, x1 = self._vb.viewRange()[0]
        if start >= x0 and end <= x1:
            return
        span = x1 - x0
        if end - start > span * 0.9:
            margin = (end - start) * 0.1
            self._vb.setXRange(start - margin, end + margin, padding=0)
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
        """Show every dated event, with a small margin."""
        if not len(self._data):
            return
        x0, x1 = float(self._data.start.min()), float(self._data.end.max())
        span = max(x1 - x0, 30 * DAY)
        mid = (x0 + x1) / 2.0
        # Few events get their titles drawn: leave room on the right for the last ones.
        right = 0.16 if len(self._data) <= LABEL_LIMIT else 0.03
        self._vb.setXRange(mid - span * 0.53, mid + span * (0.5 + right), padding=0)

    def event_count_drawn(self) -> int:
        """Number of marks drawn (dots + bars), for tests."""
        return len(self._dots.data) + self._bars.count()

    def drawn_counts(self) -> dict[str, int]:
        """Marks drawn by kind: {"dots": n, "bars": n, "undated": n}."""
        return {"dots": len(self._dots.data) + len(self._fuzzy_dots.data),
                "bars": self._bars.count(), "undated": self._undated}

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
        """Number of lanes the marks are packed into."""
        return self._lanes

    def mark_scene_pos(self, event_id: int) -> Optional[QPointF]:
        """Scene position of an event's mark (a dot's centre, a bar's visible middle), or None."""
        pos = self._index.get(event_id)
        if pos is None:
            return None
        start, end = float(self._data.start[pos]), float(self._data.end[pos])
        x0, x1 = self._vb.viewRange()[0]
        x = (max(start, x0) + min(end, x1)) / 2.0
        return self._vb.mapViewToScene(QPointF(x, float(self._lane[pos])))

    def plot_widget(self) -> pg.PlotWidget:
        """The pyqtgraph view (for mapping scene positions to widget pixels)."""
        return self._plot

    # ---------------------------------------------------------------- drawing

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
        self._index = dict(zip(d.ids.tolist(), range(len(d))))
        self._next_start = next_start_in_lane(d.start, self._lane)
        self._lanes = int(self._lane.max()) + 1 if len(d) else 1
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
        self._label_timer.start()

    def _rows_in_view(self) -> float:
        """Lanes the pane's height is divided into: all lanes, but none taller than MAX_LANE_PX."""
        return max(float(self._lanes), self._vb.height() / MAX_LANE_PX - 0.5)

    def _apply_lanes(self, resize_dots: bool = True) -> None:
        top, bottom = -0.75, self._rows_in_view() - 0.25
        self._vb.setLimits(yMin=top, yMax=bottom)
        self._vb.setYRange(top, bottom, padding=0)
        size = round(mark_thickness(self._lane_px()) + 1.0)
        if size != self._dot_size:
            self._dot_size = size
            if resize_dots:
                self._dots.setSize(size)
                self._fuzzy_dots.setSize(size)
            self._sel_dot.setSize(size + 5)

    def _lane_px(self) -> float:
        return max(self._vb.height(), 1.0) / (self._rows_in_view() + 0.5)

    def _on_resized(self, *_) -> None:
        self._apply_lanes()
        self._label_timer.start()

    def _draw_selection(self) -> None:
        pos = self._index.get(self._selected) if self._selected is not None else None
        empty = np.zeros(0)
        if pos is None:
            self._sel_dot.setData(x=empty, y=empty)
            self._sel_bar.set_bars(empty, empty, empty)
        elif self._data.is_bar[pos]:
            self._sel_dot.setData(x=empty, y=empty)
            self._sel_bar.set_bars(self._data.start[pos:pos + 1], self._data.end[pos:pos + 1],
                                   self._lane[pos:pos + 1])
        else:
            self._sel_bar.set_bars(empty, empty, empty)
            self._sel_dot.setData(x=[self._data.start[pos] + DAY / 2.0],
                                  y=[float(self._lane[pos])])

    def _update_note(self) -> None:
        noun = "event" if self._undated == 1 else "events"
        self._note.setText(f"{self._undated:,} undated {noun}" if self._undated else "")

    def undated_note(self) -> str:
        """The corner note counting undated events ("" when there are none)."""
        return self._note.text()

    def _refresh_labels(self) -> None:
        """Show titles beside the marks in view when there are few enough of them.

        A title starts just after its mark (after a bar's visible end; inside a bar that runs
        past the right edge), is elided to the room before the next mark in its lane and the
        view's edge, and is dropped when its text box would cross one already placed: titles
        never draw over each other, however dense the marks (lanes thinner than the text)."""
        d = self._data
        x0, x1 = self._vb.viewRange()[0]
        visible = np.flatnonzero((d.start < x1) & (d.end > x0)) if len(d) else np.zeros(0, int)
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

    # ---------------------------------------------------------------- clicks

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
        """One event's tooltip text: title, then its date as written (or EDTF) and place."""
        row = self._rows.get(event_id)
        if row is None:
            return ""
        date = row.date_text or row.edtf or (
            row.earliest if row.latest in (None, row.earliest) else f"{row.earliest} – {row.latest}")
        details = " · ".join(part for part in (date, row.location) if part)
        return f"{row.title or '(untitled)'}\n{details}" if details else (row.title or "(untitled)")

    def event_at(self, x: float, y: float) -> Optional[int]:
        """The event whose mark is nearest to view point (x, y) in the lane under it, if close."""
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
