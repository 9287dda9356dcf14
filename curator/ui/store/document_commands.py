"""Undo commands on documents: editing a document's properties (title, author, kind, date,
source) as one step. The text is frozen at import and never edited."""

from __future__ import annotations

from curator.core.project import DOCUMENT_FIELDS
from curator.ui.store.commands import WorkspaceCommand
from curator.ui.store.workspace import Workspace


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
