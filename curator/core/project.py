"""The Project facade: the one door to a project file.

Views, undo commands, headless commands and tests all go through it; nothing else runs SQL.
Every method that changes something runs in its own ``BEGIN IMMEDIATE`` transaction and
commits before it returns (SQLite as an application file format: there is no unsaved state).
The facade is one class assembled from parts: this module (lifecycle, documents, adding and
reading spans, the whole-project checks), :mod:`curator.core.project_events` (events, evidence,
event actors and places, roles), :mod:`curator.core.project_annotations` (tag set, highlights,
deleting and restoring spans, a document's spans as columns),
:mod:`curator.core.project_actors` (actors and places, merge, find mentions),
:mod:`curator.core.project_listing` (the event table's questions: which events a query
shows, in which order, the rows of a few), :mod:`curator.core.project_queries` (timeline lanes,
text search), :mod:`curator.core.project_documents` (originals, pages, a file's metadata),
:mod:`curator.core.project_suggestions` (rejected suggestions), :mod:`curator.core.project_fields`
(typed event fields and their values), :mod:`curator.core.project_claims` (claim links:
events that report one happening) and :mod:`curator.core.project_claim_reads` (the candidate
finder's reads: events as columns, and as records with their quotes).
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, TypeVar

from sqlalchemy import Connection, and_, event, func, insert, literal, select, update
from sqlalchemy.exc import DBAPIError

from curator.core import damage, file_access, listing
from curator.core import database as db
from curator.core import wal
from curator.core.date_check import date_problems, document_date_notes
from curator.core.field_values import field_problems, sort_key_problems
from curator.core.errors import Cancelled, InvalidInput, InvalidOffsets, NotFound, ReadOnlyProject
from curator.core.locking import LockWait, ProjectBusy
from curator.core.project_actors import ActorsMixin
from curator.core.project_annotations import AnnotationsMixin
from curator.core.project_claim_reads import ClaimReadsMixin
from curator.core.project_claims import ClaimsMixin
from curator.core.project_documents import DocumentSourceMixin, file_columns, keep_original
from curator.core.project_events import EventsMixin
from curator.core.project_fields import FieldsMixin
from curator.core.project_listing import ListingMixin
from curator.core.project_queries import QueriesMixin
from curator.core.project_suggestions import SuggestionsMixin
from curator.core.records import DocumentInfo, SpanInfo
from curator.core.sqlite_file import parse_header, read_head
from curator.core.tables import (  # noqa: F401  (text_sha256, title_from_passage: public helpers)
    A, CL, D, E, EA, EV, F, FV, META, RS, S, T, check_date, text_sha256, title_from_passage,
)

DOCUMENT_FIELDS = ("title", "author", "source_kind", "published", "published_inferred", "source")
"""What :meth:`Project.update_document` may change (the text, its hash, file name and encoding
are what the file was)."""

_Plan = TypeVar("_Plan")
_Result = TypeVar("_Result")


class Project(EventsMixin, ListingMixin, AnnotationsMixin, ActorsMixin, QueriesMixin,
              SuggestionsMixin, DocumentSourceMixin, FieldsMixin, ClaimsMixin, ClaimReadsMixin):
    """An open project file. Use :meth:`create` or :meth:`open`; close it (or use ``with``)."""

    def __init__(self, path: Path, annotator: str = "", access: Optional[file_access.Access] = None,
                 lock_wait: Optional[LockWait] = None):
        self.path = Path(path)
        self.annotator = annotator
        # read-only when the file, its folder or its medium cannot be written (file_access.probe)
        self.access = access if access is not None else file_access.probe(self.path)
        self._engine = db.make_engine(self.path, self.access, lock_wait)
        self._batch: Optional[Connection] = None  # the open batch's connection (see batch())
        self._batch_thread: Optional[int] = None
        self._closed = False
        wal.note_open(self.path)

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def create(cls, path: str | Path, annotator: str = "", lock_wait: Optional[LockWait] = None) -> "Project":
        path = Path(path)
        db.create_file(path)
        return cls(path, annotator, lock_wait)

    @classmethod
    def open(cls, path: str | Path, annotator: str = "", migrate: bool = True,
             verify: bool = False, lock_wait: Optional[LockWait] = None) -> "Project":
        """Open an existing file. A newer schema is refused untouched; an older one is migrated
        (after a backup copy) when ``migrate`` is true, refused otherwise. A stale ``-wal`` and a
        schema with what Curator did not make are refused untouched (see database.check_openable).
        A file Curator cannot write (see :mod:`curator.core.file_access`) opens read-only; an
        older one then cannot be upgraded and is refused. ``verify`` runs SQLite's quick check
        first and raises DamagedProject with the one-line diagnosis (the headless commands and
        the window do). ``lock_wait``: how writes wait for another program's lock (see
        curator.core.locking)."""
        path = Path(path)
        version = db.check_openable(path)
        access = file_access.probe(path)
        if access.read_only and access.unreadable:
            raise ReadOnlyProject(access.cannot_read())
        if verify:
            damage.verify(path)
        if version < db.SCHEMA_VERSION:
            if access.read_only:
                raise ReadOnlyProject(
                    f"{path} uses schema {version} and needs an upgrade to schema {db.SCHEMA_VERSION} "
                    f"to open, which writes to the file, but it is read-only ({access.reason}); "
                    "copy it to a writable folder and open the copy")
            if not migrate:
                raise db.MigrationError(f"{path} uses schema {version} and needs an upgrade")
            db.migrate(path)
        project = cls(path, annotator, access, lock_wait)
        if not access.read_only:
            project._check_writable()
            project._settle_listing()
        return project

    def _settle_listing(self) -> None:
        """List the events marked stale by writes that did not list them (another program's, a
        migration's: see :mod:`curator.core.listing`). When another program holds the write
        lock, the next write of this project lists them instead."""
        if self.access.read_only:
            return
        with self._read() as conn:
            if not listing.needs_settle(conn.connection.dbapi_connection):
                return
        try:
            with db.write_transaction(self._engine, LockWait(limit=0.0, attempt_ms=200)):
                pass  # the transaction's end settles
        except ProjectBusy:
            pass

    def _check_writable(self) -> None:
        """Connect once: when SQLite cannot open the file for writing although the checks said it
        could (a write-protected drive on Windows, a share refusing writes), reopen it read-only
        with SQLite's reason."""
        try:
            with self._engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA user_version").scalar()
        except DBAPIError as exc:
            if not file_access.is_write_refusal(exc.orig):
                raise
            policy = self.lock_wait
            self._engine.dispose()
            self.access = file_access.refused_by_sqlite(self.path, exc.orig)
            self._engine = db.make_engine(self.path, self.access, policy)

    def defer_checkpoints(self) -> None:
        """Commit without folding the WAL into the main file: SQLite does it inside the commit
        that takes the WAL past 1,000 pages (megabytes written and synced: 0.1-0.5 s in the
        middle of an edit). The window folds it on a worker instead (PASSIVE checkpoints,
        :mod:`curator.ui.store.checkpoints`), and as ever when the project is closed."""
        if self.access.read_only:
            return
        event.listen(self._engine, "connect",
                     lambda dbapi_conn, _record: dbapi_conn.execute("PRAGMA wal_autocheckpoint = 0"))
        self._engine.dispose()  # the pooled connections are made again, with it

    @property
    def read_only(self) -> bool:
        """Whether Curator opened this file read-only (every write then raises ReadOnlyProject)."""
        return self.access.read_only

    @property
    def read_only_reason(self) -> str:
        """Why it is read-only ("on a read-only medium", "the file is read-only", …), or ""."""
        return self.access.reason

    def close(self, checkpoint: bool = True) -> None:
        """Close the connections; with ``checkpoint`` fold the WAL into the main file first, so
        that a copy of the closed project's main file is whole (see curator.core.wal)."""
        if self._closed:
            return
        self._closed = True
        self._engine.dispose()
        wal.note_closed(self.path)
        if checkpoint and not self.access.read_only:  # a read-only project is never written
            wal.checkpoint(self.path)

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def lock_wait(self) -> LockWait:
        """How this project's writes wait for another program's lock."""
        return self._engine.curator_lock_wait

    @lock_wait.setter
    def lock_wait(self, policy: LockWait) -> None:
        self._engine.curator_lock_wait = policy

    def _in_batch(self) -> bool:
        return self._batch is not None and self._batch_thread == threading.get_ident()

    @contextmanager
    def batch(self, lock_wait: Optional[LockWait] = None) -> Iterator[None]:
        """Make every facade call inside one write transaction, all or nothing: the lock is
        taken once at the start (ProjectBusy then, before anything is done), each inner write is
        a savepoint, inner reads see what the batch wrote. Nested batches join the outer one."""
        if self._in_batch():
            with self._batch.begin_nested():
                yield
            return
        self._require_writable()
        with db.write_transaction(self._engine, lock_wait) as conn:
            self._batch, self._batch_thread = conn, threading.get_ident()
            try:
                yield
            finally:
                self._batch = self._batch_thread = None

    @contextmanager
    def _savepoint(self) -> Iterator[Connection]:
        with self._batch.begin_nested():
            yield self._batch

    def write_planned(self, plan: Callable[[Connection], _Plan],
                      apply: Callable[[Connection, _Plan], _Result], tries: int = 3) -> _Result:
        """A long write (an import, a merge) that holds the write lock only while it writes:
        ``plan(conn)`` runs on a read snapshot without the lock (checking, comparing, deciding:
        the slow part), then ``apply(conn, planned)`` runs in one ``BEGIN IMMEDIATE``
        transaction, all or nothing. If another connection committed in between (``PRAGMA
        data_version`` changed), the plan is made again; the last of ``tries`` plans is made
        inside the write transaction, so nothing can slip between planning and writing."""
        if self._in_batch():
            return apply(self._batch, plan(self._batch))
        self._require_writable()
        policy = self.lock_wait
        with self._engine.connect() as conn:
            for attempt in range(1, tries + 1):
                last = attempt == tries
                if not last:
                    conn.execution_options(curator_write=False)
                    with conn.begin():
                        seen = conn.exec_driver_sql("PRAGMA data_version").scalar()
                        planned = plan(conn)
                conn.execution_options(curator_write=policy)
                with conn.begin():
                    if last:
                        result = apply(conn, plan(conn))
                        db.settle_listing(conn)
                        return result
                    if conn.exec_driver_sql("PRAGMA data_version").scalar() == seen:
                        result = apply(conn, planned)
                        db.settle_listing(conn)
                        return result
        raise AssertionError("unreachable")  # pragma: no cover

    def _require_writable(self) -> None:
        if self.access.read_only:
            raise ReadOnlyProject(self.access.refusal())

    def _write(self):
        self._require_writable()
        if self._in_batch():
            return self._savepoint()
        return db.write_transaction(self._engine)

    def raw_reader(self) -> sqlite3.Connection:
        """A plain sqlite3 connection for reading the whole file (checks, copies): the read-only
        URI of a read-only project, else an ordinary connection that only reads (it joins the
        WAL and, closing last, tidies its side files away as any connection does)."""
        if self.access.read_only:
            return self.access.connect()
        conn = sqlite3.connect(self.path)
        conn.execute("PRAGMA query_only = ON")
        return conn

    def _read(self):
        if self._in_batch():
            return nullcontext(self._batch)
        return db.read_transaction(self._engine)

    def _new_record(self, now: Optional[str] = None) -> dict:
        now = now or db.utc_now()
        return {"uid": str(uuid.uuid4()), "created_at": now, "updated_at": now,
                "created_by": self.annotator or ""}

    # ------------------------------------------------------------------ metadata
    def get_meta(self, key: str, default: str = "") -> str:
        with self._read() as conn:
            value = conn.execute(select(META.c.value).where(META.c.key == key)).scalar()
        return default if value is None else value

    def set_meta(self, key: str, value: str) -> None:
        with self._write() as conn:
            conn.exec_driver_sql(
                "INSERT INTO project_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    @property
    def schema_version(self) -> int:
        with self._read() as conn:
            return conn.exec_driver_sql("PRAGMA user_version").scalar()

    # ------------------------------------------------------------------ documents
    def add_document(self, text: str, *, title: str = "", source_kind: str = "", author: str = "",
                     published: str = "", filename: str = "", published_inferred: bool = False,
                     source: str = "", encoding: str = "") -> int:
        return self.add_documents([dict(
            text=text, title=title, source_kind=source_kind, author=author, published=published,
            filename=filename, published_inferred=published_inferred, source=source,
            encoding=encoding)])[0]

    def add_documents(self, docs: Iterable[dict], skip_known_texts: bool = False,
                      progress: Optional[Callable[[int, int], bool]] = None) -> list[Optional[int]]:
        """Import several documents in one transaction (all or nothing); their ids in order.
        A document's ``published`` is "" or an EDTF day, month or year (a file's own date is
        read into one by :func:`curator.ingest.dating.dated_record`). With ``skip_known_texts``
        a text the project already holds (or that came earlier in ``docs``) is not added again,
        and its place in the result is None.

        Schema 6: a record read from a file (:func:`curator.ingest.document_record.document_record`)
        also says what the original was: ``kind`` (one of curator.ingest.extracted.KINDS),
        ``sha256`` and ``size`` of the original's bytes, ``page_starts`` (code points),
        ``metadata`` (a dict), ``problems`` (a list of texts) and ``original`` (its bytes, or
        None), kept when the project keeps originals (see :mod:`curator.core.project_documents`).
        ``progress(done, total)`` after each document; False from it cancels (Cancelled: nothing
        is added)."""
        from curator.temporal.rule import document_date_value  # here: temporal imports core

        ids: list[Optional[int]] = []
        keep = self.keeps_originals()
        docs = list(docs)
        with self._write() as conn:
            known = set(conn.execute(select(D.c.sha256).where(D.c.deleted_at.is_(None))).scalars()) \
                if skip_known_texts else set()
            for number, doc in enumerate(docs, 1):
                if progress is not None and not progress(number - 1, len(docs)):
                    raise Cancelled()
                text = doc["text"]
                if not isinstance(text, str):
                    raise InvalidInput("a document's text must be a string")
                digest = text_sha256(text)
                if skip_known_texts and digest in known:
                    ids.append(None)
                    continue
                known.add(digest)
                try:
                    published = document_date_value(doc.get("published") or "")
                except InvalidInput as exc:
                    raise InvalidInput(f"{doc.get('filename') or doc.get('title') or 'a document'}: "
                                       f"{exc}") from exc
                row = self._new_record() | {
                    "title": doc.get("title") or "", "source_kind": doc.get("source_kind") or "",
                    "author": doc.get("author") or "", "published": published,
                    "published_inferred": bool(doc.get("published_inferred")),
                    "source": doc.get("source") or "", "filename": doc.get("filename") or "",
                    "encoding": doc.get("encoding") or "", "text": text, "sha256": digest} | \
                    file_columns(doc, text, doc.get("filename") or doc.get("title") or "a document")
                keep_original(conn, row["source_sha256"], doc.get("original"), keep)
                ids.append(conn.execute(insert(D).values(row)).inserted_primary_key[0])
        return ids

    def _document_columns(self, lengths: bool = True):
        return (D.c.id, D.c.uid, D.c.title, D.c.source_kind, D.c.author, D.c.published,
                D.c.filename, func.length(D.c.text) if lengths else literal(-1), D.c.sha256,
                D.c.published_inferred, D.c.source, D.c.encoding)

    def documents(self, lengths: bool = True) -> list[DocumentInfo]:
        """Every live document. ``lengths=False``: without counting their characters (``length``
        is -1), which reads every text: 0.1 s for 100 MB of them (a list of titles needs none)."""
        with self._read() as conn:
            rows = conn.execute(select(*self._document_columns(lengths))
                                .where(D.c.deleted_at.is_(None)).order_by(D.c.id)).all()
        return [DocumentInfo(*row) for row in rows]

    def document(self, document_id: int) -> DocumentInfo:
        with self._read() as conn:
            row = conn.execute(select(*self._document_columns()).where(
                D.c.id == document_id, D.c.deleted_at.is_(None))).first()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        return DocumentInfo(*row)

    def document_text(self, document_id: int) -> str:
        with self._read() as conn:
            text = conn.execute(select(D.c.text).where(D.c.id == document_id)).scalar()
        if text is None:
            raise NotFound(f"no document with id {document_id}")
        return text

    def update_document(self, document_id: int, **changes) -> DocumentInfo:
        """Change a document's metadata in one transaction: ``title`` (not blank), ``author``,
        ``source_kind``, ``published`` (its date: "" or an EDTF day, month or year, stored in
        the standard form; see :func:`curator.temporal.rule.document_date_value`), ``source``
        (URL or citation) and ``published_inferred``. A date set without ``published_inferred``
        was set by hand: the inferred flag is cleared. An unchanged ``published`` is not
        checked again (an older project's free text may stay). The text is frozen: never
        changed. Events already dated are not re-dated; new suggestions and guesses use the
        new date. Returns the document as it now is."""
        return self._set_document_fields(document_id, changes, restoring=False)

    def restore_document_fields(self, document_id: int, fields: dict) -> DocumentInfo:
        """Undo :meth:`update_document`: put back ``fields`` exactly as :meth:`document` read
        them before the change, an older project's free-text date included."""
        return self._set_document_fields(document_id, fields, restoring=True)

    def _set_document_fields(self, document_id: int, changes: dict, restoring: bool) -> DocumentInfo:
        from curator.temporal.rule import document_date_value  # here: temporal imports core

        unknown = set(changes) - set(DOCUMENT_FIELDS)
        if unknown:
            raise InvalidInput(f"documents have no editable field {', '.join(sorted(unknown))}")
        for key, value in changes.items():
            if key == "published_inferred":
                if not isinstance(value, bool):
                    raise InvalidInput("published_inferred must be true or false")
            elif not isinstance(value, str):
                raise InvalidInput(f"a document's {key} must be text")
        if "title" in changes and not changes["title"].strip() and not restoring:
            raise InvalidInput("a document needs a title")
        values = dict(changes)
        with self._write() as conn:
            current = conn.execute(select(D.c.published).where(
                D.c.id == document_id, D.c.deleted_at.is_(None))).scalar()
            if current is None:
                raise NotFound(f"no document with id {document_id}")
            if "published" in values and not restoring:
                if values["published"] != current:
                    values["published"] = document_date_value(values["published"])
                values.setdefault("published_inferred", False)
            if values:
                conn.execute(update(D).where(D.c.id == document_id)
                             .values(**values, updated_at=db.utc_now()))
        return self.document(document_id)

    def delete_document(self, document_id: int) -> str:
        """Tombstone a document with its spans and their evidence links."""
        now = db.utc_now()
        with self._write() as conn:
            self._require(conn, D, document_id)
            span_ids = select(S.c.id).where(S.c.document_id == document_id)
            self._tombstone(conn, EV, EV.c.span_id.in_(span_ids), now)
            self._tombstone(conn, S, S.c.document_id == document_id, now)
            self._tombstone(conn, D, D.c.id == document_id, now)
        return now

    def delete_documents(self, document_ids: Iterable[int]) -> str:
        """Tombstone documents (as :meth:`delete_document`) in one transaction; returns the stamp
        :meth:`restore_documents` takes to undo exactly this."""
        ids = list(document_ids)
        now = db.utc_now()
        with self._write() as conn:
            for document_id in ids:
                self._require(conn, D, document_id)
            span_ids = select(S.c.id).where(S.c.document_id.in_(ids))
            self._tombstone(conn, EV, EV.c.span_id.in_(span_ids), now)
            self._tombstone(conn, S, S.c.document_id.in_(ids), now)
            self._tombstone(conn, D, D.c.id.in_(ids), now)
        return now

    def restore_documents(self, document_ids: Iterable[int], stamp: str) -> None:
        """Undo :meth:`delete_documents`: the documents, spans and links that deletion tombstoned,
        with their ids and uids."""
        ids = list(document_ids)
        now = db.utc_now()
        with self._write() as conn:
            self._untombstone(conn, D, D.c.id.in_(ids), stamp, now)
            span_ids = select(S.c.id).where(S.c.document_id.in_(ids))
            self._untombstone(conn, S, S.c.document_id.in_(ids), stamp, now)
            self._untombstone(conn, EV, EV.c.span_id.in_(span_ids), stamp, now)

    # ------------------------------------------------------------------ spans
    def _insert_span(self, conn: Connection, document_id: int, start: int, end: int, now: str) -> int:
        text = conn.execute(select(D.c.text).where(
            D.c.id == document_id, D.c.deleted_at.is_(None))).scalar()
        if text is None:
            raise NotFound(f"no document with id {document_id}")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise InvalidOffsets(
                f"span {start}..{end} is not a non-empty passage of the document (0..{len(text)})")
        row = self._new_record(now) | {"document_id": document_id, "start": start, "end": end,
                                       "quote": text[start:end]}
        return conn.execute(insert(S).values(row)).inserted_primary_key[0]

    def add_span(self, document_id: int, start: int, end: int) -> int:
        with self._write() as conn:
            return self._insert_span(conn, document_id, start, end, db.utc_now())

    def spans(self, document_id: int) -> list[SpanInfo]:
        """Live spans of a document in text order, each with the live events it is evidence for,
        its label, note and the actor it mentions."""
        with self._read() as conn:
            return self._span_infos(conn, S.c.document_id == document_id)

    @staticmethod
    def _span_infos(conn: Connection, where, order_by_document: bool = False) -> list[SpanInfo]:
        """Live spans matching ``where`` with their live events: two plain selects (no grouping
        join), so 100,000 spans read quickly."""
        order = (S.c.document_id, S.c.start, S.c.end, S.c.id) if order_by_document else (S.c.start, S.c.end, S.c.id)
        rows = conn.execute(
            select(S.c.id, S.c.uid, S.c.document_id, S.c.start, S.c.end, S.c.quote,
                   S.c.tag_id, S.c.note, S.c.actor_id)
            .where(where, S.c.deleted_at.is_(None)).order_by(*order)).all()
        events: dict[int, list[int]] = {}
        live = func.likely  # nearly every row is live: else SQLite reads the deleted_at indexes
        for span_id, event_id in conn.execute(
                select(EV.c.span_id, EV.c.event_id)
                .select_from(EV.join(E, and_(E.c.id == EV.c.event_id, live(E.c.deleted_at.is_(None)))))
                .where(live(EV.c.deleted_at.is_(None)), EV.c.span_id.in_(
                    select(S.c.id).where(where, live(S.c.deleted_at.is_(None)))))
                .order_by(EV.c.event_id)):
            events.setdefault(span_id, []).append(event_id)
        return [SpanInfo(r[0], r[1], r[2], r[3], r[4], r[5], tuple(events.get(r[0], ())), r[6], r[7], r[8])
                for r in rows]

    # ------------------------------------------------------------------ whole project
    def stats(self) -> dict:
        counts = {}
        with self._read() as conn:
            for key, table in (("documents", D), ("spans", S), ("events", E), ("actors", A),
                               ("event_actor_links", EA), ("evidence_links", EV),
                               ("rejected_suggestions", RS)):
                counts[key] = conn.execute(select(func.count()).select_from(table)
                                           .where(table.c.deleted_at.is_(None))).scalar()
            counts["dated_events"] = conn.execute(select(func.count()).select_from(E).where(
                E.c.deleted_at.is_(None), E.c.earliest.is_not(None) | E.c.latest.is_not(None))).scalar()
            counts["tags"] = conn.execute(select(func.count()).select_from(T).where(
                T.c.deleted_at.is_(None))).scalar()
            counts["highlights"] = conn.execute(select(func.count()).select_from(S).where(
                S.c.deleted_at.is_(None), S.c.tag_id.is_not(None))).scalar()
            counts["mentions"] = conn.execute(select(func.count()).select_from(S).where(
                S.c.deleted_at.is_(None), S.c.actor_id.is_not(None))).scalar()
            counts["places"] = conn.execute(select(func.count()).select_from(A).where(
                A.c.deleted_at.is_(None), A.c.kind == "place")).scalar()
            counts.update(self._field_counts(conn))
            counts["tombstones"] = sum(conn.execute(select(func.count()).select_from(t).where(
                t.c.deleted_at.is_not(None))).scalar() for t in (D, T, S, E, A, EA, EV, RS, F, FV, CL))
        counts["schema_version"] = self.schema_version
        return counts

    def check(self) -> dict:
        """Integrity and schema check: SQLite's own checks plus Curator's stand-off invariants."""
        problems: list[str] = []
        raw = self.raw_reader()
        try:
            raw.execute("PRAGMA trusted_schema = OFF")
            try:
                integrity = [r[0] for r in raw.execute("PRAGMA integrity_check")]
            except sqlite3.DatabaseError as exc:  # SQLite's check itself stops at a bad page
                if not damage.is_damage(exc):
                    raise
                integrity = [str(exc)]
            if integrity != ["ok"]:
                raw.close()
                diagnosis = damage.diagnose(self.path)
                if not diagnosis.damaged:  # what only the full check sees (an index out of step)
                    diagnosis = damage.from_integrity(self.path, integrity)
                return damage_report(diagnosis, self.access)
            for table, rowid, parent, _ in raw.execute("PRAGMA foreign_key_check"):
                problems.append(f"{table} row {rowid} refers to a missing {parent}")
            app_id = raw.execute("PRAGMA application_id").fetchone()[0]
            version = raw.execute("PRAGMA user_version").fetchone()[0]
            texts = dict(raw.execute("SELECT id, text FROM document"))
            for span_id, doc_id, start, end, quote in raw.execute(
                    "SELECT id, document_id, start, \"end\", quote FROM span WHERE deleted_at IS NULL"):
                text = texts.get(doc_id)
                if text is None or not 0 <= start < end <= len(text):
                    problems.append(f"span {span_id}: offsets {start}..{end} outside its document")
                elif text[start:end] != quote:
                    problems.append(f"span {span_id}: quote differs from the text at {start}..{end}")
            for rejection_id, doc_id, start, end in raw.execute(
                    "SELECT id, document_id, start, \"end\" FROM rejected_suggestion WHERE deleted_at IS NULL"):
                text = texts.get(doc_id)
                if text is None or not 0 <= start < end <= len(text):
                    problems.append(f"rejected suggestion {rejection_id}: offsets {start}..{end} outside its document")
            problems += self._reference_problems(raw)
            problems += date_problems(raw)
            problems += listing.problems(raw)
            problems += sort_key_problems(raw)
            notes = document_date_notes(raw) + listing.stale_note(raw)
            for doc_id, text, sha in raw.execute("SELECT id, text, sha256 FROM document"):
                if text_sha256(text) != sha:
                    problems.append(f"document {doc_id}: text does not match its hash")
        finally:
            raw.close()
        problems += self._listing_index_problems()
        if app_id != db.APPLICATION_ID:
            problems.append(f"application_id is {app_id:#x}, expected {db.APPLICATION_ID:#x}")
        return {"ok": not problems, "damaged": False, "application_id": app_id,
                "user_version": version, "schema_version": db.SCHEMA_VERSION,
                "integrity": integrity, "problems": problems,
                "notes": notes} | _read_only_fields(self.access)

    def _listing_index_problems(self) -> list[str]:
        """The full-text index's own check (SQLite runs it as a write that writes nothing: in a
        transaction rolled back). Skipped for a read-only project, or while another program
        holds the write lock."""
        if self.access.read_only:
            return []
        conn = sqlite3.connect(self.path, timeout=1, isolation_level=None)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("BEGIN")
            try:
                return listing.index_problems(conn)
            finally:
                conn.execute("ROLLBACK")
        except sqlite3.OperationalError:  # busy: the next check will tell
            return []
        finally:
            conn.close()

    @staticmethod
    def _reference_problems(raw: sqlite3.Connection) -> list[str]:
        """Live spans' labels and mentions and events' places must name existing records (a live
        span's label a live tag; a place an actor of kind "place")."""
        problems = []
        for span_id, tag_id, dead in raw.execute(
                "SELECT s.id, s.tag_id, t.deleted_at IS NOT NULL FROM span s LEFT JOIN tag t "
                "ON t.id = s.tag_id WHERE s.deleted_at IS NULL AND s.tag_id IS NOT NULL "
                "AND (t.id IS NULL OR t.deleted_at IS NOT NULL)"):
            problems.append(f"span {span_id}: its label tag {tag_id} is {'deleted' if dead else 'missing'}")
        for span_id, actor_id in raw.execute(
                "SELECT s.id, s.actor_id FROM span s LEFT JOIN actor a ON a.id = s.actor_id "
                "WHERE s.deleted_at IS NULL AND s.actor_id IS NOT NULL AND a.id IS NULL"):
            problems.append(f"span {span_id}: it mentions actor {actor_id}, which does not exist")
        for event_id, place_id in raw.execute(
                "SELECT e.id, e.place_id FROM event e LEFT JOIN actor a ON a.id = e.place_id "
                "WHERE e.deleted_at IS NULL AND e.place_id IS NOT NULL AND a.id IS NULL"):
            problems.append(f"event {event_id}: its place {place_id} does not exist")
        return problems + field_problems(raw)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _require(conn: Connection, table, record_id: int) -> None:
        found = conn.execute(select(table.c.id).where(
            table.c.id == record_id, table.c.deleted_at.is_(None))).scalar()
        if found is None:
            raise NotFound(f"no {table.name.replace('_', ' ')} with id {record_id}")

    @staticmethod
    def _tombstone(conn: Connection, table, where, now: str) -> None:
        """Tombstone the live rows of ``table`` that match ``where``, with the stamp ``now``."""
        conn.execute(update(table).where(where, table.c.deleted_at.is_(None))
                     .values(deleted_at=now, updated_at=now))

    @staticmethod
    def _untombstone(conn: Connection, table, where, stamp: str, now: str) -> None:
        """Bring back the rows of ``table`` that match ``where`` and were tombstoned with ``stamp``."""
        conn.execute(update(table).where(where, table.c.deleted_at == stamp)
                     .values(deleted_at=None, updated_at=now))


def _read_only_fields(access: file_access.Access) -> dict:
    if not access.read_only:
        return {"read_only": False}
    return {"read_only": True, "read_only_reason": access.reason} | (
        {"read_only_note": access.note} if access.note else {})


def damage_report(diagnosis: damage.Diagnosis, access: Optional[file_access.Access] = None) -> dict:
    """`curator check`'s JSON for a damaged file: ``{"ok": false, "damaged": true, "problems":
    [...], "diagnosis": one line, "integrity": SQLite's quick_check lines, "backup", ...}``."""
    try:
        header = parse_header(read_head(diagnosis.path))
    except OSError:
        header = None
    return {"ok": False, "damaged": True, "diagnosis": diagnosis.line(),
            "problems": diagnosis.problems, "integrity": diagnosis.integrity,
            "backup": str(diagnosis.backup) if diagnosis.backup else None,
            "recoverable": diagnosis.salvageable,
            "application_id": header.application_id if header else None,
            "user_version": header.user_version if header else None,
            "schema_version": db.SCHEMA_VERSION} | _read_only_fields(
                access or file_access.probe(diagnosis.path))
