"""The Delete key deletes the selected event only from the event table or the timeline, and asks
first when the event has evidence or actors ("Don't ask again" is remembered)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_support import open_window

from curator.core.project import Project
from curator.ui import app
from curator.ui.events.confirm_delete import KEY_CONFIRM_DELETE, delete_question

pytestmark = pytest.mark.usefixtures("clean_settings")


def live_event_ids(path) -> set[int]:
    with Project.open(path) as check:
        return {r.id for r in check.event_rows()}


def active_window(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    return window


class DialogAnswer:
    """Answers the next confirmation box with the button named ``button`` (ticking "Don't ask
    again" if asked) and remembers its question; ``asked`` stays False if no box came. Arm it
    just before the key press: it looks for the box on every pass of the event loop (the box
    runs its own loop) until :meth:`stop`."""

    def __init__(self, button: str, dont_ask: bool = False):
        self.button, self.dont_ask = button, dont_ask
        self.asked, self.text = False, ""
        self.timer = QTimer()
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._answer)

    def _answer(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            return
        self.timer.stop()
        self.asked, self.text = True, box.text() + " " + box.informativeText()
        if self.dont_ask:
            box.checkBox().setChecked(True)
        next(b for b in box.buttons() if b.text().replace("&", "") == self.button).click()


def press_delete(window, widget, answer: DialogAnswer) -> None:
    """Focus ``widget`` in the active window and press Delete there, ``answer`` standing by."""
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    widget.setFocus()
    answer.timer.start()
    try:
        QTest.keyClick(widget, Qt.Key_Delete)
        QApplication.processEvents()
    finally:
        answer.timer.stop()


def test_delete_in_the_text_or_the_document_list_deletes_nothing(qtbot, demo_path):
    window = active_window(qtbot, demo_path)
    event_id = window.table.model.rows()[2].id
    window.selection.select(event_id)
    before = live_event_ids(demo_path)
    for widget in (window.documents.text, window.documents.list, window.table.search):
        answer = DialogAnswer("Delete")
        press_delete(window, widget, answer)
        assert answer.asked is False
        assert live_event_ids(demo_path) == before
        assert window.selection.event_id == event_id


def test_delete_in_the_table_asks_and_cancel_keeps_the_event(qtbot, demo_path):
    window = active_window(qtbot, demo_path)
    row = window.table.model.rows()[2]
    window.selection.select(row.id)
    answer = DialogAnswer("Cancel")
    press_delete(window, window.table.view, answer)
    assert answer.asked
    assert row.id in live_event_ids(demo_path)

    with Project.open(demo_path) as check:
        info = check.event(row.id)
    expected = delete_question(info.title, len(info.evidence), len(info.actor_names))
    answer = DialogAnswer("Delete")
    press_delete(window, window.table.view, answer)
    assert answer.text.startswith(expected) and "Undo with Ctrl+Z" in answer.text
    assert "evidence link" in answer.text
    assert row.id not in live_event_ids(demo_path)
    assert window.table.model.row_of(row.id) is None

    window.undo_action.trigger()
    assert row.id in live_event_ids(demo_path)


def test_delete_on_the_timeline_with_dont_ask_again(qtbot, demo_path):
    window = active_window(qtbot, demo_path)
    first, second = [r.id for r in window.table.model.rows()[:2]]
    window.selection.select(first)
    plot = window.timeline._plot
    answer = DialogAnswer("Delete", dont_ask=True)
    press_delete(window, plot, answer)
    assert answer.asked
    assert first not in live_event_ids(demo_path)
    assert str(app.settings().value(KEY_CONFIRM_DELETE)).lower() == "false"

    window.selection.select(second)
    answer = DialogAnswer("Delete")
    press_delete(window, plot, answer)
    assert answer.asked is False  # not asked again
    assert second not in live_event_ids(demo_path)


def test_an_event_without_evidence_or_actors_is_deleted_without_asking(qtbot, demo_path):
    with Project.open(demo_path) as project:
        bare = project.add_event("A bare event")
    window = active_window(qtbot, demo_path)
    window.selection.select(bare)
    answer = DialogAnswer("Cancel")
    press_delete(window, window.table.view, answer)
    assert answer.asked is False
    assert bare not in live_event_ids(demo_path)


def test_delete_question_names_the_links():
    assert delete_question("Siege", 2, 0) == "Delete event 'Siege' and its 2 evidence links?"
    assert delete_question("Siege", 1, 3) == "Delete event 'Siege' and its 1 evidence link and 3 actor links?"
    assert delete_question("Siege", 0, 0) == "Delete event 'Siege'?"


@pytest.mark.parametrize("column", ["TITLE", "DATE"])
def test_delete_inside_a_cell_editor_edits_the_text_not_the_event(qtbot, demo_path, column):
    from PySide6.QtWidgets import QAbstractItemView, QLineEdit

    from curator.ui.events.table import EventColumn

    window = active_window(qtbot, demo_path)
    row = window.table.model.rows()[2]
    window.selection.select(row.id)
    view = window.table.view
    index = window.table.view_index(row.id, EventColumn[column])
    view.setCurrentIndex(index)
    view.edit(index)
    editor = next(e for e in view.viewport().findChildren(QLineEdit) if e.isVisible())
    editor.setFocus()
    editor.home(False)
    before = editor.text()
    answer = DialogAnswer("Delete")
    press_delete(window, editor, answer)
    assert answer.asked is False
    assert editor.text() == before[1:]  # the key deleted a character
    assert row.id in live_event_ids(demo_path)
    qtbot.keyClick(editor, Qt.Key_Escape)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.EditingState)
