"""Undo commands that add documents (the window's Add documents…)."""

from __future__ import annotations

from typing import Optional

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

    @property
    def added(self) -> list[int]:
        return [i for i in self.ids if i is not None]

    def _apply(self) -> None:
        if self._records is not None:
            self.ids = self.workspace.add_documents(self._records)
            self._records = None  # the texts are in the project now
            if not self.added:
                self.setObsolete(True)
        elif self._stamp is not None:
            self.workspace.restore_documents(self.added, self._stamp)

    def _revert(self) -> None:
        self._stamp = self.workspace.delete_documents(self.added)
