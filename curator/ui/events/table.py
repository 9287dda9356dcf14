"""The event table panel the main window shows on the right: a search box (and chips for an
actor's events and a date range) above the sortable, editable table of events.

The view sits on :class:`~curator.ui.events.table_model.EventTableModel` directly: the model
sorts and filters in SQL and reads only the rows in view. What the table shows is one
:class:`~curator.core.event_query.EventQuery` (the search box's words, the Actors tab's actor or
place, the timeline's brushed dates): :meth:`EventTablePanel.query`, announced by
``queryChanged`` whenever it changes, so that the timeline can show the same events. Edits go
through undo commands; a date that cannot be read is refused with its reason (``editRefused``)
and the old value stays.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLineEdit, QMenu, QTableView, QVBoxLayout, QWidget,
)

from curator.core.event_query import EventQuery, FieldFilter
from curator.core.records import DateFields
from curator.ui.events.columns import EventColumn, compact_interval
from curator.ui.events.date_editor import DateDelegate
from curator.ui.events.field_columns import FIELD_WIDTH, FIRST_FIELD
from curator.ui.events.field_delegate import FieldDelegate
from curator.ui.events.filter_chip import FilterChip
from curator.ui.events.table_model import EventTableModel
from curator.ui.events.table_model import EventIdRole, pending_icon  # noqa: F401  (for importers)
from curator.ui.store.row_model import set_up_row_table
from curator.ui.store.selection import EventSelection
from curator.ui.store.workspace import Workspace
from curator.ui.widgets.placeholder import ViewPlaceholder

EMPTY_TABLE_HINT = ("No events yet: select a passage in a document and press Ctrl+E, "
                    "or accept Suggestions")
NO_MATCH_HINT = "No event matches the filter"


class EventTablePanel(QWidget):
    """A search box above the sortable, editable event table, kept in step with the selection.
    :meth:`set_actor_filter` limits the table to an actor's (or a place's) events and
    :meth:`set_date_range` to a range of dates, each shown as a chip with a ✕."""

    queryChanged = Signal(object)  # the EventQuery the table shows now
    actorFilterCleared = Signal()  # the user closed the "Showing: …" chip
    dateRangeCleared = Signal()  # the user closed the "Dates: …" chip

    def __init__(self, workspace: Workspace, undo_stack: QUndoStack, selection: EventSelection,
                 parent=None):
        super().__init__(parent)
        self.selection = selection
        self._query = EventQuery()
        self.model = EventTableModel(workspace, undo_stack, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter events by title, actor, place or document…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.set_filter_text)
        self._filtering = False  # the selection is being settled after a new answer
        self._settle_selection = True  # after the next answer: keep, hide or restore the selected event
        self._hidden_event: Optional[int] = None  # the selected event while the filter hides it
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(EventColumn.DATE, Qt.AscendingOrder)
        self.view.setSortingEnabled(True)  # sorts by the indicator: the model's own order
        self.view.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_asked)
        set_up_row_table(self.view, EventColumn)
        self.view.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                  | QAbstractItemView.AnyKeyPressed)
        self.date_delegate = DateDelegate(self._anchor_at, self.model.editRefused.emit, self.view,
                                          stored_for=self._stored_date_at)
        self.view.setItemDelegateForColumn(EventColumn.DATE, self.date_delegate)
        self.field_delegate = FieldDelegate(self.model, self.view)  # typed fields: choices in a combo
        self.view.setItemDelegate(self.field_delegate)
        header = self.view.horizontalHeader()
        header.setContextMenuPolicy(Qt.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        self.model.modelReset.connect(self._size_field_columns)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.chip = FilterChip(self)  # an actor's or a place's events
        self.chip.closed.connect(self._on_chip_closed)
        self.chip.hide()
        self.date_chip = FilterChip(self)  # a range of dates (the timeline's brush)
        self.date_chip.close_button.setToolTip("Show events of every date again")
        self.date_chip.closed.connect(self._on_date_chip_closed)
        self.date_chip.hide()
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.chip)
        top.addWidget(self.date_chip)
        self.field_chips: dict[int, FilterChip] = {}  # a typed field's filter each
        self._chip_row = top
        top.addWidget(self.search, 1)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        # over an empty table: what to do first (or that the filter hides every row)
        self.placeholder = ViewPlaceholder(self.view)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset,
                       self.model.layoutChanged, self.model.answered):
            signal.connect(self._update_placeholder)
        self.model.loadFailed.connect(
            lambda reason: self.placeholder.show_text(f"The events could not be read: {reason}"))
        self._update_placeholder()

        selection.eventSelected.connect(self._on_event_selected)
        self.model.modelReset.connect(self._on_reset)
        self.model.answered.connect(self._on_answered)

    # ------------------------------------------------------------------ what is shown
    def query(self) -> EventQuery:
        """What the table shows: the search box's words, the actor, the dates."""
        return self._query

    def set_filter_text(self, text: str) -> None:
        """Filter the rows by words (see :meth:`_settle` for what happens to the selection)."""
        if self.search.text() != text:
            self.search.setText(text)  # -> here again
            return
        self._set_query(self._query.with_text(text))

    def set_actor_filter(self, actor_id: Optional[int], label: str = "") -> None:
        """Show only the events of the actor or place ``actor_id`` (None: every event), with a
        "Showing: ``label`` ✕" chip beside the search box; the words still narrow what is shown."""
        if actor_id is None:
            self.chip.hide()
        else:
            self.chip.label.setText(f"Showing: {label or 'an actor'}")
            self.chip.setToolTip(f"The table shows the events of {label or 'an actor'}; "
                                 "✕ shows every event")
            self.chip.show()
        self._set_query(self._query.with_actor(actor_id))

    def actor_filter(self) -> Optional[int]:
        return self._query.actor_id

    def filter_label(self) -> str:
        """The actor chip's text ("" when the table is not limited to an actor's events)."""
        return self.chip.text() if self._query.actor_id is not None else ""

    def set_date_range(self, earliest: Optional[str], latest: Optional[str]) -> None:
        """Show only the events whose dates overlap ``earliest``..``latest`` (ISO days, inclusive;
        None: open on that side; both None: every date again), with a "Dates: … ✕" chip."""
        if earliest is None and latest is None:
            self.date_chip.hide()
        else:
            shown = compact_interval(earliest, latest)
            self.date_chip.label.setText(f"Dates: {shown}")
            self.date_chip.setToolTip(f"The table shows the events dated within {shown} (undated "
                                      "events are left out); ✕ shows every date")
            self.date_chip.show()
        self._set_query(self._query.with_dates(earliest, latest))

    def date_range(self) -> tuple[Optional[str], Optional[str]]:
        return self._query.earliest, self._query.latest

    def date_range_label(self) -> str:
        """The date chip's text ("" when the table shows every date)."""
        return self.date_chip.text() if self._query.has_dates else ""

    # ------------------------------------------------------------------ typed fields' filters
    def set_field_filter(self, field_id: int, found: Optional[FieldFilter]) -> None:
        """Show only the events ``found`` says of a typed field (None: drop that filter), with a
        chip ("fatalities ≥ 10 ✕") beside the others."""
        chip = self.field_chips.pop(field_id, None)
        if chip is not None:
            chip.deleteLater()
        if found is not None:
            chip = FilterChip(self)
            chip.label.setText(found.label or "a field")
            chip.close_button.setToolTip("Show events of any value again")
            chip.setToolTip(f"The table shows the events where {found.label}; ✕ ends that")
            chip.closed.connect(lambda f=field_id: self.set_field_filter(f, None))
            self._chip_row.insertWidget(self._chip_row.count() - 1, chip)
            chip.show()
            self.field_chips[field_id] = chip
        self._set_query(self._query.with_field_filter(field_id, found))

    def _drop_gone_field_filters(self) -> None:
        live = {f.id for f in self.model.fields}
        for field_id in [f for f in self.field_chips if f not in live]:
            self.set_field_filter(field_id, None)

    def _size_field_columns(self) -> None:
        header = self.view.horizontalHeader()
        for column in range(FIRST_FIELD, self.model.columnCount()):
            if header.sectionSize(column) < 40 or header.sectionSize(column) == header.defaultSectionSize():
                header.resizeSection(column, FIELD_WIDTH)
        self._drop_gone_field_filters()

    def _on_header_menu(self, pos) -> None:
        column = self.view.horizontalHeader().logicalIndexAt(pos)
        field = self.model.field_at(column)
        if field is None:
            return
        menu = QMenu(self)
        menu.addAction(f"Filter by {field.name}…", lambda: self.ask_field_filter(field.id))
        if field.id in self.field_chips:
            menu.addAction(f"Show any {field.name} again", lambda: self.set_field_filter(field.id, None))
        menu.exec(self.view.horizontalHeader().mapToGlobal(pos))

    def ask_field_filter(self, field_id: int) -> None:
        from curator.ui.events.field_filter_dialog import FieldFilterDialog

        field = next((f for f in self.model.fields if f.id == field_id), None)
        if field is None:
            return
        dialog = FieldFilterDialog(field, self._query.field_filter(field_id), self)
        if dialog.exec() and dialog.result_filter() is not None:
            self.set_field_filter(field_id, dialog.result_filter())

    def _set_query(self, query: EventQuery) -> None:
        if query == self._query:
            return
        self._query = query
        self._settle_selection = True
        self._filtering = True  # an answer given at once moves the view's current row
        try:
            self.model.set_query(query)
        finally:
            self._filtering = False
        self.queryChanged.emit(query)

    def _on_chip_closed(self) -> None:
        self.set_actor_filter(None)
        self.actorFilterCleared.emit()

    def _on_date_chip_closed(self) -> None:
        self.set_date_range(None, None)
        self.dateRangeCleared.emit()

    def _on_sort_asked(self, *args) -> None:
        self._settle_selection = True  # the selected row is shown again in the new order

    def _update_placeholder(self, *args) -> None:
        model = self.model
        if not model.workspace.has_project or model.rowCount() or not model.answered_once:
            self.placeholder.show_text("")
        else:
            self.placeholder.show_text(EMPTY_TABLE_HINT if model.listed_count == 0 else NO_MATCH_HINT)

    # ------------------------------------------------------------------ the selection
    def _on_reset(self) -> None:
        self._settle_selection = True
        self.show_event(self.selection.event_id)

    def _on_answered(self) -> None:
        if self._settle_selection:
            self._settle_selection = False
            self._settle()

    def _settle(self) -> None:
        """After a new filter (or order, or project) is shown: the selected event stays selected
        while shown; while the filter hides it nothing is selected (never another event), and it
        is selected again when a later filter shows it (unless the user has picked another event
        meanwhile)."""
        wanted = self.selection.event_id if self.selection.event_id is not None else self._hidden_event
        if wanted is None or not self.model.is_listed(wanted):
            self._hidden_event = None
            return
        if self.model.row_of(wanted) is not None:
            self._hidden_event = None
            if self.selection.event_id == wanted:
                self.show_event(wanted)  # the view may have moved its current row meanwhile
            else:
                self.selection.select(wanted)
        else:
            self._filtering = True
            try:
                self.view.selectionModel().clear()
                self.selection.select(None)
            finally:
                self._filtering = False
            self._hidden_event = wanted

    def _anchor_at(self, index) -> Optional[date]:
        """The date anchor of the row at a view index, for the date editor."""
        row = self.model.row_at(index.row()) if index.isValid() else None
        return self.model.anchor_of(row) if row is not None else None

    def _stored_date_at(self, index) -> Optional[DateFields]:
        """The stored date of the row at a view index, for the date editor."""
        row = self.model.row_at(index.row()) if index.isValid() else None
        return None if row is None else DateFields(row.edtf, row.earliest, row.latest, row.date_text)

    def _on_current_row_changed(self, current, previous) -> None:
        # while rows go away or a new answer comes the view moves its current row: that is not
        # the user choosing
        model = self.model
        if current.isValid() and not (model.removing or model.applying or self._filtering):
            event_id = model.event_id_at(current.row())
            if event_id is not None:
                self.selection.select(event_id)

    def _on_event_selected(self, event_id: Optional[int]) -> None:
        if event_id is not None or not self._filtering:
            self._hidden_event = None  # the user chose (another event, or none)
        self.show_event(event_id)

    def view_index(self, event_id: int, column: int = EventColumn.TITLE) -> QModelIndex:
        """The index of the event's cell in ``column`` (invalid when the table does not show it)."""
        row = self.model.row_of(event_id)
        return QModelIndex() if row is None else self.model.index(row, column)

    def show_event(self, event_id: Optional[int]) -> None:
        """Select and scroll to the event's row (clear the selection for None)."""
        selection_model = self.view.selectionModel()
        if event_id is None:
            selection_model.clearSelection()
            return
        current = self.view.currentIndex()
        index = self.view_index(event_id, current.column() if current.isValid() else EventColumn.TITLE)
        if not index.isValid():
            return
        if current.row() != index.row():
            selection_model.setCurrentIndex(index, QItemSelectionModel.ClearAndSelect
                                            | QItemSelectionModel.Rows)
        self.view.scrollTo(index, QAbstractItemView.EnsureVisible)

    def shutdown(self) -> None:
        """Stop the model's worker (the window is closing)."""
        self.model.shutdown()
