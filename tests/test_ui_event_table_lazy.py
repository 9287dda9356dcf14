"""The lazy event table model against a plain query (tests/listing_oracle.py: Python over the
base tables) on a few thousand events: every column's order both ways, filters by words, an
actor, dates and all combined, and edits, undo/redo, deletes, an actor merge and new events
while the view is open, with the answers read on the worker (as at scale) and at once (a small
project). Then the table through real widgets."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from listing_oracle import table_ids
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack

from curator.core import DateFields, Project
from curator.core.event_query import EventQuery
from curator.ui.events import table_model
from curator.ui.events.columns import EventColumn
from curator.ui.events.table_model import ORDER_COLUMNS, EventIdRole, EventTableModel
from curator.ui.store.workspace import Workspace

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from window_project import write_rows  # noqa: E402

EVENTS = 2_500
WAIT = 20_000


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A few thousand events (dates of every kind, actors, places, blank titles), and a few with
    accents and folded letters."""
    path = tmp_path_factory.mktemp("lazy") / "built.curator"
    Project.create(path).close()
    write_rows(path, EVENTS, seed=3)
    with Project.open(path) as project:
        for title in ("Émile arrives", "emile leaves", "Straße blocked", "ÉMILE returns"):
            project.add_event(title, date=DateFields("2010-05-01", "2010-05-01", "2010-05-01"))
    return path


@pytest.fixture(params=["worker", "at once"])
def table(request, built, tmp_path, monkeypatch, qtbot):
    if request.param == "worker":
        monkeypatch.setattr(table_model, "INLINE_LIMIT", 0)
    path = tmp_path / "p.curator"
    shutil.copy(built, path)
    workspace = Workspace(Project.open(path, annotator="tester"))
    stack = QUndoStack()
    model = EventTableModel(workspace, stack)
    wait(qtbot, model)
    yield workspace, stack, model
    model.shutdown()
    workspace.close()


def wait(qtbot, model) -> None:
    qtbot.waitUntil(lambda: not model.loading and model.answered_once, timeout=WAIT)


def shown(model) -> list[int]:
    """The rows as the view reads them."""
    ids = [model.index(r, 0).data(EventIdRole) for r in range(model.rowCount())]
    assert ids == model.event_ids()
    return ids


def expected(workspace, model) -> list[int]:
    return table_ids(workspace.project, model.query, model.order.column, model.order.descending)


def test_every_column_in_both_directions(qtbot, table):
    workspace, stack, model = table
    assert shown(model) == expected(workspace, model)  # by date, as the panel opens it
    for column in EventColumn:
        for order in (Qt.AscendingOrder, Qt.DescendingOrder):
            model.sort(column, order)
            wait(qtbot, model)
            assert model.order.column == ORDER_COLUMNS[column]
            assert shown(model) == expected(workspace, model), (column, order)


@pytest.mark.parametrize("query", [
    EventQuery("talks"), EventQuery("alada"), EventQuery("a"), EventQuery("emile"),
    EventQuery("strasse"), EventQuery("report 0"), EventQuery("zzqx"),
    EventQuery(actor_id=1), EventQuery(actor_id=401), EventQuery(earliest="2010-01-01", latest="2010-12-31"),
    EventQuery(latest="2001-06-30"), EventQuery("a", actor_id=2, earliest="2005-01-01"),
], ids=repr)
def test_filters_in_every_order(qtbot, table, query):
    workspace, stack, model = table
    model.set_query(query)
    wait(qtbot, model)
    assert shown(model) == expected(workspace, model)
    for column in (EventColumn.TITLE, EventColumn.ACTORS):
        model.sort(column, Qt.DescendingOrder)
        wait(qtbot, model)
        assert shown(model) == expected(workspace, model)
    model.set_query(EventQuery())
    wait(qtbot, model)
    assert model.rowCount() == model.listed_count == EVENTS + 4


def edit(model, stack, event_id: int, column: EventColumn, text: str) -> None:
    assert model.setData(model.index(model.row_of(event_id), column), text, Qt.EditRole)


def test_edits_undo_redo_deletes_and_merges_while_open(qtbot, table):
    workspace, stack, model = table
    model.sort(EventColumn.TITLE, Qt.AscendingOrder)
    wait(qtbot, model)
    model.set_query(EventQuery("talks"))  # a word only titles hold
    wait(qtbot, model)
    ids = shown(model)
    first, middle, last = ids[0], ids[len(ids) // 2], ids[-1]

    def check():
        wait(qtbot, model)
        assert shown(model) == expected(workspace, model)

    edit(model, stack, middle, EventColumn.TITLE, "aaa talks first now")  # moves to the top
    check()
    assert model.event_id_at(0) == middle
    edit(model, stack, first, EventColumn.TITLE, "zzz no longer matching")  # leaves the filter
    check()
    assert model.row_of(first) is None
    stack.undo()  # comes back
    check()
    assert model.row_of(first) is not None
    stack.redo()
    check()
    edit(model, stack, last, EventColumn.ACTORS, "Ahmad, Émile Zola")
    check()
    edit(model, stack, last, EventColumn.DATE, "1999")
    check()
    stamp = workspace.delete_events([ids[3], ids[4]])
    check()
    workspace.restore_events([ids[3], ids[4]], stamp)
    check()
    winner, loser = 1, 2  # the two busiest actors: thousands of events change their actors
    token = workspace.merge_actors(winner, loser)
    check()
    workspace.unmerge_actors(token)
    check()
    doc = workspace.documents()[0].id
    new = workspace.create_event_from_passage(doc, 0, 20, title="A brand new one: talks")
    check()
    assert model.row_of(new) is not None
    model.set_query(EventQuery())
    check()


def test_changes_while_an_answer_is_on_its_way_are_kept(qtbot, built, tmp_path, monkeypatch):
    monkeypatch.setattr(table_model, "INLINE_LIMIT", 0)
    path = tmp_path / "p.curator"
    shutil.copy(built, path)
    workspace = Workspace(Project.open(path))
    model = EventTableModel(workspace, QUndoStack())
    try:
        wait(qtbot, model)
        target = model.event_id_at(10)
        model.sort(EventColumn.LOCATION, Qt.AscendingOrder)  # on the worker now...
        assert model.loading
        workspace.update_event(target, location="Aaaa first place", title="moved meanwhile")
        workspace.delete_events([model.event_id_at(20)])
        wait(qtbot, model)  # ...and its answer holds both changes
        assert shown(model) == expected(workspace, model)
        assert model.row_at(model.row_of(target)).title == "moved meanwhile"
    finally:
        model.shutdown()
        workspace.close()


def test_a_new_order_shows_its_first_rows_first(qtbot, built, tmp_path, monkeypatch):
    monkeypatch.setattr(table_model, "INLINE_LIMIT", 0)
    path = tmp_path / "p.curator"
    shutil.copy(built, path)
    workspace = Workspace(Project.open(path))
    model = EventTableModel(workspace, QUndoStack())
    seen = []
    model.modelReset.connect(lambda: seen.append((model.rowCount(), list(model.event_ids()))))
    try:
        wait(qtbot, model)
        count, first = seen[0]
        assert count == EVENTS + 4 and 0 < len(first) < count  # the count and a first page...
        assert model.event_ids()[:len(first)] == first  # ...which the whole order begins with
    finally:
        model.shutdown()
        workspace.close()


# ------------------------------------------------------------------ real widgets
@pytest.fixture
def window(qtbot, built, tmp_path, monkeypatch):
    from ui_support import open_window

    monkeypatch.setattr(table_model, "INLINE_LIMIT", 0)
    path = tmp_path / "w.curator"
    shutil.copy(built, path)
    window = open_window(qtbot, path)
    wait(qtbot, window.table.model)
    return window


def test_header_clicks_typing_selecting_and_editing_through_widgets(qtbot, window):
    from test_ui_window import edit_cell

    table, model, workspace = window.table, window.table.model, window.workspace
    header = table.view.horizontalHeader()
    point = QPoint(header.sectionViewportPosition(EventColumn.TITLE) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=point)  # by title, ascending
    wait(qtbot, model)
    assert (model.order.column, model.order.descending) == ("title", False)
    assert shown(model) == expected(workspace, model)
    qtbot.mouseClick(header.viewport(), Qt.LeftButton, pos=point)  # again: descending
    wait(qtbot, model)
    assert model.order.descending and shown(model) == expected(workspace, model)

    queries = []
    table.queryChanged.connect(queries.append)
    table.search.setFocus()
    qtbot.keyClicks(table.search, "tal")
    wait(qtbot, model)
    assert queries[-1] == EventQuery("tal") and table.query() == EventQuery("tal")
    assert shown(model) == expected(workspace, model)

    far = model.event_id_at(model.rowCount() - 2)
    window.selection.select(far)  # from the timeline's side: the row is current and in view
    assert table.view.currentIndex().row() == model.row_of(far)
    assert table.view.visualRect(table.view.currentIndex()).intersects(table.view.viewport().rect())

    edit_cell(qtbot, window, far, EventColumn.TITLE, "Talks renamed in the table")
    assert workspace.project.event(far).title == "Talks renamed in the table"
    wait(qtbot, model)
    assert shown(model) == expected(workspace, model)
    assert window.selection.event_id == far

    table.set_date_range("2010-01-01", "2010-12-31")
    wait(qtbot, model)
    assert table.date_chip.isVisibleTo(table) and table.date_chip.text() == "Dates: 2010"
    assert queries[-1] == EventQuery("tal", earliest="2010-01-01", latest="2010-12-31")
    assert shown(model) == expected(workspace, model)
    table.date_chip.close_button.click()
    wait(qtbot, model)
    assert table.query() == EventQuery("tal") and table.date_chip.isHidden()


def test_closing_the_window_while_the_worker_reads_leaves_no_thread(qtbot, window):
    model = window.table.model
    window.table.view.sortByColumn(EventColumn.DOCUMENT, Qt.AscendingOrder)
    assert model.loading
    window.close()
    assert len(model._jobs) == 0 or all(job.isFinished() for job in model._jobs.jobs)


def test_the_filter_keeps_hides_and_restores_the_selected_event_on_the_worker(qtbot, window):
    table, model = window.table, window.table.model

    def selected_rows():
        return [i.data(EventIdRole) for i in table.view.selectionModel().selectedRows()]

    target = model.event_id_at(100)
    word = model.row_at(100).title.split()[0]
    window.selection.select(target)
    table.search.setFocus()
    qtbot.keyClicks(table.search, word)  # shown at every key: stays selected
    wait(qtbot, model)
    assert model.rowCount() < model.listed_count
    assert window.selection.event_id == target and selected_rows() == [target]
    qtbot.keyClicks(table.search, " zzqx")  # hidden: nothing selected, never another event
    wait(qtbot, model)
    assert model.row_of(target) is None
    assert window.selection.event_id is None and selected_rows() == []
    for _ in range(len(" zzqx")):
        qtbot.keyClick(table.search, Qt.Key_Backspace)
    wait(qtbot, model)  # shown again: selected again
    assert window.selection.event_id == target and selected_rows() == [target]
    table.search.clear()
    wait(qtbot, model)
    assert window.selection.event_id == target and selected_rows() == [target]
    current = table.view.visualRect(table.view.currentIndex())
    assert current.intersects(table.view.viewport().rect())  # scrolled to it


def test_an_actor_chip_shows_the_actors_events_on_the_worker(qtbot, window):
    table, model, workspace = window.table, window.table.model, window.workspace
    table.set_actor_filter(3, "Someone")
    wait(qtbot, model)
    assert table.filter_label() == "Showing: Someone" and table.actor_filter() == 3
    assert shown(model) == expected(workspace, model)
    assert set(shown(model)) == set(workspace.project.actor_event_ids(3))
    closed = []
    table.actorFilterCleared.connect(lambda: closed.append(True))
    table.chip.close_button.click()
    wait(qtbot, model)
    assert closed and table.filter_label() == "" and model.rowCount() == model.listed_count
