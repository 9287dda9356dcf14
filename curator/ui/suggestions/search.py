"""Suggestions computed off the GUI thread, for the Suggestions panel.

A :class:`SuggestionSearch` is a :class:`~curator.ui.store.project_job.ProjectJob` that runs
:func:`curator.suggestions.suggest_events` on its own connection to the project file, reports
progress per document, and can be cancelled between documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import Signal

from curator.suggestions import suggest_events
from curator.ui.store.project_job import ProjectJob

if TYPE_CHECKING:
    from curator.core.project import Project


class SuggestionSearch(ProjectJob):
    """``progressed(done, total)`` while it runs; ``found(generation, suggestions)`` at the end
    (not when cancelled)."""

    progressed = Signal(int, int)

    def __init__(self, path: Path, document_ids: Optional[list[int]], generation: int, parent=None):
        super().__init__(path, generation, parent)
        self.document_ids = document_ids

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self.cancelled

    def work(self, project: Project) -> list:
        return suggest_events(project, self.document_ids, self._progress)
