"""The main window end to end, through real widgets: the demo, a passage made into an event,
edits in the table, the timeline, and everything still there after reopening the file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit
from ui_support import open_window, select_text

from curator.core.project import Project
from curator.ui import app
from curator.ui.events.table import EventColumn
from curator.ui.main_window import MainWindow

PASSAGE = "the meeting was finally scheduled for 22 January 2014"


pytestmark = pytest.mark.usefixtures("clean_settings")


def edit_cell(qtbot, window: MainWindow, event_id: int, column: int, typed: str) -> None:
    """Open the cell's editor as a double click would, type, press Enter."""
    view = window.table.view
    index = window.table.view_index(event_id, column)
    view.scrollTo(index)
    view.setCurrentIndex(index)
    view.edit(index)
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, typed)
    qtbot.keyClick(editor, Qt.Key_Return)
    # the delegate commits and closes the editor in a queued call
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.EditingState)
    QApplication.processEvents()


def test_passage_to_event_edit_and_reopen(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    assert window.windowTitle() == "demo — Curator"
    assert window.documents.list.count() == 5
    before = window.table.model.rowCount()
    drawn_before = window.timeline.event_count_drawn()

    start, end = select_text(window, PASSAGE)
    document_id = window.documents.document_id
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    window.documents.text.setFocus()
    QTest.keyClick(window.documents.text, Qt.Key_E, Qt.ControlModifier)  # Ctrl+E
    assert window.table.model.rowCount() == before + 1, window.statusBar().currentMessage()
    event_id = window.selection.event_id
    assert event_id is not None

    with Project.open(demo_path) as check:
        info = check.event(event_id)
    assert [(s.document_id, s.start, s.end, s.quote) for s in info.evidence] == \
        [(document_id, start, end, PASSAGE)]
    assert info.date.earliest == info.date.latest == "2014-01-22"  # guessed from the passage

    # selection sync: the new event is selected in the table and on the timeline
    assert window.table.view.currentIndex().data(Qt.UserRole + 2) == event_id
    assert window.timeline.selected_event() == event_id
    assert window.timeline.event_count_drawn() == drawn_before + 1

    edit_cell(qtbot, window, event_id, EventColumn.DATE, "early February 2014")
    edit_cell(qtbot, window, event_id, EventColumn.TITLE, "Geneva II scheduled")
    with Project.open(demo_path) as check:
        info = check.event(event_id)
    assert (info.date.earliest, info.date.latest) == ("2014-02-01", "2014-02-10")
    assert info.date.date_text == "early February 2014"
    assert info.title == "Geneva II scheduled"
    assert window.table.view_index(event_id, EventColumn.TITLE).data() == "Geneva II scheduled"
    assert window.timeline.selected_event() == event_id

    window.close()
    again = open_window(qtbot, demo_path)
    rows = {r.id: r for r in again.table.model.rows()}
    assert rows[event_id].title == "Geneva II scheduled"
    assert rows[event_id].earliest == "2014-02-01"
    assert again.timeline.event_count_drawn() == drawn_before + 1
    again.selection.select(event_id)
    assert again.documents.document_id == document_id
    assert [(s.start, s.end) for s in again.documents.spans_of_event(event_id)] == [(start, end)]
    assert again.timeline.selected_event() == event_id


def test_context_menu_has_new_event_action(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    assert window.documents.new_event_action in window.documents.text.extra_actions
    assert not window.documents.new_event_action.isEnabled()  # nothing selected yet
    select_text(window, PASSAGE)
    assert window.documents.new_event_action.isEnabled()
    assert window.documents.new_event_action.shortcut().toString() == "Ctrl+E"


def test_invalid_date_is_refused_and_database_unchanged(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    event_id = window.table.model.rows()[0].id
    with Project.open(demo_path) as check:
        old = check.event(event_id).date
    edit_cell(qtbot, window, event_id, EventColumn.DATE, "next blursday")
    with Project.open(demo_path) as check:
        assert check.event(event_id).date == old
    assert "blursday" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0


def test_undo_and_redo_creation_keep_the_same_records(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    select_text(window, PASSAGE)
    window.documents.new_event_action.trigger()
    event_id = window.selection.event_id
    with Project.open(demo_path) as check:
        uid = check.event(event_id).uid
        spans_before = check.stats()["spans"]
    highlighted = window.documents.highlighted_span_count()

    window.undo_action.trigger()
    assert window.table.model.row_of(event_id) is None
    assert window.selection.event_id is None
    assert window.documents.highlighted_span_count() == highlighted - 1
    with Project.open(demo_path) as check:
        assert event_id not in {r.id for r in check.event_rows()}
        assert check.stats()["spans"] == spans_before - 1

    window.redo_action.trigger()
    assert window.table.model.row_of(event_id) is not None
    assert window.documents.highlighted_span_count() == highlighted
    with Project.open(demo_path) as check:
        assert check.event(event_id).uid == uid
        assert check.event(event_id).evidence[0].quote == PASSAGE
        assert check.stats()["spans"] == spans_before


def test_delete_event_and_undo(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    event_id = window.table.model.rows()[3].id
    drawn = window.timeline.event_count_drawn()
    window.selection.select(event_id)
    asked = []
    window.confirm_delete = lambda *args: asked.append(args) or True  # the dialog: tests/test_ui_delete_event.py
    window.delete_event_action.trigger()
    assert len(asked) == 1
    assert window.table.model.row_of(event_id) is None
    assert window.timeline.event_count_drawn() == drawn - 1
    with Project.open(demo_path) as check:
        assert event_id not in {r.id for r in check.event_rows()}
    window.undo_action.trigger()
    assert window.table.model.row_of(event_id) is not None
    assert window.timeline.event_count_drawn() == drawn


def test_selection_sync_between_the_three_views(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    rows = window.table.model.rows()
    # an event whose evidence is not in the first document
    target = next(r for r in rows if r.first_document_id != window.documents.document_id)

    # table -> text and timeline
    index = window.table.view_index(target.id, EventColumn.TITLE)
    window.table.view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
    assert window.selection.event_id == target.id
    assert window.timeline.selected_event() == target.id  # at once; the other text a moment later
    qtbot.waitUntil(lambda: window.documents.document_id == target.first_document_id, timeout=5000)
    span = window.documents.spans_of_event(target.id)[0]
    cursor = window.documents.text.textCursor()
    visible = window.documents.text.cursorRect(window.documents._span_cursor(span))
    assert window.documents.text.viewport().rect().intersects(visible)  # scrolled to the evidence
    assert cursor.hasSelection() is False

    # timeline -> table and text
    other = next(r for r in rows if r.first_document_id != target.first_document_id)
    window.timeline.eventClicked.emit(other.id)
    assert window.table.view.currentIndex().data(Qt.UserRole + 2) == other.id
    assert window.timeline.selected_event() == other.id
    qtbot.waitUntil(lambda: window.documents.document_id == other.first_document_id, timeout=5000)

    # text -> table and timeline: a click inside a highlighted passage
    pane = window.documents
    span = pane.spans_of_event(other.id)[0]
    pane.show_document(target.first_document_id)
    span = window.documents.spans_of_event(target.id)[0]
    rect = pane.text.cursorRect(pane._span_cursor(span))
    pane._scroll_to(span)
    cursor = QTextCursor(pane.text.document())
    cursor.setPosition(pane._map.to_qt(span.start + 1))
    point = pane.text.cursorRect(cursor).center()
    QTest.mouseClick(pane.text.viewport(), Qt.LeftButton, Qt.NoModifier, point)
    assert rect is not None
    assert window.selection.event_id == target.id
    assert window.table.view.currentIndex().data(Qt.UserRole + 2) == target.id
    assert window.timeline.selected_event() == target.id


def test_preferences_name_becomes_created_by(qtbot, demo_path):
    window = open_window(qtbot, demo_path)

    def fill_in():
        dialog = QApplication.activeModalWidget()
        dialog.name_edit.setText("  Rana   Haddad ")
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    window.preferences_dialog()
    assert app.annotator_name() == "Rana Haddad"
    select_text(window, PASSAGE)
    window.documents.new_event_action.trigger()
    with Project.open(demo_path) as check:
        assert check.event(window.selection.event_id).created_by == "Rana Haddad"
        assert check.event(window.table.model.rows()[0].id).created_by == "seeder"


def test_add_documents_all_or_nothing(qtbot, demo_path, tmp_path):
    window = open_window(qtbot, demo_path)
    good = tmp_path / "report.txt"
    good.write_text("Report\n\nOn 3 March 2015 the bridge was closed.\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    dialog = window.add_documents([good, missing])
    qtbot.waitUntil(lambda: dialog.finished_reading)
    # the unreadable file is listed unticked, and cannot be ticked; the rest may still be added
    assert not dialog.included(1) and not dialog.model.set_ticked(1, True)
    assert dialog.add_button.isEnabled() and dialog.add_button.text() == "Add 1 document"
    dialog.reject()
    assert window.documents.list.count() == 5
    dialog = window.add_documents([good])
    qtbot.waitUntil(lambda: dialog.add_button.isEnabled())
    dialog.accept()
    assert window.documents.list.count() == 6
    ids = [window.documents.list.item(i).data(Qt.UserRole + 1) for i in range(6)]
    assert window.documents.document_id == max(ids)
    dialog = window.add_documents([good])
    qtbot.waitUntil(lambda: dialog.add_button.isEnabled())
    dialog.accept()  # the same text again is skipped
    assert "1 skipped" in window.statusBar().currentMessage()
    with Project.open(demo_path) as check:
        assert check.stats()["documents"] == 6


def test_last_project_and_geometry_are_remembered(qtbot, demo_path):
    window = MainWindow(Project.open(demo_path))
    qtbot.addWidget(window)
    window.resize(777, 555)  # within the 800x600 offscreen screen, which bounds restoreGeometry
    window.show()
    qtbot.waitExposed(window)
    window.close()
    assert app.last_project() == demo_path.resolve()
    again = MainWindow(Project.open(demo_path))
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (777, 555)


def test_first_show_gives_the_panes_their_proportions(qtbot, demo_path):
    window = open_window(qtbot, demo_path, size=(1600, 1000))
    left, right = window.top_splitter.sizes()
    top, timeline = window.main_splitter.sizes()
    assert 0.52 <= right / (left + right) <= 0.64  # the table gets a bit more than half
    assert 0.2 <= timeline / (top + timeline) <= 0.36


def test_quick_selections_show_the_last_events_text_once(qtbot, demo_path):
    """Selecting events in other documents one after another: the table, timeline and inspector
    follow each at once; the text pane opens only the last one's document, scrolled to it."""
    window = open_window(qtbot, demo_path)
    rows = window.table.model.rows()
    shown = window.documents.document_id
    picks = [next(r for r in rows if r.first_document_id not in (shown, first))
             for first in (shown,)]
    last = next(r for r in rows if r.first_document_id not in (shown, picks[0].first_document_id))
    opened = []
    window.documents.documentShown.connect(opened.append)
    for row in (*picks, last):
        window.selection.select(row.id)
        assert window.timeline.selected_event() == row.id and window.inspector.event_id == row.id
    qtbot.waitUntil(lambda: window.documents.document_id == last.first_document_id, timeout=5000)
    assert opened == [last.first_document_id]  # not the documents passed over
    span = window.documents.spans_of_event(last.id)[0]
    visible = window.documents.text.cursorRect(window.documents._span_cursor(span))
    assert window.documents.text.viewport().rect().intersects(visible)
