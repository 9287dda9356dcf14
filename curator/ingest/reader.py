"""Reading documents from files: decoding, keeping newlines exactly, and a little metadata.

Qt-free. The text returned is what Curator freezes at import: every offset points into it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from curator.core.errors import InvalidInput

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".text")

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_FRONT_MATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.M)
_WIKI_HEADING = re.compile(r"^\s*=+\s*(.+?)\s*=+\s*$", re.M)


@dataclass(frozen=True)
class ReadDocument:
    text: str
    title: str
    filename: str
    encoding: str
    author: str = ""
    published: str = ""

    def as_record(self) -> dict:
        """The fields :meth:`curator.core.Project.add_documents` takes."""
        return {"text": self.text, "title": self.title, "filename": self.filename,
                "author": self.author, "published": self.published}


def decode(data: bytes, name: str = "the file") -> tuple[str, str]:
    """(text, encoding). A BOM decides; otherwise UTF-8, then Windows-1252 as a last resort.
    Newlines are left exactly as they are."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InvalidInput(f"{name} starts with a {encoding} mark but is not {encoding}: {exc.reason}") from exc
    if b"\x00" in data[:4096] and data.count(b"\x00") > len(data) // 8:
        raise InvalidInput(f"{name} looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"{name} is neither UTF-8 nor Windows-1252 text") from exc


def _front_matter_value(text: str, key: str) -> str:
    m = _FRONT_MATTER.match(text)
    if not m:
        return ""
    for line in m.group(1).splitlines():
        if line.lower().startswith(key + ":"):
            return line.split(":", 1)[1].strip().strip("'\"")
    return ""


def guess_title(text: str, fallback: str) -> str:
    title = _front_matter_value(text, "title")
    if title:
        return title
    body = _FRONT_MATTER.sub("", text, count=1)
    head = body[:4000]
    for pattern in (_MD_HEADING, _WIKI_HEADING):
        m = pattern.search(head)
        if m and m.start() < 400:
            return m.group(1).strip()
    for line in head.splitlines():
        line = " ".join(line.split())
        if 3 <= len(line) <= 120:
            return line
    return fallback


def read_document(path: str | Path) -> ReadDocument:
    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"{path} does not exist")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder, not a document")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InvalidInput(f"{path.name}: Curator reads {', '.join(SUPPORTED_SUFFIXES)} files for now")
    text, encoding = decode(path.read_bytes(), path.name)
    if not text.strip():
        raise InvalidInput(f"{path.name} is empty")
    return ReadDocument(text=text, title=guess_title(text, path.stem), filename=path.name,
                        encoding=encoding, author=_front_matter_value(text, "author"),
                        published=_front_matter_value(text, "date"))
