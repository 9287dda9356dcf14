"""What the window says about the file: a project in a synced folder gets a warning bar (once per
project, dismissable); the window's own import waits for another program's lock with the wait
shown, and an edit made during that import is kept and saved after it, on the fresh undo
history. The other program is a real second process."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QPushButton
from lock_support import LockHolder
from test_ui_exchange import WAIT, open_as
from test_ui_window import edit_cell
from ui_support import open_window

from curator.core import Project
from curator.exchange.json_format import export_json
from curator.ui.events.table import EventColumn

pytestmark = pytest.mark.usefixtures("clean_settings")


def test_a_project_in_a_synced_folder_gets_a_warning_once(qtbot, tmp_path):
    folder = tmp_path / "Dropbox" / "research"
    folder.mkdir(parents=True)
    path = folder / "p.curator"
    Project.create(path).close()
    window = open_window(qtbot, path)
    bar = window.location_bar
    assert bar.isVisible()
    assert "This project is in a folder synced by Dropbox" in bar.text.text()
    assert "copies the project while Curator writes to it" in bar.text.text()
    bar.close_button.click()
    assert not bar.isVisible()
    window.close()
    again = open_window(qtbot, path)  # dismissed for this project: not shown again
    assert not again.location_bar.isVisible()


def test_a_project_in_a_plain_folder_gets_no_warning(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    assert not window.location_bar.isVisible()


def test_the_windows_import_waits_for_the_lock_and_an_edit_made_meanwhile_is_kept(
        qtbot, demo_path, tmp_path, monkeypatch):
    with Project.create(tmp_path / "source.curator") as source:
        doc = source.add_document("On 3 May 2014 the council met in Aleppo.", title="Council")
        source.create_event_from_passage(doc, 0, 40, title="Council meets")
        export_json(source, tmp_path / "in.json")
    window = open_window(qtbot, demo_path)
    row = window.table.model.rows()[0]
    events = window.table.model.rowCount()
    open_as(monkeypatch, tmp_path / "in.json")
    with LockHolder(demo_path) as other:
        window.exchange.import_action.trigger()
        worker = window.exchange.worker
        qtbot.waitUntil(lambda: "Waiting for another program" in window.exchange.progress_dialog.labelText(),
                        timeout=WAIT)
        edit_cell(qtbot, window, row.id, EventColumn.TITLE, "Typed during the import")
        assert window.pending.waiting
        assert "the import of in.json is writing to this project" in window.pending_status.label.text()
        with qtbot.waitSignal(window.exchange.finished, timeout=WAIT):
            other.release()
    worker.wait()
    qtbot.waitUntil(lambda: not window.pending.waiting, timeout=WAIT)
    conn = sqlite3.connect(demo_path)
    assert conn.execute("SELECT title FROM event WHERE id = ?", (row.id,)).fetchone()[0] == \
        "Typed during the import"
    conn.close()
    assert window.table.model.rowCount() == events + 1
    assert window.undo_stack.count() == 1  # the history was cleared by the import, then the edit
    window.undo_action.trigger()
    assert window.table.view_index(row.id, EventColumn.TITLE).data() == row.title


def test_cancel_while_the_import_waits_for_the_lock(qtbot, demo_path, tmp_path, monkeypatch):
    with Project.create(tmp_path / "source.curator") as source:
        source.add_document("Some text.")
        export_json(source, tmp_path / "in.json")
    window = open_window(qtbot, demo_path)
    documents = window.workspace.stats()["documents"]
    open_as(monkeypatch, tmp_path / "in.json")
    with LockHolder(demo_path):
        window.exchange.import_action.trigger()
        qtbot.waitUntil(lambda: "Waiting for another program" in window.exchange.progress_dialog.labelText(),
                        timeout=WAIT)
        with qtbot.waitSignal(window.exchange.finished, timeout=WAIT) as finished:
            window.exchange.progress_dialog.findChild(QPushButton).click()
    assert finished.args[0] == "Import of in.json cancelled: nothing was written"
    assert window.workspace.stats()["documents"] == documents
