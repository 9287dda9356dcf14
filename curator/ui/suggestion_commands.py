"""Undo commands for the Suggestions panel: accepting suggestions (they become ordinary events)
and rejecting them (remembered, so they are not proposed again).

Like the commands in :mod:`curator.ui.commands` they change the project through the facade and
then emit the Workspace's signals, so the table, the timeline and the text view update. Use
:func:`curator.ui.commands.push` to apply them.
"""

from __future__ import annotations

from typing import Callable, Optional, Sequence

from curator.suggestions import Suggestion, accept_all
from curator.ui.commands import WorkspaceCommand
from curator.ui.workspace import Workspace


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class AcceptSuggestions(WorkspaceCommand):
    """Make events of suggestions, all in one transaction (sentence as evidence, the suggested
    date, title and actors). Undo tombstones those events and their spans in one transaction;
    redo brings back the very same records."""

    def __init__(self, workspace: Workspace, suggestions: Sequence[Suggestion]):
        super().__init__(workspace, f"Accept {_plural(len(suggestions), 'suggestion')}")
        self.suggestions = list(suggestions)
        self.event_ids: list[int] = []
        self._stamp: Optional[str] = None

    def _documents(self) -> list[int]:
        return sorted({s.document_id for s in self.suggestions})

    def _apply(self) -> None:
        project = self.workspace.project
        if self._stamp is None:
            self.event_ids = accept_all(project, self.suggestions)
        else:
            project.restore_events(self.event_ids, self._stamp)
        self.workspace.eventsChanged.emit(list(self.event_ids))
        for document_id in self._documents():
            self.workspace.spansChanged.emit(document_id)

    def _revert(self) -> None:
        self._stamp = self.workspace.project.delete_events(self.event_ids)
        self.workspace.eventsRemoved.emit(list(self.event_ids))
        for document_id in self._documents():
            self.workspace.spansChanged.emit(document_id)


class RejectSuggestions(WorkspaceCommand):
    """Remember that suggestions were turned down; undo forgets those rejections.
    ``changed`` is called after each step (nothing in the Workspace changes, so the panel that
    lists suggestions is told directly)."""

    def __init__(self, workspace: Workspace, suggestions: Sequence[Suggestion],
                 changed: Callable[[], None] = lambda: None):
        super().__init__(workspace, f"Reject {_plural(len(suggestions), 'suggestion')}")
        self.suggestions = list(suggestions)
        self.changed = changed
        self.rejection_ids: list[int] = []

    def _apply(self) -> None:
        project = self.workspace.project
        self.rejection_ids = [project.reject_suggestion(s.document_id, s.start, s.end, s.date.edtf)
                              for s in self.suggestions]
        self.changed()

    def _revert(self) -> None:
        self.workspace.project.forget_rejections(self.rejection_ids)
        self.changed()
