"""The part every Curator table model shares: columns declared once, as an enum, over a Python
list of rows (column-backed, no ORM objects).

A table's columns are a :class:`TableColumn` enum whose members, in column order, each carry a
:class:`ColumnSpec`: header, what the cell shows, how an edit is applied (or None: read-only), the
sort key and the initial width. Members are ints (their column number), so they go straight to Qt.
Subclasses of :class:`RowListModel` set ``COLUMNS`` to their enum and implement ``rows_list()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Callable, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from curator.core.errors import CuratorError
from curator.ui.store import commands


@dataclass(frozen=True)
class ColumnSpec:
    header: str
    display: Callable[[Any], Any]  # row -> DisplayRole
    edit: Optional[Callable] = None  # (model, row, text) -> undo command or None (unchanged); None: read-only
    sort_key: Optional[Callable[[Any], tuple]] = None  # row -> (0, key…), or (1, …) for a blank row (last)
    edit_text: Optional[Callable[[Any], Any]] = None  # row -> EditRole (default: display)
    tooltip: Optional[Callable[[Any], Any]] = None  # row -> ToolTipRole (default: display or None)
    width: Optional[int] = None  # initial width in pixels (None: the view's default)


class TableColumn(IntEnum):
    """Base of a table's column enum: each member is its column number and carries a ColumnSpec."""

    def __new__(cls, spec: ColumnSpec):
        number = len(cls.__members__)
        member = int.__new__(cls, number)
        member._value_ = number
        member.spec = spec
        return member

    @property
    def header(self) -> str:
        return self.spec.header

    @property
    def editable(self) -> bool:
        return self.spec.edit is not None

    def display(self, row) -> Any:
        return self.spec.display(row)

    def edit_text(self, row) -> Any:
        return (self.spec.edit_text or self.spec.display)(row)

    def tooltip(self, row) -> Any:
        if self.spec.tooltip is not None:
            return self.spec.tooltip(row)
        return self.spec.display(row) or None

    def sort_key(self, row) -> tuple:
        return self.spec.sort_key(row)

    def text(self, row, role: int) -> Any:
        """The cell's text for the roles every column answers (display, editor, tooltip)."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row)
        if role == Qt.ItemDataRole.EditRole:
            return self.edit_text(row)
        return self.tooltip(row)


TEXT_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole})
"""The roles :meth:`TableColumn.text` answers."""


class RowListModel(QAbstractTableModel):
    """A table over ``rows_list()``. Editable columns turn an edit into an undo command pushed on
    ``undo_stack``; a refused edit is reported through ``editRefused`` with its reason."""

    COLUMNS: type[TableColumn] = TableColumn
    editRefused = Signal(str)  # a one-line reason, e.g. a date that cannot be read
    undo_stack = None  # set by models with editable columns

    def rows_list(self) -> list:  # pragma: no cover - abstract
        raise NotImplementedError

    def row_at(self, row: int):
        return self.rows_list()[row]

    def flags(self, index):
        base = super().flags(index)
        if index.isValid() and self.COLUMNS(index.column()).editable and self.editable():
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def editable(self) -> bool:
        """Whether cells may be edited at all: not while the project is read-only."""
        workspace = getattr(self, "workspace", None)
        return workspace is None or not workspace.read_only

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.COLUMNS(index.column()).editable:
            return False
        row, column = self.row_at(index.row()), self.COLUMNS(index.column())
        try:
            command = column.spec.edit(self, row, "" if value is None else str(value))
            if command is not None:
                pending = commands.pending_of(self.undo_stack)
                if pending is not None:  # while another program writes, the edit waits (shown)
                    pending.submit(command, self.edit_label(row, column))
                else:
                    commands.push(self.undo_stack, command)
        except CuratorError as exc:
            self.editRefused.emit(f"{column.header} not changed: {exc}")
            return False
        return True

    def edit_label(self, row, column: TableColumn) -> str:
        """How an edit of this cell is named in messages ("Title of “Battle”")."""
        return column.header

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows_list())

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS(section).header
        return None


def change_filter(proxy: QSortFilterProxyModel, **values) -> None:
    """Set the proxy's filter attributes and re-filter once (Qt 6.10's begin/endFilterChange
    where there is one, invalidateFilter before)."""
    if hasattr(proxy, "endFilterChange"):  # Qt >= 6.10
        proxy.beginFilterChange()
        for name, value in values.items():
            setattr(proxy, name, value)
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:
        for name, value in values.items():
            setattr(proxy, name, value)
        proxy.invalidateFilter()


def set_up_row_table(view: QTableView, columns: type[TableColumn],
                     selection: QAbstractItemView.SelectionMode = QAbstractItemView.SingleSelection) -> None:
    """The look every Curator table shares: whole rows selected, alternating colours, one line per
    row, no row numbers, interactive column widths starting at each column's declared width."""
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(selection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.Interactive)
    for column in columns:
        if column.spec.width is not None:
            header.resizeSection(column, column.spec.width)
