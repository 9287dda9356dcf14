"""The timeline's date axis: calendar ticks (hours, days, months, years, decades…) labelled so that
each says where it is ("8 May 2014" where a month or year begins, "9", "10"… between), drawn by
a light widget under the plot and as grid lines in it.

pyqtgraph's DateAxisItem builds its ticks with Python datetimes on every repaint (about 15 ms a
frame here); these are computed with NumPy in well under a millisecond, which keeps pans and
zooms within a frame's budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

DAY = 86400.0
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FIRST_SECOND = -62135596800.0  # 0001-01-01
LAST_SECOND = 253402300800.0  # 10000-01-01


@dataclass(frozen=True)
class Tick:
    seconds: float
    label: str
    major: bool  # a month, year or decade begins here (a stronger grid line)


def _month_label(m: int, with_year: bool) -> str:
    year, month = 1970 + m // 12, m % 12
    return f"{MONTHS[month]} {year}" if with_year or month == 0 else MONTHS[month]


def axis_ticks(x0: float, x1: float, width_px: float, label_px: float = 90.0) -> list[Tick]:
    """Ticks for seconds [x0, x1] shown over ``width_px`` pixels, at least ``label_px`` apart."""
    x0, x1 = max(x0, FIRST_SECOND), min(x1, LAST_SECOND)
    if x1 <= x0 or width_px <= 0:
        return []
    per_px = (x1 - x0) / width_px
    need = label_px * per_px  # seconds between labels at least
    out: list[Tick] = []
    if need <= DAY / 2:  # hours
        step = next(h for h in (1, 2, 3, 6, 12) if h * 3600 >= need) * 3600
        first = np.floor(x0 / step) * step
        for s in np.arange(first, x1 + step, step):
            day = np.datetime64(int(s // DAY), "D").item()
            if s % DAY == 0:
                out.append(Tick(float(s), f"{day.day} {MONTHS[day.month - 1]} {day.year}", True))
            else:
                out.append(Tick(float(s), f"{int(s % DAY // 3600):02d}:00", False))
        return out
    if need <= 15 * DAY:  # days
        step = next(d for d in (1, 2, 7, 14) if d * DAY >= need)
        d0, d1 = int(np.floor(x0 / DAY)), int(np.ceil(x1 / DAY))
        origin = 4 if step >= 7 else 0  # weeks start on Mondays
        first = d0 - ((d0 - origin) % step)
        shown_year = False
        for d in range(first, d1 + 1, step):
            day = np.datetime64(d, "D").item()
            month_start = day.day <= step and step < 7 or day.day == 1
            if not shown_year or (day.month == 1 and day.day <= step):
                label, major = f"{day.day} {MONTHS[day.month - 1]} {day.year}", True
                shown_year = True
            elif month_start:
                label, major = f"{day.day} {MONTHS[day.month - 1]}", True
            else:
                label, major = str(day.day), False
            out.append(Tick(d * DAY, label, major))
        return out
    months_needed = need / (30.44 * DAY)
    if months_needed <= 6:  # months
        step = next(m for m in (1, 2, 3, 6) if m >= months_needed)
        m0 = int(np.datetime64(int(x0 // DAY), "D").astype("datetime64[M]").astype(np.int64))
        m1 = int(np.datetime64(int(x1 // DAY), "D").astype("datetime64[M]").astype(np.int64)) + 1
        first = m0 - (m0 % step)
        shown = False
        for m in range(first, m1 + 1, step):
            seconds = float(np.datetime64(m, "M").astype("datetime64[D]").astype(np.int64)) * DAY
            out.append(Tick(seconds, _month_label(m, not shown), m % 12 == 0))
            shown = True
        return out
    years_needed = months_needed / 12.0
    step = next((y for y in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000) if y >= years_needed), 5000)
    y0 = int(np.datetime64(int(x0 // DAY), "D").astype("datetime64[Y]").astype(np.int64)) + 1970
    y1 = int(np.datetime64(int(x1 // DAY), "D").astype("datetime64[Y]").astype(np.int64)) + 1971
    major_every = step * (10 if step in (1, 10, 100, 1000) else 5 if step in (2, 20, 200) else 2)
    for year in range(y0 - (y0 % step), y1 + 1, step):
        if not 1 <= year <= 9999:
            continue
        seconds = float(np.datetime64(f"{year:04d}-01-01", "D").astype(np.int64)) * DAY
        out.append(Tick(seconds, str(year), year % major_every == 0))
    return out


class TimeAxis(QWidget):
    """The date labels under the plot. ``to_px`` maps seconds to this widget's x."""

    HEIGHT = 20

    def __init__(self, to_px: Callable[[float], float], parent: QWidget | None = None):
        super().__init__(parent)
        self._to_px = to_px
        self._ticks: list[Tick] = []
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.9))
        self.setFont(font)
        self._metrics = QFontMetricsF(font)
        self.setFixedHeight(self.HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_ticks(self, ticks: list[Tick]) -> None:
        self._ticks = ticks
        self.update()

    def labels(self) -> list[str]:
        return [t.label for t in self._ticks]

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#fbfbfc"))
        painter.setPen(QPen(QColor("#5f6b7a"), 1.0))
        painter.drawLine(0, 0, self.width(), 0)
        right = -1e9
        for tick in self._ticks:
            x = self._to_px(tick.seconds)
            if x < -200 or x > self.width() + 200:
                continue
            painter.setPen(QPen(QColor("#5f6b7a"), 1.0))
            painter.drawLine(QPointF(x, 0), QPointF(x, 4 if not tick.major else 6))
            width = self._metrics.horizontalAdvance(tick.label)
            left = min(max(x - width / 2.0, 2.0), self.width() - width - 2.0)
            if left < right + 6:
                continue  # would touch the label before it
            painter.setPen(QColor("#1f2933"))
            painter.drawText(QRectF(left, 5, width + 2, self.height() - 5),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), tick.label)
            right = left + width
        painter.end()


class GridLines(pg.GraphicsObject):
    """Vertical grid lines at the axis ticks, behind the marks."""

    def __init__(self):
        super().__init__()
        self._minor = np.zeros(0)
        self._major = np.zeros(0)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_ticks(self, ticks: list[Tick]) -> None:
        self._minor = np.array([t.seconds for t in ticks if not t.major])
        self._major = np.array([t.seconds for t in ticks if t.major])
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(FIRST_SECOND, -1e6, LAST_SECOND - FIRST_SECOND, 2e6)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        view = self.viewRect()
        if view is None:
            return
        t = painter.transform()
        painter.save()
        painter.resetTransform()
        top, bottom = sorted((view.top() * t.m22() + t.dy(), view.bottom() * t.m22() + t.dy()))
        for xs, colour in ((self._minor, QColor(0, 0, 0, 18)), (self._major, QColor(0, 0, 0, 40))):
            if not len(xs):
                continue
            px = xs * t.m11() + t.dx()
            painter.setPen(QPen(colour, 1.0))
            painter.drawLines([QLineF(x, top, x, bottom) for x in px.tolist()])
        painter.restore()
