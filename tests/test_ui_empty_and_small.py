"""A new user's first look: an empty project says what to do first (the document pane's "Add
documents…" button, the event table's hint), and a small window keeps the text readable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from ui_support import select_text
from ui_support import open_window

from curator.core.project import Project
from curator.ui.events.table import EMPTY_TABLE_HINT

pytestmark = pytest.mark.usefixtures("clean_settings")


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_empty_project_shows_what_to_do_first(qtbot, project_path, tmp_path, monkeypatch):
    Project.create(project_path, annotator="tester").close()
    window = open_window(qtbot, project_path)
    pane, table = window.documents, window.table
    assert pane.empty_hint.isVisible() and not pane.text.isVisible()
    assert "No documents yet" in pane.empty_hint.label.text()
    assert table.placeholder.isVisible() and table.placeholder.text() == EMPTY_TABLE_HINT

    source = tmp_path / "report.txt"
    source.write_text("Report\n\nOn 3 May 2014 the convoy reached the old city.\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(source)], ""))
    qtbot.mouseClick(pane.empty_hint.add_button, Qt.LeftButton)
    dialog = window.add_dialog  # how the file will be read, confirmed before anything is written
    qtbot.waitUntil(lambda: dialog.add_button.isEnabled())
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    with Project.open(project_path) as check:
        assert [d.filename for d in check.documents()] == ["report.txt"]
    settle()
    assert not pane.empty_hint.isVisible() and pane.text.isVisible()
    assert "convoy" in pane.text.toPlainText()
    assert table.placeholder.isVisible()  # still no events

    select_text(window, "On 3 May 2014 the convoy reached the old city.")
    window.documents.new_event_action.trigger()
    settle()
    assert table.model.rowCount() == 1 and not table.placeholder.isVisible()

    qtbot.keyClicks(table.search, "zzqx")
    assert table.placeholder.isVisible() and "filter" in table.placeholder.text()
    table.search.clear()
    assert not table.placeholder.isVisible()

    window.undo_action.trigger()  # the event goes: the hint comes back
    assert table.placeholder.isVisible() and table.placeholder.text() == EMPTY_TABLE_HINT


def test_no_project_open_shows_no_add_button(qtbot):
    from curator.ui.main_window import MainWindow

    window = MainWindow(None, remember=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "No project is open" in window.documents.empty_hint.label.text()
    assert not window.documents.empty_hint.add_button.isVisible()
    assert not window.table.placeholder.isVisible()


@pytest.mark.parametrize("size", [(900, 600), (640, 400)])
def test_a_small_window_keeps_the_text_readable(qtbot, demo_path, size):
    window = open_window(qtbot, demo_path, size=(1600, 1000))
    # a long status in the Suggestions tab must not push the text aside either
    window.suggestions.status.setText("Looking for dated sentences… " * 12)
    window.resize(*size)
    settle()
    text = window.documents.text
    assert (window.width(), window.height()) == (max(size[0], 720), max(size[1], 480))  # its minimum
    assert text.width() >= 300
    assert text.height() >= 120
    assert window.right_tabs.width() >= 300
    assert window.timeline.height() >= 80
    window.resize(1600, 1000)
    settle()
    assert text.width() > 500  # and it grows back
