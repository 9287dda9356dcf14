"""The Project facade: the one door to a project file.

Views, undo commands, headless commands and tests all go through it; nothing else runs SQL.
Every method that changes something runs in its own ``BEGIN IMMEDIATE`` transaction and
commits before it returns (SQLite as an application file format: there is no unsaved state).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import uuid
from pathlib import Path
from typing import Iterable, Optional

from sqlalchemy import Connection, and_, func, insert, select, update

from curator.core import database as db
from curator.core.errors import InvalidInput, InvalidOffsets, NotFound
from curator.core.models import (
    Actor, Document, Event, EventActor, EventEvidence, ProjectMeta, RejectedSuggestion, Span,
)
from curator.core.records import (
    EVENT_DATE_FIELDS, EVENT_TEXT_FIELDS, ActorInfo, DateFields, DocumentInfo, EventInfo, EventRow,
    SpanInfo,
)

D = Document.__table__
S = Span.__table__
E = Event.__table__
A = Actor.__table__
EA = EventActor.__table__
EV = EventEvidence.__table__
META = ProjectMeta.__table__
RS = RejectedSuggestion.__table__

_ISO_DAY = re.compile(r"^-?\d{4}-\d{2}-\d{2}$")
TITLE_LENGTH = 90


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def title_from_passage(quote: str, limit: int = TITLE_LENGTH) -> str:
    """A one-line title made from a passage: whitespace collapsed, cut at a word boundary."""
    line = " ".join(quote.split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
    return cut.rstrip(",;:") + "…"


def _check_date(date: DateFields) -> None:
    for name in ("earliest", "latest"):
        value = getattr(date, name)
        if value is not None and not _ISO_DAY.match(value):
            raise InvalidInput(f"{name} must be an ISO date YYYY-MM-DD, not {value!r}")
    if (date.earliest is None) != (date.latest is None):
        raise InvalidInput("a date needs both earliest and latest, or neither")
    if date.earliest and date.latest and date.earliest > date.latest:
        raise InvalidInput(f"earliest {date.earliest} is after latest {date.latest}")


class Project:
    """An open project file. Use :meth:`create` or :meth:`open`; close it (or use ``with``)."""

    def __init__(self, path: Path, annotator: str = ""):
        self.path = Path(path)
        self.annotator = annotator
        self._engine = db.make_engine(self.path)

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def create(cls, path: str | Path, annotator: str = "") -> "Project":
        path = Path(path)
        db.create_file(path)
        return cls(path, annotator)

    @classmethod
    def open(cls, path: str | Path, annotator: str = "", migrate: bool = True) -> "Project":
        """Open an existing file. A newer schema is refused untouched; an older one is migrated
        (after a backup copy) when ``migrate`` is true, refused otherwise."""
        path = Path(path)
        version = db.check_openable(path)
        if version < db.SCHEMA_VERSION:
            if not migrate:
                raise db.MigrationError(f"{path} uses schema {version} and needs an upgrade")
            db.migrate(path)
        return cls(path, annotator)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self):
        return db.write_transaction(self._engine)

    def _read(self):
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
                     published: str = "", filename: str = "") -> int:
        return self.add_documents([dict(text=text, title=title, source_kind=source_kind,
                                        author=author, published=published, filename=filename)])[0]

    def add_documents(self, docs: Iterable[dict]) -> list[int]:
        """Import several documents in one transaction (all or nothing)."""
        ids = []
        with self._write() as conn:
            for doc in docs:
                text = doc["text"]
                if not isinstance(text, str):
                    raise InvalidInput("a document's text must be a string")
                row = self._new_record() | {
                    "title": doc.get("title") or "", "source_kind": doc.get("source_kind") or "",
                    "author": doc.get("author") or "", "published": doc.get("published") or "",
                    "filename": doc.get("filename") or "", "text": text, "sha256": text_sha256(text)}
                ids.append(conn.execute(insert(D).values(row)).inserted_primary_key[0])
        return ids

    def _document_columns(self):
        return (D.c.id, D.c.uid, D.c.title, D.c.source_kind, D.c.author, D.c.published,
                D.c.filename, func.length(D.c.text), D.c.sha256)

    def documents(self) -> list[DocumentInfo]:
        with self._read() as conn:
            rows = conn.execute(select(*self._document_columns())
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

    def delete_document(self, document_id: int) -> str:
        """Tombstone a document with its spans and their evidence links."""
        now = db.utc_now()
        with self._write() as conn:
            self._require(conn, D, document_id)
            span_ids = select(S.c.id).where(S.c.document_id == document_id)
            conn.execute(update(EV).where(EV.c.span_id.in_(span_ids), EV.c.deleted_at.is_(None))
                         .values(deleted_at=now, updated_at=now))
            conn.execute(update(S).where(S.c.document_id == document_id, S.c.deleted_at.is_(None))
                         .values(deleted_at=now, updated_at=now))
            conn.execute(update(D).where(D.c.id == document_id).values(deleted_at=now, updated_at=now))
        return now

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
        """Live spans of a document in text order, each with the live events it is evidence for."""
        with self._read() as conn:
            rows = conn.execute(
                select(S.c.id, S.c.uid, S.c.document_id, S.c.start, S.c.end, S.c.quote,
                       func.group_concat(E.c.id))
                .select_from(S.outerjoin(EV, and_(EV.c.span_id == S.c.id, EV.c.deleted_at.is_(None)))
                             .outerjoin(E, and_(E.c.id == EV.c.event_id, E.c.deleted_at.is_(None))))
                .where(S.c.document_id == document_id, S.c.deleted_at.is_(None))
                .group_by(S.c.id).order_by(S.c.start, S.c.end)).all()
        return [SpanInfo(r[0], r[1], r[2], r[3], r[4], r[5],
                         tuple(int(x) for x in r[6].split(",")) if r[6] else ()) for r in rows]

    def delete_span(self, span_id: int) -> str:
        now = db.utc_now()
        with self._write() as conn:
            self._require(conn, S, span_id)
            conn.execute(update(EV).where(EV.c.span_id == span_id, EV.c.deleted_at.is_(None))
                         .values(deleted_at=now, updated_at=now))
            conn.execute(update(S).where(S.c.id == span_id).values(deleted_at=now, updated_at=now))
        return now

    # ------------------------------------------------------------------ events
    def add_event(self, title: str = "", *, date: DateFields = DateFields(), description: str = "",
                  location: str = "", evidence: Iterable[int] = (), actors: Iterable[str] = ()) -> int:
        _check_date(date)
        now = db.utc_now()
        with self._write() as conn:
            event_id = self._insert_event(conn, now, title, date, description, location)
            for span_id in evidence:
                self._require(conn, S, span_id)
                conn.execute(insert(EV).values(self._new_record(now) | {
                    "event_id": event_id, "span_id": span_id}))
            self._set_actors(conn, event_id, list(actors), now)
        return event_id

    def _insert_event(self, conn, now, title, date, description, location) -> int:
        row = self._new_record(now) | {
            "title": title, "description": description, "location": location,
            "edtf": date.edtf, "earliest": date.earliest, "latest": date.latest,
            "date_text": date.date_text}
        return conn.execute(insert(E).values(row)).inserted_primary_key[0]

    def create_event_from_passage(self, document_id: int, start: int, end: int, *,
                                  title: Optional[str] = None, date: DateFields = DateFields(),
                                  actors: Iterable[str] = ()) -> int:
        """One transaction: a span over text[start:end], an event with it as evidence."""
        return self.create_events_from_passages([dict(
            document_id=document_id, start=start, end=end, title=title, date=date, actors=actors)])[0]

    def create_events_from_passages(self, items: Iterable[dict]) -> list[int]:
        """Several events from passages (keys as :meth:`create_event_from_passage` takes), all in
        one transaction: all are created or none."""
        now = db.utc_now()
        ids = []
        with self._write() as conn:
            for item in items:
                date = item.get("date") or DateFields()
                _check_date(date)
                span_id = self._insert_span(conn, item["document_id"], item["start"], item["end"], now)
                title = item.get("title")
                if title is None:
                    title = title_from_passage(conn.execute(select(S.c.quote).where(S.c.id == span_id)).scalar())
                event_id = self._insert_event(conn, now, title, date, "", "")
                conn.execute(insert(EV).values(self._new_record(now) | {
                    "event_id": event_id, "span_id": span_id}))
                self._set_actors(conn, event_id, list(item.get("actors") or ()), now)
                ids.append(event_id)
        return ids

    def update_event(self, event_id: int, **changes) -> None:
        """Change text fields (title, description, location) and/or date fields."""
        unknown = set(changes) - set(EVENT_TEXT_FIELDS) - set(EVENT_DATE_FIELDS)
        if unknown:
            raise InvalidInput(f"events have no field {', '.join(sorted(unknown))}")
        with self._write() as conn:
            current = conn.execute(select(E.c.edtf, E.c.earliest, E.c.latest, E.c.date_text)
                                   .where(E.c.id == event_id, E.c.deleted_at.is_(None))).first()
            if current is None:
                raise NotFound(f"no event with id {event_id}")
            merged = dict(current._mapping) | {k: v for k, v in changes.items() if k in EVENT_DATE_FIELDS}
            _check_date(DateFields(**merged))
            for key in EVENT_TEXT_FIELDS:
                if key in changes and not isinstance(changes[key], str):
                    raise InvalidInput(f"{key} must be text")
            conn.execute(update(E).where(E.c.id == event_id).values(**changes, updated_at=db.utc_now()))

    def set_event_date(self, event_id: int, date: DateFields) -> None:
        self.update_event(event_id, edtf=date.edtf, earliest=date.earliest, latest=date.latest,
                          date_text=date.date_text)

    def delete_event(self, event_id: int) -> str:
        """Tombstone an event, its links, and spans that were evidence for nothing else.
        Returns the tombstone stamp, which :meth:`restore_event` takes to undo exactly this."""
        now = db.utc_now()
        with self._write() as conn:
            self._require(conn, E, event_id)
            span_ids = [r[0] for r in conn.execute(select(EV.c.span_id).where(
                EV.c.event_id == event_id, EV.c.deleted_at.is_(None)))]
            for table in (EV, EA):
                conn.execute(update(table).where(table.c.event_id == event_id, table.c.deleted_at.is_(None))
                             .values(deleted_at=now, updated_at=now))
            for span_id in span_ids:
                still_used = conn.execute(select(func.count()).select_from(EV).where(
                    EV.c.span_id == span_id, EV.c.deleted_at.is_(None))).scalar()
                if not still_used:
                    conn.execute(update(S).where(S.c.id == span_id, S.c.deleted_at.is_(None))
                                 .values(deleted_at=now, updated_at=now))
            conn.execute(update(E).where(E.c.id == event_id).values(deleted_at=now, updated_at=now))
        return now

    def restore_event(self, event_id: int, stamp: str) -> None:
        """Undo :meth:`delete_event`: bring back what that deletion (``stamp``) tombstoned."""
        now = db.utc_now()
        with self._write() as conn:
            span_ids = select(EV.c.span_id).where(EV.c.event_id == event_id)
            conn.execute(update(S).where(S.c.id.in_(span_ids), S.c.deleted_at == stamp)
                         .values(deleted_at=None, updated_at=now))
            for table in (EV, EA):
                conn.execute(update(table).where(table.c.event_id == event_id, table.c.deleted_at == stamp)
                             .values(deleted_at=None, updated_at=now))
            conn.execute(update(E).where(E.c.id == event_id, E.c.deleted_at == stamp)
                         .values(deleted_at=None, updated_at=now))

    _ROW_SQL = """
        SELECT e.id, e.title, e.edtf, e.earliest, e.latest, e.date_text, e.location,
          COALESCE((SELECT group_concat(name, ', ') FROM (
              SELECT a.name AS name FROM event_actor ea JOIN actor a ON a.id = ea.actor_id
              WHERE ea.event_id = e.id AND ea.deleted_at IS NULL AND a.deleted_at IS NULL
              ORDER BY ea.id)), '') AS actors,
          COALESCE((SELECT group_concat(title, '; ') FROM (
              SELECT DISTINCT d.title AS title FROM event_evidence ev
              JOIN span s ON s.id = ev.span_id JOIN document d ON d.id = s.document_id
              WHERE ev.event_id = e.id AND ev.deleted_at IS NULL AND s.deleted_at IS NULL
              ORDER BY d.id)), '') AS documents,
          (SELECT s.document_id FROM event_evidence ev JOIN span s ON s.id = ev.span_id
              WHERE ev.event_id = e.id AND ev.deleted_at IS NULL AND s.deleted_at IS NULL
              ORDER BY ev.id LIMIT 1) AS first_document_id
        FROM event e WHERE e.deleted_at IS NULL {extra} ORDER BY e.id"""

    def event_rows(self) -> list[EventRow]:
        """Every live event as a table row, in one query."""
        with self._read() as conn:
            rows = conn.exec_driver_sql(self._ROW_SQL.format(extra="")).all()
        return [EventRow(*r) for r in rows]

    def event_row(self, event_id: int) -> EventRow:
        with self._read() as conn:
            row = conn.exec_driver_sql(self._ROW_SQL.format(extra="AND e.id = ?"), (event_id,)).first()
        if row is None:
            raise NotFound(f"no event with id {event_id}")
        return EventRow(*row)

    def event(self, event_id: int) -> EventInfo:
        with self._read() as conn:
            row = conn.execute(select(E).where(E.c.id == event_id, E.c.deleted_at.is_(None))).first()
            if row is None:
                raise NotFound(f"no event with id {event_id}")
            names = tuple(r[0] for r in conn.execute(
                select(A.c.name).select_from(EA.join(A, A.c.id == EA.c.actor_id))
                .where(EA.c.event_id == event_id, EA.c.deleted_at.is_(None), A.c.deleted_at.is_(None))
                .order_by(EA.c.id)))
            evidence = tuple(SpanInfo(*r, event_ids=(event_id,)) for r in conn.execute(
                select(S.c.id, S.c.uid, S.c.document_id, S.c.start, S.c.end, S.c.quote)
                .select_from(EV.join(S, S.c.id == EV.c.span_id))
                .where(EV.c.event_id == event_id, EV.c.deleted_at.is_(None), S.c.deleted_at.is_(None))
                .order_by(EV.c.id)))
        m = row._mapping
        return EventInfo(m["id"], m["uid"], m["title"], m["description"], m["location"],
                         DateFields(m["edtf"], m["earliest"], m["latest"], m["date_text"]),
                         m["created_by"], names, evidence)

    def add_evidence(self, event_id: int, span_id: int) -> int:
        with self._write() as conn:
            self._require(conn, E, event_id)
            self._require(conn, S, span_id)
            return conn.execute(insert(EV).values(self._new_record() | {
                "event_id": event_id, "span_id": span_id})).inserted_primary_key[0]

    # ------------------------------------------------------------------ actors
    def add_actor(self, name: str, kind: str = "", aliases: Iterable[str] = ()) -> int:
        name = " ".join(name.split())
        if not name:
            raise InvalidInput("an actor needs a name")
        with self._write() as conn:
            return self._insert_actor(conn, name, kind, aliases, db.utc_now())

    def _insert_actor(self, conn, name, kind, aliases, now) -> int:
        row = self._new_record(now) | {"name": name, "kind": kind,
                                       "aliases": "\n".join(a.strip() for a in aliases if a.strip())}
        return conn.execute(insert(A).values(row)).inserted_primary_key[0]

    def actors(self) -> list[ActorInfo]:
        with self._read() as conn:
            rows = conn.execute(select(A.c.id, A.c.uid, A.c.name, A.c.kind, A.c.aliases)
                                .where(A.c.deleted_at.is_(None)).order_by(func.lower(A.c.name))).all()
        return [ActorInfo(r[0], r[1], r[2], r[3], tuple(a for a in r[4].split("\n") if a)) for r in rows]

    def _actor_lookup(self, conn) -> dict[str, int]:
        lookup: dict[str, int] = {}
        rows = conn.execute(select(A.c.id, A.c.name, A.c.aliases)
                            .where(A.c.deleted_at.is_(None)).order_by(A.c.id)).all()
        for actor_id, name, aliases in rows:  # names win over aliases; older actors win
            lookup.setdefault(name.casefold(), actor_id)
        for actor_id, name, aliases in rows:
            for alias in aliases.split("\n"):
                if alias:
                    lookup.setdefault(alias.casefold(), actor_id)
        return lookup

    def set_event_actors(self, event_id: int, names: Iterable[str]) -> None:
        """Make the event's actors exactly ``names`` (in order), matching existing actors by name
        or alias, case-insensitively, and creating the ones the project does not know yet."""
        with self._write() as conn:
            self._require(conn, E, event_id)
            self._set_actors(conn, event_id, list(names), db.utc_now())

    def _set_actors(self, conn, event_id: int, names: list[str], now: str) -> None:
        lookup = self._actor_lookup(conn)
        wanted: list[int] = []
        for raw in names:
            name = " ".join(raw.split())
            if not name:
                continue
            actor_id = lookup.get(name.casefold())
            if actor_id is None:
                actor_id = self._insert_actor(conn, name, "", (), now)
                lookup[name.casefold()] = actor_id
            if actor_id not in wanted:
                wanted.append(actor_id)
        links = conn.execute(select(EA.c.id, EA.c.actor_id).where(
            EA.c.event_id == event_id, EA.c.deleted_at.is_(None)).order_by(EA.c.id)).all()
        if [a for _, a in links] == wanted:
            return
        conn.execute(update(EA).where(EA.c.event_id == event_id, EA.c.deleted_at.is_(None))
                     .values(deleted_at=now, updated_at=now))
        for actor_id in wanted:
            conn.execute(insert(EA).values(self._new_record(now) | {
                "event_id": event_id, "actor_id": actor_id, "role": ""}))
        conn.execute(update(E).where(E.c.id == event_id).values(updated_at=now))

    def link_actor(self, event_id: int, actor_id: int, role: str = "") -> int:
        with self._write() as conn:
            self._require(conn, E, event_id)
            self._require(conn, A, actor_id)
            return conn.execute(insert(EA).values(self._new_record() | {
                "event_id": event_id, "actor_id": actor_id, "role": role})).inserted_primary_key[0]

    # ------------------------------------------------------------------ whole project
    def stats(self) -> dict:
        counts = {}
        with self._read() as conn:
            for key, table in (("documents", D), ("spans", S), ("events", E), ("actors", A),
                               ("event_actor_links", EA), ("evidence_links", EV)):
                counts[key] = conn.execute(select(func.count()).select_from(table)
                                           .where(table.c.deleted_at.is_(None))).scalar()
            counts["dated_events"] = conn.execute(select(func.count()).select_from(E).where(
                E.c.deleted_at.is_(None), E.c.earliest.is_not(None))).scalar()
            counts["tombstones"] = sum(conn.execute(select(func.count()).select_from(t).where(
                t.c.deleted_at.is_not(None))).scalar() for t in (D, S, E, A, EA, EV))
        counts["schema_version"] = self.schema_version
        return counts

    def check(self) -> dict:
        """Integrity and schema check: SQLite's own checks plus Curator's stand-off invariants."""
        problems: list[str] = []
        raw = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            integrity = [r[0] for r in raw.execute("PRAGMA integrity_check")]
            if integrity != ["ok"]:
                problems += [f"integrity: {m}" for m in integrity]
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
            for doc_id, text, sha in raw.execute("SELECT id, text, sha256 FROM document"):
                if text_sha256(text) != sha:
                    problems.append(f"document {doc_id}: text does not match its hash")
        finally:
            raw.close()
        if app_id != db.APPLICATION_ID:
            problems.append(f"application_id is {app_id:#x}, expected {db.APPLICATION_ID:#x}")
        return {"ok": not problems, "application_id": app_id, "user_version": version,
                "schema_version": db.SCHEMA_VERSION, "integrity": integrity, "problems": problems}

    def save_copy(self, destination: str | Path) -> None:
        """A consistent copy with SQLite's backup API (safe while the project is in use)."""
        destination = Path(destination)
        if destination.resolve() == self.path.resolve():
            raise InvalidInput("a copy cannot overwrite the project itself")
        src = sqlite3.connect(self.path)
        tmp = destination.with_name(destination.name + ".partial")
        tmp.unlink(missing_ok=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
            tmp.replace(destination)
        finally:
            src.close()
            tmp.unlink(missing_ok=True)

    # ------------------------------------------------------------------ suggestions
    def reject_suggestion(self, document_id: int, start: int, end: int, edtf: str) -> int:
        """Remember that the event suggested from text[start:end] with date ``edtf`` was turned
        down, so that it is not proposed again."""
        with self._write() as conn:
            self._require(conn, D, document_id)
            return conn.execute(insert(RS).values(self._new_record() | {
                "document_id": document_id, "start": start, "end": end, "edtf": edtf})
            ).inserted_primary_key[0]

    def rejected_suggestions(self) -> set[tuple[int, int, int, str]]:
        """(document_id, start, end, edtf) of every live rejection."""
        with self._read() as conn:
            rows = conn.execute(select(RS.c.document_id, RS.c.start, RS.c.end, RS.c.edtf)
                                .where(RS.c.deleted_at.is_(None))).all()
        return {tuple(r) for r in rows}

    def evidence_ranges(self) -> dict[int, list[tuple[int, int]]]:
        """Per document, the (start, end) of every live span that is evidence of a live event:
        the passages a person (or an accepted suggestion) has already turned into events."""
        with self._read() as conn:
            rows = conn.execute(
                select(S.c.document_id, S.c.start, S.c.end)
                .select_from(S.join(EV, EV.c.span_id == S.c.id).join(E, E.c.id == EV.c.event_id))
                .where(S.c.deleted_at.is_(None), EV.c.deleted_at.is_(None), E.c.deleted_at.is_(None))
                .distinct()).all()
        found: dict[int, list[tuple[int, int]]] = {}
        for doc_id, start, end in rows:
            found.setdefault(doc_id, []).append((start, end))
        return found

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _require(conn: Connection, table, record_id: int) -> None:
        found = conn.execute(select(table.c.id).where(
            table.c.id == record_id, table.c.deleted_at.is_(None))).scalar()
        if found is None:
            raise NotFound(f"no {table.name.replace('_', ' ')} with id {record_id}")

    # --- suggestions ui
    def forget_rejections(self, rejection_ids: Iterable[int]) -> None:
        """Undo :meth:`reject_suggestion`: tombstone these rejections, so that the suggestions
        they turned down are proposed again."""
        ids = list(rejection_ids)
        now = db.utc_now()
        with self._write() as conn:
            conn.execute(update(RS).where(RS.c.id.in_(ids), RS.c.deleted_at.is_(None))
                         .values(deleted_at=now, updated_at=now))

    def delete_events(self, event_ids: Iterable[int]) -> str:
        """:meth:`delete_event` for many events in one transaction (all or none), with one
        tombstone stamp that :meth:`restore_events` takes to undo exactly this."""
        ids = list(event_ids)
        now = db.utc_now()
        with self._write() as conn:
            for event_id in ids:
                self._require(conn, E, event_id)
            span_ids = [r[0] for r in conn.execute(select(EV.c.span_id).where(
                EV.c.event_id.in_(ids), EV.c.deleted_at.is_(None)).distinct())]
            for table in (EV, EA):
                conn.execute(update(table).where(table.c.event_id.in_(ids), table.c.deleted_at.is_(None))
                             .values(deleted_at=now, updated_at=now))
            still_used = select(EV.c.span_id).where(EV.c.deleted_at.is_(None))
            conn.execute(update(S).where(S.c.id.in_(span_ids), S.c.deleted_at.is_(None),
                                         S.c.id.not_in(still_used))
                         .values(deleted_at=now, updated_at=now))
            conn.execute(update(E).where(E.c.id.in_(ids)).values(deleted_at=now, updated_at=now))
        return now

    def restore_events(self, event_ids: Iterable[int], stamp: str) -> None:
        """Undo :meth:`delete_events` (one transaction)."""
        ids = list(event_ids)
        now = db.utc_now()
        with self._write() as conn:
            span_ids = select(EV.c.span_id).where(EV.c.event_id.in_(ids))
            conn.execute(update(S).where(S.c.id.in_(span_ids), S.c.deleted_at == stamp)
                         .values(deleted_at=None, updated_at=now))
            for table in (EV, EA):
                conn.execute(update(table).where(table.c.event_id.in_(ids), table.c.deleted_at == stamp)
                             .values(deleted_at=None, updated_at=now))
            conn.execute(update(E).where(E.c.id.in_(ids), E.c.deleted_at == stamp)
                         .values(deleted_at=None, updated_at=now))
