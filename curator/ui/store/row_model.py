"""The part every Curator table model shares: a fixed tuple of named columns over a Python list
of rows (column-backed, no ORM objects). Subclasses set ``COLUMNS`` and ``rows_list()``."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt


class RowListModel(QAbstractTableModel):
    COLUMNS: tuple[str, ...] = ()

    def rows_list(self) -> list:  # pragma: no cover - abstract
        raise NotImplementedError

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows_list())

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.COLUMNS[section]
        return None
