"""The Workspace's event details for the inspector: actors with roles, place, evidence.

A mixin of :class:`curator.ui.store.workspace.Workspace`: each method calls the Project facade
(``self.project``) and emits the Workspace's signals naming what changed.
"""

from __future__ import annotations

from typing import Iterable, Optional

from curator.core.records import ActorInfo, EventActorLink

PLACE_KIND = "place"


class EventDetailsWorkspaceMixin:
    # ------------------------------------------------------------------ reading (no signals)
    def event_actor_links(self, event_id: int) -> list[EventActorLink]:
        return self.project.event_actor_links(event_id)

    def find_actor_id(self, name: str, kind: Optional[str] = None) -> Optional[int]:
        """The live actor (kind "place": place) with this name or alias, any case."""
        return self.project.find_actor(name, kind)

    def actor_record(self, actor_id: int) -> ActorInfo:
        return self.project.actor(actor_id)

    # ------------------------------------------------------------------ actors of an event
    def set_event_actor_links(self, event_id: int, links: Iterable[tuple[int, str]]) -> None:
        """Make the event's actors exactly ``links`` ((actor id, role) pairs), in order."""
        self.project.set_event_actor_links(event_id, list(links))
        self._notify(self.eventsChanged, [event_id])

    def add_actor_record(self, name: str, kind: str = "") -> int:
        """A new actor (or place, with kind "place") typed in the inspector; its id."""
        actor_id = self.project.add_actor(name, kind)
        self._notify(self.actorsChanged)
        return actor_id

    def delete_actor_record(self, actor_id: int) -> str:
        """Tombstone an actor or place (undo of :meth:`add_actor_record`); the stamp
        :meth:`restore_actor_record` takes."""
        event_ids = self.project.actor_event_ids(actor_id)
        stamp = self.project.delete_actor(actor_id)
        self._notify(self.actorsChanged)
        if event_ids:
            self._notify(self.eventsChanged, event_ids)
        return stamp

    def restore_actor_record(self, actor_id: int, stamp: str) -> None:
        self.project.restore_actor(actor_id, stamp)
        self._notify(self.actorsChanged)
        event_ids = self.project.actor_event_ids(actor_id)
        if event_ids:
            self._notify(self.eventsChanged, event_ids)

    # ------------------------------------------------------------------ place
    def set_event_place(self, event_id: int, place_id: Optional[int]) -> dict:
        """Set or clear (None) the event's place; returns the previous {"place_id", "location"}."""
        previous = self.project.set_event_place(event_id, place_id)
        self._notify(self.eventsChanged, [event_id])
        return previous

    def restore_event_place(self, event_id: int, previous: dict) -> None:
        """Put back what :meth:`set_event_place` returned: a place, or a free-text location
        (older data) with no place."""
        if previous.get("place_id") is not None:
            self.project.set_event_place(event_id, previous["place_id"])
        else:
            self.project.set_event_place(event_id, None)
            if previous.get("location"):
                self.project.update_event(event_id, location=previous["location"])
        self._notify(self.eventsChanged, [event_id])

    # ------------------------------------------------------------------ evidence
    def add_evidence_passage(self, event_id: int, document_id: int, start: int, end: int) -> int:
        """Cite text[start:end] (code points) as the event's evidence; the span's id."""
        span_id = self.project.add_evidence_passage(event_id, document_id, start, end)
        self._notify(self.spansChanged, document_id)
        self._notify(self.eventsChanged, [event_id])
        return span_id

    def remove_evidence(self, event_id: int, span_id: int) -> str:
        """Unlink a passage from the event (the span stays); the stamp :meth:`restore_evidence` takes."""
        document_id = self.project.span(span_id).document_id
        stamp = self.project.remove_evidence(event_id, span_id)
        self._notify(self.spansChanged, document_id)
        self._notify(self.eventsChanged, [event_id])
        return stamp

    def restore_evidence(self, event_id: int, span_id: int, stamp: str) -> None:
        self.project.restore_evidence(event_id, span_id, stamp)
        self._notify(self.spansChanged, self.project.span(span_id).document_id)
        self._notify(self.eventsChanged, [event_id])

    def delete_evidence_span(self, span_id: int) -> str:
        """Tombstone a span made only to be evidence (undo of adding it); the stamp
        :meth:`restore_evidence_span` takes."""
        document_id = self.project.span(span_id).document_id
        stamp = self.project.delete_span(span_id)
        self._notify(self.spansChanged, document_id)
        return stamp

    def restore_evidence_span(self, span_id: int, stamp: str) -> None:
        self.project.restore_span(span_id, stamp)
        self._notify(self.spansChanged, self.project.span(span_id).document_id)

    def live_span_at(self, document_id: int, start: int, end: int) -> Optional[int]:
        """The id of a live span with exactly these offsets, if there is one."""
        return next((s.id for s in self.project.spans(document_id) if (s.start, s.end) == (start, end)),
                    None)
