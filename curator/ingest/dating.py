"""The date a document comes in with: the one given (``curator add --date``, the demo's
manifest), else the file's own (front matter ``date:``), else one inferred from the text
(:func:`curator.temporal.document_date.infer_document_date`), stored with
``published_inferred = True``. JSON import does not come here: it keeps what the file says.

Qt-free. Used by ``curator add``, the window's Add documents and the demo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from curator.temporal.document_date import InferredDate, infer_document_date, read_document_date
from curator.temporal.errors import DateInputError
from curator.temporal.rule import document_date_value

GIVEN, FILE, TEXT = "given", "file", "text"  # where a document's date came from
_TIMESTAMP = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9:.]+(?:Z|[+-][0-9:]+)?")


@dataclass(frozen=True)
class DocumentDate:
    """A document's date as it comes in: ``published`` (EDTF or ""), whether it was
    ``inferred``, where it came from (``origin``: GIVEN, FILE, TEXT or "" for none), the text's
    evidence when inferred, and a ``note`` (a file date Curator could not read)."""

    published: str
    inferred: bool
    origin: str
    evidence: Optional[InferredDate] = None
    note: str = ""

    def report(self) -> dict:
        """For the ``add`` JSON report: {"date", "inferred", "from", "reason"} (+ "note")."""
        out = {"date": self.published or None, "inferred": self.inferred}
        if self.evidence is not None:
            out |= {"from": self.evidence.kind, "reason": self.evidence.reason,
                    "quote": self.evidence.quote}
        elif self.origin == GIVEN:
            out |= {"from": "given", "reason": "given with --date"}
        elif self.origin == FILE:
            out |= {"from": "front matter", "reason": "the file's front matter 'date:'"}
        else:
            out |= {"from": None, "reason": "the text gives no date of its own"}
        if self.note:
            out["note"] = self.note
        return out


def read_file_date(raw: str) -> str:
    """A date a file gives for itself (front matter ``date: 2016-11-30``, ``2016-11-30T10:00Z``,
    ``November 30, 2016``) as a document date; raises DateInputError when it is not one."""
    raw = " ".join((raw or "").split())
    if not raw:
        return ""
    try:
        return document_date_value(raw)
    except DateInputError:
        pass
    stamp = _TIMESTAMP.fullmatch(raw)
    if stamp:
        return document_date_value(stamp.group(1))
    return read_document_date(raw).edtf  # free text: "November 30, 2016", "Nov 2016"


def date_document(text: str, *, given: str = "", file_date: str = "",
                  today: Optional[date] = None) -> DocumentDate:
    """The date a document comes in with. ``given`` (already a valid document date, see
    :func:`curator.temporal.rule.document_date_value`) wins; then ``file_date`` (the front
    matter's value, read by :func:`read_file_date`); then what the text says (inferred)."""
    if given:
        return DocumentDate(document_date_value(given), False, GIVEN)
    note = ""
    if file_date and file_date.strip():
        try:
            return DocumentDate(read_file_date(file_date), False, FILE)
        except DateInputError as exc:
            note = f"the file's date {file_date.strip()!r} is not a date Curator reads ({exc.reason})"
    evidence = infer_document_date(text, today)
    if evidence is None:
        return DocumentDate("", False, "", None, note)
    return DocumentDate(evidence.edtf, True, TEXT, evidence, note)


def dated_record(record: dict, given: str = "", today: Optional[date] = None) -> tuple[dict, DocumentDate]:
    """``record`` (the fields :meth:`curator.core.Project.add_documents` takes, ``published``
    holding the file's own date as read) with its date decided by :func:`date_document`."""
    dated = date_document(record["text"], given=given, file_date=record.get("published") or "",
                          today=today)
    return record | {"published": dated.published, "published_inferred": dated.inferred}, dated
