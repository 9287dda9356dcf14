"""Undo commands for the Suggestions panel: accepting suggestions (they become ordinary events)
and rejecting them (remembered, so they are not proposed again).

Like the commands in :mod:`curator.ui.store.commands` they change the project through the Workspace,
whose signals bring the table, the timeline, the text view and the panel up to date. Use
:func:`curator.ui.store.commands.push` to apply them.
"""

from __future__ import annotations

from typing import Optional, Sequence

from curator.suggestions import Suggestion
from curator.ui.store.commands import WorkspaceCommand
from curator.ui.store.workspace import Workspace


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

    def _apply(self) -> None:
        if self._stamp is None:
            self.event_ids = self.workspace.accept_suggestions(self.suggestions)
        else:
            self.workspace.restore_events(self.event_ids, self._stamp)

    def _revert(self) -> None:
        self._stamp = self.workspace.delete_events(self.event_ids)


class RejectSuggestions(WorkspaceCommand):
    """Remember that suggestions were turned down; undo forgets those rejections."""

    def __init__(self, workspace: Workspace, suggestions: Sequence[Suggestion]):
        super().__init__(workspace, f"Reject {_plural(len(suggestions), 'suggestion')}")
        self.suggestions = list(suggestions)
        self.rejection_ids: list[int] = []

    def _apply(self) -> None:
        self.rejection_ids = self.workspace.reject_suggestions(self.suggestions)

    def _revert(self) -> None:
        self.workspace.forget_rejections(self.rejection_ids)
