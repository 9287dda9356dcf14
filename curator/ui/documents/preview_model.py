"""The table of the Add documents preview: one row per document read or file refused
(:class:`curator.ui.documents.add_entries.Entry`). Rows arrive in batches from the reader;
the model keeps the count of ticked rows as it goes, so nothing here walks a thousand rows on a
click. Refused rows cannot be ticked; the title and the date are edited in place."""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from curator.ingest.decoding import BY_CHOICE, BY_DETECTION
from curator.temporal.errors import DateInputError
from curator.temporal.rule import document_date_value
from curator.ui.documents.add_entries import KIND_NAMES, Entry

COLUMNS = ("File", "Part", "Kind", "Encoding", "Pages", "Characters", "Title", "Author", "Date", "Problem")
FILE, PART, KIND, ENCODING, PAGES, CHARACTERS, TITLE, AUTHOR, DATE, PROBLEM = range(len(COLUMNS))
WIDTHS = (170, 105, 95, 150, 45, 75, 190, 120, 95, 400)
WARN, ERROR, MUTED = QColor("#9a6700"), QColor("#b42318"), QColor("#6e7781")
_HOW = {BY_DETECTION: "detected", BY_CHOICE: "as chosen"}
_RIGHT = int(Qt.AlignRight | Qt.AlignVCenter)


_ANSWERED_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.ToolTipRole,
                             Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole})

class PreviewModel(QAbstractTableModel):
    ticksChanged = Signal()
    refused = Signal(str)  # an edit that was not taken, and why (a date Curator cannot read)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[Entry] = []
        self.ticked = 0

    # ------------------------------------------------------------------ filling
    def append(self, entries: list[Entry]) -> None:
        if not entries:
            return
        first = len(self.entries)
        self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
        self.entries.extend(entries)
        self.endInsertRows()
        self.ticked += sum(1 for e in entries if e.ticked and e.addable)
        self.ticksChanged.emit()

    def replace(self, row: int, entry: Entry) -> None:
        """Row ``row`` read again (another encoding, OCR)."""
        old = self.entries[row]
        self.ticked -= int(old.ticked and old.addable)
        self.entries[row] = entry
        self.ticked += int(entry.ticked and entry.addable)
        self.changed(row)
        self.ticksChanged.emit()

    def changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def set_rereading(self, row: int, rereading: bool) -> None:
        entry = self.entries[row]
        before = entry.ticked and entry.addable
        entry.rereading = rereading
        self.ticked += int(entry.ticked and entry.addable) - int(before)
        self.changed(row)
        self.ticksChanged.emit()

    def set_ticked(self, row: int, ticked: bool) -> bool:
        entry = self.entries[row]
        if not entry.ok or entry.ticked == ticked:
            return False
        before = entry.ticked and entry.addable
        entry.ticked = ticked
        self.ticked += int(entry.ticked and entry.addable) - int(before)
        self.changed(row)
        self.ticksChanged.emit()
        return True

    def set_all(self, ticked: bool) -> None:
        for entry in self.entries:
            if entry.ok:
                entry.ticked = ticked
        self.ticked = sum(1 for e in self.entries if e.ticked and e.addable)
        if self.entries:
            self.dataChanged.emit(self.index(0, FILE), self.index(len(self.entries) - 1, FILE))
        self.ticksChanged.emit()

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index):
        entry = self.entries[index.row()]
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == FILE and entry.ok:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() in (TITLE, DATE) and entry.ok:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role not in _ANSWERED_ROLES:
            return None  # (a view asks for a dozen roles per cell on every paint)
        entry = self.entries[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(entry, column, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.CheckStateRole and column == FILE and entry.ok:
            return Qt.CheckState.Checked if entry.ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == FILE:
                return str(entry.path)
            if column == PROBLEM:
                return "\n".join(entry.problems()) or None
            if column == DATE and entry.ok:
                return _date_tip(entry)
            return self._text(entry, column) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if not entry.ok and column in (FILE, PROBLEM):
                return QBrush(ERROR)
            if column == PROBLEM and (not entry.sure or entry.extracted and entry.extracted.metadata.ocr
                                      or entry.mojibake is not None and not entry.repair):
                return QBrush(WARN)
            if column == DATE and entry.date_inferred or column == PROBLEM:
                return QBrush(MUTED)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (PAGES, CHARACTERS):
            return _RIGHT
        return None

    def _text(self, entry: Entry, column: int, editing: bool = False) -> str:
        if column == FILE:
            return entry.path.name
        if column == PROBLEM:
            if entry.rereading:
                return "Reading again…"
            notes = entry.problems()
            if not entry.ok:
                return f"✗ {entry.refusal.reason}: {notes[0]}"
            return ("⚠ " if not entry.sure or entry.extracted.metadata.ocr else "") + "; ".join(notes)
        if not entry.ok:
            return "—" if column == KIND else ""
        if column == PART:
            return entry.part
        if column == KIND:
            return KIND_NAMES.get(entry.kind, entry.kind) + (" (OCR)" if entry.extracted.metadata.ocr else "")
        if column == ENCODING:
            decoded = entry.extracted.decoded
            how = _HOW.get(decoded.how, "") if decoded is not None else ""
            return entry.encoding + (f" ({how})" if how else "")
        if column == PAGES:
            return str(entry.extracted.pages) if entry.extracted.pages else ""
        if column == CHARACTERS:
            return f"{len(entry.extracted.text):,}"
        if column == TITLE:
            return entry.shown_title
        if column == AUTHOR:
            return entry.shown_author
        if column == DATE:
            date = entry.shown_date
            return date if editing or not entry.date_inferred else f"{date} (from the text)"
        return ""

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        row, column = index.row(), index.column()
        entry = self.entries[row]
        if role == Qt.ItemDataRole.CheckStateRole and column == FILE:
            return self.set_ticked(row, Qt.CheckState(value) == Qt.CheckState.Checked)
        if role != Qt.ItemDataRole.EditRole or not entry.ok:
            return False
        if column == TITLE:
            entry.title = " ".join(str(value).split()) or None
        elif column == DATE:
            text = str(value).strip()
            try:
                entry.date = document_date_value(text)
            except DateInputError as exc:
                self.refused.emit(f"{entry.path.name}: {exc.reason} (a date is 2014-05-08, 2014-05 or 2014)")
                return False
        else:
            return False
        self.changed(row)
        return True

    def entry(self, row: int) -> Optional[Entry]:
        return self.entries[row] if 0 <= row < len(self.entries) else None


def _date_tip(entry: Entry) -> str:
    if entry.date is not None:
        return "set here" if entry.date else "no date (set here)"
    dating = entry.dating
    if dating is None or not dating.published:
        return "the file and its text give no date" + (f"; {dating.note}" if dating and dating.note else "")
    if dating.inferred and dating.evidence is not None:
        return f"inferred from the text: {dating.evidence.reason}"
    meta = entry.extracted.metadata
    return f"the file's own date ({meta.date_source or 'front matter'})"
