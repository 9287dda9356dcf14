"""Schema migrations: ordered steps, each plain SQL on the sqlite3 connection.

:func:`curator.core.database.migrate` makes a backup copy and runs the steps in one transaction
(foreign keys off, checked at the end). A step never imports the models: it states the schema
of its own version, so later model changes cannot change what an old step does.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime, timezone

from curator.core.tagset import insert_default_tags


class Migration:
    """One ordered schema step from ``version - 1`` to ``version``. Subclasses implement
    :meth:`apply` with plain DDL/DML on the connection (inside the migration transaction)."""

    version: int = 0
    description: str = ""

    def apply(self, conn: sqlite3.Connection) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


# The version-2 shape of the tables that change, exactly as a new version-2 file has them.
# A table gaining a column in the middle (event.place_id) or a NOT NULL column without a default
# (span.note, actor.merged_into) cannot be made with ALTER TABLE ADD COLUMN, so those tables are
# rebuilt: old one renamed, new one created with the exact version-2 statement, rows copied,
# old one dropped, indexes recreated; so a migrated file has exactly a new file's schema.
_V2_TABLES = {
    "actor": ("""CREATE TABLE actor (
\tuid VARCHAR NOT NULL, \n\tcreated_at VARCHAR NOT NULL, \n\tupdated_at VARCHAR NOT NULL, \n\tcreated_by VARCHAR NOT NULL, \n\tdeleted_at VARCHAR, \n\tid INTEGER NOT NULL, \n\tname VARCHAR NOT NULL, \n\tkind VARCHAR NOT NULL, \n\taliases VARCHAR NOT NULL, \n\tlatitude FLOAT, \n\tlongitude FLOAT, \n\tmerged_into VARCHAR NOT NULL, \n\tPRIMARY KEY (id)\n)""",
              "uid, created_at, updated_at, created_by, deleted_at, id, name, kind, aliases, "
              "NULL, NULL, ''",
              ("CREATE INDEX ix_actor_deleted_at ON actor (deleted_at)",
               "CREATE INDEX ix_actor_name ON actor (name)",
               "CREATE UNIQUE INDEX ix_actor_uid ON actor (uid)")),
    "event": ("""CREATE TABLE event (
\tuid VARCHAR NOT NULL, \n\tcreated_at VARCHAR NOT NULL, \n\tupdated_at VARCHAR NOT NULL, \n\tcreated_by VARCHAR NOT NULL, \n\tdeleted_at VARCHAR, \n\tid INTEGER NOT NULL, \n\ttitle VARCHAR NOT NULL, \n\tdescription VARCHAR NOT NULL, \n\tlocation VARCHAR NOT NULL, \n\tplace_id INTEGER, \n\tedtf VARCHAR NOT NULL, \n\tearliest VARCHAR, \n\tlatest VARCHAR, \n\tdate_text VARCHAR NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(place_id) REFERENCES actor (id)\n)""",
              "uid, created_at, updated_at, created_by, deleted_at, id, title, description, "
              "location, NULL, edtf, earliest, latest, date_text",
              ("CREATE INDEX ix_event_deleted_at ON event (deleted_at)",
               "CREATE INDEX ix_event_earliest ON event (earliest)",
               "CREATE INDEX ix_event_place_id ON event (place_id)",
               "CREATE UNIQUE INDEX ix_event_uid ON event (uid)")),
    "span": ("""CREATE TABLE span (
\tuid VARCHAR NOT NULL, \n\tcreated_at VARCHAR NOT NULL, \n\tupdated_at VARCHAR NOT NULL, \n\tcreated_by VARCHAR NOT NULL, \n\tdeleted_at VARCHAR, \n\tid INTEGER NOT NULL, \n\tdocument_id INTEGER NOT NULL, \n\tstart INTEGER NOT NULL, \n\t"end" INTEGER NOT NULL, \n\tquote VARCHAR NOT NULL, \n\ttag_id INTEGER, \n\tnote VARCHAR NOT NULL, \n\tactor_id INTEGER, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(document_id) REFERENCES document (id), \n\tFOREIGN KEY(tag_id) REFERENCES tag (id), \n\tFOREIGN KEY(actor_id) REFERENCES actor (id)\n)""",
             "uid, created_at, updated_at, created_by, deleted_at, id, document_id, start, \"end\", "
             "quote, NULL, '', NULL",
             ("CREATE INDEX ix_span_actor_id ON span (actor_id)",
              "CREATE INDEX ix_span_deleted_at ON span (deleted_at)",
              "CREATE INDEX ix_span_document_id ON span (document_id)",
              "CREATE INDEX ix_span_tag_id ON span (tag_id)",
              "CREATE UNIQUE INDEX ix_span_uid ON span (uid)")),
}

_V2_TAG_TABLE = """CREATE TABLE tag (
\tuid VARCHAR NOT NULL, \n\tcreated_at VARCHAR NOT NULL, \n\tupdated_at VARCHAR NOT NULL, \n\tcreated_by VARCHAR NOT NULL, \n\tdeleted_at VARCHAR, \n\tid INTEGER NOT NULL, \n\tname VARCHAR NOT NULL, \n\tcolor VARCHAR NOT NULL, \n\tshortcut VARCHAR NOT NULL, \n\tdescription VARCHAR NOT NULL, \n\tposition INTEGER NOT NULL, \n\tPRIMARY KEY (id)\n)"""
_V2_TAG_INDEXES = ("CREATE INDEX ix_tag_deleted_at ON tag (deleted_at)",
                   "CREATE UNIQUE INDEX ix_tag_uid ON tag (uid)")


class AddAnnotations(Migration):
    """Schema 2: the tag set, labelled highlights with notes and mentions, actor coordinates
    and merge redirects, event places (made from the events' location strings)."""

    version = 2
    description = "tag set, highlights, mentions, places"

    def apply(self, conn: sqlite3.Connection) -> None:
        now = _now()
        conn.execute(_V2_TAG_TABLE)
        for sql in _V2_TAG_INDEXES:
            conn.execute(sql)
        insert_default_tags(conn.execute, now)
        _rebuild(conn, _V2_TABLES, "v1")
        self._places_from_locations(conn, now)

    @staticmethod
    def _places_from_locations(conn: sqlite3.Connection, now: str) -> None:
        """Each distinct non-empty location of a live event becomes a place (an existing live
        actor of kind "place" with that name or alias is used first); events with that location
        (whitespace collapsed, any case) point at it."""
        places: dict[str, int] = {}
        rows = conn.execute("SELECT id, name, aliases FROM actor WHERE deleted_at IS NULL "
                            "AND kind = 'place' ORDER BY id").fetchall()
        for actor_id, name, _ in rows:
            places.setdefault(" ".join(name.split()).casefold(), actor_id)
        for actor_id, _, aliases in rows:
            for alias in aliases.split("\n"):
                if alias.strip():
                    places.setdefault(" ".join(alias.split()).casefold(), actor_id)
        for (location,) in conn.execute("SELECT location FROM event WHERE deleted_at IS NULL "
                                        "AND trim(location) != '' ORDER BY id").fetchall():
            name = " ".join(location.split())
            if name.casefold() not in places:
                places[name.casefold()] = conn.execute(
                    "INSERT INTO actor (uid, created_at, updated_at, created_by, deleted_at, name, "
                    "kind, aliases, latitude, longitude, merged_into) "
                    "VALUES (?, ?, ?, '', NULL, ?, 'place', '', NULL, NULL, '')",
                    (str(uuid.uuid4()), now, now, name)).lastrowid
        updates = [(places[" ".join(location.split()).casefold()], event_id)
                   for event_id, location in conn.execute(
                       "SELECT id, location FROM event WHERE trim(location) != ''").fetchall()
                   if " ".join(location.split()).casefold() in places]
        conn.executemany("UPDATE event SET place_id = ? WHERE id = ?", updates)


# The version-3 shape of the tables that change, exactly as a new version-3 file has them
# (columns in the middle: rebuilt as in version 2).
_V3_TABLES = {
    "document": ("""CREATE TABLE document (
\tuid VARCHAR NOT NULL, \n\tcreated_at VARCHAR NOT NULL, \n\tupdated_at VARCHAR NOT NULL, \n\tcreated_by VARCHAR NOT NULL, \n\tdeleted_at VARCHAR, \n\tid INTEGER NOT NULL, \n\ttitle VARCHAR NOT NULL, \n\tsource_kind VARCHAR NOT NULL, \n\tauthor VARCHAR NOT NULL, \n\tpublished VARCHAR NOT NULL, \n\tpublished_inferred BOOLEAN NOT NULL, \n\tsource VARCHAR NOT NULL, \n\tfilename VARCHAR NOT NULL, \n\tencoding VARCHAR NOT NULL, \n\ttext VARCHAR NOT NULL, \n\tsha256 VARCHAR NOT NULL, \n\tPRIMARY KEY (id)\n)""",
                 "uid, created_at, updated_at, created_by, deleted_at, id, title, source_kind, "
                 "author, published, 0, '', filename, '', text, sha256",
                 ("CREATE INDEX ix_document_deleted_at ON document (deleted_at)",
                  "CREATE INDEX ix_document_sha256 ON document (sha256)",
                  "CREATE UNIQUE INDEX ix_document_uid ON document (uid)")),
    "sync_history": ("""CREATE TABLE sync_history (
\tuid VARCHAR NOT NULL, \n\tstate VARCHAR NOT NULL, \n\tcontent VARCHAR NOT NULL, \n\tPRIMARY KEY (uid, state)\n)\n WITHOUT ROWID\n\n""",
                     "uid, state, ''", ()),
}


def _rebuild(conn: sqlite3.Connection, tables: dict, old_suffix: str) -> None:
    """Rebuild each table with its new statement: the old one renamed, rows copied with the
    given column list, old one dropped, indexes recreated (legacy renaming leaves other tables'
    foreign keys naming the table as they are)."""
    conn.execute("PRAGMA legacy_alter_table = ON")
    try:
        for table, (create, columns, indexes) in tables.items():
            conn.execute(f"ALTER TABLE {table} RENAME TO {table}_{old_suffix}")
            conn.execute(create)
            conn.execute(f"INSERT INTO {table} SELECT {columns} FROM {table}_{old_suffix}")
            conn.execute(f"DROP TABLE {table}_{old_suffix}")
            for sql in indexes:
                conn.execute(sql)
    finally:
        conn.execute("PRAGMA legacy_alter_table = OFF")


class AddDocumentProvenance(Migration):
    """Schema 3: a document's source (URL or citation), whether its date was inferred from the
    text, and the encoding its file was decoded from; the shared content of each sync-history
    state (the base a three-way merge compares both sides with). Existing rows get unset values:
    dates as given, no source, encoding unknown, content unknown."""

    version = 3
    description = "document source, inferred dates, encodings; merge bases; standard EDTF"

    def apply(self, conn: sqlite3.Connection) -> None:
        _rebuild(conn, _V3_TABLES, "v2")
        self._standard_edtf(conn)

    @staticmethod
    def _standard_edtf(conn: sqlite3.Connection) -> None:
        """Older EDTF forms that other tools refuse or misread (``2015-21``, ``2015-21~``,
        ``199X~``, ``/2014``) are rewritten in the standard form with the same days
        (``2015-03/2015-05``, ``2015-03~/2015-05~``, ``1990~/1999~``, ``../2014``), so that
        nothing Curator exports is non-standard. Only values whose stored interval is the one
        they mean are touched (a mismatch is reported by ``curator check``, not guessed at).
        The reading is the date engine's (a pure function of the string, fixed for these old
        forms), not the models'."""
        from curator.temporal.edtf import parse_edtf
        from curator.temporal.errors import DateInputError

        for table, has_bounds in (("event", True), ("rejected_suggestion", False)):
            columns = "id, edtf, earliest, latest" if has_bounds else "id, edtf, NULL, NULL"
            updates = []
            for row_id, value, earliest, latest in conn.execute(
                    f"SELECT {columns} FROM {table} WHERE edtf != ''").fetchall():
                try:
                    reading = parse_edtf(value)
                except DateInputError:
                    continue
                if reading.edtf == value:
                    continue
                if has_bounds and (reading.earliest_iso, reading.latest_iso) != (earliest, latest):
                    continue
                updates.append((reading.edtf, row_id))
            conn.executemany(f"UPDATE {table} SET edtf = ? WHERE id = ?", updates)


# The version-4 shape of the sync history, exactly as a new version-4 file has it.
_V4_TABLES = {
    "sync_history": ("""CREATE TABLE sync_history (
\tuid VARCHAR NOT NULL, \n\tstate VARCHAR NOT NULL, \n\tcontent VARCHAR NOT NULL, \n\treplica VARCHAR NOT NULL, \n\tshared_at VARCHAR NOT NULL, \n\tPRIMARY KEY (uid, state)\n)\n WITHOUT ROWID\n\n""",
                     "uid, state, content, '', ''", ()),
}


class AddReplicas(Migration):
    """Schema 4: exporting writes nothing to the project any more; instead each file has a
    replica base in ``project_meta`` (its replica id: :mod:`curator.core.replica`) and a history
    row may say which replica held the state and when (:mod:`curator.core.models_sync`).
    Existing rows keep their states and contents, with no claim."""

    version = 4
    description = "replica ids; who shared each state and when"

    def apply(self, conn: sqlite3.Connection) -> None:
        _rebuild(conn, _V4_TABLES, "v3")
        conn.execute("INSERT OR IGNORE INTO project_meta (key, value) VALUES ('replica', ?)",
                     (str(uuid.uuid4()),))


# The version-5 objects (the event listing and its triggers, see curator.core.listing), exactly
# as a new version-5 file has them, in creation order.
_V5_LISTING = (
    """CREATE TABLE event_listing (
    event_id INTEGER NOT NULL PRIMARY KEY,
    date_first TEXT,
    date_last TEXT,
    title_key TEXT,
    actors_key TEXT,
    location_key TEXT,
    documents_key TEXT
)""",
    """CREATE TABLE event_listing_stale (
    event_id INTEGER NOT NULL
)""",
    """CREATE TABLE event_listing_seen (
    source TEXT NOT NULL,
    last_id INTEGER NOT NULL
)""",
    'CREATE INDEX ix_event_listing_date ON event_listing (date_first, date_last, event_id)',
    'CREATE INDEX ix_event_listing_title ON event_listing (title_key, event_id)',
    'CREATE INDEX ix_event_listing_actors ON event_listing (actors_key, event_id)',
    'CREATE INDEX ix_event_listing_location ON event_listing (location_key, event_id)',
    'CREATE INDEX ix_event_listing_documents ON event_listing (documents_key, event_id)',
    'CREATE INDEX ix_event_actor_actor_live ON event_actor (actor_id, deleted_at, event_id)',
    "CREATE VIRTUAL TABLE event_listing_fts USING fts5(title_key, actors_key, location_key, documents_key, content='event_listing', content_rowid='event_id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')",
    """CREATE TRIGGER event_listing_event_update AFTER UPDATE ON event
WHEN OLD.id IS NOT NEW.id OR OLD.title IS NOT NEW.title OR OLD.location IS NOT NEW.location
    OR OLD.place_id IS NOT NEW.place_id OR OLD.earliest IS NOT NEW.earliest
    OR OLD.latest IS NOT NEW.latest OR OLD.deleted_at IS NOT NEW.deleted_at BEGIN
    INSERT INTO event_listing_stale (event_id) VALUES (OLD.id), (NEW.id);
END""",
    """CREATE TRIGGER event_listing_event_delete AFTER DELETE ON event BEGIN
    INSERT INTO event_listing_stale (event_id) VALUES (OLD.id);
END""",
    """CREATE TRIGGER event_listing_actor_link_update AFTER UPDATE ON event_actor
WHEN OLD.event_id IS NOT NEW.event_id OR OLD.actor_id IS NOT NEW.actor_id
    OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.id IS NOT NEW.id BEGIN
    INSERT INTO event_listing_stale (event_id) VALUES (OLD.event_id), (NEW.event_id);
END""",
    """CREATE TRIGGER event_listing_actor_link_delete AFTER DELETE ON event_actor BEGIN
    INSERT INTO event_listing_stale (event_id) VALUES (OLD.event_id);
END""",
    """CREATE TRIGGER event_listing_evidence_update AFTER UPDATE ON event_evidence
WHEN OLD.event_id IS NOT NEW.event_id OR OLD.span_id IS NOT NEW.span_id
    OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.id IS NOT NEW.id BEGIN
    INSERT INTO event_listing_stale (event_id) VALUES (OLD.event_id), (NEW.event_id);
END""",
    """CREATE TRIGGER event_listing_evidence_delete AFTER DELETE ON event_evidence BEGIN
    INSERT INTO event_listing_stale (event_id) VALUES (OLD.event_id);
END""",
    """CREATE TRIGGER event_listing_actor_update AFTER UPDATE ON actor
WHEN OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.deleted_at IS NOT NEW.deleted_at BEGIN
    INSERT INTO event_listing_stale (event_id) SELECT event_id FROM event_actor WHERE actor_id IN (OLD.id, NEW.id)
        UNION SELECT id FROM event WHERE place_id IN (OLD.id, NEW.id);
END""",
    """CREATE TRIGGER event_listing_actor_delete AFTER DELETE ON actor BEGIN
    INSERT INTO event_listing_stale (event_id) SELECT event_id FROM event_actor WHERE actor_id = OLD.id
        UNION SELECT id FROM event WHERE place_id = OLD.id;
END""",
    """CREATE TRIGGER event_listing_span_update AFTER UPDATE ON span
WHEN OLD.id IS NOT NEW.id OR OLD.document_id IS NOT NEW.document_id
    OR OLD.deleted_at IS NOT NEW.deleted_at BEGIN
    INSERT INTO event_listing_stale (event_id) SELECT event_id FROM event_evidence WHERE span_id IN (OLD.id, NEW.id);
END""",
    """CREATE TRIGGER event_listing_span_delete AFTER DELETE ON span BEGIN
    INSERT INTO event_listing_stale (event_id) SELECT event_id FROM event_evidence WHERE span_id = OLD.id;
END""",
    """CREATE TRIGGER event_listing_document_update AFTER UPDATE ON document
WHEN OLD.id IS NOT NEW.id OR OLD.title IS NOT NEW.title BEGIN
    INSERT INTO event_listing_stale (event_id) SELECT ev.event_id FROM event_evidence ev JOIN span s ON s.id = ev.span_id
        WHERE s.document_id IN (OLD.id, NEW.id);
END""",
    """CREATE TRIGGER event_listing_document_delete AFTER DELETE ON document BEGIN
    INSERT INTO event_listing_stale (event_id) SELECT ev.event_id FROM event_evidence ev JOIN span s ON s.id = ev.span_id
        WHERE s.document_id = OLD.id;
END""",
    "INSERT INTO event_listing_seen (source, last_id) VALUES ('event', 0), ('event_actor', 0), ('event_evidence', 0)",
)


class AddEventListing(Migration):
    """Schema 5: the event listing, what the event table sorts and filters by in SQL (sort keys
    with an index per column, a full-text index of the texts the quick filter searches, the
    triggers that mark the events a write touches) and an index of an actor's live events.
    Derived data: nothing is listed yet, and Curator lists every event when it opens the
    upgraded file (see curator.core.listing)."""

    version = 5
    description = "event listing: sort keys, full-text index, triggers"

    def apply(self, conn: sqlite3.Connection) -> None:
        for sql in _V5_LISTING:
            conn.execute(sql)  # the last one: nothing listed yet


# The version-6 shape of the document table and the new table of originals, exactly as a new
# version-6 file has them (NOT NULL columns without a default: the document table is rebuilt).
_V6_TABLES = {
    "document": ("""CREATE TABLE document (
\tuid VARCHAR NOT NULL, \n\tcreated_at VARCHAR NOT NULL, \n\tupdated_at VARCHAR NOT NULL, \n\tcreated_by VARCHAR NOT NULL, \n\tdeleted_at VARCHAR, \n\tid INTEGER NOT NULL, \n\ttitle VARCHAR NOT NULL, \n\tsource_kind VARCHAR NOT NULL, \n\tauthor VARCHAR NOT NULL, \n\tpublished VARCHAR NOT NULL, \n\tpublished_inferred BOOLEAN NOT NULL, \n\tsource VARCHAR NOT NULL, \n\tfilename VARCHAR NOT NULL, \n\tencoding VARCHAR NOT NULL, \n\ttext VARCHAR NOT NULL, \n\tsha256 VARCHAR NOT NULL, \n\tkind VARCHAR NOT NULL, \n\tsource_sha256 VARCHAR NOT NULL, \n\tsource_size INTEGER, \n\tpage_starts VARCHAR NOT NULL, \n\tmetadata VARCHAR NOT NULL, \n\tproblems VARCHAR NOT NULL, \n\tPRIMARY KEY (id)\n)""",
                 "uid, created_at, updated_at, created_by, deleted_at, id, title, source_kind, "
                 "author, published, published_inferred, source, filename, encoding, text, sha256, "
                 "'', '', NULL, '[]', '{}', '[]'",
                 ("CREATE INDEX ix_document_sha256 ON document (sha256)",
                  "CREATE INDEX ix_document_deleted_at ON document (deleted_at)",
                  "CREATE UNIQUE INDEX ix_document_uid ON document (uid)")),
}
_V6_ORIGINALS = """CREATE TABLE document_original (
\tsha256 VARCHAR NOT NULL, \n\tcontent BLOB NOT NULL, \n\tPRIMARY KEY (sha256)\n)"""


class AddDocumentOriginals(Migration):
    """Schema 6: what a document's original file was (its kind, SHA-256 and size; its name was
    already kept), where its pages start, what the file said about itself (metadata with where
    each value was read) and the problems reading it met; a table that may keep the original
    bytes. Documents added before get no kind (""), no pages, no metadata, no problems. The
    event listing's triggers on the document table are made again as they were."""

    version = 6
    description = "documents' originals: kind, SHA-256, size, pages, metadata, problems; kept bytes"

    def apply(self, conn: sqlite3.Connection) -> None:
        triggers = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                "AND tbl_name = 'document' ORDER BY rowid").fetchall()
        _rebuild(conn, _V6_TABLES, "v5")  # dropping the old table drops its triggers
        for (sql,) in triggers:
            conn.execute(sql)
        conn.execute(_V6_ORIGINALS)


# The version-7 statements: the timeline's days in the event listing (see curator.core.event_days),
# computed by the very expressions a new version-7 file lists events with, and the event trigger
# that now also marks an event whose EDTF value changes (its fuzziness is one of the days' bits).
_V7_DAY_COLUMNS = ("ALTER TABLE event_listing ADD COLUMN day_first INTEGER",
                   "ALTER TABLE event_listing ADD COLUMN day_last INTEGER",
                   "ALTER TABLE event_listing ADD COLUMN day_bits INTEGER")
_V7_FUZZY = ("CASE length(e.edtf) WHEN 0 THEN 0 WHEN 10 THEN NOT e.edtf GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "
             "WHEN 11 THEN NOT e.edtf GLOB '-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "
             "WHEN 21 THEN NOT e.edtf GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "
             "WHEN 22 THEN NOT (e.edtf GLOB '-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "
             "OR e.edtf GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]') "
             "WHEN 23 THEN NOT e.edtf GLOB '-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "
             "ELSE 1 END")
_V7_EARLIEST_DAY = ("IFNULL(CASE WHEN date(julianday(e.earliest)) = e.earliest THEN "
                    "CAST(julianday(e.earliest) - 2440587.5 AS INTEGER) END, -2147483648)")
_V7_LATEST_DAY = ("IFNULL(CASE WHEN date(julianday(e.latest)) = e.latest THEN "
                  "CAST(julianday(e.latest) - 2440587.5 AS INTEGER) END, -2147483648)")
_V7_BITS = ("(IFNULL(e.earliest, '') = '') + 2 * (IFNULL(e.latest, '') = '') + 4 * (e.edtf = '') "
            f"+ 8 * ({_V7_FUZZY})")
_V7_FILL = (f"UPDATE event_listing SET day_first = {_V7_EARLIEST_DAY}, day_last = {_V7_LATEST_DAY}, "
            f"day_bits = {_V7_BITS} FROM event e WHERE e.id = event_listing.event_id")
_V7_EVENT_TRIGGER = """CREATE TRIGGER event_listing_event_update AFTER UPDATE ON event
WHEN OLD.id IS NOT NEW.id OR OLD.title IS NOT NEW.title OR OLD.location IS NOT NEW.location
    OR OLD.place_id IS NOT NEW.place_id OR OLD.earliest IS NOT NEW.earliest
    OR OLD.latest IS NOT NEW.latest OR OLD.edtf IS NOT NEW.edtf OR OLD.deleted_at IS NOT NEW.deleted_at BEGIN
    INSERT INTO event_listing_stale (event_id) VALUES (OLD.id), (NEW.id);
END"""


class AddTimelineDays(Migration):
    """Schema 7: the event listing keeps each listed event's days as the timeline reads them
    (earliest and latest day as day numbers, and bits: no earliest, no latest, no EDTF, fuzzy),
    so that the timeline reads integers instead of computing dates from text; the event trigger
    also marks an event whose EDTF value changes. The listed events get their days here, in one
    statement; events waiting to be listed get them when Curator lists them."""

    version = 7
    description = "timeline days in the event listing"

    def apply(self, conn: sqlite3.Connection) -> None:
        for sql in _V7_DAY_COLUMNS:
            conn.execute(sql)
        conn.execute(_V7_FILL)
        conn.execute("DROP TRIGGER event_listing_event_update")
        conn.execute(_V7_EVENT_TRIGGER)


# Ordered list of migrations; MIGRATIONS[i].version == i + 2 (version 1 is the first schema,
# created from the models). Add a class here whenever SCHEMA_VERSION goes up.
MIGRATIONS: list[Migration] = [AddAnnotations(), AddDocumentProvenance(), AddReplicas(),
                               AddEventListing(), AddDocumentOriginals(), AddTimelineDays()]
