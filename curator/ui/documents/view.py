"""The left pane: the list of documents above a read-only text view of the selected one.

Labelled highlights and event evidence are painted by the text view for the visible blocks only
(:mod:`curator.ui.documents.highlight_layer`); the selected event's evidence in a stronger colour.
Offsets are converted only with :class:`curator.core.offsets.QtTextMap`. Selecting a passage and
pressing a label's key (1–9) or choosing it in the palette labels it
(:mod:`curator.ui.documents.labelling`); clicking a highlight or evidence selects it (a menu offers
the choice where several meet); selecting a passage and pressing Ctrl+E (or the context menu's
"New event from selection") makes an event with that passage as evidence and a date guessed from it.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat, QTextCursor, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from curator.core.errors import CuratorError
from curator.core.offsets import QtTextMap
from curator.core.records import DateFields, DocumentInfo, SpanInfo
from curator.temporal import anchor_day, guess_passage_date
from curator.ui.documents.document_list import DocumentIdRole, DocumentList
from curator.ui.documents.highlight_layer import SELECTED_SPAN_COLOUR, SPAN_COLOUR  # noqa: F401
from curator.ui.documents.labelling import LabellingMixin
from curator.ui.documents.span_index import SpanIndex
from curator.ui.documents.span_loading import DocumentSpans
from curator.ui.documents.text_view import EvidenceTextView, reading_font  # noqa: F401
from curator.ui.store import commands
from curator.ui.store.selection import EventSelection
from curator.ui.store.workspace import Workspace
from curator.ui.tags.palette import LabelPalette


class EmptyProjectHint(QWidget):
    """What the document pane shows while the project has no documents: a centred hint and an
    "Add documents…" button (``add_button``; the window connects it)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #6a6a6a;")
        self.add_button = QPushButton("Add documents…", self)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.add_button, 0, Qt.AlignHCenter)
        layout.addStretch(1)
        self.set_project_open(True)

    def set_project_open(self, has_project: bool) -> None:
        if has_project:
            self.label.setText("<b>No documents yet</b><p>Add the texts you work from (plain text or "
                               "Markdown): they appear here, ready to be read and annotated.</p>")
        else:
            self.label.setText("<b>No project is open</b><p>File ▸ New project… or Open….</p>")
        self.add_button.setVisible(has_project)


class DocumentPane(LabellingMixin, QWidget):
    """Document list above the evidence text view, in step with the workspace and the selection.
    Emits ``message(text)`` for the status bar and ``highlightSelected(span_id or None)``."""

    documentShown = Signal(int)
    message = Signal(str)
    highlightSelected = Signal(object)
    addDocumentsRequested = Signal()  # the empty project's "Add documents…" button

    def __init__(self, workspace: Workspace, undo_stack: QUndoStack, selection: EventSelection,
                 parent=None):
        super().__init__(parent)
        self.workspace, self.undo_stack, self.selection = workspace, undo_stack, selection
        self.document_id: Optional[int] = None
        self._document: Optional[DocumentInfo] = None
        self._map: Optional[QtTextMap] = None
        self.pick_menu = None  # the menu a click where several highlights meet opens
        # Extra highlights other panels lay over the text, by owner: (document id, [(start, end,
        # colour)] in code points). Drawn above the evidence highlights.
        self._overlays: dict[str, tuple[int, list[tuple[int, int, QColor]]]] = {}

        self.list = DocumentList(self)  # titles and dates; double-click: properties
        self.list.setAlternatingRowColors(True)
        self.list.currentItemChanged.connect(self._on_current_item_changed)
        self.list.propertiesRequested.connect(self.edit_properties)
        self.properties_action = QAction("Document &properties…", self)  # Document menu
        self.properties_action.setStatusTip("Title, author, kind, date and source of the shown document")
        self.properties_action.triggered.connect(lambda: self.edit_properties(self.document_id))
        self.properties_action.setEnabled(False)
        self.properties_dialog = None  # the properties dialog while it is open
        self.spans = DocumentSpans(workspace, self)  # the shown document's spans, on a worker if many
        self.spans.loaded.connect(self._on_spans_loaded)
        self.text = EvidenceTextView(self)
        self.text.clicked.connect(self._on_text_clicked)
        self.text.labelKey.connect(self.label_with_key)
        self.text.tooltip_for = self._tooltip_at_qt
        self.text.context_menu_for = self._add_context_entries
        self.text.selectionChanged.connect(self._update_action)

        self.new_event_action = QAction("New event from selection", self)
        self.new_event_action.setShortcut(QKeySequence("Ctrl+E"))
        self.new_event_action.setShortcutContext(Qt.WindowShortcut)
        self.new_event_action.setStatusTip("Make an event with the selected passage as its evidence")
        self.new_event_action.triggered.connect(self.new_event_from_selection)
        self.text.extra_actions.append(self.new_event_action)
        self.addAction(self.new_event_action)  # the shortcut works wherever the window has focus

        # the label palette, above the text
        self.palette = LabelPalette("Label as", self)
        self.palette.tagChosen.connect(self.label_selection)
        self.label_button = QToolButton(self)
        self.label_button.setText("Label ▾")
        self.label_button.setToolTip("Label the selected passage (or press the label's key, 1–9)")
        self.label_button.setPopupMode(QToolButton.InstantPopup)
        self.label_button.setMenu(self.palette)
        self.label_button.setAutoRaise(True)
        self.hint = QLabel(self)  # the labels' legend (colour, name, key)
        self.hint.setTextFormat(Qt.RichText)
        self.hint.setToolTip("Select a passage, then press a label's key (1–9) or use Label ▾")
        self.hint.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # never widens the pane
        text_box = QWidget(self)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        bar.addWidget(self.label_button)
        bar.addWidget(self.hint, 1)
        text_layout = QVBoxLayout(text_box)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.setSpacing(0)
        text_layout.addLayout(bar)
        text_layout.addWidget(self.text)
        self._update_action()

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(text_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([150, 600])
        self.splitter.setChildrenCollapsible(False)
        self.list.setMinimumHeight(48)
        self.text.setMinimumSize(300, 120)  # readable however small the window gets
        # an empty project: a hint of what to do first instead of two blank panes
        self.empty_hint = EmptyProjectHint(self)
        self.empty_hint.add_button.clicked.connect(self.addDocumentsRequested)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.empty_hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        workspace.projectReplaced.connect(self.reload)
        workspace.documentsChanged.connect(self._reload_list)
        workspace.spansChanged.connect(self._on_spans_changed)
        workspace.tagsChanged.connect(self._reload_tags)
        workspace.actorsChanged.connect(self.text.viewport().update)
        # another document's text follows a selection a moment later: the table, the timeline
        # and the inspector show the selected event first (opening a long document with its
        # highlights is most of a selection's work), and the window stays responsive between
        self._switch_timer = QTimer(self)
        self._switch_timer.setSingleShot(True)
        self._switch_timer.setInterval(0)
        self._switch_timer.timeout.connect(lambda: self.show_event(self.selection.event_id))
        selection.eventSelected.connect(self._on_event_selected)
        self.reload()

    # ------------------------------------------------------------------ documents
    def reload(self) -> None:
        self.document_id = None
        self._update_action()  # a read-only project: no labelling, no new events
        self._reload_tags()
        self._reload_list()
        if self.list.count() and self.document_id is None:
            self.list.setCurrentRow(0)
        elif not self.list.count():
            self._show_document(None)

    def _reload_list(self) -> None:
        self._reload_documents()
        if self.document_id is not None and self._item_of(self.document_id) is None:  # it was removed
            if self.list.count():
                self.list.setCurrentRow(0)
            else:
                self._show_document(None)
        elif self.document_id is None and self.list.count():  # the first documents came (back)
            self.list.setCurrentRow(0)
        self.empty_hint.set_project_open(self.workspace.has_project)
        self.empty_hint.add_button.setVisible(self.workspace.editable)
        self.pages.setCurrentWidget(self.splitter if self.list.count() else self.empty_hint)

    def _reload_documents(self) -> None:
        with QSignalBlocker(self.list):
            self.list.set_documents(self.workspace.documents(), self.document_id)
        if self.document_id is not None and self._document is not None:
            try:  # its date (the anchor of Ctrl+E's guess) may have changed
                self._document = self.workspace.document(self.document_id)
            except CuratorError:
                pass

    def edit_properties(self, document_id: Optional[int]) -> bool:
        """Open the properties dialog of a document (one undo step on OK); True if accepted."""
        from curator.ui.documents.properties_dialog import DocumentPropertiesDialog

        if document_id is None or not self.workspace.has_project:
            return False
        if document_id != self.document_id:
            self.show_document(document_id)
        dialog = DocumentPropertiesDialog(self.workspace, self.undo_stack, document_id, self)
        self.properties_dialog = dialog  # for tests
        accepted = bool(dialog.exec())
        self.properties_dialog = None
        dialog.deleteLater()
        return accepted

    def _item_of(self, document_id: int) -> Optional[QListWidgetItem]:
        for row in range(self.list.count()):
            if self.list.item(row).data(DocumentIdRole) == document_id:
                return self.list.item(row)
        return None

    def _on_current_item_changed(self, current, previous) -> None:
        self._show_document(current.data(DocumentIdRole) if current is not None else None)

    def show_document(self, document_id: int) -> None:
        """Show a document (selecting it in the list)."""
        item = self._item_of(document_id)
        if item is not None and self.list.currentItem() is not item:
            self.list.setCurrentItem(item)  # -> _show_document
        elif item is not None and self.document_id != document_id:
            self._show_document(document_id)

    def _show_document(self, document_id: Optional[int]) -> None:
        self.document_id = document_id
        self.text.layer.selected_span_id = None
        self.properties_action.setEnabled(document_id is not None)
        if document_id is None:
            self.spans.cancel()
            self._document, self._map = None, None
            self.text.layer.set_document(None, SpanIndex())
            self.text.setPlainText("")
            self._update_action()
            return
        self._document = self.workspace.document(document_id)
        self._map = QtTextMap(self.workspace.document_text(document_id))
        # many spans come from a worker after the text (until then, none are drawn)
        self.text.layer.set_document(self._map, self.spans.load(document_id) or SpanIndex())
        self.text.layer.selected_event_id = self.selection.event_id
        self.text.setPlainText(self._map.display_text)
        self._draw_highlights()
        self._update_action()
        self.documentShown.emit(document_id)

    # ------------------------------------------------------------------ spans
    def _on_spans_changed(self, document_id: int) -> None:
        if document_id == self.document_id:
            index = self.spans.load(document_id)  # the old ones stay drawn until these come
            if index is not None:
                self._on_spans_loaded(document_id, index)

    def _on_spans_loaded(self, document_id: int, index: SpanIndex) -> None:
        if document_id == self.document_id:
            self.text.layer.index = index
            self._draw_highlights()

    def _span_cursor(self, span: SpanInfo) -> QTextCursor:
        return self._range_cursor(span.start, span.end)

    def _range_cursor(self, start: int, end: int) -> QTextCursor:
        start, end = self._map.span_to_qt(start, end)
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.KeepAnchor)
        return cursor

    def _draw_highlights(self) -> None:
        """Repaint: highlights and evidence are painted by the text view (visible blocks only);
        the few ranges other panels lay over the text are extra selections on top."""
        self.text.layer.selected_event_id = self.selection.event_id
        overlay = []
        for document_id, ranges in self._overlays.values():
            if document_id != self.document_id or self._map is None:
                continue
            for start, end, colour in ranges:
                extra = QTextEdit.ExtraSelection()
                extra.cursor = self._range_cursor(start, end)
                extra.format = QTextCharFormat()
                extra.format.setBackground(colour)
                overlay.append(extra)
        self.text.setExtraSelections(overlay)
        self.text.viewport().update()

    def set_overlay(self, owner: str, document_id: Optional[int],
                    ranges: list[tuple[int, int, QColor]]) -> None:
        """Lay ``ranges`` (code points, with their colours) over document ``document_id``'s text
        on behalf of ``owner`` (replacing what that owner laid before); None clears it."""
        if document_id is None or not ranges:
            self._overlays.pop(owner, None)
        else:
            self._overlays[owner] = (document_id, list(ranges))
        self._draw_highlights()

    def overlay_text(self, owner: str) -> list[str]:
        """The passages ``owner``'s overlay covers in the shown document (for tests)."""
        document_id, ranges = self._overlays.get(owner, (None, []))
        if document_id != self.document_id or self._map is None:
            return []
        text = self.workspace.document_text(document_id)
        return [text[start:end] for start, end, _ in ranges]

    def scroll_to_offset(self, offset: int) -> None:
        """Bring code-point ``offset`` of the shown text into view (centred if it was not)."""
        if self._map is None:
            return
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._map.to_qt(offset))
        if not self.text.viewport().rect().contains(self.text.cursorRect(cursor)):
            self.text.setTextCursor(cursor)
            self.text.centerCursor()

    def highlighted_span_count(self) -> int:
        """Spans drawn (highlights and evidence) plus ranges laid over the text."""
        return len(self.index) + len(self.text.extraSelections())

    @property
    def index(self) -> SpanIndex:
        """The shown document's spans (what is drawn, by position): read now if a worker is
        still reading them (labelling must see every span at the selected offsets)."""
        if self.document_id is not None and self.spans.pending == self.document_id:
            self.text.layer.index = self.spans.read_now(self.document_id)
            self._draw_highlights()
        return self.text.layer.index

    def spans_of_event(self, event_id: int) -> list[SpanInfo]:
        """The shown document's spans that are evidence of ``event_id``, in text order."""
        return [self.workspace.span(span_id) for span_id in self.index.spans_of_event(event_id)]

    # ------------------------------------------------------------------ selection
    def _on_event_selected(self, event_id: Optional[int]) -> None:
        if event_id is not None and self._needs_other_document(event_id):
            self.text.layer.selected_event_id = None  # the old text no longer shows the selection
            self.text.viewport().update()
            self._switch_timer.start()  # -> show_event(the event selected by then)
            return
        self._switch_timer.stop()
        self.show_event(event_id)

    def _needs_other_document(self, event_id: int) -> bool:
        try:
            documents = self.workspace.evidence_documents(event_id)
        except CuratorError:
            return False
        return bool(documents) and self.document_id not in documents

    def show_event(self, event_id: Optional[int]) -> None:
        """Show the event's first evidence document, scrolled to the evidence, in strong colour."""
        if event_id is not None:
            try:
                documents = self.workspace.evidence_documents(event_id)
            except CuratorError:
                documents = []
            if documents and self.document_id not in documents:
                self.show_document(documents[0])
        self._draw_highlights()
        if event_id is None or self.document_id is None:
            return
        try:  # (from the event, not the index: the spans of a long document may still be coming)
            here = [s for s in self.workspace.event_info(event_id).evidence if s.document_id == self.document_id]
        except CuratorError:
            return
        if here:
            self._scroll_to(min(here, key=lambda s: (s.start, -s.end)))

    def _scroll_to(self, span: SpanInfo) -> None:
        cursor = self._span_cursor(span)
        rect = self.text.cursorRect(cursor)
        viewport = self.text.viewport().rect()
        if viewport.contains(rect.topLeft()) and rect.bottom() < viewport.bottom():
            return  # already in view: do not make the text jump
        start = QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        self.text.setTextCursor(start)
        self.text.centerCursor()

    def selected_passage(self) -> Optional[tuple[int, int, int]]:
        """(document id, start, end) in code points of the selected text, trimmed of surrounding
        white space; None when nothing (or only white space) is selected."""
        cursor = self.text.textCursor()
        if self._map is None or not cursor.hasSelection():
            return None
        start, end = self._map.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())
        text = self._map.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (self.document_id, start, end) if start < end else None

    def select_passage(self, start: int, end: int) -> None:
        """Select ``text[start:end]`` (code points) in the view, as a user would with the mouse."""
        qt_start, qt_end = self._map.span_to_qt(start, end)
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_end, QTextCursor.KeepAnchor)
        self.text.setTextCursor(cursor)

    def _update_action(self) -> None:
        """New event and Label ▾ need a selected passage, and a project that may be changed."""
        has = self.text.textCursor().hasSelection() and self.workspace.editable
        self.new_event_action.setEnabled(has)
        self.label_button.setEnabled(has)
        self.palette.setEnabled(self.workspace.editable)

    def new_event_from_selection(self) -> Optional[int]:
        """Create an event from the selected passage (undoable) and select it; its id, or None."""
        passage = self.selected_passage()
        if passage is None:
            return None
        document_id, start, end = passage
        command = commands.CreateEventFromPassage(
            self.workspace, document_id, start, end, date=self._guess_date(start, end))
        try:
            commands.push(self.undo_stack, command)
        except CuratorError as exc:
            self.workspace.failed.emit(f"No event made: {exc}")
            return None
        self.selection.select(command.event_id)
        return command.event_id

    def _guess_date(self, start: int, end: int) -> DateFields:
        """The passage's date, read in its document as the suggestion engine reads it."""
        anchor = anchor_day(self._document.published) if self._document else None
        try:
            return guess_passage_date(self._map.text, start, end, anchor) or DateFields()
        except CuratorError:
            return DateFields()
