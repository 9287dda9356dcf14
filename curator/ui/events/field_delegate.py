"""Editing a typed field's cell in the event table: a choice field offers its choices in a combo
box (the first entry, empty, clears the value); every other field is typed in a line, read by
the field's kind when the edit is committed (a value it cannot take is refused with its reason,
see :mod:`curator.ui.events.field_columns`). Other columns keep their own editors."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from curator.ui.events.field_columns import FieldIdRole


class FieldDelegate(QStyledItemDelegate):
    def __init__(self, model, parent=None):
        super().__init__(parent)
        self.model = model

    def _field(self, index):
        return self.model.field_at(index.column()) if index.isValid() else None

    def createEditor(self, parent, option, index):
        field = self._field(index)
        if field is None or field.kind != "choice":
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.addItem("")  # no value
        combo.addItems(list(field.choices))
        combo.setToolTip(f"{field.name}: choose one (the empty entry clears it)")
        combo.activated.connect(lambda *_: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor, index) -> None:
        if isinstance(editor, QComboBox) and index.data(FieldIdRole) is not None:
            text = index.data(Qt.ItemDataRole.EditRole) or ""
            at = editor.findText(text)
            if at < 0 and text:  # a value no longer among the choices (they changed): kept
                editor.addItem(text)
                at = editor.count() - 1
            editor.setCurrentIndex(max(at, 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor, model, index) -> None:
        if isinstance(editor, QComboBox) and index.data(FieldIdRole) is not None:
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
