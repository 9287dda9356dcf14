"""The event table's typed-field columns (schema 8): one per live field, after the event's own
columns, in the fields' order. A mixin of :class:`~curator.ui.events.table_model.EventTableModel`.

A cell shows the value as written; a number or figure is right-aligned. Sorting by a field reads
the values' index in SQL (:class:`curator.core.listing.ListingOrder`: by the number, or by the
text case-folded; events without a value last). Editing a cell is an undo command
(:class:`~curator.ui.store.field_commands.SetFieldValue`); a value the field cannot take is
refused with the reason (``editRefused``) and nothing is written. The values of the rows in view
are read with the rows, a page at a time, and kept as long as the rows are.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QModelIndex, Qt

from curator.core.errors import CuratorError
from curator.core.field_kinds import KIND_LABELS, NUMERIC_KINDS
from curator.core.listing import ListingOrder
from curator.core.records import FieldInfo, FieldValue
from curator.ui.events.columns import EventColumn
from curator.ui.store import commands
from curator.ui.store.field_commands import SetFieldValue

FIRST_FIELD = len(EventColumn)  # the first field column
FIELD_WIDTH = 130
FieldIdRole = Qt.ItemDataRole.UserRole + 3  # a field column's field id (header and cells)


class FieldColumnsMixin:
    fields: list[FieldInfo]

    def _init_field_columns(self) -> None:
        self.fields = []
        self._values: dict[int, dict[int, FieldValue]] = {}
        self.workspace.fieldsChanged.connect(self._on_fields_changed)

    # ------------------------------------------------------------------ columns
    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else FIRST_FIELD + len(self.fields)

    def field_at(self, column: int) -> Optional[FieldInfo]:
        """The field a column shows (None for the event's own columns)."""
        i = column - FIRST_FIELD
        return self.fields[i] if 0 <= i < len(self.fields) else None

    def column_of_field(self, field_id: int) -> Optional[int]:
        return next((FIRST_FIELD + i for i, f in enumerate(self.fields) if f.id == field_id), None)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        field = self.field_at(section) if orientation == Qt.Orientation.Horizontal else None
        if field is None:
            return super().headerData(section, orientation, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return field.name
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{field.name}: {KIND_LABELS.get(field.kind, field.kind).lower()} field"
            return tip + ("; right-click to filter by it" if self.workspace.has_project else "")
        if role == FieldIdRole:
            return field.id
        return None

    def flags(self, index):
        field = self.field_at(index.column()) if index.isValid() else None
        if field is None:
            return super().flags(index)
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if self.editable() else base

    def field_order(self, column: int, descending: bool) -> Optional[ListingOrder]:
        field = self.field_at(column)
        if field is None:
            return None
        return ListingOrder.by_field(field.id, field.kind in NUMERIC_KINDS, descending)

    def _reload_fields(self) -> None:
        self.fields = list(self.workspace.fields()) if self.workspace.has_project else []
        self._values.clear()

    def _on_fields_changed(self) -> None:
        """Fields added, renamed, reordered or deleted: the columns are made again (the rows and
        their order stay, unless the table was sorted by a field that is gone)."""
        self.beginResetModel()
        self._reload_fields()
        gone = self.order.field_id is not None and all(f.id != self.order.field_id for f in self.fields)
        self.endResetModel()
        if gone:
            self.sort(int(EventColumn.DATE), Qt.AscendingOrder)
        elif self.order.field_id is not None:
            self.sort_column = self.column_of_field(self.order.field_id)

    # ------------------------------------------------------------------ cells
    def value_at(self, row: int, field_id: int) -> Optional[FieldValue]:
        event_id = self.event_id_at(row)
        if event_id is None:
            return None
        values = self._values.get(event_id)
        if values is None:
            ids = [int(i) for i in self._lists.rows.ids[row:row + 64].tolist() if int(i) not in self._values]
            found = self.workspace.field_values(ids) if ids and self.workspace.has_project else {}
            for i in ids:
                self._values[i] = found.get(i, {})
            while len(self._values) > 4_096:
                self._values.pop(next(iter(self._values)))
            values = self._values.get(event_id, {})
        return values.get(field_id)

    def forget_values(self, event_ids) -> None:
        for event_id in event_ids:
            self._values.pop(event_id, None)

    def field_data(self, index, role):
        field = self.field_at(index.column())
        if field is None:
            return None
        if role == FieldIdRole:
            return field.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.TextAlignmentRole):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if field.kind in NUMERIC_KINDS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        waiting = self._waiting_value(index, field)
        value = self.value_at(index.row(), field.id)
        text = waiting if waiting is not None else (value.text if value is not None else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(field, value) if waiting is None else f"Not saved yet: {waiting}"
        return text

    def _waiting_value(self, index, field: FieldInfo) -> Optional[str]:
        pending = self.pending
        if pending is None or not pending.waiting:
            return None
        event_id = self.event_id_at(index.row())
        return None if event_id is None else pending.pending_text(event_id, f"field:{field.id}")

    def set_field_data(self, index, value) -> bool:
        field = self.field_at(index.column())
        event_id = self.event_id_at(index.row())
        if field is None or event_id is None:
            return False
        text = "" if value is None else str(value)
        current = self.value_at(index.row(), field.id)
        if " ".join(text.split()) == " ".join((current.text if current else "").split()):
            return True
        command = SetFieldValue(self.workspace, event_id, field.id, text, field.name)
        try:
            pending = commands.pending_of(self.undo_stack)
            if pending is not None:
                pending.submit(command, f"{field.name} of an event")
            else:
                commands.push(self.undo_stack, command)
        except CuratorError as exc:
            self.editRefused.emit(f"{field.name} not changed: {_reason(exc, field.name)}")
            return False
        return True


def _reason(exc: CuratorError, name: str) -> str:
    """The facade's reason without the field's name it begins with (the message names it)."""
    text = str(exc)
    return text[len(name) + 2:] if text.startswith(f"{name}: ") else text


def _tooltip(field: FieldInfo, value: Optional[FieldValue]) -> str:
    kind = KIND_LABELS.get(field.kind, field.kind).lower()
    if value is None:
        hint = {"range": "e.g. 70, 70–100, at least 70, about 40", "number": "a number, e.g. 1,200",
                "choice": "one of: " + ", ".join(field.choices[:12]) + (", …" if len(field.choices) > 12 else ""),
                "place": "a name with coordinates, e.g. Aleppo (36.2021, 37.1343)",
                "url": "an http:// or https:// address"}.get(field.kind, "any text")
        return f"{field.name} ({kind}): none yet; {hint}"
    lines = [f"{field.name} ({kind}): {value.text}"]
    if field.kind in NUMERIC_KINDS:
        from curator.core.number_range import format_number

        low = "open" if value.low is None else format_number(value.low)
        high = "open" if value.high is None else format_number(value.high)
        lines.append(f"from {low} to {high}" + (f" ({value.qualifier})" if value.qualifier else ""))
    if value.latitude is not None:
        lines.append(f"latitude {value.latitude}, longitude {value.longitude}")
    return "\n".join(lines)
