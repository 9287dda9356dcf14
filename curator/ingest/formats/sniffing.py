"""Which kind of document a file is, by its content (magic bytes, the parts of a zip, the first
lines); the file's suffix only settles what the content leaves open (an HTML fragment without
``<html>``, an e-mail with few headers). Qt-free."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from curator.core.errors import UnreadableDocument

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_HTML_START = re.compile(rb"\A(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:html|head|body|title|meta)[\s>/]", re.I)
_HEADER_LINE = re.compile(rb"\A[!-9;-~]+:[ \t]")  # a field name (printable, no colon), a colon, a blank
_MAIL_HEADERS = {b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"received", b"return-path",
                 b"mime-version", b"content-type", b"reply-to", b"sender", b"delivered-to", b"in-reply-to",
                 b"references", b"x-mailer", b"user-agent"}
_MBOX_FROM = re.compile(rb"\AFrom \S+[^\n]*\n")  # the envelope line of a message in a mailbox
# other files people drop into folders, named in the refusal
_BINARY_KINDS = ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
                 (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"\x1f\x8b", "a gzip archive"),
                 (b"7z\xbc\xaf", "a 7-Zip archive"), (b"Rar!", "a RAR archive"), (b"SQLite format 3\x00", "an SQLite database"),
                 (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc, .xls, .msg); save it as .docx or PDF"))
_ZIP_KINDS = (("word/document.xml", "docx"), ("xl/workbook.xml", "an Excel workbook"),
              ("ppt/presentation.xml", "a PowerPoint presentation"), ("META-INF/container.xml", "an EPUB book"))


def sniff(data: bytes, name: str = "the file") -> str:
    """The kind of ``data`` (one of :data:`curator.ingest.extracted.KINDS`), or
    UnreadableDocument ("unknown kind") naming what it is when Curator does not read it."""
    suffix = PurePath(name).suffix.lower()
    head = data[:4096]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data, name)
    for magic, what in _BINARY_KINDS:
        if head.startswith(magic):
            raise UnreadableDocument(name, "unknown kind", f"{name} is {what}, not a document Curator reads")
    body = _without_bom(head).lstrip()
    if body.startswith(b"{\\rtf"):
        return "rtf"
    if _MBOX_FROM.match(body) and _looks_like_headers(body.split(b"\n", 1)[1] if b"\n" in body else b""):
        return "mbox"
    if _HTML_START.match(body):
        return "html"
    if _looks_like_headers(body, strict=suffix not in (".eml", ".msg", ".mail")):
        return "eml"
    if suffix in (".html", ".htm", ".xhtml") and body.startswith(b"<"):
        return "html"
    if suffix in (".html", ".htm", ".xhtml") and _HTML_TAGS.search(head):
        return "html"
    return "text"


def _without_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def _looks_like_headers(body: bytes, strict: bool = True) -> bool:
    """RFC 822 header lines up to the first empty line: at least two well-known mail fields
    (one when the suffix says e-mail), and nothing but header and continuation lines."""
    lines = body.replace(b"\r\n", b"\n").split(b"\n")
    known = 0
    seen_any = False
    for line in lines[:200]:
        if not line:
            break
        if line[:1] in (b" ", b"\t") and seen_any:
            continue
        if not _HEADER_LINE.match(line):
            return False
        seen_any = True
        known += line.split(b":", 1)[0].lower() in _MAIL_HEADERS
    else:
        if len(lines) > 200:
            return False
    return known >= (2 if strict else 1)


def _zip_kind(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError) as exc:
        raise UnreadableDocument(name, "damaged", f"{name} is a damaged zip file ({exc})") from None
    if mimetype == ODT_MIMETYPE and "content.xml" in names:
        return "odt"
    if mimetype.startswith(b"application/vnd.oasis.opendocument."):
        what = mimetype.decode("ascii", "replace").rsplit(".", 1)[-1]
        raise UnreadableDocument(name, "unknown kind",
                                 f"{name} is an OpenDocument {what}, not a text document Curator reads")
    for part, kind in _ZIP_KINDS:
        if part in names:
            if kind == "docx":
                return kind
            raise UnreadableDocument(name, "unknown kind", f"{name} is {kind}, not a document Curator reads")
    raise UnreadableDocument(name, "unknown kind", f"{name} is a zip archive, not a document Curator reads")
