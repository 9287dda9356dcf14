"""Suggestions computed off the GUI thread, for the Suggestions panel.

A :class:`SuggestionSearch` is a QThread that runs :func:`curator.suggestions.suggest_events` on
its own connection to the project file (SQLite in WAL mode lets it read while the window writes),
reports progress per document, and can be cancelled between documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QThread, Signal

from curator.core.project import Project
from curator.suggestions import suggest_events

RUNNING: set = set()  # searches still running: a QThread object must outlive its run()


class SuggestionSearch(QThread):
    """Runs :func:`suggest_events` off the GUI thread, on its own connection to the file.
    ``progressed(done, total)`` while it runs; ``found(generation, suggestions)`` at the end
    (not when cancelled)."""

    progressed = Signal(int, int)
    found = Signal(int, list)
    failed = Signal(int, str)

    def __init__(self, path: Path, document_ids: Optional[list[int]], generation: int, parent=None):
        super().__init__(parent)
        self.path, self.document_ids, self.generation = path, document_ids, generation
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._cancelled

    def run(self) -> None:
        try:
            project = Project(self.path)
            try:
                found = suggest_events(project, self.document_ids, self._progress)
            finally:
                project.close()
        except Exception as exc:  # noqa: BLE001 - reported to the panel, never lost
            if not self._cancelled:
                self.failed.emit(self.generation, str(exc))
            return
        if not self._cancelled:
            self.found.emit(self.generation, found)
