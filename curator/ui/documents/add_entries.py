"""The rows of the Add documents preview: one per document read (a mailbox gives one per message)
or per file refused, with what the user changed (ticked, title, date, mojibake repair).

An :class:`Entry` is made on the reading thread (:func:`entries_of`: the record, its date and
the mojibake scan are worked out there, so a thousand files cost the GUI thread nothing but the
rows), and turned into the record :meth:`curator.core.Project.add_documents` takes by
:meth:`Entry.dated_record` when the user presses Add. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional, Union

from curator.ingest.batch import FileRead, FileRefused
from curator.ingest.dating import DocumentDate, dated_record
from curator.ingest.document_record import document_record
from curator.ingest.extracted import Extracted
from curator.ingest.mojibake import REPAIRED_SUFFIX, MojibakeReport, find_mojibake

KIND_NAMES = {"pdf": "PDF", "docx": "Word", "odt": "OpenDocument", "html": "HTML", "eml": "E-mail",
              "mbox": "Mailbox", "rtf": "RTF", "text": "Text"}
REENCODABLE = ("text", "html")  # kinds read in an encoding the user may choose
SCAN = "no text layer"


@dataclass
class Entry:
    path: Path
    file: int  # the file's place in the list read
    extracted: Optional[Extracted] = None
    refusal: Optional[FileRefused] = None
    data: Optional[bytes] = None  # the original file's bytes (kept with the document where the project keeps originals)
    mojibake: Optional[MojibakeReport] = None
    record: Optional[dict] = None  # dated, as read (before the user's changes)
    dating: Optional[DocumentDate] = None
    encoding_choice: Optional[str] = None  # the user's (None: the automatic rule)
    ticked: bool = True
    repair: bool = False
    title: Optional[str] = None  # the user's title (None: the file's)
    date: Optional[str] = None  # the user's date, EDTF (None: the file's, or inferred)
    rereading: bool = False  # being read again (another encoding, OCR)

    # ------------------------------------------------------------------ what the row shows
    @property
    def ok(self) -> bool:
        return self.extracted is not None

    @property
    def addable(self) -> bool:
        return self.ok and not self.rereading

    @property
    def kind(self) -> str:
        return self.extracted.kind if self.ok else ""

    @property
    def part(self) -> str:
        return self.extracted.part if self.ok else ""

    @property
    def scan(self) -> bool:
        """A PDF refused for having no text layer (OCR may read it)."""
        return self.refusal is not None and self.refusal.reason == SCAN

    @property
    def text(self) -> str:
        if not self.ok:
            return ""
        return self.mojibake.repaired() if self.repair and self.mojibake is not None else self.extracted.text

    @property
    def encoding(self) -> str:
        if not self.ok:
            return ""
        return self.extracted.encoding + (REPAIRED_SUFFIX if self.repair and self.mojibake is not None else "")

    @property
    def shown_title(self) -> str:
        return self.title if self.title is not None else (self.record or {}).get("title", "")

    @property
    def shown_author(self) -> str:
        return (self.record or {}).get("author", "")

    @property
    def shown_date(self) -> str:
        if self.date is not None:
            return self.date
        return (self.record or {}).get("published", "")

    @property
    def date_inferred(self) -> bool:
        return self.date is None and bool((self.record or {}).get("published_inferred"))

    @property
    def sure(self) -> bool:
        """False for a text whose encoding the detector could only guess."""
        decoded = self.extracted.decoded if self.ok else None
        return decoded is None or decoded.sure

    def problems(self) -> list[str]:
        """One-line notes for the Problem column: the refusal, else what the reader noticed."""
        if self.refusal is not None:
            return [self.refusal.message]
        notes = list(self.extracted.problems) if self.ok else []
        if self.mojibake is not None:
            places = self.mojibake.places
            notes.append(f"{places} mojibake place{'s' if places != 1 else ''} "
                         + ("repaired" if self.repair else "not repaired"))
        return notes

    # ------------------------------------------------------------------ the record added
    def dated_record(self) -> tuple[dict, DocumentDate]:
        """The record to add, with the user's title, date and repair, and how its date was decided."""
        record, dating = self.record, self.dating
        if self.repair and self.mojibake is not None:
            repaired = replace(self.extracted, text=self.text, encoding=self.encoding)
            record, dating = dated_record(document_record(repaired, self.data))
        if self.date is not None and self.date != record.get("published", ""):
            record, dating = dated_record(record, given=self.date) if self.date else (
                record | {"published": "", "published_inferred": False}, DocumentDate("", False, ""))
        if self.title is not None:
            record = record | {"title": self.title}
        return record, dating


def entries_of(result: Union[FileRead, FileRefused], index: int = -1,
               encoding: Optional[str] = None) -> list[Entry]:
    """The preview rows of one file read. Made where the file was read (a worker process of
    :func:`curator.ingest.batch.read_files`, as its ``prepare``): dating and the mojibake scan
    run long regular expressions over the text, which would hold the GUI process's interpreter."""
    if not result.ok:
        return [Entry(result.path, index, refusal=result)]
    entries = []
    for extracted in result.documents:
        record, dating = dated_record(document_record(extracted, result.data))
        mojibake = find_mojibake(extracted.text) if extracted.kind == "text" else None
        entries.append(Entry(result.path, index, extracted, data=result.data, mojibake=mojibake,
                             record=record, dating=dating, encoding_choice=encoding))
    return entries
