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

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


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


class RowListModel(QAbstractTableModel):
    COLUMNS: type[TableColumn] = TableColumn

    def rows_list(self) -> list:  # pragma: no cover - abstract
        raise NotImplementedError

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows_list())

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.COLUMNS(section).header
        return None
