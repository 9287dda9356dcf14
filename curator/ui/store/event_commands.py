"""Undo commands for the event inspector: an event's actors with their roles, its place, and its
evidence passages.

Like the commands in :mod:`curator.ui.store.commands` (which also has ``EditEventField`` for the
title, date and description) they change the project through the Workspace, whose signals bring
every view up to date. Records a command had to create (an actor or place typed as a new name,
a span made for a passage) are tombstoned again by its undo and brought back, the very same
records, by its redo. Apply them with :func:`curator.ui.store.commands.push`.
"""

from __future__ import annotations

from typing import Optional, Sequence

from curator.core.errors import InvalidInput
from curator.ui.store.commands import WorkspaceCommand
from curator.ui.store.workspace import Workspace
from curator.ui.store.workspace_events import PLACE_KIND


class _CreatesRecords(WorkspaceCommand):
    """Base for commands that may create actors or places on their first application."""

    def __init__(self, workspace: Workspace, text: str):
        super().__init__(workspace, text)
        self._created: list[int] = []
        self._stamps: dict[int, str] = {}
        self._applied_once = False

    def _create(self, name: str, kind: str) -> int:
        actor_id = self.workspace.add_actor_record(name, kind)
        self._created.append(actor_id)
        return actor_id

    def _delete_created(self) -> None:
        for actor_id in reversed(self._created):
            self._stamps[actor_id] = self.workspace.delete_actor_record(actor_id)

    def _restore_created(self) -> None:
        for actor_id in self._created:
            self.workspace.restore_actor_record(actor_id, self._stamps.pop(actor_id))


class SetEventActorLinks(_CreatesRecords):
    """Make an event's actors exactly ``links``: (actor id, role) pairs, or (None, role) with a
    ``name`` to create a new actor of that name. Undo puts the old links back and tombstones the
    actors it created."""

    def __init__(self, workspace: Workspace, event_id: int,
                 links: Sequence[tuple[Optional[int], str, str]]):
        """``links``: (actor id or None, name, role) per row, in order."""
        super().__init__(workspace, "Edit actors and roles")
        self.event_id = event_id
        self.rows = [(actor_id, " ".join(name.split()), " ".join(role.split()))
                     for actor_id, name, role in links]
        self.old_links = [(link.actor_id, link.role) for link in workspace.event_actor_links(event_id)]
        self.new_links: list[tuple[int, str]] = []

    def _apply(self) -> None:
        if not self._applied_once:
            self.old_links = [(link.actor_id, link.role)  # as stored when it is applied
                              for link in self.workspace.event_actor_links(self.event_id)]
            made: dict[str, int] = {}  # one new actor per new name, even if typed twice
            for actor_id, name, role in self.rows:
                if actor_id is None:
                    if not name:
                        continue
                    actor_id = made.get(name.casefold()) or self._create(name, "")
                    made[name.casefold()] = actor_id
                self.new_links.append((actor_id, role))
            self._applied_once = True
        else:
            self._restore_created()
        self.workspace.set_event_actor_links(self.event_id, self.new_links)

    def _revert(self) -> None:
        self.workspace.set_event_actor_links(self.event_id, self.old_links)
        self._delete_created()

    def pending_display(self) -> list[tuple[int, str, str]]:
        return [(self.event_id, "actors", ", ".join(name for _, name, _ in self.rows if name))]


class SetEventPlace(_CreatesRecords):
    """Set an event's place to record ``place_id``, to a new place called ``new_name`` (created
    on the first application), or clear it (both None)."""

    def __init__(self, workspace: Workspace, event_id: int, place_id: Optional[int],
                 new_name: str = ""):
        super().__init__(workspace, "Set place" if place_id is not None or new_name else "Clear place")
        self.event_id, self.place_id = event_id, place_id
        self.new_name = " ".join(new_name.split())
        self._previous: Optional[dict] = None

    def _apply(self) -> None:
        if not self._applied_once:
            if self.place_id is None and self.new_name:
                self.place_id = self._create(self.new_name, PLACE_KIND)
            self._applied_once = True
        else:
            self._restore_created()
        self._previous = self.workspace.set_event_place(self.event_id, self.place_id)

    def _revert(self) -> None:
        self.workspace.restore_event_place(self.event_id, self._previous)
        self._delete_created()

    def pending_display(self) -> list[tuple[int, str, str]]:
        if self.new_name:
            name = self.new_name
        elif self.place_id is not None:
            try:
                name = self.workspace.actor_record(self.place_id).name
            except Exception:  # noqa: BLE001 - only a label
                name = ""
        else:
            name = ""
        return [(self.event_id, "place", name), (self.event_id, "location", name)]


class RemoveEvidence(WorkspaceCommand):
    """Unlink a passage from an event (the span itself stays); undo links it again."""

    def __init__(self, workspace: Workspace, event_id: int, span_id: int):
        super().__init__(workspace, "Remove evidence")
        self.event_id, self.span_id = event_id, span_id
        self._stamp: Optional[str] = None

    def _apply(self) -> None:
        self._stamp = self.workspace.remove_evidence(self.event_id, self.span_id)

    def _revert(self) -> None:
        self.workspace.restore_evidence(self.event_id, self.span_id, self._stamp)


class AddEvidencePassage(WorkspaceCommand):
    """Cite ``text[start:end]`` of a document (code points) as an event's evidence, reusing a span
    with exactly those offsets or making one. Undo unlinks it (and tombstones the span if this
    command made it); redo brings back the same records."""

    def __init__(self, workspace: Workspace, event_id: int, document_id: int, start: int, end: int):
        super().__init__(workspace, "Add selection as evidence")
        self.event_id, self.document_id, self.start, self.end = event_id, document_id, start, end
        existing = workspace.live_span_at(document_id, start, end)
        if existing is not None and any(s.id == existing for s in workspace.event_info(event_id).evidence):
            raise InvalidInput("that passage is already evidence for this event")
        self.made_span = existing is None
        self.span_id: Optional[int] = None
        self._link_stamp: Optional[str] = None
        self._span_stamp: Optional[str] = None

    def _apply(self) -> None:
        if self.span_id is None:
            self.span_id = self.workspace.add_evidence_passage(self.event_id, self.document_id,
                                                               self.start, self.end)
            return
        if self._span_stamp is not None:
            self.workspace.restore_evidence_span(self.span_id, self._span_stamp)
        self.workspace.restore_evidence(self.event_id, self.span_id, self._link_stamp)

    def _revert(self) -> None:
        self._link_stamp = self.workspace.remove_evidence(self.event_id, self.span_id)
        if self.made_span:
            self._span_stamp = self.workspace.delete_evidence_span(self.span_id)
