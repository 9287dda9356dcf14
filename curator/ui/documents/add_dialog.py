"""Add documents: before anything is written, each file with the encoding it will be read in.

Every file is listed with the encoding Curator found (a byte order mark, UTF-8, or the detected
one, marked ⚠ when the detector could not choose between readings), which can be changed; the
selected file's text is previewed as it will be stored; suspected mojibake is shown line by line
before and after its repair, with a box to repair it. Files are read by a worker thread
(:class:`curator.ui.documents.file_reader.FileReader`), so large files keep the window
responsive. Nothing is written until Add; the caller adds :meth:`AddDocumentsDialog.documents`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.ingest.decoding import BY_CHOICE, BY_DETECTION, BY_MARK, BY_UTF8
from curator.ingest.reader import ReadDocument, document_from
from curator.ui.documents.encoding_combo import EncodingCombo
from curator.ui.documents.file_reader import FileReader, FileReading
from curator.ui.documents.mojibake_view import MojibakeView
from curator.ui.documents.text_view import reading_font

PREVIEW_CHARS = 6000
FILE, ENCODING, CHARACTERS, STATUS = range(4)
_WARN, _ERROR = QColor("#9a6700"), QColor("#b42318")
_HOW = {BY_UTF8: "UTF-8", BY_MARK: "byte order mark", BY_CHOICE: "as chosen", BY_DETECTION: "detected"}


@dataclass
class _Row:
    path: Path
    combo: EncodingCombo
    generation: int = 0
    reading: Optional[FileReading] = None
    repair: bool = False
    filled: bool = False
    detected: list[str] = field(default_factory=list)

    @property
    def document(self) -> Optional[ReadDocument]:
        return self.reading.document if self.reading is not None else None

    def final(self) -> ReadDocument:
        """The document as it will be added (mojibake repaired if asked)."""
        doc = self.document
        if doc.mojibake is None:
            return doc
        return document_from(self.path, doc.decoded, doc.mojibake, self.repair)


class AddDocumentsDialog(QDialog):
    def __init__(self, paths: list[str | Path], parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Add documents")
        self.resize(980, 700)
        self.reader = FileReader()
        self.reader.read.connect(self._on_read)

        intro = QLabel("Check how each file will be read before it is added: the text of a document "
                       "cannot be changed once it is in the project. Choose another encoding if the "
                       "preview looks wrong.", self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["File", "Encoding", "Characters", "Read as"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(FILE, QHeaderView.Interactive)
        header.setSectionResizeMode(ENCODING, QHeaderView.Interactive)
        header.setSectionResizeMode(STATUS, QHeaderView.Stretch)
        self.table.setColumnWidth(FILE, 190)
        self.table.setColumnWidth(ENCODING, 360)
        self.table.setColumnWidth(CHARACTERS, 90)
        self.table.currentCellChanged.connect(lambda *_: self._show_current())
        self.table.itemChanged.connect(self._on_item_changed)

        self.preview_label = QLabel(self)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setFont(reading_font())
        self.preview.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.repair_box = QCheckBox(self)
        self.repair_box.toggled.connect(self._on_repair_toggled)
        self.mojibake_view = MojibakeView(self)
        mojibake = QWidget(self)
        mojibake_layout = QVBoxLayout(mojibake)
        mojibake_layout.setContentsMargins(0, 0, 0, 0)
        mojibake_layout.addWidget(self.repair_box)
        mojibake_layout.addWidget(self.mojibake_view)
        self.mojibake_panel = mojibake
        preview = QWidget(self)
        preview_layout = QVBoxLayout(preview)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview_label)
        preview_layout.addWidget(self.preview, 1)
        preview_layout.addWidget(mojibake, 1)

        splitter = QSplitter(Qt.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(preview)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        header_height = self.table.horizontalHeader().sizeHint().height()
        splitter.setSizes([min(260, header_height + 34 * max(3, len(paths)) + 4), 440])
        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.add_button = self.buttons.button(QDialogButtonBox.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

        self.rows: list[_Row] = []
        for path in paths:
            self._add_row(Path(path))
        if self.rows:
            self.table.selectRow(0)
        self._update()

    # ------------------------------------------------------------------ rows
    def _add_row(self, path: Path) -> None:
        index = len(self.rows)
        self.table.insertRow(index)
        combo = EncodingCombo(self.table)
        combo.chosen.connect(lambda label, i=index: self.choose_encoding(i, label))
        row = _Row(path, combo)
        self.rows.append(row)
        item = QTableWidgetItem(path.name)
        item.setToolTip(str(path))
        item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Checked)
        self.table.blockSignals(True)
        self.table.setItem(index, FILE, item)
        for column in (CHARACTERS, STATUS):
            self.table.setItem(index, column, QTableWidgetItem(""))
        self.table.blockSignals(False)
        self.table.setCellWidget(index, ENCODING, combo)
        self._request(index, None)

    def _request(self, index: int, encoding: Optional[str]) -> None:
        row = self.rows[index]
        row.generation += 1
        row.reading = None
        self._show_row(index)
        self.reader.request(index, row.generation, row.path, encoding)

    def choose_encoding(self, index: int, label: str) -> None:
        """Read file ``index`` again in ``label`` (the user's choice always wins)."""
        self._request(index, label)
        self._update()

    def _on_read(self, index: int, generation: int, reading: FileReading) -> None:
        row = self.rows[index]
        if generation != row.generation:
            return  # the user chose another encoding meanwhile
        row.reading = reading
        if not row.filled:
            self._fill_combo(row)
        self._show_row(index)
        if index == self.table.currentRow():
            self._show_current()
        self._update()

    def _fill_combo(self, row: _Row) -> None:
        row.filled = True
        doc = row.document
        if doc is None:
            row.combo.fill(None, [], [])
            return
        detection = doc.decoded.detection
        if detection is None:
            row.combo.fill(doc.decoded.encoding, [], [])
            return
        rivals = [r.encoding for r in detection.rivals]
        row.detected = [detection.best.encoding]
        others = [r.encoding for r in detection.readings[1:6] if r.encoding not in rivals]
        row.combo.fill(doc.decoded.encoding, row.detected, rivals + others)

    def _show_row(self, index: int) -> None:
        row = self.rows[index]
        characters, status = self.table.item(index, CHARACTERS), self.table.item(index, STATUS)
        self.table.blockSignals(True)
        status.setForeground(QBrush())
        if row.reading is None:
            characters.setText("")
            status.setText("Reading…")
        elif row.reading.error:
            characters.setText("")
            status.setText("✗ " + row.reading.error)
            status.setForeground(_ERROR)
        else:
            doc = row.final()
            characters.setText(f"{len(doc.text):,}")
            text = _HOW[doc.decoded.how]
            if not doc.decoded.sure:
                names = " or ".join(r.encoding for r in doc.decoded.detection.rivals[:2])
                text = f"⚠ detected, not sure (or {names}?): check the preview"
                status.setForeground(_WARN)
            if doc.mojibake is not None:
                places = doc.mojibake.places
                text += (f"; {places} mojibake place{'s' if places != 1 else ''} "
                         + ("repaired" if row.repair else "not repaired"))
                if not row.repair and doc.decoded.sure:
                    status.setForeground(_WARN)
            status.setText(text)
        status.setToolTip(status.text())
        self.table.blockSignals(False)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == FILE:
            self._update()

    # ------------------------------------------------------------------ preview
    def _show_current(self) -> None:
        index = self.table.currentRow()
        if not 0 <= index < len(self.rows):
            self.preview_label.setText("")
            self.preview.setPlainText("")
            self.mojibake_panel.setVisible(False)
            return
        row = self.rows[index]
        doc = row.document
        if row.reading is None:
            self.preview_label.setText(f"<b>{row.path.name}</b>: reading…")
            self.preview.setPlainText("")
            self.mojibake_panel.setVisible(False)
            return
        if doc is None:
            self.preview_label.setText(f"<b>{row.path.name}</b> cannot be added as it is: "
                                       "choose another encoding, or untick it")
            self.preview.setPlainText(row.reading.error)
            self.mojibake_panel.setVisible(False)
            return
        final = row.final()
        shown = final.text[:PREVIEW_CHARS]
        more = f" (the first {PREVIEW_CHARS:,} of {len(final.text):,} characters)" if len(final.text) > len(shown) else ""
        self.preview_label.setText(f"<b>{row.path.name}</b> as <b>{final.encoding}</b>{more}:")
        self.preview.setPlainText(shown)
        self.mojibake_panel.setVisible(doc.mojibake is not None)
        if doc.mojibake is not None:
            places = doc.mojibake.places
            self.repair_box.blockSignals(True)
            self.repair_box.setChecked(row.repair)
            self.repair_box.setText(f"Repair the mojibake: {places} place{'s' if places != 1 else ''} where "
                                    "UTF-8 was once read in the wrong code page (ftfy), changed as shown below")
            self.repair_box.blockSignals(False)
            self.mojibake_view.show_report(doc.mojibake)

    def _on_repair_toggled(self, checked: bool) -> None:
        index = self.table.currentRow()
        if 0 <= index < len(self.rows) and self.rows[index].document is not None:
            self.rows[index].repair = checked
            self._show_row(index)
            self._show_current()

    def set_repair(self, index: int, repair: bool) -> None:
        """Repair (or not) the mojibake of file ``index``, as its box does."""
        self.table.selectRow(index)
        self.repair_box.setChecked(repair)

    # ------------------------------------------------------------------ result
    def included(self, index: int) -> bool:
        return self.table.item(index, FILE).checkState() == Qt.Checked

    def set_included(self, index: int, included: bool) -> None:
        self.table.item(index, FILE).setCheckState(Qt.Checked if included else Qt.Unchecked)

    @property
    def ready(self) -> bool:
        """Every ticked file has been read without a problem (and at least one is ticked)."""
        rows = [row for i, row in enumerate(self.rows) if self.included(i)]
        return bool(rows) and all(row.document is not None for row in rows)

    def documents(self) -> list[ReadDocument]:
        """The ticked files as they will be added, in the order given."""
        return [row.final() for i, row in enumerate(self.rows) if self.included(i) and row.document is not None]

    def _update(self) -> None:
        ticked = [i for i in range(len(self.rows)) if self.included(i)]
        self.add_button.setText(f"Add {len(ticked)} document{'s' if len(ticked) != 1 else ''}")
        self.add_button.setEnabled(self.ready)
        problems = [self.rows[i].path.name for i in ticked
                    if self.rows[i].reading is not None and self.rows[i].reading.error]
        unsure = [self.rows[i].path.name for i in ticked
                  if self.rows[i].document is not None and not self.rows[i].document.decoded.sure]
        notes = []
        if problems:
            notes.append(f"<span style='color:#b42318'>Cannot be read as it is: {', '.join(problems)}. "
                         "Choose another encoding or untick it.</span>")
        if unsure:
            notes.append(f"<span style='color:#9a6700'>⚠ The encoding of {', '.join(unsure)} is a guess: "
                         "check the preview, or choose the encoding.</span>")
        self.problem_label.setText(" ".join(notes))
        self.problem_label.setVisible(bool(notes))

    def done(self, result: int) -> None:
        self.reader.stop()
        super().done(result)
