"""The inspector's list of an event's evidence passages: one line per passage with its document's
title and a short quote, a link that opens the document at the passage, and a remove button.

The list only shows and asks: ``openRequested(document_id, start, end)`` (code points) and
``removeRequested(span_id)``; the inspector acts on them. :class:`EvidenceActions` goes between
the text pane and the selected event: it opens a passage, and its "Add selection as evidence"
action (Ctrl+Shift+E) cites the passage selected in the text.
"""

from __future__ import annotations

from typing import Optional, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from curator.core.errors import CuratorError
from curator.core.records import SpanInfo
from curator.ui.store import commands, event_commands
from curator.ui.store.selection import EventSelection

ADD_EVIDENCE_SHORTCUT = "Ctrl+Shift+E"

QUOTE_LENGTH = 60
LINK_STYLE = ("QToolButton { color: palette(link); border: none; padding: 2px 0; text-align: left; }"
              " QToolButton:hover { text-decoration: underline; }")


def short_quote(quote: str, length: int = QUOTE_LENGTH) -> str:
    """The quote on one line, cut at a word near ``length`` characters with an ellipsis."""
    text = " ".join(quote.split())
    if len(text) <= length:
        return text
    cut = text.rfind(" ", 0, length)
    return text[:cut if cut > length // 2 else length].rstrip(" ,;:.") + "…"


class EvidenceLink(QToolButton):
    """One passage: '“quote” — <document> · p. 12', opening the passage when clicked. When the
    line is too narrow the quote and title are cut; the page stays."""

    def __init__(self, span: SpanInfo, document_title: str, page: str = "", parent=None):
        super().__init__(parent)
        self.span = span
        self._cited = f"“{short_quote(span.quote)}” — {document_title}"  # the quote says most
        self._page = f" · {page}" if page else ""
        self.full_text = self._cited + self._page
        self.setText(self.full_text)
        self.setToolTip(f"{document_title}, characters {span.start:,}–{span.end:,}\n\n"
                        f"{' '.join(span.quote.split())}\n\nClick to show the passage in its document.")
        self.setAutoRaise(True)
        self.setCursor(Qt.PointingHandCursor)
        self.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.setStyleSheet(LINK_STYLE)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)  # long quotes are cut, not widening

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        metrics = self.fontMetrics()
        room = max(40, self.width() - 8 - metrics.horizontalAdvance(self._page))
        self.setText(metrics.elidedText(self._cited, Qt.ElideRight, room) + self._page)


class EvidenceList(QWidget):
    """The evidence passages of one event, in the order they were cited."""

    openRequested = Signal(int, int, int)  # document id, start, end (code points)
    removeRequested = Signal(int)  # span id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.links: list[EvidenceLink] = []
        self.remove_buttons: list[QToolButton] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.empty_label = QLabel("No evidence yet: select a passage in the text and press "
                                  "Ctrl+Shift+E (Add selection as evidence).", self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(placeholder-text);")
        self._layout.addWidget(self.empty_label)
        self._rows: list[QWidget] = []
        self.removable = True  # false for a read-only project: no ✕

    def set_removable(self, removable: bool) -> None:
        self.removable = removable
        for button in self.remove_buttons:
            button.setVisible(removable)

    def set_passages(self, passages: Sequence[tuple]) -> None:
        """Show ``passages``: (span, its document's title) or (span, title, page label) tuples."""
        for row in self._rows:
            self._layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self._rows, self.links, self.remove_buttons = [], [], []
        for span, title, *page in passages:
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(2)
            link = EvidenceLink(span, title, page[0] if page else "", row)
            link.clicked.connect(lambda _=False, s=span: self.openRequested.emit(s.document_id, s.start, s.end))
            remove = QToolButton(row)
            remove.setText("✕")
            remove.setAutoRaise(True)
            remove.setToolTip("Remove this passage from the event's evidence (the passage stays in "
                              "the text; undo brings the link back)")
            remove.clicked.connect(lambda _=False, s=span: self.removeRequested.emit(s.id))
            remove.setVisible(self.removable)
            line.addWidget(link, 1)
            line.addWidget(remove)
            self._layout.addWidget(row)
            self._rows.append(row)
            self.links.append(link)
            self.remove_buttons.append(remove)
        self.empty_label.setVisible(not passages)


class EvidenceActions(QObject):
    """Between the text pane (a DocumentPane) and the selected event: open a passage, and
    "Add selection as evidence", enabled only when a passage and an event are both selected."""

    message = Signal(str)  # a one-line report for the status bar

    def __init__(self, workspace, undo_stack: QUndoStack, selection: EventSelection, documents,
                 parent: Optional[QObject] = None):
        super().__init__(parent)
        self.workspace, self.undo_stack, self.selection = workspace, undo_stack, selection
        self.documents = documents
        self.add_action = QAction("Add selection as &evidence", self)
        self.add_action.setShortcut(QKeySequence(ADD_EVIDENCE_SHORTCUT))
        self.add_action.setShortcutContext(Qt.WindowShortcut)
        self.add_action.setStatusTip("Cite the passage selected in the text as evidence for the "
                                     "selected event")
        self.add_action.triggered.connect(self.add_selection_as_evidence)
        documents.text.selectionChanged.connect(self.update_action)
        documents.documentShown.connect(self.update_action)
        workspace.spansChanged.connect(self.update_action)
        workspace.projectReplaced.connect(self.update_action)
        selection.eventSelected.connect(self.update_action)
        self.update_action()

    def update_action(self, *args) -> None:
        self.add_action.setEnabled(self.workspace.editable and self.selection.event_id is not None
                                   and self.documents.selected_passage() is not None)

    def open_passage(self, document_id: int, start: int, end: int) -> None:
        """Show the document at the passage, the passage selected (code points)."""
        self.documents.show_document(document_id)
        if self.documents.document_id != document_id:
            return
        self.documents.scroll_to_offset(start)
        self.documents.select_passage(start, end)
        self.documents.text.setFocus(Qt.OtherFocusReason)

    def add_selection_as_evidence(self) -> Optional[int]:
        """Cite the passage selected in the text as the selected event's evidence (undoable);
        the span's id, or None when there was nothing to add."""
        passage = self.documents.selected_passage()
        event_id = self.selection.event_id
        if passage is None or event_id is None:
            return None
        try:
            command = event_commands.AddEvidencePassage(self.workspace, event_id, *passage)
            commands.push(self.undo_stack, command)
        except CuratorError as exc:
            self.message.emit(f"Evidence not added: {exc}")
            return None
        title = self.workspace.event_info(event_id).title
        self.message.emit(f"Added the passage to the evidence of “{title}”")
        return command.span_id
