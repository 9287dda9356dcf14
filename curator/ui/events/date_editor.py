"""The event table's date cell editor: free text in, a live preview of what it means out.

The editor is a line edit with a preview line under it ("1 May 2014 – 10 May 2014 · EDTF
2014-05-01/2014-05-10", "… – 31 Dec 1899 · EDTF ../1899" for an open start, or in red "no date
found in 'foo'"). Text is read with :func:`read_date`, anchored on the publication date of the
event's first evidence document; the table model and the inspector commit through the same
function, and what it returns obeys the one date rule the facade applies, so the preview and
Enter always agree. Enter commits only a readable date; unreadable input closes the editor
without committing and its reason goes to the model's ``editRefused`` signal (the status bar),
so the database keeps the old value.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Callable, Optional

from PySide6.QtCore import QEvent, QModelIndex, QRect, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemDelegate, QFrame, QLabel, QLineEdit, QStyledItemDelegate, QVBoxLayout, QWidget,
)

from curator.core.errors import CuratorError
from curator.core.records import DateFields

OK_COLOUR = "#1f5f99"
ERROR_COLOUR = "#b3261e"
MUTED_COLOUR = "#6b7785"
MIN_EDITOR_WIDTH = 380
_HAS_YEAR = re.compile(r"\d{3,4}")


def read_date(text: str, anchor: Optional[date]) -> DateFields:
    """What the cell stores for ``text`` (raises CuratorError with the reason): the preview,
    the table's commit and the inspector's all read through here."""
    from curator.temporal import parse_date_input

    return parse_date_input(text, anchor)


_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_words(iso: str) -> str:
    """``1899-12-31`` -> ``31 Dec 1899`` (the text itself if it is not an ISO day)."""
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    return f"{day.day} {_SHORT_MONTHS[day.month - 1]} {day.year}"


def describe_date(value: DateFields) -> str:
    """One line for the preview: the inclusive interval in words (an open end as "…" before,
    "open" after) and the EDTF string."""
    if not value.earliest and not value.latest:
        return f"EDTF {value.edtf}" if value.edtf else "no date: the event becomes undated"
    if value.earliest == value.latest:
        interval = day_words(value.earliest)
    else:
        start = day_words(value.earliest) if value.earliest else "…"
        end = day_words(value.latest) if value.latest else "open"
        interval = f"{start} – {end}"
    return f"{interval} · EDTF {value.edtf}"


class DateEditor(QFrame):
    """A line edit over a live preview of the date it reads. ``accepted``/``refused(reason)``
    fire on Enter; :attr:`value` is the reading of the current text (None if unreadable)."""

    accepted = Signal()
    refused = Signal(str)
    focusLeft = Signal()  # keyboard focus went somewhere outside the editor

    def __init__(self, anchor: Optional[date] = None, parent: Optional[QWidget] = None, *,
                 reader: Optional[Callable[[str, Optional[date]], DateFields]] = None,
                 empty_text: str = "empty: the event becomes undated"):
        super().__init__(parent)
        self.anchor = anchor
        # what the text means (raises CuratorError with the reason): the event date reader, or
        # another one (a document's date: one day, month or year)
        self.reader = reader or read_date
        self.empty_text = empty_text
        self.value: Optional[DateFields] = DateFields()
        self.reason = ""
        # the event's date as stored and the text it was stored with: that text shows the stored
        # date, not a new reading of it ("That night" was read in its passage, not on its own)
        self._stored: Optional[tuple[str, DateFields]] = None
        self.setObjectName("dateEditor")
        self.setFrameShape(QFrame.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#dateEditor { background: palette(base); border: 1px solid #7a9cc6;"
                           " border-radius: 3px; }")
        self.line = QLineEdit(self)
        self.line.setFrame(False)
        self.line.setPlaceholderText("e.g. 8 May 2014, early May 2014, spring 2015, 2014-05~")
        self.preview = QLabel(self)
        self.preview.setObjectName("datePreview")
        self.preview.setTextFormat(Qt.PlainText)
        self.preview.setContentsMargins(4, 0, 4, 2)
        font = self.preview.font()
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.92))
        self.preview.setFont(font)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(1, 1, 1, 1)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.line)
        self._layout.addWidget(self.preview)
        self.setFocusProxy(self.line)
        self.line.textChanged.connect(self._update_preview)
        self.line.returnPressed.connect(self._on_return)
        self.line.installEventFilter(self)
        self._update_preview(self.line.text())

    def eventFilter(self, watched, event) -> bool:
        if watched is self.line and event.type() == QEvent.FocusOut:
            if event.reason() != Qt.PopupFocusReason:  # the line edit's own context menu
                self.focusLeft.emit()
        return False

    # ------------------------------------------------------------------ text
    def text(self) -> str:
        return self.line.text()

    def set_text(self, text: str) -> None:
        self.line.setText(text)
        self.line.selectAll()

    def set_anchor(self, anchor: Optional[date]) -> None:
        """Read the text against another day (another event's document) from now on."""
        self.anchor = anchor
        self._update_preview(self.line.text())

    def set_stored(self, text: str, value: Optional[DateFields]) -> None:
        """The date as stored and the text the editor shows for it: while the text is that one,
        the preview shows the stored date (and Enter keeps it) instead of reading the words
        again, out of the passage that gave them their meaning. None: nothing stored."""
        dated = value is not None and (value.edtf or value.earliest or value.latest)
        self._stored = (" ".join(text.split()), value) if dated else None
        self._update_preview(self.line.text())

    def preview_text(self) -> str:
        return self.preview.text()

    def is_valid(self) -> bool:
        return self.value is not None

    def set_preview_above(self, above: bool) -> None:
        """Put the preview over the line edit (when there is no room below the cell)."""
        self._layout.removeWidget(self.preview)
        self._layout.insertWidget(0 if above else 1, self.preview)

    def _update_preview(self, text: str) -> None:
        if self._stored is not None and " ".join(text.split()) == self._stored[0]:
            self.value, self.reason = self._stored[1], ""
            self._show(f"✓ {describe_date(self.value)} · as stored", OK_COLOUR)
            return
        try:
            self.value, self.reason = self.reader(text, self.anchor), ""
        except CuratorError as exc:
            self.value, self.reason = None, str(exc)
        if self.value is None:
            self._show(f"✗ {self.reason}", ERROR_COLOUR)
        elif not text.strip():
            self._show(self.empty_text, MUTED_COLOUR)
        else:
            line = describe_date(self.value)
            if self.anchor is not None and not _HAS_YEAR.search(text):
                line += f" · year from the document ({self.anchor.isoformat()})"
            self._show(f"✓ {line}", OK_COLOUR)

    def _show(self, text: str, colour: str) -> None:
        self.preview.setText(text)
        self.preview.setStyleSheet(f"color: {colour};")

    def _on_return(self) -> None:
        if self.is_valid():
            self.accepted.emit()
        else:
            self.refused.emit(self.reason)

    def preferred_width(self) -> int:
        metrics = self.preview.fontMetrics()
        return max(MIN_EDITOR_WIDTH, metrics.horizontalAdvance(self.preview.text()) + 24)


class DateDelegate(QStyledItemDelegate):
    """Delegate for the Date column: opens a :class:`DateEditor` anchored on the row's document.

    ``anchor_for(index)`` gives the anchor day of the row at a view index; ``refuse(reason)``
    reports input that cannot be read (the window shows it in the status bar).
    """

    def __init__(self, anchor_for: Callable[[QModelIndex], Optional[date]],
                 refuse: Callable[[str], None], parent=None,
                 stored_for: Optional[Callable[[QModelIndex], Optional[DateFields]]] = None):
        super().__init__(parent)
        self.anchor_for = anchor_for
        self.refuse = refuse
        self.stored_for = stored_for  # the row's date as stored (see DateEditor.set_stored)

    def createEditor(self, parent, option, index) -> QWidget:
        editor = DateEditor(self.anchor_for(index), parent)
        editor.accepted.connect(lambda: self._finish(editor, commit=True))
        editor.refused.connect(lambda reason: self._refused(editor, reason))
        editor.focusLeft.connect(lambda: self._on_focus_left(editor))
        editor.line.textChanged.connect(lambda *_: self._fit(editor))
        return editor

    def setEditorData(self, editor: DateEditor, index) -> None:
        if not editor.line.isModified():  # never overwrite what is being typed
            text = index.data(Qt.ItemDataRole.EditRole) or ""
            if self.stored_for is not None:
                editor.set_stored(text, self.stored_for(index))
            editor.set_text(text)

    def setModelData(self, editor: DateEditor, model, index) -> None:
        # Focus leaving the editor also lands here: the model reads the text again and refuses
        # (editRefused, old value kept) what it cannot read, so nothing unreadable is stored.
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: DateEditor, option, index) -> None:
        cell: QRect = option.rect
        viewport = editor.parentWidget().rect() if editor.parentWidget() else cell
        width = min(max(cell.width(), editor.preferred_width()), max(viewport.width(), cell.width()))
        height = max(cell.height(), editor.line.sizeHint().height() + 2) \
            + editor.preview.sizeHint().height()
        left = min(cell.left(), max(0, viewport.right() + 1 - width))
        above = cell.top() + height > viewport.bottom() + 1 and cell.bottom() + 1 - height >= 0
        editor.set_preview_above(above)
        top = cell.bottom() + 1 - height if above else cell.top()
        editor.setGeometry(left, top, width, height)
        editor.raise_()

    def _fit(self, editor: DateEditor) -> None:
        """Widen the editor when the preview grows (it may float over the next columns)."""
        geometry = editor.geometry()
        wanted = editor.preferred_width()
        parent = editor.parentWidget()
        limit = parent.width() - geometry.left() if parent else wanted
        if wanted > geometry.width() and geometry.width() < limit:
            editor.resize(min(wanted, limit), geometry.height())

    def _on_focus_left(self, editor: DateEditor) -> None:
        # A hidden editor was closed by the view (Escape, another row made current) and must
        # not commit again.
        if editor.isVisible():
            self._finish(editor, commit=True)

    def _finish(self, editor: DateEditor, commit: bool) -> None:
        if editor.property("finished"):
            return  # Enter, then the focus leaving as the editor closes: act once
        editor.setProperty("finished", True)
        if commit:
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.NoHint)
        else:
            self.closeEditor.emit(editor, QAbstractItemDelegate.RevertModelCache)

    def _refused(self, editor: DateEditor, reason: str) -> None:
        self.refuse(f"Date not changed: {reason}")
        self._finish(editor, commit=False)

    def eventFilter(self, editor, event) -> bool:
        # Enter was handled by the line edit (commit only if valid) before it reached the frame;
        # the base class would commit whatever was typed. Focus leaving: see DateEditor.focusLeft.
        if event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter):
            return True
        if event.type() == QEvent.KeyPress and event.key() == Qt.Key_Escape:
            editor.setProperty("finished", True)  # the base class closes it without committing
        return super().eventFilter(editor, event)
