"""Reading documents from files: decoding, keeping newlines exactly, and a little metadata.

Qt-free. The text returned is what Curator freezes at import: every offset points into it. Bytes
become text by the one rule in :mod:`curator.ingest.decoding` (the user's encoding, a byte order
mark, UTF-8, or detection); suspected mojibake is reported, and repaired only on request
(:mod:`curator.ingest.mojibake`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from curator.core.errors import InvalidInput
from curator.ingest.decoding import Decoded, decode_bytes
from curator.ingest.mojibake import REPAIRED_SUFFIX, MojibakeReport, find_mojibake

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".text")

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
    decoded: Optional[Decoded] = None  # how the bytes became text (with the detection, if any)
    mojibake: Optional[MojibakeReport] = None  # mojibake found in the decoded text (repaired or not)
    mojibake_repaired: bool = False

    def as_record(self) -> dict:
        """The fields :meth:`curator.core.Project.add_documents` takes."""
        return {"text": self.text, "title": self.title, "filename": self.filename,
                "author": self.author, "published": self.published, "encoding": self.encoding}


def decode(data: bytes, name: str = "the file", encoding: Optional[str] = None) -> tuple[str, str]:
    """(text, encoding label) by the one rule (:func:`curator.ingest.decoding.decode_bytes`),
    refusing a detection that is not sure. Newlines are left exactly as they are."""
    decoded = decode_bytes(data, name, encoding).require_sure(name)
    return decoded.text, decoded.encoding


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, or InvalidInput saying in one line why it cannot be read."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder, not a document") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None


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


def read_document(path: str | Path, encoding: Optional[str] = None,
                  repair_mojibake: bool = False) -> ReadDocument:
    """Read a document file. ``encoding`` is the user's choice (else BOM, UTF-8 or detection; an
    unsure detection is returned as such: see ``decoded.sure``); ``repair_mojibake`` applies the
    mojibake repair (:mod:`curator.ingest.mojibake`), which is reported either way."""
    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"{path} does not exist")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder, not a document")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InvalidInput(f"{path.name}: Curator reads {', '.join(SUPPORTED_SUFFIXES)} files for now")
    decoded = decode_bytes(read_bytes(path), path.name, encoding)
    return document_from(path, decoded, find_mojibake(decoded.text), repair_mojibake)


def document_from(path: str | Path, decoded: Decoded, mojibake: Optional[MojibakeReport],
                  repair_mojibake: bool = False) -> ReadDocument:
    """The document read from ``path`` as ``decoded``, with its mojibake repaired or not (the
    window switches between the two without reading the file again)."""
    path = Path(path)
    repair = bool(repair_mojibake and mojibake is not None)
    text = mojibake.repaired() if repair else decoded.text
    if not text.strip():
        raise InvalidInput(f"{path.name} is empty")
    return ReadDocument(text=text, title=guess_title(text, path.stem), filename=path.name,
                        encoding=decoded.encoding + (REPAIRED_SUFFIX if repair else ""),
                        author=_front_matter_value(text, "author"),
                        published=_front_matter_value(text, "date"), decoded=decoded, mojibake=mojibake,
                        mojibake_repaired=repair)
