"""Undo commands on documents: adding documents read from files (the window's Add documents…),
and editing a document's properties (title, author, kind, date, source) as one step. The text is
frozen at import and never edited."""

from __future__ import annotations

from typing import Optional

from curator.core.project import DOCUMENT_FIELDS
from curator.ui.store.commands import WorkspaceCommand
from curator.ui.store.workspace import Workspace


class AddDocuments(WorkspaceCommand):
    """Add documents read from files, as one step; a text the project already holds is skipped.
    Undo tombstones the documents added; redo brings back the very same records (same ids and
    uids). A step that added nothing (every text was already there) does not stay on the stack."""

    def __init__(self, workspace: Workspace, records: list[dict]):
        super().__init__(workspace, "Add document" if len(records) == 1 else f"Add {len(records)} documents")
        self._records: Optional[list[dict]] = records
        self.ids: list[Optional[int]] = []
        self._stamp: Optional[str] = None
        self._written_by_worker = False

    @classmethod
    def written(cls, workspace: Workspace, ids: list[Optional[int]]) -> "AddDocuments":
        """The step for documents a worker has just added on its own connection (many, or
        large: :mod:`curator.ui.documents.adding`): its first redo only tells the views."""
        command = cls(workspace, [{}] * len(ids))
        command._records, command.ids, command._written_by_worker = None, list(ids), True
        return command

    @property
    def added(self) -> list[int]:
        return [i for i in self.ids if i is not None]

    def _apply(self) -> None:
        if self._written_by_worker:
            self._written_by_worker = False
            self.workspace.documents_written()
            if not self.added:
                self.setObsolete(True)
        elif self._records is not None:
            self.ids = self.workspace.add_documents(self._records)
            self._records = None  # the texts are in the project now
            if not self.added:
                self.setObsolete(True)
        elif self._stamp is not None:
            self.workspace.restore_documents(self.added, self._stamp)

    def _revert(self) -> None:
        self._stamp = self.workspace.delete_documents(self.added)


class EditDocumentProperties(WorkspaceCommand):
    """Change some of a document's properties at once (``changes``: field -> new value, fields of
    :data:`curator.core.project.DOCUMENT_FIELDS`). A date given without ``published_inferred``
    was set by hand (the inferred flag is cleared). Undo puts back exactly what was there before,
    an older project's free-text date included; redo applies the change again."""

    def __init__(self, workspace: Workspace, document_id: int, changes: dict):
        super().__init__(workspace, "Edit document properties")
        unknown = set(changes) - set(DOCUMENT_FIELDS)
        if unknown:
            raise ValueError(f"documents have no editable field {', '.join(sorted(unknown))}")
        self.document_id = document_id
        self.new = dict(changes)
        if "published" in self.new:
            self.new.setdefault("published_inferred", False)
        info = workspace.document(document_id)
        self.old = {key: getattr(info, key) for key in self.new}

    def _apply(self) -> None:
        self.workspace.update_document(self.document_id, **self.new)

    def _revert(self) -> None:
        self.workspace.restore_document_fields(self.document_id, self.old)
