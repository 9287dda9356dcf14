"""Ctrl+F: the find bar under the document text, as in a web browser.

Typing searches the shown document (after a short pause), every hit is laid over the text with
:meth:`DocumentPane.set_overlay` (owner ``"search"``), the current one in a stronger colour,
selected and scrolled into view; "3 of 17" counts them. Enter goes to the next hit, Shift+Enter
(or Shift+F3) to the previous, Esc closes the bar and takes the hits away. When another document
is shown the search runs again on it. Offsets are code points on the document's text
(:func:`curator.ui.search.matching.find_all`); the pane converts them for Qt.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from curator.ui.search import matching
from curator.ui.search.matching import FIND_LIMIT, find_all

OVERLAY_OWNER = "search"
HIT_COLOUR = QColor(matching.HIT_COLOUR)  # every hit
CURRENT_HIT_COLOUR = QColor("#ff9632")  # the hit the bar is on
DEBOUNCE_MS = 150
NO_MATCH_STYLE = "QLineEdit { background-color: #fbd9d9; }"
PREFILL_LIMIT = 100  # a selection at most this long (and on one line) becomes the query
OVERLAY_LIMIT = 1000  # hits laid over the text at once: those nearest the current one


class FindField(QLineEdit):
    """The query field: Enter asks for the next hit, Shift+Enter the previous, Esc to close."""

    nextRequested = Signal()
    previousRequested = Signal()
    closeRequested = Signal()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            if event.modifiers() & Qt.ShiftModifier:
                self.previousRequested.emit()
            else:
                self.nextRequested.emit()
            event.accept()
        elif event.key() == Qt.Key_Escape:
            self.closeRequested.emit()
            event.accept()
        else:
            super().keyPressEvent(event)


class FindBar(QWidget):
    """Find in the document a :class:`DocumentPane` shows. Hidden until :meth:`open_bar`."""

    def __init__(self, workspace, pane, parent=None):
        super().__init__(parent)
        self.workspace, self.pane = workspace, pane
        self.hits: list[tuple[int, int]] = []  # code points in the shown document
        self.current: Optional[int] = None  # index into hits of the hit the bar is on
        self._document_id: Optional[int] = None  # the document the hits are of

        self.field = FindField(self)
        self.field.setPlaceholderText("Find in document")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(160)
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(90)
        self.count_label.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.previous_button = self._button("▲", "Previous match (Shift+Enter, Shift+F3)", self.find_previous)
        self.next_button = self._button("▼", "Next match (Enter, F3)", self.find_next)
        self.match_case = QCheckBox("Match case", self)
        self.match_case.toggled.connect(lambda _checked: self._run_now(keep_place=True))
        self.close_button = self._button("✕", "Close (Esc)", self.close_bar)
        self.close_button.setAutoRaise(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.match_case)
        layout.addWidget(self.close_button)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self._run_now(keep_place=True))
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.field.nextRequested.connect(self.find_next)
        self.field.previousRequested.connect(self.find_previous)
        self.field.closeRequested.connect(self.close_bar)

        pane.documentShown.connect(self._on_document_shown)
        workspace.projectReplaced.connect(self._on_document_shown)
        self._update_count()
        self.hide()

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ opening and closing
    @property
    def query(self) -> str:
        return self.field.text()

    def open_bar(self) -> None:
        """Show the bar with the focus in the field (Ctrl+F). A short selected passage becomes
        the query."""
        passage = self.pane.selected_passage() if self.pane.document_id is not None else None
        if passage is not None:
            _, start, end = passage
            quote = self.workspace.document_text(self.pane.document_id)[start:end]
            if len(quote) <= PREFILL_LIMIT and "\n" not in quote and "\r" not in quote \
                    and quote.casefold() != self.query.casefold():
                self.field.setText(quote)  # searched after the pause, from this selection on
        was_hidden = self.isHidden()
        self.show()
        self.field.setFocus(Qt.ShortcutFocusReason)
        self.field.selectAll()
        if was_hidden and self.query and not self._timer.isActive():
            self._run_now(keep_place=True)

    def close_bar(self) -> None:
        """Hide the bar and take the hits off the text; the last hit stays selected."""
        self._timer.stop()
        self.hide()
        self.hits, self.current, self._document_id = [], None, None
        self.pane.set_overlay(OVERLAY_OWNER, None, [])
        self._update_count()
        self.pane.text.setFocus(Qt.OtherFocusReason)

    # ------------------------------------------------------------------ searching
    def _on_document_shown(self, *_args) -> None:
        if not self.isHidden() and self.query:
            self._timer.stop()
            self._run_now(keep_place=False)
        elif self._document_id is not None and self._document_id != self.pane.document_id:
            self.hits, self.current, self._document_id = [], None, None
            self._update_count()

    def _run_now(self, keep_place: bool) -> None:
        """Search the shown document for the query. With ``keep_place`` the bar goes to the first
        hit at or after where it was (the current hit, else the selection) and selects it;
        otherwise (another document shown) it only counts and lays the hits over the text."""
        document_id = self.pane.document_id
        if self.isHidden() or document_id is None or not self.query:
            self.hits, self.current, self._document_id = [], None, document_id
            self.pane.set_overlay(OVERLAY_OWNER, None, [])
            self._update_count()
            return
        origin = self._origin() if keep_place else None
        text = self.workspace.document_text(document_id)
        self.hits = find_all(text, self.query, self.match_case.isChecked())
        self._document_id = document_id
        self.current = None
        if self.hits and origin is not None:
            self.current = next((i for i, (start, _) in enumerate(self.hits) if start >= origin), 0)
        self._show_hits()

    def _origin(self) -> int:
        """Where a new search starts: the current hit, else the selected passage, else the top."""
        if self.current is not None and self._document_id == self.pane.document_id \
                and self.current < len(self.hits):
            return self.hits[self.current][0]
        passage = self.pane.selected_passage()
        return passage[1] if passage is not None else 0

    def find_next(self) -> None:
        self._step(+1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if not self.query:  # nothing to find yet: ask for it
            self.open_bar()
            return
        if self.isHidden() or self._timer.isActive() or self._document_id != self.pane.document_id:
            # F3 with the bar closed, Enter before the pause is over, or another document shown:
            # search now, from where the selection is, and land on the first hit from there
            passage = self.pane.selected_passage() if self.pane.document_id is not None else None
            self.show()
            self._timer.stop()
            self._run_now(keep_place=True)
            if self.current is not None and passage is not None \
                    and self.hits[self.current] == (passage[1], passage[2]):
                self.current = (self.current + direction) % len(self.hits)  # that one was seen
                self._show_hits()
            return
        if not self.hits:
            return
        if self.current is None:
            origin = self._origin()
            after = [i for i, (start, _) in enumerate(self.hits) if start >= origin]
            if direction > 0:
                self.current = after[0] if after else 0
            else:
                self.current = (after[0] - 1) % len(self.hits) if after else len(self.hits) - 1
        else:
            self.current = (self.current + direction) % len(self.hits)
        self._show_hits()

    # ------------------------------------------------------------------ showing
    def _show_hits(self) -> None:
        # every hit is redrawn at each step: beyond OVERLAY_LIMIT only the current one's neighbours
        first = max(0, min((self.current or 0) - OVERLAY_LIMIT // 2, len(self.hits) - OVERLAY_LIMIT))
        shown = range(first, min(len(self.hits), first + OVERLAY_LIMIT))
        ranges = [(*self.hits[i], HIT_COLOUR) for i in shown if i != self.current]
        if self.current is not None:  # the current hit drawn last, over its neighbours
            ranges.append((*self.hits[self.current], CURRENT_HIT_COLOUR))
            start, end = self.hits[self.current]
            self.pane.scroll_to_offset(start)
            self.pane.select_passage(start, end)
        self.pane.set_overlay(OVERLAY_OWNER, self._document_id, ranges)
        self._update_count()

    def count_text(self) -> str:
        return self.count_label.text()

    def _update_count(self) -> None:
        n = len(self.hits)
        many = f"{n:,}+" if n >= FIND_LIMIT else f"{n:,}"
        if not self.query or self._document_id is None and not self._timer.isActive():
            text, none = "", False
        elif not self.hits:
            text, none = "No matches", bool(self.query) and self._document_id is not None
        elif self.current is None:
            text, none = f"{many} match{'es' if n != 1 else ''}", False
        else:
            text, none = f"{self.current + 1:,} of {many}", False
        self.count_label.setText(text)
        self.field.setStyleSheet(NO_MATCH_STYLE if none else "")
        for button in (self.previous_button, self.next_button):
            button.setEnabled(bool(self.hits))
