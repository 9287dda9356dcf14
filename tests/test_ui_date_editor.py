"""The date cell editor, through real widgets: a live preview while typing, Enter commits only a
readable date, unreadable input is refused with its reason and the database keeps the old value."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from curator.core.records import DateFields
from curator.ui.events.date_editor import DateEditor, describe_date
from curator.ui.events.table import EventColumn
from curator.ui.main_window import MainWindow

TEXT = "Report\n\nOn 8 May 2014 the bridge at Kafr Hamra fell. In June, rain closed the road."


@pytest.fixture
def window(qtbot, project):
    doc = project.add_document(TEXT, title="Report", published="2014-05-09")
    project.create_event_from_passage(doc, TEXT.index("On 8 May"), TEXT.index(" In June"),
                                      title="Bridge falls",
                                      date=DateFields("2014-05-08", "2014-05-08", "2014-05-08", "8 May 2014"))
    win = MainWindow(project, remember=False)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.workspace._project = None  # the fixture closes the project
    win.close()


def open_date_editor(window) -> DateEditor:
    view = window.table.view
    event_id = window.table.model.rows()[0].id
    index = window.table.proxy_index(event_id, EventColumn.DATE)
    view.setCurrentIndex(index)
    view.edit(index)
    editors = [e for e in view.viewport().findChildren(DateEditor) if e.isVisible()]
    assert len(editors) == 1
    return editors[0]


def type_into(qtbot, editor: DateEditor, text: str) -> None:
    editor.line.selectAll()
    qtbot.keyClicks(editor.line, text)


def wait_closed(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.table.view.state() != QAbstractItemView.EditingState)
    QApplication.processEvents()


def test_preview_follows_typing(qtbot, window):
    editor = open_date_editor(window)
    assert editor.text() == "8 May 2014"  # the expression as written
    assert "2014-05-08 · EDTF 2014-05-08" in editor.preview_text()
    type_into(qtbot, editor, "early May 2014")
    assert "2014-05-01 – 2014-05-10 · EDTF 2014-05-01/2014-05-10" in editor.preview_text()
    type_into(qtbot, editor, "22-31 Jan 2014")
    assert "2014-01-22 – 2014-01-31" in editor.preview_text()
    type_into(qtbot, editor, "spring 2015")
    assert "2015-03-01 – 2015-05-31 · EDTF 2015-21" in editor.preview_text()
    type_into(qtbot, editor, "2014-05~")
    assert "EDTF 2014-05~" in editor.preview_text()
    type_into(qtbot, editor, "8 June")  # no year: read against the document's 9 May 2014
    assert "2014-06-08" in editor.preview_text() and "year from the document" in editor.preview_text()
    type_into(qtbot, editor, "foo")
    assert editor.preview_text() == "✗ no date found in 'foo'"
    assert not editor.is_valid()
    # wide enough to read the preview, even over the next columns
    width = editor.preview.fontMetrics().horizontalAdvance(editor.preview_text())
    assert editor.width() >= width
    qtbot.keyClick(editor.line, Qt.Key_Escape)
    wait_closed(qtbot, window)
    assert window.workspace.project.event(window.table.model.rows()[0].id).date.edtf == "2014-05-08"
    assert window.undo_stack.count() == 0  # Escape commits nothing


def test_moving_to_another_row_commits_once(qtbot, window, project):
    extra = project.add_event("Second", date=DateFields("2015", "2015-01-01", "2015-12-31", "2015"))
    window.workspace.eventsChanged.emit([extra])
    editor = open_date_editor(window)
    type_into(qtbot, editor, "spring 2014")
    window.table.view.setCurrentIndex(window.table.proxy_index(extra, EventColumn.TITLE))
    wait_closed(qtbot, window)
    assert project.event(window.table.model.rows()[0].id).date.edtf == "2014-21"
    assert window.undo_stack.count() == 1


def test_enter_commits_a_readable_date(qtbot, window, project):
    editor = open_date_editor(window)
    type_into(qtbot, editor, "early May 2014")
    qtbot.keyClick(editor.line, Qt.Key_Return)
    wait_closed(qtbot, window)
    event_id = window.table.model.rows()[0].id
    stored = project.event(event_id).date
    assert stored == DateFields("2014-05-01/2014-05-10", "2014-05-01", "2014-05-10", "early May 2014")
    assert window.undo_stack.count() == 1
    window.undo_action.trigger()
    assert project.event(event_id).date.edtf == "2014-05-08"


def test_unreadable_date_is_refused_and_old_value_kept(qtbot, window, project):
    event_id = window.table.model.rows()[0].id
    editor = open_date_editor(window)
    type_into(qtbot, editor, "the 45th of Smarch")
    assert editor.preview_text().startswith("✗")
    qtbot.keyClick(editor.line, Qt.Key_Return)
    wait_closed(qtbot, window)
    assert project.event(event_id).date == DateFields("2014-05-08", "2014-05-08", "2014-05-08", "8 May 2014")
    assert window.statusBar().currentMessage().startswith("Date not changed:")
    assert "Smarch" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0
    assert window.table.proxy_index(event_id, EventColumn.DATE).data() == "8 May 2014"


def test_focus_leaving_with_unreadable_text_commits_nothing(qtbot, window, project):
    event_id = window.table.model.rows()[0].id
    editor = open_date_editor(window)
    type_into(qtbot, editor, "next blursday")
    window.table.search.setFocus()  # click elsewhere
    wait_closed(qtbot, window)
    assert project.event(event_id).date.edtf == "2014-05-08"
    assert "blursday" in window.statusBar().currentMessage()


def test_other_columns_keep_the_plain_editor(qtbot, window):
    view = window.table.view
    index = window.table.proxy_index(window.table.model.rows()[0].id, EventColumn.TITLE)
    view.setCurrentIndex(index)
    view.edit(index)
    assert not view.viewport().findChildren(DateEditor)
    assert [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]


def test_editor_reads_against_its_anchor(qtbot):
    editor = DateEditor(date(2013, 11, 2))
    qtbot.addWidget(editor)
    editor.set_text("26 August")
    assert editor.value.earliest == "2013-08-26"
    editor.set_text("")
    assert editor.value == DateFields() and editor.is_valid()
    assert describe_date(DateFields("2014", "2014-01-01", "2014-12-31", "")) == \
        "2014-01-01 – 2014-12-31 · EDTF 2014"
