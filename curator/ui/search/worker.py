"""Searching all documents off the GUI thread.

A :class:`TextSearchJob` is a :class:`~curator.ui.store.project_job.ProjectJob` that calls the
facade's ``search_text`` one document at a time on its own connection to the project file, so a
newer query can cancel it between documents. It stops after ``limit`` hits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from curator.core.records import SearchHit
from curator.ui.store.project_job import ProjectJob

if TYPE_CHECKING:
    from curator.core.project import Project


@dataclass
class SearchResult:
    """What one search found: hits in document then offset order, the documents' titles, and
    whether it stopped at the limit (more hits exist)."""
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    titles: dict[int, str] = field(default_factory=dict)
    truncated: bool = False


class TextSearchJob(ProjectJob):
    """``found(generation, SearchResult)`` when done (not when cancelled);
    ``failed(generation, reason)`` if the file could not be read."""

    def __init__(self, path: Path, query: str, limit: int, generation: int, parent=None):
        super().__init__(path, generation, parent)
        self.query, self.limit = query, limit

    def work(self, project: Project) -> SearchResult:
        result = SearchResult(self.query)
        for doc in project.documents():
            if self.cancelled:
                break
            hits = project.search_text(self.query, document_id=doc.id,
                                       limit=self.limit - len(result.hits) + 1)
            if hits:
                result.titles[doc.id] = doc.title or doc.filename or f"Document {doc.id}"
                result.hits.extend(hits)
            if len(result.hits) > self.limit:
                del result.hits[self.limit:]
                result.truncated = True
                break
        return result
