"""The event table: a column-backed model of EventRow tuples, a sorting/filtering proxy, and the
panel (search box above a table view) the main window shows on the right.

The model reads every row in one query (``Project.event_rows``) and afterwards only the rows the
Workspace says changed. Edits go through undo commands; a date that cannot be read is refused with
its reason (``editRefused``) and the old value stays.
"""

from __future__ import annotations

import gc
from datetime import date
from typing import Optional

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from curator.core.errors import CuratorError
from curator.core.event_query import EventQuery
from curator.core.gcpause import gc_paused
from curator.core.records import DateFields, EventRow
from curator.temporal import anchor_day
from curator.ui.events.columns import EventColumn, date_edit_text
from curator.ui.events.date_filter import DateRangeMixin
from curator.ui.events.date_editor import DateDelegate, read_date
from curator.ui.events.filter_chip import FilterChip
from curator.ui.store import commands
from curator.ui.store.row_model import TEXT_ROLES, RowListModel, change_filter, set_up_row_table
from curator.ui.store.selection import EventSelection
from curator.ui.store.workspace import Workspace
from curator.ui.widgets.placeholder import ViewPlaceholder

_UNDATED_COLOUR = QColor("#8a8a8a")
_PENDING_COLOUR = QColor("#a15c00")  # a typed value not saved yet (another program writes)


def pending_icon():
    """The mark of a value waiting to be saved (a standard icon: no font needed)."""
    from PySide6.QtWidgets import QApplication, QStyle

    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload)
PENDING_FIELDS = {EventColumn.DATE: "date", EventColumn.TITLE: "title", EventColumn.ACTORS: "actors",
                  EventColumn.LOCATION: "location"}
EMPTY_TABLE_HINT = ("No events yet: select a passage in a document and press Ctrl+E, "
                    "or accept Suggestions")
SortRole = Qt.UserRole + 1
EventIdRole = Qt.UserRole + 2

class EventTableModel(RowListModel):
    """All live events of the workspace's project as rows (EventRow tuples, not ORM objects)."""

    COLUMNS = EventColumn


    def __init__(self, workspace: Workspace, undo_stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.workspace = workspace
        self.undo_stack = undo_stack
        self._rows: list[EventRow] = []
        self._row_of: dict[int, int] = {}
        self.removing = False  # true while rows are being removed
        self.sort_column: Optional[int] = None  # rows are kept in this column's order
        self.descending = False
        workspace.projectReplaced.connect(self.reload)
        workspace.eventsChanged.connect(self._on_events_changed)
        workspace.eventsRemoved.connect(self._on_events_removed)
        self.pending = commands.pending_of(undo_stack)  # edits waiting for another program
        self._pending_rows: set[int] = set()
        if self.pending is not None:
            self.pending.changed.connect(self._on_pending_changed)
        self.reload()

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        """Read every row again (a project switch); one query, no per-row SQL."""
        self.beginResetModel()
        rows = self.workspace.event_rows() if self.workspace.has_project else []
        self._rows = self._ordered(rows)
        self._reindex()
        self.endResetModel()
        # The rows are long-lived and free of reference cycles: move them out of the cyclic
        # collector's sight, or every later burst of allocations rescans 100,000s of objects.
        gc.freeze()

    # ------------------------------------------------------------------ order
    # The model keeps its rows sorted itself: Python's sort over precomputed keys orders 100,000
    # rows in a fraction of a second, where a QSortFilterProxyModel calling back into Python for
    # every comparison takes tens of seconds.
    def _ordered(self, rows: list[EventRow]) -> list[EventRow]:
        if self.sort_column is None:
            return list(rows)
        sort_key = EventColumn(self.sort_column).spec.sort_key
        with gc_paused():  # a burst of short-lived key tuples, none in cycles
            keyed = [(sort_key(r), r.id, r) for r in rows]
            present = sorted((k for k in keyed if k[0][0] == 0), key=lambda k: (k[0], k[1]),
                             reverse=self.descending)
            blank = sorted((k for k in keyed if k[0][0] != 0), key=lambda k: k[1], reverse=self.descending)
            return [k[2] for k in present] + [k[2] for k in blank]

    def _precedes(self, a: EventRow, b: EventRow) -> bool:
        """Whether row ``a`` goes before row ``b`` in the current order (as :meth:`_ordered`)."""
        sort_key = EventColumn(self.sort_column).spec.sort_key
        ka, kb = sort_key(a), sort_key(b)
        if ka[0] != kb[0]:
            return ka[0] < kb[0]  # blank/undated last in both orders
        first, second = (ka, a.id), (kb, b.id)
        return first > second if self.descending else first < second

    def _position_for(self, row: EventRow, rows: list[EventRow]) -> int:
        """Where ``row`` belongs in ``rows`` (already in order): a binary search."""
        if self.sort_column is None:
            return len(rows)
        lo, hi = 0, len(rows)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._precedes(rows[mid], row):
                lo = mid + 1
            else:
                hi = mid
        return lo

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        """Order the rows by ``column`` (dates by earliest then latest, text case-insensitively,
        blank and undated rows last in both orders), keeping selections on their rows."""
        if column < 0 or column >= len(EventColumn):
            return
        if (column, order == Qt.DescendingOrder) == (self.sort_column, self.descending):
            return  # rows are kept in this order as they change: nothing to do
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.descending = column, order == Qt.DescendingOrder
        old_ids = [row.id for row in self._rows]
        self._rows = self._ordered(self._rows)
        self._reindex()
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(persistent, [
            self.index(self._row_of[old_ids[i.row()]], i.column()) for i in persistent])
        self.layoutChanged.emit()

    def _reindex(self) -> None:
        self._row_of = {row.id: i for i, row in enumerate(self._rows)}

    def _on_events_changed(self, event_ids: list[int]) -> None:
        if len(event_ids) > 2000:
            self.reload()
            return
        for event_id in event_ids:
            row = self.workspace.event_row(event_id)
            index = self._row_of.get(event_id)
            if index is None:
                position = self._position_for(row, self._rows)
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.insert(position, row)
                self._reindex_from(position)
                self.endInsertRows()
            else:
                self._rows[index] = row
                self.dataChanged.emit(self.index(index, 0), self.index(index, len(EventColumn) - 1))
                self._move_into_place(index)

    def _reindex_from(self, start: int) -> None:
        for i in range(start, len(self._rows)):
            self._row_of[self._rows[i].id] = i

    def _move_into_place(self, index: int) -> None:
        """After an edit, move the row to where the current order puts it."""
        if self.sort_column is None:
            return
        row = self._rows[index]
        others = self._rows[:index] + self._rows[index + 1:]
        target = self._position_for(row, others)
        if target == index:
            return
        destination = target if target < index else target + 1  # in pre-move row numbers
        self.beginMoveRows(QModelIndex(), index, index, QModelIndex(), destination)
        self._rows = others[:target] + [row] + others[target:]
        self._reindex_from(min(index, target))
        self.endMoveRows()

    def _on_events_removed(self, event_ids: list[int]) -> None:
        self.removing = True
        try:
            for event_id in event_ids:
                index = self._row_of.get(event_id)
                if index is None:
                    continue
                self.beginRemoveRows(QModelIndex(), index, index)
                del self._rows[index]
                del self._row_of[event_id]
                self._reindex_from(index)
                self.endRemoveRows()
        finally:
            self.removing = False

    # ------------------------------------------------------------------ reading
    def rows_list(self) -> list[EventRow]:
        return self._rows

    def rows(self) -> list[EventRow]:
        """Every row, in load order (a copy)."""
        return list(self._rows)

    def row_at(self, row: int) -> EventRow:
        return self._rows[row]

    def row_of(self, event_id: int) -> Optional[int]:
        return self._row_of.get(event_id)

    def event_ids(self) -> list[int]:
        return [row.id for row in self._rows]

    def pending_text(self, row: EventRow, column: EventColumn) -> Optional[str]:
        """The value typed into this cell that waits to be saved (another program writes)."""
        if self.pending is None or not self.pending.waiting or column not in PENDING_FIELDS:
            return None
        return self.pending.pending_text(row.id, PENDING_FIELDS[column])

    def _on_pending_changed(self) -> None:
        now = self.pending.pending_events()
        for event_id in now | self._pending_rows:
            index = self._row_of.get(event_id)
            if index is not None:
                self.dataChanged.emit(self.index(index, 0), self.index(index, len(EventColumn) - 1))
        self._pending_rows = now

    def edit_label(self, row: EventRow, column) -> str:
        return f"{column.header} of “{row.title}”"

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], EventColumn(index.column())
        waiting = self.pending_text(row, column) if self._pending_rows else None
        if waiting is not None:
            if role in (Qt.DisplayRole, Qt.EditRole):
                return waiting
            if role == Qt.DecorationRole:
                return pending_icon()
            if role == Qt.ToolTipRole:
                return (f"Not saved yet: {self.pending.reason()}. Curator saves it as soon as it "
                        "can (Edit › Cancel pending edits drops it).")
            if role == Qt.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ForegroundRole:
                return _PENDING_COLOUR
        if role in TEXT_ROLES:
            return column.text(row, role)
        if role == SortRole:
            key = column.sort_key(row)
            return "\uffff" if key[0] else "\t".join(key[1:])
        if role == EventIdRole:
            return row.id
        if role == Qt.ForegroundRole and column == EventColumn.DATE and not (row.earliest or row.latest):
            return _UNDATED_COLOUR
        return None

    # ------------------------------------------------------------------ editing (setData: RowListModel)
    def _date_command(self, row: EventRow, text: str):
        text = " ".join(text.split())
        if text == date_edit_text(row):
            return None
        new = read_date(text, self.anchor_of(row))  # as the editor's preview read it
        return commands.EditEventField(self.workspace, row.id, "date", new)

    def anchor_of(self, row: EventRow) -> Optional[date]:
        """The day a typed date of this row is read against: the publication date of the event's
        first evidence document (year-less and relative dates take their year from it)."""
        if row.first_document_id is None:
            return None
        try:
            return anchor_day(self.workspace.document(row.first_document_id).published)
        except CuratorError:
            return None


class EventSortProxy(QSortFilterProxyModel):
    """The table's proxy: a quick search over title, actors, location and document. Sorting (by
    SortRole order: dates by earliest then latest, undated always last; text case-insensitively)
    is handed to the source model, which keeps its rows in order far faster than a comparison
    callback could."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(False)
        self._needle = ""
        self._ids: Optional[frozenset[int]] = None  # only these events (None: all)
        self._dates = EventQuery()  # only events overlapping its dates (the timeline's brush)
        self._order = (-1, Qt.AscendingOrder)

    def _change_filter(self, **values) -> None:
        change_filter(self, **values)

    def set_quick_filter(self, text: str) -> None:
        self._change_filter(_needle=" ".join(text.split()).casefold())

    def set_id_filter(self, ids: Optional[set[int]]) -> None:
        """Show only the events with these ids (None: every event), combined with the search."""
        self._change_filter(_ids=frozenset(ids) if ids is not None else None)

    def id_filter(self) -> Optional[frozenset[int]]:
        return self._ids

    def set_date_range(self, earliest: Optional[str], latest: Optional[str]) -> None:
        """Show only events overlapping [earliest, latest] (ISO days; None: open on that side)."""
        self._change_filter(_dates=EventQuery().with_dates(earliest, latest))

    def date_range(self) -> tuple[Optional[str], Optional[str]]:
        return self._dates.earliest, self._dates.latest

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if self._ids is None and not self._needle and not self._dates.has_dates:
            return True
        row = self.sourceModel().row_at(source_row)
        if self._ids is not None and row.id not in self._ids:
            return False
        if not self._dates.overlaps(row.earliest, row.latest):
            return False
        if not self._needle:
            return True
        haystack = f"{row.title}\n{row.actors}\n{row.location}\n{row.documents}".casefold()
        return all(word in haystack for word in self._needle.split())

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        self._order = (column, order)
        self.sourceModel().sort(column, order)

    def sortColumn(self) -> int:
        return self._order[0]

    def sortOrder(self):
        return self._order[1]


class EventTablePanel(DateRangeMixin, QWidget):
    """A search box above the sortable, editable event table, kept in step with the selection.
    :meth:`set_id_filter` limits the table to some events (an actor's), shown as a chip."""

    idFilterCleared = Signal()  # the user closed the "Showing: …" chip
    dateRangeCleared = Signal()  # the user closed the "Dates: …" chip
    filterChanged = Signal()  # the search text, the events shown or the date range changed

    def __init__(self, workspace: Workspace, undo_stack: QUndoStack, selection: EventSelection,
                 parent=None):
        super().__init__(parent)
        self.selection = selection
        self.model = EventTableModel(workspace, undo_stack, self)
        self.proxy = EventSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter events by title, actor, place or document…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.set_filter_text)
        self._filtering = False  # the view moves its current row while rows are filtered out
        self._hidden_event: Optional[int] = None  # the selected event while the filter hides it
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(EventColumn.DATE, Qt.AscendingOrder)
        set_up_row_table(self.view, EventColumn)
        self.view.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                  | QAbstractItemView.AnyKeyPressed)
        self.date_delegate = DateDelegate(self._anchor_at, self.model.editRefused.emit, self.view,
                                          stored_for=self._stored_date_at)
        self.view.setItemDelegateForColumn(EventColumn.DATE, self.date_delegate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.chip = FilterChip(self)
        self.chip.closed.connect(self._on_chip_closed)
        self.chip.hide()
        self.date_chip = self._make_date_chip()  # the timeline's brushed dates
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.chip)
        top.addWidget(self.date_chip)
        top.addWidget(self.search, 1)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        # over an empty table: what to do first (or that the filter hides every row)
        self.placeholder = ViewPlaceholder(self.view)
        for model in (self.model, self.proxy):
            for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged):
                signal.connect(self._update_placeholder)
        self._update_placeholder()

        selection.eventSelected.connect(self._on_event_selected)
        self.model.modelReset.connect(lambda: self.show_event(selection.event_id))

    def _update_placeholder(self, *args) -> None:
        if self.model.rowCount() == 0:
            self.placeholder.show_text(EMPTY_TABLE_HINT if self.model.workspace.has_project else "")
        else:
            self.placeholder.show_text("" if self.proxy.rowCount() else "No event matches the filter")

    def set_id_filter(self, ids: Optional[set[int]], label: str = "") -> None:
        """Show only the events ``ids`` (None: all again), with a "Showing: ``label`` ✕" chip
        beside the search box; the search still narrows what is shown."""
        self._refilter(lambda: self.proxy.set_id_filter(ids))
        if ids is None:
            self.chip.hide()
        else:
            self.chip.label.setText(f"Showing: {label or f'{len(ids)} events'}")
            self.chip.setToolTip(f"The table shows {len(ids):,} event{'s' if len(ids) != 1 else ''} "
                                 f"of {label or 'a selection'}; ✕ shows every event")
            self.chip.show()

    def id_filter_label(self) -> str:
        """The chip's text ("" when the table is not limited to some events)."""
        return self.chip.text() if self.proxy.id_filter() is not None else ""

    def _on_chip_closed(self) -> None:
        self.set_id_filter(None)
        self.idFilterCleared.emit()

    def _anchor_at(self, index) -> Optional[date]:
        """The date anchor of the row at a view (proxy) index, for the date editor."""
        source = self.proxy.mapToSource(index)
        return self.model.anchor_of(self.model.row_at(source.row())) if source.isValid() else None

    def _stored_date_at(self, index) -> Optional[DateFields]:
        """The stored date of the row at a view (proxy) index, for the date editor."""
        source = self.proxy.mapToSource(index)
        if not source.isValid():
            return None
        row = self.model.row_at(source.row())
        return DateFields(row.edtf, row.earliest, row.latest, row.date_text)

    def _on_current_row_changed(self, current, previous) -> None:
        # while rows go away the view moves its current row: that is not the user choosing
        if current.isValid() and not self.model.removing and not self._filtering:
            self.selection.select(self.proxy.data(current, EventIdRole))

    def set_filter_text(self, text: str) -> None:
        """Filter the rows by text (see :meth:`_refilter` for what happens to the selection)."""
        self._refilter(lambda: self.proxy.set_quick_filter(text))

    def _refilter(self, change) -> None:
        """Apply a filter ``change`` (the text, or the events shown). The selected event stays
        selected while it is shown; while the filter hides it nothing is selected (never another
        event), and it is selected again when a later filter shows it (unless the user has
        picked another event meanwhile)."""
        wanted = self.selection.event_id if self.selection.event_id is not None else self._hidden_event
        self._filtering = True
        try:
            change()
        finally:
            self._filtering = False
        self.filterChanged.emit()
        if wanted is None or self.model.row_of(wanted) is None:
            self._hidden_event = None
            return
        if self.proxy_index(wanted).isValid():
            self._hidden_event = None
            if self.selection.event_id == wanted:
                self.show_event(wanted)  # the view may have moved its current row meanwhile
            else:
                self.selection.select(wanted)
        else:
            self.view.selectionModel().clear()
            self.selection.select(None)
            self._hidden_event = wanted  # after select(None), which forgets a hidden event

    def _on_event_selected(self, event_id: Optional[int]) -> None:
        if event_id is not None or not self._filtering:
            self._hidden_event = None  # the user chose (another event, or none)
        self.show_event(event_id)

    def proxy_index(self, event_id: int, column: int = EventColumn.TITLE):
        row = self.model.row_of(event_id)
        if row is None:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(row, column))

    def show_event(self, event_id: Optional[int]) -> None:
        """Select and scroll to the event's row (clear the selection for None)."""
        selection_model = self.view.selectionModel()
        if event_id is None:
            selection_model.clearSelection()
            return
        index = self.proxy_index(event_id, self.view.currentIndex().column()
                                 if self.view.currentIndex().isValid() else EventColumn.TITLE)
        if not index.isValid():
            return
        if self.view.currentIndex().row() != index.row():
            selection_model.setCurrentIndex(index, QItemSelectionModel.ClearAndSelect
                                            | QItemSelectionModel.Rows)
        self.view.scrollTo(index, QAbstractItemView.EnsureVisible)
