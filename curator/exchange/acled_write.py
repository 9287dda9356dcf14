"""Writing checked ACLED rows into a project, a batch at a time, inside the import's one
transaction (:func:`curator.exchange.acled_import.import_acled` opens it).

Each row is an event known by its uid (:func:`curator.exchange.acled_columns.event_uid`):

- **new** (no event has the uid): an event is added with its date, description, place, actors
  (each found by name or alias, ignoring case, or made) and field values, by bulk inserts;
- **the project's event** (live): the row is compared with what the ACLED export writes for
  that event, part by part (the date, each actor column, the location, the coordinates, each
  field, the notes); a column the file does not have keeps the event's part. Equal: nothing is
  written. Otherwise the parts that differ are taken from the file (and only they), and the
  event counts as updated;
- **deleted here** (the uid names a deleted event): left deleted; the report counts it.

So importing the same file again writes nothing, and neither does importing the ACLED export of
a project into that project.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Optional

from curator.core.errors import InvalidInput
from curator.core.field_kinds import StoredValue, place_text, read_value, sort_number, sort_text
from curator.core.field_values import VALUE_NAMESPACE
from curator.core.records import FieldInfo
from curator.core.tables import split_aliases, title_from_passage
from curator.exchange.acled_columns import (
    ACTOR_COLUMNS, COORDINATES_FIELD, EVENT_TYPE_FIELD, FATALITIES_FIELD, ID_COLUMN, ROLES,
    SUB_EVENT_TYPE_FIELD, is_uid,
)
from curator.exchange.acled_export import AcledCells
from curator.exchange.acled_rows import AcledRecord, RowReader

_FIELD_OF_PART = {"event_type": EVENT_TYPE_FIELD, "sub_event_type": SUB_EVENT_TYPE_FIELD,
                  "fatalities": FATALITIES_FIELD, "coordinates": COORDINATES_FIELD, "event_id": ID_COLUMN}
ACTOR_KIND = "group"  # ACLED's actors are collective: forces, groups, protesters, civilians of a country
INTER_KINDS = {"1": "state forces", "2": "rebel group", "3": "political militia", "4": "identity militia",
               "5": "rioters", "6": "protesters", "7": "civilians", "8": "external/other forces"}
"""ACLED's actor type codes (inter1, inter2; numbers before 2024, words since) -> a new actor's kind."""
_VALUE_COLUMNS = ("uid", "created_at", "updated_at", "created_by", "deleted_at", "event_id", "field_id",
                  "text", "low", "high", "qualifier", "latitude", "longitude", "sort_text", "sort_number")
_EVENT_COLUMNS = ("id", "uid", "created_at", "updated_at", "created_by", "deleted_at", "title",
                  "description", "location", "place_id", "edtf", "earliest", "latest", "date_text")
_LINK_COLUMNS = ("uid", "created_at", "updated_at", "created_by", "deleted_at", "event_id", "actor_id", "role")


def value_uid(event_uid: str, field_uid: str, _namespace: bytes = VALUE_NAMESPACE.bytes) -> str:
    """:func:`curator.core.field_values.value_uid`, without making UUID objects (the same
    name-based UUID, version 5: hundreds of thousands of values are written at a time)."""
    digest = bytearray(hashlib.sha1(_namespace + f"{event_uid}/{field_uid}".encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return (f"INSERT INTO {table} ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})")


def title_of(rec: AcledRecord) -> str:
    """A new event's title: "Armed clash in Aleppo" (the sub-event type, else the event type, in
    the location); without either, the start of its notes, else "Event of <date>"."""
    what = rec.sub_event_type or rec.event_type
    if what or rec.location:
        return f"{what or 'Event'} in {rec.location}" if rec.location else what
    if rec.description.strip():
        return title_from_passage(rec.description)
    return f"Event of {rec.date.date_text}" if rec.date is not None else "Event"


def actor_kind(inter: str) -> str:
    clean = " ".join(inter.split()).removesuffix(".0")
    if clean in INTER_KINDS:
        return INTER_KINDS[clean]
    return clean.lower() if clean else ACTOR_KIND


class AcledWriter:
    """Writes records through ``project``'s batch connection ``conn`` (inside its transaction).
    ``fields``: the project's live fields by casefolded name: the template's and one for every
    column of the file kept in a field (made before the writer)."""

    def __init__(self, project, conn, fields: dict[str, FieldInfo], now: str):
        self.project = project
        self.raw = conn.connection.driver_connection
        self.fields = fields
        self.now = now
        self.by = project.annotator or ""
        self.cells = AcledCells(self.raw)
        self.reader = RowReader(self.cells.columns, fields, {})  # reads the export's cells back
        self.actors, self.places = self._lookups()
        self.next_id = (self.raw.execute("SELECT max(id) FROM event").fetchone()[0] or 0) + 1
        self.counts = {"added": 0, "updated": 0, "unchanged": 0, "kept_deleted": 0,
                       "actors_added": 0, "places_added": 0}
        self._events: list[tuple] = []
        self._links: list[tuple] = []
        self._values: list[tuple] = []

    def _lookups(self) -> tuple[dict[str, tuple[int, str]], dict[str, tuple[int, str]]]:
        """casefolded name or alias -> (live actor id, its name) (not places) / (place id, its
        name); names win over aliases, older records over newer (as the facade's lookups)."""
        actors: dict[str, tuple[int, str]] = {}
        places: dict[str, tuple[int, str]] = {}
        rows = self.raw.execute("SELECT id, name, aliases, kind FROM actor WHERE deleted_at IS NULL "
                                "ORDER BY id").fetchall()
        for pass_aliases in (False, True):
            for actor_id, name, aliases, kind in rows:
                for known in (split_aliases(aliases) if pass_aliases else (name,)):
                    (places if kind == "place" else actors).setdefault(known.casefold(), (actor_id, name))
        return actors, places

    # ------------------------------------------------------------------ a batch
    def write(self, batch: list[tuple[str, AcledRecord]]) -> None:
        uids = [uid for uid, _ in batch]
        found = {uid: (event_id, deleted) for event_id, uid, deleted in self.raw.execute(
            f"SELECT id, uid, deleted_at FROM event WHERE uid IN ({', '.join('?' * len(uids))})", uids)}
        live = sorted(event_id for event_id, deleted in found.values() if deleted is None)
        current = {}
        if live:
            rows = self.cells.event_rows(live)
            for event, cells in zip(rows, self.cells.cells(rows)):
                current[event[0]] = self.reader.record(0, cells, strict=False)[0]
        for uid, rec in batch:
            self._as_known(rec)
            hit = found.get(uid)
            if hit is None:
                self._add(uid, rec)
            elif hit[1] is not None:
                self.counts["kept_deleted"] += 1
            else:
                self._update(hit[0], uid, current[hit[0]], rec)
        self._flush()

    def _flush(self) -> None:
        if self._events:
            self.raw.executemany(_insert_sql("event", _EVENT_COLUMNS), self._events)
        if self._links:
            self.raw.executemany(_insert_sql("event_actor", _LINK_COLUMNS), self._links)
        if self._values:
            self.raw.executemany(_insert_sql("event_field_value", _VALUE_COLUMNS), self._values)
        self._events, self._links, self._values = [], [], []

    # ------------------------------------------------------------------ new events
    def _add(self, uid: str, rec: AcledRecord) -> None:
        event_id = self.next_id
        self.next_id += 1
        place_id, location = self._place(rec)
        date = rec.date
        self._events.append((event_id, uid, self.now, self.now, self.by, None, title_of(rec), rec.description,
                             location, place_id, date.edtf if date else "", date.earliest if date else None,
                             date.latest if date else None, date.date_text if date else ""))
        for actor_id, role in self._wanted_links(rec):
            self._links.append((str(uuid.uuid4()), self.now, self.now, self.by, None, event_id, actor_id, role))
        for field_info, stored in self._field_values(rec, rec.given).items():
            if stored is not None:
                self._values.append(self._value_row(event_id, uid, field_info, stored))
        self.counts["added"] += 1

    def _value_row(self, event_id: int, event_uid: str, field_info: FieldInfo, stored: StoredValue) -> tuple:
        return (value_uid(event_uid, field_info.uid), self.now, self.now, self.by, None, event_id, field_info.id,
                stored.text, stored.low, stored.high, stored.qualifier, stored.latitude, stored.longitude,
                sort_text(stored.text), sort_number(stored.low, stored.high))

    def _field_values(self, rec: AcledRecord, parts) -> dict[FieldInfo, Optional[StoredValue]]:
        """The field values these parts of the record give (None: no value)."""
        values: dict[FieldInfo, Optional[StoredValue]] = {}
        for part in parts:
            if part.startswith("extra:"):
                column = part[6:]
                field_info = self.fields.get(column)
                if field_info is not None:
                    values[field_info] = self._read(field_info, rec.extras.get(column, ""))
                continue
            name = _FIELD_OF_PART.get(part)
            if name is None:
                continue
            field_info = self.fields.get(name)
            if part == "coordinates":
                if field_info is not None:
                    values[field_info] = None if rec.coordinates is None else StoredValue(
                        place_text(rec.location, *rec.coordinates), latitude=rec.coordinates[0],
                        longitude=rec.coordinates[1])
            elif part == "event_id":
                if field_info is not None:  # made by the import when a row has an ACLED id
                    values[field_info] = self._read(field_info, "" if is_uid(rec.event_id) else rec.event_id)
            elif field_info is not None:
                values[field_info] = self._read(field_info, getattr(rec, part))
        return values

    @staticmethod
    def _read(field_info: FieldInfo, text: str) -> Optional[StoredValue]:
        if field_info.kind == "text":  # what read_value makes of a text field's value
            clean = text.strip()
            return StoredValue(clean) if clean else None
        try:
            return read_value(field_info.name, field_info.kind, field_info.choices, text)
        except InvalidInput as exc:  # checked when read; the project changed since
            raise InvalidInput(f"{exc} (the field changed while the file was being read; nothing was written)") from None

    def _place(self, rec: AcledRecord) -> tuple[Optional[int], str]:
        """(place id, location) for the record's location: a place of that name or alias, else a
        new place with the row's coordinates."""
        name = rec.location
        if not name:
            return None, ""
        known = self.places.get(name.casefold())
        if known is None:
            lat, lon = rec.coordinates if rec.coordinates is not None else (None, None)
            known = self.places[name.casefold()] = (self._insert_actor(name, "place", lat, lon), name)
            self.counts["places_added"] += 1
        return known

    def _insert_actor(self, name: str, kind: str, lat=None, lon=None) -> int:
        row = self.project._new_record(self.now)
        cursor = self.raw.execute(
            "INSERT INTO actor (uid, created_at, updated_at, created_by, deleted_at, name, kind, aliases, "
            "latitude, longitude, merged_into) VALUES (?, ?, ?, ?, NULL, ?, ?, '', ?, ?, '')",
            (row["uid"], self.now, self.now, self.by, name, kind, lat, lon))
        return cursor.lastrowid

    def _actor(self, name: str, inter: str) -> int:
        known = self.actors.get(name.casefold())
        if known is None:
            known = self.actors[name.casefold()] = (self._insert_actor(name, actor_kind(inter)), name)
            self.counts["actors_added"] += 1
        return known[0]

    def _as_known(self, rec: AcledRecord) -> None:
        """Names the project knows by an alias or in another case, as the project names them
        (as its export writes them, so that a row is compared with like)."""
        def known(lookup, name: str) -> str:
            found = lookup.get(name.casefold())
            return found[1] if found is not None else name

        if rec.location:
            rec.location = known(self.places, rec.location)
        for column in ("actor1", "actor2"):
            if getattr(rec, column):
                setattr(rec, column, known(self.actors, getattr(rec, column)))
        for column in ("assoc_actor_1", "assoc_actor_2"):
            setattr(rec, column, tuple(dict.fromkeys(known(self.actors, n) for n in getattr(rec, column))))

    def _wanted_links(self, rec: AcledRecord) -> list[tuple[int, str]]:
        """(actor id, role) of the record's actor columns, in column order (no pair twice)."""
        wanted: list[tuple[int, str]] = []
        for column in ACTOR_COLUMNS:
            value = getattr(rec, column)
            inter = rec.extras.get("inter1" if column.endswith("1") else "inter2", "") if not column.startswith("assoc") else ""
            for name in (value if isinstance(value, tuple) else (value,) if value else ()):
                pair = (self._actor(name, inter), ROLES[column])
                if pair not in wanted:
                    wanted.append(pair)
        return wanted

    # ------------------------------------------------------------------ the project's events
    def _update(self, event_id: int, uid: str, current: AcledRecord, rec: AcledRecord) -> None:
        merged = current.overlay(rec)
        parts = [p for p in (*AcledRecord.PARTS, *(g for g in rec.given if g.startswith("extra:")))
                 if p in rec.given and merged.key(p) != current.key(p)]
        if not parts:
            self.counts["unchanged"] += 1
            return
        event_sets: dict[str, object] = {}
        if "date" in parts and merged.date is not None:
            event_sets.update(edtf=merged.date.edtf, earliest=merged.date.earliest,
                              latest=merged.date.latest, date_text=merged.date.date_text)
        if "description" in parts:
            event_sets["description"] = merged.description
        if "location" in parts:
            event_sets["place_id"], event_sets["location"] = self._place(merged)
            if merged.coordinates is not None and "coordinates" not in parts:
                parts.append("coordinates")  # its text names the place
        if any(p in parts for p in ACTOR_COLUMNS):
            self._replace_links(event_id, self._wanted_links(merged))
        for field_info, stored in self._field_values(merged, parts).items():
            self._set_value(event_id, uid, field_info, stored)
        self._flush()
        assignments = ", ".join(f"{k} = ?" for k in event_sets)
        self.raw.execute(f"UPDATE event SET {assignments + ', ' if assignments else ''}updated_at = ? WHERE id = ?",
                         (*event_sets.values(), self.now, event_id))
        self.counts["updated"] += 1

    def _replace_links(self, event_id: int, wanted: list[tuple[int, str]]) -> None:
        current = self.raw.execute("SELECT actor_id, role FROM event_actor WHERE event_id = ? "
                                   "AND likely(deleted_at IS NULL) ORDER BY id", (event_id,)).fetchall()
        if [tuple(r) for r in current] == wanted:
            return
        self.raw.execute("UPDATE event_actor SET deleted_at = ?, updated_at = ? WHERE event_id = ? "
                         "AND likely(deleted_at IS NULL)", (self.now, self.now, event_id))
        for actor_id, role in wanted:
            self._links.append((str(uuid.uuid4()), self.now, self.now, self.by, None, event_id, actor_id, role))

    def _set_value(self, event_id: int, event_uid: str, field_info: FieldInfo, stored: Optional[StoredValue]) -> None:
        row = self.raw.execute("SELECT id, deleted_at FROM event_field_value WHERE event_id = ? AND field_id = ?",
                               (event_id, field_info.id)).fetchone()
        if stored is None:
            if row is not None and row[1] is None:
                self.raw.execute("UPDATE event_field_value SET deleted_at = ?, updated_at = ? WHERE id = ?",
                                 (self.now, self.now, row[0]))
            return
        if row is None:
            self._values.append(self._value_row(event_id, event_uid, field_info, stored))
            return
        self.raw.execute(
            "UPDATE event_field_value SET text = ?, low = ?, high = ?, qualifier = ?, latitude = ?, longitude = ?, "
            "sort_text = ?, sort_number = ?, deleted_at = NULL, updated_at = ? WHERE id = ?",
            (stored.text, stored.low, stored.high, stored.qualifier, stored.latitude, stored.longitude,
             sort_text(stored.text), sort_number(stored.low, stored.high), self.now, row[0]))
