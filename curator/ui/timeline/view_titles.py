"""The timeline's titles beside the marks, and what the pointer does (click, hover).

A mixin of :class:`curator.ui.timeline.view.TimelineView` (it uses the view's state). Titles and
hover texts are asked for by id (the title source), only for the few marks that show one.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
from PySide6.QtCore import QPointF, Qt

from curator.ui.timeline.bins import describe_bin
from curator.ui.timeline.density_items import format_count
from curator.ui.timeline.layout import DAY, group_at_row
from curator.ui.timeline.mark_index import DAY0
from curator.ui.timeline.packing import Cluster

LABEL_LIMIT = 60  # titles are drawn when at most this many marks are in view
MIN_LABEL_LANE_PX = 14.0  # ... and lanes are at least this tall
LABEL_PAD_PX = 6.0  # the text item's own margin around its text
CLICK_TOLERANCE_PX = 8.0
ZOOM_IN_ON_DOUBLE_CLICK = 4.0


class TimelineTitlesMixin:
    # ---------------------------------------------------------------- titles

    def _titles_for(self, ids: list[int]) -> dict[int, str]:
        missing = [i for i in ids if i not in self._titles]
        if missing and self._title_source is not None:
            self._titles.update(self._title_source(missing))
        return {i: self._titles.get(i, "") for i in ids}

    def _refresh_labels(self) -> None:
        """Show titles beside the marks in view when there are few enough of them.

        A title starts just after its mark (after a bar's visible end; inside a bar that runs
        past the right edge, as an open end does), is elided to the room before the next mark
        in its row and the view's edge, and is dropped when its text box would cross one already
        placed: titles never draw over each other, however dense the marks."""
        d = getattr(self, "_drawn", None)
        x0, x1 = self._vb.viewRange()[0]
        y0, y1 = self._vb.viewRange()[1]
        if d is not None and len(d):
            visible = np.flatnonzero(((d.start < x1) | d.open_start) & ((d.end > x0) | d.open_end)
                                     & (d.row > y0) & (d.row < y1))
        else:
            visible = np.zeros(0, int)
        lane_px = self._lane_px()
        self._label_boxes = []
        placed: list[tuple[float, float, str]] = []
        if 0 < len(visible) <= LABEL_LIMIT and lane_px >= MIN_LABEL_LANE_PX:
            px = self._vb.viewPixelSize()[0] or 1.0
            text_h = float(self._metrics.height())
            half_dot = (self._dot_size / 2.0 + 4.0) * px
            titles = self._titles_for(sorted({int(d.ids[p]) for p in visible.tolist()}))
            obstacles = self._badge_boxes(x0, px, lane_px)  # titles never cover a "+N" badge
            order = sorted(visible.tolist(), key=lambda p: (float(d.start[p]), int(d.row[p])))
            for pos in order:
                if d.is_bar[pos]:
                    end = float(d.end[pos])
                    x = (max(float(d.start[pos]), x0) + 4.0 * px if end >= x1 or d.open_end[pos]
                         else end + 4.0 * px)  # an open end runs on to the view's edge
                else:
                    x = float(d.start[pos]) + DAY / 2.0 + half_dot
                room = (min(float(d.next_start[pos]), x1) - x) / px - LABEL_PAD_PX
                if room < 24:
                    continue
                title = titles.get(int(d.ids[pos])) or "(untitled)"
                text = self._metrics.elidedText(title, Qt.TextElideMode.ElideRight, int(room))
                if not text or text == "…":
                    continue
                left = (x - x0) / px
                centre = float(d.row[pos]) * lane_px
                box = (left, centre - text_h / 2.0,
                       left + self._metrics.horizontalAdvance(text) + LABEL_PAD_PX,
                       centre + text_h / 2.0)
                if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                       for b in self._label_boxes + obstacles):
                    continue
                self._label_boxes.append(box)
                placed.append((x, float(d.row[pos]), text))
        self._title_item.set_titles(placed)

    def _badge_boxes(self, x0: float, px: float, lane_px: float) -> list[tuple[float, float, float, float]]:
        """The "+N" badges' boxes in the titles' coordinates (pixels from the view's left, rows
        times the row height)."""
        boxes = []
        x, y = self._badges.positions()
        for bx, by, width, height in zip(x.tolist(), y.tolist(), *self._badges.sizes()):
            left = (bx - x0) / px + 2.0
            boxes.append((left, by * lane_px - height / 2.0, left + width, by * lane_px + height / 2.0))
        return boxes

    def refresh_titles(self) -> None:
        """Place the titles now (they otherwise follow a pan or zoom after a short pause)."""
        self._label_timer.stop()
        self._refresh_labels()

    def label_boxes(self) -> list[tuple[float, float, float, float]]:
        """Pixel boxes (left, top, right, bottom) of the titles drawn, for tests."""
        return list(self._label_boxes)

    def labels_shown(self) -> list[str]:
        """Texts of the title labels currently drawn (for tests)."""
        return self._title_item.texts()

    # ---------------------------------------------------------------- clicks and hover

    def _on_scene_click(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        if not self._vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        point = self._vb.mapSceneToView(ev.scenePos())
        if ev.double():
            if self.event_at(point.x(), point.y()) is None:
                self._zoom_in_at(point.x(), ZOOM_IN_ON_DOUBLE_CLICK)
            return
        badge = self.badge_at(ev.scenePos())
        if badge is not None:
            self._open_badge(badge)
            return
        event_id = self.event_at(point.x(), point.y())
        if event_id is None:
            return
        self._selected = event_id
        self._draw_selection()
        self.eventClicked.emit(event_id)

    def _zoom_in_at(self, x: float, factor: float) -> None:
        x0, x1 = self._vb.viewRange()[0]
        span = (x1 - x0) / factor
        share = (x - x0) / (x1 - x0) if x1 > x0 else 0.5
        self._vb.setXRange(x - span * share, x - span * share + span, padding=0)

    def _open_badge(self, what) -> None:
        """A "+N" badge clicked: zoom in on the marks it stands for (zoom out for longer ones)."""
        if isinstance(what, Cluster):
            ids = list(what.ids)
            spans = [self._event_span(i) for i in ids if self._store.knows(i)]
            if spans:
                lo = min(s for s, _ in spans)
                hi = max(e for _, e in spans)
                x0, x1 = self._vb.viewRange()[0]
                span = max(hi - lo, (x1 - x0) / 8.0, 6 * 3600.0)
                self._vb.setXRange(lo - span * 0.1, lo + span * 1.1, padding=0)
        else:
            x0, x1 = self._vb.viewRange()[0]
            mid, span = (x0 + x1) / 2.0, (x1 - x0) * 4.0
            self._set_x_range(mid - span / 2.0, mid + span / 2.0)

    def badge_at(self, scene_pos) -> Optional[object]:
        """What the "+N" badge under a scene position stands for, if any."""
        what = getattr(self, "_badge_what", [])
        if not what:
            return None
        # the item's scene transform maps view coordinates to scene pixels, where badges are sized
        for box, item in zip(self._badges.pixel_boxes(self._badges.sceneTransform()), what):
            if box.contains(QPointF(scene_pos)):
                return item
        return None

    def _on_mouse_moved(self, scene_pos) -> None:
        """Tooltip: the hovered mark's title, date and place; a badge's or a bin's count."""
        text = ""
        if self._vb.sceneBoundingRect().contains(scene_pos):
            point = self._vb.mapSceneToView(scene_pos)
            event_id = self.event_at(point.x(), point.y())
            if event_id is not None:
                text = self.describe(event_id)
            else:
                badge = self.badge_at(scene_pos)
                if isinstance(badge, Cluster):
                    text = (f"{badge.count:,} more events here than the lane has rows for\n"
                            "Click (or zoom in) to see them")
                elif badge is not None:
                    text = (f"{badge:,} events longer than the visible range span it\n"
                            "Click (or zoom out) to see them")
                else:
                    text = self.density_text(point.x(), point.y())
        if text != self._plot.toolTip():
            self._plot.setToolTip(text)

    def describe(self, event_id: int) -> str:
        """One event's tooltip text: title, then its date as the table's Date column shows it
        ("July 2016", "18 January 2014") and its place."""
        if self._describe_source is None:
            return ""
        return self._describe_source(event_id)

    def density_text(self, x: float, y: float) -> str:
        """What a density bin under view point (x, y) holds ("" when none is there)."""
        for plan in self._plans:
            if plan.mode != "density" or plan.binning is None:
                continue
            if self._store.grouped and not (plan.spec.top - 0.5 <= y <= plan.spec.top + plan.spec.rows - 0.5):
                continue
            b = plan.binning
            k = int(np.searchsorted(b.edges, x, "right")) - 1
            if not 0 <= k < len(b.values):
                return ""
            first = int(round(b.edges[k] / DAY))
            last = int(round(b.edges[k + 1] / DAY))
            overlapping = int(self._store.marks.overlap_counts([plan.spec.lane], first + DAY0,
                                                               last + DAY0).sum())
            where = f" · {plan.spec.name}" if plan.spec.name else ""
            return (f"{format_count(b.values[k])} events in {describe_bin(b.unit, first)}{where}\n"
                    f"{overlapping:,} overlap it (longer or vaguer dates spread over their span)\n"
                    "Zoom in (wheel or double-click) to see single events")
        return ""

    def event_at(self, x: float, y: float) -> Optional[int]:
        """The event whose mark is nearest to view point (x, y) in the row under it, if close."""
        d = getattr(self, "_drawn", None)
        row = int(round(y))
        if d is None or not len(d) or abs(y - row) > 0.5:
            return None
        in_row = np.flatnonzero(d.row == row)
        if not len(in_row):
            return None
        start = np.where(d.open_start[in_row], -np.inf, d.start[in_row])
        end = np.where(d.open_end[in_row], np.inf, d.end[in_row])
        centre = d.start[in_row] + DAY / 2.0
        bar = d.is_bar[in_row]
        inside = (x >= start) & (x <= end)
        dist = np.where(bar, np.where(inside, 0.0, np.minimum(abs(x - start), abs(x - end))),
                        abs(x - centre))
        best = int(np.argmin(dist))
        px = self._vb.viewPixelSize()[0] or 1.0
        if dist[best] > max(CLICK_TOLERANCE_PX, self._dot_size / 2.0 + 2) * px:
            return None
        return int(d.ids[in_row[best]])

    def lane_at(self, y: float) -> Optional[str]:
        group = group_at_row(self._groups, y)
        return group.name if group is not None else None
