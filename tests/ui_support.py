"""Helpers for tests that drive the main window."""

from __future__ import annotations

from pathlib import Path

from curator.core.project import Project
from curator.ui.main_window import MainWindow


def open_window(qtbot, path: Path, annotator: str = "", size: tuple[int, int] = (1400, 900)) -> MainWindow:
    """A shown main window on the project at ``path`` (closed by qtbot after the test)."""
    window = MainWindow(Project.open(path, annotator=annotator), remember=False)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window
