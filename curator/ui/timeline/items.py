"""Graphics items and palette for the timeline: all interval bars in one item, and the legend.

TimelineBars paints every bar of the timeline (possibly 100,000) as thick horizontal strokes,
one item for all of them. At paint time it keeps only the bars in the exposed x range, maps
them to device pixels with numpy, gives each at least a minimum visible length, and strokes
them as a handful of paths, so a bar two days long is still visible at a zoom of centuries and a
repaint never walks Python objects per bar. Exact intervals are solid; approximate, uncertain or
coarse ones (a month, a season, a year...) are paler, hatched, and fade out at both ends. An open
end (``../1899``, ``1945/..``) runs on to the edge of the view, where an arrowhead says it goes on.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush, QColor, QFontMetrics, QPainter, QPainterPath, QPen, QPixmap, QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

# A calm palette on a very light background.
BACKGROUND = "#fbfbfc"
AXIS = "#5f6b7a"
TEXT = "#1f2933"
GRID_ALPHA = 0.12
DOT_FILL = "#2f6db5"
DOT_OUTLINE = "#1d4f8a"
BAR_FILL = "#8fb8e3"
SELECTED_FILL = "#e8590c"
SELECTED_OUTLINE = "#7a2a00"
HEADER_STYLE = ("#timelineHeader { background: #f1f3f6; border-bottom: 1px solid #dde1e6; }"
                " QLabel { color: #52606d; font-size: 11px; }")
FUZZY_FILL = "#b9d2ee"  # approximate / coarse bars: paler than BAR_FILL ...
FUZZY_HATCH = "#3f78b8"  # ... with hatching, and ends that fade out
FUZZY_DOT_FILL = "#ffffff"  # approximate single days: hollow diamonds
LEGEND_ENTRIES = ("single day", "interval", "approximate / coarse", "selected", "density")
LEGEND_TIPS = {"density": "Where more events are in view than can be told apart: events per day, "
                          "week, month… (a date spanning several bins is spread over them). "
                          "Zoom in to see single events."}
DENSITY_SWATCH = ("#7fa7d6", "#2f6db5")  # as curator.ui.timeline.density_items draws it

MIN_BAR_PX = 2.0
OPEN_REACH = (-62135596800.0, 253370764800.0)  # an open end's bounds: 0001-01-01 .. 9999-01-01
HATCH_PX = 4
FADE_STEPS = 3
MAX_FADE_PX = 18.0


def mark_thickness(lane_px: float, largest: float = 12.0) -> float:
    """Pixel thickness of a mark in a lane lane_px pixels high: half the lane, within limits."""
    return float(min(largest, max(1.0, lane_px * 0.55)))


class TimelineBars(pg.GraphicsObject):
    """All interval bars: [start, end) in seconds on lane y, drawn as one stroked path."""

    def __init__(self, color: str = BAR_FILL, outline: str | None = None, largest: float = 12.0):
        super().__init__()
        self._color = QColor(color)
        self._outline = QColor(outline) if outline else None
        self._largest = largest
        self._start = np.zeros(0)
        self._end = np.zeros(0)
        self._lane = np.zeros(0)
        self._fuzzy = np.zeros(0, bool)
        self._open_start = np.zeros(0, bool)
        self._open_end = np.zeros(0, bool)
        self._bounds = QRectF()
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_bars(self, start: np.ndarray, end: np.ndarray, lane: np.ndarray,
                 fuzzy: np.ndarray | None = None, open_start: np.ndarray | None = None,
                 open_end: np.ndarray | None = None) -> None:
        """Replace every bar (arrays of equal length); ``fuzzy`` marks approximate/coarse ones,
        ``open_start``/``open_end`` those whose start/end is open (drawn to the view's edge)."""
        self.prepareGeometryChange()
        n = len(start)
        self._start = np.asarray(start, np.float64)
        self._end = np.asarray(end, np.float64)
        self._lane = np.asarray(lane, np.float64)
        self._fuzzy = np.zeros(n, bool) if fuzzy is None else np.asarray(fuzzy, bool)
        self._open_start = np.zeros(n, bool) if open_start is None else np.asarray(open_start, bool)
        self._open_end = np.zeros(n, bool) if open_end is None else np.asarray(open_end, bool)
        if n:
            x0, x1 = float(self._start.min()), float(self._end.max())
            x0 = OPEN_REACH[0] if self._open_start.any() else x0
            x1 = OPEN_REACH[1] if self._open_end.any() else x1
            y0, y1 = float(self._lane.min()), float(self._lane.max())
            self._bounds = QRectF(x0, y0 - 0.5, max(x1 - x0, 1.0), y1 - y0 + 1.0)
        else:
            self._bounds = QRectF()
        self.update()

    def open_count(self) -> int:
        """How many bars have an open end."""
        return int((self._open_start | self._open_end).sum())

    def count(self) -> int:
        """Number of bars held (all are drawn when in view)."""
        return len(self._start)

    def fuzzy_count(self) -> int:
        """How many of them are drawn as approximate/coarse."""
        return int(self._fuzzy.sum())

    def boundingRect(self) -> QRectF:
        if self._bounds.isNull():
            return QRectF()
        # Widen by the minimum visible length, which is in pixels.
        px = self.pixelWidth() or 0.0
        return self._bounds.adjusted(-MIN_BAR_PX * px, 0, MIN_BAR_PX * px, 0)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not len(self._start):
            return
        exposed = option.exposedRect
        open_start, open_end = self._open_start, self._open_end
        keep = ((self._start < exposed.right()) | open_start) & ((self._end > exposed.left()) | open_end)
        if not keep.any():
            return
        t = painter.transform()
        sx, dx, sy, dy = t.m11(), t.dx(), t.m22(), t.dy()
        x0 = self._start[keep] * sx + dx
        x1 = self._end[keep] * sx + dx
        y = self._lane[keep] * sy + dy
        short = (x1 - x0) < MIN_BAR_PX
        if short.any():
            mid = (x0[short] + x1[short]) / 2.0
            x0[short] = mid - MIN_BAR_PX / 2.0
            x1[short] = mid + MIN_BAR_PX / 2.0
        # Keep coordinates near the screen: a decades-long bar at a zoom of hours would otherwise
        # reach millions of pixels, which raster engines handle badly.
        left, right = sorted((exposed.left() * sx + dx, exposed.right() * sx + dx))
        opened0, opened1 = open_start[keep], open_end[keep]
        view = self.viewRect()  # the whole visible range: exposedRect may be a part repainted
        edge0, edge1 = (left, right) if view is None else sorted(
            (view.left() * sx + dx, view.right() * sx + dx))
        x0[opened0] = min(left, edge0) - 20.0  # an open end runs on to the edge of the view
        x1[opened1] = max(right, edge1) + 20.0
        np.clip(x0, left - 20.0, right + 20.0, out=x0)
        np.clip(x1, left - 20.0, right + 20.0, out=x1)
        thickness = mark_thickness(abs(sy), self._largest)
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if self._outline is not None:
            stroke_segments(painter, x0 - 1.0, x1 + 1.0, y, self._outline, thickness + 2.0)
        fuzzy = self._fuzzy[keep]
        exact = ~fuzzy
        if exact.any():
            stroke_segments(painter, x0[exact], x1[exact], y[exact], self._color, thickness)
        if fuzzy.any():
            paint_fuzzy_bars(painter, x0[fuzzy], x1[fuzzy], y[fuzzy], thickness)
        if opened0.any() or opened1.any():
            paint_open_arrows(painter, y[opened0], y[opened1], edge0, edge1, thickness,
                              self._outline or QColor(FUZZY_HATCH))
        painter.restore()


def stroke_segments(painter: QPainter, x0: np.ndarray, x1: np.ndarray, y: np.ndarray,
                    paint: QColor | QBrush, thickness: float) -> None:
    """Stroke horizontal segments (device pixels) as one path with a flat-capped pen."""
    if not len(x0):
        return
    xs = np.empty(2 * len(x0))
    xs[0::2], xs[1::2] = x0, x1
    path = pg.arrayToQPath(xs, np.repeat(y, 2), connect="pairs", finiteCheck=False)
    pen = QPen(QBrush(paint) if isinstance(paint, QColor) else paint, thickness)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.drawPath(path)


def paint_fuzzy_bars(painter: QPainter, x0: np.ndarray, x1: np.ndarray, y: np.ndarray,
                     thickness: float) -> None:
    """Approximate/coarse bars (device pixels): a pale hatched body whose ends fade out in
    FADE_STEPS steps over up to MAX_FADE_PX (a third of the bar at most). A fixed number of
    paths whatever the number of bars."""
    fade = np.minimum((x1 - x0) / 3.0, MAX_FADE_PX)
    inner0, inner1 = x0 + fade, x1 - fade
    body = QColor(FUZZY_FILL)
    stroke_segments(painter, inner0, inner1, y, body, thickness)
    step = fade / FADE_STEPS
    for k in range(FADE_STEPS):  # outermost step palest
        colour = QColor(body)
        colour.setAlphaF((k + 1) / (FADE_STEPS + 1))
        left0, right1 = x0 + k * step, x1 - k * step
        stroke_segments(painter, np.concatenate([left0, right1 - step]),
                        np.concatenate([left0 + step, right1]), np.concatenate([y, y]),
                        colour, thickness)
    wide = (inner1 - inner0) >= 3.0
    if wide.any():
        stroke_segments(painter, inner0[wide], inner1[wide], y[wide], hatch_brush(), thickness)


def paint_open_arrows(painter: QPainter, y_left: np.ndarray, y_right: np.ndarray, left: float,
                      right: float, thickness: float, colour: QColor) -> None:
    """Arrowheads at the view's edges (device pixels) on the lanes of bars whose start (y_left)
    or end (y_right) is open: the bar goes on past the edge."""
    size = max(5.0, thickness * 1.1)
    path = QPainterPath()
    for y in y_left.tolist():
        tip = left + 2.0
        path.addPolygon(QPolygonF([QPointF(tip, y), QPointF(tip + size, y - size * 0.8),
                                   QPointF(tip + size, y + size * 0.8), QPointF(tip, y)]))
    for y in y_right.tolist():
        tip = right - 2.0
        path.addPolygon(QPolygonF([QPointF(tip, y), QPointF(tip - size, y - size * 0.8),
                                   QPointF(tip - size, y + size * 0.8), QPointF(tip, y)]))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPath(path)


_HATCH: list[QBrush] = []


def hatch_brush() -> QBrush:
    """Fine diagonal hatching (a line every HATCH_PX pixels) as a texture brush, made once."""
    if not _HATCH:
        tile = QPixmap(HATCH_PX, HATCH_PX)
        tile.fill(Qt.GlobalColor.transparent)
        painter = QPainter(tile)
        painter.setPen(QPen(QColor(FUZZY_HATCH), 1.0))
        for i in range(HATCH_PX):  # one anti-diagonal: bottom-left to top-right
            painter.drawPoint(i, HATCH_PX - 1 - i)
        painter.end()
        _HATCH.append(QBrush(tile))
    return _HATCH[0]


def _paint_diamond(painter: QPainter, centre: QPointF, size: float, fill: str, outline: str) -> None:
    half = size / 2.0
    painter.setPen(QPen(QColor(outline), 1.3))
    painter.setBrush(QColor(fill))
    painter.drawPolygon(QPolygonF([QPointF(centre.x(), centre.y() - half),
                                   QPointF(centre.x() + half, centre.y()),
                                   QPointF(centre.x(), centre.y() + half),
                                   QPointF(centre.x() - half, centre.y())]))


class TimelineLegend(QWidget):
    """The header strip's key: a painted swatch per kind of mark, drawn as the timeline draws it."""

    SWATCH = 26.0
    WIDE_SWATCH = 44.0  # the approximate/coarse key shows a hollow diamond and a fuzzy bar
    GAP = 16.0

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        font = self.font()
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.9))
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setToolTip(LEGEND_TIPS["density"])

    def entries(self) -> tuple[str, ...]:
        return LEGEND_ENTRIES

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        width = sum(self._width(text) + 5 + metrics.horizontalAdvance(text) + self.GAP
                    for text in LEGEND_ENTRIES)
        return QSize(int(width), max(18, metrics.height() + 4))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        metrics = QFontMetrics(self.font())
        mid = self.height() / 2.0
        x = 0.0
        for text in LEGEND_ENTRIES:
            self._swatch(painter, text, x, mid)
            x += self._width(text) + 5
            painter.setPen(QColor("#52606d"))
            painter.drawText(QPointF(x, mid + metrics.ascent() / 2.0 - 1), text)
            x += metrics.horizontalAdvance(text) + self.GAP
        painter.end()

    def _width(self, kind: str) -> float:
        return self.WIDE_SWATCH if kind == "approximate / coarse" else self.SWATCH

    def _swatch(self, painter: QPainter, kind: str, x: float, mid: float) -> None:
        w = self._width(kind)
        if kind == "single day":
            _paint_diamond(painter, QPointF(x + w / 2, mid), 10, DOT_FILL, DOT_OUTLINE)
        elif kind == "interval":
            stroke_segments(painter, np.array([x]), np.array([x + w]), np.array([mid]),
                            QColor(BAR_FILL), 7.0)
        elif kind == "approximate / coarse":
            _paint_diamond(painter, QPointF(x + 5, mid), 9, FUZZY_DOT_FILL, DOT_FILL)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            paint_fuzzy_bars(painter, np.array([x + 12]), np.array([x + w]), np.array([mid]), 8.0)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        elif kind == "selected":
            _paint_diamond(painter, QPointF(x + w / 2, mid), 11, SELECTED_FILL, SELECTED_OUTLINE)
        else:  # a little histogram: too many marks to tell apart
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(DENSITY_SWATCH[0]))
            for k, height in enumerate((3, 6, 10, 7, 4, 8)):
                painter.drawRect(QRectF(x + 2 + k * 4, mid + 6 - height, 3.5, height))
