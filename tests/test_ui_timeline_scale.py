"""The timeline over a few thousand events in the real window: what it holds equals a plain
reading of the file through edits, undo, deletes, merges and a reload, also while a worker is
reading; level of detail (density <-> marks); the table's query; the overview window and the
range brush; selection both ways; a clean exit with no thread left."""

from __future__ import annotations

import sqlite3
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from timeline_support import expected_marks, store_marks
from ui_support import open_window, wait_for_timeline

from curator.core import Project
from curator.core.event_query import EventQuery
from curator.core.records import DateFields
from curator.exchange.copy import export_copy
from curator.exchange.merge_file import merge_file
from curator.ui.events.table import EventIdRole
from curator.ui.store import commands
from curator.ui.timeline.layout import DAY, iso_day_to_seconds
from curator.ui.timeline.binding import MATCH_DELAY_MS
from curator.ui.timeline.loader import TimelineJob

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from big_project import build  # noqa: E402

pytestmark = pytest.mark.usefixtures("clean_settings")
N = 3000


@pytest.fixture
def big_path(tmp_path) -> Path:
    path = tmp_path / "big.curator"
    build(path, N, seed=5)
    return path


def same_as_the_file(window, by: str) -> None:
    wait_for_timeline(_Bot(), window)
    held, undated = store_marks(window.timeline.store())
    want, want_undated = expected_marks(window.workspace.path, by)
    assert held == want
    assert undated == want_undated


class _Bot:  # waitUntil without a qtbot (helpers called with one elsewhere)
    @staticmethod
    def waitUntil(condition, timeout=10000):
        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + timeout / 1000
        while not condition():
            assert time.monotonic() < deadline, "timed out"
            QCoreApplication.processEvents()
            time.sleep(0.005)


def pick_lanes(window, by: str) -> None:
    window.timeline.set_lane_mode(by)
    wait_for_timeline(_Bot(), window)
    assert window.timeline.store().by == by


def dated_ids(path, where: str = "", params=()) -> set[int]:
    with sqlite3.connect(path) as conn:
        return {i for (i,) in conn.execute(
            "SELECT id FROM event WHERE deleted_at IS NULL AND (earliest IS NOT NULL OR "
            f"(latest IS NOT NULL AND edtf != '')) {where}", params)}


# ------------------------------------------------------------------ the data follows the file
@pytest.mark.parametrize("by", ["none", "actor"])
def test_edits_undo_deletes_and_merges_keep_the_arrays_equal_to_the_file(qtbot, big_path, tmp_path, by):
    window = open_window(qtbot, big_path, size=(1400, 900))
    pick_lanes(window, by)
    same_as_the_file(window, by)
    stack, workspace = window.undo_stack, window.workspace
    some = sorted(window.timeline.store().events.base.marks.ids.tolist())[::400]
    # a date typed, an undated event dated, a date removed, actors changed, an event deleted
    commands.push(stack, commands.EditEventField(workspace, some[0], "date", DateFields(
        "1850-03", "1850-03-01", "1850-03-31", "March 1850")))
    commands.push(stack, commands.EditEventField(workspace, some[1], "date", DateFields()))
    commands.push(stack, commands.SetEventActors(workspace, some[2], ["A brand new actor", "Army group 000"]))
    commands.push(stack, commands.DeleteEvent(workspace, some[3]))
    # a title: the marks are drawn as they were (the store is kept), the title read again
    store = window.timeline.store()
    commands.push(stack, commands.EditEventField(workspace, some[4], "title", "Renamed mark"))
    assert window.timeline.store() is store
    assert window.timeline._titles_for([some[4]]) == {some[4]: "Renamed mark"}
    # a title and an actor at once: the lanes change (grouped by actor), so the store does
    commands.push(stack, commands.SetEventActors(workspace, some[4], ["Another new actor"]))
    assert (window.timeline.store() is store) == (by not in ("actor",))
    event = workspace.project.add_event("Added behind its back", date=DateFields(
        "../1700-01-01", None, "1700-01-01", "before 1700"))
    workspace.eventsChanged.emit([event])
    same_as_the_file(window, by)
    for _ in range(6):
        stack.undo()
        same_as_the_file(window, by)
    for _ in range(2):
        stack.redo()
        same_as_the_file(window, by)
    # a merge of a colleague's copy (the window re-reads everything after one)
    other = tmp_path / "colleague.curator"
    export_copy(workspace.project, other)
    with Project.open(other, annotator="bob") as copy:
        for k in range(50):
            copy.add_event(f"Bob's {k}", date=DateFields(f"2030-01-{k % 28 + 1:02d}",
                                                         f"2030-01-{k % 28 + 1:02d}",
                                                         f"2030-01-{k % 28 + 1:02d}", ""))
    merge_file(workspace.project, other)
    workspace.reload()
    same_as_the_file(window, by)
    assert window.timeline.store().dated_count() == len(dated_ids(big_path))


def test_an_edit_made_while_the_worker_reads_is_not_lost(qtbot, big_path, monkeypatch):
    window = open_window(qtbot, big_path)
    gate, read = threading.Event(), threading.Event()
    original = TimelineJob.work

    def slow(self, project):
        result = original(self, project)  # read before the edit below ...
        read.set()
        gate.wait(10)  # ... and delivered after it
        return result

    monkeypatch.setattr(TimelineJob, "work", slow)
    window.workspace.reload()  # a reload starts on the worker and waits at the gate
    assert read.wait(10) and not window.timeline_binding.is_idle()
    event = window.timeline.store().events.base.marks.ids.tolist()[7]
    commands.push(window.undo_stack, commands.EditEventField(window.workspace, event, "date", DateFields(
        "1999-12-31", "1999-12-31", "1999-12-31", "")))
    gate.set()
    same_as_the_file(window, "none")
    marks = window.timeline.store().events.marks_of(event)
    assert marks.first.tolist() == [int(iso_day_to_seconds("1999-12-31") // DAY)]


def test_compaction_folds_many_edits_in(qtbot, big_path, monkeypatch):
    from curator.ui.timeline import binding

    monkeypatch.setattr(binding, "COMPACT_AT", 5)
    window = open_window(qtbot, big_path)
    ids = window.timeline.store().events.base.marks.ids.tolist()[:12]
    for k, event in enumerate(ids):
        window.workspace.set_event_date(event, DateFields(f"2001-02-{k + 1:02d}", f"2001-02-{k + 1:02d}",
                                                          f"2001-02-{k + 1:02d}", ""))
    wait_for_timeline(qtbot, window)
    assert window.timeline.store().overlay_size() <= 5
    same_as_the_file(window, "none")


# ------------------------------------------------------------------ level of detail
def test_density_far_out_marks_close_in_and_back(qtbot, big_path):
    window = open_window(qtbot, big_path, size=(1400, 900))
    timeline = window.timeline
    timeline.zoom_to_fit()
    assert timeline.lane_modes() == {"": "density"}
    assert timeline.marks_drawn() == 0
    density = timeline._density.lanes()[0]
    # the bars hold the events of the file: every event counts one, spread over its days
    total = float(density.values.sum())
    assert total == pytest.approx(window.timeline.store().dated_count(), rel=0.02)
    timeline.set_x_range(iso_day_to_seconds("2016-03-01"), iso_day_to_seconds("2016-03-08"))
    assert timeline.lane_modes() == {"": "marks"}
    assert timeline.marks_drawn() > 0
    timeline.zoom_to_fit()
    assert timeline.lane_modes() == {"": "density"}
    # with lanes, each lane decides for itself
    pick_lanes(window, "actor")
    timeline.set_x_range(iso_day_to_seconds("2016-03-01"), iso_day_to_seconds("2016-05-01"))
    modes = set(timeline.lane_modes().values())
    assert "marks" in modes
    timeline.zoom_to_fit()
    assert "density" in set(timeline.lane_modes().values())


def test_hover_says_what_a_bin_holds_and_a_mark_is(qtbot, big_path):
    window = open_window(qtbot, big_path, size=(1400, 900))
    timeline = window.timeline
    timeline.set_x_range(iso_day_to_seconds("2000-01-01"), iso_day_to_seconds("2010-01-01"))
    plot = timeline.plot_widget()
    vb = plot.getPlotItem().getViewBox()
    scene = vb.mapViewToScene(vb.mapSceneToView(vb.sceneBoundingRect().center()))
    plot.scene().sigMouseMoved.emit(scene)
    text = plot.toolTip()
    assert " events in " in text and "overlap it" in text  # "12.5 events in March 2004 …"
    timeline.set_x_range(iso_day_to_seconds("2016-03-01"), iso_day_to_seconds("2016-03-08"))
    event = timeline._drawn.ids.tolist()[0]
    timeline._scroll_to_event(event)
    plot.scene().sigMouseMoved.emit(timeline.mark_scene_pos(event))
    with sqlite3.connect(big_path) as conn:
        title = conn.execute("SELECT title FROM event WHERE id = ?", (event,)).fetchone()[0]
    assert plot.toolTip().split("\n")[0] == title  # fetched by id, not kept for every event


def test_density_bins_match_a_plain_count(qtbot, big_path):
    window = open_window(qtbot, big_path, size=(1400, 900))
    timeline = window.timeline
    timeline.set_x_range(iso_day_to_seconds("1995-01-01"), iso_day_to_seconds("2005-01-01"))
    lane = timeline._density.lanes()[0]
    rows = sqlite3.connect(big_path).execute(
        "SELECT earliest, latest, edtf FROM event WHERE deleted_at IS NULL AND earliest IS NOT NULL "
        "AND latest IS NOT NULL").fetchall()
    for k in np.random.default_rng(1).choice(len(lane.values), 5, replace=False).tolist():
        a, b = lane.edges[k] / DAY, lane.edges[k + 1] / DAY
        plain = 0.0
        for earliest, latest, _ in rows:
            s = iso_day_to_seconds(earliest) / DAY
            e = iso_day_to_seconds(latest) / DAY + 1
            plain += max(0.0, min(e, b) - max(s, a)) / (e - s)
        # open ends are left out of the plain count: they add at most their share in the bin
        assert lane.values[k] == pytest.approx(plain, abs=2.0)


# ------------------------------------------------------------------ the table's query
def table_ids(qtbot, table) -> set[int]:
    """The ids of the rows the event table shows, once its worker has answered."""
    qtbot.waitUntil(lambda: not table.model.loading, timeout=30000)
    return set(table.model.event_ids())


def test_the_timeline_draws_what_the_table_query_shows(qtbot, big_path):
    window = open_window(qtbot, big_path)
    timeline = window.timeline
    window.table.search.setText("convoy")
    wait_for_timeline(qtbot, window)
    shown = table_ids(qtbot, window.table)
    with Project.open(big_path) as project:
        assert set(project.matching_event_ids(EventQuery("convoy"))) == shown
    assert timeline.drawn_event_ids() == shown & dated_ids(big_path)
    assert window.timeline_binding.query() == EventQuery("convoy")
    assert timeline.store().shown_count() == len(shown & dated_ids(big_path))
    window.table.search.clear()
    wait_for_timeline(qtbot, window)
    assert timeline.drawn_event_ids() == dated_ids(big_path)
    assert timeline.store().match_ids is None


# ------------------------------------------------------------------ overview and brush
def drag(widget, start: QPoint, end: QPoint, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, modifiers, start)
    for k in range(1, 6):
        QTest.mouseMove(widget, start + (end - start) * (k / 5))
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, modifiers, end)


def test_the_overview_window_pans_and_follows_the_view(qtbot, big_path):
    window = open_window(qtbot, big_path)
    timeline, overview = window.timeline, window.timeline.overview()
    timeline.set_x_range(iso_day_to_seconds("2000-01-01"), iso_day_to_seconds("2002-01-01"))
    w0, w1 = overview.window()
    assert (w0, w1) == timeline.visible_x_range()  # the view's range moves the window
    middle = int((overview.x_of(w0) + overview.x_of(w1)) / 2)
    y = overview.height() // 2
    drag(overview, QPoint(middle, y), QPoint(middle + 100, y))  # dragging it pans the view
    x0, x1 = timeline.visible_x_range()
    shift = overview.seconds_at(100) - overview.seconds_at(0)
    assert x0 == pytest.approx(w0 + shift, rel=1e-3) and x1 - x0 == pytest.approx(w1 - w0, rel=1e-3)
    QTest.mouseDClick(overview, Qt.MouseButton.LeftButton, pos=QPoint(10, y))  # all of it
    assert timeline.visible_x_range()[1] - timeline.visible_x_range()[0] > 30 * 365 * DAY


def test_the_brush_filters_the_table_and_clears(qtbot, big_path):
    window = open_window(qtbot, big_path)
    timeline, overview, table = window.timeline, window.timeline.overview(), window.table
    y = overview.height() // 2
    a, b = overview.width() // 3, overview.width() // 3 + 40
    drag(overview, QPoint(a, y), QPoint(b, y), Qt.KeyboardModifier.ShiftModifier)
    first, last = table.date_range()
    assert first is not None and last is not None and first < last
    assert timeline.brush() == (first, last)
    assert table.date_range_label().startswith("Dates: ")
    assert timeline.header().brush_text().startswith("Dates: ")
    qtbot.waitUntil(lambda: table.model.answered_once, timeout=30000)
    shown = table_ids(qtbot, table)
    with sqlite3.connect(big_path) as conn:
        overlapping = {i for (i,) in conn.execute(
            "SELECT id FROM event WHERE deleted_at IS NULL AND (earliest IS NOT NULL OR latest IS NOT NULL) "
            "AND (earliest IS NULL OR earliest <= ?) AND (latest IS NULL OR latest >= ?)", (last, first))}
    assert shown == overlapping and 0 < len(shown) < N
    # the brush does not hide marks on the timeline: it is drawn as a band
    assert timeline.store().match_ids is None
    assert window.table_query() == EventQuery("", None, first, last)
    qtbot.mouseClick(table.date_chip.close_button, Qt.MouseButton.LeftButton)  # ✕ on the table
    assert table.date_range() == (None, None) and timeline.brush() is None
    with Project.open(big_path) as project:
        assert table_ids(qtbot, table) == set(project.matching_event_ids(EventQuery()))
    # brushed on the plot with Shift, cleared with the timeline's own chip
    plot = timeline.plot_widget()
    drag(plot.viewport(), QPoint(200, 60), QPoint(400, 60), Qt.KeyboardModifier.ShiftModifier)
    assert table.date_range()[0] is not None
    qtbot.mouseClick(timeline.header().brush_chip.close_button, Qt.MouseButton.LeftButton)
    assert table.date_range() == (None, None) and timeline.brush() is None
    assert timeline.header().brush_text() == ""


# ------------------------------------------------------------------ selection
def test_selection_both_ways_at_any_zoom(qtbot, big_path):
    window = open_window(qtbot, big_path)
    timeline = window.timeline
    timeline.zoom_to_fit()
    target = sorted(timeline.store().events.base.marks.ids.tolist())[1234]
    window.selection.select(target)  # from the table: shown over the density
    assert timeline.selected_event() == target
    assert timeline._sel_dot.count() + timeline._sel_bar.count() >= 1
    start, end = timeline._event_span(target)
    x0, x1 = timeline.visible_x_range()
    assert x0 <= start and end <= x1
    timeline.set_x_range(start - 3 * DAY, start + 4 * DAY)  # close in: a mark to click
    assert timeline.lane_modes() == {"": "marks"}
    other = next(i for i in timeline._drawn.ids.tolist() if i != target)
    timeline._scroll_to_event(other)
    pos = timeline.plot_widget().mapFromScene(timeline.mark_scene_pos(other))
    QTest.mouseClick(timeline.plot_widget().viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert window.selection.event_id == other
    assert window.table.view.currentIndex().data(EventIdRole) == other


# ------------------------------------------------------------------ exit
def test_closing_while_the_worker_reads_leaves_no_thread(qtbot, big_path, monkeypatch):
    window = open_window(qtbot, big_path)
    started = []
    original = TimelineJob.work

    def slow(self, project):
        started.append(self)
        while not self.cancelled:
            time.sleep(0.01)
        return original(self, project)

    monkeypatch.setattr(TimelineJob, "work", slow)
    window.workspace.reload()
    qtbot.waitUntil(lambda: bool(started))
    window.close()
    assert not started[0].isRunning()
    from curator.ui.store import threads

    assert not [j for j in threads.running() if isinstance(j, TimelineJob)]


def test_the_table_answers_a_query_before_the_timeline_reads_it(qtbot, big_path):
    window = open_window(qtbot, big_path)
    wait_for_timeline(qtbot, window)
    binding, model = window.timeline_binding, window.table.model
    idle, started = [], []
    binding.idle.connect(lambda: idle.append(binding.query()))
    start = binding._jobs.start
    binding._jobs.start = lambda job, *a: (started.append((time.perf_counter(), job.kind)), start(job, *a))
    asked = time.perf_counter()
    binding.set_query(EventQuery("convoy"))  # as the table passes its query on
    assert not binding.is_idle() and binding._job is None  # the timeline waits its turn
    wait_for_timeline(qtbot, window)
    assert [kind for _, kind in started] == ["match"]
    assert started[0][0] - asked >= MATCH_DELAY_MS / 1000 * 0.9
    assert idle == [EventQuery("convoy")]  # idle once, when the query's picture is there
    with Project.open(big_path) as project:
        matches = set(project.matching_event_ids(EventQuery("convoy")))
    assert window.timeline.drawn_event_ids() == matches & dated_ids(big_path)
    binding.set_query(EventQuery("convoy"))  # the same query again: nothing to do
    assert binding.is_idle()
    binding.set_query(EventQuery("siege"))
    binding.reload()  # a reload reads the query's matches itself: no second job after it
    wait_for_timeline(qtbot, window)
    assert [kind for _, kind in started][-1:] == ["load"]
    started.clear()
    qtbot.wait(2 * MATCH_DELAY_MS)
    assert started == [] and binding.is_idle()
