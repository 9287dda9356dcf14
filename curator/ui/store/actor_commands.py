"""Undo commands for actors and places: create, edit, delete, merge, and accepting mentions
found in the texts.

Like the commands in :mod:`curator.ui.store.commands` they change the project through the
Workspace, whose signals bring the Actors tab, the event table, the text view and the timeline up
to date. Use :func:`curator.ui.store.commands.push` to apply them. Undo puts back exactly what
was there (the same records, ids and uids): deletes are tombstones restored by their stamp, a
merge is undone with the token the facade returned.
"""

from __future__ import annotations

from typing import Iterable, Optional, Sequence

from curator.core.records import MentionCandidate
from curator.ui.store.commands import WorkspaceCommand
from curator.ui.store.workspace import Workspace


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class AddActor(WorkspaceCommand):
    """A new actor or place. Undo tombstones it; redo brings back the same record."""

    def __init__(self, workspace: Workspace, name: str, kind: str = "", aliases: Iterable[str] = (),
                 latitude: Optional[float] = None, longitude: Optional[float] = None):
        super().__init__(workspace, f"New {'place' if kind == 'place' else 'actor'} {name!r}")
        self.values = dict(name=name, kind=kind, aliases=tuple(aliases), latitude=latitude,
                           longitude=longitude)
        self.actor_id: Optional[int] = None
        self._stamp: Optional[str] = None

    def _apply(self) -> None:
        if self.actor_id is None:
            self.actor_id = self.workspace.add_actor(**self.values)
        else:
            self.workspace.restore_actor(self.actor_id, self._stamp)

    def _revert(self) -> None:
        self._stamp = self.workspace.delete_actor(self.actor_id)


class EditActor(WorkspaceCommand):
    """Change some of a record's name, kind, aliases, latitude and longitude; undo puts back the
    values the facade reported as previous."""

    def __init__(self, workspace: Workspace, actor_id: int, changes: dict, text: str = "Edit actor"):
        super().__init__(workspace, text)
        self.actor_id = actor_id
        self.changes = dict(changes)
        self.previous: Optional[dict] = None

    def _apply(self) -> None:
        previous = self.workspace.update_actor(self.actor_id, **self.changes)
        if self.previous is None:
            self.previous = previous

    def _revert(self) -> None:
        self.workspace.update_actor(self.actor_id, **self.previous)


class DeleteActor(WorkspaceCommand):
    """Tombstone a record and its event links; undo restores both."""

    def __init__(self, workspace: Workspace, actor_id: int, name: str = ""):
        super().__init__(workspace, f"Delete {name!r}" if name else "Delete actor")
        self.actor_id = actor_id
        self._stamp: Optional[str] = None

    def _apply(self) -> None:
        self._stamp = self.workspace.delete_actor(self.actor_id)

    def _revert(self) -> None:
        self.workspace.restore_actor(self.actor_id, self._stamp)


class MergeActors(WorkspaceCommand):
    """Fold each of ``loser_ids`` into ``winner_id`` (mentions, event links and event places
    move; the losers' names become the winner's aliases). Undo unmerges them, last first."""

    def __init__(self, workspace: Workspace, winner_id: int, loser_ids: Sequence[int], name: str = ""):
        super().__init__(workspace, f"Merge {_plural(len(loser_ids) + 1, 'record')}"
                         + (f" into {name!r}" if name else ""))
        self.winner_id = winner_id
        self.loser_ids = list(loser_ids)
        self.tokens: list[dict] = []

    def _apply(self) -> None:
        self.tokens = []
        for loser_id in self.loser_ids:
            self.tokens.append(self.workspace.merge_actors(self.winner_id, loser_id))

    def _revert(self) -> None:
        for token in reversed(self.tokens):
            self.workspace.unmerge_actors(token)
        self.tokens = []


class AcceptMentions(WorkspaceCommand):
    """Make highlights of found mentions, linked to the actor and labelled ``tag_id``, in one
    transaction; undo tombstones them in one transaction, redo brings back the same spans."""

    def __init__(self, workspace: Workspace, actor_id: int, candidates: Sequence[MentionCandidate],
                 tag_id: Optional[int], name: str = ""):
        super().__init__(workspace, f"Accept {_plural(len(candidates), 'mention')}"
                         + (f" of {name!r}" if name else ""))
        self.items = [dict(document_id=c.document_id, start=c.start, end=c.end, tag_id=tag_id,
                           actor_id=actor_id) for c in candidates]
        self.documents = sorted({c.document_id for c in candidates})
        self.span_ids: list[int] = []
        self._stamp: Optional[str] = None

    def _apply(self) -> None:
        if self._stamp is None:
            self.span_ids = self.workspace.add_mentions(self.items)
        else:
            self.workspace.restore_mentions(self.span_ids, self._stamp, self.documents)

    def _revert(self) -> None:
        self._stamp = self.workspace.delete_mentions(self.span_ids, self.documents)
