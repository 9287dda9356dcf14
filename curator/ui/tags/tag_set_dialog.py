"""Edit ▸ Tag set…: the project's labels in a table (name, colour, key, description), with add,
delete and move up/down. Nothing is written until OK, which applies every change as one undo
step; a change the project refuses (a tag still labelling highlights, a name or key used twice)
is reported with the project's reason and nothing is changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from curator.core.errors import CuratorError
from curator.core.records import TagInfo
from curator.ui.store.annotation_commands import AddTag, DeleteTag, EditTag, Steps
from curator.ui.store.commands import push
from curator.ui.tags.palette import tag_swatch

NAME, COLOUR, KEY, DESCRIPTION = range(4)
HEADERS = ("Name", "Colour", "Key", "Description")
KEYS = ("",) + tuple("123456789")
NEW_COLOURS = ("#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45", "#469990")
TagIdRole = Qt.ItemDataRole.UserRole + 1


@dataclass
class TagRow:
    """One row as the dialog shows it; ``tag_id`` is None for a tag added in the dialog."""
    tag_id: Optional[int]
    name: str
    color: str
    shortcut: str
    description: str


class TagSetDialog(QDialog):
    def __init__(self, workspace, undo_stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Tag set")
        self.workspace, self.undo_stack = workspace, undo_stack
        self.original: dict[int, TagInfo] = {t.id: t for t in workspace.tags()}

        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.Stretch)
        self.table.setColumnWidth(NAME, 140)
        self.table.setColumnWidth(COLOUR, 100)
        self.table.setColumnWidth(KEY, 70)
        self.table.cellDoubleClicked.connect(self._on_double_click)

        self.add_button = QPushButton("Add", self)
        self.delete_button = QPushButton("Delete", self)
        self.up_button = QPushButton("Move up", self)
        self.down_button = QPushButton("Move down", self)
        self.colour_button = QPushButton("Colour…", self)
        self.add_button.clicked.connect(self.add_row)
        self.delete_button.clicked.connect(self.delete_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(+1))
        self.colour_button.clicked.connect(lambda: self.choose_colour(self.table.currentRow()))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.delete_button, self.up_button, self.down_button,
                       self.colour_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        self.box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.box.accepted.connect(self.apply)
        self.box.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        hint = QLabel("Labels for highlights. Select a passage and press a label's key (1–9) to "
                      "apply it. Double-click a colour to change it.", self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.box)
        self.resize(640, 380)
        for tag in self.original.values():
            self._append(TagRow(tag.id, tag.name, tag.color, tag.shortcut, tag.description))
        if self.table.rowCount():
            self.table.selectRow(0)

    # ------------------------------------------------------------------ rows
    def _append(self, row: TagRow, at: Optional[int] = None) -> int:
        index = self.table.rowCount() if at is None else at
        self.table.insertRow(index)
        self._fill(index, row)
        return index

    def _fill(self, index: int, row: TagRow) -> None:
        name = QTableWidgetItem(row.name)
        name.setData(TagIdRole, row.tag_id)
        self.table.setItem(index, NAME, name)
        colour = QTableWidgetItem(row.color)
        colour.setFlags(colour.flags() & ~Qt.ItemFlag.ItemIsEditable)
        colour.setIcon(tag_swatch(row.color))
        colour.setToolTip("Double-click to choose a colour")
        self.table.setItem(index, COLOUR, colour)
        key = QComboBox(self.table)
        key.addItems([k or "none" for k in KEYS])
        key.setCurrentIndex(KEYS.index(row.shortcut) if row.shortcut in KEYS else 0)
        self.table.setCellWidget(index, KEY, key)
        self.table.setItem(index, DESCRIPTION, QTableWidgetItem(row.description))

    def row(self, index: int) -> TagRow:
        key = self.table.cellWidget(index, KEY)
        return TagRow(self.table.item(index, NAME).data(TagIdRole),
                      " ".join(self.table.item(index, NAME).text().split()),
                      self.table.item(index, COLOUR).text(),
                      KEYS[key.currentIndex()],
                      self.table.item(index, DESCRIPTION).text())

    def rows(self) -> list[TagRow]:
        return [self.row(i) for i in range(self.table.rowCount())]

    def add_row(self) -> int:
        used_keys = {r.shortcut for r in self.rows()}
        key = next((k for k in KEYS[1:] if k not in used_keys), "")
        names = {r.name.casefold() for r in self.rows()}
        name = next(f"New tag {n}" if n else "New tag" for n in range(100)
                    if (f"New tag {n}" if n else "New tag").casefold() not in names)
        colour = NEW_COLOURS[self.table.rowCount() % len(NEW_COLOURS)]
        index = self._append(TagRow(None, name, colour, key, ""))
        self.table.selectRow(index)
        self.table.editItem(self.table.item(index, NAME))
        return index

    def delete_row(self) -> None:
        index = self.table.currentRow()
        if index >= 0:
            self.table.removeRow(index)
            self.table.selectRow(min(index, self.table.rowCount() - 1))

    def move_row(self, step: int) -> None:
        index = self.table.currentRow()
        target = index + step
        if index < 0 or not 0 <= target < self.table.rowCount():
            return
        row = self.row(index)
        self.table.removeRow(index)
        self._append(row, target)
        self.table.selectRow(target)

    def set_colour(self, index: int, color: str) -> None:
        item = self.table.item(index, COLOUR)
        item.setText(QColor(color).name())
        item.setIcon(tag_swatch(item.text()))

    def choose_colour(self, index: int) -> None:
        if index < 0:
            return
        chosen = QColorDialog.getColor(QColor(self.table.item(index, COLOUR).text()), self,
                                       "Tag colour")
        if chosen.isValid():
            self.set_colour(index, chosen.name())

    def _on_double_click(self, index: int, column: int) -> None:
        if column == COLOUR:
            self.choose_colour(index)

    # ------------------------------------------------------------------ applying
    def steps(self) -> list:
        """The undo commands that turn the project's tag set into the table's."""
        ws = self.workspace
        rows = self.rows()
        kept = {r.tag_id for r in rows if r.tag_id is not None}
        deletes = [DeleteTag(ws, tag_id) for tag_id in self.original if tag_id not in kept]
        frees, edits, adds, moves = [], [], [], []
        for position, row in enumerate(rows):
            if row.tag_id is None:
                add = AddTag(ws, row.name, row.color, row.shortcut, row.description)
                adds.append(add)
                moves.append(EditTag(ws, lambda add=add: add.tag_id, position=position))
                continue
            old = self.original[row.tag_id]
            changes = {k: v for k, v in (("name", row.name), ("color", row.color),
                                         ("shortcut", row.shortcut), ("description", row.description))
                       if v != getattr(old, k)}
            if "shortcut" in changes and old.shortcut:
                # free the old key first, so two tags can swap keys
                frees.append(EditTag(ws, row.tag_id, shortcut=""))
            if changes:
                edits.append(EditTag(ws, row.tag_id, **changes))
            if old.position != position:
                moves.append(EditTag(ws, row.tag_id, position=position))
        return deletes + frees + edits + adds + moves

    def apply(self) -> bool:
        """Apply the table as one undo step and close; on a refusal show why and stay open."""
        steps = self.steps()
        if not steps:
            self.accept()
            return True
        try:
            push(self.undo_stack, Steps(self.workspace, "Edit tag set", steps))
        except CuratorError as exc:
            self.error.setText(f"Tag set not changed: {exc}")
            self.error.show()
            return False
        self.accept()
        return True
