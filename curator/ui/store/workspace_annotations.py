"""The Workspace's tag set and highlights (labels, notes, mentions).

A mixin of :class:`curator.ui.store.workspace.Workspace`: each method calls the Project facade
(``self.project``) and emits the Workspace's signals naming what changed: ``tagsChanged`` for the
tag set, ``spansChanged(document_id)`` for a document's highlights, ``actorsChanged`` when linking
a highlight created an actor or place.
"""

from __future__ import annotations

from typing import Optional

from curator.core.errors import NotFound
from curator.core.records import ActorInfo, SpanColumns, SpanInfo, TagInfo


class AnnotationsWorkspaceMixin:
    # ------------------------------------------------------------------ tag set
    def tags(self) -> list[TagInfo]:
        """The live tag set in palette order (empty without a project)."""
        return self.project.tags() if self.has_project else []

    def tag_by_shortcut(self, key: str) -> Optional[TagInfo]:
        return self.project.tag_by_shortcut(key) if self.has_project else None

    def add_tag(self, name: str, color: str, shortcut: str = "", description: str = "") -> int:
        tag_id = self.project.add_tag(name, color, shortcut, description)
        self._notify(self.tagsChanged)
        return tag_id

    def update_tag(self, tag_id: int, **changes) -> dict:
        """Change a tag; returns the previous values of the changed fields."""
        previous = self.project.update_tag(tag_id, **changes)
        self._notify(self.tagsChanged)
        return previous

    def delete_tag(self, tag_id: int) -> str:
        """Tombstone a tag (refused while highlights carry it); returns the stamp."""
        stamp = self.project.delete_tag(tag_id)
        self._notify(self.tagsChanged)
        return stamp

    def restore_tag(self, tag_id: int, stamp: str) -> None:
        self.project.restore_tag(tag_id, stamp)
        self._notify(self.tagsChanged)

    # ------------------------------------------------------------------ highlights
    def span(self, span_id: int) -> SpanInfo:
        return self.project.span(span_id)

    def span_columns(self, document_id: int) -> SpanColumns:
        """A document's spans as columns (where, label, cited by which events): what the text
        view needs to draw 100,000 highlights without one object per span."""
        return self.project.span_columns(document_id)

    def add_highlight(self, document_id: int, start: int, end: int, *, tag_id: Optional[int] = None,
                      note: str = "", actor_id: Optional[int] = None) -> int:
        span_id = self.project.add_highlight(document_id, start, end, tag_id=tag_id, note=note,
                                             actor_id=actor_id)
        self._notify(self.spansChanged, document_id)
        return span_id

    def update_span(self, span_id: int, **changes) -> dict:
        """Change a span's tag_id, note and/or actor_id; returns the previous values."""
        document_id = self.project.span(span_id).document_id
        previous = self.project.update_span(span_id, **changes)
        self._notify(self.spansChanged, document_id)
        if "actor_id" in changes:  # an actor's mention count changed
            self._notify(self.actorsChanged)
        return previous

    def delete_highlight(self, span_id: int) -> str:
        """Tombstone a span; returns the stamp :meth:`restore_highlight` takes."""
        span = self.project.span(span_id)
        stamp = self.project.delete_span(span_id)
        self._notify(self.spansChanged, span.document_id)
        if span.event_ids:
            self._notify(self.eventsChanged, list(span.event_ids))
        return stamp

    def restore_highlight(self, span_id: int, stamp: str) -> None:
        self.project.restore_span(span_id, stamp)
        span = self.project.span(span_id)
        self._notify(self.spansChanged, span.document_id)
        if span.event_ids:
            self._notify(self.eventsChanged, list(span.event_ids))

    # ------------------------------------------------------------------ mentions
    def linked_actor(self, actor_id: Optional[int]) -> Optional[ActorInfo]:
        """The live actor or place ``actor_id`` names, or None."""
        if actor_id is None or not self.has_project:
            return None
        try:
            return self.project.actor(actor_id)
        except NotFound:
            return None

    def add_mention_actor(self, name: str, kind: str) -> int:
        """A new actor or place (for linking a highlight to it); returns its id."""
        actor_id = self.project.add_actor(name, kind)
        self._notify(self.actorsChanged)
        return actor_id

    def delete_mention_actor(self, actor_id: int) -> str:
        stamp = self.project.delete_actor(actor_id)
        self._notify(self.actorsChanged)
        return stamp

    def restore_mention_actor(self, actor_id: int, stamp: str) -> None:
        self.project.restore_actor(actor_id, stamp)
        self._notify(self.actorsChanged)
