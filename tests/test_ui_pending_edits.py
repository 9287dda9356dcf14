"""The window never drops an edit while another program writes to the project: a real second
process holds the write lock (BEGIN IMMEDIATE) while the user types; the typed value stays,
marked, the status bar says why, and once the lock is free the edit is saved and on the undo
stack. Assertions on the database, read with plain sqlite3."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from lock_support import LockHolder
from test_ui_window import edit_cell
from ui_support import open_window, select_text

from curator.core.locking import GUI_ATTEMPT_MS
from curator.ui.events.table import EventColumn

pytestmark = pytest.mark.usefixtures("clean_settings")


def stored_title(path, event_id: int) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT title FROM event WHERE id = ?", (event_id,)).fetchone()[0]
    finally:
        conn.close()


def cell(window, event_id: int, column: int, role=None):
    index = window.table.view_index(event_id, column)
    return index.data() if role is None else index.data(role)


def test_gui_writes_never_sit_in_the_busy_handler(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    policy = window.workspace.project.lock_wait
    assert policy.limit == 0 and policy.attempt_ms == GUI_ATTEMPT_MS <= 100


def test_a_table_edit_waits_for_the_lock_and_is_saved_after(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    row = window.table.model.rows()[3]
    depth = window.undo_stack.count()
    with LockHolder(demo_path) as other:
        edit_cell(qtbot, window, row.id, EventColumn.TITLE, "Typed while another program imports")
        # the cell keeps the typed value, marked; nothing written, nothing on the undo stack
        assert cell(window, row.id, EventColumn.TITLE) == "Typed while another program imports"
        assert cell(window, row.id, EventColumn.TITLE, Qt.DecorationRole) is not None  # marked
        assert cell(window, row.id, EventColumn.TITLE, Qt.FontRole).italic()
        assert "Not saved yet" in cell(window, row.id, EventColumn.TITLE, Qt.ToolTipRole)
        assert window.pending_status.isVisible()
        assert "1 edit not saved yet" in window.pending_status.label.text()
        assert "another program is writing to this project; retrying" in window.pending_status.label.text()
        assert window.undo_stack.count() == depth
        assert stored_title(demo_path, row.id) == row.title
        other.release()
    qtbot.waitUntil(lambda: not window.pending.waiting, timeout=10_000)
    assert stored_title(demo_path, row.id) == "Typed while another program imports"
    assert cell(window, row.id, EventColumn.TITLE) == "Typed while another program imports"
    assert cell(window, row.id, EventColumn.TITLE, Qt.DecorationRole) is None
    assert window.undo_stack.count() == depth + 1
    assert window.statusBar().currentMessage() == (f"Saved Title of “{row.title}”, which waited for "
                                                   "another program")
    assert not window.pending_status.isVisible()
    window.undo_action.trigger()  # an ordinary step of the history
    assert stored_title(demo_path, row.id) == row.title


def test_edits_made_while_waiting_keep_their_order(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    first, second = window.table.model.rows()[1], window.table.model.rows()[2]
    depth = window.undo_stack.count()
    with LockHolder(demo_path):
        edit_cell(qtbot, window, first.id, EventColumn.TITLE, "One")
        edit_cell(qtbot, window, first.id, EventColumn.TITLE, "Two")
        edit_cell(qtbot, window, second.id, EventColumn.LOCATION, "Homs")
        assert cell(window, first.id, EventColumn.TITLE) == "Two"
        assert len(window.pending) == 3
    qtbot.waitUntil(lambda: not window.pending.waiting, timeout=10_000)
    assert stored_title(demo_path, first.id) == "Two"
    assert window.undo_stack.count() == depth + 3
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert stored_title(demo_path, first.id) == "One"


def test_a_pending_edit_can_be_cancelled(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    row = window.table.model.rows()[0]
    depth = window.undo_stack.count()
    with LockHolder(demo_path):
        edit_cell(qtbot, window, row.id, EventColumn.TITLE, "Never mind")
        qtbot.mouseClick(window.pending_status.cancel, Qt.LeftButton)
        assert cell(window, row.id, EventColumn.TITLE) == row.title
        assert not window.pending_status.isVisible()
    qtbot.wait(3 * 500)  # a retry, had the edit been kept, would have saved it by now
    assert stored_title(demo_path, row.id) == row.title
    assert window.undo_stack.count() == depth


def test_an_inspector_edit_waits_and_keeps_the_typed_value(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    row = window.table.model.rows()[5]
    window.selection.select(row.id)
    inspector = window.inspector
    with LockHolder(demo_path):
        inspector.title_edit.setFocus()
        inspector.title_edit.selectAll()
        qtbot.keyClicks(inspector.title_edit, "Inspector title, typed during an import")
        qtbot.keyClick(inspector.title_edit, Qt.Key_Return)
        assert inspector.notice.isVisible()
        assert inspector.notice.text().startswith("Title not saved yet: another program")
        inspector.refresh(force=False)  # a refresh (another event changed) keeps it
        window.table.view.setFocus()  # and so does leaving the field
        inspector.refresh(force=False)
        assert inspector.title_edit.text() == "Inspector title, typed during an import"
        assert "background" in inspector.title_edit.styleSheet()
        assert stored_title(demo_path, row.id) == row.title
    qtbot.waitUntil(lambda: not window.pending.waiting, timeout=10_000)
    assert stored_title(demo_path, row.id) == "Inspector title, typed during an import"
    assert inspector.title_edit.styleSheet() == ""
    assert not inspector.notice.isVisible()
    assert window.undo_stack.undoText() == "Edit title"


def test_undo_waits_behind_a_pending_edit(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    row = window.table.model.rows()[2]
    with LockHolder(demo_path):
        edit_cell(qtbot, window, row.id, EventColumn.TITLE, "Soon undone")
        window.undo_action.trigger()  # undoes the edit above, once it is saved
        assert len(window.pending) == 2
    qtbot.waitUntil(lambda: not window.pending.waiting, timeout=10_000)
    assert stored_title(demo_path, row.id) == row.title
    assert window.undo_stack.canRedo()


def test_an_edit_that_no_longer_applies_is_reported_not_dropped_silently(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    row = window.table.model.rows()[0]
    # the other program deletes the event (a tombstone) before letting go
    with LockHolder(demo_path, f"UPDATE event SET deleted_at = '2024-01-01T00:00:00Z' WHERE id = {row.id}"):
        edit_cell(qtbot, window, row.id, EventColumn.TITLE, "Too late")
    qtbot.waitUntil(lambda: not window.pending.waiting, timeout=10_000)
    assert window.statusBar().currentMessage().startswith(f"Title of “{row.title}” not saved: ")
    assert stored_title(demo_path, row.id) == row.title


def test_other_actions_fail_plainly_while_the_project_is_locked(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    window.documents.list.setCurrentRow(0)
    events = window.table.model.rowCount()
    with LockHolder(demo_path):
        select_text(window, "Aleppo")
        assert window.documents.new_event_from_selection() is None
        assert "another program (or another Curator window) is writing to demo.curator" in \
            window.statusBar().currentMessage()
        assert "nothing was changed" in window.statusBar().currentMessage()
    assert window.table.model.rowCount() == events


def test_closing_with_pending_edits_asks_and_can_keep_the_window(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    row = window.table.model.rows()[0]
    asked = []
    with LockHolder(demo_path):
        edit_cell(qtbot, window, row.id, EventColumn.TITLE, "Kept")
        window.confirm_discard_pending = lambda parent, what: asked.append(what) or False
        window.close()
        assert window.isVisible() and asked == [[f"Title of “{row.title}”"]]
    qtbot.waitUntil(lambda: not window.pending.waiting, timeout=10_000)
    assert stored_title(demo_path, row.id) == "Kept"
    window.close()
    assert not window.isVisible() and len(asked) == 1  # nothing waited: no question
