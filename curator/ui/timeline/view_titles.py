"""The timeline's titles beside the marks, and what the pointer does (click, hover).

A mixin of :class:`curator.ui.timeline.view.TimelineView` (it uses the view's state).
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from curator.ui.events.columns import date_display
from curator.ui.timeline import items as look
from curator.ui.timeline.layout import DAY

LABEL_LIMIT = 60  # titles are drawn when at most this many marks are in view
MIN_LABEL_LANE_PX = 14.0  # ... and lanes are at least this tall
LABEL_PAD_PX = 6.0  # the text item's own margin around its text
CLICK_TOLERANCE_PX = 8.0


class TimelineTitlesMixin:
    # ---------------------------------------------------------------- titles

    def _refresh_labels(self) -> None:
        """Show titles beside the marks in view when there are few enough of them.

        A title starts just after its mark (after a bar's visible end; inside a bar that runs
        past the right edge, as an open end does), is elided to the room before the next mark in its lane and the
        view's edge, and is dropped when its text box would cross one already placed: titles
        never draw over each other, however dense the marks (lanes thinner than the text)."""
        d = self._data
        x0, x1 = self._vb.viewRange()[0]
        y0, y1 = self._vb.viewRange()[1]
        if len(d):
            visible = np.flatnonzero(((d.start < x1) | d.open_start) & ((d.end > x0) | d.open_end)
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
                    x = (max(float(d.start[pos]), x0) + 4.0 * px if end >= x1 or d.open_end[pos]
                         else end + 4.0 * px)  # an open end runs on to the view's edge
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

