"""The spans of the document the text pane shows, read where they cost least.

A document with a few hundred highlights is read at once, as it is shown. One with thousands
(5,000 in a 340,000-character report of a million-event project: 20-25 ms to read and index)
is read on a worker (:class:`~curator.ui.store.query_loader.QueryLoader`): its text is shown
first and the highlights follow a moment later, so that opening it never holds the window. A
question that needs the spans exactly (labelling a passage reuses a span at the same offsets)
reads them at once with :meth:`DocumentSpans.read_now`.
"""

from __future__ import annotations

from functools import partial
from typing import Optional

from PySide6.QtCore import QObject, Signal

from curator.ui.documents.span_index import SpanIndex
from curator.ui.store.query_loader import QueryLoader

WORKER_FROM = 1_000  # spans: a document with this many or more has them read on a worker


def _index_of(document_id: int, project) -> tuple[int, SpanIndex]:
    return document_id, SpanIndex(project.span_columns(document_id))


class DocumentSpans(QObject):
    """``loaded(document_id, index)`` when a worker has read a document's spans."""

    loaded = Signal(int, object)

    def __init__(self, workspace, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.workspace = workspace
        self.pending: Optional[int] = None  # the document whose spans the worker is reading
        self.loader = QueryLoader(workspace, lambda project: None, None, self)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_failed)

    def load(self, document_id: int) -> Optional[SpanIndex]:
        """The document's spans now when they are few; else None, and ``loaded`` follows."""
        if self.workspace.project.span_count(document_id) < WORKER_FROM:
            return self.read_now(document_id)
        self.pending = document_id
        self.loader.query = partial(_index_of, document_id)
        self.loader.load()  # drops an answer still under way
        return None

    def read_now(self, document_id: int) -> SpanIndex:
        """The document's spans, read on this thread (an answer under way is dropped)."""
        self.cancel()
        return SpanIndex(self.workspace.span_columns(document_id))

    def cancel(self) -> None:
        self.pending = None
        self.loader.drop()

    def _on_loaded(self, answer) -> None:
        if answer is None:
            return
        document_id, index = answer
        if document_id == self.pending:
            self.pending = None
            self.loaded.emit(document_id, index)

    def _on_failed(self, _reason: str) -> None:
        document_id = self.pending
        if document_id is None or not self.workspace.has_project:
            return
        try:  # the worker could not read (a locked file, say): read here, as before
            index = self.read_now(document_id)
        except Exception:  # noqa: BLE001 - the document went away meanwhile: nothing to draw
            return
        self.loaded.emit(document_id, index)

    def wait(self, timeout_ms: int = 10_000) -> None:
        """Until the spans under way have come (tests, benchmarks)."""
        self.loader.wait(timeout_ms)

    def shutdown(self) -> None:
        self.pending = None
        self.loader.shutdown()
