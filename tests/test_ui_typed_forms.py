"""Issue 9, point 9 through the date cell: what is typed is stored exactly, or refused with the
reason and the old value kept (real widgets; assertions on the database)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from curator.core.records import DateFields
from curator.ui.events.date_editor import DateEditor
from curator.ui.events.table import EventColumn
from curator.ui.main_window import MainWindow

TEXT = "Report\n\nOn 8 May 2014 the bridge at Kafr Hamra fell."
OLD = DateFields("2014-05-08", "2014-05-08", "2014-05-08", "8 May 2014")


@pytest.fixture
def window(qtbot, project):
    doc = project.add_document(TEXT, title="Report", published="2014-05-09")
    project.create_event_from_passage(doc, TEXT.index("On 8 May"), len(TEXT), title="Bridge falls",
                                      date=OLD)
    win = MainWindow(project, remember=False)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.workspace._project = None  # the fixture closes the project
    win.close()


def type_and_enter(qtbot, window, text: str) -> int:
    view = window.table.view
    event_id = window.table.model.rows()[0].id
    index = window.table.view_index(event_id, EventColumn.DATE)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = [e for e in view.viewport().findChildren(DateEditor) if e.isVisible()][0]
    editor.line.selectAll()
    qtbot.keyClicks(editor.line, text)
    qtbot.keyClick(editor.line, Qt.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.EditingState)
    QApplication.processEvents()
    return event_id


@pytest.mark.parametrize("typed, stored", [
    ("14 Juli 2014", DateFields("2014-07-14", "2014-07-14", "2014-07-14", "14 Juli 2014")),
    ("8 mai 2014", DateFields("2014-05-08", "2014-05-08", "2014-05-08", "8 mai 2014")),
    ("before 1900", DateFields("../1899-12-31", None, "1899-12-31", "before 1900")),
    ("no earlier than 3 May 2014", DateFields("2014-05-03/..", "2014-05-03", None,
                                              "no earlier than 3 May 2014")),
    ("May 2014?", DateFields("2014-05?", "2014-05-01", "2014-05-31", "May 2014?")),
    ("either 1 or 3 May 2014", DateFields("[2014-05-01,2014-05-03]", "2014-05-01", "2014-05-03",
                                          "either 1 or 3 May 2014")),
])
def test_typed_forms_are_stored_exactly(qtbot, window, project, typed, stored):
    event_id = type_and_enter(qtbot, window, typed)
    assert project.event(event_id).date == stored
    assert window.undo_stack.count() == 1
    assert window.table.view_index(event_id, EventColumn.DATE).data().startswith(typed)


@pytest.mark.parametrize("typed, reason", [
    ("15 March 44 BC", "Curator places years 0001-9999"),
    ("14 luglio 2014", "'luglio'"),
    ("Tishrin 2013", "could be October"),
])
def test_typed_forms_that_cannot_be_read_exactly_keep_the_old_date(qtbot, window, project, typed, reason):
    event_id = type_and_enter(qtbot, window, typed)
    assert project.event(event_id).date == OLD
    assert window.undo_stack.count() == 0
    message = window.statusBar().currentMessage()
    assert message.startswith("Date not changed:") and reason in message
