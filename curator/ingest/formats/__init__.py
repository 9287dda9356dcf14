"""Reading documents of every kind Curator takes (PDF, DOCX, ODT, HTML, e-mail, mailboxes, RTF,
plain text) into :class:`curator.ingest.extracted.Extracted`: the text to freeze, where its pages
start, the metadata the file holds and where it came from.

    extract_all(path_or_bytes, name=None, encoding=None) -> list[Extracted]  (a mailbox: one per message)
    extract(path_or_bytes, name=None, encoding=None) -> Extracted            (one document)
    sniff(data, name) -> kind

The kind is told by the content (``%PDF``, a zip holding ``word/document.xml`` or an OpenDocument
``mimetype``, ``{\\rtf``, ``From `` and mail headers, ``<html``); the suffix only settles what the
content leaves open. A file that cannot be read raises
:class:`curator.core.errors.UnreadableDocument` with a one-line reason naming it. Qt-free; the
format libraries are imported only when a file of their kind is read.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Optional, Union

from curator.core.errors import InvalidInput, UnreadableDocument
from curator.ingest.extracted import KINDS, Attachment, Extracted, Metadata, Origin
from curator.ingest.formats.sniffing import sniff

__all__ = ["extract", "extract_all", "sniff", "Extracted", "Metadata", "Attachment", "Origin", "KINDS",
           "UnreadableDocument", "SUFFIXES"]

# the suffixes a folder import looks at (content decides the kind; these only pick the files)
SUFFIXES = (".pdf", ".docx", ".odt", ".html", ".htm", ".xhtml", ".eml", ".mbox", ".mbx", ".rtf",
            ".txt", ".text", ".md", ".markdown")


def extract_all(source: Union[str, Path, bytes], name: Optional[str] = None,
                encoding: Optional[str] = None, ocr: bool = False) -> list[Extracted]:
    """Every document in ``source`` (a path, or the file's bytes with ``name`` for messages and
    the suffix hint). ``encoding``: the user's choice for kinds that are text (plain text, HTML);
    other kinds say their own. ``ocr``: a PDF with no text layer is read by OCR
    (:mod:`curator.ingest.ocr`) when Tesseract and pdftoppm are installed; never by default."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        filename = PurePath(name).name if name else "the file"
    else:
        from curator.ingest.reader import read_bytes

        path = Path(source)
        data = read_bytes(path)
        filename = PurePath(name).name if name else path.name
    origin = Origin.of(data, filename)
    if not data.strip():
        raise UnreadableDocument(filename, "empty", f"{filename} is empty")
    kind = sniff(data, filename)
    try:
        return _read(kind, data, origin, encoding)
    except UnreadableDocument as exc:
        if ocr and kind == "pdf" and exc.reason == "no text layer":
            from curator.ingest.formats.pdf import pdf_metadata
            from curator.ingest.ocr import ocr_pdf
            return [ocr_pdf(data, origin, pdf_metadata(data))]
        raise
    except InvalidInput as exc:  # the text decoder's refusals: binary, or not in the chosen encoding
        message = str(exc)
        reason = "unknown kind" if "binary" in message else "undecodable"
        raise UnreadableDocument(filename, reason, message) from None


def extract(source: Union[str, Path, bytes], name: Optional[str] = None,
            encoding: Optional[str] = None, ocr: bool = False) -> Extracted:
    """The one document in ``source``; a mailbox of several messages is refused here (read it
    with :func:`extract_all`)."""
    found = extract_all(source, name, encoding, ocr)
    if len(found) != 1:
        filename = found[0].filename
        raise InvalidInput(f"{filename} is a mailbox of {len(found)} messages: read it with extract_all")
    return found[0]


def _read(kind: str, data: bytes, origin: Origin, encoding: Optional[str]) -> list[Extracted]:
    if kind == "pdf":
        from curator.ingest.formats.pdf import extract_pdf
        return [extract_pdf(data, origin)]
    if kind == "docx":
        from curator.ingest.formats.docx import extract_docx
        return [extract_docx(data, origin)]
    if kind == "odt":
        from curator.ingest.formats.odt import extract_odt
        return [extract_odt(data, origin)]
    if kind == "html":
        from curator.ingest.formats.html import extract_html
        return [extract_html(data, origin, encoding)]
    if kind == "eml":
        from curator.ingest.formats.mail import extract_eml
        return [extract_eml(data, origin)]
    if kind == "mbox":
        from curator.ingest.formats.mail import extract_mbox
        return extract_mbox(data, origin)
    if kind == "rtf":
        from curator.ingest.formats.rtf import extract_rtf
        return [extract_rtf(data, origin)]
    from curator.ingest.formats.text import extract_text
    return [extract_text(data, origin, encoding)]
