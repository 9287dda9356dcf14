"""Graphics items for single marks besides the bars (:class:`~curator.ui.timeline.items.TimelineBars`):
all diamonds of a kind in one item, and the "+N" badges of marks that did not fit their lane.

Like the bars, each item keeps numpy arrays and at paint time maps the ones in the exposed range
to device pixels and draws them as one path: no Python object per mark.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

from curator.ui.timeline import items as look

BADGE_FILL = "#e4e7eb"
BADGE_TEXT = "#334e68"
BADGE_OUTLINE = "#9aa5b1"


class TimelineDiamonds(pg.GraphicsObject):
    """Diamonds centred on (x seconds, y row), ``size`` pixels across."""

    def __init__(self, fill: str, outline: str, width: float = 1.0, size: float = 9.0):
        super().__init__()
        self._fill = QBrush(QColor(fill))
        self._pen = QPen(QColor(outline), width)
        self._pen.setCosmetic(True)
        self._size = size
        self._x = np.zeros(0)
        self._y = np.zeros(0)
        self._bounds = QRectF()
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_points(self, x: np.ndarray, y: np.ndarray) -> None:
        self.prepareGeometryChange()
        self._x = np.asarray(x, np.float64)
        self._y = np.asarray(y, np.float64)
        if len(self._x):
            x0, x1 = float(self._x.min()), float(self._x.max())
            y0, y1 = float(self._y.min()), float(self._y.max())
            self._bounds = QRectF(x0, y0 - 0.5, max(x1 - x0, 1.0), y1 - y0 + 1.0)
        else:
            self._bounds = QRectF()
        self.update()

    def set_size(self, size: float) -> None:
        if size != self._size:
            self._size = size
            self.prepareGeometryChange()
            self.update()

    def size(self) -> float:
        return self._size

    def count(self) -> int:
        return len(self._x)

    def points(self) -> tuple[np.ndarray, np.ndarray]:
        return self._x, self._y

    def boundingRect(self) -> QRectF:
        if self._bounds.isNull():
            return QRectF()
        px = (self.pixelWidth() or 0.0) * self._size
        return self._bounds.adjusted(-px, 0, px, 0)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not len(self._x):
            return
        exposed = option.exposedRect
        half_px = (self.pixelWidth() or 0.0) * self._size
        keep = (self._x > exposed.left() - half_px) & (self._x < exposed.right() + half_px)
        if not keep.any():
            return
        t = painter.transform()
        cx = self._x[keep] * t.m11() + t.dx()
        cy = self._y[keep] * t.m22() + t.dy()
        h = self._size / 2.0
        xs = np.stack([cx, cx + h, cx, cx - h, cx], axis=1).ravel()
        ys = np.stack([cy - h, cy, cy + h, cy, cy - h], axis=1).ravel()
        connect = np.ones(len(xs), np.int32)
        connect[4::5] = 0
        path = pg.arrayToQPath(xs, ys, connect=connect, finiteCheck=False)
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(self._pen)
        painter.setBrush(self._fill)
        painter.drawPath(path)
        painter.restore()


class TimelineBadges(pg.GraphicsObject):
    """"+N" pills at (x seconds, y row): marks that did not fit in their lane's rows."""

    def __init__(self):
        super().__init__()
        self._x = np.zeros(0)
        self._y = np.zeros(0)
        self._texts: list[str] = []
        self._font = QFont()
        self._font.setPointSizeF(max(7.0, self._font.pointSizeF() * 0.8))
        self._font.setBold(True)
        self._metrics = QFontMetricsF(self._font)
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_badges(self, x: np.ndarray, y: np.ndarray, texts: list[str]) -> None:
        self.prepareGeometryChange()
        self._x, self._y, self._texts = np.asarray(x, np.float64), np.asarray(y, np.float64), list(texts)
        self.update()

    def texts(self) -> list[str]:
        return list(self._texts)

    def positions(self) -> tuple[np.ndarray, np.ndarray]:
        return self._x, self._y

    def sizes(self) -> tuple[list[float], list[float]]:
        """Each badge's width and height in pixels."""
        widths = [self._metrics.horizontalAdvance(t) + 10.0 for t in self._texts]
        return widths, [self._metrics.height() + 2.0] * len(self._texts)

    def pixel_boxes(self, transform) -> list[QRectF]:
        """Each badge's box in device pixels under ``transform`` (view -> device)."""
        out = []
        for x, y, text in zip(self._x.tolist(), self._y.tolist(), self._texts):
            px = x * transform.m11() + transform.dx()
            py = y * transform.m22() + transform.dy()
            w = self._metrics.horizontalAdvance(text) + 10.0
            h = self._metrics.height() + 2.0
            out.append(QRectF(px + 2.0, py - h / 2.0, w, h))
        return out

    def boundingRect(self) -> QRectF:
        if not len(self._x):
            return QRectF()
        px = (self.pixelWidth() or 0.0) * 80.0
        y0, y1 = float(self._y.min()), float(self._y.max())
        return QRectF(float(self._x.min()) - px, y0 - 0.5, float(self._x.max() - self._x.min()) + 2 * px,
                      y1 - y0 + 1.0)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not len(self._x):
            return
        boxes = self.pixel_boxes(painter.transform())
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setFont(self._font)
        for box, text in zip(boxes, self._texts):
            painter.setPen(QPen(QColor(BADGE_OUTLINE), 1.0))
            painter.setBrush(QColor(BADGE_FILL))
            painter.drawRoundedRect(box, box.height() / 2.0, box.height() / 2.0)
            painter.setPen(QColor(BADGE_TEXT))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()


class TimelineTitles(pg.GraphicsObject):
    """The titles beside the marks: (x seconds, y row, text), drawn left-aligned and vertically
    centred on their row with drawText (a QGraphicsTextItem each would lay out rich text on
    every repaint)."""

    def __init__(self, font: QFont, colour: str):
        super().__init__()
        self._font = font
        self._metrics = QFontMetricsF(font)
        self._colour = QColor(colour)
        self._titles: list[tuple[float, float, str]] = []
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_titles(self, titles: list[tuple[float, float, str]]) -> None:
        self.prepareGeometryChange()
        self._titles = list(titles)
        self.update()

    def texts(self) -> list[str]:
        return [t for _, _, t in self._titles]

    def boundingRect(self) -> QRectF:
        if not self._titles:
            return QRectF()
        xs = [x for x, _, _ in self._titles]
        ys = [y for _, y, _ in self._titles]
        px = (self.pixelWidth() or 0.0) * 400.0
        return QRectF(min(xs), min(ys) - 1.0, max(xs) - min(xs) + px, max(ys) - min(ys) + 2.0)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not self._titles:
            return
        t = painter.transform()
        painter.save()
        painter.resetTransform()
        painter.setFont(self._font)
        painter.setPen(self._colour)
        ascent = self._metrics.ascent()
        half = self._metrics.height() / 2.0
        for x, y, text in self._titles:
            painter.drawText(QPointF(x * t.m11() + t.dx() + 3.0, y * t.m22() + t.dy() - half + ascent), text)
        painter.restore()


def legend_diamond(painter: QPainter, centre: QPointF, size: float, fill: str, outline: str) -> None:
    """A diamond as the timeline draws it (for legends)."""
    half = size / 2.0
    painter.setPen(QPen(QColor(outline), 1.3))
    painter.setBrush(QColor(fill))
    painter.drawPolygon([QPointF(centre.x(), centre.y() - half), QPointF(centre.x() + half, centre.y()),
                         QPointF(centre.x(), centre.y() + half), QPointF(centre.x() - half, centre.y())])


__all__ = ["TimelineDiamonds", "TimelineBadges", "legend_diamond", "look"]
