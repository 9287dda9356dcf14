"""The window over a project Curator cannot write (on a read-only mount, in a folder nobody may
write): it says so, offers Save a copy…, and no edit can be made or written; viewing,
searching, selecting and exporting work."""

from __future__ import annotations

import json
import shutil
from contextlib import ExitStack
from pathlib import Path

import pytest
from media_support import digest, folder_listing, read_only_mount, side_files, unwritable
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QMessageBox
from ui_support import open_window, select_text

from curator.ui.events.columns import EventColumn

pytestmark = pytest.mark.usefixtures("clean_settings")


@pytest.fixture(params=["mount", "folder"])
def read_only_path(request, tmp_path, demo_path):
    """The demo project where Curator cannot write it: on a read-only bind mount, or in a
    folder nobody may write (skipped where this system allows neither)."""
    source = tmp_path / "archive"
    source.mkdir()
    shutil.copy(demo_path, source / "demo.curator")
    with ExitStack() as stack:
        if request.param == "mount":
            folder = stack.enter_context(read_only_mount(source, tmp_path / "mnt"))
        else:
            folder = stack.enter_context(unwritable(source))
        path = folder / "demo.curator"
        before, listing = digest(path), folder_listing(folder)
        yield path
        assert digest(path) == before, "the read-only project's file changed"
        assert folder_listing(folder) == listing and side_files(path) == []


def test_the_window_says_read_only_and_offers_a_copy(qtbot, read_only_path):
    window = open_window(qtbot, read_only_path)
    assert window.windowTitle() == "demo [read-only] — Curator"
    banner = window.read_only_mode.banner
    assert banner.isVisible() and banner.save_button.isVisible()
    assert "is read-only (" in banner.label.text() and "nothing can be changed" in banner.label.text()
    assert "is read-only" in window.statusBar().currentMessage()
    window.close()


def test_no_edit_can_be_made(qtbot, read_only_path):
    window = open_window(qtbot, read_only_path)
    workspace = window.workspace
    events_before = [(r.id, r.title, r.edtf) for r in workspace.event_rows()]
    document = window.documents.document_id
    spans_before = len(workspace.spans(document))
    event_id = window.table.model.event_ids()[0]
    window.selection.select(event_id)

    # the window's editing actions are off; exporting and copying are on
    for action in (window.add_documents_action, window.tag_set_action, window.delete_event_action,
                   window.documents.new_event_action, window.inspector.add_evidence_action,
                   window.exchange.import_action, window.exchange.merge_action):
        assert not action.isEnabled(), action.text()
    assert window.save_copy_action.isEnabled()
    assert all(a.isEnabled() for a in window.exchange.export_actions.values())

    # table cells: not editable; a double-click opens no editor; setData is refused
    index = window.table.view_index(event_id, EventColumn.TITLE)
    assert not index.flags() & Qt.ItemIsEditable
    window.table.view.setFocus()
    rect = window.table.view.visualRect(index)
    qtbot.mouseDClick(window.table.view.viewport(), Qt.LeftButton, pos=rect.center())
    assert window.table.view.state() != QAbstractItemView.EditingState
    source = index
    with qtbot.waitSignal(window.table.model.editRefused) as refused:
        assert window.table.model.setData(source, "A new title") is False
    assert "is read-only" in refused.args[0]

    # inspector: read-only fields, no Add actor, no ✕ on actors or evidence
    inspector = window.inspector
    assert inspector.title_edit.isReadOnly() and inspector.description_edit.isReadOnly()
    assert inspector.place_picker.isReadOnly() and inspector.date_editor.line.isReadOnly()
    qtbot.keyClicks(inspector.title_edit, "typed")
    inspector.title_edit.editingFinished.emit()
    assert not inspector.actors_table.add_button.isVisible()
    assert inspector.actors_table.remove_buttons()
    assert not any(b.isVisible() for b in inspector.actors_table.remove_buttons())
    assert not any(b.isVisible() for b in inspector.evidence_list.remove_buttons)

    # the text: a label key and Ctrl+E make nothing; the palette is off
    select_text(window, workspace.document_text(document)[:12])
    assert not window.documents.new_event_action.isEnabled()
    assert not window.documents.label_button.isEnabled()
    qtbot.keyClick(window.documents.text, Qt.Key_1)
    assert "Not labelled" in window.statusBar().currentMessage()
    qtbot.keyClick(window.documents.text, Qt.Key_E, Qt.ControlModifier)
    assert window.documents.new_event_from_selection() is None
    entries = window.documents.context_entries(None)
    assert not entries[0].isEnabled()  # Label as ▸

    # Delete on the table deletes nothing; suggestions cannot be taken; actors cannot change
    window.table.view.setFocus()
    qtbot.keyClick(window.table.view, Qt.Key_Delete)
    window.show_tab(window.suggestions)
    qtbot.waitUntil(lambda: window.suggestions.current() is not None or
                    not window.suggestions.accept_button.isEnabled(), timeout=5000)
    assert not window.suggestions.accept_button.isEnabled()
    assert not window.suggestions.accept_all_button.isEnabled()
    window.suggestions.accept_current()
    window.show_tab(window.actors)
    window.actors.view.selectRow(0)
    for action in (window.actors.new_actor_action, window.actors.new_place_action,
                   window.actors.edit_action, window.actors.delete_action,
                   window.actors.find_mentions_action, window.actors.merge_action):
        assert not action.isEnabled(), action.text()
    window.actors.view.rename_current()
    assert window.actors.view.state() != QAbstractItemView.EditingState

    assert window.undo_stack.count() == 0
    assert [(r.id, r.title, r.edtf) for r in workspace.event_rows()] == events_before
    assert len(workspace.spans(document)) == spans_before
    window.close()


def test_viewing_searching_selecting_and_exporting_work(qtbot, read_only_path, tmp_path):
    window = open_window(qtbot, read_only_path)
    rows = window.table.model.rows()
    target = rows[3]
    window.selection.select(target.id)
    assert window.inspector.title_edit.text() == target.title
    window.table.set_filter_text(target.title)
    assert window.table.model.rowCount() >= 1
    window.documents.show_document(window.documents.list.item(1).data(Qt.UserRole + 1))
    assert window.documents.document_id is not None
    out = tmp_path / "out.json"
    window.exchange._export_to(str(out))
    qtbot.waitUntil(lambda: not window.exchange.busy, timeout=20000)
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "curator-export"
    window.close()


def test_save_a_copy_from_the_banner_and_open_it(qtbot, read_only_path, tmp_path, monkeypatch):
    window = open_window(qtbot, read_only_path)
    copy = tmp_path / "mine.curator"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    with qtbot.waitSignal(window.exchange.copySaved, timeout=20000):
        window.read_only_mode.banner.save_button.click()
    qtbot.waitUntil(lambda: window.read_only_mode.offer_box is not None
                    and window.read_only_mode.offer_box.isVisible(), timeout=5000)
    window.read_only_mode.offer_box.button(QMessageBox.StandardButton.Open).click()
    assert window.workspace.path == copy and window.workspace.editable
    assert window.windowTitle() == "mine — Curator"
    assert not window.read_only_mode.banner.isVisible()
    assert window.add_documents_action.isEnabled() and window.exchange.import_action.isEnabled()
    window.close()
