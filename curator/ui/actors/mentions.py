"""Find mentions: the places in all documents where an actor's name or an alias occurs but no
highlight links it to the actor yet, each with its context, to accept one by one or all at once.

Accepting makes a highlight over the occurrence, labelled Person, Place or Group after the
record's kind and linked to the record; "Accept all" makes every listed one in one transaction,
as one undo step. Skipping only drops the row from the list. A double-click opens the passage in
the document view. The dialog is not modal, so the text stays in reach while it is open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from curator.core.errors import CuratorError
from curator.core.records import MentionCandidate
from curator.ui.store import commands
from curator.ui.store.actor_commands import AcceptMentions
from curator.ui.store.row_model import ColumnSpec, RowListModel, TableColumn
from curator.ui.store.workspace_actors import mention_tag_name

CONTEXT = 48  # code points of context on each side
OVERLAY = "find-mentions"  # this dialog's overlay in the document view
CANDIDATE_COLOUR = QColor("#9ee0d3")


def _one_line(text: str) -> str:
    """Context on one line: each run of white space (line breaks too) becomes one space."""
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class MentionRow:
    candidate: MentionCandidate
    document_title: str
    before: str
    after: str


class MentionColumn(TableColumn):
    """The found mentions' columns: document, text before, the occurrence, text after."""

    DOCUMENT = ColumnSpec("Document", display=lambda row: row.document_title, width=150)
    BEFORE = ColumnSpec("Before", display=lambda row: row.before, width=230)
    MATCH = ColumnSpec("Mention", display=lambda row: row.candidate.quote, width=120)
    AFTER = ColumnSpec("After", display=lambda row: row.after)


class ElideLeftDelegate(QStyledItemDelegate):
    """Cuts long text on the left, so the end (next to the mention) stays in view."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.ElideLeft


class MentionModel(RowListModel):
    COLUMNS = MentionColumn

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list[MentionRow] = []

    def rows_list(self) -> list[MentionRow]:
        return self.items

    def set_items(self, items: list[MentionRow]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def remove_rows(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.items[row]
            self.endRemoveRows()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item, column = self.items[index.row()], MentionColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.document_title}\n…{item.before}[{item.candidate.quote}]{item.after}…"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == MentionColumn.BEFORE:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == MentionColumn.MATCH:
            font = QFont()
            font.setBold(True)
            return font
        return None


class FindMentionsDialog(QDialog):
    """Unlinked occurrences of one actor's names across all documents."""

    message = Signal(str)

    def __init__(self, workspace, undo_stack: QUndoStack, documents, actor_id: int,
                 parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.workspace, self.undo_stack, self.documents = workspace, undo_stack, documents
        self.actor = workspace.actor(actor_id)
        self.tag_name = mention_tag_name(self.actor.kind)
        self.setWindowTitle(f"Find mentions of {self.actor.name}")
        self.model = MentionModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.before_delegate = ElideLeftDelegate(self.view)
        self.view.setItemDelegateForColumn(MentionColumn.BEFORE, self.before_delegate)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.Interactive)
        for column in MentionColumn:
            if column.spec.width is not None:
                header.resizeSection(column, column.spec.width)
        self.view.doubleClicked.connect(self.open_passage)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)

        names = ", ".join((self.actor.name, *self.actor.aliases))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        explain = QLabel(f"Occurrences of {names} that no highlight links to this record yet. "
                         f"Accepting one makes a {self.tag_name} highlight linked to it.", self)
        explain.setWordWrap(True)
        self.accept_button = QPushButton("&Accept", self)
        self.accept_button.setToolTip("Link the selected occurrences to this record")
        self.accept_button.clicked.connect(self.accept_selected)
        self.skip_button = QPushButton("&Skip", self)
        self.skip_button.setToolTip("Drop the selected occurrences from this list")
        self.skip_button.clicked.connect(self.skip_selected)
        self.accept_all_button = QPushButton("Accept a&ll", self)
        self.accept_all_button.setToolTip("Link every listed occurrence, in one undoable step")
        self.accept_all_button.clicked.connect(self.accept_all)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_all_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(820, 420)
        self.reload()

    # ------------------------------------------------------------------ the list
    def reload(self) -> None:
        """Look for the occurrences again (all documents)."""
        texts: dict[int, str] = {}
        titles: dict[int, str] = {}
        rows = []
        for candidate in self.workspace.find_mentions(self.actor.id):
            doc = candidate.document_id
            if doc not in texts:
                texts[doc] = self.workspace.document_text(doc)
                info = self.workspace.document(doc)
                titles[doc] = info.title or info.filename or f"Document {doc}"
            text = texts[doc]
            rows.append(MentionRow(candidate, titles[doc],
                                   _one_line(text[max(0, candidate.start - CONTEXT):candidate.start]),
                                   _one_line(text[candidate.end:candidate.end + CONTEXT])))
        self.model.set_items(rows)
        if rows:
            self.view.selectRow(0)
        self._update_status()

    def _update_status(self) -> None:
        n = len(self.model.items)
        documents = len({row.candidate.document_id for row in self.model.items})
        if n:
            self.status.setText(f"{n} unlinked mention{'s' if n != 1 else ''} in {documents} "
                                f"document{'s' if documents != 1 else ''}")
        else:
            self.status.setText("No unlinked mentions: every occurrence is linked (or skipped)")
        self._update_buttons()

    def _update_buttons(self, *args) -> None:
        selected = bool(self.selected_rows())
        self.accept_button.setEnabled(selected)
        self.skip_button.setEnabled(selected)
        self.accept_all_button.setEnabled(bool(self.model.items))

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.view.selectionModel().selectedRows()})

    def candidates(self) -> list[MentionCandidate]:
        return [row.candidate for row in self.model.items]

    # ------------------------------------------------------------------ actions
    def _accept_rows(self, rows: list[int]) -> None:
        if not rows:
            return
        candidates = [self.model.items[r].candidate for r in rows]
        command = AcceptMentions(self.workspace, self.actor.id, candidates,
                                 self.workspace.mention_tag_id(self.actor.kind), self.actor.name)
        try:
            commands.push(self.undo_stack, command)
        except CuratorError as exc:
            self.message.emit(f"Mentions not linked: {exc}")
            return
        self._drop(rows)
        self.message.emit(f"Linked {len(candidates)} mention{'s' if len(candidates) != 1 else ''} "
                          f"to {self.actor.name}")

    def _drop(self, rows: list[int]) -> None:
        first = min(rows)
        self.model.remove_rows(rows)
        if self.model.items:
            self.view.selectRow(min(first, len(self.model.items) - 1))
        self._update_status()

    def accept_selected(self) -> None:
        self._accept_rows(self.selected_rows())

    def skip_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            self._drop(rows)

    def accept_all(self) -> None:
        self._accept_rows(list(range(len(self.model.items))))

    def open_passage(self, index: QModelIndex) -> None:
        """Show the occurrence in the document view (its document, scrolled to it, selected)."""
        if not index.isValid():
            return
        candidate = self.model.items[index.row()].candidate
        self.documents.show_document(candidate.document_id)
        self.documents.set_overlay(OVERLAY, candidate.document_id,
                                   [(candidate.start, candidate.end, CANDIDATE_COLOUR)])
        self.documents.select_passage(candidate.start, candidate.end)
        self.documents.scroll_to_offset(candidate.start)

    def closeEvent(self, event) -> None:
        self.documents.set_overlay(OVERLAY, None, [])
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self.documents.set_overlay(OVERLAY, None, [])
        super().done(result)
