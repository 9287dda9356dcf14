"""Add documents… and Add folder…: every file read before anything is written, then a preview.

The files (or every readable file under a folder, :func:`curator.ingest.batch.files_under`) are
read on a worker (:class:`curator.ui.documents.batch_reader.BatchReader`: a pool of processes for
many files) with a progress bar; Cancel stops it and adds nothing. Each document read (a message
of a mailbox, each on its own row) is listed with its kind, encoding, pages, characters, the
title, author and date read from the file (title and date editable), and any problem; a file that
cannot be read is listed with its reason, unticked and not addable. The selected row's text is
previewed as it will be stored; a text file's encoding can be changed (it is read again), its
mojibake repaired; a scanned PDF can be read with OCR when Tesseract is installed. Nothing is
written until Add; the caller adds :meth:`AddDocumentsDialog.records` as one undoable step.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from curator.ingest.dating import DocumentDate
from curator.ui.documents.add_entries import KIND_NAMES, REENCODABLE, Entry
from curator.ui.documents.batch_reader import BatchReader
from curator.ui.documents.encoding_combo import EncodingCombo
from curator.ui.documents.mojibake_view import MojibakeView
from curator.ui.documents.preview_model import FILE, WIDTHS, PreviewModel
from curator.ui.documents.text_view import reading_font

PREVIEW_CHARS = 6000
MB = 1_000_000


class AddDocumentsDialog(QDialog):
    def __init__(self, paths: list[str | Path] = (), parent: Optional[QWidget] = None,
                 folder: Optional[str | Path] = None):
        super().__init__(parent)
        self.folder = Path(folder) if folder is not None else None
        self.setWindowTitle(f"Add folder {self.folder.name}" if self.folder else "Add documents")
        self.resize(1280, 760)
        self.model = PreviewModel(self)
        self.reading = True
        self.read_error = ""
        self.files = 0
        self._rereads: dict[int, BatchReader] = {}  # row -> its reader
        self._generation = 0

        intro = QLabel("Check how each file was read before it is added: the text of a document cannot "
                       "be changed once it is in the project. Untick what you do not want; the title and "
                       "the date can be corrected here (double-click), or later in Document ▸ Properties.", self)
        intro.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.status = QLabel("Listing the files…" if self.folder else "Reading…", self)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.status, 1)
        progress_row.addWidget(self.progress, 1)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.model.ticksChanged.connect(self._update)
        self.model.dataChanged.connect(self._on_data_changed)
        self.model.refused.connect(self._say)

        self.tick_all = QPushButton("Tick all", self)
        self.tick_all.clicked.connect(lambda: self.model.set_all(True))
        self.untick_all = QPushButton("Untick all", self)
        self.untick_all.clicked.connect(lambda: self.model.set_all(False))
        self.keep_originals = QCheckBox("Keep a copy of each original file in the project", self)
        self.keep_originals.setToolTip(
            "The file's bytes are stored with its document (up to 20 MB a file), so that a copy of the "
            "project is self-contained. Unticked, only the original's name, kind, size and SHA-256 are kept.")
        self.keep_originals.setChecked(_project_keeps_originals(parent))

        self.preview_label = QLabel(self)
        self.preview_label.setWordWrap(True)
        self.encoding_label = QLabel("Encoding:", self)
        self.encoding_combo = EncodingCombo(self)
        self.encoding_combo.setMinimumWidth(320)
        self.encoding_combo.chosen.connect(self._on_encoding_chosen)
        self.ocr_button = QPushButton("Read with OCR", self)
        self.ocr_button.setToolTip("Read the page images with Tesseract: slow (seconds a page), and the text "
                                   "is marked as OCR")
        self.ocr_button.clicked.connect(lambda: self.read_with_ocr(self.table.currentIndex().row()))
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.encoding_label)
        tools.addWidget(self.encoding_combo)
        tools.addWidget(self.ocr_button)
        tools.addStretch(1)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setFont(reading_font())
        self.preview.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.repair_box = QCheckBox(self)
        self.repair_box.toggled.connect(self._on_repair_toggled)
        self.mojibake_view = MojibakeView(self)
        self.mojibake_panel = QWidget(self)
        mojibake_layout = QVBoxLayout(self.mojibake_panel)
        mojibake_layout.setContentsMargins(0, 0, 0, 0)
        mojibake_layout.addWidget(self.repair_box)
        mojibake_layout.addWidget(self.mojibake_view)
        preview = QWidget(self)
        preview_layout = QVBoxLayout(preview)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview_label)
        preview_layout.addLayout(tools)
        preview_layout.addWidget(self.preview, 1)
        preview_layout.addWidget(self.mojibake_panel, 1)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        ticks = QHBoxLayout()
        ticks.addWidget(self.tick_all)
        ticks.addWidget(self.untick_all)
        ticks.addStretch(1)
        ticks.addWidget(self.keep_originals)
        top_layout.addLayout(ticks)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(preview)
        splitter.setSizes([420, 260])
        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.add_button = self.buttons.button(QDialogButtonBox.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(progress_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

        self.reader = BatchReader([Path(p) for p in paths], self.folder)
        self.reader.listed.connect(self._on_listed)
        self.reader.progress.connect(self._on_progress)
        self.reader.rows.connect(self._on_rows)
        self.reader.ended.connect(self._on_ended)
        self._show_current()
        self._update()
        self.reader.begin()

    # ------------------------------------------------------------------ reading
    @property
    def entries(self) -> list[Entry]:
        return self.model.entries

    def _on_listed(self, files: int, size: int) -> None:
        self.files = files
        self.progress.setRange(0, max(1, size // 1000))
        self.status.setText(f"Reading {files:,} file{'s' if files != 1 else ''} ({size / MB:,.1f} MB)…")

    def _on_progress(self, done: int, size_done: int, files: int, size: int) -> None:
        self.progress.setRange(0, max(1, size // 1000))
        self.progress.setValue(size_done // 1000)
        if done < files:
            self.status.setText(f"Reading: {done:,} of {files:,} files ({size_done / MB:,.1f} of {size / MB:,.1f} MB)…")

    def _on_rows(self, generation: int, entries: list[Entry]) -> None:
        if generation != 0 or self.reader.cancelled:
            return
        first = not self.model.entries
        self.model.append(entries)
        if first and entries:
            self.table.selectRow(0)

    def _on_ended(self, generation: int, error: str) -> None:
        self.reading = False
        self.read_error = error
        self.progress.hide()
        refused = sum(1 for e in self.entries if not e.ok)
        readable = len(self.entries) - refused
        if error:
            self.status.setText(f"<span style='color:#b42318'>{error}</span>")
        elif not self.files and not self.entries:
            self.status.setText("No file Curator reads was found here (PDF, Word, OpenDocument, HTML, "
                                "e-mail, RTF, text)")
        else:
            self.status.setText(f"{self.files:,} file{'s' if self.files != 1 else ''} read: {readable:,} "
                                f"document{'s' if readable != 1 else ''} to add"
                                + (f", {refused:,} file{'s' if refused != 1 else ''} cannot be read" if refused else ""))
        self._update()

    @property
    def finished_reading(self) -> bool:
        return not self.reading and not self._rereads

    # ------------------------------------------------------------------ reading one file again
    def _reread(self, row: int, encoding: Optional[str] = None, ocr: bool = False) -> None:
        entry = self.model.entry(row)
        if entry is None:
            return
        if row in self._rereads:
            self._rereads.pop(row).cancel()
        self._generation += 1
        reader = BatchReader([entry.path], encoding=encoding, ocr=ocr, generation=self._generation,
                             first_index=entry.file, workers=1)
        reader.rows.connect(lambda generation, entries, row=row: self._on_reread(row, generation, entries))
        reader.ended.connect(lambda generation, error, row=row: self._on_reread_ended(row, generation, error))
        self._rereads[row] = reader
        self.model.set_rereading(row, True)
        self._show_current()
        self._update()
        reader.begin()

    def _on_reread(self, row: int, generation: int, entries: list[Entry]) -> None:
        reader = self._rereads.get(row)
        if reader is None or reader.generation != generation or len(entries) != 1:
            return
        new = entries[0]
        old = self.model.entries[row]
        new.ticked = old.ticked if old.ok else new.ok
        new.title, new.date = old.title, old.date
        self.model.replace(row, new)

    def _on_reread_ended(self, row: int, generation: int, error: str) -> None:
        reader = self._rereads.get(row)
        if reader is None or reader.generation != generation:
            return
        del self._rereads[row]
        self.model.set_rereading(row, False)
        if error:
            self._say(error)
        if row == self.table.currentIndex().row():
            self._show_current()
        self._update()

    def choose_encoding(self, row: int, label: str) -> None:
        """Read the file of ``row`` again in ``label`` (the user's choice always wins)."""
        self._reread(row, encoding=label)

    def read_with_ocr(self, row: int) -> None:
        """Read the scanned PDF of ``row`` with OCR."""
        entry = self.model.entry(row)
        if entry is not None and entry.scan:
            self._reread(row, ocr=True)

    def _on_encoding_chosen(self, label: str) -> None:
        self.choose_encoding(self.table.currentIndex().row(), label)

    # ------------------------------------------------------------------ the selected row
    def select(self, row: int) -> None:
        self.table.selectRow(row)

    def _on_data_changed(self, top, bottom, *_):
        current = self.table.currentIndex().row()
        if top.row() <= current <= bottom.row() and top.column() != bottom.column():
            self._show_current()

    def _show_current(self) -> None:
        from curator.ingest import ocr

        entry = self.model.entry(self.table.currentIndex().row())
        self.mojibake_panel.setVisible(entry is not None and entry.ok and entry.mojibake is not None)
        reencodable = entry is not None and entry.ok and entry.kind in REENCODABLE and not entry.part
        self.encoding_label.setVisible(reencodable)
        self.encoding_combo.setVisible(reencodable)
        self.ocr_button.setVisible(entry is not None and entry.scan)
        self.ocr_button.setEnabled(entry is not None and entry.scan and not entry.rereading and ocr.available())
        if entry is not None and entry.scan and not ocr.available():
            self.ocr_button.setToolTip("OCR needs Tesseract and poppler-utils (pdftoppm) installed: "
                                       + ", ".join(ocr.missing_tools()) + " not found")
        if entry is None:
            self.preview_label.setText("")
            self.preview.setPlainText("")
            return
        name = entry.path.name + (f" ({entry.part})" if entry.part else "")
        if entry.rereading:
            self.preview_label.setText(f"<b>{name}</b>: reading again…")
            self.preview.setPlainText("")
            return
        if not entry.ok:
            self.preview_label.setText(f"<b>{html.escape(name)}</b> cannot be added: {entry.refusal.reason}")
            self.preview.setPlainText(entry.refusal.message)
            return
        if reencodable:
            self._fill_combo(entry)
        text = entry.text
        shown = text[:PREVIEW_CHARS]
        more = f" (the first {PREVIEW_CHARS:,} of {len(text):,} characters)" if len(text) > len(shown) else ""
        how = f" as <b>{entry.encoding}</b>" if entry.encoding else ""
        notes = entry.problems()
        said = ("<br><span style='color:#9a6700'>" + html.escape("; ".join(notes)) + "</span>") if notes else ""
        self.preview_label.setText(f"<b>{html.escape(name)}</b>, {KIND_NAMES[entry.kind]}{how}{more}:{said}")
        self.preview.setPlainText(shown)
        if entry.mojibake is not None:
            places = entry.mojibake.places
            self.repair_box.blockSignals(True)
            self.repair_box.setChecked(entry.repair)
            self.repair_box.setText(f"Repair the mojibake: {places} place{'s' if places != 1 else ''} where "
                                    "UTF-8 was once read in the wrong code page (ftfy), changed as shown below")
            self.repair_box.blockSignals(False)
            self.mojibake_view.show_report(entry.mojibake)

    def _fill_combo(self, entry: Entry) -> None:
        decoded = entry.extracted.decoded
        detection = decoded.detection if decoded is not None else None
        if detection is None:
            self.encoding_combo.fill(entry.extracted.encoding, [], [])
            return
        rivals = [r.encoding for r in detection.rivals]
        others = [r.encoding for r in detection.readings[1:6] if r.encoding not in rivals]
        self.encoding_combo.fill(entry.extracted.encoding, [detection.best.encoding], rivals + others)

    def _on_repair_toggled(self, checked: bool) -> None:
        row = self.table.currentIndex().row()
        entry = self.model.entry(row)
        if entry is not None and entry.ok:
            entry.repair = checked
            self.model.changed(row)

    def set_repair(self, row: int, repair: bool) -> None:
        """Repair (or not) the mojibake of ``row``, as its box does."""
        self.select(row)
        self.repair_box.setChecked(repair)

    # ------------------------------------------------------------------ result
    def included(self, row: int) -> bool:
        entry = self.model.entry(row)
        return entry is not None and entry.ok and entry.ticked

    def set_included(self, row: int, included: bool) -> None:
        self.model.set_ticked(row, included)

    @property
    def ready(self) -> bool:
        """Reading is over and at least one document is ticked."""
        return self.finished_reading and self.model.ticked > 0

    def records(self) -> list[tuple[dict, DocumentDate]]:
        """The ticked documents as they will be added (record, how its date was decided), in order."""
        records = [entry.dated_record() for entry in self.entries if entry.ticked and entry.addable]
        if not self.keep_originals.isChecked():
            records = [(record | {"original": None}, dating) for record, dating in records]
        return records

    def _update(self) -> None:
        ticked = self.model.ticked
        self.add_button.setText(f"Add {ticked:,} document{'s' if ticked != 1 else ''}")
        self.add_button.setEnabled(self.ready)
        if self.reading:
            return
        unsure = [e.path.name for e in self.entries if e.ticked and e.ok and not e.sure]
        scans = sum(1 for e in self.entries if e.scan)
        notes = []
        if unsure:
            names = ", ".join(unsure[:5]) + (f" and {len(unsure) - 5} more" if len(unsure) > 5 else "")
            notes.append(f"<span style='color:#9a6700'>⚠ The encoding of {names} is a guess: "
                         "check the preview, or choose the encoding.</span>")
        if scans:
            from curator.ingest import ocr

            notes.append(f"{scans} scanned PDF{'s have' if scans != 1 else ' has'} no text layer: "
                         + ("select one and press Read with OCR." if ocr.available() else
                            "Curator can read scans when Tesseract and poppler-utils are installed."))
        self.problem_label.setText(" ".join(notes))
        self.problem_label.setVisible(bool(notes))

    def _say(self, message: str) -> None:
        self.problem_label.setText(f"<span style='color:#b42318'>{message}</span>")
        self.problem_label.setVisible(True)

    def done(self, result: int) -> None:
        self.reader.cancel()
        for reader in self._rereads.values():
            reader.cancel()
        super().done(result)


def _project_keeps_originals(window) -> bool:
    """Whether the open project keeps originals (its setting; on when unset)."""
    workspace = getattr(window, "workspace", None)
    try:
        return workspace.project.keeps_originals() if workspace is not None and workspace.has_project else True
    except Exception:  # noqa: BLE001 - a project that cannot be read now: the default
        return True
