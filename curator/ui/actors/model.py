"""The Actors tab's table: a column-backed model of ActorSummary values (one query for all of
them) and a proxy that sorts by typed keys (counts as numbers) and filters by text and kind.

Only the name is edited in place (F2 or a double-click); the Edit dialog does the rest. Edits go
through undo commands; a refused one is reported through ``editRefused`` with its reason.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QUndoStack

from curator.core.records import ActorSummary
from curator.ui.store.actor_commands import EditActor
from curator.ui.store.row_model import TEXT_ROLES, ColumnSpec, RowListModel, TableColumn, change_filter
from curator.ui.store.workspace_actors import PERSON_KINDS, PLACE

SortRole = Qt.ItemDataRole.UserRole + 1  # a typed key: str (case-folded), int or float; None sorts last
ActorIdRole = Qt.ItemDataRole.UserRole + 2

KIND_CHOICES = ("person", "group", "place", "state", "armed group", "organisation")
# Words that make a kind a collective actor: "armed group", "armed force", "coalition", "state"…
GROUP_WORDS = ("group", "force", "army", "brigade", "militia", "front", "coalition", "alliance",
               "organisation", "organization", "party", "movement", "state", "government", "agency")


def is_group_kind(kind: str) -> bool:
    """Whether a (case-folded) kind names a group: a person or a place is not one."""
    return kind not in PERSON_KINDS and kind != PLACE and any(w in kind for w in GROUP_WORDS)


# The kind filter: label -> test of a record's kind (case-folded)
KIND_FILTERS = {
    "All": lambda kind: True,
    "People": lambda kind: kind in PERSON_KINDS,
    "Groups": is_group_kind,
    "Places": lambda kind: kind == PLACE,
    "Other": lambda kind: kind not in PERSON_KINDS and kind != PLACE and not is_group_kind(kind),
}


def coordinates_text(row: ActorSummary) -> str:
    if row.latitude is None or row.longitude is None:
        return ""
    return f"{row.latitude:.4f}, {row.longitude:.4f}"


def aliases_text(row: ActorSummary) -> str:
    return "; ".join(row.aliases)


def _rename(model: "ActorTableModel", row: ActorSummary, text: str):
    name = " ".join(text.split())
    if name == row.name:
        return None
    return EditActor(model.workspace, row.id, {"name": name}, f"Rename {row.name!r}")


def _text_key(value: str):
    return value.casefold() if value else None


class ActorColumn(TableColumn):
    """The Actors tab's columns, in order: header, cell text, edit (name only), sort key."""

    NAME = ColumnSpec("Name", display=lambda row: row.name, edit=_rename,
                      sort_key=lambda row: _text_key(row.name), width=200)
    KIND = ColumnSpec("Kind", display=lambda row: row.kind, sort_key=lambda row: _text_key(row.kind),
                      width=95)
    ALIASES = ColumnSpec("Aliases", display=aliases_text,
                         sort_key=lambda row: _text_key(aliases_text(row)), width=190)
    MENTIONS = ColumnSpec("Mentions", display=lambda row: row.mentions,
                          sort_key=lambda row: row.mentions, width=75)
    EVENTS = ColumnSpec("Events", display=lambda row: row.events, sort_key=lambda row: row.events,
                        width=65)
    COORDINATES = ColumnSpec("Coordinates", display=coordinates_text,
                             sort_key=lambda row: row.latitude)


class ActorTableModel(RowListModel):
    """Every live actor and place of the workspace's project, as ActorSummary rows."""

    COLUMNS = ActorColumn

    def __init__(self, workspace, undo_stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.workspace = workspace
        self.undo_stack = undo_stack
        self._rows: list[ActorSummary] = []
        self._row_of: dict[int, int] = {}

    def rows_list(self) -> list[ActorSummary]:
        return self._rows

    def reload(self) -> None:
        """Read the rows now, on this thread (the panel reads them on a worker: set_rows)."""
        self.set_rows(self.workspace.actor_summaries() if self.workspace.has_project else [])

    def set_rows(self, rows: list[ActorSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {row.id: i for i, row in enumerate(self._rows)}
        self.endResetModel()

    def row_at(self, row: int) -> ActorSummary:
        return self._rows[row]

    def row_of(self, actor_id: int) -> Optional[int]:
        return self._row_of.get(actor_id)

    def summary(self, actor_id: int) -> Optional[ActorSummary]:
        row = self._row_of.get(actor_id)
        return self._rows[row] if row is not None else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], ActorColumn(index.column())
        if role == Qt.ItemDataRole.ToolTipRole and column == ActorColumn.NAME and row.aliases:
            return f"{row.name}\nAlso called: {', '.join(row.aliases)}"
        if role in TEXT_ROLES:
            return column.text(row, role)
        if role == SortRole:
            return column.sort_key(row)
        if role == ActorIdRole:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ActorColumn.MENTIONS, ActorColumn.EVENTS):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None


class ActorSortProxy(QSortFilterProxyModel):
    """Sorts by each column's typed key (names case-insensitively, counts as numbers, blank
    cells last) and keeps the rows whose name or an alias contains the filter text and whose kind
    passes the kind filter."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._needle = ""
        self._kind_filter = "All"

    def _change_filter(self, **values) -> None:
        change_filter(self, **values)

    def set_text_filter(self, text: str) -> None:
        self._change_filter(_needle=" ".join(text.split()).casefold())

    def set_kind_filter(self, label: str) -> None:
        if label not in KIND_FILTERS:
            raise ValueError(f"unknown kind filter {label!r}")
        self._change_filter(_kind_filter=label)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        row = self.sourceModel().row_at(source_row)
        if not KIND_FILTERS[self._kind_filter](row.kind.strip().casefold()):
            return False
        if not self._needle:
            return True
        return any(self._needle in name.casefold() for name in (row.name, *row.aliases))

    def lessThan(self, left, right) -> bool:
        a, b = left.data(SortRole), right.data(SortRole)
        if a is None or b is None:  # blank cells after the others, in both orders
            descending = self.sortOrder() == Qt.DescendingOrder
            return (a is not None and b is None) != descending and a != b
        if a == b:
            return left.row() < right.row()
        return a < b
