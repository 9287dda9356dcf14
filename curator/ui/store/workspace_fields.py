"""The Workspace's typed event fields (schema 8): their definitions and the events' values.

A mixin of :class:`curator.ui.store.workspace.Workspace`: each method calls the Project facade
(``self.project``) and emits the Workspace's signals naming what changed: ``fieldsChanged`` when
the fields themselves change (the table's columns, the inspector's rows, the Fields dialog),
``eventsChanged`` with the events whose values changed. The live fields are read once and kept
until they change.
"""

from __future__ import annotations

from typing import Iterable, Optional

from curator.core.records import FieldInfo, FieldValue


class FieldsWorkspaceMixin:
    _fields_cache: Optional[list[FieldInfo]] = None

    # ------------------------------------------------------------------ reading (no signals)
    def fields(self) -> list[FieldInfo]:
        """The live fields in their order (read once until they change)."""
        if not self.has_project:
            return []
        if self._fields_cache is None:
            self._fields_cache = self.project.fields()
        return self._fields_cache

    def _forget_fields(self, *_) -> None:
        self._fields_cache = None

    def _fields_changed(self) -> None:
        self._fields_cache = None  # at once (the signal waits for the batch to commit)
        self._notify(self.fieldsChanged)

    def field_values(self, event_ids: Iterable[int]) -> dict[int, dict[int, FieldValue]]:
        return self.project.field_values(list(event_ids)) if self.has_project else {}

    # ------------------------------------------------------------------ definitions
    def add_field(self, name: str, kind: str, choices: Iterable[str] = ()) -> int:
        field_id = self.project.add_field(name, kind, list(choices))
        self._fields_changed()
        return field_id

    def rename_field(self, field_id: int, name: str) -> str:
        previous = self.project.rename_field(field_id, name)
        self._fields_changed()
        return previous

    def set_field_choices(self, field_id: int, choices: Iterable[str],
                          renamed: Optional[dict[str, str]] = None) -> tuple[str, ...]:
        previous = self.project.set_field_choices(field_id, list(choices), renamed)
        self._fields_changed()
        if renamed:  # values took the new spellings: the rows showing them are read again
            self._notify(self.eventsChanged, self.project.matching_event_ids(self._field_query(field_id)))
        return previous

    def delete_field(self, field_id: int) -> str:
        stamp = self.project.delete_field(field_id)
        self._fields_changed()
        return stamp

    def restore_field(self, field_id: int, stamp: str) -> None:
        self.project.restore_field(field_id, stamp)
        self._fields_changed()

    def reorder_fields(self, field_ids: Iterable[int]) -> list[int]:
        previous = self.project.reorder_fields(list(field_ids))
        self._fields_changed()
        return previous

    def apply_field_template(self, template: str) -> dict:
        summary = self.project.apply_field_template(template)
        self._fields_changed()
        return summary

    # ------------------------------------------------------------------ values
    def set_field_value(self, event_id: int, field_id: int, text: str) -> Optional[FieldValue]:
        """Set (blank: clear) one value; returns the value it had, for undo."""
        previous = self.project.set_field_value(event_id, field_id, text)
        self._notify(self.eventsChanged, [event_id])
        return previous

    def restore_field_value(self, event_id: int, field_id: int, value: Optional[FieldValue]) -> None:
        self.project.restore_field_value(event_id, field_id, value)
        self._notify(self.eventsChanged, [event_id])

    @staticmethod
    def _field_query(field_id: int):
        from curator.core.event_query import EventQuery, FieldFilter

        return EventQuery(fields=(FieldFilter(field_id),))
