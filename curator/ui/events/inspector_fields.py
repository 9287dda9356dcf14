"""The event inspector's typed fields (schema 8): one row per live field, in the fields' order,
each editable in place: a choice field in a combo box (its first, empty entry clears it), any
other field in a line, read by the field's kind when the edit is finished (Enter or the focus
leaving). Each change is one undo command
(:class:`~curator.ui.store.field_commands.SetFieldValue`) handed to the inspector's ``push``,
which shows the reason when the value is refused (and the row then shows the stored value
again)."""

from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from curator.core.field_kinds import KIND_LABELS
from curator.core.records import FieldInfo, FieldValue
from curator.ui.store.field_commands import SetFieldValue

_PLACEHOLDERS = {"range": "e.g. 70, 70–100, at least 70, about 40", "number": "a number, e.g. 1,200",
                 "place": "e.g. Aleppo (36.2021, 37.1343)", "url": "https://…", "text": ""}


class FieldsBox(QObject):
    """The rows of the typed fields of the event shown, at the end of the inspector's form
    (``form``: its QFormLayout, so that the labels line up with the event's own)."""

    def __init__(self, workspace, push: Callable[[object, str], bool], form: QFormLayout, parent=None):
        super().__init__(parent)
        self.workspace, self.push = workspace, push
        self.form = form
        self.editors: dict[int, QWidget] = {}  # field id -> its editor
        self.fields: list[FieldInfo] = []
        self.event_id: Optional[int] = None
        self.values: dict[int, FieldValue] = {}
        self._editable = True
        self._filling = False

    def rebuild(self) -> None:
        """Make the rows again (the fields changed)."""
        for editor in self.editors.values():
            self.form.removeRow(editor)  # (deletes the row's label and editor)
        self.editors.clear()
        self.fields = list(self.workspace.fields()) if self.workspace.has_project else []
        for field in self.fields:
            if field.kind == "choice":
                editor = QComboBox()
                editor.addItem("")
                editor.addItems(list(field.choices))
                editor.activated.connect(lambda _i, f=field: self._commit(f))
            else:
                editor = QLineEdit()
                editor.setPlaceholderText(_PLACEHOLDERS.get(field.kind, ""))
                editor.editingFinished.connect(lambda f=field: self._commit(f))
            editor.setToolTip(f"{field.name}: {KIND_LABELS.get(field.kind, field.kind).lower()} field")
            editor.setEnabled(self._editable or field.kind != "choice")
            if isinstance(editor, QLineEdit):
                editor.setReadOnly(not self._editable)
            label = QLabel(field.name)
            label.setToolTip(editor.toolTip())
            label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
            self.form.addRow(label, editor)
            self.editors[field.id] = editor

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for editor in self.editors.values():
            if isinstance(editor, QLineEdit):
                editor.setReadOnly(not editable)
            else:
                editor.setEnabled(editable)

    def show_event(self, event_id: Optional[int], force: bool = False) -> None:
        """Put the event's values in the rows (a line being typed in keeps its text unless
        ``force``)."""
        if len(self.editors) != len(self.workspace.fields() if self.workspace.has_project else []):
            self.rebuild()
        self.event_id = event_id
        self.values = {} if event_id is None else self.workspace.field_values([event_id]).get(event_id, {})
        self._filling = True
        try:
            for field in self.fields:
                editor = self.editors[field.id]
                value = self.values.get(field.id)
                text = value.text if value is not None else ""
                if isinstance(editor, QComboBox):
                    at = editor.findText(text)
                    if at < 0 and text:  # a value no longer among the choices: shown as it is
                        editor.addItem(text)
                        at = editor.count() - 1
                    editor.setCurrentIndex(max(at, 0))
                elif force or not (editor.hasFocus() and editor.isModified()):
                    if editor.text() != text:
                        editor.setText(text)
                        editor.setCursorPosition(0)
                    editor.setModified(False)
        finally:
            self._filling = False

    def text_of(self, field_id: int) -> str:
        editor = self.editors[field_id]
        return editor.currentText() if isinstance(editor, QComboBox) else editor.text()

    def commit_unfinished(self) -> None:
        """Commit lines typed in but not finished (the selection moves on)."""
        for field in self.fields:
            editor = self.editors.get(field.id)
            if isinstance(editor, QLineEdit) and editor.isModified():
                self._commit(field)

    def _commit(self, field: FieldInfo) -> None:
        if self._filling or self.event_id is None or not self._editable:
            return
        text = self.text_of(field.id)
        stored = self.values.get(field.id)
        if " ".join(text.split()) == " ".join((stored.text if stored else "").split()):
            editor = self.editors[field.id]
            if isinstance(editor, QLineEdit):
                editor.setModified(False)
            return
        command = SetFieldValue(self.workspace, self.event_id, field.id, text, field.name)
        if self.push(command, field.name):
            editor = self.editors.get(field.id)
            if isinstance(editor, QLineEdit):
                editor.setModified(False)
        self.show_event(self.event_id, force=True)
