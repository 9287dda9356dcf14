"""Document ▸ Properties…: a document's title, author, kind, date and source, edited as one
undoable step (:class:`curator.ui.store.document_commands.EditDocumentProperties`); below them,
read-only, what the original file said (title, author, date, URL, each with where it was read)
and was (name, kind, size, SHA-256, pages, OCR): :mod:`curator.ui.documents.file_facts`.

The date takes what the date cell takes (``30 Nov 2016``, ``Nov 2016``, ``2016``, EDTF) with the
same live preview, held to the document date rule (one day, month or year); the preview and OK
agree. A date Curator inferred from the text says so, with the words it came from; *From the
text* infers it again. The date is the anchor the document's year-less dates are read against:
changing it does not re-date events already made, but new suggestions and Ctrl+E use it.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from curator.core.errors import CuratorError
from curator.core.records import DateFields, DocumentInfo
from curator.temporal.document_date import InferredDate, infer_document_date, read_document_date
from curator.ui.documents.file_facts import FileFacts
from curator.ui.events.date_editor import ERROR_COLOUR, MUTED_COLOUR, DateEditor
from curator.ui.store import commands
from curator.ui.store.document_commands import EditDocumentProperties

COMMON_KINDS = ("news", "report", "policy analysis", "encyclopedia", "journal article", "book",
                "blog post", "press release", "interview", "transcript", "letter", "social media")
INFERRED_COLOUR = "#7a5a00"


def read_typed_document_date(text: str, anchor: Optional[date] = None) -> DateFields:
    """The date editor's reader for a document's date (the anchor is not used: a document's
    date states its year)."""
    return read_document_date(text)


class DocumentPropertiesDialog(QDialog):
    """Edit one document's properties; OK pushes one undo step (nothing when nothing changed)."""

    def __init__(self, workspace, undo_stack, document_id: int, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.workspace, self.undo_stack, self.document_id = workspace, undo_stack, document_id
        self.info: DocumentInfo = workspace.document(document_id)
        self._evidence: Optional[InferredDate] = None  # the text's evidence for the shown date
        self._evidence_read = False
        self.setWindowTitle("Document properties")
        self.setMinimumWidth(560)

        self.title_edit = QLineEdit(self.info.title, self)
        self.author_edit = QLineEdit(self.info.author, self)
        self.author_edit.setPlaceholderText("who wrote it (a person or an organisation)")
        self.kind_box = QComboBox(self)
        self.kind_box.setEditable(True)
        self.kind_box.addItems(self._kinds())
        self.kind_box.setCurrentText(self.info.source_kind)
        self.kind_box.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.kind_box.lineEdit().setPlaceholderText("news, report, encyclopedia, …")
        self.date_editor = DateEditor(None, self, reader=read_typed_document_date,
                                      empty_text="empty: the document has no date, and its "
                                                 "year-less dates no anchor")
        self.date_editor.preview.setWordWrap(True)
        self.date_editor.line.setPlaceholderText("e.g. 30 Nov 2016, Nov 2016, 2016 or 2016-11-30")
        self.date_editor.set_text(self.info.published)
        self.date_editor.line.deselect()
        self.date_editor.line.textEdited.connect(self._on_date_edited)
        self.date_editor.line.textChanged.connect(lambda _text: QTimer.singleShot(0, self._fit))
        self.infer_button = QPushButton("From the text", self)
        self.infer_button.setToolTip("Infer the date from the text again: a “published” line, a "
                                     "dateline, an “updated” or “accessed” date, else the latest "
                                     "day the text names")
        self.infer_button.clicked.connect(self.infer_from_text)
        self.date_note = QLabel(self)  # "≈ inferred from the text: …" / "set by hand"
        self.date_note.setWordWrap(True)
        self.date_note.setTextFormat(Qt.PlainText)
        self.source_edit = QLineEdit(self.info.source, self)
        self.source_edit.setPlaceholderText("URL or citation")
        self.file_label = QLabel(self._file_line(), self)
        self.file_label.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.file_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error_label.hide()

        date_row = QHBoxLayout()
        date_row.setContentsMargins(0, 0, 0, 0)
        date_row.addWidget(self.date_editor, 1)
        date_row.addWidget(self.infer_button, 0, Qt.AlignTop)
        date_box = QVBoxLayout()
        date_box.setContentsMargins(0, 0, 0, 0)
        date_box.setSpacing(2)
        date_box.addLayout(date_row)
        date_box.addWidget(self.date_note)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Author:", self.author_edit)
        form.addRow("&Kind:", self.kind_box)
        date_label = QLabel("&Date:", self)
        date_label.setBuddy(self.date_editor.line)
        form.addRow(date_label, date_box)
        form.addRow("&Source:", self.source_edit)
        form.addRow("File:", self.file_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.file_facts = self._file_facts()
        if self.file_facts is not None:
            layout.addWidget(self.file_facts)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._inferred = self.info.published_inferred  # the shown date is the inferred one
        self._update_note()
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    # ------------------------------------------------------------------ reading
    def _kinds(self) -> list[str]:
        used = {doc.source_kind for doc in self.workspace.documents() if doc.source_kind}
        return sorted(used | set(COMMON_KINDS), key=str.casefold)

    def _file_facts(self) -> Optional[FileFacts]:
        """What the original file said and was (schema 6), when the document was read from one."""
        try:
            source = self.workspace.document_source(self.document_id)
        except CuratorError:
            return None
        return FileFacts(source, self) if source.kind else None

    def _file_line(self) -> str:
        parts = [self.info.filename or "(no file name)"]
        if self.info.encoding:
            parts.append(self.info.encoding)
        parts.append(f"{self.info.length:,} characters")
        return " · ".join(parts)

    def evidence(self) -> Optional[InferredDate]:
        """The text's evidence for the stored date, read once (the text is frozen)."""
        if not self._evidence_read:
            self._evidence_read = True
            try:
                self._evidence = infer_document_date(self.workspace.document_text(self.document_id))
            except CuratorError:
                self._evidence = None
        return self._evidence

    def _update_note(self) -> None:
        if self._inferred and self.date_editor.text().strip():
            evidence = self.evidence()
            if evidence is not None and evidence.edtf == self.date_editor.text().strip():
                text = f"≈ Inferred from the text: {evidence.reason}."
            else:
                text = "≈ Inferred from the text when the document was added."
            self.date_note.setText(text + " Type a date to set it by hand.")
            self.date_note.setStyleSheet(f"color: {INFERRED_COLOUR};")
        elif not self.date_editor.text().strip():
            self.date_note.setText("Year-less dates in this text (“On 9 January”) are read against "
                                   "this date; without one they take the year the text gave last.")
            self.date_note.setStyleSheet(f"color: {MUTED_COLOUR};")
        else:
            self.date_note.setText("Set by hand or given by the file. Events already dated keep "
                                   "their dates; new suggestions and Ctrl+E read against this one.")
            self.date_note.setStyleSheet(f"color: {MUTED_COLOUR};")

    def _fit(self) -> None:
        """Grow to show a longer preview or note in full (a refusal's reason wraps)."""
        self.layout().activate()
        height = self.layout().totalHeightForWidth(self.width()) if self.layout().hasHeightForWidth() \
            else self.sizeHint().height()
        if height > self.height():
            self.resize(self.width(), height)

    # ------------------------------------------------------------------ editing
    def _on_date_edited(self, _text: str) -> None:
        self._inferred = False  # typed by hand
        self._update_note()

    def infer_from_text(self) -> Optional[InferredDate]:
        """Fill the date with the one the text gives (marked as inferred); say so when it gives
        none."""
        evidence = self.evidence()
        if evidence is None:
            self.date_note.setText("The text gives no date of its own: no “published” line, "
                                   "dateline or named day. Type one.")
            self.date_note.setStyleSheet(f"color: {ERROR_COLOUR};")
            QTimer.singleShot(0, self._fit)
            return None
        self.date_editor.line.setText(evidence.edtf)
        self._inferred = True
        self._update_note()
        return evidence

    def changes(self) -> dict:
        """The fields that differ from the document's (raises CuratorError with the reason for
        a title or date that cannot be stored)."""
        out = {}
        for key, value in (("title", " ".join(self.title_edit.text().split())),
                           ("author", self.author_edit.text().strip()),
                           ("source_kind", self.kind_box.currentText().strip()),
                           ("source", self.source_edit.text().strip())):
            if value != getattr(self.info, key):
                out[key] = value
        if "title" in out and not out["title"]:
            raise CuratorError("a document needs a title")
        typed = self.date_editor.text().strip()
        if typed != self.info.published:
            if self.date_editor.value is None:
                raise CuratorError(f"Date: {self.date_editor.reason}")
            out["published"] = self.date_editor.value.edtf
            out["published_inferred"] = bool(self._inferred and out["published"])
            if (out["published"], out["published_inferred"]) == (self.info.published,
                                                                  self.info.published_inferred):
                del out["published"], out["published_inferred"]  # "30 Nov 2016" for 2016-11-30
        elif self._inferred != self.info.published_inferred and typed:
            out["published_inferred"] = self._inferred  # "From the text" gave the same date
        return out

    def accept(self) -> None:
        try:
            changes = self.changes()
            if changes:
                commands.push(self.undo_stack,
                              EditDocumentProperties(self.workspace, self.document_id, changes))
        except CuratorError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        super().accept()
