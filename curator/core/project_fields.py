"""The Project facade's typed event fields and their values (schema 8; a mixin of
:class:`curator.core.project.Project`; it relies on the facade's transactions).

A field has a name (unique among live fields, ignoring case), a kind
(:data:`curator.core.field_kinds.FIELD_KINDS`), choices (choice fields) and a position. Each
edit runs in one transaction and returns what undo needs: the previous name, choices, order or
value, or the stamp a deletion tombstoned with. Deleting a field tombstones its values with the
same stamp, so that restoring it brings them back exactly. Values are read with
:func:`curator.core.field_kinds.read_value`; a bad one is refused with InvalidInput naming the
field, the value and the reason, and nothing is written.

    f = project.add_field("fatalities", "range")
    project.set_field_value(event_id, f, "at least 70")
    project.field_values([event_id])   # {event_id: {f: FieldValue(... low=70.0, high=None ...)}}
"""

from __future__ import annotations

from typing import Iterable, Optional

from sqlalchemy import Connection, func, insert, select, update

from curator.core import database as db
from curator.core.conflict_template import TEMPLATES
from curator.core.errors import InvalidInput, NotFound
from curator.core.field_kinds import (
    KIND_LABELS, StoredValue, check_kind, clean_choices, clean_field_name, read_value, sort_number,
    sort_text,
)
from curator.core.field_values import template_field_uid, value_uid
from curator.core.records import FieldInfo, FieldValue
from curator.core.tables import A, E, F, FV

_FIELD_COLUMNS = (F.c.id, F.c.uid, F.c.name, F.c.kind, F.c.choices, F.c.position)
_VALUE_COLUMNS = (FV.c.event_id, FV.c.field_id, FV.c.text, FV.c.low, FV.c.high, FV.c.qualifier,
                  FV.c.latitude, FV.c.longitude)
_VALUE_SQL = "v.event_id, v.field_id, v.text, v.low, v.high, v.qualifier, v.latitude, v.longitude"


def _field_info(row) -> FieldInfo:
    return FieldInfo(row[0], row[1], row[2], row[3], tuple(c for c in row[4].split("\n") if c), row[5])


def _columns(value: StoredValue) -> dict:
    return {"text": value.text, "low": value.low, "high": value.high, "qualifier": value.qualifier,
            "latitude": value.latitude, "longitude": value.longitude,
            "sort_text": sort_text(value.text), "sort_number": sort_number(value.low, value.high)}


class FieldsMixin:
    # ------------------------------------------------------------------ definitions
    def fields(self) -> list[FieldInfo]:
        """The live fields, in their order."""
        with self._read() as conn:
            rows = conn.execute(select(*_FIELD_COLUMNS).where(F.c.deleted_at.is_(None))
                                .order_by(F.c.position, F.c.id)).all()
        return [_field_info(r) for r in rows]

    def field(self, field_id: int) -> FieldInfo:
        with self._read() as conn:
            return self._live_field(conn, field_id)

    def field_named(self, name: str) -> Optional[FieldInfo]:
        """The live field called ``name`` (ignoring case and extra blanks), or None."""
        wanted = " ".join(str(name).split()).casefold()
        return next((f for f in self.fields() if f.name.casefold() == wanted), None)

    @staticmethod
    def _live_field(conn: Connection, field_id: int) -> FieldInfo:
        row = conn.execute(select(*_FIELD_COLUMNS).where(F.c.id == field_id, F.c.deleted_at.is_(None))).first()
        if row is None:
            raise NotFound(f"no field with id {field_id}")
        return _field_info(row)

    @staticmethod
    def _check_name_free(conn: Connection, name: str, field_id: Optional[int] = None) -> None:
        for other_id, other in conn.execute(select(F.c.id, F.c.name).where(F.c.deleted_at.is_(None))):
            if other_id != field_id and other.casefold() == name.casefold():
                raise InvalidInput(f"there is already a field named {other!r}")

    def add_field(self, name: str, kind: str, choices: Iterable[str] = ()) -> int:
        """A new field, last in the order; its id."""
        name, kind = clean_field_name(name), check_kind(kind)
        choices = clean_choices(choices)
        if choices and kind != "choice":
            raise InvalidInput(f"{name}: only a choice field has choices ({KIND_LABELS[kind].lower()} fields do not)")
        with self._write() as conn:
            return self._insert_field(conn, name, kind, choices)

    def _insert_field(self, conn: Connection, name: str, kind: str, choices: tuple[str, ...],
                      uid: Optional[str] = None) -> int:
        self._check_name_free(conn, name)
        last = conn.execute(select(func.max(F.c.position)).where(F.c.deleted_at.is_(None))).scalar()
        row = self._new_record() | {"name": name, "kind": kind, "choices": "\n".join(choices),
                                    "position": 0 if last is None else last + 1}
        if uid is not None and conn.execute(select(F.c.id).where(F.c.uid == uid)).first() is None:
            row["uid"] = uid  # a template's field: the same record in every copy that applied it
        return conn.execute(insert(F).values(row)).inserted_primary_key[0]

    def rename_field(self, field_id: int, name: str) -> str:
        """Give a field another name; returns the previous one (for undo)."""
        name = clean_field_name(name)
        with self._write() as conn:
            current = self._live_field(conn, field_id)
            if current.name != name:
                self._check_name_free(conn, name, field_id)
                conn.execute(update(F).where(F.c.id == field_id).values(name=name, updated_at=db.utc_now()))
        return current.name

    def set_field_choices(self, field_id: int, choices: Iterable[str],
                          renamed: Optional[dict[str, str]] = None) -> tuple[str, ...]:
        """Change a choice field's choices (their order is the order offered). ``renamed``: old
        choice -> new choice, for the values holding the old one (they take the new spelling).
        Removing a choice that live events hold is refused, naming it and how many hold it.
        Returns the previous choices (for undo: the same call with them and ``renamed``
        reversed)."""
        choices = clean_choices(choices)
        renamed = {old: " ".join(new.split()) for old, new in (renamed or {}).items() if old != new}
        now = db.utc_now()
        with self._write() as conn:
            current = self._live_field(conn, field_id)
            if current.kind != "choice":
                raise InvalidInput(f"{current.name} is not a choice field")
            kept = {c.casefold() for c in choices}
            for old, new in renamed.items():
                if new.casefold() not in kept:
                    raise InvalidInput(f"{current.name}: {old!r} is renamed to {new!r}, which is not one of the choices")
            used = dict(conn.execute(
                select(FV.c.text, func.count()).select_from(FV.join(E, E.c.id == FV.c.event_id))
                .where(FV.c.field_id == field_id, FV.c.deleted_at.is_(None), E.c.deleted_at.is_(None))
                .group_by(FV.c.text)).all())
            for text, count in sorted(used.items()):
                if text.casefold() not in kept and text not in renamed:
                    raise InvalidInput(f"{current.name}: {count} event{'s hold' if count != 1 else ' holds'} "
                                       f"the choice {text!r}; choose another value for "
                                       f"{'them' if count != 1 else 'it'} first, or rename the choice")
            spelled = {c.casefold(): c for c in choices}
            for text in used:
                target = renamed.get(text, text)
                if spelled[target.casefold()] != text:  # renamed, or respelled ("battles" -> "Battles")
                    conn.execute(update(FV).where(FV.c.field_id == field_id, FV.c.text == text,
                                                  FV.c.deleted_at.is_(None))
                                 .values(_columns(StoredValue(spelled[target.casefold()])) | {"updated_at": now}))
            if choices != current.choices:
                conn.execute(update(F).where(F.c.id == field_id).values(choices="\n".join(choices), updated_at=now))
        return current.choices

    def delete_field(self, field_id: int) -> str:
        """Tombstone a field and its values; returns the stamp :meth:`restore_field` takes."""
        now = db.utc_now()
        with self._write() as conn:
            self._live_field(conn, field_id)
            self._tombstone(conn, FV, FV.c.field_id == field_id, now)
            self._tombstone(conn, F, F.c.id == field_id, now)
        return now

    def restore_field(self, field_id: int, stamp: str) -> None:
        """Undo :meth:`delete_field`: the field and the values that deletion tombstoned. Refused
        while another live field has its name."""
        now = db.utc_now()
        with self._write() as conn:
            name = conn.execute(select(F.c.name).where(F.c.id == field_id, F.c.deleted_at == stamp)).scalar()
            if name is None:
                return
            self._check_name_free(conn, name, field_id)
            self._untombstone(conn, F, F.c.id == field_id, stamp, now)
            self._untombstone(conn, FV, FV.c.field_id == field_id, stamp, now)

    def reorder_fields(self, field_ids: Iterable[int]) -> list[int]:
        """Put the live fields in this order (every live field once); returns the previous
        order (for undo)."""
        wanted = list(field_ids)
        with self._write() as conn:
            current = [r[0] for r in conn.execute(select(F.c.id).where(F.c.deleted_at.is_(None))
                                                  .order_by(F.c.position, F.c.id))]
            if sorted(wanted) != sorted(current):
                raise InvalidInput("a new order of the fields must name every field once")
            if wanted != current:
                now = db.utc_now()
                positions = dict(conn.execute(select(F.c.id, F.c.position).where(F.c.id.in_(wanted))).all())
                for position, field_id in enumerate(wanted):
                    if positions[field_id] != position:
                        conn.execute(update(F).where(F.c.id == field_id).values(position=position, updated_at=now))
        return current

    def apply_field_template(self, template: str = "conflict") -> dict:
        """Add a built-in template's fields (:mod:`curator.core.conflict_template`): each one the
        project lacks (with the template's uid for it, unless this project already used it, so
        that copies that applied the template apart hold the same field), and the choices a
        same-named choice field lacks. A field of the template's
        name with another kind refuses the whole template (nothing is changed). Applying it again
        changes nothing. Returns {"added": [names], "choices_added": {name: [choices]}}."""
        if template not in TEMPLATES:
            raise InvalidInput(f"no field template named {template!r} (there is {', '.join(sorted(TEMPLATES))})")
        added, more = [], {}
        with self._write() as conn:
            live = {r.name.casefold(): r for r in (_field_info(row) for row in conn.execute(
                select(*_FIELD_COLUMNS).where(F.c.deleted_at.is_(None))))}
            for name, kind, choices in TEMPLATES[template]:
                have = live.get(name.casefold())
                if have is not None and have.kind != kind:
                    raise InvalidInput(f"the project's field {have.name!r} is a {KIND_LABELS[have.kind].lower()} "
                                       f"field; the {template} template's is a {KIND_LABELS[kind].lower()} "
                                       "field: rename yours first (nothing was changed)")
            for name, kind, choices in TEMPLATES[template]:
                have = live.get(name.casefold())
                if have is None:
                    self._insert_field(conn, name, kind, choices, template_field_uid(template, name))
                    added.append(name)
                    continue
                known = {c.casefold() for c in have.choices}
                missing = [c for c in choices if c.casefold() not in known]
                if missing:
                    conn.execute(update(F).where(F.c.id == have.id).values(
                        choices="\n".join(have.choices + tuple(missing)), updated_at=db.utc_now()))
                    more[have.name] = missing
        return {"added": added, "choices_added": more}

    def _field_counts(self, conn: Connection) -> dict[str, int]:
        """stats(): live fields, live values (of live fields, on live events), claim links."""
        values = conn.execute(select(func.count()).select_from(
            FV.join(F, F.c.id == FV.c.field_id).join(E, E.c.id == FV.c.event_id)).where(
            FV.c.deleted_at.is_(None), F.c.deleted_at.is_(None), E.c.deleted_at.is_(None))).scalar()
        fields = conn.execute(select(func.count()).select_from(F).where(F.c.deleted_at.is_(None))).scalar()
        return {"fields": fields, "field_values": values, "claim_links": len(self._live_links(conn))}

    # ------------------------------------------------------------------ values
    def field_value_counts(self) -> dict[int, int]:
        """field id -> how many live events have a live value of it."""
        with self._read() as conn:
            return dict(conn.execute(select(FV.c.field_id, func.count()).select_from(
                FV.join(E, E.c.id == FV.c.event_id)).where(FV.c.deleted_at.is_(None), E.c.deleted_at.is_(None))
                .group_by(FV.c.field_id)).all())

    def event_id_of_uid(self, uid: str) -> Optional[int]:
        """The live event with this uid, or None."""
        with self._read() as conn:
            return conn.execute(select(E.c.id).where(E.c.uid == uid, E.c.deleted_at.is_(None))).scalar()

    def field_values(self, event_ids: Iterable[int], field_ids: Optional[Iterable[int]] = None
                     ) -> dict[int, dict[int, FieldValue]]:
        """event id -> field id -> its live value, for these events (of live fields only)."""
        ids = list(dict.fromkeys(event_ids))
        only = None if field_ids is None else list(field_ids)
        found: dict[int, dict[int, FieldValue]] = {}
        if not ids:
            return found
        # by the pair index (event first): "+" keeps the planner off the field's indexes, which
        # would read every value of the field
        fields = "SELECT id FROM event_field WHERE deleted_at IS NULL"
        if only is not None:
            fields += f" AND id IN ({', '.join(str(int(f)) for f in only) or 'NULL'})"
        with self._read() as conn:
            for start in range(0, len(ids), 500):
                part = ids[start:start + 500]
                for row in conn.exec_driver_sql(
                        f"SELECT {_VALUE_SQL} FROM event_field_value v WHERE v.event_id IN "
                        f"({', '.join('?' * len(part))}) AND likely(v.deleted_at IS NULL) "
                        f"AND +v.field_id IN ({fields})", tuple(part)):
                    found.setdefault(row[0], {})[row[1]] = FieldValue(*row)
        return found

    def field_value(self, event_id: int, field_id: int) -> Optional[FieldValue]:
        return self.field_values([event_id], [field_id]).get(event_id, {}).get(field_id)

    def set_field_value(self, event_id: int, field_id: int, text: str) -> Optional[FieldValue]:
        """Set (or, with a blank text, clear) the event's value of the field; returns the value
        it had (None: none), which :meth:`restore_field_value` takes to undo exactly this."""
        return self.set_field_values([(event_id, field_id, text)])[0]

    def set_field_values(self, items: Iterable[tuple[int, int, str]]) -> list[Optional[FieldValue]]:
        """Several values (event id, field id, text) in one transaction, all or none; the values
        they had. A refusal names the event, the field, the value and the reason."""
        items = list(items)
        with self._write() as conn:
            fields = self._fields_by_id(conn, {f for _, f, _ in items})
            events = self._event_uids(conn, {e for e, _, _ in items})
            lookup = self._place_lookup(conn) if any(fields[f].kind == "place" for f in fields) else None
            writes, read = [], {}  # (field, text) -> its value: texts repeat (choices above all)
            for event_id, field_id, text in items:
                field = fields[field_id]
                if event_id not in events:
                    raise NotFound(f"no event with id {event_id}")
                stored = read.get((field_id, text), read) if isinstance(text, str) else read
                if stored is read:
                    try:
                        stored = read_value(field.name, field.kind, field.choices, text, lookup)
                    except InvalidInput as exc:
                        raise InvalidInput(f"event {event_id}: {exc}" if len(items) > 1 else str(exc)) from None
                    read[(field_id, text)] = stored
                writes.append((event_id, field, stored))
            return self._write_values(conn, writes, events)

    def restore_field_value(self, event_id: int, field_id: int, value: Optional[FieldValue]) -> None:
        """Put back exactly the value :meth:`set_field_value` returned (None: no value)."""
        stored = None if value is None else StoredValue(value.text, value.low, value.high, value.qualifier,
                                                        value.latitude, value.longitude)
        with self._write() as conn:
            field = self._fields_by_id(conn, {field_id})[field_id]
            events = self._event_uids(conn, {event_id})
            if event_id not in events:
                raise NotFound(f"no event with id {event_id}")
            self._write_values(conn, [(event_id, field, stored)], events)

    def _write_values(self, conn: Connection, writes: list, events: dict[int, str]) -> list[Optional[FieldValue]]:
        now = db.utc_now()
        pairs = {(e, f.id) for e, f, _ in writes}
        existing = {}
        event_ids = sorted({e for e, _ in pairs})
        for start in range(0, len(event_ids), 500):
            for row in conn.execute(select(FV.c.id, FV.c.deleted_at, *_VALUE_COLUMNS).where(
                    FV.c.event_id.in_(event_ids[start:start + 500]))):
                if (row[2], row[3]) in pairs:
                    existing[(row[2], row[3])] = row
        previous, inserts = [], []
        for event_id, field, stored in writes:
            row = existing.get((event_id, field.id))
            live = row is not None and row[1] is None
            previous.append(FieldValue(*row[2:]) if live else None)
            if stored is None:
                if live and row[0] is None:  # inserted by this very call: not made after all
                    inserts = [r for r in inserts if (r["event_id"], r["field_id"]) != (event_id, field.id)]
                    existing.pop((event_id, field.id))
                elif live:
                    conn.execute(update(FV).where(FV.c.id == row[0]).values(deleted_at=now, updated_at=now))
                    existing[(event_id, field.id)] = (row[0], now, *row[2:])
                continue
            if live and StoredValue(*row[4:]).typed() == stored.typed():
                continue
            if row is None:
                inserts.append({"uid": value_uid(events[event_id], field.uid), "created_at": now,
                                "updated_at": now, "created_by": self.annotator or "",
                                "event_id": event_id, "field_id": field.id} | _columns(stored))
                existing[(event_id, field.id)] = (None, None, event_id, field.id, *stored.typed())
                continue
            if row[0] is None:  # inserted by this very call: the last write of a pair wins
                for rec in inserts:
                    if (rec["event_id"], rec["field_id"]) == (event_id, field.id):
                        rec.update(_columns(stored))
                continue
            conn.execute(update(FV).where(FV.c.id == row[0]).values(
                _columns(stored) | {"deleted_at": None, "updated_at": now}))
            existing[(event_id, field.id)] = (row[0], None, event_id, field.id, *stored.typed())
        if inserts:  # one statement, the driver's executemany over plain tuples
            names = list(inserts[0])
            conn.connection.driver_connection.executemany(
                f"INSERT INTO event_field_value ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                [tuple(rec[n] for n in names) for rec in inserts])
        return previous

    @staticmethod
    def _fields_by_id(conn: Connection, ids: set[int]) -> dict[int, FieldInfo]:
        found = {r[0]: _field_info(r) for r in conn.execute(select(*_FIELD_COLUMNS).where(
            F.c.id.in_(sorted(ids)), F.c.deleted_at.is_(None)))}
        for field_id in ids:
            if field_id not in found:
                raise NotFound(f"no field with id {field_id}")
        return found

    @staticmethod
    def _event_uids(conn: Connection, ids: set[int]) -> dict[int, str]:
        ordered, found = sorted(ids), {}
        for start in range(0, len(ordered), 500):
            found.update(conn.execute(select(E.c.id, E.c.uid).where(
                E.c.id.in_(ordered[start:start + 500]), E.c.deleted_at.is_(None))).all())
        return found

    @staticmethod
    def _place_lookup(conn: Connection):
        """name -> the coordinates of the project's live place of that name or alias (ignoring
        case), or None."""
        places: dict[str, tuple[float, float]] = {}
        for name, aliases, lat, lon in conn.execute(select(A.c.name, A.c.aliases, A.c.latitude, A.c.longitude).where(
                A.c.kind == "place", A.c.deleted_at.is_(None), A.c.latitude.is_not(None),
                A.c.longitude.is_not(None)).order_by(A.c.id)):
            for known in (name, *aliases.split("\n")):
                if known.strip():
                    places.setdefault(" ".join(known.split()).casefold(), (lat, lon))
        return lambda wanted: places.get(wanted.casefold())
