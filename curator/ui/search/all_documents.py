"""Ctrl+Shift+F: the Search tab, a search of all documents with the hits listed in context.

A query field above a list grouped by document ("Title — 12 matches"), each hit shown as
"…context before **match** context after…". The search runs off the GUI thread
(:class:`curator.ui.search.worker.TextSearchJob`) after a short pause in the typing; a newer query
cancels the one running. One click on a hit shows its document with the passage selected and
every hit of that document laid over the text (overlay owner ``"search-all"``).
"""

from __future__ import annotations

import html
from typing import Optional

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.core.records import SearchHit
from curator.ui.search import matching
from curator.ui.search.matching import snippet_html
from curator.ui.search.worker import SearchResult, TextSearchJob
from curator.ui.store.project_job import JobKeeper

OVERLAY_OWNER = "search-all"
HIT_COLOUR = QColor(matching.HIT_COLOUR)
RESULT_LIMIT = 1000
DEBOUNCE_MS = 250
HitRole = Qt.ItemDataRole.UserRole + 1  # (document id, start, end) of a hit; (document id, None, None) on a title


class RichTextDelegate(QStyledItemDelegate):
    """Draws an item's text as rich text (the snippets' bold matches), on one line."""

    def _document(self, option: QStyleOptionViewItem, index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setHtml(index.data(Qt.ItemDataRole.DisplayRole) or "")
        return doc

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.CE_ItemViewItem, opt, painter, opt.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.State_Selected)
        context.palette.setColor(QPalette.Text, opt.palette.color(
            QPalette.HighlightedText if selected else QPalette.Text))
        rect = style.subElementRect(QStyle.SE_ItemViewItemText, opt, opt.widget)
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        return QSize(round(doc.idealWidth()), round(doc.size().height()) + 2)


class SearchAllPanel(QWidget):
    """The Search tab. ``openHit(document_id, start, end)`` asks to show a hit; the main window's
    search wiring (:class:`curator.ui.search.actions.SearchActions`) does it."""

    searchFinished = Signal()  # results (or "No matches") are shown for the current query
    countChanged = Signal(int)  # hits listed (0 when none or no query)

    def __init__(self, workspace, pane, parent=None):
        super().__init__(parent)
        self.workspace, self.pane = workspace, pane
        self.result: Optional[SearchResult] = None
        self._generation = 0
        self._jobs = JobKeeper()

        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Search all documents…")
        self.field.setClearButtonEnabled(True)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.PlainText)
        self.summary.setStyleSheet("color: palette(mid);")
        self.results = QTreeWidget(self)
        self.results.setHeaderHidden(True)
        self.results.setRootIsDecorated(True)
        self.results.setUniformRowHeights(True)
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.results.itemClicked.connect(self._open_item)
        self.results.itemActivated.connect(self._open_item)
        self.view = self.field  # what the main window's show_tab focuses

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.field.textChanged.connect(self._on_text_changed)
        self.field.returnPressed.connect(self.search_now)
        workspace.projectReplaced.connect(self.search_now)
        workspace.documentsChanged.connect(self.search_now)
        self._show(None)

    @property
    def query(self) -> str:
        return self.field.text()

    def _on_text_changed(self, _text: str) -> None:
        self._jobs.cancel_all()
        self.pane.set_overlay(OVERLAY_OWNER, None, [])
        self._timer.start()

    # ------------------------------------------------------------------ searching
    def search_now(self) -> None:
        """Search all documents for the query now (cancelling a search still running)."""
        self._timer.stop()
        self._jobs.cancel_all()
        self._generation += 1
        if not self.query or not self.workspace.has_project:
            self._show(None)
            return
        self.summary.setText("Searching…")
        job = TextSearchJob(self.workspace.path, self.query, RESULT_LIMIT, self._generation)
        job.found.connect(self._on_found)
        job.failed.connect(self._on_failed)
        self._jobs.start(job)

    def wait_for_jobs(self) -> None:
        """Cancel and wait for the searches still running (when the window closes)."""
        self._jobs.wait_all()

    def _on_found(self, generation: int, result: SearchResult) -> None:
        if generation == self._generation:
            self._show(result)

    def _on_failed(self, generation: int, reason: str) -> None:
        if generation == self._generation:
            self._show(None)
            self.summary.setText(f"Search failed: {reason}")
            self.searchFinished.emit()

    # ------------------------------------------------------------------ showing
    def _show(self, result: Optional[SearchResult]) -> None:
        self.result = result
        self.results.clear()
        if result is None:
            self.summary.setText("Type to search the text of every document" if self.workspace.has_project
                                 else "")
            self.countChanged.emit(0)
            return
        by_document: dict[int, list[SearchHit]] = {}
        for hit in result.hits:
            by_document.setdefault(hit.document_id, []).append(hit)
        items = []
        for document_id, hits in by_document.items():
            title = QTreeWidgetItem([f"<b>{html.escape(result.titles.get(document_id, ''))}</b>"
                                     f" — {len(hits):,} match{'es' if len(hits) != 1 else ''}"])
            title.setData(0, HitRole, (document_id, None, None))
            for hit in hits:
                child = QTreeWidgetItem([snippet_html(hit.context_before, hit.match, hit.context_after)])
                child.setData(0, HitRole, (hit.document_id, hit.start, hit.end))
                title.addChild(child)
            items.append(title)
        self.results.addTopLevelItems(items)
        self.results.expandAll()
        n, docs = len(result.hits), len(by_document)
        if not n:
            self.summary.setText("No matches")
        elif result.truncated:
            self.summary.setText(f"Showing the first {n:,} matches (in {docs:,} document"
                                 f"{'s' if docs != 1 else ''}); refine the search for the rest")
        else:
            self.summary.setText(f"{n:,} match{'es' if n != 1 else ''} in {docs:,} document"
                                 f"{'s' if docs != 1 else ''}")
        self.countChanged.emit(n)
        self.searchFinished.emit()

    def hits_in(self, document_id: int) -> list[SearchHit]:
        return [h for h in self.result.hits if h.document_id == document_id] if self.result else []

    def item_of_hit(self, document_id: int, start: int) -> Optional[QTreeWidgetItem]:
        """The list item of a hit (for tests and keyboard navigation)."""
        for i in range(self.results.topLevelItemCount()):
            title = self.results.topLevelItem(i)
            for j in range(title.childCount()):
                if title.child(j).data(0, HitRole)[:2] == (document_id, start):
                    return title.child(j)
        return None

    def _open_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data = item.data(0, HitRole)
        if data is None:
            return
        document_id, start, end = data
        if start is None:  # a document's title: its first hit
            if not item.childCount():
                return
            document_id, start, end = item.child(0).data(0, HitRole)
        self.open_hit(document_id, start, end)

    def open_hit(self, document_id: int, start: int, end: int) -> None:
        """Show the document with the hit selected and all its hits laid over the text."""
        self.pane.show_document(document_id)
        if self.pane.document_id != document_id:
            return  # the document is gone
        self.pane.set_overlay(OVERLAY_OWNER, document_id,
                              [(h.start, h.end, HIT_COLOUR) for h in self.hits_in(document_id)])
        self.pane.scroll_to_offset(start)
        self.pane.select_passage(start, end)
