"""Helpers for tests that drive the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextCursor

from curator.core.offsets import QtTextMap
from curator.core.project import Project
from curator.ui.main_window import MainWindow


def open_window(qtbot, path: Path, annotator: str = "", size: tuple[int, int] = (1400, 900)) -> MainWindow:
    """A shown main window on the project at ``path`` (closed by qtbot after the test)."""
    window = MainWindow(Project.open(path, annotator=annotator), remember=False)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    wait_for_timeline(qtbot, window)
    return window


def wait_for_timeline(qtbot, window: MainWindow, timeout: int = 10000) -> None:
    """Wait until the timeline has read what it needs (it reads on a worker)."""
    qtbot.waitUntil(window.timeline_binding.is_idle, timeout=timeout)


def select_text(window: MainWindow, needle: str) -> tuple[int, int]:
    """Select the first ``needle`` in the shown document with a QTextCursor, as a mouse drag
    would; its (start, end) in code points."""
    pane = window.documents
    text = pane.workspace.document_text(pane.document_id)
    start = text.index(needle)
    qt_map = QtTextMap(text)
    cursor = QTextCursor(pane.text.document())
    cursor.setPosition(qt_map.to_qt(start))
    cursor.setPosition(qt_map.to_qt(start + len(needle)), QTextCursor.KeepAnchor)
    pane.text.setTextCursor(cursor)
    return start, start + len(needle)
