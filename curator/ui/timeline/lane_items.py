"""What a grouped timeline draws besides the marks: lane bands behind them and the lane names.

LaneBands is one graphics item in the plot painting a band per lane group (alternate groups
shaded, the highlighted one stronger); it spans whatever x range is exposed, so it pans with the
marks and never needs redrawing for a pan. LaneGutter is a plain widget at the plot's left: the
lane names stay put while the timeline pans, and follow the vertical scroll.
"""

from __future__ import annotations

import bisect
from typing import Callable, Optional

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QScrollBar, QToolTip, QWidget

from curator.ui.timeline.layout import NONE_LANE, LaneGroup

BAND = "#eef1f5"  # every other lane group
HIGHLIGHT_BAND = "#ffe8cc"  # the highlighted lane (an actor selected elsewhere)
HIGHLIGHT_EDGE = "#e8590c"
SEPARATOR = "#dde1e6"
GUTTER_BACKGROUND = "#f7f8fa"
GUTTER_TEXT = "#334e68"
NONE_TEXT = "#8a8a8a"


def band_colour(index: int, highlighted: bool) -> Optional[QColor]:
    if highlighted:
        return QColor(HIGHLIGHT_BAND)
    return QColor(BAND) if index % 2 else None


class LaneBands(pg.GraphicsObject):
    """The lane groups' background bands, in view coordinates (row r is centred on y = r)."""

    def __init__(self):
        super().__init__()
        self._groups: list[LaneGroup] = []
        self._highlight: Optional[int] = None
        self._bounds = QRectF()
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_groups(self, groups: list[LaneGroup], highlight: Optional[int]) -> None:
        self.prepareGeometryChange()
        self._groups, self._highlight = list(groups), highlight
        self._firsts = [g.first for g in self._groups]
        rows = groups[-1].first + groups[-1].rows if groups else 0
        self._bounds = QRectF(-1e13, -0.5, 2e13, rows) if groups else QRectF()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option, widget=None) -> None:
        exposed = option.exposedRect
        top, bottom = sorted((exposed.top(), exposed.bottom()))
        separator = QPen(QColor(SEPARATOR))
        separator.setCosmetic(True)
        painter.setPen(Qt.PenStyle.NoPen)
        start = max(bisect.bisect_right(self._firsts, top + 0.5) - 1, 0)
        end = bisect.bisect_right(self._firsts, bottom + 0.5)
        for k in range(start, min(end + 1, len(self._groups))):
            group = self._groups[k]
            y0, y1 = group.first - 0.5, group.first + group.rows - 0.5
            if y1 < top or y0 > bottom:
                continue
            colour = band_colour(k, k == self._highlight)
            if colour is not None:
                painter.fillRect(QRectF(exposed.left(), y0, exposed.width(), y1 - y0), colour)
            if k:
                painter.setPen(separator)
                painter.drawLine(pg.QtCore.QPointF(exposed.left(), y0),
                                 pg.QtCore.QPointF(exposed.right(), y0))
                painter.setPen(Qt.PenStyle.NoPen)


class LaneGutter(QWidget):
    """The lane names, left of the plot: each centred on the visible part of its lane."""

    WIDTH = 150

    def __init__(self, to_pixels: Callable[[float], float], visible_span: Callable[[], tuple[float, float]],
                 scrollbar: QScrollBar, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._to_pixels = to_pixels  # view y -> this widget's y
        self._visible_span = visible_span  # (top, bottom) of the plot area, in this widget's y
        self._scrollbar = scrollbar
        self._groups: list[LaneGroup] = []
        self._firsts: list[int] = []
        self._highlight: Optional[int] = None
        self.setFixedWidth(self.WIDTH)
        self.setMouseTracking(True)
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.9))
        self.setFont(font)

    def set_groups(self, groups: list[LaneGroup], highlight: Optional[int]) -> None:
        self._groups, self._highlight = list(groups), highlight
        self._firsts = [g.first for g in self._groups]
        self.update()

    def name_rects(self) -> list[tuple[str, QRectF]]:
        """Where each visible lane's name is drawn (this widget's pixels), for tests."""
        return [(name, rect) for _, name, rect in self._visible_rects()]

    def _visible_rects(self) -> list[tuple[int, str, QRectF]]:
        """(index, name, rect) of the lanes in view: only those are looked at (a binary search
        over the lanes' first rows), however many lanes there are."""
        if not self._groups:
            return []
        top, bottom = self._visible_span()
        origin = self._to_pixels(0.0)
        scale = self._to_pixels(1.0) - origin  # rows to pixels is affine
        if scale == 0:
            return []
        rows = sorted(((top - origin) / scale + 0.5, (bottom - origin) / scale + 0.5))
        firsts = self._firsts
        start = max(bisect.bisect_right(firsts, rows[0]) - 1, 0)
        end = bisect.bisect_right(firsts, rows[1])
        out = []
        for k in range(start, min(end + 1, len(self._groups))):
            group = self._groups[k]
            y0 = origin + scale * (group.first - 0.5)
            y1 = origin + scale * (group.first + group.rows - 0.5)
            y0, y1 = max(min(y0, y1), top), min(max(y0, y1), bottom)
            if y1 - y0 >= 4:
                out.append((k, group.name, QRectF(6, y0, self.width() - 12, y1 - y0)))
        return out

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(GUTTER_BACKGROUND))
        top, bottom = self._visible_span()
        normal = QFont(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        for k, name, rect in self._visible_rects():
            highlighted = k == self._highlight
            colour = band_colour(k, highlighted)
            band = QRectF(0, rect.top(), self.width(), rect.height())
            if colour is not None:
                painter.fillRect(band, colour)
            if highlighted:
                painter.fillRect(QRectF(0, rect.top(), 3, rect.height()), QColor(HIGHLIGHT_EDGE))
            if k:
                painter.setPen(QColor(SEPARATOR))
                painter.drawLine(0, int(self._to_pixels(self._groups[k].first - 0.5)),
                                 self.width(), int(self._to_pixels(self._groups[k].first - 0.5)))
            font = bold if highlighted else normal
            painter.setFont(font)
            painter.setPen(QColor(NONE_TEXT if name == NONE_LANE else GUTTER_TEXT))
            text = QFontMetrics(font).elidedText(name, Qt.TextElideMode.ElideRight, int(rect.width()))
            # a tall lane shows its name at its top row, not lost in the middle
            line = QFontMetrics(font).height()
            head = QRectF(rect.left(), rect.top(), rect.width(), min(rect.height(), max(line + 6, 20)))
            painter.drawText(head, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        painter.setPen(QColor(SEPARATOR))
        painter.drawLine(self.width() - 1, int(top), self.width() - 1, int(bottom))
        painter.end()

    def group_at(self, y: float) -> Optional[LaneGroup]:
        for k, _, rect in self._visible_rects():
            if rect.top() <= y <= rect.bottom():
                return self._groups[k]
        return None

    def mouseMoveEvent(self, event) -> None:
        group = self.group_at(event.position().y())
        if group is None:
            QToolTip.hideText()
            return
        noun = "mark" if group.marks == 1 else "marks"
        QToolTip.showText(event.globalPosition().toPoint(), f"{group.name}\n{group.marks} {noun}", self)

    def wheelEvent(self, event) -> None:  # the gutter scrolls the lanes
        self._scrollbar.wheelEvent(event)
