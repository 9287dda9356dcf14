"""The overview strip above the timeline: the density of the whole extent, the visible range as a
window, and the brushed dates.

Drag the window to pan the timeline, drag its edges to zoom, click elsewhere to jump there, use
the wheel to zoom around the pointer, double-click to see everything. Shift+drag brushes a date
range (``brushed``), which the binding makes the event table's date filter. The histogram shows
the events the table's query shows (blue) over all events (grey) when a query is on.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from curator.ui.timeline import bins
from curator.ui.timeline.density_items import DENSITY_EDGE, DENSITY_FILL
from curator.ui.timeline.mark_index import DAY0
from curator.ui.timeline.store import TimelineStore

DAY = 86400.0
BACKGROUND = "#f7f8fa"
ALL_FILL = "#d3d9e0"
WINDOW_EDGE = "#1d4f8a"
WINDOW_FILL = QColor(47, 109, 181, 28)
OUTSIDE_VEIL = QColor(247, 248, 250, 150)
BRUSH_FILL = QColor(232, 89, 12, 60)
BRUSH_EDGE = "#e8590c"
TEXT = "#52606d"
EDGE_GRAB_PX = 5.0
MARGIN = 0.03  # of the extent, either side
MIN_WINDOW = 6 * 3600.0


class OverviewStrip(QWidget):
    windowMoved = Signal(float, float)  # seconds: the range the timeline should show
    brushed = Signal(object)  # (first day, last day) numbers, inclusive

    HEIGHT = 44

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("timelineOverview")
        self.setFixedHeight(self.HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setToolTip("The whole timeline: drag the window to pan, its edges to zoom, "
                        "Shift+drag to filter the table to those dates, double-click to see all")
        self._store: Optional[TimelineStore] = None
        self._range = (0.0, 365 * DAY)  # seconds shown across the strip
        self._window = (0.0, 0.0)
        self._brush: Optional[tuple[int, int]] = None
        self._drag: Optional[tuple[str, float, tuple[float, float]]] = None  # mode, x, window
        self._brushing: Optional[tuple[float, float]] = None
        self._cache_key = None
        self._cache: tuple = ()
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        self._font = font

    # ------------------------------------------------------------------ data
    def set_store(self, store: TimelineStore) -> None:
        self._store = store
        extent = store.extent()
        if extent is None:
            self._range = (0.0, 365 * DAY)
        else:
            x0, x1 = extent[0] * DAY, (extent[1] + 1) * DAY
            span = max(x1 - x0, 30 * DAY)
            mid = (x0 + x1) / 2.0
            self._range = (mid - span * (0.5 + MARGIN), mid + span * (0.5 + MARGIN))
        self.update()

    def set_window(self, x0: float, x1: float) -> None:
        if (x0, x1) != self._window:
            self._window = (x0, x1)
            self.update()

    def window(self) -> tuple[float, float]:
        return self._window

    def set_brush(self, days: Optional[tuple[int, int]]) -> None:
        self._brush = days
        self._brushing = None
        self.update()

    def x_of(self, seconds: float) -> float:
        x0, x1 = self._range
        return (seconds - x0) / (x1 - x0) * max(self.width(), 1)

    def seconds_at(self, x: float) -> float:
        x0, x1 = self._range
        return x0 + x / max(self.width(), 1) * (x1 - x0)

    def _histograms(self):
        """(edges px, shown values, all values or None, unit), cached per store and width."""
        store = self._store
        key = (id(store), store.version if store else 0, self.width(), self._range)
        if key == self._cache_key:
            return self._cache
        self._cache_key = key
        if store is None or not store.dated_count():
            self._cache = (np.zeros(1), np.zeros(0), None, bins.UNITS[0])
            return self._cache
        x0, x1 = self._range
        px_per_day = max(self.width(), 1) / ((x1 - x0) / DAY)
        unit = bins.choose_unit(px_per_day, 2.0)
        edges = bins.edges(unit, int(x0 // DAY), int(x1 // DAY))
        shown = np.maximum(np.diff(store.events.mass_at(np.array([0]), edges + DAY0)[0]), 0)
        every = None
        if store.every is not None:
            every = np.maximum(np.diff(store.every.mass_at(np.array([0]), edges + DAY0)[0]), 0)
        x0, x1 = self._range
        px = (edges * DAY - x0) / (x1 - x0) * max(self.width(), 1)
        self._cache = (px, shown, every, unit)
        return self._cache

    def _paths(self, base: float, top: float) -> list:
        """The histograms as polygons (all events grey, the shown ones blue), cached."""
        px, shown, every, unit = self._histograms()
        key = (self._cache_key, base, top)
        if getattr(self, "_paths_key", None) == key:
            return self._paths_cache
        scale = max(float(every.max()) if every is not None and len(every) else 0.0,
                    float(shown.max()) if len(shown) else 0.0, 1e-9)
        out = []
        for values, colour, edge in ((every, ALL_FILL, None), (shown, DENSITY_FILL, DENSITY_EDGE)):
            if values is None or not len(values):
                continue
            heights = np.sqrt(values / scale) * (base - top)  # a square root: quiet years still show
            xs = np.stack([px[:-1], px[1:]], axis=1).ravel()
            ys = np.repeat(base - heights, 2)
            polygon = pg.functions.arrayToQPolygonF(np.concatenate([[xs[0]], xs, [xs[-1]]]),
                                                    np.concatenate([[base], ys, [base]]))
            out.append((polygon, colour, edge))
        self._paths_key, self._paths_cache = key, out
        return out

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(BACKGROUND))
        h = float(self.height())
        base, top = h - 12.0, 3.0
        for path, colour, edge in self._paths(base, top):
            painter.setPen(Qt.PenStyle.NoPen if edge is None else QPen(QColor(edge), 0.8))
            painter.setBrush(QColor(colour))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.drawPolygon(path)
        self._paint_years(painter, base)
        brush = self._brushing if self._brushing is not None else (
            None if self._brush is None else (self._brush[0] * DAY, (self._brush[1] + 1) * DAY))
        if brush is not None:
            b0, b1 = sorted(self.x_of(v) for v in brush)
            painter.fillRect(QRectF(b0, 0, max(b1 - b0, 2.0), h), BRUSH_FILL)
            painter.setPen(QPen(QColor(BRUSH_EDGE), 1.0))
            painter.drawLine(QPointF(b0, 0), QPointF(b0, h))
            painter.drawLine(QPointF(b1, 0), QPointF(b1, h))
        w0, w1 = self._window_px()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(QRectF(0, 0, max(w0, 0), h), OUTSIDE_VEIL)
        painter.fillRect(QRectF(w1, 0, max(self.width() - w1, 0), h), OUTSIDE_VEIL)
        painter.fillRect(QRectF(w0, 0, w1 - w0, h), WINDOW_FILL)
        painter.setPen(QPen(QColor(WINDOW_EDGE), 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(w0, 0.75, max(w1 - w0, 1.0), h - 1.5))
        painter.setPen(QColor("#dde1e6"))
        painter.drawLine(0, int(h) - 1, self.width(), int(h) - 1)
        painter.end()

    def _window_px(self) -> tuple[float, float]:
        w0, w1 = (self.x_of(v) for v in self._window)
        w0, w1 = max(w0, -2.0), min(w1, self.width() + 2.0)
        if w1 - w0 < 3.0:  # a window narrower than a few pixels is still drawn (and grabbed)
            mid = (w0 + w1) / 2.0
            w0, w1 = mid - 1.5, mid + 1.5
        return w0, w1

    def _paint_years(self, painter: QPainter, base: float) -> None:
        painter.setFont(self._font)
        painter.setPen(QColor(TEXT))
        for x, text in self._year_ticks():
            painter.drawLine(QPointF(x, base), QPointF(x, base + 2))
            painter.drawText(QPointF(x + 2, self.height() - 2), text)

    def _year_ticks(self) -> list[tuple[float, str]]:
        key = (self._range, self.width())
        if getattr(self, "_years_key", None) == key:
            return self._years
        x0, x1 = self._range
        first = np.datetime64(int(x0 // DAY), "D").astype("datetime64[Y]").astype(int) + 1970
        last = np.datetime64(int(x1 // DAY), "D").astype("datetime64[Y]").astype(int) + 1970
        metrics = QFontMetricsF(self._font)
        room = metrics.horizontalAdvance("0000") + 30
        years = max(last - first, 1)
        step = next((s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
                     if self.width() / (years / s) >= room), 1000)
        out = []
        for year in range((first // step) * step, last + 1, step):
            if year < 1 or year > 9999:
                continue
            x = self.x_of(float(np.datetime64(f"{year:04d}-01-01", "D").astype(np.int64)) * DAY)
            if 0 <= x <= self.width():
                out.append((x, str(year)))
        self._years_key, self._years = key, out
        return out

    # ------------------------------------------------------------------ mouse
    def _mode_at(self, x: float) -> str:
        w0, w1 = self._window_px()
        if abs(x - w0) <= EDGE_GRAB_PX and w1 - w0 > 2 * EDGE_GRAB_PX:
            return "left"
        if abs(x - w1) <= EDGE_GRAB_PX:
            return "right"
        if w0 < x < w1:
            return "move"
        return "jump"

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        x = event.position().x()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            at = self.seconds_at(x)
            self._brushing = (at, at)
            self.update()
            return
        mode = self._mode_at(x)
        if mode == "jump":  # centre the window there, then drag it
            w0, w1 = self._window
            at = self.seconds_at(x)
            self._move_to(at - (w1 - w0) / 2.0, at + (w1 - w0) / 2.0)
            mode = "move"
        self._drag = (mode, x, self._window)

    def mouseMoveEvent(self, event) -> None:
        x = event.position().x()
        if self._brushing is not None:
            self._brushing = (self._brushing[0], self.seconds_at(x))
            self.update()
            return
        if self._drag is None:
            mode = self._mode_at(x)
            self.setCursor(Qt.CursorShape.SizeHorCursor if mode in ("left", "right") else
                           Qt.CursorShape.OpenHandCursor if mode == "move" else Qt.CursorShape.ArrowCursor)
            return
        mode, x_start, (w0, w1) = self._drag
        shift = self.seconds_at(x) - self.seconds_at(x_start)
        if mode == "move":
            self._move_to(w0 + shift, w1 + shift)
        elif mode == "left":
            self._move_to(min(w0 + shift, w1 - MIN_WINDOW), w1)
        else:
            self._move_to(w0, max(w1 + shift, w0 + MIN_WINDOW))

    def mouseReleaseEvent(self, event) -> None:
        if self._brushing is not None:
            a, b = sorted(self._brushing)
            self._brushing = None
            days = (int(np.floor(a / DAY)), int(np.floor(b / DAY)))
            self.brushed.emit(days)
            return
        self._drag = None

    def mouseDoubleClickEvent(self, event) -> None:
        self._move_to(*self._range)

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if not steps:
            return
        factor = 0.8 ** steps
        at = self.seconds_at(event.position().x())
        w0, w1 = self._window
        self._move_to(at - (at - w0) * factor, at + (w1 - at) * factor)

    def _move_to(self, x0: float, x1: float) -> None:
        self._window = (x0, x1)
        self.update()
        self.windowMoved.emit(x0, x1)
