"""The Workspace's actors and places: records, merges, mentions found in the texts.

A mixin of :class:`curator.ui.store.workspace.Workspace`: each method calls the Project facade
(``self.project``) and emits the Workspace's signals naming what changed. An actor's name shows
in its events' rows (and a place's in their location), so edits to a record also announce its
events as changed; mentions live in documents, so adding or moving them announces those.
"""

from __future__ import annotations

from typing import Iterable, Optional

from curator.core.records import ActorInfo, ActorSummary, MentionCandidate, SpanInfo

PLACE = "place"
PERSON_KINDS = ("person", "people", "individual")


def mention_tag_name(kind: str) -> str:
    """The label a mention of a record of this kind gets: Person, Place or Group."""
    kind = kind.strip().casefold()
    if kind == PLACE:
        return "Place"
    if kind in PERSON_KINDS:
        return "Person"
    return "Group"


class ActorsWorkspaceMixin:
    # ------------------------------------------------------------------ reading (no signals)
    def actor_summaries(self, kind_filter: Optional[str] = None) -> list[ActorSummary]:
        return self.project.actor_summaries(kind_filter) if self.has_project else []

    def actor(self, actor_id: int) -> ActorInfo:
        return self.project.actor(actor_id)

    def actor_mentions(self, actor_id: int) -> list[SpanInfo]:
        return self.project.actor_mentions(actor_id)

    def actor_event_ids(self, actor_id: int) -> list[int]:
        return self.project.actor_event_ids(actor_id)

    def find_mentions(self, actor_id: int) -> list[MentionCandidate]:
        return self.project.find_mentions(actor_id)

    def mention_tag_id(self, kind: str) -> Optional[int]:
        """The id of the tag (Person, Place or Group) a mention of this kind of record gets;
        None if the project's tag set has no such tag."""
        wanted = mention_tag_name(kind).casefold()
        return next((t.id for t in self.project.tags() if t.name.casefold() == wanted), None)

    # ------------------------------------------------------------------ changing (with signals)
    def _announce_actor(self, event_ids: Iterable[int] = (), document_ids: Iterable[int] = ()) -> None:
        self._notify(self.actorsChanged)
        event_ids = sorted(set(event_ids))
        if event_ids:
            self._notify(self.eventsChanged, event_ids)
        for document_id in sorted(set(document_ids)):
            self._notify(self.spansChanged, document_id)

    def add_actor(self, name: str, kind: str = "", aliases: Iterable[str] = (),
                  latitude: Optional[float] = None, longitude: Optional[float] = None) -> int:
        actor_id = self.project.add_actor(name, kind, aliases, latitude, longitude)
        self._announce_actor()
        return actor_id

    def update_actor(self, actor_id: int, **changes) -> dict:
        """Change a record's fields; returns their previous values (for undo)."""
        previous = self.project.update_actor(actor_id, **changes)
        self._announce_actor(self.project.actor_event_ids(actor_id))
        return previous

    def delete_actor(self, actor_id: int) -> str:
        """Tombstone a record and its event links; returns the stamp :meth:`restore_actor` takes."""
        events = self.project.actor_event_ids(actor_id)
        stamp = self.project.delete_actor(actor_id)
        self._announce_actor(events)
        return stamp

    def restore_actor(self, actor_id: int, stamp: str) -> None:
        self.project.restore_actor(actor_id, stamp)
        self._announce_actor(self.project.actor_event_ids(actor_id))

    def merge_actors(self, winner_id: int, loser_id: int) -> dict:
        """Fold ``loser`` into ``winner``; returns the token :meth:`unmerge_actors` takes."""
        events = self.project.actor_event_ids(loser_id)
        documents = {s.document_id for s in self.project.actor_mentions(loser_id)}
        token = self.project.merge_actors(winner_id, loser_id)
        self._announce_actor(events + self.project.actor_event_ids(winner_id), documents)
        return token

    def unmerge_actors(self, token: dict) -> None:
        self.project.unmerge_actors(token)
        loser_id, winner_id = token["loser_id"], token["winner_id"]
        documents = {s.document_id for s in self.project.actor_mentions(loser_id)}
        self._announce_actor(self.project.actor_event_ids(loser_id)
                             + self.project.actor_event_ids(winner_id), documents)

    def add_mentions(self, items: list[dict]) -> list[int]:
        """Highlights linked to actors (items as for ``Project.add_highlights``), in one
        transaction; returns their span ids."""
        ids = self.project.add_highlights(items)
        self._announce_actor(document_ids=[item["document_id"] for item in items])
        return ids

    def delete_mentions(self, span_ids: list[int], document_ids: Iterable[int]) -> str:
        """Tombstone these spans in one transaction; returns the stamp :meth:`restore_mentions` takes."""
        stamp = self.project.delete_spans(span_ids)
        self._announce_actor(document_ids=document_ids)
        return stamp

    def restore_mentions(self, span_ids: list[int], stamp: str, document_ids: Iterable[int]) -> None:
        self.project.restore_spans(span_ids, stamp)
        self._announce_actor(document_ids=document_ids)
