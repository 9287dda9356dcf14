"""What a document's original file said and was, for Document ▸ Properties… (schema 6): the
title, author, date and URL read from the file with where each was read, and the original's
name, kind, size, SHA-256, pages and whether its text was recognised (OCR). Read-only: the
editable fields above it are the document's; these are the file's, for confirmation."""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from curator.core.project_documents import DocumentSource

KIND_NAMES = {"pdf": "PDF", "docx": "Word document (DOCX)", "odt": "OpenDocument text (ODT)",
              "html": "web page (HTML)", "eml": "e-mail (EML)", "mbox": "mailbox (MBOX)",
              "rtf": "RTF", "text": "plain text"}
READ_FIELDS = (("title", "Title"), ("author", "Author"), ("date", "Date"), ("url", "URL"),
               ("sender", "From"), ("recipients", "To"), ("cc", "Cc"), ("message_id", "Message-ID"),
               ("language", "Language"))


def size_text(size: Optional[int]) -> str:
    if size is None:
        return "unknown size"
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit} ({size:,} bytes)"
    return f"{size:,} bytes"


def _value_text(value) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def file_said_rows(source: DocumentSource) -> list[tuple[str, str, str]]:
    """(label, value, where it was read) of what the file said about itself."""
    meta = source.metadata
    rows = []
    for name, label in READ_FIELDS:
        value = meta.get(name)
        if value:
            rows.append((label, _value_text(value), meta.get(f"{name}_source", "")))
    attachments = meta.get("attachments") or []
    if attachments:
        rows.append(("Attachments", "; ".join(
            f"{a.get('filename') or '(unnamed)'} ({size_text(a.get('size'))})" for a in attachments), ""))
    return rows


def original_rows(source: DocumentSource) -> list[tuple[str, str]]:
    """(label, value) of the original file: name, kind, size, SHA-256, pages, OCR, kept."""
    rows = [("Name", source.filename or "(no file name)"),
            ("Kind", KIND_NAMES.get(source.kind, source.kind))]
    if source.metadata.get("part"):
        rows.append(("Part", source.metadata["part"]))
    rows += [("Size", size_text(source.size)), ("SHA-256", source.sha256 or "unknown")]
    rows.append(("Pages", f"{source.pages}" if source.pages else "none (the kind has no pages)"))
    if source.ocr:
        rows.append(("Text", "OCR: recognised from page images"))
    rows.append(("Original", "kept in the project" if source.original_kept else "not kept"))
    return rows


def _label(text: str, parent: QWidget, muted: bool = False, wrap: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    if muted:
        label.setStyleSheet("color: #6b6b6b;")
    return label


class FileFacts(QGroupBox):
    """The read-only "From the file" box of the properties dialog (hidden for a document that
    was not read from a file by Curator 6 or later: nothing is known)."""

    def __init__(self, source: DocumentSource, parent: Optional[QWidget] = None):
        super().__init__("From the original file", parent)
        self.source = source
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.said = file_said_rows(source)
        for label, value, where in self.said:
            text = f"{value}   (read from {where})" if where else value
            form.addRow(f"{label}:", _label(text, self, wrap=len(text) > 70))
        for label, value in original_rows(source):
            form.addRow(f"{label}:", _label(value, self, muted=label == "SHA-256"))
        for problem in source.problems:
            form.addRow("Note:", _label(problem, self, muted=True, wrap=True))
