"""OpenDocument text (.odt), opened by odfpy: headings and paragraphs in order, lists item by
item, tables a row per line with cells separated by a tab, footnotes and endnotes as in Word
documents (``[1]`` in the text, the notes under ``Notes`` after the body; the citation the
author gave is kept when it has one), and the metadata of ``meta.xml`` (``dc:title``,
``dc:creator`` or else ``meta:initial-creator``, ``meta:creation-date`` or else ``dc:date``).
Qt-free.
"""

from __future__ import annotations

import contextlib
import io

from curator.core.errors import UnreadableDocument
from curator.ingest.extracted import Extracted, Metadata, Origin
from curator.ingest.formats.docx import NOTES_HEADING
from curator.ingest.formats.textbuild import TextBuilder, cell_text, table_text

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_BLOCK_CONTAINERS = {(TEXT, "list"), (TEXT, "list-item"), (TEXT, "list-header"), (TEXT, "section"),
                     (TEXT, "index-body"), (TEXT, "table-of-content"), (OFFICE, "text")}
_SKIP = {(TEXT, "tracked-changes"), (TEXT, "sequence-decls"), (TEXT, "variable-decls"),
         (TEXT, "user-field-decls"), (OFFICE, "forms"), (TEXT, "note-citation"), (TEXT, "note-body"),
         (OFFICE, "annotation"), (TEXT, "bookmark-ref")}


def extract_odt(data: bytes, origin: Origin) -> Extracted:
    from odf.opendocument import load

    name = origin.filename
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # odfpy prints the XML it fails to parse
            document = load(io.BytesIO(data))
    except Exception as exc:  # odfpy raises zip, XML and key errors as they come
        raise UnreadableDocument(name, "damaged", f"{name} is a damaged OpenDocument file "
                                 f"({(' '.join(str(exc).split()) or type(exc).__name__)[:120]})") from None
    if document.text is None:  # content.xml could not be parsed (odfpy says so only on stdout)
        raise UnreadableDocument(name, "damaged", f"{name} is a damaged OpenDocument file (its content.xml "
                                 "cannot be read)")
    notes: list[str] = []
    builder = TextBuilder()
    for block in _blocks(document.text, notes):
        builder.paragraph(block)
    if notes:
        builder.paragraph(NOTES_HEADING)
        for note in notes:
            builder.paragraph(note)
    text = builder.text()
    if not text.strip():
        raise UnreadableDocument(name, "empty", f"{name} is an empty OpenDocument text")
    return Extracted(text=text, kind="odt", origin=origin, metadata=_metadata(document))


def _blocks(element, notes: list[str]):
    for child in element.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        q = child.qname
        if q in ((TEXT, "p"), (TEXT, "h")):
            yield _inline(child, notes)
        elif q == (TABLE, "table"):
            yield _table(child, notes)
        elif q in _BLOCK_CONTAINERS:
            yield from _blocks(child, notes)


def _table(table, notes: list[str]) -> str:
    rows = []
    for row in _descendants(table, (TABLE, "table-row"), stop=(TABLE, "table")):
        cells = []
        for cell in row.childNodes:
            if cell.nodeType != cell.ELEMENT_NODE or cell.qname not in ((TABLE, "table-cell"),
                                                                       (TABLE, "covered-table-cell")):
                continue
            cells.append(cell_text(_blocks(cell, notes)))
        rows.append(cells)
    return table_text(rows)


def _descendants(element, qname, stop):
    for child in element.childNodes:
        if child.nodeType != child.ELEMENT_NODE:
            continue
        if child.qname == qname:
            yield child
        elif child.qname != stop:
            yield from _descendants(child, qname, stop)


def _inline(element, notes: list[str]) -> str:
    out: list[str] = []
    _walk(element, notes, out)
    return "".join(out)


def _walk(element, notes: list[str], out: list[str]) -> None:
    for child in element.childNodes:
        if child.nodeType == child.TEXT_NODE:
            out.append(child.data)
            continue
        if child.nodeType != child.ELEMENT_NODE:
            continue
        q = child.qname
        if q == (TEXT, "s"):
            out.append(" " * int(child.getAttrNS(TEXT, "c") or 1))
        elif q == (TEXT, "tab"):
            out.append("\t")
        elif q == (TEXT, "line-break"):
            out.append("\n")
        elif q == (TEXT, "note"):
            number = len(notes) + 1
            mark = f"[{number}]"
            body = "\n".join(b for b in _note_body(child, notes) if b.strip())
            notes.append(f"{mark} {body}")
            out.append(mark)
        elif q in _SKIP:
            continue
        else:
            _walk(child, notes, out)


def _note_body(note, notes: list[str]):
    for child in note.childNodes:
        if child.nodeType == child.ELEMENT_NODE and child.qname == (TEXT, "note-body"):
            yield from _blocks(child, notes)


def _metadata(document) -> Metadata:
    from odf import dc, meta

    def first(element_class) -> str:
        for el in document.meta.getElementsByType(element_class):
            value = "".join(str(n) for n in el.childNodes).strip()
            if value:
                return value
        return ""

    title = first(dc.Title)
    author, author_source = first(dc.Creator), "meta.xml dc:creator"
    if not author:
        author, author_source = first(meta.InitialCreator), "meta.xml meta:initial-creator"
    date, date_source = first(meta.CreationDate), "meta.xml meta:creation-date"
    if not date:
        date, date_source = first(dc.Date), "meta.xml dc:date"
    return Metadata(title=title, title_source="meta.xml dc:title" if title else "",
                    author=author, author_source=author_source if author else "",
                    date=date or None, date_source=date_source if date else "",
                    language=first(dc.Language))
