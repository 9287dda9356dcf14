"""What reading a document file gives: its text, where its pages start, the metadata the file
holds about itself, and where it came from (the original's name, size and SHA-256).

The contract (``docs/notes/ingest-formats.md``):

- ``text`` is the document as Curator will freeze it. Offsets (``page_starts``, and every span
  later) are Unicode code points into exactly this string: ``text[start:end]`` in Python.
- Plain text files keep the characters of the file exactly (decoded by the one rule of
  :mod:`curator.ingest.decoding`, newlines untranslated). Every other kind is *built* from the
  file's structure: lines end in ``\\n``, paragraphs are separated by one empty line
  (``\\n\\n``), table rows are lines with cells separated by a tab, and the text is in Unicode
  normalisation form NFC (PDF ligatures such as "ﬁ" are spelled out as letters).
- ``page_starts[i]`` is the offset where page ``i + 1`` begins: increasing (equal for a page
  with no text), the first is 0, none past ``len(text)``. Empty for kinds without pages.
- ``problems`` are one-line notes about what could not be read faithfully (a page with no text
  layer, an undeclared charset, a header dropped); a file that cannot be read at all raises
  :class:`curator.core.errors.UnreadableDocument` instead.

Qt-free.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import Optional

from curator.ingest.decoding import Decoded

KINDS = ("pdf", "docx", "odt", "html", "eml", "mbox", "rtf", "text")


@dataclass(frozen=True)
class Attachment:
    """A file attached to an e-mail: listed, never inlined."""
    filename: str
    content_type: str
    size: int  # bytes, decoded


@dataclass(frozen=True)
class Metadata:
    """What the file says about itself. Each value is "" (or None) when the file does not say;
    each ``*_source`` names where the value was read (``"PDF info /Title"``,
    ``"<meta property=article:published_time>"``, ``"Date header"``...)."""
    title: str = ""
    title_source: str = ""
    author: str = ""
    author_source: str = ""
    date: Optional[str] = None  # ISO 8601: 2014-05-08, or 2014-05-08T12:00:00+02:00 with a time
    date_source: str = ""
    url: str = ""
    url_source: str = ""
    language: str = ""
    # e-mail
    sender: str = ""
    recipients: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    subject: str = ""
    message_id: str = ""
    attachments: tuple[Attachment, ...] = ()
    ocr: bool = False  # the text was read from page images by OCR (curator.ingest.ocr), not from the file

    def as_dict(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Origin:
    """The original file: its name (no folder), size and SHA-256 of its bytes."""
    filename: str
    size: int
    sha256: str

    @classmethod
    def of(cls, data: bytes, filename: str) -> "Origin":
        return cls(filename, len(data), hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class Extracted:
    """One document read from a file (a mailbox gives one per message)."""
    text: str
    kind: str  # one of KINDS: the kind of the original file
    origin: Origin
    page_starts: tuple[int, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)
    encoding: str = ""  # text, e-mail, HTML, RTF: the encoding the text was read in
    problems: tuple[str, ...] = ()
    part: str = ""  # which part of the file: "message 2 of 3" in a mailbox, else ""
    decoded: Optional[Decoded] = None  # plain text: how the bytes became text (detection, if any)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        starts = self.page_starts
        if starts:
            if starts[0] != 0:
                raise ValueError("the first page must start at offset 0")
            if any(b < a for a, b in zip(starts, starts[1:])) or starts[-1] > len(self.text):
                raise ValueError(f"page starts {starts[:8]}... are not increasing offsets into the text")

    @property
    def filename(self) -> str:
        return self.origin.filename

    @property
    def sha256(self) -> str:
        return self.origin.sha256

    @property
    def size(self) -> int:
        return self.origin.size

    @property
    def pages(self) -> int:
        return len(self.page_starts)

    def page_of(self, offset: int) -> Optional[int]:
        """The page (1-based) the character at ``offset`` is on, or None without pages."""
        if not self.page_starts:
            return None
        return max(1, bisect_right(self.page_starts, offset))

    def as_dict(self) -> dict:
        """A JSON-ready summary (not the text): for reports and the preview."""
        return {"filename": self.filename, "kind": self.kind, "part": self.part, "size": self.size,
                "sha256": self.sha256, "encoding": self.encoding, "characters": len(self.text),
                "pages": self.pages, "page_starts": list(self.page_starts),
                "metadata": self.metadata.as_dict(), "problems": list(self.problems)}
