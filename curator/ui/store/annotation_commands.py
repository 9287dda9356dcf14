"""Undo commands for highlights and the tag set.

Like the commands in :mod:`curator.ui.store.commands` they change the project through the
Workspace (whose signals redraw the text and the palette) and are applied with
:func:`curator.ui.store.commands.push`. Undo of a creation tombstones the record; redo restores
the very same record (same id and uid).
"""

from __future__ import annotations

from typing import Optional, Sequence

from curator.ui.store.commands import WorkspaceCommand
from curator.ui.store.workspace import Workspace

# the kind of actor record a label implies when a highlight is linked to a new name
KIND_OF_TAG = {"person": "person", "group": "group", "place": "place"}


def kind_for_tag(tag_name: str) -> str:
    return KIND_OF_TAG.get(tag_name.strip().casefold(), "")


class AddHighlight(WorkspaceCommand):
    """A new highlight over ``text[start:end]`` labelled ``tag_id``."""

    def __init__(self, workspace: Workspace, document_id: int, start: int, end: int,
                 tag_id: Optional[int], label: str = "highlight"):
        super().__init__(workspace, f"Label as {label}")
        self.document_id, self.start, self.end, self.tag_id = document_id, start, end, tag_id
        self.span_id: Optional[int] = None
        self._stamp: Optional[str] = None

    def _apply(self) -> None:
        if self.span_id is None:
            self.span_id = self.workspace.add_highlight(self.document_id, self.start, self.end,
                                                        tag_id=self.tag_id)
        else:
            self.workspace.restore_highlight(self.span_id, self._stamp)

    def _revert(self) -> None:
        self._stamp = self.workspace.delete_highlight(self.span_id)


class EditSpan(WorkspaceCommand):
    """Change a span's label, note and/or actor link; undo puts the previous values back."""

    def __init__(self, workspace: Workspace, span_id: int, text: str, **changes):
        super().__init__(workspace, text)
        self.span_id, self.changes = span_id, changes
        span = workspace.span(span_id)
        self.previous = {key: getattr(span, key) for key in changes}

    def _apply(self) -> None:
        self.workspace.update_span(self.span_id, **self.changes)

    def _revert(self) -> None:
        self.workspace.update_span(self.span_id, **self.previous)


class RemoveHighlight(WorkspaceCommand):
    """Remove a highlight. A span that is some event's evidence stays (the event needs it): only
    its label and actor link are cleared. Otherwise the span is tombstoned."""

    def __init__(self, workspace: Workspace, span_id: int):
        span = workspace.span(span_id)
        self.keeps_span = bool(span.event_ids)
        super().__init__(workspace, "Remove label" if self.keeps_span else "Remove highlight")
        self.span_id = span_id
        self.previous = {"tag_id": span.tag_id, "actor_id": span.actor_id}
        self._stamp: Optional[str] = None

    def _apply(self) -> None:
        if self.keeps_span:
            self.workspace.update_span(self.span_id, tag_id=None, actor_id=None)
        else:
            self._stamp = self.workspace.delete_highlight(self.span_id)

    def _revert(self) -> None:
        if self.keeps_span:
            self.workspace.update_span(self.span_id, **self.previous)
        else:
            self.workspace.restore_highlight(self.span_id, self._stamp)


class LinkSpan(WorkspaceCommand):
    """Link a highlight to an actor or place: an existing record (``actor_id``), a new one named
    ``new_name`` of kind ``kind`` (created, and tombstoned again on undo), or none (unlink)."""

    def __init__(self, workspace: Workspace, span_id: int, actor_id: Optional[int] = None,
                 new_name: str = "", kind: str = ""):
        super().__init__(workspace, f"Link to {new_name}" if new_name else
                         ("Unlink highlight" if actor_id is None else "Link highlight"))
        self.span_id, self.actor_id, self.new_name, self.kind = span_id, actor_id, new_name, kind
        self.previous = workspace.span(span_id).actor_id
        self.created_id: Optional[int] = None
        self._stamp: Optional[str] = None

    def _apply(self) -> None:
        target = self.actor_id
        if self.new_name:
            if self.created_id is None:
                self.created_id = self.workspace.add_mention_actor(self.new_name, self.kind)
            else:
                self.workspace.restore_mention_actor(self.created_id, self._stamp)
            target = self.created_id
        try:
            self.workspace.update_span(self.span_id, actor_id=target)
        except Exception:
            if self.created_id is not None:  # leave no orphan record behind
                self._stamp = self.workspace.delete_mention_actor(self.created_id)
            raise

    def _revert(self) -> None:
        self.workspace.update_span(self.span_id, actor_id=self.previous)
        if self.created_id is not None:
            self._stamp = self.workspace.delete_mention_actor(self.created_id)


# ---------------------------------------------------------------------- the tag set
class AddTag(WorkspaceCommand):
    def __init__(self, workspace: Workspace, name: str, color: str, shortcut: str = "",
                 description: str = ""):
        super().__init__(workspace, f"Add tag {name}")
        self.values = dict(name=name, color=color, shortcut=shortcut, description=description)
        self.tag_id: Optional[int] = None
        self._stamp: Optional[str] = None

    def _apply(self) -> None:
        if self.tag_id is None:
            self.tag_id = self.workspace.add_tag(**self.values)
        else:
            self.workspace.restore_tag(self.tag_id, self._stamp)

    def _revert(self) -> None:
        self._stamp = self.workspace.delete_tag(self.tag_id)


class EditTag(WorkspaceCommand):
    """Change a tag's name, colour, key, description and/or position. ``tag_id`` may be a
    callable giving the id (for a tag another step of the same edit creates)."""

    def __init__(self, workspace: Workspace, tag_id, **changes):
        super().__init__(workspace, "Edit tag")
        self._tag_id, self.changes = tag_id, changes
        self.previous: Optional[dict] = None

    @property
    def tag_id(self) -> int:
        return self._tag_id() if callable(self._tag_id) else self._tag_id

    def _apply(self) -> None:
        previous = self.workspace.update_tag(self.tag_id, **self.changes)
        if self.previous is None:
            self.previous = previous

    def _revert(self) -> None:
        self.workspace.update_tag(self.tag_id, **self.previous)


class DeleteTag(WorkspaceCommand):
    """Tombstone a tag; the facade refuses (with its reason) while highlights carry it."""

    def __init__(self, workspace: Workspace, tag_id: int):
        super().__init__(workspace, "Delete tag")
        self.tag_id = tag_id
        self._stamp: Optional[str] = None

    def _apply(self) -> None:
        self._stamp = self.workspace.delete_tag(self.tag_id)

    def _revert(self) -> None:
        self.workspace.restore_tag(self.tag_id, self._stamp)


class Steps(WorkspaceCommand):
    """Several commands as one undo step, all or nothing: when a step fails, those already
    applied are reverted (in reverse order) and the error is raised."""

    def __init__(self, workspace: Workspace, text: str, steps: Sequence[WorkspaceCommand]):
        super().__init__(workspace, text)
        self.steps = list(steps)

    def _apply(self) -> None:
        done = []
        try:
            for step in self.steps:
                step._apply()
                done.append(step)
        except Exception:
            for step in reversed(done):
                step._revert()
            raise

    def _revert(self) -> None:
        for step in reversed(self.steps):
            step._revert()
