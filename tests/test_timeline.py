"""The timeline pane, driven as a real widget (offscreen): marks, clicks, selection, edits."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from curator.core.records import EventRow
from curator.ui.timeline.view import TimelineView
from curator.ui.timeline.layout import iso_day_to_seconds


def row(event_id, earliest, latest=None, title="Event", edtf=""):
    return EventRow(event_id, title, edtf, earliest, latest, "", "", "", "", None)


ROWS = [
    row(1, "2014-05-08", "2014-05-08", "Strike at the docks"),
    row(2, "2014-03-01", "2014-05-31", "Spring offensive", edtf="2014-21"),
    row(3, None, None, "Undated rumour"),
    row(4, "2014-05-09", None, "Council meeting"),
    row(5, "2015-01-01", "2015-12-31", "A whole year", edtf="2015"),
    row(6, "2013-11-20", "2013-11-20", "Treaty signed"),
]


@pytest.fixture
def view(qtbot):
    widget = TimelineView()
    qtbot.addWidget(widget)
    widget.resize(900, 260)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def x_range(widget):
    return widget.plot_widget().getPlotItem().getViewBox().viewRange()[0]


def click_mark(qtbot, widget, event_id):
    scene_pos = widget.mark_scene_pos(event_id)
    assert scene_pos is not None
    plot = widget.plot_widget()
    point = plot.mapFromScene(scene_pos)
    QTest.mouseMove(plot.viewport(), point)
    QTest.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_set_events_draws_dots_and_bars_and_counts_undated(view):
    view.set_events(ROWS)
    assert view.event_count_drawn() == 5
    assert view.drawn_counts() == {"dots": 3, "bars": 2, "undated": 1}
    assert view.undated_note() == "1 undated event"
    view.set_events(ROWS[:2])
    assert view.event_count_drawn() == 2
    assert view.undated_note() == ""
    view.set_events([])
    assert view.event_count_drawn() == 0


def test_zoom_to_fit_shows_every_event(view):
    view.set_events(ROWS)
    view.plot_widget().getPlotItem().getViewBox().setXRange(0, 86400 * 30, padding=0)
    view.zoom_to_fit()
    x0, x1 = x_range(view)
    assert x0 <= iso_day_to_seconds("2013-11-20")
    assert x1 >= iso_day_to_seconds("2016-01-01")


def test_clicking_a_mark_emits_its_id(qtbot, view):
    view.set_events(ROWS)
    qtbot.wait(50)
    for event_id in (1, 2, 5, 6):
        with qtbot.waitSignal(view.eventClicked, timeout=1000) as blocker:
            click_mark(qtbot, view, event_id)
        assert blocker.args == [event_id]
        assert view.selected_event() == event_id


def test_clicking_empty_space_emits_nothing(qtbot, view):
    view.set_events([row(1, "2014-05-08")])
    plot = view.plot_widget()
    vb = plot.getPlotItem().getViewBox()
    x0, x1 = vb.viewRange()[0]
    far = vb.mapViewToScene(QPointF(x0 + (x1 - x0) * 0.05, 0.0))
    with qtbot.assertNotEmitted(view.eventClicked):
        QTest.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.mapFromScene(far))
    assert view.selected_event() is None


def test_select_event_brings_it_into_view(view):
    view.set_events(ROWS)
    vb = view.plot_widget().getPlotItem().getViewBox()
    vb.setXRange(iso_day_to_seconds("2015-06-01"), iso_day_to_seconds("2015-06-20"), padding=0)
    view.select_event(1)
    assert view.selected_event() == 1
    x0, x1 = x_range(view)
    assert x0 <= iso_day_to_seconds("2014-05-08") and iso_day_to_seconds("2014-05-09") <= x1
    assert x1 - x0 == pytest.approx(19 * 86400, rel=0.01)  # centred, zoom kept
    # an event longer than the view zooms out to show it whole
    view.select_event(5, center=False)
    x0, x1 = x_range(view)
    assert x0 <= iso_day_to_seconds("2015-01-01") and iso_day_to_seconds("2016-01-01") <= x1
    # already in view: the view stays where it is
    before = x_range(view)
    view.select_event(5)
    assert x_range(view) == before
    view.select_event(None)
    assert view.selected_event() is None
    view.select_event(999)  # unknown id: nothing selected
    assert view.selected_event() is None


def test_update_event_moves_adds_and_converts(view):
    view.set_events(ROWS)
    view.update_event(row(1, "2016-02-01", "2016-02-20", "Now a bar"))
    assert view.drawn_counts() == {"dots": 2, "bars": 3, "undated": 1}
    view.update_event(row(3, "2016-03-03", None, "Dated at last"))
    assert view.drawn_counts() == {"dots": 3, "bars": 3, "undated": 0}
    view.update_event(row(7, "2012-01-01", None, "Brand new"))
    assert view.event_count_drawn() == 7
    view.update_event(row(7, None, None, "Date removed"))
    assert view.drawn_counts() == {"dots": 3, "bars": 3, "undated": 1}
    view.select_event(1)
    x0, x1 = x_range(view)
    assert x0 <= iso_day_to_seconds("2016-02-01") and iso_day_to_seconds("2016-02-21") <= x1


def test_remove_event(qtbot, view):
    view.set_events(ROWS)
    view.select_event(2)
    view.remove_event(2)
    assert view.drawn_counts() == {"dots": 3, "bars": 1, "undated": 1}
    assert view.selected_event() is None
    view.remove_event(3)
    assert view.undated_note() == ""
    view.remove_event(12345)  # unknown: ignored
    assert view.event_count_drawn() == 4
    # the remaining marks are still clickable at their (unchanged) places
    with qtbot.waitSignal(view.eventClicked, timeout=1000) as blocker:
        click_mark(qtbot, view, 6)
    assert blocker.args == [6]


def test_many_changes_are_drawn_once(view, monkeypatch):
    view.set_events(ROWS)
    redraws = []
    original = view._relayout
    monkeypatch.setattr(view, "_relayout", lambda *a: (redraws.append(a), original(*a)))
    view.update_events([row(1, "2016-02-01", "2016-02-20", "Now a bar"),
                        row(3, "2016-03-03", None, "Dated at last"),
                        row(7, "2012-01-01", None, "Brand new")])
    assert view.drawn_counts() == {"dots": 4, "bars": 3, "undated": 0}
    view.remove_events([2, 7, 12345])
    assert view.drawn_counts() == {"dots": 3, "bars": 2, "undated": 0}
    assert len(redraws) == 2


def test_marks_in_a_lane_do_not_overlap_after_edits(view):
    rows = [row(i, f"2014-05-{(i % 28) + 1:02d}", f"2014-06-{(i % 28) + 1:02d}") for i in range(60)]
    view.set_events(rows)
    view.update_event(row(5, "2014-05-10", "2014-07-30"))
    drawn = view._drawn  # the frame's single marks: every one of the 60 is drawn
    assert len(drawn) == 60 and view.lane_modes() == {"": "marks"}
    for lane in set(drawn.row.tolist()):
        idx = [i for i in range(len(drawn)) if drawn.row[i] == lane]
        idx.sort(key=lambda i: drawn.start[i])
        for a, b in zip(idx, idx[1:]):
            assert drawn.end[a] <= drawn.start[b]


def test_titles_only_when_few_in_view(qtbot, view):
    view.set_events(ROWS)
    view._refresh_labels()
    assert "Strike at the docks" in view.labels_shown() or any(
        t.startswith("Strike") for t in view.labels_shown())
    import datetime

    first = datetime.date(2014, 1, 1)
    many = [row(i, (first + datetime.timedelta(days=i)).isoformat()) for i in range(400)]
    view.set_events(many)
    view._refresh_labels()
    assert view.labels_shown() == []
    # rows scrolled out of view do not count: 199 marks on one day, a few rows in view
    view.set_events([row(i, "2014-05-08", title=f"Same day {i}") for i in range(1, 200)])
    view._refresh_labels()
    assert 0 < len(view.labels_shown()) < 20


def test_screenshot_renders(view, tmp_path):
    view.set_events(ROWS)
    view.select_event(1)
    out = tmp_path / "timeline.png"
    assert view.grab().save(str(out))
    assert out.stat().st_size > 1000


def test_select_without_centre_pans_only_as_far_as_needed(view):
    view.set_events(ROWS)
    vb = view.plot_widget().getPlotItem().getViewBox()
    start = iso_day_to_seconds("2014-06-01")
    vb.setXRange(start, start + 20 * 86400, padding=0)
    view.select_event(4, center=False)  # 2014-05-09, before the view
    x0, x1 = x_range(view)
    assert x0 <= iso_day_to_seconds("2014-05-09") < x0 + (x1 - x0) * 0.2  # near the left edge


def test_zoom_is_limited_to_hours_and_centuries(view):
    view.set_events(ROWS)
    vb = view.plot_widget().getPlotItem().getViewBox()
    vb.setXRange(0, 60, padding=0)
    x0, x1 = x_range(view)
    assert x1 - x0 >= 3 * 3600
    vb.setXRange(-5e11, 5e11, padding=0)
    x0, x1 = x_range(view)
    assert x1 - x0 <= 1000 * 365.25 * 86400
    assert vb.state["mouseEnabled"] == [True, False]  # wheel and drag act on x only


def test_project_rows_draw(view, demo_project):
    rows = demo_project.event_rows()
    view.set_events(rows)
    dated = sum(1 for r in rows if r.earliest)
    assert view.event_count_drawn() == dated > 0


def test_hovering_a_mark_sets_its_tooltip(qtbot, view):
    view.set_events(ROWS)
    view.plot_widget().scene().sigMouseMoved.emit(view.mark_scene_pos(2))
    assert view.plot_widget().toolTip() == "Spring offensive\n2014-03-01 – 2014-05-31"
    view.plot_widget().scene().sigMouseMoved.emit(QPointF(1, 1))
    assert view.plot_widget().toolTip() == ""


FUZZY_ROWS = [
    row(1, "2014-05-08", "2014-05-08", "Exact day", edtf="2014-05-08"),
    row(2, "2014-05-10", "2014-05-10", "About that day", edtf="2014-05-10~"),
    row(3, "2014-03-01", "2014-03-31", "Exact interval", edtf="2014-03-01/2014-03-31"),
    row(4, "2014-03-01", "2014-03-31", "A month", edtf="2014-03"),
    row(5, "2014-03-01", "2014-05-31", "Spring", edtf="2014-21"),
    row(6, "2014-01-01", "2014-12-31", "About a year", edtf="2014~"),
]


def test_approximate_and_coarse_dates_are_drawn_apart_from_exact_ones(view):
    view.set_events(FUZZY_ROWS)
    assert view.fuzzy_counts() == {"exact_dots": 1, "fuzzy_dots": 1, "exact_bars": 1,
                                   "fuzzy_bars": 3}
    assert view.drawn_counts() == {"dots": 2, "bars": 4, "undated": 0}
    view.update_event(row(3, "2014-03-01", "2014-03-31", "Now approximate", edtf="2014-03~"))
    assert view.fuzzy_counts()["fuzzy_bars"] == 4 and view.fuzzy_counts()["exact_bars"] == 0
    view.remove_event(4)
    assert view.fuzzy_counts()["fuzzy_bars"] == 3
    assert view.legend_entries() == ("single day", "interval", "approximate / coarse", "selected",
                                     "density")


def _bar_colours(view, event_id, image) -> Counter:
    """How often each colour (an RGB int) occurs in the middle third of a bar's pixel rows."""
    plot = view.plot_widget()
    vb = plot.getPlotItem().getViewBox()
    pos = int(np.flatnonzero(view._drawn.ids == event_id)[0])
    mid = plot.mapFromScene(view.mark_scene_pos(event_id)).y()
    start, end = float(view._drawn.start[pos]), float(view._drawn.end[pos])
    x0 = plot.mapFromScene(vb.mapViewToScene(QPointF(start + (end - start) / 3, 0))).x()
    x1 = plot.mapFromScene(vb.mapViewToScene(QPointF(end - (end - start) / 3, 0))).x()
    assert x1 - x0 > 10
    return Counter(image.pixel(x, y) & 0xFFFFFF for x in range(x0, x1) for y in (mid - 1, mid, mid + 1))


def test_fuzzy_bars_look_different_on_screen(qtbot, view):
    from PySide6.QtGui import QColor

    from curator.ui.timeline import items as look

    view.set_events([row(1, "2014-03-01", "2014-03-31", "Exact", edtf="2014-03-01/2014-03-31"),
                     row(2, "2014-03-01", "2014-03-31", "Coarse", edtf="2014-03")])
    view.plot_widget().getPlotItem().getViewBox().setXRange(
        iso_day_to_seconds("2014-02-20"), iso_day_to_seconds("2014-04-10"), padding=0)
    qtbot.wait(50)
    image = view.plot_widget().grab().toImage()
    exact, fuzzy = _bar_colours(view, 1, image), _bar_colours(view, 2, image)
    bar = QColor(look.BAR_FILL).rgb() & 0xFFFFFF
    # a solid bar (a faint grid line may cross it) ...
    assert exact.most_common(1)[0][0] == bar and exact[bar] > 0.9 * sum(exact.values())
    assert bar not in fuzzy  # ... and a paler one, hatched
    assert QColor(look.FUZZY_FILL).rgb() & 0xFFFFFF in fuzzy
    assert QColor(look.FUZZY_HATCH).rgb() & 0xFFFFFF in fuzzy


def test_titles_never_draw_over_each_other(qtbot):
    # dense marks late in the range (as late 2016 in the demo), with a desktop-sized font whose
    # text is taller than a lane
    from PySide6.QtWidgets import QApplication

    font = QApplication.font()
    large = QApplication.font()
    large.setPointSizeF(16)
    QApplication.setFont(large)
    try:
        view = TimelineView()
    finally:
        QApplication.setFont(font)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    dense = [row(i, f"2016-{9 + i % 3:02d}-{1 + (i * 7) % 27:02d}", None,
                 f"A rather long title for event number {i}") for i in range(1, 30)]
    same_day = [row(200 + i, "2016-10-01", None, f"Same-day event {i}") for i in range(20)]
    early = [row(100 + i, f"2014-0{1 + i}-01", f"2014-0{1 + i}-20", f"Early {i}") for i in range(5)]
    for marks, height in ((dense, 420), (dense, 800), (same_day, 380), (same_day, 480)):
        view.resize(900, height)
        QApplication.processEvents()
        view.set_events(marks + early)
        view._refresh_labels()
        boxes = view.label_boxes()
        assert len(boxes) == len(view.labels_shown())
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    assert view.labels_shown()


def test_open_ended_events_are_drawn_to_the_edge_of_the_view(qtbot, view):
    from PySide6.QtGui import QColor

    from curator.ui.timeline import items as look

    view.set_events([row(1, None, "1899-12-31", "Before 1900", edtf="../1899"),
                     row(2, "1945-01-01", None, "Since 1945", edtf="1945/.."),
                     row(3, "1920-01-01", "1920-01-01", "A day", edtf="1920-01-01")])
    assert view.drawn_counts() == {"dots": 1, "bars": 2, "undated": 0}
    assert view._bars.open_count() == 2 == view.open_count()
    # zoomed far out: each open end runs on to the edge of the view, the closed side stops
    vb = view.plot_widget().getPlotItem().getViewBox()
    vb.setXRange(iso_day_to_seconds("1700-01-01"), iso_day_to_seconds("2150-01-01"), padding=0)
    qtbot.wait(50)
    plot = view.plot_widget()
    image = plot.grab().toImage()
    fuzzy = {QColor(c).rgb() & 0xFFFFFF for c in (look.FUZZY_FILL, look.FUZZY_HATCH)}

    def colours_at(event_id, day):
        y = plot.mapFromScene(view.mark_scene_pos(event_id)).y()
        x = plot.mapFromScene(vb.mapViewToScene(QPointF(iso_day_to_seconds(day), 0))).x()
        return {image.pixel(x + dx, y + dy) & 0xFFFFFF for dx in (-1, 0, 1) for dy in (-1, 0, 1)}

    assert colours_at(1, "1710-01-01") & fuzzy  # far before anything: the open start is there
    assert not colours_at(1, "1910-01-01") & fuzzy  # after its known end: nothing
    assert colours_at(2, "2140-01-01") & fuzzy
    assert not colours_at(2, "1930-01-01") & fuzzy
