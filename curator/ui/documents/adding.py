"""Adding the documents the Add documents… / Add folder… dialog read, as one undoable step.

A few documents are added at once, on the GUI thread (milliseconds). Many, or large ones (a
folder of a thousand files: hundreds of megabytes of text and kept originals), are written by a
worker on its own connection (:class:`~curator.ui.exchange.worker.ExchangeWorker`, one
transaction, all or nothing) behind a progress dialog whose Cancel adds nothing; the step put on
the undo stack then only tells the views (:meth:`AddDocuments.written`), and its undo tombstones
the documents as usual. Either way the window says what was added, skipped and dated.
"""

from __future__ import annotations

from typing import Optional

from curator.core.errors import CuratorError
from curator.ui.store import commands

WORKER_FROM = 4_000_000  # characters of text and bytes of originals: more, and a worker writes them


def size_of(records: list[dict]) -> int:
    return sum(len(r.get("text") or "") + len(r.get("original") or b"") for r in records)


class DocumentAdding:
    """The window's adding of read documents (``window``: the main window)."""

    def __init__(self, window):
        self.window = window
        self.worker = None  # the worker writing a large addition, while it runs

    def add(self, dated: list) -> Optional[list[int]]:
        """Add ``(record, DocumentDate)`` pairs (:func:`curator.ingest.dating.dated_record`).
        Returns the new documents' ids when added at once; None when a worker writes them (the
        window says so when it is done)."""
        from curator.ui.store.document_commands import AddDocuments  # (loads the facade)

        if not dated:
            return []
        records = [record for record, _ in dated]
        if size_of(records) < WORKER_FROM:
            command = AddDocuments(self.window.workspace, records)
            try:
                commands.push(self.window.undo_stack, command)
            except (CuratorError, OSError) as exc:
                self.window._error("No documents were added", str(exc))
                return []
            self._report(command.ids, dated)
            return command.added
        self._add_on_worker(records, dated)
        return None

    def _add_on_worker(self, records: list[dict], dated: list) -> None:
        from curator.ui.exchange.worker import ExchangeWorker, run_with_progress
        from curator.ui.store.document_commands import AddDocuments

        workspace = self.window.workspace
        if workspace.read_only:
            self.window._error("No documents were added", workspace.project.access.refusal())
            return
        label = f"Adding {len(records):,} documents"
        worker = ExchangeWorker(workspace.path,
                                lambda project, progress: project.add_documents(
                                    records, skip_known_texts=True, progress=progress),
                                workspace.project.annotator, label)

        def succeeded(ids: list) -> None:
            try:
                commands.push(self.window.undo_stack, AddDocuments.written(workspace, ids))
            except (CuratorError, OSError) as exc:  # added, but the step could not be stacked
                workspace.documents_written()
                self.window._error("The documents were added, but cannot be undone", str(exc))
            self._report(ids, dated)

        def failed(message: str, _error) -> None:
            self.window._error("No documents were added", message)

        worker.succeeded.connect(succeeded)
        worker.failed.connect(failed)
        worker.cancelled.connect(lambda: self.window.show_message("Adding cancelled: nothing was added"))
        worker.done.connect(self._forget)
        self.worker = worker
        run_with_progress(self.window, worker, label)

    def _forget(self) -> None:
        self.worker = None

    def wait(self, timeout_ms: int = 60_000) -> None:
        """Until a worker's addition is done and said (tests, scripts)."""
        from curator.ui.store.waiting import process_events_until

        process_events_until(lambda: self.worker is None, timeout_ms)

    def shutdown(self) -> None:
        """The window is closing: cancel an addition under way (nothing is added) and wait."""
        if self.worker is not None and self.worker.is_running():
            self.worker.cancel()
            self.worker.wait()

    def _report(self, ids: list, dated: list) -> None:
        window = self.window
        added = [i for i in ids if i is not None]
        skipped = len(ids) - len(added)
        inferred = sum(1 for i, (_, how) in zip(ids, dated) if i is not None and how.inferred)
        undated = sum(1 for i, (_, how) in zip(ids, dated) if i is not None and not how.published)
        window.show_message(f"Added {len(added)} document{'s' if len(added) != 1 else ''}"
                            + (f"; {skipped} skipped (same text already in the project)" if skipped else "")
                            + (f"; {inferred} dated from the text" if inferred else "")
                            + (f"; {undated} without a date" if undated else "")
                            + (" (Document ▸ Properties… to check or set)" if inferred or undated else ""))
        if added:
            window.documents.show_document(added[0])
