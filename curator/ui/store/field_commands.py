"""Undo commands for typed event fields (schema 8): their definitions (add, rename, choices,
order, delete, the conflict template) and an event's value of one. Like every command they change
the project through the Workspace; undo puts back exactly what was there (a deleted field comes
back with its values, a cleared value with its typed columns, a template's fields go again).
Apply them with :func:`curator.ui.store.commands.push`.
"""

from __future__ import annotations

from typing import Iterable, Optional

from curator.core.records import FieldValue
from curator.ui.store.commands import WorkspaceCommand
from curator.ui.store.workspace import Workspace


class SetFieldValue(WorkspaceCommand):
    """Set (a blank text: clear) an event's value of a field; a value the field cannot take is
    refused by the facade with its reason, and nothing is written."""

    def __init__(self, workspace: Workspace, event_id: int, field_id: int, text: str, name: str = ""):
        super().__init__(workspace, f"Edit {name or 'field'}")
        self.event_id, self.field_id, self.value = event_id, field_id, text
        self.previous: Optional[FieldValue] = None
        self._applied = False

    def _apply(self) -> None:
        previous = self.workspace.set_field_value(self.event_id, self.field_id, self.value)
        if not self._applied:  # the value before, as stored when first applied
            self.previous, self._applied = previous, True

    def _revert(self) -> None:
        self.workspace.restore_field_value(self.event_id, self.field_id, self.previous)

    def pending_display(self) -> list[tuple[int, str, str]]:
        return [(self.event_id, f"field:{self.field_id}", self.value)]


class AddField(WorkspaceCommand):
    def __init__(self, workspace: Workspace, name: str, kind: str, choices: Iterable[str] = ()):
        super().__init__(workspace, f"Add field {' '.join(name.split())}")
        self.name, self.kind, self.choices = name, kind, list(choices)
        self.field_id: Optional[int] = None
        self._stamp: Optional[str] = None

    def _apply(self) -> None:
        if self.field_id is None:
            self.field_id = self.workspace.add_field(self.name, self.kind, self.choices)
        else:
            self.workspace.restore_field(self.field_id, self._stamp)

    def _revert(self) -> None:
        self._stamp = self.workspace.delete_field(self.field_id)


class RenameField(WorkspaceCommand):
    def __init__(self, workspace: Workspace, field_id: int, name: str):
        super().__init__(workspace, "Rename field")
        self.field_id, self.name = field_id, name
        self.previous: Optional[str] = None

    def _apply(self) -> None:
        previous = self.workspace.rename_field(self.field_id, self.name)
        if self.previous is None:
            self.previous = previous

    def _revert(self) -> None:
        self.workspace.rename_field(self.field_id, self.previous)


class SetFieldChoices(WorkspaceCommand):
    """Change a choice field's choices; ``renamed`` (old -> new) respells the values holding a
    renamed choice, and undo spells them back."""

    def __init__(self, workspace: Workspace, field_id: int, choices: Iterable[str],
                 renamed: Optional[dict[str, str]] = None):
        super().__init__(workspace, "Edit choices")
        self.field_id, self.choices, self.renamed = field_id, list(choices), dict(renamed or {})
        self.previous: Optional[tuple[str, ...]] = None

    def _apply(self) -> None:
        previous = self.workspace.set_field_choices(self.field_id, self.choices, self.renamed)
        if self.previous is None:
            self.previous = previous

    def _revert(self) -> None:
        back = {new: old for old, new in self.renamed.items()}
        self.workspace.set_field_choices(self.field_id, self.previous, back)


class ReorderFields(WorkspaceCommand):
    def __init__(self, workspace: Workspace, field_ids: Iterable[int]):
        super().__init__(workspace, "Reorder fields")
        self.order = list(field_ids)
        self.previous: Optional[list[int]] = None

    def _apply(self) -> None:
        previous = self.workspace.reorder_fields(self.order)
        if self.previous is None:
            self.previous = previous

    def _revert(self) -> None:
        self.workspace.reorder_fields(self.previous)


class DeleteField(WorkspaceCommand):
    """Tombstone a field with its values; undo brings both back."""

    def __init__(self, workspace: Workspace, field_id: int, name: str = ""):
        super().__init__(workspace, f"Delete field {name}".strip())
        self.field_id = field_id
        self._stamp: Optional[str] = None

    def _apply(self) -> None:
        self._stamp = self.workspace.delete_field(self.field_id)

    def _revert(self) -> None:
        self.workspace.restore_field(self.field_id, self._stamp)


class ApplyFieldTemplate(WorkspaceCommand):
    """Add a built-in template's fields (and choices a same-named field lacks). Undo deletes the
    fields it added and gives the others their choices back; redo brings the very same fields
    back."""

    def __init__(self, workspace: Workspace, template: str = "conflict"):
        super().__init__(workspace, f"Apply the {template} template")
        self.template = template
        self.summary: Optional[dict] = None
        self.added: list[int] = []
        self.choices_before: dict[int, tuple[str, ...]] = {}
        self._stamps: dict[int, str] = {}

    def _apply(self) -> None:
        if self.summary is None:
            before = {f.name: f for f in self.workspace.fields()}
            self.summary = self.workspace.apply_field_template(self.template)
            after = {f.name: f for f in self.workspace.fields()}
            self.added = [after[name].id for name in self.summary["added"]]
            self.choices_before = {before[name].id: before[name].choices for name in self.summary["choices_added"]}
            self._choices_after = {after[name].id: after[name].choices for name in self.summary["choices_added"]}
            return
        for field_id in self.added:
            self.workspace.restore_field(field_id, self._stamps.pop(field_id))
        for field_id, choices in self._choices_after.items():
            self.workspace.set_field_choices(field_id, choices)

    def _revert(self) -> None:
        for field_id, choices in self.choices_before.items():
            self.workspace.set_field_choices(field_id, choices)
        for field_id in reversed(self.added):
            self._stamps[field_id] = self.workspace.delete_field(field_id)
