"""The date cell editor, through real widgets: a live preview while typing, Enter commits only a
readable date, unreadable input is refused with its reason and the database keeps the old value.
The preview and Enter agree, always: whatever the preview marks "✓" is what Enter stores (open
ends and sets included), and whatever it marks "✗" is refused on Enter with the same reason."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from curator.core.records import DateFields
from curator.temporal import parse_date_input
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
    index = window.table.view_index(event_id, EventColumn.DATE)
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
    assert "8 May 2014 · EDTF 2014-05-08" in editor.preview_text()
    type_into(qtbot, editor, "early May 2014")
    assert "1 May 2014 – 10 May 2014 · EDTF 2014-05-01/2014-05-10" in editor.preview_text()
    type_into(qtbot, editor, "22-31 Jan 2014")
    assert "22 Jan 2014 – 31 Jan 2014" in editor.preview_text()
    type_into(qtbot, editor, "spring 2015")
    assert "1 Mar 2015 – 31 May 2015 · EDTF 2015-03/2015-05" in editor.preview_text()
    type_into(qtbot, editor, "2014-05~")
    assert "EDTF 2014-05~" in editor.preview_text()
    type_into(qtbot, editor, "8 June")  # no year: read against the document's 9 May 2014
    assert "8 Jun 2014" in editor.preview_text() and "year from the document" in editor.preview_text()
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
    window.table.view.setCurrentIndex(window.table.view_index(extra, EventColumn.TITLE))
    wait_closed(qtbot, window)
    assert project.event(window.table.model.rows()[0].id).date.edtf == "2014-03/2014-05"
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
    assert window.table.view_index(event_id, EventColumn.DATE).data() == "8 May 2014"


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
    index = window.table.view_index(window.table.model.rows()[0].id, EventColumn.TITLE)
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
        "1 Jan 2014 – 31 Dec 2014 · EDTF 2014"


ORIGINAL = DateFields("2014-05-08", "2014-05-08", "2014-05-08", "8 May 2014")

TYPED = [
    "../1899", "1899/..", "../1899-12-31", "1945/..", "/2014", "31 February 2014",
    "February 29, 2015", "29 February 2016", "[2014-05-01,2014-05-03]", "{2014,2016}",
    "[2014]", "2015-21~", "199X~", "-0044-03-15", "early May 2014", "spring 2015", "2014-05~",
    "around the 1990s", "8 June", "foo", "2014-13", "3/4/2007", "31.02.2014", "2014?",
]


@pytest.mark.parametrize("typed", TYPED)
def test_enter_does_what_the_preview_said(qtbot, window, typed):
    project = window.workspace.project
    event_id = window.table.model.rows()[0].id
    editor = open_date_editor(window)
    type_into(qtbot, editor, typed)
    preview, valid, reason, value = editor.preview_text(), editor.is_valid(), editor.reason, editor.value
    assert preview.startswith("✓" if valid else "✗")
    qtbot.keyClick(editor.line, Qt.Key_Return)
    wait_closed(qtbot, window)
    stored = project.event(event_id).date
    if valid:
        assert stored == value, preview
        assert window.undo_stack.count() == 1
    else:
        assert stored == ORIGINAL
        assert reason in window.statusBar().currentMessage()
        assert reason in preview
        assert window.undo_stack.count() == 0


def test_open_ends_are_previewed_in_words_and_stored(qtbot, window):
    project = window.workspace.project
    event_id = window.table.model.rows()[0].id
    editor = open_date_editor(window)
    type_into(qtbot, editor, "../1899")
    assert editor.preview_text() == "✓ … – 31 Dec 1899 · EDTF ../1899"
    type_into(qtbot, editor, "1899/..")
    assert editor.preview_text() == "✓ 1 Jan 1899 – open · EDTF 1899/.."
    qtbot.keyClick(editor.line, Qt.Key_Return)
    wait_closed(qtbot, window)
    assert project.event(event_id).date == DateFields("1899/..", "1899-01-01", None, "1899/..")
    assert project.check()["ok"]


def test_an_impossible_day_says_why(qtbot, window):
    editor = open_date_editor(window)
    type_into(qtbot, editor, "31 February 2014")
    assert editor.preview_text() == "✗ '31 February 2014' has no day 31: February 2014 has 28 days"
    qtbot.keyClick(editor.line, Qt.Key_Return)
    wait_closed(qtbot, window)
    assert "February 2014 has 28 days" in window.statusBar().currentMessage()


@pytest.mark.parametrize("typed, reason", [
    ("31 February 2014", "'31 February 2014' has no day 31: February 2014 has 28 days"),
    ("June 31", "'June 31' has no day 31: June has at most 30 days"),
    ("30 Feb", "'30 Feb' has no day 30: February has at most 29 days"),
    ("32 May 2014", "'32 May 2014' has no day 32: May 2014 has 31 days"),
    ("31.02.2014", "'31.02.2014' has no day 31: February 2014 has 28 days"),
])
def test_impossible_days_are_refused_with_the_reason(typed, reason):
    with pytest.raises(Exception, match=reason.replace(".", r"\.")):
        parse_date_input(typed)


@pytest.mark.parametrize("typed", ["../1899", "1945/..", "31 February 2014", "[2014-05-01,2014-05-03]"])
def test_the_inspector_agrees_with_its_preview_too(qtbot, window, typed):
    project = window.workspace.project
    event_id = window.table.model.rows()[0].id
    window.selection.select(event_id)
    qtbot.waitUntil(lambda: window.inspector.stack.currentIndex() == 1)
    editor = window.inspector.date_editor
    editor.line.setFocus()
    type_into(qtbot, editor, typed)
    valid, value, reason = editor.is_valid(), editor.value, editor.reason
    qtbot.keyClick(editor.line, Qt.Key_Return)
    stored = project.event(event_id).date
    assert stored == (value if valid else ORIGINAL)
    if not valid:
        assert reason and reason in editor.preview_text()
        assert reason in window.inspector.notice.text()


def test_a_date_read_in_its_passage_shows_as_stored(qtbot, project):
    """"That night" was dated from the passage around it: the cell editor and the inspector
    show the stored date for those words (not "no date found"), Enter keeps it, and new words
    are read as usual."""
    doc = project.add_document(TEXT, title="Report", published="2014-05-09")
    event_id = project.create_event_from_passage(
        doc, TEXT.index("On 8 May"), TEXT.index(" In June"), title="Bridge falls",
        date=DateFields("2014-05-08", "2014-05-08", "2014-05-08", "That night"))
    win = MainWindow(project, remember=False)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    try:
        win.selection.select(event_id)
        inspector = win.inspector.date_editor
        qtbot.waitUntil(lambda: inspector.text() == "That night")
        assert inspector.preview_text() == "✓ 8 May 2014 · EDTF 2014-05-08 · as stored"
        editor = open_date_editor(win)
        assert editor.text() == "That night" and editor.is_valid()
        assert editor.preview_text() == "✓ 8 May 2014 · EDTF 2014-05-08 · as stored"
        qtbot.keyClick(editor.line, Qt.Key_Return)
        wait_closed(qtbot, win)
        assert project.event(event_id).date == DateFields("2014-05-08", "2014-05-08", "2014-05-08",
                                                          "That night")
        assert win.undo_stack.count() == 0  # nothing changed
        editor = open_date_editor(win)
        type_into(qtbot, editor, "That night!")
        assert editor.preview_text().startswith("✗")  # other words are read as typed
        type_into(qtbot, editor, "That night")
        assert editor.preview_text().endswith("as stored")
    finally:
        win.workspace._project = None
        win.close()
