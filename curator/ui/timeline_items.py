"""Graphics items and palette for the timeline: all interval bars in one item.

TimelineBars paints every bar of the timeline (possibly 100,000) as thick horizontal strokes,
one item for all of them. At paint time it keeps only the bars in the exposed x range, maps
them to device pixels with numpy, gives each at least a minimum visible length, and strokes
them as one path, so a bar two days long is still visible at a zoom of centuries and a repaint
never walks Python objects per bar.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

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
LEGEND_HTML = (f'<span style="color:{DOT_FILL}">&#9670;</span> single day &nbsp;&nbsp;'
               f'<span style="color:{BAR_FILL}">&#9644;</span> interval &nbsp;&nbsp;'
               f'<span style="color:{SELECTED_FILL}">&#9670;</span> selected')

MIN_BAR_PX = 2.0


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
        self._bounds = QRectF()
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_bars(self, start: np.ndarray, end: np.ndarray, lane: np.ndarray) -> None:
        """Replace every bar (arrays of equal length)."""
        self.prepareGeometryChange()
        self._start = np.asarray(start, np.float64)
        self._end = np.asarray(end, np.float64)
        self._lane = np.asarray(lane, np.float64)
        if len(self._start):
            x0, x1 = float(self._start.min()), float(self._end.max())
            y0, y1 = float(self._lane.min()), float(self._lane.max())
            self._bounds = QRectF(x0, y0 - 0.5, max(x1 - x0, 1.0), y1 - y0 + 1.0)
        else:
            self._bounds = QRectF()
        self.update()

    def count(self) -> int:
        """Number of bars held (all are drawn when in view)."""
        return len(self._start)

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
        keep = (self._start < exposed.right()) & (self._end > exposed.left())
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
        np.clip(x0, left - 20.0, right + 20.0, out=x0)
        np.clip(x1, left - 20.0, right + 20.0, out=x1)
        thickness = mark_thickness(abs(sy), self._largest)
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if self._outline is not None:
            self._stroke(painter, x0 - 1.0, x1 + 1.0, y, self._outline, thickness + 2.0)
        self._stroke(painter, x0, x1, y, self._color, thickness)
        painter.restore()

    @staticmethod
    def _stroke(painter: QPainter, x0: np.ndarray, x1: np.ndarray, y: np.ndarray, color: QColor,
                thickness: float) -> None:
        """Stroke horizontal segments (device pixels) as one path with a flat-capped pen."""
        xs = np.empty(2 * len(x0))
        xs[0::2], xs[1::2] = x0, x1
        path = pg.arrayToQPath(xs, np.repeat(y, 2), connect="pairs", finiteCheck=False)
        pen = QPen(color, thickness)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawPath(path)
