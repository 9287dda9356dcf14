"""The list of documents above the text: each one's title and, at the right, its date (in
italics with "≈" when Curator inferred it from the text, "no date" in grey when it has none).
The tooltip says where the date came from. A double-click, Alt+Enter or the context menu's
*Properties…* asks for the document's properties dialog (``propertiesRequested``).
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QListWidget, QListWidgetItem, QMenu, QStyle, QStyledItemDelegate, QStyleOptionViewItem,
)

from curator.core.records import DocumentInfo
from curator.temporal.edtf import MONTH_NAMES, parse_edtf
from curator.temporal.errors import DateInputError
from curator.temporal.rule import document_date_problem

DocumentIdRole = Qt.ItemDataRole.UserRole + 1
DateRole = Qt.ItemDataRole.UserRole + 2  # the date as shown ("30 Nov 2016", "≈ 11 Mar 2016", "no date")
InferredRole = Qt.ItemDataRole.UserRole + 3  # True: the date was inferred from the text
DATE_COLOUR = "#4a5561"
INFERRED_COLOUR = "#7a5a00"
NO_DATE_COLOUR = "#9aa3ad"
NO_DATE = "no date"
INFERRED_MARK = "≈ "


def document_date_words(published: str) -> str:
    """A document's date for reading: ``30 Nov 2016``, ``Nov 2016``, ``2016`` (``?`` after an
    uncertain one, ``c.`` before an approximate one); an older free-text value as it is."""
    if not published:
        return ""
    if document_date_problem(published):
        return published
    try:
        value = parse_edtf(published)
    except DateInputError:
        return published
    day = value.earliest
    month = MONTH_NAMES[day.month - 1][:3]
    words = {"day": f"{day.day} {month} {day.year}", "month": f"{month} {day.year}"}.get(
        value.precision, f"{day.year}")
    if value.approximate:
        words = f"c. {words}"
    if value.uncertain:
        words += "?"
    return words


def date_tooltip(doc: DocumentInfo) -> str:
    if not doc.published:
        return "No date: its year-less dates have no anchor (Document ▸ Properties… to set one)"
    words = document_date_words(doc.published)
    if doc.published_inferred:
        return (f"Date: {words} ≈ inferred from the text (Document ▸ Properties… says from what, "
                "and sets it)")
    if document_date_problem(doc.published):
        return f"Date: {words} (not a date Curator reads: set it in Document ▸ Properties…)"
    return f"Date: {words}"


def make_item(doc: DocumentInfo) -> QListWidgetItem:
    item = QListWidgetItem(doc.title or doc.filename or f"Document {doc.id}")
    item.setData(DocumentIdRole, doc.id)
    words = document_date_words(doc.published)
    item.setData(DateRole, (INFERRED_MARK + words if doc.published_inferred else words) if words else NO_DATE)
    item.setData(InferredRole, bool(doc.published and doc.published_inferred))
    meta = " · ".join(x for x in (doc.source_kind, doc.author) if x)
    item.setToolTip("\n".join(x for x in (doc.title, meta, date_tooltip(doc), doc.source,
                                          doc.filename, f"{doc.length:,} characters" if doc.length >= 0 else "") if x))
    return item


class DocumentDelegate(QStyledItemDelegate):
    """Paints a document's title (elided) and its date at the right."""

    PADDING = 4

    def sizeHint(self, option, index) -> QSize:
        metrics = option.fontMetrics
        return QSize(200, metrics.height() + 2 * self.PADDING)

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.CE_ItemViewItem, opt, painter, opt.widget)
        rect = option.rect.adjusted(self.PADDING, 0, -self.PADDING, 0)
        date_text = index.data(DateRole) or ""
        inferred = bool(index.data(InferredRole))
        date_font = QFont(option.font)
        date_font.setItalic(inferred or date_text == NO_DATE)
        date_width = QFontMetrics(date_font).horizontalAdvance(date_text) if date_text else 0
        selected = bool(option.state & QStyle.State_Selected)
        painter.save()
        text_colour = option.palette.color(QPalette.HighlightedText if selected else QPalette.Text)
        painter.setPen(text_colour)
        painter.setFont(option.font)
        title_rect = QRect(rect.left(), rect.top(), max(0, rect.width() - date_width - 12), rect.height())
        painter.drawText(title_rect, Qt.AlignVCenter | Qt.AlignLeft,
                         option.fontMetrics.elidedText(title, Qt.ElideRight, title_rect.width()))
        if date_text:
            colour = INFERRED_COLOUR if inferred else NO_DATE_COLOUR if date_text == NO_DATE else DATE_COLOUR
            painter.setPen(text_colour if selected else QColor(colour))
            painter.setFont(date_font)
            painter.drawText(rect, Qt.AlignVCenter | Qt.AlignRight, date_text)
        painter.restore()


class DocumentList(QListWidget):
    """The document list. ``propertiesRequested(document id)`` on a double-click, Alt+Enter or
    the context menu's Properties…"""

    propertiesRequested = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setItemDelegate(DocumentDelegate(self))
        self.setUniformItemSizes(True)
        self.itemDoubleClicked.connect(self._on_double_click)
        self.properties_action = QAction("Document &properties…", self)
        self.properties_action.setShortcut(QKeySequence("Alt+Return"))
        self.properties_action.setShortcutContext(Qt.WidgetShortcut)
        self.properties_action.triggered.connect(self._request_current)
        self.addAction(self.properties_action)

    def set_documents(self, documents: list[DocumentInfo], current: Optional[int]) -> None:
        self.clear()
        for doc in documents:
            item = make_item(doc)
            self.addItem(item)
            if doc.id == current:
                self.setCurrentItem(item)

    def current_document_id(self) -> Optional[int]:
        item = self.currentItem()
        return item.data(DocumentIdRole) if item is not None else None

    def _on_double_click(self, item: QListWidgetItem) -> None:
        self.propertiesRequested.emit(item.data(DocumentIdRole))

    def _request_current(self) -> None:
        document_id = self.current_document_id()
        if document_id is not None:
            self.propertiesRequested.emit(document_id)

    def contextMenuEvent(self, event) -> None:
        item = self.itemAt(event.pos())
        if item is None:
            return
        self.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.properties_action)
        menu.exec(event.globalPos())
