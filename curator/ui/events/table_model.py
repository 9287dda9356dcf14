"""The event table's model: a window onto the project's events, never all of them in Python.

What the table lists is three NumPy arrays of event ids (a million events: 8 MB each, no Python
object per event): every listed event in the table's order, the events its query (an
:class:`~curator.core.event_query.EventQuery`: quick-filter words, an actor, dates) shows, and
the two combined, row by row. The facade answers them in SQL over the event listing
(:mod:`curator.core.listing`), on a worker (:mod:`curator.ui.events.table_load`): the first
page of a new order or project first, the whole order a few hundred milliseconds later at a
million events. Only the rows in view are read, a page at a time, into a small cache.

When events change (the Workspace's signals after an undo command, an undo, a merge), the
model reads the changed events' sort keys and whether the query shows them, and moves, adds or
removes just their rows (a search over the arrays, a few queries); many changes at once are
answered again on the worker. Projects too small to matter (highest event id up to
:data:`INLINE_LIMIT`) are answered on the GUI thread, at once.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Optional

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QUndoStack

from curator.core.errors import CuratorError
from curator.core.event_query import EventQuery
from curator.core.listing import ListingOrder
from curator.core.records import EventRow
from curator.temporal import anchor_day
from curator.ui.events.columns import EventColumn, date_edit_text
from curator.ui.events.date_editor import read_date
from curator.ui.events.field_columns import FIRST_FIELD, FieldColumnsMixin
from curator.ui.events.listing_rows import KeyMissing, ListingRows
from curator.ui.events.table_load import ListingJob, ListingRequest, ListingResult, compute
from curator.ui.store import commands
from curator.ui.store.project_job import JobKeeper
from curator.ui.store.row_model import TEXT_ROLES, RowListModel
from curator.ui.store.workspace import Workspace

INLINE_LIMIT = 5_000  # projects whose highest event id is at most this are answered at once
SMALL_CHANGE = 200  # more changed events than this: the order is read again on the worker
PAGE = 64  # rows read at a time: a screenful and a little (a jump reads what it shows)
CACHE_ROWS = 4_096  # rows kept
NOT_READ = "…"  # a row of a new order that is still being read

ORDER_COLUMNS = {EventColumn.DATE: "date", EventColumn.TITLE: "title", EventColumn.ACTORS: "actors",
                 EventColumn.LOCATION: "location", EventColumn.DOCUMENT: "documents"}
PENDING_FIELDS = {EventColumn.DATE: "date", EventColumn.TITLE: "title", EventColumn.ACTORS: "actors",
                  EventColumn.LOCATION: "location"}
EventIdRole = Qt.ItemDataRole.UserRole + 2
_ANSWERED_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                             Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.FontRole, EventIdRole})

_UNDATED_COLOUR = QColor("#8a8a8a")
_PENDING_COLOUR = QColor("#a15c00")  # a typed value not saved yet (another program writes)


def pending_icon():
    """The mark of a value waiting to be saved (a standard icon: no font needed)."""
    from PySide6.QtWidgets import QApplication, QStyle

    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload)


class EventTableModel(FieldColumnsMixin, RowListModel):
    """The live events a query shows, in the table's order, read a page at a time; after the
    event's own columns one per typed field (:mod:`curator.ui.events.field_columns`)."""

    COLUMNS = EventColumn
    answered = Signal()  # a whole answer for the current order and query is shown
    loadFailed = Signal(str)  # the events could not be read (a one-line reason)

    def __init__(self, workspace: Workspace, undo_stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.workspace = workspace
        self.undo_stack = undo_stack
        self.order = ListingOrder("date")  # the panel sorts by date at first
        self.sort_column, self.descending = int(EventColumn.DATE), False
        self.query = EventQuery()
        self._lists = ListingRows()  # the ids: the order's, the query's, the rows'
        self.shown_order: Optional[ListingOrder] = None  # what the rows show now (the first
        self.shown_query: Optional[EventQuery] = None  # page of a new order, say)
        self._total = 0  # rows (more than the ids known while only the first page is)
        self._rows: OrderedDict[int, EventRow] = OrderedDict()  # read rows, oldest first
        self.generation = 0
        self.loading = False  # an answer is being worked out on the worker
        self.answered_once = False
        self.removing = False  # rows are being removed (the view moves its current row)
        self.applying = False  # a new answer replaces the rows (likewise)
        self._jobs = JobKeeper()
        self._changed_while_loading: set[int] = set()
        self._removed_while_loading: set[int] = set()
        workspace.projectReplaced.connect(self.reload)
        workspace.eventsChanged.connect(self._on_events_changed)
        workspace.eventsRemoved.connect(self._on_events_removed)
        self.pending = commands.pending_of(undo_stack)  # edits waiting for another program
        self._pending_rows: set[int] = set()
        if self.pending is not None:
            self.pending.changed.connect(self._on_pending_changed)
        self._init_field_columns()
        self.reload()

    # ------------------------------------------------------------------ asking
    def reload(self) -> None:
        """Read everything again (a project opened, or another program changed it)."""
        self._jobs.cancel_all()
        self.generation += 1
        self.beginResetModel()
        self._lists = ListingRows()
        self.shown_order = self.shown_query = None
        self._total = 0
        self._rows.clear()
        self._reload_fields()
        self.answered_once = False
        self.endResetModel()
        if self.workspace.has_project:
            self._request(first_page=True)
        else:
            self.loading = False

    def set_query(self, query: EventQuery) -> bool:
        """Show what ``query`` shows (answered at once or on the worker; ``answered`` then);
        whether it is another query."""
        if query == self.query:
            return False
        self.query = query
        if self.workspace.has_project:
            self._request()
        return True

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        """Order the rows by ``column`` (dates by earliest then latest, text case-insensitively,
        blank and undated rows last in both orders, ties by id), keeping selections on their
        rows. The other direction of the same column is the same order read backwards."""
        if column < 0 or column >= self.columnCount():
            return
        if column >= FIRST_FIELD:
            wanted = self.field_order(column, order == Qt.DescendingOrder)
        else:
            wanted = ListingOrder(ORDER_COLUMNS[EventColumn(column)], order == Qt.DescendingOrder)
        if wanted == self.order:
            return
        self.order, self.sort_column, self.descending = wanted, column, wanted.descending
        if not self.workspace.has_project:
            return
        known = self._lists.known_order
        if known is not None and known.column == wanted.column and not self.loading:
            self._lists.reversed_order(wanted)
        self._request(first_page=True)

    def _request(self, first_page: bool = False) -> None:
        self.generation += 1
        lists = self._lists
        reuse_order = lists.known_order == self.order
        reuse_match = lists.known_query == self.query and not self.query.is_empty
        request = ListingRequest(  # shared: an edit meanwhile changes a copy (copy on write)
            self.generation, self.order, self.query,
            lists.order_ids.share() if reuse_order else None, lists.present if reuse_order else 0,
            lists.match.share() if reuse_match and lists.match is not None else None,
            first_page and not reuse_order)
        self._jobs.cancel_all()
        self._changed_while_loading.clear()
        self._removed_while_loading.clear()
        if (reuse_order and (reuse_match or self.query.is_empty)) or self._small_project():
            try:
                result = compute(self.workspace.project, request)
            except CuratorError as exc:
                self._on_failed(request.generation, str(exc))
                return
            self.loading = False
            self._apply(result)
            return
        self.loading = True
        job = ListingJob(self.workspace.path, request, self)
        job.partial.connect(self._on_partial)
        job.found.connect(self._on_found)
        job.failed.connect(self._on_failed)
        self._jobs.start(job)

    def _small_project(self) -> bool:
        return self.workspace.project.highest_listed_id() <= INLINE_LIMIT

    def shutdown(self) -> None:
        """Stop and wait for the worker (the window is closing)."""
        self.generation += 1
        self._jobs.wait_all()

    def _on_partial(self, generation: int, result: ListingResult) -> None:
        if generation == self.generation:
            self._apply(result)

    def _on_found(self, generation: int, result: ListingResult) -> None:
        if generation != self.generation:
            return
        self.loading = False
        self._apply(result)

    def _on_failed(self, generation: int, reason: str) -> None:
        if generation == self.generation:
            self.loading = False
            self.loadFailed.emit(reason)

    # ------------------------------------------------------------------ applying an answer
    def _apply(self, result: ListingResult) -> None:
        """Show ``result``: the rows are replaced in one layout change (selections follow their
        events; an event no longer shown loses its selection)."""
        fresh = not self.answered_once
        again = False
        self.applying = True
        try:
            if fresh:
                self.beginResetModel()
            else:
                self.layoutAboutToBeChanged.emit()  # (the views make their persistent indexes)
            persistent = [] if fresh else self.persistentIndexList()
            old_events = [self.event_id_at(i.row()) for i in persistent]
            for row in result.rows:
                self._keep(row)
            self.shown_order, self.shown_query = result.order, result.query
            if result.partial:
                self._lists.show_first(result.ids)
                self._total = result.total
            else:
                self._lists.adopt(result.order_ids, result.present, result.match, result.ids,
                                  result.order, result.query)
                again = not self._replay_changes()
                self._total = len(self._lists.rows)
            if fresh:
                self.endResetModel()
            else:
                rows = {e: self._lists.rows.position(e) for e in set(old_events) if e is not None}
                self.changePersistentIndexList(persistent, [
                    self.index(rows[e], i.column()) if e is not None and rows[e] is not None
                    else QModelIndex() for i, e in zip(persistent, old_events)])
                self.layoutChanged.emit()
        finally:
            self.applying = False
        if again:
            self._read_again()
        elif not result.partial:
            self.answered_once = True
            self.answered.emit()
        elif fresh:
            self.answered_once = True  # the first page is shown: later answers keep their rows

    def _replay_changes(self) -> bool:
        """Changes made while the worker read its answer: placed again in the new arrays (False:
        they cannot be, everything must be read again)."""
        removed, changed = self._removed_while_loading, self._changed_while_loading
        self._removed_while_loading, self._changed_while_loading = set(), set()
        if removed:
            self._lists.drop(sorted(removed))
        return not changed or self._place_all(sorted(changed), signals=False)

    # ------------------------------------------------------------------ changes
    def _on_events_changed(self, event_ids: list[int]) -> None:
        if not self.workspace.has_project or not event_ids:
            return
        for event_id in event_ids:
            self._rows.pop(event_id, None)
        self.forget_values(event_ids)
        if self.loading:  # placed again in the answer on its way
            self._changed_while_loading.update(event_ids)
        lists = self._lists
        if len(event_ids) > SMALL_CHANGE or self._total > len(lists.rows) or lists.known_order is None:
            self._read_again()
            return
        if lists.known_order != self.order or lists.known_query != self.query:
            last = self.columnCount() - 1  # the rows move when the answer comes; their texts now
            self.dataChanged.emit(self.index(0, 0), self.index(max(0, self._total - 1), last))
            return
        if not self._place_all(event_ids, signals=True):
            self._read_again()

    def _read_again(self) -> None:
        self._lists.forget()
        self._request()

    def _place_all(self, event_ids: list[int], signals: bool) -> bool:
        """Place changed events where the order wants them (out, when the query does not show
        them); False when a row's event has gone without the model hearing of it (another
        program): everything must be read again. ``signals``: tell the view row by row."""
        project = self.workspace.project
        order = self._lists.known_order
        keys = project.event_sort_keys(event_ids, order)
        shown = set(keys) if self.query.is_empty else project.events_matching(self.query, event_ids)

        def keys_of(ids: list[int]) -> dict[int, tuple]:
            return project.event_sort_keys(ids, order)

        try:
            for event_id in event_ids:
                old, new = self._lists.place(event_id, keys.get(event_id), event_id in shown, keys_of)
                if signals:
                    self._show_change(event_id, old, new)
                else:
                    self._lists.apply(event_id, old, new)
                    self._total = len(self._lists.rows)
        except KeyMissing:
            return False
        return True

    def _show_change(self, event_id: int, old: Optional[int], new: Optional[int]) -> None:
        """Apply one row's move, addition or removal, telling the view."""
        lists, last = self._lists, self.columnCount() - 1
        if old is None and new is not None:
            self.beginInsertRows(QModelIndex(), new, new)
            lists.apply(event_id, old, new)
            self._total += 1
            self.endInsertRows()
        elif old is not None and new is None:
            self.removing = True
            try:
                self.beginRemoveRows(QModelIndex(), old, old)
                lists.apply(event_id, old, new)
                self._total -= 1
                self.endRemoveRows()
            finally:
                self.removing = False
        elif old is not None:
            destination = new if new < old else new + 1  # in the numbering before the move
            if new != old and self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), destination):
                lists.apply(event_id, old, new)
                self.endMoveRows()
            else:
                lists.apply(event_id, old, new)
            self.dataChanged.emit(self.index(new, 0), self.index(new, last))

    def _on_events_removed(self, event_ids: list[int]) -> None:
        if not self.workspace.has_project or not event_ids:
            return
        for event_id in event_ids:
            self._rows.pop(event_id, None)
        self.forget_values(event_ids)
        if self.loading:
            self._removed_while_loading.update(event_ids)
        gone = sorted(set(event_ids))
        lists = self._lists
        self.removing = True
        try:
            if len(gone) > SMALL_CHANGE:
                self.applying = True
                self.layoutAboutToBeChanged.emit()
                persistent = self.persistentIndexList()
                events = [self.event_id_at(i.row()) for i in persistent]
                lists.drop(gone)
                self._total = len(lists.rows)
                self.changePersistentIndexList(persistent, [
                    self.index(p, i.column()) if e is not None and (p := lists.rows.position(e)) is not None
                    else QModelIndex() for i, e in zip(persistent, events)])
                self.layoutChanged.emit()
                return
            for event_id in gone:
                row = lists.rows.position(event_id)
                if row is None:
                    lists.remove(event_id)  # listed, not shown
                    continue
                self.beginRemoveRows(QModelIndex(), row, row)
                lists.remove(event_id)
                self._total -= 1
                self.endRemoveRows()
        finally:
            self.removing = self.applying = False

    # ------------------------------------------------------------------ reading
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._total

    def event_id_at(self, row: int) -> Optional[int]:
        """The event shown at ``row`` (None while a new order's row is being read)."""
        rows = self._lists.rows
        return int(rows.ids[row]) if 0 <= row < len(rows) else None

    def row_of(self, event_id: int) -> Optional[int]:
        """The row showing ``event_id`` (None when the query does not show it)."""
        return self._lists.rows.position(event_id)

    def is_listed(self, event_id: int) -> bool:
        """Whether the event is live and listed, whether or not the query shows it."""
        return self._lists.order_ids.position(event_id) is not None

    @property
    def listed_count(self) -> int:
        """Live events in the project (what an empty query shows)."""
        return len(self._lists.order_ids) if self._lists.known_order is not None else self._total

    def event_ids(self) -> list[int]:
        """The ids of the rows, in order."""
        return self._lists.rows.ids.tolist()

    def rows(self) -> list[EventRow]:
        """Every row, in order: reads them all (tests and small projects only)."""
        return self.workspace.project.event_rows_by_id(self.event_ids())

    def row_at(self, row: int) -> Optional[EventRow]:
        event_id = self.event_id_at(row)
        if event_id is None:
            return None
        found = self._rows.get(event_id)
        if found is None:
            self._read_rows_from(row)
            found = self._rows.get(event_id)
        return found

    def _read_rows_from(self, row: int) -> None:
        """Read the rows from ``row`` on that are not kept yet, a screenful (:data:`PAGE`): a
        view paints top down, so its first row not read brings the rest of what it shows."""
        ids = self._lists.rows.ids[row:row + PAGE].tolist()
        wanted = [i for i in ids if i not in self._rows]
        if wanted and self.workspace.has_project:
            for row in self.workspace.project.event_rows_by_id(wanted):
                self._keep(row)

    def _keep(self, row: EventRow) -> None:
        self._rows[row.id] = row
        self._rows.move_to_end(row.id)
        while len(self._rows) > CACHE_ROWS:
            self._rows.popitem(last=False)

    def pending_text(self, row: EventRow, column: EventColumn) -> Optional[str]:
        """The value typed into this cell that waits to be saved (another program writes)."""
        if self.pending is None or not self.pending.waiting or column not in PENDING_FIELDS:
            return None
        return self.pending.pending_text(row.id, PENDING_FIELDS[column])

    def _on_pending_changed(self) -> None:
        now = self.pending.pending_events()
        for event_id in now | self._pending_rows:
            index = self.row_of(event_id)
            if index is not None:
                self.dataChanged.emit(self.index(index, 0), self.index(index, self.columnCount() - 1))
        self._pending_rows = now

    def edit_label(self, row: EventRow, column) -> str:
        return f"{column.header} of “{row.title}”"

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and index.column() >= FIRST_FIELD:
            return self.field_data(index, role)
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None  # (a view asks for a dozen roles per cell on every paint)
        column = EventColumn(index.column())
        if role == EventIdRole:
            return self.event_id_at(index.row())
        row = self.row_at(index.row())
        if row is None:
            return NOT_READ if role == Qt.ItemDataRole.DisplayRole and column == EventColumn.TITLE else None
        waiting = self.pending_text(row, column) if self._pending_rows else None
        if waiting is not None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return waiting
            if role == Qt.ItemDataRole.DecorationRole:
                return pending_icon()
            if role == Qt.ItemDataRole.ToolTipRole:
                return (f"Not saved yet: {self.pending.reason()}. Curator saves it as soon as it "
                        "can (Edit › Cancel pending edits drops it).")
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole:
                return _PENDING_COLOUR
        if role in TEXT_ROLES:
            return column.text(row, role)
        if role == Qt.ItemDataRole.ForegroundRole and column == EventColumn.DATE and not (row.earliest or row.latest):
            return _UNDATED_COLOUR
        return None

    # ------------------------------------------------------------------ editing (setData: RowListModel)
    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() >= FIRST_FIELD:
            return role == Qt.ItemDataRole.EditRole and self.set_field_data(index, value)
        return super().setData(index, value, role)

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
