"""The timeline's lanes: grouping marks by actor, document, label or place, and rows at least
MIN_LANE_PX tall with a vertical scroll bar when they do not fit.

A mixin of :class:`curator.ui.timeline.view.TimelineView` (it uses the view's state).
"""

from __future__ import annotations

from typing import Callable, Iterable, Optional

import pyqtgraph as pg
from PySide6.QtCore import QPointF

from curator.ui.timeline.header import LANE_MODES
from curator.ui.timeline.items import mark_thickness
from curator.ui.timeline.layout import group_at_row

MIN_LANE_PX = 20.0  # a row is never thinner than this: titles stay readable, the pane scrolls
MAX_LANE_PX = 30.0

LaneSource = Callable[[str], Iterable[tuple[int, str]]]


class TimelineLanesMixin:
    # ---------------------------------------------------------------- public API: lanes

    def set_lane_source(self, source: Optional[LaneSource]) -> None:
        """Where lane keys come from for rows given to set_events: ``source(by)`` gives
        (event id, lane name) pairs. (The window's binding loads lanes itself.)"""
        self._lane_source = source
        if self._rows is not None and self._lane_by != "none":
            self._rebuild_from_rows(fit=False)

    def set_lane_mode(self, by: str) -> None:
        """Group lanes by "none", "actor", "document", "label" or "place" (as the header's
        control does; unknown values mean "none")."""
        self._header.lanes.setCurrentText(by if by in LANE_MODES else "none")

    def lane_mode(self) -> str:
        return self._lane_by

    def refresh_lanes(self) -> None:
        """Read the lane keys again (the set_events API: actors, documents, labels changed)."""
        if self._rows is not None and self._lane_by != "none":
            self._rebuild_from_rows(fit=False)

    def lane_names(self) -> list[str]:
        """The lanes' names, top to bottom ([] when lanes are not grouped)."""
        return [g.name for g in self._groups]

    def lane_mark_counts(self) -> dict[str, int]:
        """Marks the query shows in each lane."""
        return {g.name: g.marks for g in self._groups}

    def event_lanes(self, event_id: int) -> list[str]:
        """The lanes holding the event's marks (one per actor, document...), top to bottom."""
        if not self._store.grouped:
            return []
        lanes = set(self._store.marks.marks_of(event_id).lanes.tolist())
        return [g.name for g in self._groups if g.lane in lanes]

    def lane_of_row(self, row: int) -> Optional[str]:
        group = group_at_row(self._groups, row)
        return group.name if group is not None else None

    def drawn_lane_names(self) -> list[str]:
        """The names the gutter shows now (lanes scrolled into view), for tests."""
        return [name for name, _ in self._gutter.name_rects()] if self._gutter.isVisible() else []

    def highlight_lane(self, name: Optional[str]) -> bool:
        """Mark one lane (stronger band, bold name) and scroll it into view; None clears. Names
        match case-insensitively; returns whether such a lane is shown."""
        self._highlight_name = name
        self._highlight = self._find_group(name)
        self._band_item.set_groups(self._groups, self._highlight)
        self._gutter.set_groups(self._groups, self._highlight)
        if self._highlight is not None:
            group = self._groups[self._highlight]
            self._scroll_to_row(group.first, group.first + group.rows - 1)
        return self._highlight is not None

    def highlighted_lane(self) -> Optional[str]:
        return self._groups[self._highlight].name if self._highlight is not None else None

    def _find_group(self, name: Optional[str]) -> Optional[int]:
        if not name:
            return None
        folded = name.casefold()
        return next((k for k, g in enumerate(self._groups) if g.name.casefold() == folded), None)

    def _grouped(self) -> bool:
        return self._store.grouped

    def _on_lane_mode_chosen(self, by: str) -> None:
        if by == self._lane_by:
            return
        self._lane_by = by
        if self._rows is not None:  # rows given to set_events: lanes from the lane source now
            self._rebuild_from_rows(fit=False)
        self.laneModeChanged.emit(by)

    # ---------------------------------------------------------------- rows and scrolling

    def _apply_lanes(self, resize_dots: bool = True) -> None:
        """Row height from the pane's height (MIN_LANE_PX..MAX_LANE_PX); a scroll bar when the
        rows need more room than the pane has."""
        avail = max(self._vb.height(), 1.0)
        rows = float(self._lanes)
        lane_px = min(MAX_LANE_PX, max(MIN_LANE_PX, avail / (rows + 0.5)))
        self._lane_px_now = lane_px
        units = avail / lane_px
        content = max(rows + 0.5, units)
        self._vb.setLimits(yMin=-0.75, yMax=content - 0.75)
        extra = int(round((content - units) * lane_px))
        self._scroll.blockSignals(True)
        self._scroll.setRange(0, extra)
        self._scroll.setPageStep(max(1, int(avail)))
        self._scroll.setSingleStep(max(1, int(lane_px)))
        self._scroll.blockSignals(False)
        self._scroll.setVisible(extra > 0)
        self._apply_y()
        size = round(mark_thickness(lane_px) + 1.0)
        if size != self._dot_size:
            self._dot_size = size
            self._dots.set_size(size)
            self._fuzzy_dots.set_size(size)
            self._sel_dot.set_size(size + 5)

    def _apply_y(self) -> None:
        top = -0.75 + self._scroll.value() / self._lane_px_now
        self._vb.setYRange(top, top + max(self._vb.height(), 1.0) / self._lane_px_now, padding=0)
        self._gutter.update()
        if self._store.grouped or self._plans:
            self._update_frame()  # lanes scrolled into view are computed now
        self._label_timer.start()

    def _scroll_to_row(self, first: int, last: Optional[int] = None) -> None:
        """Scroll vertically so that rows first..last are in view (as much as fits)."""
        if not self._scroll.isVisibleTo(self):
            return
        last = first if last is None else last
        top, bottom = self._vb.viewRange()[1]
        if first - 0.5 >= top and last + 0.5 <= bottom:
            return
        self._scroll.setValue(int(round((first - 0.5 + 0.75) * self._lane_px_now)) - 2)

    def _lane_px(self) -> float:
        return self._lane_px_now

    def _plot_to_gutter_dy(self) -> float:
        return float(self._plot.viewport().mapTo(self, pg.QtCore.QPoint(0, 0)).y()
                     - self._gutter.mapTo(self, pg.QtCore.QPoint(0, 0)).y())

    def _view_y_to_gutter(self, y: float) -> float:
        return self._vb.mapViewToScene(QPointF(0.0, y)).y() + self._plot_to_gutter_dy()

    def _gutter_span(self) -> tuple[float, float]:
        rect = self._vb.sceneBoundingRect()
        dy = self._plot_to_gutter_dy()
        return rect.top() + dy, rect.bottom() + dy

