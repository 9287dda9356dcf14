"""The Suggestions panel: dated sentences proposed as events, to accept or reject one key at a time.

For each sentence that carries a date expression, :func:`curator.suggestions.suggest_events`
proposes an event (the date, a title made from the sentence, the sentence as evidence, the known
actors named in it). The panel lists them for the document shown or for all documents, computed
on a worker thread (with its own connection to the project file) so the window never waits, and
recomputed whenever events or spans change. Selecting a suggestion shows its sentence in the
document view, highlighted in its own colour. Enter or A accepts, Delete or R rejects, and
"Accept all in this document" accepts every suggestion listed for the document; all three are
undoable. Accepted suggestions become ordinary events; rejected ones do not come back.

The main window puts the panel in a tab beside the event table.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    Qt,
    QThread,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from curator.core.errors import CuratorError
from curator.suggestions import Suggestion
from curator.ui.store import commands
from curator.ui.store.row_model import ColumnSpec, RowListModel, TableColumn, set_up_row_table
from curator.ui.store.suggestion_commands import AcceptSuggestions, RejectSuggestions
from curator.ui.store.project_job import JobKeeper
from curator.ui.suggestions.search import SuggestionSearch

SENTENCE_COLOUR = QColor("#cfe3fa")  # not the evidence colours (yellow, orange)
DATE_COLOUR = QColor("#9cc4f0")
OVERLAY = "suggestion"  # this panel's overlay in the document view
REFRESH_DELAY_MS = 150
# while the tab is hidden the search waits for a pause in the user's work: it is Python that
# competes with the window for the interpreter (a 350 KB document: 0.3 s of it), and only the
# tab's count shows its answer
HIDDEN_REFRESH_DELAY_MS = 1500
ACCEPT_KEYS = (Qt.Key_Return, Qt.Key_Enter, Qt.Key_A)
REJECT_KEYS = (Qt.Key_Delete, Qt.Key_Backspace, Qt.Key_R)


def _date_tooltip(item: Suggestion) -> str:
    span = item.date.earliest if item.date.earliest == item.date.latest else \
        f"{item.date.earliest or '…'} – {item.date.latest or 'open'}"  # as the event table does
    return f"{span}\nEDTF {item.date.edtf}"


def _sentence(item: Suggestion) -> str:
    return item.sentence


class SuggestionColumn(TableColumn):
    """The suggestion list's columns, in order (read-only, unsorted: the list keeps text order)."""

    DATE = ColumnSpec("Date", display=lambda item: item.date.date_text or item.date.edtf,
                      tooltip=_date_tooltip, width=150)
    TITLE = ColumnSpec("Title", display=lambda item: item.title, tooltip=_sentence, width=360)
    ACTORS = ColumnSpec("Actors", display=lambda item: ", ".join(item.actors), tooltip=_sentence,
                        width=150)
    DOCUMENT = ColumnSpec("Document", display=lambda item: item.document_title, tooltip=_sentence)


class SuggestionModel(RowListModel):
    """Suggestions as rows: date, title, actors, document."""

    COLUMNS = SuggestionColumn

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list[Suggestion] = []

    def rows_list(self) -> list[Suggestion]:
        return self.items

    def set_items(self, items: list[Suggestion]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def remove(self, keys: set) -> None:
        for row in reversed(range(len(self.items))):
            if self.items[row].key in keys:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.items[row]
                self.endRemoveRows()

    def row_of(self, key) -> Optional[int]:
        return next((i for i, s in enumerate(self.items) if s.key == key), None)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item, column = self.items[index.row()], SuggestionColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(item, role)
        return None


class SuggestionList(QTableView):
    """The list of suggestions; Enter/A asks to accept, Delete/R to reject the current one.
    Those keys are claimed before window shortcuts (Delete would otherwise delete an event)."""

    acceptRequested = Signal()
    rejectRequested = Signal()

    def event(self, event) -> bool:
        if event.type() == QEvent.ShortcutOverride and event.modifiers() in (
                Qt.NoModifier, Qt.KeypadModifier) and event.key() in ACCEPT_KEYS + REJECT_KEYS:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.modifiers() in (Qt.NoModifier, Qt.KeypadModifier):
            if event.key() in ACCEPT_KEYS:
                self.acceptRequested.emit()
                return
            if event.key() in REJECT_KEYS:
                self.rejectRequested.emit()
                return
        super().keyPressEvent(event)


class SuggestionsPanel(QWidget):
    """Lists suggestions for the shown document (or all documents) and accepts/rejects them."""

    countChanged = Signal(int)
    message = Signal(str)  # one line for the status bar

    def __init__(self, workspace, undo_stack, documents, parent=None):
        super().__init__(parent)
        self.workspace, self.undo_stack, self.documents = workspace, undo_stack, documents
        self._generation = 0
        self._jobs = JobKeeper()
        self._highlight: Optional[Suggestion] = None
        self._quiet = False  # the selection is being restored, not chosen by the user

        self.model = SuggestionModel(self)
        self.view = SuggestionList(self)
        self.view.setModel(self.model)
        set_up_row_table(self.view, SuggestionColumn)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setColumnHidden(SuggestionColumn.DOCUMENT, True)  # one document: no need to name it
        self.view.acceptRequested.connect(self.accept_current)
        self.view.rejectRequested.connect(self.reject_current)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_changed)

        self.all_documents = QCheckBox("All documents", self)
        self.all_documents.setToolTip("List suggestions for every document, not only the one shown")
        self.all_documents.toggled.connect(self._on_scope_toggled)
        self.status = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(140)
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.accept_button = QPushButton("Accept", self)
        self.accept_button.setToolTip("Make the selected suggestion an event (Enter or A)")
        self.accept_button.clicked.connect(self.accept_current)
        self.reject_button = QPushButton("Reject", self)
        self.reject_button.setToolTip("Turn the selected suggestion down for good (Delete or R)")
        self.reject_button.clicked.connect(self.reject_current)
        self.accept_all_button = QPushButton("Accept all in this document", self)
        self.accept_all_button.setToolTip("Make every suggestion listed for this document an event")
        self.accept_all_button.clicked.connect(self.accept_all_in_document)

        top = QHBoxLayout()
        top.addWidget(self.all_documents)
        top.addSpacing(12)
        self.status.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # a long status never widens the pane
        top.addWidget(self.status, 1)
        top.addWidget(self.progress)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self._start_search)
        for signal in (workspace.eventsChanged, workspace.eventsRemoved, workspace.spansChanged,
                       workspace.documentsChanged, workspace.rejectionsChanged):
            signal.connect(lambda *_: self.refresh())
        workspace.projectReplaced.connect(self._on_project_replaced)
        documents.documentShown.connect(self._on_document_shown)
        self._update_buttons()
        self.refresh(now=True)

    # ------------------------------------------------------------------ computing
    def _on_scope_toggled(self, all_documents: bool) -> None:
        self.view.setColumnHidden(SuggestionColumn.DOCUMENT, not all_documents)
        self.refresh(now=True)

    def scope(self) -> Optional[list[int]]:
        """The documents searched: None for all, else the one shown (none shown: nothing)."""
        if self.all_documents.isChecked():
            return None
        shown = self.documents.document_id
        return [shown] if shown is not None else []

    def refresh(self, now: bool = False) -> None:
        """Recompute the suggestions soon (at once with ``now``), on a worker thread."""
        if now:
            self._timer.stop()
            self._start_search()
        else:
            self._timer.start(REFRESH_DELAY_MS if self.isVisible() else HIDDEN_REFRESH_DELAY_MS)

    def _start_search(self) -> None:
        self._generation += 1
        self._jobs.cancel_all()
        if not self.workspace.has_project or self.scope() == []:
            self._show_results(self._generation, [])
            return
        job = SuggestionSearch(self.workspace.path, self.scope(), self._generation)
        job.progressed.connect(self._on_progress)
        job.found.connect(self._show_results)
        job.failed.connect(self._on_failed)
        self.status.setText("Looking for dated sentences…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self._jobs.start(job, QThread.LowPriority)

    def stop(self, wait: bool = False) -> None:
        """Cancel pending searches; their late results are dropped (by generation). ``wait`` for
        them to end only when the project is closing (the window or the app is going away)."""
        self._timer.stop()
        self._generation += 1
        if wait:
            self._jobs.wait_all()  # cancelled, a search ends at its next document
        else:
            self._jobs.cancel_all()

    def _on_progress(self, done: int, total: int) -> None:
        if total > 1:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.status.setText(f"Looking for dated sentences… {done} of {total} documents")

    def _on_failed(self, generation: int, reason: str) -> None:
        if generation == self._generation:
            self._done(f"Suggestions could not be computed: {reason}")

    def _show_results(self, generation: int, found: list) -> None:
        if generation != self._generation:
            return  # a newer search is under way
        current = self.current()
        row = self.view.currentIndex().row()
        self._quiet = True  # keep the user's place; do not move the document view
        try:
            self.model.set_items(found)
            again = self.model.row_of(current.key) if current is not None else None
            if again is None and current is not None and found:
                again = min(max(row, 0), len(found) - 1)
            if again is not None:
                self._select_row(again)
        finally:
            self._quiet = False
        self._highlight = self.current()
        self._apply_highlight()
        documents = len({s.document_id for s in found})
        if found:
            text = f"{len(found):,} suggestion{'s' if len(found) != 1 else ''}"
            if self.all_documents.isChecked():
                text += f" in {documents} document{'s' if documents != 1 else ''}"
        else:
            text = "No suggestions: every dated sentence here is an event or was rejected"
        self._done(text)
        self.countChanged.emit(len(found))

    def _done(self, text: str) -> None:
        self.progress.hide()
        self.status.setText(text)
        self._update_buttons()

    def wait_until_idle(self, timeout_ms: int = 10000) -> None:
        """Finish any pending search (for tests and scripts; the GUI never needs to wait)."""
        from curator.ui.store.waiting import process_events_until

        process_events_until(lambda: not (self._timer.isActive() or self._jobs), timeout_ms)

    def _on_project_replaced(self) -> None:
        self.stop(wait=not self.workspace.has_project)
        self._set_highlight(None)
        self.refresh()  # soon: after the window has shown the project

    def _on_document_shown(self, document_id: int) -> None:
        if not self.all_documents.isChecked() and (
                self._highlight is None or self._highlight.document_id != document_id):
            self.refresh(now=self.isVisible())
        self._apply_highlight()

    # ------------------------------------------------------------------ selection, highlight
    def current(self) -> Optional[Suggestion]:
        row = self.view.currentIndex().row()
        return self.model.items[row] if 0 <= row < len(self.model.items) else None

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 1)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def _on_current_changed(self, current, previous) -> None:
        if not self._quiet:
            self._set_highlight(self.current())
        self._update_buttons()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._timer.isActive():  # a search waiting for a pause: the user is looking now
            self.refresh(now=True)
        self._apply_highlight()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._apply_highlight()

    def _update_buttons(self) -> None:
        """Accept and Reject need a suggestion, and a project that may be changed (suggestions of
        a read-only project are shown, not taken)."""
        editable = self.workspace.editable
        has = self.current() is not None and editable
        self.accept_button.setEnabled(has)
        self.reject_button.setEnabled(has)
        self.accept_all_button.setEnabled(editable and bool(self._document_items()))

    def _set_highlight(self, suggestion: Optional[Suggestion]) -> None:
        self._highlight = suggestion
        if suggestion is not None and self.documents.document_id != suggestion.document_id:
            self.documents.show_document(suggestion.document_id)  # -> _on_document_shown
        self._apply_highlight(scroll=True)

    def _apply_highlight(self, scroll: bool = False) -> None:
        """Lay the selected suggestion's sentence (and its date) over the document view's text,
        leaving the evidence highlights as they are."""
        item = self._highlight
        if item is None or not self.isVisible():
            self.documents.set_overlay(OVERLAY, None, [])
            return
        self.documents.set_overlay(OVERLAY, item.document_id, [
            (item.start, item.end, SENTENCE_COLOUR), (item.date_start, item.date_end, DATE_COLOUR)])
        if scroll and self.documents.document_id == item.document_id:
            self.documents.scroll_to_offset(item.start)

    def highlighted_sentence(self) -> Optional[str]:
        """The text highlighted as the selected suggestion's sentence (None if none)."""
        shown = self.documents.overlay_text(OVERLAY)
        return shown[0] if shown else None

    # ------------------------------------------------------------------ accept, reject
    def _document_items(self) -> list[Suggestion]:
        current = self.current()
        document_id = current.document_id if current is not None else self.documents.document_id
        return [s for s in self.model.items if s.document_id == document_id]

    def accept_current(self) -> None:
        item = self.current()
        if item is not None:
            self._run(AcceptSuggestions(self.workspace, [item]), [item], "Accepted as an event")

    def reject_current(self) -> None:
        item = self.current()
        if item is not None:
            self._run(RejectSuggestions(self.workspace, [item]), [item],
                      "Rejected: it will not be suggested again")

    def accept_all_in_document(self) -> None:
        items = self._document_items()
        if items:
            self._run(AcceptSuggestions(self.workspace, items), items,
                      f"Accepted {len(items)} suggestions from {items[0].document_title}")

    def _run(self, command, items: list[Suggestion], done: str) -> None:
        row = self.view.currentIndex().row()
        try:
            commands.push(self.undo_stack, command)
        except CuratorError as exc:
            self.message.emit(f"{command.text()} failed: {exc}")
            return
        self.model.remove({s.key for s in items})  # at once; the worker confirms soon after
        if self.model.items:
            self._select_row(min(max(row, 0), len(self.model.items) - 1))
        else:
            self._set_highlight(None)
        self._update_buttons()
        self.countChanged.emit(len(self.model.items))
        self.message.emit(done)
        self.view.setFocus()

