"""Graphics items for the timeline's density: the histogram of each lane that has more marks in
view than can be told apart, and the brushed date range.

A lane's histogram is drawn in its band (grouped lanes) or over the whole pane (no grouping),
bars from the band's bottom, their height the events per bin over the lane's scale; the scale
(a round number: 1, 2 or 5 times a power of ten) is written at the band's top left, and with
no grouping a few grid lines carry their values. Like the marks, each lane is one path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

DENSITY_FILL = "#7fa7d6"
DENSITY_EDGE = "#2f6db5"
DENSITY_TEXT = "#486581"
GRID = "#d9e2ec"
BRUSH_FILL = QColor(232, 89, 12, 36)
BRUSH_EDGE = "#e8590c"
DENSITY_LEGEND = "events per {unit} (dates spread over their span)"


@dataclass
class LaneDensity:
    """One lane's histogram: bins [edges[k], edges[k+1]) in seconds with ``values`` events."""
    top: float  # view y of the band's top edge
    bottom: float  # ... and bottom edge
    edges: np.ndarray
    values: np.ndarray
    scale: float  # the value drawn as the band's full height
    unit: str  # "month", ...
    grid: bool = False  # draw grid lines with values (the whole pane)


def format_count(value: float) -> str:
    if value >= 100 or abs(value - round(value)) < 1e-6:
        return f"{value:,.0f}"
    return f"{value:,.1f}" if value >= 10 else f"{value:.2g}"


class DensityBars(pg.GraphicsObject):
    """The histograms of the lanes drawn as density."""

    def __init__(self):
        super().__init__()
        self._lanes: list[LaneDensity] = []
        self._bounds = QRectF()
        font = QFont()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        self._font = font
        self._metrics = QFontMetricsF(font)
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_lanes(self, lanes: list[LaneDensity]) -> None:
        self.prepareGeometryChange()
        self._lanes = list(lanes)
        if lanes:
            top = min(min(d.top, d.bottom) for d in lanes)
            bottom = max(max(d.top, d.bottom) for d in lanes)
            self._bounds = QRectF(-1e13, top, 2e13, bottom - top)
        else:
            self._bounds = QRectF()
        self.update()

    def lanes(self) -> list[LaneDensity]:
        return list(self._lanes)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not self._lanes:
            return
        exposed = option.exposedRect
        t = painter.transform()
        sx, dx, sy, dy = t.m11(), t.dx(), t.m22(), t.dy()
        left, right = sorted((exposed.left() * sx + dx, exposed.right() * sx + dx))
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for lane in self._lanes:
            y_bottom = lane.bottom * sy + dy
            y_top = lane.top * sy + dy
            height = abs(y_bottom - y_top) - 3.0
            if height <= 1 or not len(lane.values):
                continue
            e = lane.edges
            lo = max(int(np.searchsorted(e, exposed.left(), "right")) - 1, 0)
            hi = min(int(np.searchsorted(e, exposed.right(), "left")) + 1, len(lane.values))
            if hi <= lo:
                continue
            x0 = np.clip(e[lo:hi] * sx + dx, left - 2, right + 2)
            x1 = np.clip(e[lo + 1:hi + 1] * sx + dx, left - 2, right + 2)
            v = lane.values[lo:hi]
            h = np.minimum(v / max(lane.scale, 1e-9), 1.0) * height
            h = np.where(h > 0.0, np.maximum(h, 1.0), 0.0)  # any event shows as a pixel at least
            if lane.grid:
                self._grid(painter, lane, left, right, y_bottom, height)
            # the histogram as one step-shaped polygon (fast at any number of bins)
            xs = np.stack([x0, x1], axis=1).ravel()
            ys = np.repeat(y_bottom - h, 2)
            outline = pg.functions.arrayToQPolygonF(xs, ys)
            area = pg.functions.arrayToQPolygonF(
                np.concatenate([[xs[0]], xs, [xs[-1]]]),
                np.concatenate([[y_bottom], ys, [y_bottom]]))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(QColor(DENSITY_FILL)))
            painter.drawPolygon(area)
            painter.setPen(QPen(QColor(DENSITY_EDGE), 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(outline)
            painter.setPen(QColor(DENSITY_TEXT))
            painter.setFont(self._font)
            label = f"{format_count(lane.scale)} per {lane.unit}"
            top_y = y_bottom - height
            painter.drawText(QRectF(left + 4, top_y - 1, 220, self._metrics.height() + 2),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), label)
        painter.restore()

    def _grid(self, painter: QPainter, lane: LaneDensity, left: float, right: float,
              y_bottom: float, height: float) -> None:
        painter.setPen(QPen(QColor(GRID), 1.0))
        painter.setFont(self._font)
        for share in (0.5, 1.0):
            y = y_bottom - share * height
            painter.setPen(QPen(QColor(GRID), 1.0))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
            if share < 1.0:
                painter.setPen(QColor(DENSITY_TEXT))
                painter.drawText(QPointF(left + 4, y - 2), format_count(lane.scale * share))


class BrushBand(pg.GraphicsObject):
    """The brushed date range over the whole height: a pale band with edges."""

    def __init__(self):
        super().__init__()
        self._range: tuple[float, float] | None = None
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_range(self, x0: float | None, x1: float | None) -> None:
        self.prepareGeometryChange()
        self._range = None if x0 is None or x1 is None else (min(x0, x1), max(x0, x1))
        self.update()

    def range(self) -> tuple[float, float] | None:
        return self._range

    def boundingRect(self) -> QRectF:
        if self._range is None:
            return QRectF()
        return QRectF(self._range[0], -1e6, self._range[1] - self._range[0], 2e6)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self._range is None:
            return
        view = self.viewRect()
        if view is None:
            return
        x0, x1 = self._range
        rect = QRectF(x0, view.top(), x1 - x0, view.height())
        painter.fillRect(rect, BRUSH_FILL)
        pen = QPen(QColor(BRUSH_EDGE), 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawLine(QPointF(x0, view.top()), QPointF(x0, view.bottom()))
        painter.drawLine(QPointF(x1, view.top()), QPointF(x1, view.bottom()))
