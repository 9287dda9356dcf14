"""Undo commands: every change the GUI makes to a project is one of these, pushed on the window's
QUndoStack. They change the domain through the Workspace (never widgets); the Workspace's signals
then bring every view up to date. Each step is committed to the file by the facade at once.

Use :func:`push` rather than ``stack.push``: it applies the command in one write transaction of
the project (all or nothing: :meth:`Workspace.batch`), raises the facade's error (an InvalidInput
with a one-line reason, say) when the first application fails, and leaves nothing on the stack
then. While another program holds the project's write lock it raises ProjectBusy before doing
anything; editors that keep a typed value use the window's :class:`~curator.ui.store.pending.
PendingWrites` instead, which keeps such an edit waiting and saves it later.
"""

from __future__ import annotations

import weakref
from typing import Iterable, Optional

from PySide6.QtGui import QUndoCommand, QUndoStack

from curator.core.errors import ReadOnlyProject
from curator.core.locking import ProjectBusy, busy_message
from curator.core.records import DateFields
from curator.ui.store.workspace import Workspace

EDITABLE_FIELDS = ("title", "location", "description", "date")


class WorkspaceCommand(QUndoCommand):
    """Base: subclasses implement ``_apply`` and ``_revert``. A failure is reported through
    ``workspace.failed`` (or re-raised by :func:`push` the first time)."""

    def __init__(self, workspace: Workspace, text: str):
        super().__init__(text)
        self.workspace = workspace
        self._errors: Optional[list] = None

    def _apply(self) -> None:
        raise NotImplementedError

    def _revert(self) -> None:
        raise NotImplementedError

    def pending_display(self) -> list[tuple[int, str, str]]:
        """(event id, field, text) that views show as "not saved yet" while this command waits
        for the lock (fields: title, date, location, place, description, actors)."""
        return []

    def redo(self) -> None:
        try:
            self._apply()
        except Exception as exc:  # noqa: BLE001 - reported, never swallowed silently
            self._fail(exc)

    def undo(self) -> None:
        try:
            self._revert()
        except Exception as exc:  # noqa: BLE001
            self._fail(exc)

    def _fail(self, exc: Exception) -> None:
        if self._errors is not None:  # first application, inside push(): let push raise it
            self._errors.append(exc)
            self.setObsolete(True)
        else:
            self.workspace.failed.emit(f"{self.text()} failed: {exc}")


_PENDING: "weakref.WeakValueDictionary[int, object]" = weakref.WeakValueDictionary()


def register_pending(stack: QUndoStack, pending) -> None:
    """The window's PendingWrites for ``stack``: :func:`push` lets its waiting edits go first."""
    _PENDING[id(stack)] = pending


def pending_of(stack: QUndoStack):
    found = _PENDING.get(id(stack))
    return found if found is not None and found.undo_stack is stack else None


def push(stack: QUndoStack, command: WorkspaceCommand) -> None:
    """Apply ``command`` and put it on ``stack``; raise the error if applying it failed
    (ProjectBusy, before anything is done, while another program holds the lock or edits
    made earlier still wait for it). On a project opened read-only nothing is applied or
    stacked: ReadOnlyProject says why."""
    if command.workspace.read_only:
        raise ReadOnlyProject(command.workspace.project.access.refusal())
    pending = pending_of(stack)
    if pending is not None and not pending.flush():
        raise ProjectBusy(busy_message(command.workspace.path) +
                          f" ({len(pending)} earlier edit(s) still waiting)", command.workspace.path)
    apply_and_push(stack, command)


def apply_and_push(stack: QUndoStack, command: WorkspaceCommand) -> None:
    """Apply ``command`` in one write transaction and put it on ``stack`` (see :func:`push`)."""
    errors: list = []
    command._errors = errors
    try:
        with command.workspace.batch():
            stack.push(command)  # an obsolete (failed) command is deleted by the stack, not kept
            if errors:
                raise errors[0]  # the transaction rolls back: nothing of it stays
    finally:
        command._errors = None


class CreateEventFromPassage(WorkspaceCommand):
    """A span over ``text[start:end]`` and an event with it as evidence. Undo tombstones them;
    redo restores the very same records (same ids and uids)."""

    def __init__(self, workspace: Workspace, document_id: int, start: int, end: int, *,
                 date: DateFields = DateFields(), title: Optional[str] = None):
        super().__init__(workspace, "New event from selection")
        self.document_id, self.start, self.end = document_id, start, end
        self.date, self.title = date, title
        self.event_id: Optional[int] = None
        self._stamp: Optional[str] = None

    def _apply(self) -> None:
        if self.event_id is None:
            self.event_id = self.workspace.create_event_from_passage(
                self.document_id, self.start, self.end, title=self.title, date=self.date)
        else:
            self.workspace.restore_event(self.event_id, self._stamp)

    def _revert(self) -> None:
        self._stamp = self.workspace.delete_event(self.event_id)


class EditEventField(WorkspaceCommand):
    """Change one field of an event: ``title``, ``location``, ``description`` (text) or ``date``
    (a DateFields). The old value is read when the command is made and put back on undo."""

    def __init__(self, workspace: Workspace, event_id: int, field: str, value):
        if field not in EDITABLE_FIELDS:
            raise ValueError(f"events have no editable field {field!r}")
        super().__init__(workspace, f"Edit {field}")
        self.event_id, self.field, self.new_value = event_id, field, value
        self.old_value = self._stored()
        self._applied = False

    def _stored(self):
        info = self.workspace.event_info(self.event_id)
        return info.date if self.field == "date" else getattr(info, self.field)

    def _set(self, value) -> None:
        if self.field == "date":
            self.workspace.set_event_date(self.event_id, value)
        else:
            self.workspace.update_event(self.event_id, **{self.field: value})

    def _apply(self) -> None:
        if not self._applied:  # the value before, as stored when it is applied (it may have
            self.old_value = self._stored()  # waited behind other edits: see ui.store.pending)
            self._applied = True
        self._set(self.new_value)

    def _revert(self) -> None:
        self._set(self.old_value)

    def pending_display(self) -> list[tuple[int, str, str]]:
        value = self.new_value
        if self.field == "date":
            value = value.date_text or value.edtf or value.earliest or ""
        return [(self.event_id, self.field, value)]


class SetEventActors(WorkspaceCommand):
    """Make an event's actors exactly ``names`` (new names become new actors). Undo puts the
    event's previous links (with their roles) back and deletes the actors the edit created, so a
    typo ("Jon Kery") leaves no actor behind to be counted or matched; redo brings those very
    actors back."""

    def __init__(self, workspace: Workspace, event_id: int, names: Iterable[str]):
        super().__init__(workspace, "Edit actors")
        self.event_id = event_id
        self.new_names = [n for n in (" ".join(x.split()) for x in names) if n]
        self.old_links = [(link.actor_id, link.role) for link in workspace.event_actor_links(event_id)]
        self.created: list[int] = []  # actors the edit created
        self._stamps: dict[int, str] = {}  # their tombstones while undone
        self._applied = False

    def _apply(self) -> None:
        if not self._applied:  # the links before, as stored when it is applied
            self.old_links = [(link.actor_id, link.role)
                              for link in self.workspace.event_actor_links(self.event_id)]
            self._applied = True
        if self._stamps:
            self.workspace.restore_actors(self._stamps)
            self._stamps = {}
        self.created += self.workspace.set_event_actors(self.event_id, self.new_names)

    def _revert(self) -> None:
        self.workspace.set_event_actor_links(self.event_id, self.old_links)
        self._stamps = self.workspace.delete_actors(self.created)

    def pending_display(self) -> list[tuple[int, str, str]]:
        return [(self.event_id, "actors", ", ".join(self.new_names))]


class DeleteEvent(WorkspaceCommand):
    """Tombstone an event (and evidence spans used by nothing else); undo restores it."""

    def __init__(self, workspace: Workspace, event_id: int):
        super().__init__(workspace, "Delete event")
        self.event_id = event_id
        self._stamp: Optional[str] = None

    def _apply(self) -> None:
        self._stamp = self.workspace.delete_event(self.event_id)

    def _revert(self) -> None:
        self.workspace.restore_event(self.event_id, self._stamp)
