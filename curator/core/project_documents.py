"""The part of the :class:`~curator.core.project.Project` facade about a document's original
file (schema 6): what it was (kind, name, size, SHA-256), where its pages start, what it said
about itself, the problems reading it met, and its bytes when the project keeps originals.

Keeping originals is a project setting (``project_meta`` key ``keep_originals``: "on", the
default when unset, or "off"); an original larger than :data:`ORIGINALS_LIMIT` is never kept
(its SHA-256 and size still are). Originals are keyed by their SHA-256, so the messages of a
mailbox share one copy and a file added twice is kept once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Iterable, Optional

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from curator.core.bulk import canonical_json
from curator.core.errors import InvalidInput, NotFound
from curator.core.models import DocumentOriginal
from curator.core.pages import checked_page_starts, page_label, stored_page_starts
from curator.core.tables import D

O = DocumentOriginal.__table__
KEEP_ORIGINALS_KEY = "keep_originals"
ORIGINALS_LIMIT = 20 * 1024 * 1024  # bytes: a larger original is described, not kept
FILE_KINDS = ("pdf", "docx", "odt", "html", "eml", "mbox", "rtf", "text")  # = ingest.extracted.KINDS


@dataclass(frozen=True)
class DocumentSource:
    """A document's original file and what reading it gave (schema 6). ``kind`` is "" for a
    document added before schema 6 or made by hand (then nothing else is known either)."""

    document_id: int
    filename: str
    kind: str
    sha256: str  # of the original file's bytes ("" unknown)
    size: Optional[int]  # bytes (None unknown)
    page_starts: tuple[int, ...] = ()
    metadata: dict = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    original_kept: bool = False

    @property
    def pages(self) -> int:
        return len(self.page_starts)

    @property
    def ocr(self) -> bool:
        return bool(self.metadata.get("ocr"))


def file_columns(doc: dict, text: str, name: str) -> dict:
    """The schema-6 columns of a new document from an ``add_documents`` record: ``kind``,
    ``sha256`` and ``size`` of the original, ``page_starts`` (list), ``metadata`` (dict),
    ``problems`` (list of str); ``original`` (bytes) is checked against ``sha256`` and ``size``.
    Raises InvalidInput naming the document."""
    kind = doc.get("kind") or ""
    if kind not in ("", *FILE_KINDS):
        raise InvalidInput(f"{name}: unknown kind of file {kind!r}")
    original = doc.get("original")
    digest = doc.get("sha256") or ""
    size = doc.get("size")
    if original is not None:
        if not isinstance(original, (bytes, bytearray, memoryview)):
            raise InvalidInput(f"{name}: the original must be bytes")
        actual = hashlib.sha256(original).hexdigest()
        if digest and digest != actual:
            raise InvalidInput(f"{name}: the original's bytes do not have the SHA-256 given")
        if size is not None and size != len(original):
            raise InvalidInput(f"{name}: the original's bytes are not of the size given")
        digest, size = actual, len(original)
    if digest and (len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest)):
        raise InvalidInput(f"{name}: the original's SHA-256 must be 64 lowercase hex digits")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        raise InvalidInput(f"{name}: the original's size must be a whole number of bytes")
    metadata = doc.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise InvalidInput(f"{name}: metadata must be an object")
    problems = doc.get("problems") or []
    if not isinstance(problems, (list, tuple)) or not all(isinstance(p, str) for p in problems):
        raise InvalidInput(f"{name}: problems must be a list of texts")
    try:
        metadata_text = canonical_json(metadata)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"{name}: metadata must be JSON ({exc})") from None
    return {"kind": kind, "source_sha256": digest, "source_size": size,
            "page_starts": canonical_json(checked_page_starts(doc.get("page_starts"), len(text), name)),
            "metadata": metadata_text, "problems": canonical_json(list(problems))}


def keep_original(conn: Connection, digest: str, original: Optional[bytes], keep: bool) -> bool:
    """Store ``original`` under ``digest`` when the project keeps originals and it is small
    enough; True when it is (now or already) kept."""
    if original is None or not digest or not keep or len(original) > ORIGINALS_LIMIT:
        return False
    conn.execute(sqlite_insert(O).values(sha256=digest, content=bytes(original))
                 .on_conflict_do_nothing(index_elements=["sha256"]))
    return True


def _loads(text: str, empty):
    try:
        value = json.loads(text or "null")
    except ValueError:
        return empty
    return value if isinstance(value, type(empty)) else empty


class DocumentSourceMixin:
    """Originals, pages and the file's metadata (see the module docstring)."""

    def keeps_originals(self) -> bool:
        return self.get_meta(KEEP_ORIGINALS_KEY, "on") != "off"

    def set_keep_originals(self, keep: bool) -> None:
        """Whether documents added from now on keep their original bytes (those already kept
        stay)."""
        self.set_meta(KEEP_ORIGINALS_KEY, "on" if keep else "off")

    def document_source(self, document_id: int) -> DocumentSource:
        with self._read() as conn:
            row = conn.execute(select(D.c.filename, D.c.kind, D.c.source_sha256, D.c.source_size,
                                      D.c.page_starts, D.c.metadata, D.c.problems).where(
                D.c.id == document_id, D.c.deleted_at.is_(None))).first()
            if row is None:
                raise NotFound(f"no document with id {document_id}")
            kept = bool(row.source_sha256) and conn.execute(
                select(O.c.sha256).where(O.c.sha256 == row.source_sha256)).first() is not None
        return DocumentSource(document_id, row.filename, row.kind, row.source_sha256,
                              row.source_size, tuple(stored_page_starts(row.page_starts)),
                              _loads(row.metadata, {}), tuple(_loads(row.problems, [])), kept)

    def document_original(self, document_id: int) -> Optional[bytes]:
        """The original file's bytes, when the project kept them."""
        with self._read() as conn:
            digest = conn.execute(select(D.c.source_sha256).where(D.c.id == document_id)).scalar()
            if digest is None:
                raise NotFound(f"no document with id {document_id}")
            content = conn.execute(select(O.c.content).where(O.c.sha256 == digest)).scalar() \
                if digest else None
        return bytes(content) if content is not None else None

    def page_starts_of(self, document_ids: Optional[Iterable[int]] = None) -> dict[int, list[int]]:
        """document id -> its page starts, for the documents that have pages (all live ones, or
        those of ``document_ids``)."""
        query = select(D.c.id, D.c.page_starts).where(D.c.page_starts != "[]")
        if document_ids is not None:
            query = query.where(D.c.id.in_(list(document_ids)))
        with self._read() as conn:
            return {i: starts for i, text in conn.execute(query).all()
                    if (starts := stored_page_starts(text))}

    def page_label(self, document_id: int, start: int, end: int) -> str:
        """"p. 12", "pp. 12–13", or "" for a document without pages."""
        starts = self.page_starts_of([document_id]).get(document_id, [])
        return page_label(starts, start, end)
