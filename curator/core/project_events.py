"""The Project facade's events, their evidence, actors and place (a mixin of
:class:`curator.core.project.Project`; it relies on the facade's transactions)."""

from __future__ import annotations

from typing import Iterable, Optional

from sqlalchemy import and_, func, insert, select, update

from curator.core import database as db
from curator.core.errors import InvalidInput, NotFound
from curator.core.records import (
    EVENT_DATE_FIELDS, EVENT_TEXT_FIELDS, DateFields, EventActorLink, EventInfo, SpanInfo,
)
from curator.core.tables import A, CL, E, EA, EV, FV, S, check_date, clean_name, title_from_passage


class EventsMixin:
    # ------------------------------------------------------------------ events
    def add_event(self, title: str = "", *, date: DateFields = DateFields(), description: str = "",
                  location: str = "", evidence: Iterable[int] = (), actors: Iterable[str] = ()) -> int:
        date = check_date(date)
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
        with self._write() as conn:
            return [self._create_from_passage(conn, item, now) for item in items]

    def _create_from_passage(self, conn, item: dict, now: str) -> int:
        """One event from a passage (see :meth:`create_events_from_passages`), on ``conn``."""
        date = check_date(item.get("date") or DateFields())
        span_id = self._insert_span(conn, item["document_id"], item["start"], item["end"], now)
        title = item.get("title")
        if title is None:
            title = title_from_passage(conn.execute(select(S.c.quote).where(S.c.id == span_id)).scalar())
        event_id = self._insert_event(conn, now, title, date, item.get("description") or "",
                                      item.get("location") or "")
        conn.execute(insert(EV).values(self._new_record(now) | {
            "event_id": event_id, "span_id": span_id}))
        self._set_actors(conn, event_id, list(item.get("actors") or ()), now)
        return event_id

    def update_event(self, event_id: int, **changes) -> None:
        """Change text fields (title, description, location) and/or date fields. A location
        other than the name of the event's place makes it free text (the place is unlinked; use
        :meth:`set_event_location` to name a place)."""
        unknown = set(changes) - set(EVENT_TEXT_FIELDS) - set(EVENT_DATE_FIELDS)
        if unknown:
            raise InvalidInput(f"events have no field {', '.join(sorted(unknown))}")
        with self._write() as conn:
            current = conn.execute(select(E.c.edtf, E.c.earliest, E.c.latest, E.c.date_text)
                                   .where(E.c.id == event_id, E.c.deleted_at.is_(None))).first()
            if current is None:
                raise NotFound(f"no event with id {event_id}")
            merged = dict(current._mapping) | {k: v for k, v in changes.items() if k in EVENT_DATE_FIELDS}
            stored = check_date(DateFields(**merged))
            for key in EVENT_TEXT_FIELDS:
                if key in changes and not isinstance(changes[key], str):
                    raise InvalidInput(f"{key} must be text")
            if "title" in changes and not changes["title"].strip():
                raise InvalidInput("an event needs a title")
            values = dict(changes)
            if "edtf" in changes:
                values["edtf"] = stored.edtf  # in the form Curator writes
            if "location" in changes:  # free text that is not its place's name unlinks the place
                place = conn.execute(select(A.c.name).select_from(E.join(A, A.c.id == E.c.place_id))
                                     .where(E.c.id == event_id)).scalar()
                if place is not None and place != changes["location"]:
                    values["place_id"] = None
            conn.execute(update(E).where(E.c.id == event_id).values(**values, updated_at=db.utc_now()))

    def set_event_date(self, event_id: int, date: DateFields) -> None:
        self.update_event(event_id, edtf=date.edtf, earliest=date.earliest, latest=date.latest,
                          date_text=date.date_text)

    def delete_event(self, event_id: int) -> str:
        """Tombstone an event, its links (actors, evidence, claim links), its field values, and
        spans that were evidence for nothing else.
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
            for table in (EV, EA, FV):
                conn.execute(update(table).where(table.c.event_id.in_(ids), table.c.deleted_at.is_(None))
                             .values(deleted_at=now, updated_at=now))
            conn.execute(update(CL).where(CL.c.event_a_id.in_(ids) | CL.c.event_b_id.in_(ids),
                                          CL.c.deleted_at.is_(None)).values(deleted_at=now, updated_at=now))
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
            for table in (EV, EA, FV):
                conn.execute(update(table).where(table.c.event_id.in_(ids), table.c.deleted_at == stamp)
                             .values(deleted_at=None, updated_at=now))
            conn.execute(update(CL).where(CL.c.event_a_id.in_(ids) | CL.c.event_b_id.in_(ids),
                                          CL.c.deleted_at == stamp).values(deleted_at=None, updated_at=now))
            conn.execute(update(E).where(E.c.id.in_(ids), E.c.deleted_at == stamp)
                         .values(deleted_at=None, updated_at=now))

    def event(self, event_id: int) -> EventInfo:
        with self._read() as conn:
            row = conn.execute(select(E).where(E.c.id == event_id, E.c.deleted_at.is_(None))).first()
            if row is None:
                raise NotFound(f"no event with id {event_id}")
            links = tuple(self._links(conn, event_id))
            evidence = tuple(SpanInfo(r[0], r[1], r[2], r[3], r[4], r[5], (event_id,), r[6], r[7], r[8])
                             for r in conn.execute(
                select(S.c.id, S.c.uid, S.c.document_id, S.c.start, S.c.end, S.c.quote,
                       S.c.tag_id, S.c.note, S.c.actor_id)
                .select_from(EV.join(S, S.c.id == EV.c.span_id))
                .where(EV.c.event_id == event_id, EV.c.deleted_at.is_(None), S.c.deleted_at.is_(None))
                .order_by(EV.c.id)))
        m = row._mapping
        return EventInfo(m["id"], m["uid"], m["title"], m["description"], m["location"],
                         DateFields(m["edtf"], m["earliest"], m["latest"], m["date_text"]),
                         m["created_by"], tuple(link.name for link in links), evidence,
                         m["place_id"], links)

    def evidence_document_ids(self, event_id: int) -> list[int]:
        """Ids of the documents holding the event's live evidence, first evidence first (one
        query: what a selection asks to decide which text to show)."""
        with self._read() as conn:
            rows = conn.execute(
                select(S.c.document_id).select_from(EV.join(S, S.c.id == EV.c.span_id))
                .where(EV.c.event_id == event_id, EV.c.deleted_at.is_(None), S.c.deleted_at.is_(None))
                .order_by(EV.c.id)).scalars().all()
        return list(dict.fromkeys(rows))

    def add_evidence(self, event_id: int, span_id: int) -> int:
        with self._write() as conn:
            self._require(conn, E, event_id)
            self._require(conn, S, span_id)
            return conn.execute(insert(EV).values(self._new_record() | {
                "event_id": event_id, "span_id": span_id})).inserted_primary_key[0]

    def remove_evidence(self, event_id: int, span_id: int) -> str:
        """Tombstone the event's evidence link(s) to the span (the span stays). Returns the stamp
        :meth:`restore_evidence` takes."""
        now = db.utc_now()
        with self._write() as conn:
            live = and_(EV.c.event_id == event_id, EV.c.span_id == span_id, EV.c.deleted_at.is_(None))
            if conn.execute(select(EV.c.id).where(live)).first() is None:
                raise NotFound(f"span {span_id} is not evidence for event {event_id}")
            conn.execute(update(EV).where(live).values(deleted_at=now, updated_at=now))
        return now

    def restore_evidence(self, event_id: int, span_id: int, stamp: str) -> None:
        with self._write() as conn:
            conn.execute(update(EV).where(EV.c.event_id == event_id, EV.c.span_id == span_id,
                                          EV.c.deleted_at == stamp)
                         .values(deleted_at=None, updated_at=db.utc_now()))

    def add_evidence_passage(self, event_id: int, document_id: int, start: int, end: int) -> int:
        """Cite text[start:end] as the event's evidence: a live span with exactly those offsets
        is reused, else an unlabelled one is made. Returns the span's id."""
        now = db.utc_now()
        with self._write() as conn:
            self._require(conn, E, event_id)
            span_id = conn.execute(select(S.c.id).where(
                S.c.document_id == document_id, S.c.start == start, S.c.end == end,
                S.c.deleted_at.is_(None)).order_by(S.c.id)).scalar()
            if span_id is None:
                span_id = self._insert_span(conn, document_id, start, end, now)
            linked = conn.execute(select(EV.c.id).where(
                EV.c.event_id == event_id, EV.c.span_id == span_id, EV.c.deleted_at.is_(None))).first()
            if linked is None:
                conn.execute(insert(EV).values(self._new_record(now) | {
                    "event_id": event_id, "span_id": span_id}))
        return span_id

    # ------------------------------------------------------------------ actors and places
    def set_event_actors(self, event_id: int, names: Iterable[str]) -> list[int]:
        """Make the event's actors exactly ``names`` (in order), matching existing actors by name
        or alias, case-insensitively, and creating the ones the project does not know yet.
        Returns the ids of the actors it created (so that undo can delete them again)."""
        with self._write() as conn:
            self._require(conn, E, event_id)
            return self._set_actors(conn, event_id, list(names), db.utc_now())

    def _set_actors(self, conn, event_id: int, names: list[str], now: str) -> list[int]:
        lookup = self._actor_lookup(conn)
        wanted: list[int] = []
        created: list[int] = []
        for raw in names:
            name = " ".join(raw.split())
            if not name:
                continue
            actor_id = lookup.get(name.casefold())
            if actor_id is None:
                actor_id = self._insert_actor(conn, name, "", (), now)
                lookup[name.casefold()] = actor_id
                created.append(actor_id)
            if actor_id not in wanted:
                wanted.append(actor_id)
        links = conn.execute(select(EA.c.actor_id, EA.c.role).where(
            EA.c.event_id == event_id, EA.c.deleted_at.is_(None)).order_by(EA.c.id)).all()
        if [a for a, _ in links] == wanted:
            return created
        roles: dict[int, str] = {}
        for actor_id, role in links:  # an actor kept keeps its role
            roles.setdefault(actor_id, role)
        self._replace_links(conn, event_id, [(a, roles.get(a, "")) for a in wanted], now)
        return created

    def _replace_links(self, conn, event_id: int, links: list[tuple[int, str]], now: str) -> None:
        conn.execute(update(EA).where(EA.c.event_id == event_id, EA.c.deleted_at.is_(None))
                     .values(deleted_at=now, updated_at=now))
        for actor_id, role in links:
            conn.execute(insert(EA).values(self._new_record(now) | {
                "event_id": event_id, "actor_id": actor_id, "role": role}))
        conn.execute(update(E).where(E.c.id == event_id).values(updated_at=now))

    def link_actor(self, event_id: int, actor_id: int, role: str = "") -> int:
        with self._write() as conn:
            self._require(conn, E, event_id)
            self._require(conn, A, actor_id)
            return conn.execute(insert(EA).values(self._new_record() | {
                "event_id": event_id, "actor_id": actor_id, "role": role})).inserted_primary_key[0]

    @staticmethod
    def _links(conn, event_id: int) -> list[EventActorLink]:
        return [EventActorLink(*r) for r in conn.execute(
            select(A.c.id, A.c.name, A.c.kind, EA.c.role).select_from(EA.join(A, A.c.id == EA.c.actor_id))
            .where(EA.c.event_id == event_id, EA.c.deleted_at.is_(None), A.c.deleted_at.is_(None))
            .order_by(EA.c.id))]

    def event_actor_links(self, event_id: int) -> list[EventActorLink]:
        """The event's live actors with their roles, in order."""
        with self._read() as conn:
            self._require(conn, E, event_id)
            return self._links(conn, event_id)

    def event_roles(self) -> list[str]:
        """The roles live event-actor links use, most used first (ties by name); blanks left out."""
        count = func.count().label("uses")
        with self._read() as conn:
            rows = conn.execute(
                select(EA.c.role, count).where(EA.c.deleted_at.is_(None), EA.c.role != "")
                .group_by(EA.c.role).order_by(count.desc(), func.lower(EA.c.role))).all()
        return [role for role, _ in rows]

    def set_event_actor_links(self, event_id: int, links: Iterable[tuple[int, str]]) -> None:
        """Make the event's actors exactly ``links`` ((actor_id, role) pairs), in order."""
        wanted: list[tuple[int, str]] = []
        for actor_id, role in links:
            if not isinstance(role, str):
                raise InvalidInput("a role must be text")
            if (actor_id, role.strip()) not in wanted:
                wanted.append((actor_id, role.strip()))
        now = db.utc_now()
        with self._write() as conn:
            self._require(conn, E, event_id)
            live = self._live_ids(conn, A, {a for a, _ in wanted})
            for actor_id, _ in wanted:
                if actor_id not in live:
                    raise NotFound(f"no actor or place with id {actor_id}")
            current = [tuple(r) for r in conn.execute(select(EA.c.actor_id, EA.c.role).where(
                EA.c.event_id == event_id, EA.c.deleted_at.is_(None)).order_by(EA.c.id))]
            if current != wanted:
                self._replace_links(conn, event_id, wanted, now)

    def set_event_place(self, event_id: int, place_id: Optional[int]) -> dict:
        """Set (or clear, with None) the event's place; its location becomes the place's name
        (or ""). Returns the previous {"place_id", "location"}."""
        with self._write() as conn:
            previous = conn.execute(select(E.c.place_id, E.c.location).where(
                E.c.id == event_id, E.c.deleted_at.is_(None))).first()
            if previous is None:
                raise NotFound(f"no event with id {event_id}")
            location = ""
            if place_id is not None:
                place = conn.execute(select(A.c.name, A.c.kind).where(
                    A.c.id == place_id, A.c.deleted_at.is_(None))).first()
                if place is None:
                    raise NotFound(f"no place with id {place_id}")
                if place.kind != "place":
                    raise InvalidInput(f"{place.name!r} is not a place (its kind is {place.kind!r})")
                location = place.name
            conn.execute(update(E).where(E.c.id == event_id).values(
                place_id=place_id, location=location, updated_at=db.utc_now()))
        return dict(previous._mapping)

    def set_event_location(self, event_id: int, name: str) -> Optional[int]:
        """The table's place cell: the place named ``name`` (name or alias, any case) becomes the
        event's place, made as a new kind "place" record when there is none; a blank name clears
        it. Returns the id of the place it created, or None."""
        name = clean_name(name)
        now = db.utc_now()
        created = None
        with self._write() as conn:
            self._require(conn, E, event_id)
            place_id = None
            if name:
                place_id = self._actor_lookup(conn, places_only=True).get(name.casefold())
                if place_id is None:
                    place_id = created = self._insert_actor(conn, name, "place", (), now)
                name = conn.execute(select(A.c.name).where(A.c.id == place_id)).scalar()
            conn.execute(update(E).where(E.c.id == event_id).values(
                place_id=place_id, location=name, updated_at=now))
        return created
