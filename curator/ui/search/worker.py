"""Searching all documents off the GUI thread.

A :class:`TextSearchJob` is a QThread that calls the facade's ``search_text`` one document at a
time on its own connection to the project file (SQLite in WAL mode lets it read while the window
writes), so a newer query can cancel it between documents. It stops after ``limit`` hits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from curator.core.project import Project
from curator.core.records import SearchHit

RUNNING: set = set()  # jobs still running: a QThread object must outlive its run()


@dataclass
class SearchResult:
    """What one search found: hits in document then offset order, the documents' titles, and
    whether it stopped at the limit (more hits exist)."""
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    titles: dict[int, str] = field(default_factory=dict)
    truncated: bool = False


class TextSearchJob(QThread):
    """``found(generation, SearchResult)`` when done (not when cancelled);
    ``failed(generation, reason)`` if the file could not be read."""

    found = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, path: Path, query: str, limit: int, generation: int, parent=None):
        super().__init__(parent)
        self.path, self.query, self.limit, self.generation = path, query, limit, generation
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def run(self) -> None:
        result = SearchResult(self.query)
        try:
            project = Project(self.path)
            try:
                for doc in project.documents():
                    if self._cancelled:
                        return
                    hits = project.search_text(self.query, document_id=doc.id,
                                               limit=self.limit - len(result.hits) + 1)
                    if hits:
                        result.titles[doc.id] = doc.title or doc.filename or f"Document {doc.id}"
                        result.hits.extend(hits)
                    if len(result.hits) > self.limit:
                        del result.hits[self.limit:]
                        result.truncated = True
                        break
            finally:
                project.close()
        except Exception as exc:  # noqa: BLE001 - reported to the panel, never lost
            if not self._cancelled:
                self.failed.emit(self.generation, str(exc))
            return
        if not self._cancelled:
            self.found.emit(self.generation, result)
