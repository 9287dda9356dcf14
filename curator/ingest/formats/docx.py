"""Word documents (.docx), opened by python-docx (the package, its parts and core properties);
the body is walked in document order so paragraphs and tables come out as they read.

- Paragraphs (headings, list items) are paragraphs; a line break (``<w:br/>``) is ``\\n``, a tab
  is a tab; tracked deletions are left out, tracked insertions kept; text boxes are read once
  (the VML fallback copy Word also writes is skipped).
- Tables: a row per line, its cells separated by a tab (a cell's own paragraphs joined by a
  space; a merged cell once); nested tables are read as rows of their own.
- Footnotes and endnotes: the reference mark in the text becomes ``[1]``, ``[2]``... (numbered
  in order of first reference, as Word shows them by default), and the notes follow the body
  under a paragraph ``Notes``, each as ``[1] its text``.
- Metadata: core properties (title, author, created or else modified date).
Qt-free.
"""

from __future__ import annotations

import io
from typing import Optional

from curator.core.errors import UnreadableDocument
from curator.ingest.extracted import Extracted, Metadata, Origin
from curator.ingest.formats.textbuild import TextBuilder, cell_text, table_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
NOTES_HEADING = "Notes"
_SKIP = {W + "del", W + "moveFrom", MC + "Fallback", W + "instrText", W + "delText", W + "rPr", W + "pPr"}


class _Notes:
    """Footnotes and endnotes by id, numbered in the order the body refers to them."""

    def __init__(self, parts: dict[str, dict[str, object]]):
        self.parts = parts  # "footnote"/"endnote" -> {id: <w:footnote> element}
        self.order: list[tuple[str, str]] = []

    def mark(self, kind: str, note_id: str) -> str:
        key = (kind, note_id)
        if key not in self.order:
            self.order.append(key)
        return f"[{self.order.index(key) + 1}]"


def extract_docx(data: bytes, origin: Origin) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    name = origin.filename
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise UnreadableDocument(name, "damaged", f"{name} is a damaged Word document ({exc})") from None
    except Exception as exc:  # lxml syntax errors, zip errors
        raise UnreadableDocument(name, "damaged", f"{name} is a damaged Word document ({_say(exc)})") from None
    notes = _Notes({"footnote": _note_part(document, RT_FOOTNOTES, "footnote"),
                    "endnote": _note_part(document, RT_ENDNOTES, "endnote")})
    builder = TextBuilder()
    for block in _blocks(document.element.body, notes):
        builder.paragraph(block)
    _append_notes(builder, notes)
    text = builder.text()
    if not text.strip():
        raise UnreadableDocument(name, "empty", f"{name} is an empty Word document")
    return Extracted(text=text, kind="docx", origin=origin, metadata=_metadata(document.core_properties))


def _note_part(document, reltype: str, kind: str) -> dict:
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            return {el.get(W + "id"): el for el in root.iter(W + kind)
                    if el.get(W + "type") in (None, "normal")}
    return {}


def _blocks(container, notes: _Notes):
    """The paragraphs of a body, cell or note, in order: each a string (a table: one string of
    rows)."""
    for child in container:
        tag = child.tag
        if tag == W + "p":
            yield _paragraph_text(child, notes)
        elif tag == W + "tbl":
            yield from _table(child, notes)
        elif tag in (W + "sdt", W + "customXml", W + "ins"):
            content = child.find(W + "sdtContent")
            yield from _blocks(content if content is not None else child, notes)


def _table(table, notes: _Notes):
    rows = []
    for row in table.iter(W + "tr"):
        if _owner_table(row) is not table:
            continue
        cells = []
        for cell in row.findall(W + "tc"):
            merge = cell.find(f"{W}tcPr/{W}vMerge")
            if merge is not None and merge.get(W + "val") in (None, "continue"):
                cells.append("")  # the continuation of a vertically merged cell: said once, above
                continue
            cells.append(cell_text(_blocks(cell, notes)))
        rows.append(cells)
    yield table_text(rows)


def _owner_table(row):
    parent = row.getparent()
    while parent is not None and parent.tag != W + "tbl":
        parent = parent.getparent()
    return parent


def _paragraph_text(paragraph, notes: _Notes) -> str:
    out: list[str] = []
    _walk_runs(paragraph, notes, out)
    return "".join(out)


def _walk_runs(element, notes: _Notes, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "sym":
            char = child.get(W + "char")
            out.append(_symbol(char))
        elif tag == W + "footnoteReference":
            out.append(notes.mark("footnote", child.get(W + "id")))
        elif tag == W + "endnoteReference":
            out.append(notes.mark("endnote", child.get(W + "id")))
        elif tag == W + "p":  # a paragraph inside a text box: its own line
            out.append("\n")
            _walk_runs(child, notes, out)
        elif tag == W + "tbl":
            out.append("\n" + "\n".join(_table(child, notes)))
        else:
            _walk_runs(child, notes, out)


def _symbol(char: Optional[str]) -> str:
    try:
        code = int(char or "", 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:  # a symbol-font character: its ASCII position
        code -= 0xF000
    return chr(code) if 32 <= code < 0x110000 else ""


def _append_notes(builder: TextBuilder, notes: _Notes) -> None:
    if not notes.order:
        return
    builder.paragraph(NOTES_HEADING)
    done = 0
    while done < len(notes.order):  # a note may refer to another note: keep going
        kind, note_id = notes.order[done]
        done += 1
        element = notes.parts.get(kind, {}).get(note_id)
        if element is None:
            continue
        mark = f"[{done}]"
        body = "\n".join(b for b in _blocks(element, notes) if b.strip()).strip()
        # the note's own reference mark (w:footnoteRef) is not text: the body starts with it
        builder.paragraph(f"{mark} {body}")


def _metadata(props) -> Metadata:
    title = (props.title or "").strip()
    author = (props.author or "").strip()
    date, source = None, ""
    for attr in ("created", "modified"):
        value = getattr(props, attr, None)
        if value is not None:
            date, source = _iso(value), f"core properties {attr}"
            break
    return Metadata(title=title, title_source="core properties title" if title else "",
                    author=author, author_source="core properties creator" if author else "",
                    date=date, date_source=source, language=(props.language or "").strip())


def _iso(value) -> str:
    text = value.isoformat()
    return text.replace("+00:00", "Z") if value.tzinfo is not None else text


def _say(exc: Exception) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:120]
