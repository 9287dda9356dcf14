"""Drawing one frame of the timeline: lay the lanes out, ask the planner what each visible lane
shows (marks or density), and hand the items their arrays.

A mixin of :class:`curator.ui.timeline.view.TimelineView` (it uses the view's state). Runs on every
pan and zoom step, so it does O(visible lanes) work unless the planner needs a new listing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from curator.core.timeline_columns import FUZZY, OPEN_END, OPEN_START
from curator.ui.timeline.axis import axis_ticks
from curator.ui.timeline.density_items import LaneDensity
from curator.ui.timeline.frame import LaneSpec, overflow_badges
from curator.ui.timeline.layout import DAY, lane_groups, next_start_in_row

ROW_PX_FOR_FIT = 24.0  # with no grouping, the rows the pane holds at this height set the limit


@dataclass
class DrawnMarks:
    """The single marks of the frame (all marks lanes), as columns: what clicks, hover, titles
    and the selection look up."""
    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    start: np.ndarray = field(default_factory=lambda: np.zeros(0))  # seconds (open: view edge)
    end: np.ndarray = field(default_factory=lambda: np.zeros(0))
    row: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    is_bar: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    fuzzy: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    open_start: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    open_end: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    next_start: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def __len__(self) -> int:
        return len(self.ids)


class TimelineFrameMixin:
    # ---------------------------------------------------------------- layout
    def _relayout(self) -> None:
        """The store, the lanes or the filter changed: lane groups, then the frame."""
        store = self._store
        if store.grouped:
            lanes = store.shown_lanes()
            totals = store.lane_totals()
            names = [store.lane_names[k] for k in lanes]
            self._groups = lane_groups(names, lanes, store.rows, totals)
            self._lanes = self._groups[-1].first + self._groups[-1].rows if self._groups else 1
        else:
            self._groups = []
        self._highlight = self._find_group(self._highlight_name)
        self._band_item.set_groups(self._groups, self._highlight)
        self._gutter.set_groups(self._groups, self._highlight)
        self._gutter.setVisible(store.grouped)
        self._drawn_key = None
        self._overview.set_store(store)
        self._apply_lanes()
        self._update_frame()
        self._update_note()
        self._update_hint()

    def _fit_rows(self) -> int:
        return max(4, int(max(self._vb.height(), 100.0) // ROW_PX_FOR_FIT))

    def _visible_specs(self) -> list[LaneSpec]:
        if not self._store.grouped:
            return [LaneSpec(0, "", 0, self._fit_rows())]
        y0, y1 = self._vb.viewRange()[1]
        out = []
        for group in self._groups:
            if group.first + group.rows - 0.5 < y0 or group.first - 0.5 > y1:
                continue
            out.append(LaneSpec(group.lane, group.name, group.first, group.rows))
        return out

    # ---------------------------------------------------------------- the frame
    def _update_frame(self, settled: bool = True) -> None:
        if self._in_frame:
            return
        self._in_frame = True
        try:
            self._frame(settled)
        finally:
            self._in_frame = False

    def _frame(self, settled: bool = True) -> None:
        x0, x1 = self._vb.viewRange()[0]
        store = self._store
        specs = self._visible_specs() if store.dated_count() else []
        plans = self._planner.plan(store, x0, x1, self._vb.width(), specs, store.grouped, settled)
        self._plans = plans
        if not store.grouped:
            rows = self._fit_rows()
            if plans and plans[0].mode == "marks" and plans[0].packing is not None:
                packed = plans[0].packing.row
                rows = max(int(packed.max()) + 1 if len(packed) else 1, plans[0].badge_row + 1)
            if rows != self._lanes:
                self._lanes = rows
                self._apply_lanes()
        key = tuple((p.spec.lane, p.mode, id(p.packing), id(p.binning), p.spec.top) for p in plans)
        if key != self._drawn_key:
            self._drawn_key = key
            self._push_marks(plans)
        self._push_density(plans)
        xs, ys, texts, what = overflow_badges(plans, x0, x1, with_longer=store.grouped)
        self._badge_what = what
        self._badges.set_badges(np.array(xs), np.array(ys), texts)
        longer = 0 if store.grouped else sum(p.long_hidden for p in plans)
        self._set_longer_note(longer)
        self._draw_selection()
        ticks = axis_ticks(x0, x1, self._vb.width())
        self._axis.set_ticks(ticks)
        self._grid.set_ticks(ticks)
        self._overview.set_window(x0, x1)
        self._label_timer.start()

    def _push_marks(self, plans) -> None:
        marked = [p for p in plans if p.mode == "marks" and p.packing is not None]
        parts = [p.packing for p in marked]
        foot = [np.full(len(p.packing.shadow_start), p.spec.top + max(p.spec.rows, 1) - 0.62)
                for p in marked]
        self._shadows.set_bars(np.concatenate([q.shadow_start for q in parts]) if parts else np.zeros(0),
                               np.concatenate([q.shadow_end for q in parts]) if parts else np.zeros(0),
                               np.concatenate(foot) if foot else np.zeros(0))
        if parts:
            ids = np.concatenate([p.marks.ids for p in parts])
            start = np.concatenate([p.start for p in parts])
            end = np.concatenate([p.end for p in parts])
            row = np.concatenate([p.row for p in parts])
            flags = np.concatenate([p.marks.flags for p in parts])
            single = np.concatenate([p.marks.first == p.marks.last for p in parts])
        else:
            ids, start, end = np.zeros(0, np.int64), np.zeros(0), np.zeros(0)
            row, flags, single = np.zeros(0, np.int64), np.zeros(0, np.uint8), np.zeros(0, bool)
        keep = row >= 0
        open_start = (flags & OPEN_START) > 0
        open_end = (flags & OPEN_END) > 0
        is_bar = ~single | open_start | open_end
        # open ends: finite for the bar item (it draws them on to the view's edge), a year long
        start = np.where(np.isfinite(start), start, end - 365 * DAY)
        end = np.where(np.isfinite(end), end, start + 365 * DAY)
        d = DrawnMarks(ids[keep], start[keep], end[keep], row[keep], is_bar[keep],
                       (flags[keep] & FUZZY) > 0, open_start[keep], open_end[keep])
        d.next_start = next_start_in_row(d.start, d.row)
        self._drawn = d
        bars = d.is_bar
        self._bars.set_bars(d.start[bars], d.end[bars], d.row[bars], d.fuzzy[bars],
                            d.open_start[bars], d.open_end[bars])
        dots = ~d.is_bar
        centre = d.start + DAY / 2.0
        self._dots.set_points(centre[dots & ~d.fuzzy], d.row[dots & ~d.fuzzy])
        self._fuzzy_dots.set_points(centre[dots & d.fuzzy], d.row[dots & d.fuzzy])

    def _push_density(self, plans) -> None:
        lanes = []
        y0, y1 = self._vb.viewRange()[1]
        for p in plans:
            if p.mode != "density" or p.binning is None:
                continue
            b = p.binning
            if self._store.grouped:
                top, bottom, grid = p.spec.top - 0.5, p.spec.top + p.spec.rows - 0.5, False
            else:
                top, bottom, grid = max(y0, -0.5), y1 - 0.05 * (y1 - y0), True
            lanes.append(LaneDensity(top, bottom, b.edges, b.values, b.scale, b.unit.name, grid))
        if [id(x.values) for x in lanes] != [id(x.values) for x in self._density.lanes()] or \
                [(x.top, x.bottom) for x in lanes] != [(x.top, x.bottom) for x in self._density.lanes()]:
            self._density.set_lanes(lanes)

    def _set_longer_note(self, count: int) -> None:
        """With no grouping, marks longer than the view that are too many to draw are said in a
        note pinned to the plot's top right corner (with a link that zooms out to them)."""
        note = self._longer
        if not count:
            note.hide()
            return
        if note.isVisible() and getattr(self, "_longer_count", None) == count:
            return
        self._longer_count = count
        note.setText(f"{count:,} longer events span this range · <a href='out'>zoom out</a>")
        note.adjustSize()
        note.move(self._plot.width() - note.width() - 12, 6)
        note.show()
        note.raise_()

    def longer_note(self) -> str:
        return self._longer.text() if self._longer.isVisibleTo(self) else ""

    def _draw_selection(self) -> None:
        """The selected event's marks: where drawn as a mark, else over its lane's density."""
        bars_x0, bars_x1, bars_y, bars_open0, bars_open1 = [], [], [], [], []
        dots_x, dots_y = [], []
        event_id = self._selected
        if event_id is not None and self._store.knows(event_id):
            d = getattr(self, "_drawn", None)
            drawn_rows = {}
            if d is not None and len(d):
                for pos in np.flatnonzero(d.ids == event_id).tolist():
                    drawn_rows[int(d.row[pos])] = pos
            marks = self._store.marks.marks_of(event_id)
            plans = {p.spec.lane: p for p in self._plans}
            rows = list(drawn_rows)
            for lane in marks.lanes.tolist():
                plan = plans.get(lane)
                if plan is not None and plan.mode == "density":
                    if self._store.grouped:
                        rows.append(plan.spec.top + (plan.spec.rows - 1) // 2)
                    else:  # a quarter down the pane: clear of the scale's half-way line
                        y0, y1 = self._vb.viewRange()[1]
                        rows.append(int(round(max(y0, 0) + (y1 - max(y0, 0)) * 0.25)))
            first, last, flags = int(marks.first[0]), int(marks.last[0]), int(marks.flags[0])
            is_bar = last > first or bool(flags & (OPEN_START | OPEN_END))
            for row in rows:
                if is_bar:
                    bars_x0.append(first * DAY)
                    bars_x1.append((last + 1) * DAY)
                    bars_y.append(row)
                    bars_open0.append(bool(flags & OPEN_START))
                    bars_open1.append(bool(flags & OPEN_END))
                else:
                    dots_x.append((first + 0.5) * DAY)
                    dots_y.append(row)
        self._sel_bar.set_bars(np.array(bars_x0), np.array(bars_x1), np.array(bars_y), None,
                               np.array(bars_open0, bool), np.array(bars_open1, bool))
        self._sel_dot.set_points(np.array(dots_x), np.array(dots_y, np.float64))

    def _scroll_to_event(self, event_id: int) -> None:
        """Scroll vertically to the event's (first) lane, or its row when drawn as a mark."""
        d = getattr(self, "_drawn", None)
        if d is not None and len(d):
            pos = np.flatnonzero(d.ids == event_id)
            if len(pos):
                self._scroll_to_row(int(d.row[pos[0]]))
                return
        if self._store.grouped:
            lanes = set(self._store.marks.marks_of(event_id).lanes.tolist())
            group = next((g for g in self._groups if g.lane in lanes), None)
            if group is not None:
                self._scroll_to_row(group.first, group.first + group.rows - 1)

    def _on_x_range_changed(self) -> None:
        self._update_frame(settled=False)  # packings made for a nearby zoom are kept meanwhile
        self._settle_timer.start()

    def _on_resized(self, *_) -> None:
        self._apply_lanes()
        self._place_hint()
        self._drawn_key = None
        self._update_frame()
        self._refresh_labels()
