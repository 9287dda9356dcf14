"""PDF with a text layer, read by pdfminer.six (its layout analysis groups characters into lines
and boxes; :mod:`curator.ingest.formats.pdf_layout` orders the boxes into columns, finds the
paragraphs, joins hyphenated line ends and drops running headers and footers).

Refused (:class:`curator.core.errors.UnreadableDocument`): a PDF with no text on any page (a
scan: "no text layer"), one that needs a password to open ("encrypted"; one encrypted with an
empty user password, as many are to set permissions, is read), and one pdfminer cannot parse
("damaged"). Metadata: the document information dictionary (/Title, /Author, /CreationDate).
Qt-free.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Optional

from curator.core.errors import UnreadableDocument
from curator.ingest.extracted import Extracted, Metadata, Origin
from curator.ingest.formats.pdf_layout import (Box, Line, Page, paragraphs, reading_order, running_heads,
                                               without_running_heads)
from curator.ingest.formats.textbuild import TextBuilder, spell_out_ligatures, tidy_line

_PDF_DATE = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*([Zz]|[+-]\d{2}'?\d{2}'?|[+-]\d{2})?")


def extract_pdf(data: bytes, origin: Origin) -> Extracted:
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    name = origin.filename
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings are not the user's business
    try:
        parser = PDFParser(io.BytesIO(data))
        document = PDFDocument(parser, password="")
    except PDFPasswordIncorrect:
        raise UnreadableDocument(name, "encrypted", f"{name} is encrypted: it needs a password to open") from None
    except PDFEncryptionError as exc:
        raise UnreadableDocument(name, "encrypted", f"{name} is encrypted in a way Curator cannot read ({exc})") from None
    except Exception as exc:  # pdfminer raises many kinds (PSSyntaxError, PDFSyntaxError, KeyError...)
        raise UnreadableDocument(name, "damaged", f"{name} is a damaged PDF ({_say(exc)})") from None
    problems: list[str] = []
    if document.encryption is not None:
        problems.append(f"{name} is encrypted with an empty password (to set permissions); read as such")
    try:
        pages = list(_pages(document, LAParams(line_margin=0.5, char_margin=2.0, boxes_flow=None)))
    except UnreadableDocument:
        raise
    except Exception as exc:
        raise UnreadableDocument(name, "damaged", f"{name} is a damaged PDF ({_say(exc)})") from None
    if not pages:
        raise UnreadableDocument(name, "damaged", f"{name} is a PDF with no pages")
    if not any(page.boxes for page in pages):
        raise UnreadableDocument(name, "no text layer",
                                 f"{name} has no text layer (a scan?): its {_pages_word(len(pages))} hold only images"
                                 " or nothing; it needs OCR first")
    heads = running_heads(pages)
    builder = TextBuilder()
    dropped: list[str] = []
    for page in pages:
        builder.new_page()
        if not page.boxes:
            problems.append(f"page {page.number} has no text layer")
            continue
        kept, gone = without_running_heads(page, heads)
        dropped += gone
        if not kept:
            problems.append(f"page {page.number} has no text besides its running header or footer")
        for box in reading_order(kept):
            for paragraph in paragraphs(box):
                builder.paragraph(paragraph)
    if dropped:
        examples = list({_head_key(t): tidy_line(t)[:40] for t in dropped}.values())[:3]
        problems.append(f"dropped {len(dropped)} running header/footer line(s) repeated on most pages: "
                        + "; ".join(f"“{e}”" for e in examples))
    text = builder.text()
    return Extracted(text=text, kind="pdf", origin=origin, page_starts=builder.page_starts(),
                     metadata=_metadata(document), problems=tuple(problems))


def pdf_metadata(data: bytes) -> Metadata:
    """The info dictionary of a PDF (for a scan read by OCR), or empty metadata when it cannot
    be read."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    try:
        return _metadata(PDFDocument(PDFParser(io.BytesIO(data)), password=""))
    except Exception:  # noqa: BLE001 - the metadata of a scan is a nicety
        return Metadata()


def _pages(document, laparams):
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=laparams)
    interpreter = PDFPageInterpreter(manager, device)
    for number, pdf_page in enumerate(PDFPage.create_pages(document), start=1):
        interpreter.process_page(pdf_page)
        layout = device.get_result()
        boxes = tuple(_boxes(layout))
        yield Page(number, float(layout.width), float(layout.height), boxes)


def _boxes(container):
    from pdfminer.layout import LTFigure, LTTextBoxHorizontal, LTTextLineHorizontal

    for item in container:
        if isinstance(item, LTTextBoxHorizontal):
            lines = tuple(Line(spell_out_ligatures(line.get_text().rstrip("\n")), float(line.x0), float(line.x1),
                               float(line.height))
                          for line in item if isinstance(line, LTTextLineHorizontal) and line.get_text().strip())
            if lines:
                yield Box(float(item.x0), float(item.y0), float(item.x1), float(item.y1), lines)
        elif isinstance(item, LTFigure):
            yield from _boxes(item)


def _metadata(document) -> Metadata:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    info = {}
    for entry in document.info or ():
        for key, value in resolve1(entry).items() if isinstance(resolve1(entry), dict) else ():
            value = resolve1(value)
            if isinstance(value, bytes):
                value = decode_text(value)
            elif not isinstance(value, str):
                continue
            info[key] = value.replace("\x00", "").strip()
    title, author = info.get("Title", ""), info.get("Author", "")
    date, date_key = None, ""
    for key in ("CreationDate", "ModDate"):
        date = pdf_date(info.get(key, ""))
        if date:
            date_key = key
            break
    return Metadata(title=title, title_source="PDF info /Title" if title else "",
                    author=author, author_source="PDF info /Author" if author else "",
                    date=date, date_source=f"PDF info /{date_key}" if date else "")


def pdf_date(value: str) -> Optional[str]:
    """A PDF date string (``D:20140508120000+02'00'``) as ISO 8601 (``2014-05-08T12:00:00+02:00``;
    just the date when it has no time), or None when it is not one."""
    m = _PDF_DATE.match(value.strip()) if value else None
    if not m:
        return None
    year, month, day, hour, minute, second, zone = m.groups()
    try:
        month_n, day_n = int(month or 1), int(day or 1)
        if not (1 <= month_n <= 12 and 1 <= day_n <= 31):
            return None
    except ValueError:
        return None
    if not month:
        return year
    if not day:
        return f"{year}-{month}"
    iso = f"{year}-{month}-{day}"
    if hour is None:
        return iso
    iso += f"T{hour}:{minute or '00'}:{second or '00'}"
    if zone:
        if zone in "Zz":
            iso += "Z"
        else:
            digits = zone.replace("'", "")
            iso += f"{digits[:3]}:{digits[3:5] or '00'}"
    return iso


def _head_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def _pages_word(n: int) -> str:
    return "page" if n == 1 else f"{n} pages"


def _say(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]
