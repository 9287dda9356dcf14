"""The event table model: display, sorting, quick filter (in SQL), edits through commands."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from curator.core.records import DateFields
from curator.temporal import anchor_day
from curator.ui.events.columns import EventColumn, compact_interval
from curator.core.event_query import EventQuery
from curator.ui.events.table import EventIdRole, EventTableModel
from curator.ui.store.workspace import Workspace


@pytest.fixture
def table(qtbot, project):
    doc = project.add_document("On 8 May 2014 the bridge fell. Later, in June, rain.", title="Report",
                               published="2014-05-09")
    ids = {
        "b": project.add_event("bridge falls", date=DateFields("2014-05-08", "2014-05-08", "2014-05-08", "8 May 2014")),
        "undated": project.add_event("Undated thing"),
        "a": project.add_event("Aleppo talks", date=DateFields("2014-05", "2014-05-01", "2014-05-31", "May 2014")),
        "c": project.add_event("Convoy", date=DateFields("2013", "2013-01-01", "2013-12-31", "")),
    }
    ids["passage"] = project.create_event_from_passage(doc, 38, 45)  # "in June"
    workspace = Workspace(project)
    stack = QUndoStack()
    model = EventTableModel(workspace, stack)
    yield workspace, stack, model, ids
    workspace._project = None  # the fixture closes the project


def ids_in_order(model) -> list[int]:
    return [model.index(r, 0).data(EventIdRole) for r in range(model.rowCount())]


def test_compact_interval_and_anchor():
    assert compact_interval("2014-05-08", "2014-05-08") == "8 May 2014"
    assert compact_interval("2014-05-01", "2014-05-31") == "May 2014"
    assert compact_interval("2014-02-01", "2014-02-28") == "February 2014"
    assert compact_interval("2014-01-01", "2014-12-31") == "2014"
    assert compact_interval("2014-05-01", "2014-05-10") == "2014-05-01 – 2014-05-10"
    assert compact_interval(None, None) == ""
    assert anchor_day("2014-05-09") == date(2014, 5, 9)
    assert anchor_day("2014-05") == date(2014, 5, 1)
    assert anchor_day("2014") == date(2014, 1, 1)
    assert anchor_day("2014-05-09T10:00:00Z") == date(2014, 5, 9)
    assert anchor_day("May 2014") is None and anchor_day("") is None


def test_display_and_roles(table):
    workspace, stack, model, ids = table
    row = model.row_of(ids["b"])
    assert model.index(row, EventColumn.DATE).data() == "8 May 2014"
    assert "EDTF: 2014-05-08" in model.index(row, EventColumn.DATE).data(Qt.ToolTipRole)
    assert model.index(row, EventColumn.TITLE).data(Qt.EditRole) == "bridge falls"
    assert model.index(model.row_of(ids["passage"]), EventColumn.DOCUMENT).data() == "Report"
    assert model.index(model.row_of(ids["undated"]), EventColumn.DATE).data() == ""
    assert not model.flags(model.index(row, EventColumn.DOCUMENT)) & Qt.ItemIsEditable
    assert model.flags(model.index(row, EventColumn.DATE)) & Qt.ItemIsEditable
    assert [model.headerData(c, Qt.Horizontal) for c in range(5)] == \
        ["Date", "Title", "Actors", "Location", "Document"]


def test_sorting_by_date_keeps_undated_last(table):
    workspace, stack, model, ids = table
    model.sort(EventColumn.DATE, Qt.AscendingOrder)
    order = ids_in_order(model)
    assert order[:3] == [ids["c"], ids["a"], ids["b"]]  # 2013; May 2014 (from 1 May); 8 May 2014
    assert set(order[3:]) == {ids["undated"], ids["passage"]}
    model.sort(EventColumn.DATE, Qt.DescendingOrder)
    order = ids_in_order(model)
    assert order[:3] == [ids["b"], ids["a"], ids["c"]]
    assert set(order[3:]) == {ids["undated"], ids["passage"]}  # still last


def test_sorting_text_is_case_insensitive(table):
    workspace, stack, model, ids = table
    model.sort(EventColumn.TITLE, Qt.AscendingOrder)
    titles = [model.index(r, EventColumn.TITLE).data() for r in range(model.rowCount())]
    assert titles == sorted(titles, key=str.casefold)
    assert titles[:2] == ["Aleppo talks", "bridge falls"]


def test_quick_filter(table):
    workspace, stack, model, ids = table
    model.set_query(EventQuery("REPORT"))  # document title
    assert ids_in_order(model) == [ids["passage"]]
    model.set_query(EventQuery("bridge  falls"))
    assert ids_in_order(model) == [ids["b"]]
    model.set_query(EventQuery("rep fal"))  # the start of a word
    assert ids_in_order(model) == []
    model.set_query(EventQuery(""))
    assert model.rowCount() == 5


def test_edits_go_through_undo_commands(table, project):
    workspace, stack, model, ids = table

    def cell(column):  # the row moves as its date changes (the table is in date order)
        return model.index(model.row_of(ids["passage"]), column)

    assert model.setData(cell(EventColumn.DATE), "mid June")  # anchored on the document: 2014
    assert project.event(ids["passage"]).date.earliest == "2014-06-11"
    assert ids_in_order(model)[3] == ids["passage"]  # after 8 May 2014, before the undated one
    assert model.setData(cell(EventColumn.ACTORS), "Syrian Army,  ISIS ,")
    assert project.event(ids["passage"]).actor_names == ("Syrian Army", "ISIS")
    assert cell(EventColumn.ACTORS).data() == "Syrian Army, ISIS"
    assert model.setData(cell(EventColumn.LOCATION), " Aleppo ")
    assert project.event(ids["passage"]).location == "Aleppo"
    assert stack.count() == 3
    stack.undo()
    stack.undo()
    assert project.event(ids["passage"]).actor_names == ()
    assert cell(EventColumn.ACTORS).data() == ""
    stack.undo()
    assert project.event(ids["passage"]).date == DateFields()
    assert ids_in_order(model)[-1] == ids["passage"]  # undated again: last


def test_refused_date_keeps_old_value(table, project, qtbot):
    workspace, stack, model, ids = table
    row = model.row_of(ids["b"])
    with qtbot.waitSignal(model.editRefused) as blocker:
        assert not model.setData(model.index(row, EventColumn.DATE), "the 45th of Smarch")
    assert blocker.args[0].startswith("Date not changed:")
    assert project.event(ids["b"]).date.edtf == "2014-05-08"
    assert stack.count() == 0


def test_rows_follow_workspace_changes(table, project):
    workspace, stack, model, ids = table
    new = workspace.project.add_event("Late addition")
    workspace.eventsChanged.emit([new])
    assert model.rowCount() == 6 and model.row_of(new) == 5
    workspace.delete_event(ids["a"])
    assert model.rowCount() == 5 and model.row_of(ids["a"]) is None
    assert model.row_of(new) == 4  # indices stay consistent after a removal


def test_sorted_rows_stay_in_order_after_edits_and_inserts(table, project):
    workspace, stack, model, ids = table
    model.sort(EventColumn.DATE, Qt.AscendingOrder)
    row = model.row_of(ids["undated"])
    assert model.setData(model.index(row, EventColumn.DATE), "1 March 2012")
    assert ids_in_order(model)[0] == ids["undated"]
    new = workspace.project.add_event("Middle", date=DateFields("2013-06-01", "2013-06-01", "2013-06-01", ""))
    workspace.eventsChanged.emit([new])
    order = ids_in_order(model)
    assert order.index(ids["c"]) < order.index(new) < order.index(ids["a"])
    assert [model.row_of(i) for i in model.event_ids()] == list(range(model.rowCount()))


def test_open_ended_dates_show_and_sort_as_dated(table):
    workspace, stack, model, ids = table
    project = workspace.project
    before = project.add_event("Before 1900", date=DateFields("../1899", None, "1899-12-31", "../1899"))
    after = project.add_event("Since 2014", date=DateFields("2014/..", "2014-01-01", None, "2014/.."))
    workspace.eventsChanged.emit([before, after])
    assert model.index(model.row_of(before), EventColumn.DATE).data() == "../1899  (… – 31 December 1899)"
    assert model.index(model.row_of(after), EventColumn.DATE).data() == "2014/..  (1 January 2014 – open)"
    assert "Interval: open to 1899-12-31" in model.index(model.row_of(before), EventColumn.DATE).data(
        Qt.ToolTipRole)
    model.sort(EventColumn.DATE, Qt.AscendingOrder)
    order = ids_in_order(model)
    # an open start before every day; an open end by its first day (1 January 2014, before May)
    assert order[:5] == [before, ids["c"], after, ids["a"], ids["b"]]
    assert set(order[5:]) == {ids["undated"], ids["passage"]}
    assert compact_interval(None, "1899-12-31") == "… – 31 December 1899"
