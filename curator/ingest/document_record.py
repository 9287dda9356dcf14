"""From a file read (:class:`curator.ingest.extracted.Extracted`) to the record
:meth:`curator.core.Project.add_documents` takes: the one place where what a file says about
itself becomes a document's fields. The command line and the window both add through it.

Qt-free.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Optional

from curator.ingest.extracted import Extracted


def document_title(extracted: Extracted) -> str:
    """The file's own title, else its name without the suffix; a message of a mailbox says which."""
    title = extracted.metadata.title or extracted.metadata.subject or PurePath(extracted.filename).stem
    if extracted.part and not (extracted.metadata.title or extracted.metadata.subject):
        title = f"{title} ({extracted.part})"
    return title


def document_record(extracted: Extracted, original: Optional[bytes] = None) -> dict:
    """The fields of a new document read from ``extracted``. ``published`` holds the file's own
    date as the file gives it (ISO 8601, or ""): pass the record through
    :func:`curator.ingest.dating.dated_record`, which decides the document's date from it and the
    text, before adding it. ``original``: the file's bytes, kept with the document
    when the project keeps originals."""
    meta = extracted.metadata
    return {"text": extracted.text, "title": document_title(extracted), "filename": extracted.filename,
            "author": meta.author or meta.sender, "published": meta.date or "",
            "encoding": extracted.encoding, "source": meta.url,
            # schema 6: the original and what reading it gave (fixed with the text)
            "kind": extracted.kind, "sha256": extracted.sha256, "size": extracted.size,
            "page_starts": list(extracted.page_starts), "metadata": file_metadata(extracted),
            "problems": list(extracted.problems), "original": original}


def file_metadata(extracted: Extracted) -> dict:
    """What the file said about itself, as stored with the document: the metadata's set values
    with where each was read (``*_source``), the mailbox ``part``; empty values left out."""
    values = {k: v for k, v in extracted.metadata.as_dict().items() if v not in ("", None, [], ())}
    if extracted.part:
        values["part"] = extracted.part
    return values
