"""Events ▸ Fields…: the project's typed event fields (schema 8). Add a field (name and kind),
rename it in place (double-click), move it up or down (the table's column order), delete it (its
values go with it; Undo brings both back), edit a choice field's choices (add, rename in place,
remove, reorder) and apply the built-in conflict events template (ACLED's event types and
sub-event types, fatalities, coordinates).

Every action is one undo command applied at once through the Workspace (Edit ▸ Undo, or the
dialog's own Undo button, takes it back); a change the project refuses (a name used twice, a
choice that events still hold) is reported under the lists with the project's reason, and
nothing is changed."""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from curator.core.conflict_template import SOURCE
from curator.core.errors import CuratorError
from curator.core.field_kinds import FIELD_KINDS, KIND_LABELS
from curator.core.records import FieldInfo
from curator.ui.store.commands import push
from curator.ui.store.field_commands import (
    AddField, ApplyFieldTemplate, DeleteField, RenameField, ReorderFields, SetFieldChoices,
)

FieldIdRole = Qt.ItemDataRole.UserRole + 1


class FieldsDialog(QDialog):
    def __init__(self, workspace, undo_stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Fields")
        self.workspace, self.undo_stack = workspace, undo_stack
        self._filling = False

        self.list = QTableWidget(0, 2, self)  # name (renamed in place), kind
        self.list.setHorizontalHeaderLabels(("Field", "Kind"))
        self.list.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SingleSelection)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.list.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.list.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.list.currentCellChanged.connect(self._show_choices)
        self.list.itemChanged.connect(self._on_renamed)
        self.up_button = QPushButton("Move up", self)
        self.down_button = QPushButton("Move down", self)
        self.delete_button = QPushButton("Delete", self)
        self.template_button = QPushButton("Add conflict events fields", self)
        self.template_button.setToolTip("event type and sub-event type (ACLED's taxonomy as the choices), "
                                        f"fatalities (a number or range) and coordinates.\nSource: {SOURCE}")
        self.up_button.clicked.connect(lambda: self.move_field(-1))
        self.down_button.clicked.connect(lambda: self.move_field(+1))
        self.delete_button.clicked.connect(self.delete_field)
        self.template_button.clicked.connect(self.apply_template)

        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText("New field's name, e.g. fatalities")
        self.new_kind = QComboBox(self)
        self.new_kind.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.new_kind.setMinimumContentsLength(12)
        for kind in FIELD_KINDS:
            self.new_kind.addItem(KIND_LABELS[kind], kind)
        self.add_button = QPushButton("Add field", self)
        self.add_button.clicked.connect(lambda: self.add_field(self.new_name.text(), self.new_kind.currentData()))
        self.new_name.returnPressed.connect(self.add_button.click)

        self.choices = QListWidget(self)
        self.choices.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.choices.itemChanged.connect(self._on_choice_renamed)
        self.new_choice = QLineEdit(self)
        self.new_choice.setPlaceholderText("A new choice")
        self.add_choice_button = QPushButton("Add choice", self)
        self.remove_choice_button = QPushButton("Remove", self)
        self.choice_up_button = QPushButton("Up", self)
        self.choice_down_button = QPushButton("Down", self)
        self.add_choice_button.clicked.connect(lambda: self.add_choice(self.new_choice.text()))
        self.new_choice.returnPressed.connect(self.add_choice_button.click)
        self.remove_choice_button.clicked.connect(self.remove_choice)
        self.choice_up_button.clicked.connect(lambda: self.move_choice(-1))
        self.choice_down_button.clicked.connect(lambda: self.move_choice(+1))
        self.choices_box = QGroupBox("Choices", self)
        grid = QGridLayout(self.choices_box)
        grid.addWidget(self.choices, 0, 0, 1, 4)
        grid.addWidget(self.new_choice, 1, 0, 1, 2)
        grid.addWidget(self.add_choice_button, 1, 2, 1, 2)
        grid.addWidget(self.remove_choice_button, 2, 0)
        grid.addWidget(self.choice_up_button, 2, 1)
        grid.addWidget(self.choice_down_button, 2, 2)
        self.kind_label = QLabel(self)
        self.kind_label.setWordWrap(True)

        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #b00020;")
        self.notice.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        self.undo_button = buttons.addButton("Undo", QDialogButtonBox.ActionRole)
        self.undo_button.clicked.connect(undo_stack.undo)
        undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_button.setEnabled(undo_stack.canUndo())

        side = QVBoxLayout()
        for button in (self.up_button, self.down_button, self.delete_button):
            side.addWidget(button)
        side.addStretch(1)
        side.addWidget(self.template_button)
        top = QHBoxLayout()
        fields_column = QVBoxLayout()
        fields_column.addWidget(QLabel("Double-click a name to rename it; the order is the table's.", self))
        fields_column.addWidget(self.list)
        adding = QHBoxLayout()
        adding.addWidget(self.new_name, 3)
        adding.addWidget(self.new_kind, 2)
        adding.addWidget(self.add_button)
        fields_column.addLayout(adding)
        top.addLayout(fields_column, 3)
        top.addLayout(side)
        right = QVBoxLayout()
        right.addWidget(self.kind_label)
        right.addWidget(self.choices_box)
        top.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self.resize(760, 420)

        workspace.fieldsChanged.connect(self.refresh)
        self.refresh()

    # ------------------------------------------------------------------ showing
    def fields(self) -> list[FieldInfo]:
        return list(self.workspace.fields())

    def current_field(self) -> Optional[FieldInfo]:
        row = self.list.currentRow()
        item = self.list.item(row, 0) if row >= 0 else None
        field_id = item.data(FieldIdRole) if item is not None else None
        return next((f for f in self.fields() if f.id == field_id), None)

    def refresh(self) -> None:
        """Show the fields as the project holds them, keeping the current one."""
        current = self.current_field()
        self._filling = True
        try:
            fields = self.fields()
            self.list.setRowCount(len(fields))
            for row, field in enumerate(fields):
                item = QTableWidgetItem(field.name)
                item.setData(FieldIdRole, field.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                self.list.setItem(row, 0, item)
                kind = KIND_LABELS.get(field.kind, field.kind)
                if field.kind == "choice":
                    kind += f" ({len(field.choices)})"
                shown = QTableWidgetItem(kind)
                shown.setFlags(shown.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.list.setItem(row, 1, shown)
            rows = [f.id for f in fields]
            if current is not None and current.id in rows:
                self.list.setCurrentCell(rows.index(current.id), 0)
            elif rows:
                self.list.setCurrentCell(0, 0)
        finally:
            self._filling = False
        self._show_choices()

    def _show_choices(self, *_) -> None:
        field = self.current_field()
        for button in (self.up_button, self.down_button, self.delete_button):
            button.setEnabled(field is not None)
        if field is None:
            self.kind_label.setText("No fields yet: add one below, or the conflict events fields.")
            self.choices_box.hide()
            return
        self.kind_label.setText(f"“{field.name}” is a {KIND_LABELS.get(field.kind, field.kind).lower()} field.")
        self.choices_box.setVisible(field.kind == "choice")
        self._filling = True
        try:
            self.choices.clear()
            for choice in field.choices:
                item = QListWidgetItem(choice, self.choices)
                item.setData(Qt.ItemDataRole.UserRole, choice)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        finally:
            self._filling = False

    # ------------------------------------------------------------------ acting
    def _push(self, command) -> bool:
        what = command.text()  # (a refused command is deleted by the stack)
        try:
            push(self.undo_stack, command)
        except CuratorError as exc:
            self.notice.setStyleSheet("color: #b00020;")
            self.notice.setText(f"{what}: not done: {exc}")
            self.notice.show()
            self.refresh()
            return False
        self.notice.hide()
        return True

    def add_field(self, name: str, kind: str) -> None:
        if self._push(AddField(self.workspace, name, kind)):
            self.new_name.clear()
            self._select(name)

    def _select(self, name: str) -> None:
        wanted = " ".join(name.split()).casefold()
        for row in range(self.list.rowCount()):
            if self.list.item(row, 0).text().casefold() == wanted:
                self.list.setCurrentCell(row, 0)

    def _on_renamed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0:
            return
        field_id = item.data(FieldIdRole)
        field = next((f for f in self.fields() if f.id == field_id), None)
        if field is not None and item.text() != field.name:
            self._push(RenameField(self.workspace, field_id, item.text()))

    def move_field(self, step: int) -> None:
        field = self.current_field()
        order = [f.id for f in self.fields()]
        if field is None:
            return
        at = order.index(field.id)
        if not 0 <= at + step < len(order):
            return
        order[at], order[at + step] = order[at + step], order[at]
        self._push(ReorderFields(self.workspace, order))

    def delete_field(self) -> None:
        field = self.current_field()
        if field is not None and self._push(DeleteField(self.workspace, field.id, field.name)):
            self.notice.setText(f"Deleted “{field.name}” with its values: Undo brings them back.")
            self.notice.setStyleSheet("color: palette(text);")
            self.notice.show()

    def apply_template(self) -> None:
        command = ApplyFieldTemplate(self.workspace, "conflict")
        if self._push(command):
            added = command.summary["added"]  # (applied: kept by the stack)
            self.notice.setStyleSheet("color: palette(text);")
            self.notice.setText("Added " + ", ".join(added) + "." if added else
                                "The conflict events fields are all there already.")
            self.notice.show()

    def _choices_now(self) -> list[str]:
        return [self.choices.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.choices.count())]

    def add_choice(self, text: str) -> None:
        field = self.current_field()
        if field is not None and text.strip():
            if self._push(SetFieldChoices(self.workspace, field.id, list(field.choices) + [text])):
                self.new_choice.clear()

    def remove_choice(self) -> None:
        field, item = self.current_field(), self.choices.currentItem()
        if field is not None and item is not None:
            gone = item.data(Qt.ItemDataRole.UserRole)
            self._push(SetFieldChoices(self.workspace, field.id, [c for c in field.choices if c != gone]))

    def move_choice(self, step: int) -> None:
        field, row = self.current_field(), self.choices.currentRow()
        if field is None or not 0 <= row + step < len(field.choices) or row < 0:
            return
        order = list(field.choices)
        order[row], order[row + step] = order[row + step], order[row]
        if self._push(SetFieldChoices(self.workspace, field.id, order)):
            self.choices.setCurrentRow(row + step)

    def _on_choice_renamed(self, item: QListWidgetItem) -> None:
        field = self.current_field()
        if self._filling or field is None:
            return
        old, new = item.data(Qt.ItemDataRole.UserRole), " ".join(item.text().split())
        if new and new != old:
            choices = [new if c == old else c for c in field.choices]
            self._push(SetFieldChoices(self.workspace, field.id, choices, {old: new}))
        else:
            self._show_choices()


def open_fields_dialog(window) -> None:
    """Events ▸ Fields… of the main window."""
    if window.workspace.has_project:
        dialog = FieldsDialog(window.workspace, window.undo_stack, window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.exec()
