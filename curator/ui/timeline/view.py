"""The timeline pane: every dated event on a zoomable date axis, as single marks where they can
be told apart and as density where they cannot.

Single-day events are diamonds centred on their day; longer intervals are bars from the start of
their earliest day to the end of their latest; an open end (``../1899``, ``1945/..``) runs on to
the edge of the view and ends in an arrowhead there. Exact dates are solid; approximate,
uncertain or coarse ones (a month, season, year...) are hollow diamonds and pale hatched bars
with fading ends, as the legend in the header strip shows. Marks are packed into rows at least
MIN_LANE_PX tall (the pane scrolls vertically when they need more); titles are shown when few
marks are in view.

When a lane has more marks in view than can be told apart (see :mod:`curator.ui.timeline.frame`)
it shows its density instead: a histogram of events per day, week, month... (each event spread
over its days) with its scale written in the band; zooming in turns it back into marks.

Above the plot, the overview strip shows the density of the whole extent with the visible range
as a window to drag; Shift+drag (there or on the plot) brushes a date range, which the binding
makes the event table's date filter.

Lanes: the header's "Lanes" control groups the marks by actor, document, label or place; each
group gets a band of rows and its name in a gutter at the left, and an event with several actors
has a mark in each of their lanes. Events without a key go in a "(none)" lane at the bottom.

The data is a :class:`~curator.ui.timeline.store.TimelineStore` (NumPy columns): the binding
loads it on a worker; :meth:`set_events` builds one from rows for small sets (tests, tools).
"""

from __future__ import annotations

from typing import Callable, Iterable, Optional

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollBar, QVBoxLayout, QWidget

from curator.core.records import EventRow
from curator.core.timeline_columns import TimelineColumns, sorted_unique
from curator.ui.events.columns import date_display
from curator.ui.timeline import items as look
from curator.ui.timeline.axis import GridLines, TimeAxis
from curator.ui.timeline.density_items import BrushBand, DensityBars
from curator.ui.timeline.frame import FramePlanner
from curator.ui.timeline.header import TimelineHeader
from curator.ui.timeline.items import TimelineBars
from curator.ui.timeline.lane_items import LaneBands, LaneGutter
from curator.ui.timeline.layout import DAY
from curator.ui.timeline.mark_items import TimelineBadges, TimelineDiamonds, TimelineTitles
from curator.ui.timeline.overview import OverviewStrip
from curator.ui.timeline.store import TimelineStore, columns_from_event_rows, lanes_from_pairs
from curator.ui.timeline.view_frame import TimelineFrameMixin
from curator.ui.timeline.view_lanes import MAX_LANE_PX, LaneSource, TimelineLanesMixin
from curator.ui.timeline.view_notes import TimelineNotesMixin
from curator.ui.timeline.view_titles import TimelineTitlesMixin
from curator.ui.timeline.viewbox import TimelineViewBox

YEAR = 365.2425 * DAY
MIN_X_RANGE = 6 * 3600.0  # a quarter of a day
MAX_X_RANGE = 600 * YEAR  # the widest zoom, unless the events span more (zoom to fit shows all)
X_LIMITS = (-62135596800.0, 253370764800.0)  # 0001-01-01 .. 9999-01-01, what the axis can label

SHADOW = "#9aa5b1"
TitleSource = Callable[[list[int]], dict[int, str]]
DescribeSource = Callable[[int], str]


class TimelineView(TimelineFrameMixin, TimelineLanesMixin, TimelineTitlesMixin, TimelineNotesMixin,
                   QWidget):
    """Zoomable timeline of events (the main window's bottom pane)."""

    eventClicked = Signal(int)
    laneModeChanged = Signal(str)  # the user (or set_lane_mode) chose what lanes group by
    brushChanged = Signal(object)  # (earliest ISO day, latest ISO day) brushed, or None: cleared

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._store = TimelineStore.build(TimelineColumns.empty())
        self._planner = FramePlanner()
        self._plans = []
        self._drawn_key = None
        self._rows: Optional[dict[int, EventRow]] = None  # rows given to set_events (small sets)
        self._only: Optional[np.ndarray] = None  # the filter of rows given to set_events
        self._badge_what: list = []
        self._drawn = None
        self._lane_by = "none"
        self._lane_source: Optional[LaneSource] = None
        self._title_source: Optional[TitleSource] = None
        self._describe_source: Optional[DescribeSource] = None
        self._titles: dict[int, str] = {}
        self._groups = []  # every shown lane group (grouped), top to bottom
        self._highlight: Optional[int] = None  # index into _groups
        self._highlight_name: Optional[str] = None
        self._lanes = 1  # rows of content
        self._lane_px_now = MAX_LANE_PX
        self._selected: Optional[int] = None
        self._dot_size = 0
        self._outside: dict[int, bool] = {}  # marks announced as outside the view: id -> is new
        self._loading: Optional[float] = None
        self._in_frame = False
        self._brush: Optional[tuple[int, int]] = None  # brushed days (first, last), inclusive

        self._vb = TimelineViewBox()
        self._plot = pg.PlotWidget(background=look.BACKGROUND, viewBox=self._vb)
        self._plot.setAntialiasing(False)
        self._plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        item = self._plot.getPlotItem()
        item.hideAxis("left")
        item.hideAxis("bottom")  # the date axis is a light widget under the plot (axis.py)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.layout.setContentsMargins(0, 0, 0, 0)
        self._axis = TimeAxis(self._seconds_to_axis_px)
        self._grid = GridLines()
        self._grid.setZValue(-6)
        self._vb.addItem(self._grid, ignoreBounds=True)
        self._vb.setMouseEnabled(x=True, y=False)
        self._vb.setMenuEnabled(False)
        self._vb.disableAutoRange()
        self._vb.invertY(True)  # lane 0 at the top
        self._vb.setLimits(xMin=X_LIMITS[0], xMax=X_LIMITS[1], minXRange=MIN_X_RANGE,
                           maxXRange=MAX_X_RANGE)
        self._vb.brushed.connect(self._on_plot_brushed)

        self._band_item = LaneBands()
        self._band_item.setZValue(-5)
        self._vb.addItem(self._band_item, ignoreBounds=True)
        self._brush_band = BrushBand()
        self._brush_band.setZValue(-4)
        self._vb.addItem(self._brush_band, ignoreBounds=True)
        self._density = DensityBars()
        self._shadows = TimelineBars(SHADOW, None, largest=2.0)  # longer marks a lane had no row for
        self._bars = TimelineBars()
        self._dots = TimelineDiamonds(look.DOT_FILL, look.DOT_OUTLINE, 1.0)
        self._fuzzy_dots = TimelineDiamonds(look.FUZZY_DOT_FILL, look.DOT_FILL, 1.5)
        self._badges = TimelineBadges()
        self._sel_bar = TimelineBars(look.SELECTED_FILL, look.SELECTED_OUTLINE, largest=14.0)
        self._sel_dot = TimelineDiamonds(look.SELECTED_FILL, look.SELECTED_OUTLINE, 1.5, 14.0)
        for z, graphic in enumerate((self._density, self._shadows, self._bars, self._dots, self._fuzzy_dots,
                                     self._badges, self._sel_bar, self._sel_dot)):
            graphic.setZValue(z + 1)
            graphic.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self._vb.addItem(graphic, ignoreBounds=True)

        self._font = QFont(self.font())
        self._font.setPointSizeF(max(7.5, self._font.pointSizeF() * 0.9))
        self._metrics = QFontMetrics(self._font)
        self._title_item = TimelineTitles(self._font, look.TEXT)
        self._title_item.setZValue(10)
        self._vb.addItem(self._title_item, ignoreBounds=True)
        self._label_boxes: list[tuple[float, float, float, float]] = []

        self._header = TimelineHeader()
        self._legend = self._header.legend
        self._header.laneModeChanged.connect(self._on_lane_mode_chosen)
        self._header.showOutsideClicked.connect(self.show_outside)
        self._header.brushCleared.connect(lambda: self._set_brush(None, emit=True))
        self._overview = OverviewStrip()
        self._overview.windowMoved.connect(self._on_overview_moved)
        self._overview.brushed.connect(lambda days: self._set_brush(days, emit=True))
        self._scroll = QScrollBar(Qt.Orientation.Vertical)
        self._scroll.valueChanged.connect(lambda *_: self._apply_y())
        self._gutter = LaneGutter(self._view_y_to_gutter, self._gutter_span, self._scroll)
        self._gutter.hide()
        self._hint = QLabel(self._plot)
        self._hint.setObjectName("timelineHint")
        self._hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._hint.setWordWrap(True)
        self._hint.setStyleSheet("QLabel { color: #52606d; font-size: 13px; }")
        self._hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self._hint.hide()
        self._longer = QLabel(self._plot)  # marks longer than the view, too many to draw
        self._longer.setObjectName("timelineLongerNote")
        self._longer.setStyleSheet("QLabel { background: #e4e7eb; color: #334e68; border: 1px solid "
                                   "#9aa5b1; border-radius: 8px; padding: 1px 8px; font-size: 11px; }")
        self._longer.setTextFormat(Qt.TextFormat.RichText)
        self._longer.linkActivated.connect(lambda *_: self._open_badge(0))
        self._longer.hide()

        self._label_timer = QTimer(self)
        self._label_timer.setSingleShot(True)
        self._label_timer.setInterval(40)
        self._label_timer.timeout.connect(self._refresh_labels)
        self._settle_timer = QTimer(self)  # a pan or zoom has stopped: marks packed for its zoom
        self._settle_timer.setSingleShot(True)
        self._settle_timer.setInterval(150)
        self._settle_timer.timeout.connect(lambda: self._update_frame(settled=True))
        self._vb.sigXRangeChanged.connect(lambda *_: self._on_x_range_changed())
        self._vb.sigYRangeChanged.connect(lambda *_: self._gutter.update())
        self._vb.sigResized.connect(self._on_resized)
        self._plot.scene().sigMouseClicked.connect(self._on_scene_click)
        self._plot.scene().sigMouseMoved.connect(self._on_mouse_moved)

        body = QGridLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self._gutter, 0, 0)
        body.addWidget(self._plot, 0, 1)
        body.addWidget(self._scroll, 0, 2)
        body.addWidget(self._axis, 1, 1)
        body.setColumnStretch(1, 1)
        body.setRowStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._header)
        layout.addWidget(self._overview)
        layout.addLayout(body, 1)
        self._apply_lanes()
        self._reset_x_range()
        self._update_hint()

    # ---------------------------------------------------------------- public API: data
    def set_store(self, store: TimelineStore, *, fit: bool = False) -> None:
        """Show ``store`` (the binding's, built on a worker). ``fit``: zoom to fit its events
        (a project just opened); otherwise the view stays where it is."""
        first = self._store.dated_count() == 0 and store.dated_count() > 0
        if store.by != self._store.by or fit:
            self._planner.forget()
        self._store = store
        self._titles = {}
        if self._selected is not None and not store.knows(self._selected):
            self._selected = None
        self._relayout()
        if fit or first:
            self.zoom_to_fit()

    def store(self) -> TimelineStore:
        return self._store

    def set_title_source(self, titles: Optional[TitleSource], describe: Optional[DescribeSource]) -> None:
        """Where titles (``titles(ids) -> {id: title}``) and hover texts (``describe(id)``) come
        from: the binding asks the workspace, by id, for the few marks that need one."""
        self._title_source, self._describe_source = titles, describe
        self._titles = {}

    def set_events(self, rows: list[EventRow], *, only: Optional[Iterable[int]] | str = "keep") -> None:
        """Show these rows (a small set the caller holds: tests and tools; the window's binding
        loads columns instead). Undated ones are counted in the corner note. ``only``: the ids
        the filter shows (None: all; default: keep the current filter)."""
        self._rows = {row.id: row for row in rows}
        if only != "keep":
            self._only = None if only is None else sorted_unique(np.array(list(only), np.int64))
        self._rebuild_from_rows(fit=True)

    def update_event(self, row: EventRow) -> None:
        self.update_events([row])

    def update_events(self, rows: list[EventRow]) -> None:
        """Rows changed or were added (the set_events API). Each keeps its row when it still fits."""
        rows = list(rows)
        if not rows or self._rows is None:
            return
        new = {r.id: r.id not in self._rows for r in rows}
        self._rows.update((r.id, r) for r in rows)
        columns = columns_from_event_rows(rows)
        lanes = self._pairs_for([r.id for r in rows])
        self.apply_changes([r.id for r in rows], columns, lanes, new)

    def remove_event(self, event_id: int) -> None:
        self.remove_events([event_id])

    def remove_events(self, event_ids: list[int]) -> None:
        """Forget events (unknown ids are ignored)."""
        gone = [i for i in event_ids if self._store.holds(i)]
        if self._rows is not None:
            for i in event_ids:
                self._rows.pop(i, None)
        if not gone:
            return
        self.apply_changes(gone, TimelineColumns.empty(), None, {})

    def titles_changed(self, event_ids: list[int]) -> None:
        """These events' titles may have changed (nothing else the timeline draws did)."""
        for event_id in event_ids:
            self._titles.pop(event_id, None)
        self.refresh_titles()

    def apply_changes(self, event_ids: list[int], columns: TimelineColumns, lanes,
                      new: dict[int, bool]) -> None:
        """Events changed (their current columns and lanes; none for a deleted one): drawn at
        once. A changed mark outside the view is panned to when selected, else announced."""
        had_marks = self._store.dated_count() > 0
        if self._selected in event_ids and self._selected not in set(columns.ids.tolist()):
            self._selected = None
        self._set_outside({i: n for i, n in self._outside.items() if i not in event_ids
                           or i in set(columns.ids.tolist())})
        self._store = self._store.edited(event_ids, columns, lanes if self._store.grouped else None)
        for event_id in event_ids:
            self._titles.pop(event_id, None)
        self._relayout()
        if not had_marks and self._store.dated_count():
            self.zoom_to_fit()
        else:
            self._announce_outside({i: new.get(i, False) for i in columns.ids.tolist()})

    def set_filter(self, event_ids: Optional[Iterable[int]]) -> None:
        """Draw only these events (None: all), as the event table's query shows them (the
        set_events API; the binding gives the store its matches itself)."""
        self._only = None if event_ids is None else sorted_unique(np.array(list(event_ids), np.int64))
        if self._rows is not None:
            self._store = self._store.with_match(self._only)
            self._relayout()
            self._fit_if_nothing_in_view()

    def filtered_ids(self) -> Optional[set[int]]:
        ids = self._store.match_ids
        return None if ids is None else set(ids.tolist())

    def loading_share(self) -> Optional[float]:
        """How much of the events is read while loading (None: not loading)."""
        return self._loading

    def set_loading(self, fraction: Optional[float], what: str = "Reading events…") -> None:
        """Say that events are being read (0..1, or 0 when unknown) or ``what`` the worker does;
        None: done."""
        self._loading = fraction
        self._header.set_loading(fraction, what)
        self._update_hint()

    def _rebuild_from_rows(self, fit: bool) -> None:
        rows = list(self._rows.values())
        columns = columns_from_event_rows(rows)
        lanes = self._pairs_for(None) if self._lane_by != "none" else None
        store = TimelineStore.build(columns, lanes, self._only)
        self.set_title_source(lambda ids: {i: self._rows[i].title or "(untitled)"
                                           for i in ids if i in self._rows},
                              self._describe_row)
        self.set_store(store, fit=fit)

    def _pairs_for(self, ids: Optional[list[int]]):
        """Lanes from the lane source (the set_events API), for all events or some."""
        if self._lane_by == "none" or self._lane_source is None:
            return None
        pairs = [(e, n) for e, n in self._lane_source(self._lane_by) if ids is None or e in set(ids)]
        return lanes_from_pairs(self._lane_by, pairs)

    def _describe_row(self, event_id: int) -> str:
        row = (self._rows or {}).get(event_id)
        if row is None:
            return ""
        details = " · ".join(part for part in (date_display(row), row.location) if part)
        return f"{row.title or '(untitled)'}\n{details}" if details else (row.title or "(untitled)")

    def _seconds_to_axis_px(self, seconds: float) -> float:
        return self._vb.mapViewToScene(QPointF(seconds, 0.0)).x()

    def axis_labels(self) -> list[str]:
        """The date axis's labels now (for tests)."""
        return self._axis.labels()

    # ---------------------------------------------------------------- public API: selection
    def select_event(self, event_id: Optional[int], center: bool = True) -> None:
        """Highlight one event (None clears) and pan so that it is in view.

        With center=True an event not wholly in view is centred; with center=False the view moves
        only as far as needed. An event already in view never moves the view. An event longer
        than the view zooms out to show all of it. Its lane (and row) is scrolled into view.
        """
        self._selected = event_id if event_id is not None and self._store.knows(event_id) else None
        if self._selected is None:
            self._draw_selection()
            return
        if event_id in self._outside:
            self._set_outside({i: n for i, n in self._outside.items() if i != event_id})
        start, end = self._event_span(event_id)
        x0, x1 = self._vb.viewRange()[0]
        if not (start >= x0 and end <= x1):
            span = x1 - x0
            if end - start > span * 0.9:
                margin = (end - start) * 0.1
                self._set_x_range(start - margin, end + margin)
            elif center:
                mid = (start + end) / 2.0
                self._vb.setXRange(mid - span / 2.0, mid + span / 2.0, padding=0)
            elif start < x0:
                self._vb.setXRange(start - span * 0.05, start + span * 0.95, padding=0)
            else:
                self._vb.setXRange(end - span * 0.95, end + span * 0.05, padding=0)
        self._scroll_to_event(event_id)
        self._draw_selection()

    def selected_event(self) -> Optional[int]:
        """The highlighted event's id, or None."""
        return self._selected

    def _event_span(self, event_id: int) -> tuple[float, float]:
        """Seconds [start, end) of an event as drawn (an open end reaches a year past its day)."""
        marks = self._store.events.marks_of(event_id)
        start = float(marks.first[0]) * DAY
        end = (float(marks.last[0]) + 1.0) * DAY
        return start, end

    # ---------------------------------------------------------------- public API: range
    def zoom_to_fit(self) -> None:
        """Show every event the query shows, with a small margin (wider than the usual zoom
        limit if need be)."""
        extent = self._store.shown_extent()
        if extent is None:
            self._reset_x_range()
            return
        x0, x1 = extent[0] * DAY, (extent[1] + 1) * DAY
        span = max(x1 - x0, 30 * DAY)
        mid = (x0 + x1) / 2.0
        few = self._store.shown_count() <= 60  # titles are drawn: room on the right for the last
        self._set_x_range(mid - span * 0.53, mid + span * (0.5 + (0.16 if few else 0.03)))
        self._set_outside({})

    def visible_x_range(self) -> tuple[float, float]:
        x0, x1 = self._vb.viewRange()[0]
        return float(x0), float(x1)

    def set_x_range(self, x0: float, x1: float) -> None:
        """Show seconds [x0, x1] (zoom limits apply)."""
        self._set_x_range(x0, x1)

    def _set_x_range(self, x0: float, x1: float) -> None:
        """Show [x0, x1], widening the zoom limit when it is more than MAX_X_RANGE."""
        self._vb.setLimits(maxXRange=max(MAX_X_RANGE, (x1 - x0) * 1.001))
        self._vb.setXRange(max(x0, X_LIMITS[0]), min(x1, X_LIMITS[1]), padding=0)

    def _reset_x_range(self) -> None:
        """No marks: the year around today, at the usual zoom limits."""
        self._vb.setLimits(maxXRange=MAX_X_RANGE)
        now = float(np.datetime64("today", "D").astype(np.int64)) * DAY
        self._vb.setXRange(now - 0.5 * YEAR, now + 0.5 * YEAR, padding=0)

    def _fit_if_nothing_in_view(self) -> None:
        if self._store.shown_count() and not self.marks_in_view():
            self.zoom_to_fit()  # nothing left in view: show what the filter kept

    def _on_overview_moved(self, x0: float, x1: float) -> None:
        self._set_x_range(x0, x1)

    # ---------------------------------------------------------------- public API: brush
    def set_brush(self, earliest: Optional[str], latest: Optional[str]) -> None:
        """Show the brushed dates (ISO days; None for both clears), as the table's filter has
        them; emits nothing."""
        if earliest is None and latest is None:
            self._set_brush(None, emit=False)
            return
        first = int(np.datetime64(earliest or "0001-01-01", "D").astype(np.int64))
        last = int(np.datetime64(latest or "9999-12-31", "D").astype(np.int64))
        self._set_brush((first, last), emit=False)

    def brush(self) -> Optional[tuple[str, str]]:
        """The brushed dates as ISO days (first, last), or None."""
        if self._brush is None:
            return None
        return (str(np.datetime64(self._brush[0], "D")), str(np.datetime64(self._brush[1], "D")))

    def _on_plot_brushed(self, x0: float, x1: float, done: bool) -> None:
        first, last = sorted((x0, x1))
        days = (int(np.floor(first / DAY)), int(np.floor(last / DAY)))
        self._brush_band.set_range(days[0] * DAY, (days[1] + 1) * DAY)
        if done:
            self._set_brush(days, emit=True)

    def _set_brush(self, days: Optional[tuple[int, int]], emit: bool) -> None:
        self._brush = None if days is None else (min(days), max(days))
        if self._brush is None:
            self._brush_band.set_range(None, None)
        else:
            self._brush_band.set_range(self._brush[0] * DAY, (self._brush[1] + 1) * DAY)
        self._overview.set_brush(self._brush)
        self._header.set_brush(self.brush())
        if emit:
            self.brushChanged.emit(self.brush())
