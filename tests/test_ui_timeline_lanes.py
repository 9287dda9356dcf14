"""The timeline in the main window, through real widgets: lanes by actor/document/place, the
highlighted lane, titles that stay readable, zoom to fit over centuries, new events outside the
view, the table's filter, hover dates, and the empty project."""

from __future__ import annotations

import sqlite3
import time

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_support import open_window, wait_for_timeline

from curator.core.project import Project
from curator.core.records import DateFields
from curator.ui.events.columns import EventColumn, date_display
from curator.ui.main_window import MainWindow
from curator.ui.timeline import lane_items
from curator.ui.timeline.layout import NONE_LANE, iso_day_to_seconds
from curator.ui.timeline.view_notes import EMPTY_HINT, FILTERED_HINT

pytestmark = pytest.mark.usefixtures("clean_settings")

KERRY_LAVROV = "Kerry and Lavrov call for a Syria peace conference"


def choose_lanes(qtbot, window: MainWindow, by: str) -> None:
    """Pick an entry of the header's "Lanes" combo with the keyboard, as a user would."""
    combo = window.timeline.header().lanes
    combo.setFocus()
    target = combo.findText(by)
    assert target >= 0
    while combo.currentIndex() != target:
        key = Qt.Key_Down if combo.currentIndex() < target else Qt.Key_Up
        QTest.keyClick(combo, key)
    assert window.timeline.lane_mode() == by
    wait_for_timeline(qtbot, window)  # lanes are read on a worker


def event_id_titled(path, title: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT id FROM event WHERE title = ? AND deleted_at IS NULL",
                            (title,)).fetchone()[0]


def actor_lane_counts(path) -> dict[str, int]:
    """Marks each actor lane should hold, from the database: live links of dated live events,
    and the dated events without any actor in "(none)"."""
    with sqlite3.connect(path) as conn:
        counts = dict(conn.execute("""
            SELECT a.name, COUNT(*) FROM event_actor ea
            JOIN actor a ON a.id = ea.actor_id JOIN event e ON e.id = ea.event_id
            WHERE ea.deleted_at IS NULL AND a.deleted_at IS NULL AND e.deleted_at IS NULL
              AND e.earliest IS NOT NULL GROUP BY a.name""").fetchall())
        none = conn.execute("""
            SELECT COUNT(*) FROM event e WHERE e.deleted_at IS NULL AND e.earliest IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM event_actor ea JOIN actor a ON a.id = ea.actor_id
                              WHERE ea.event_id = e.id AND ea.deleted_at IS NULL
                                AND a.deleted_at IS NULL)""").fetchone()[0]
    if none:
        counts[NONE_LANE] = none
    return counts


def click_scene_pos(window: MainWindow, scene_pos) -> None:
    plot = window.timeline.plot_widget()
    point = plot.mapFromScene(scene_pos)
    QTest.mouseMove(plot.viewport(), point)
    QTest.mouseClick(plot.viewport(), Qt.LeftButton, pos=point)


def all_marks_in_view(window: MainWindow) -> bool:
    timeline = window.timeline
    return timeline.marks_in_view() == timeline.event_count_drawn() > 0


# ------------------------------------------------------------------------------------ lanes

def test_lanes_by_actor_document_and_place(qtbot, demo_path):
    window = open_window(qtbot, demo_path, size=(1600, 1000))
    timeline = window.timeline
    assert timeline.lane_names() == [] and timeline.drawn_lane_names() == []
    drawn = timeline.event_count_drawn()

    choose_lanes(qtbot, window, "actor")
    expected = actor_lane_counts(demo_path)
    assert timeline.lane_mark_counts() == expected
    names = timeline.lane_names()
    assert names[-1] == NONE_LANE and "Syrian Army" in names
    assert names[:-1] == sorted(names[:-1], key=str.casefold)
    # the gutter draws the names of the lanes in view, from the top
    shown = timeline.drawn_lane_names()
    assert shown and shown == names[:len(shown)]
    assert timeline.event_count_drawn() == sum(expected.values()) > drawn

    # the event with two actors has a mark in each of their lanes, all selecting the event (only
    # the lanes scrolled into view are drawn: each is scrolled to in turn)
    event_id = event_id_titled(demo_path, KERRY_LAVROV)
    assert timeline.event_lanes(event_id) == ["John Kerry", "Sergey Lavrov"]
    vb = timeline.plot_widget().getPlotItem().getViewBox()
    assert timeline.highlight_lane("John Kerry")
    assert "John Kerry" in {timeline.lane_of_row(round(vb.mapSceneToView(m).y()))
                            for m in timeline.mark_scene_positions(event_id)}
    assert timeline.highlight_lane("Sergey Lavrov")  # scrolls that lane into view
    second = next(m for m in timeline.mark_scene_positions(event_id)
                  if timeline.lane_of_row(round(vb.mapSceneToView(m).y())) == "Sergey Lavrov")
    assert window.selection.event_id != event_id
    click_scene_pos(window, second)
    assert window.selection.event_id == event_id
    assert window.table.view.currentIndex().data(Qt.UserRole + 2) == event_id

    choose_lanes(qtbot, window, "document")
    with sqlite3.connect(demo_path) as conn:
        titles = {t for (t,) in conn.execute("SELECT title FROM document WHERE deleted_at IS NULL")}
    assert set(timeline.lane_names()) <= titles | {NONE_LANE}
    assert sum(timeline.lane_mark_counts().values()) >= drawn

    choose_lanes(qtbot, window, "place")
    counts = timeline.lane_mark_counts()
    with sqlite3.connect(demo_path) as conn:
        aleppo = conn.execute("SELECT COUNT(*) FROM event WHERE location = 'Aleppo' AND "
                              "earliest IS NOT NULL AND deleted_at IS NULL").fetchone()[0]
    assert counts["Aleppo"] == aleppo > 0
    assert sum(counts.values()) == drawn  # one place per event

    choose_lanes(qtbot, window, "none")
    assert timeline.lane_names() == [] and timeline.event_count_drawn() == drawn
    assert not timeline._gutter.isVisible()


def test_lanes_follow_actor_changes_and_undo(qtbot, demo_path):
    window = open_window(qtbot, demo_path, size=(1600, 1000))
    choose_lanes(qtbot, window, "actor")
    timeline = window.timeline
    event_id = event_id_titled(demo_path, KERRY_LAVROV)
    assert "Catherine Ashton" not in timeline.lane_names()
    # typed into the Actors cell: an undoable edit
    index = window.table.view_index(event_id, EventColumn.ACTORS)
    window.table.model.setData(index,
                               "John Kerry, Sergey Lavrov, Catherine Ashton")
    assert timeline.lane_mark_counts()["Catherine Ashton"] == 1
    assert timeline.event_lanes(event_id) == ["Catherine Ashton", "John Kerry", "Sergey Lavrov"]
    assert timeline.lane_mark_counts() == actor_lane_counts(demo_path)
    window.undo_stack.undo()
    assert timeline.event_lanes(event_id) == ["John Kerry", "Sergey Lavrov"]
    assert timeline.lane_mark_counts() == actor_lane_counts(demo_path)
    # an actor renamed behind the timeline's back, then announced
    with sqlite3.connect(demo_path) as conn:
        conn.execute("UPDATE actor SET name = 'Sergei Lavrov' WHERE name = 'Sergey Lavrov'")
    window.workspace.actorsChanged.emit()
    qtbot.waitUntil(lambda: "Sergei Lavrov" in timeline.lane_names())
    assert "Sergey Lavrov" not in timeline.lane_names()


def test_lanes_choice_is_remembered(qtbot, demo_path):
    window = MainWindow(Project.open(demo_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    choose_lanes(qtbot, window, "place")
    window.close()
    again = MainWindow(Project.open(demo_path))
    qtbot.addWidget(again)
    wait_for_timeline(qtbot, again)
    assert again.timeline.lane_mode() == "place"
    assert again.timeline.header().lanes.currentText() == "place"
    assert "Aleppo" in again.timeline.lane_names()
    again.close()


def test_highlight_lane_marks_it_and_scrolls_it_into_view(qtbot, demo_path):
    window = open_window(qtbot, demo_path, size=(1280, 800))
    timeline = window.timeline
    choose_lanes(qtbot, window, "actor")
    last_actor = timeline.lane_names()[-2]
    assert last_actor not in timeline.drawn_lane_names()  # far down: scrolled out of view
    assert timeline.highlight_lane(last_actor.upper())  # names match case-insensitively
    assert timeline.highlighted_lane() == last_actor
    assert last_actor in timeline.drawn_lane_names()
    gutter = timeline._gutter
    rect = dict(gutter.name_rects())[last_actor]
    image = gutter.grab().toImage()
    band = QColor(lane_items.HIGHLIGHT_BAND).rgb()
    ratio = gutter.devicePixelRatioF()
    assert image.pixel(int((gutter.width() - 8) * ratio), int(rect.center().y() * ratio)) == band
    # the band behind the marks too
    plot = timeline.plot_widget()
    vb = plot.getPlotItem().getViewBox()
    group = next(g for g in timeline._groups if g.name == last_actor)
    y = plot.mapFromScene(vb.mapViewToScene(QPointF(vb.viewRange()[0][0], group.first))).y()
    shot = plot.grab().toImage()
    row = [shot.pixel(x, y) for x in range(5, plot.width() - 5, 7)]
    assert row.count(band) > len(row) / 2
    # lanes chosen again keep the highlight by name; None clears; unknown names are refused
    choose_lanes(qtbot, window, "place")
    assert timeline.highlighted_lane() is None
    choose_lanes(qtbot, window, "actor")
    assert timeline.highlighted_lane() == last_actor
    assert not timeline.highlight_lane("Nobody at all")
    assert timeline.highlighted_lane() is None
    timeline.highlight_lane("ISIS")
    timeline.highlight_lane(None)
    assert timeline.highlighted_lane() is None


# ------------------------------------------------------------------------------------ titles

@pytest.mark.parametrize("size", [(1600, 1000), (1280, 800)])
def test_demo_titles_are_readable_at_common_sizes(qtbot, demo_path, size):
    window = open_window(qtbot, demo_path, size=size)
    timeline = window.timeline
    qtbot.waitUntil(lambda: len(timeline.labels_shown()) >= 10)
    assert timeline.lane_px() >= 20
    # one more event (the case that squeezed 16 lanes into 13.6 px each)
    event_id = window.workspace.project.add_event("One more event", date=DateFields(
        "2014-01-20", "2014-01-20", "2014-01-20", "20 January 2014"))
    window.workspace.eventsChanged.emit([event_id])
    assert timeline.event_count_drawn() == 35
    assert timeline.lane_px() >= 20
    QApplication.processEvents()
    timeline._refresh_labels()
    assert len(timeline.labels_shown()) >= 10
    # lanes by actor: more rows than fit, so the pane scrolls and titles stay
    choose_lanes(qtbot, window, "actor")
    timeline._refresh_labels()
    assert timeline.lane_px() >= 20 and timeline._scroll.isVisible()
    assert len(timeline.labels_shown()) >= 5


# ------------------------------------------------------------------------------------ zoom

def test_zoom_to_fit_shows_marks_spanning_centuries(qtbot, demo_path):
    window = open_window(qtbot, demo_path, size=(1600, 1000))
    old = window.workspace.project.add_event("Caliphate of Ali", date=DateFields(
        "0656/0661", "0656-01-01", "0661-12-31", "656–661"))
    window.workspace.eventsChanged.emit([old])
    assert window.timeline.event_count_drawn() == 35
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    window.timeline.plot_widget().setFocus()
    QTest.keyClick(window.timeline.plot_widget(), Qt.Key_0, Qt.ControlModifier)  # Ctrl+0
    assert all_marks_in_view(window)
    x0, x1 = window.timeline.visible_x_range()
    assert x0 <= iso_day_to_seconds("0656-01-01") and iso_day_to_seconds("2016-11-01") <= x1
    # and back: without the old event the fit is years, not centuries
    window.workspace.delete_event(old)
    QTest.keyClick(window.timeline.plot_widget(), Qt.Key_0, Qt.ControlModifier)
    x0, x1 = window.timeline.visible_x_range()
    assert all_marks_in_view(window) and x1 - x0 < 10 * 365.25 * 86400


# ------------------------------------------------------------------------------------ outside

def test_new_event_outside_the_view_is_announced_and_shown(qtbot, demo_path):
    window = open_window(qtbot, demo_path, size=(1600, 1000))
    timeline = window.timeline
    vb = timeline.plot_widget().getPlotItem().getViewBox()
    vb.setXRange(iso_day_to_seconds("2014-01-01"), iso_day_to_seconds("2014-03-01"), padding=0)
    assert timeline.outside_note() == ""
    event_id = window.workspace.project.add_event("Far away", date=DateFields(
        "2016-12-10", "2016-12-10", "2016-12-10", "10 December 2016"))
    window.workspace.eventsChanged.emit([event_id])
    assert timeline.outside_note() == "1 new event outside the view —"
    assert timeline.header().show_button.isVisible()
    qtbot.mouseClick(timeline.header().show_button, Qt.LeftButton)
    x0, x1 = timeline.visible_x_range()
    assert x0 <= iso_day_to_seconds("2016-12-10") < x1
    assert timeline.outside_note() == ""
    assert not timeline.header().show_button.isVisible()


def test_event_made_in_the_window_outside_the_view_is_panned_to(qtbot, demo_path):
    window = open_window(qtbot, demo_path, size=(1600, 1000))
    timeline = window.timeline
    target = event_id_titled(demo_path, "Army takes Handarat")  # 3 October 2014
    timeline.plot_widget().getPlotItem().getViewBox().setXRange(
        iso_day_to_seconds("2013-01-01"), iso_day_to_seconds("2013-03-01"), padding=0)
    window.selection.select(target)  # selected in the table...
    x0, x1 = timeline.visible_x_range()
    assert x0 <= iso_day_to_seconds("2014-10-03") < x1
    timeline.plot_widget().getPlotItem().getViewBox().setXRange(
        iso_day_to_seconds("2013-01-01"), iso_day_to_seconds("2013-03-01"), padding=0)
    # ... then its date typed into the table moves it out of view: the view follows
    index = window.table.view_index(target, EventColumn.DATE)
    window.table.model.setData(index, "5 May 2016")
    x0, x1 = timeline.visible_x_range()
    assert x0 <= iso_day_to_seconds("2016-05-05") < x1
    assert timeline.outside_note() == ""


# ------------------------------------------------------------------------------------ filter

def test_timeline_shows_what_the_table_filter_shows(qtbot, demo_path):
    window = open_window(qtbot, demo_path, size=(1600, 1000))
    timeline = window.timeline
    everything = timeline.drawn_event_ids()
    assert len(everything) == 34
    window.table.search.setFocus()
    qtbot.keyClicks(window.table.search, "handarat")
    with sqlite3.connect(demo_path) as conn:
        expected = {i for (i,) in conn.execute(
            "SELECT id FROM event WHERE deleted_at IS NULL AND earliest IS NOT NULL AND "
            "(lower(title) LIKE '%handarat%' OR lower(location) LIKE '%handarat%')")}
    assert 0 < len(expected) < 25
    qtbot.waitUntil(lambda: timeline.drawn_event_ids() == expected)
    assert window.table.model.rowCount() == len(expected)
    assert timeline.event_count_drawn() == len(expected)
    # lanes honour the filter too
    choose_lanes(qtbot, window, "place")
    assert sum(timeline.lane_mark_counts().values()) == len(expected)
    qtbot.keyClicks(window.table.search, " nothing matches this")
    qtbot.waitUntil(lambda: timeline.event_count_drawn() == 0)
    assert timeline.hint_text() == FILTERED_HINT
    window.table.search.clear()
    qtbot.waitUntil(lambda: timeline.drawn_event_ids() == everything)
    assert timeline.hint_text() == ""


# ------------------------------------------------------------------------------------ hover

def test_hover_shows_the_date_as_the_table_does(qtbot, demo_path):
    window = open_window(qtbot, demo_path, size=(1600, 1000))
    timeline = window.timeline
    event_id = event_id_titled(demo_path, "Castello Road cut: East Aleppo encircled")
    cell = window.table.view_index(event_id, EventColumn.DATE).data()
    assert cell == "July 2016"
    window.selection.select(event_id)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    plot = timeline.plot_widget()
    point = plot.mapFromScene(timeline.mark_scene_pos(event_id))
    QTest.mouseMove(plot.viewport(), point + QPoint(0, 1))
    qtbot.waitUntil(lambda: plot.toolTip() != "")
    assert plot.toolTip().split("\n") == ["Castello Road cut: East Aleppo encircled",
                                          "July 2016 · Aleppo"]
    row = window.table.model.row_at(window.table.model.row_of(event_id))
    assert date_display(row) in plot.toolTip()


# ------------------------------------------------------------------------------------ empty

def test_empty_project_resets_the_axis_and_shows_a_hint(qtbot, demo_path, project_path):
    window = open_window(qtbot, demo_path, size=(1280, 800))
    timeline = window.timeline
    assert timeline.hint_text() == ""
    timeline.plot_widget().getPlotItem().getViewBox().setXRange(
        iso_day_to_seconds("2013-01-01"), iso_day_to_seconds("2013-06-01"), padding=0)
    Project.create(project_path, annotator="tester").close()
    assert window.open_path(project_path)
    wait_for_timeline(qtbot, window)
    assert timeline.event_count_drawn() == 0
    assert timeline.hint_text() == EMPTY_HINT
    hint = timeline._hint
    assert hint.isVisible() and hint.geometry().center().x() == pytest.approx(
        timeline.plot_widget().width() / 2, abs=2)
    x0, x1 = timeline.visible_x_range()
    now = time.time()
    assert x0 < now < x1  # the year around today, not the demo's 2013
    # an undated event is still "no dated events"
    event_id = window.workspace.project.add_event("Undated")
    window.workspace.eventsChanged.emit([event_id])
    assert timeline.hint_text() == EMPTY_HINT and timeline.undated_note() == "1 undated event"
    # the first dated event: the hint goes and the view fits it
    window.workspace.set_event_date(event_id, DateFields("1999-05-01", "1999-05-01", "1999-05-01", ""))
    assert timeline.hint_text() == ""
    assert all_marks_in_view(window)


def test_label_lanes_follow_labelled_evidence(qtbot, demo_path):
    window = open_window(qtbot, demo_path, size=(1600, 1000))
    timeline = window.timeline
    choose_lanes(qtbot, window, "label")
    event_id = event_id_titled(demo_path, KERRY_LAVROV)
    project = window.workspace.project
    span = project.event(event_id).evidence[0]
    tag_id = project.add_tag("Diplomacy", "#3366aa")
    window.workspace.tagsChanged.emit()
    assert "Diplomacy" not in timeline.lane_names()
    project.update_span(span.id, tag_id=tag_id)  # the evidence passage gets that label
    window.workspace.spansChanged.emit(span.document_id)
    qtbot.waitUntil(lambda: timeline.lane_mark_counts().get("Diplomacy") == 1)
    # the demo labels every evidence passage Event: no event is left for a "(none)" lane
    assert NONE_LANE not in timeline.lane_names()
    assert timeline.lane_mark_counts()["Event"] == 33  # the other 33 examples
    project.update_tag(tag_id, name="Talks")  # the tag renamed
    window.workspace.tagsChanged.emit()
    qtbot.waitUntil(lambda: timeline.lane_mark_counts().get("Talks") == 1)
    assert "Diplomacy" not in timeline.lane_names()
