"""The Project facade's events, their evidence and their actors (a mixin of
:class:`curator.core.project.Project`; it relies on the facade's transactions)."""

from __future__ import annotations

from typing import Iterable, Optional

from sqlalchemy import func, insert, select, update

from curator.core import database as db
from curator.core.errors import InvalidInput, NotFound
from curator.core.records import (
    EVENT_DATE_FIELDS, EVENT_TEXT_FIELDS, ActorInfo, DateFields, EventInfo, EventRow, SpanInfo,
)
from curator.core.tables import A, E, EA, EV, S, check_date, title_from_passage


class EventsMixin:
    # ------------------------------------------------------------------ events
    def add_event(self, title: str = "", *, date: DateFields = DateFields(), description: str = "",
                  location: str = "", evidence: Iterable[int] = (), actors: Iterable[str] = ()) -> int:
        check_date(date)
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
        """Several events from passages, all in one transaction (all are created or none). Each
        item has document_id, start, end and optionally title, date, actors, location and
        description."""
        now = db.utc_now()
        ids = []
        with self._write() as conn:
            for item in items:
                date = item.get("date") or DateFields()
                check_date(date)
                span_id = self._insert_span(conn, item["document_id"], item["start"], item["end"], now)
                title = item.get("title")
                if title is None:
                    title = title_from_passage(conn.execute(select(S.c.quote).where(S.c.id == span_id)).scalar())
                event_id = self._insert_event(conn, now, title, date, item.get("description") or "",
                                              item.get("location") or "")
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
            check_date(DateFields(**merged))
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
        return self.delete_events([event_id])

    def restore_event(self, event_id: int, stamp: str) -> None:
        """Undo :meth:`delete_event`: bring back what that deletion (``stamp``) tombstoned."""
        self.restore_events([event_id], stamp)

    def delete_events(self, event_ids: Iterable[int]) -> str:
        """Tombstone many events (as :meth:`delete_event`) in one transaction (all or none), with one
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
