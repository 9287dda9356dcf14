"""Reading a JSON export into a staging database, record by record, checking each one.

An import reads its file once (:class:`~curator.exchange.json_reader.JsonReader`), checks every
record as it comes against the JSON Schema of the file's format version (the record's part of
the schema, compiled by :mod:`curator.exchange.schema_check`; jsonschema says why only for a
record that fails, with the record's JSON path), brings a format 1-3 record to the current shape
(:func:`curator.exchange.validate.upgrade`'s defaults), runs the checks that need nothing but the
record itself (a document's hash, a span's or rejected passage's order, an event's date, an
actor's coordinates), computes its state hash and the content its history row will keep, and
writes it to a table of a temporary SQLite file. The checks that need the whole file (unique
uids, references, offsets against document texts, the tag set, redirects, the sync section) then
run in SQL and a document at a time (:mod:`curator.exchange.staged_checks`), and the merge is
planned against the project in SQL (:mod:`curator.exchange.staged_merge`). Memory holds a chunk
of records at a time, never the file.

The staging file (one per import, deleted after it) has, per record kind, a table ``r_<key>``
with the record's fields (references as uids; an actor's aliases as a JSON list and as the
project stores them), its position in the file's list (``idx``), its ``state`` and ``content``;
``held`` and ``hist`` hold the file's sync section;
``problem`` the data problems found, with the order the whole-file check reports them in.
"""

from __future__ import annotations

import json
import sqlite3
from operator import itemgetter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from curator.core import bulk
from curator.core.bulk import (
    ACTORS, CLAIM_LINKS, COMMON_FIELDS, DOCUMENTS, EVENTS, FIELD_VALUES, FIELDS, KIND_BY_KEY, KINDS, REJECTIONS,
    SPANS, TAGS, Kind,
)
from curator.core.project import text_sha256
from curator.exchange.errors import NewerFormatError, Problem
from curator.exchange.json_reader import JsonReader
from curator.exchange.staged_schema import SchemaProblems, checks
from curator.exchange.validate import (
    FORMAT_VERSION, READABLE_VERSIONS, V1_DEFAULTS, V2_DEFAULTS, V4_DEFAULTS, _date_fault, _edtf_problem,
    page_starts_fault, schema,
)

Progress = Callable[[int, int], bool]
CHUNK = 5_000


class Fallback(Exception):
    """The file is of a shape the streaming reader leaves to the whole-file path (its top level
    is not an object, or it repeats a record list): rare, and small in practice."""


# ------------------------------------------------------------------ problem order
# the order data_problems reports in: per kind (dups, then references), then hashes, spans,
# events' dates, rejected suggestions, the tag set, actors, redirect circles; sync problems after
CAT_KIND, CAT_SHA, CAT_SPAN, CAT_DATE, CAT_REJECTION, CAT_TAG, CAT_ACTOR, CAT_CIRCLE = range(8)
CAT_SYNC = 20


def columns(kind: Kind) -> list[str]:
    """The staged columns of a kind's records, as exchange names (an actor's aliases as JSON)."""
    return [*COMMON_FIELDS, *[name for name, _, _ in kind.refs], *kind.fields]


def q(name: str) -> str:
    return f'"{name}"'


@dataclass
class Staged:
    """What reading the file found besides the records."""

    version: int = FORMAT_VERSION
    exporter: str = ""  # sync.replica
    shared_at: str = ""  # sync.shared_at
    held_count: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # records staged per kind
    sync_keys: set = field(default_factory=set)


class Staging:
    """The staging database of one import (see the module docstring)."""

    def __init__(self, path: Path):
        self.path = path
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "temp_store = FILE",
                       "cache_size = -65536"):
            self.conn.execute(f"PRAGMA {pragma}")
        for kind in KINDS:
            cols = ", ".join(q(c) for c in columns(kind))
            extra = ", aliases_text" if kind is ACTORS else ""
            self.conn.execute(f"CREATE TABLE r_{kind.key} (idx INTEGER PRIMARY KEY, {cols}{extra}, "
                              "state, content)")
        self.conn.execute("CREATE TABLE held (uid, state)")
        self.conn.execute("CREATE TABLE hist (pos, i, uid, state, has_content, replica, shared_at, raw, "
                          "content)")
        self.conn.execute("CREATE TABLE problem (cat, sub, idx, seq, path, message, project DEFAULT 0)")
        self.staged = Staged()

    def close(self) -> None:
        self.conn.close()

    def add_problem(self, cat: int, sub: int, idx: int, seq: int, path: str, message: str,
                    project: int = 0) -> None:
        self.conn.execute("INSERT INTO problem VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (cat, sub, idx, seq, path, message, project))


def restore(kind: Kind, rec: dict) -> dict:
    """A staged row as the exchange record it was staged from."""
    if kind is ACTORS:
        rec["aliases"] = json.loads(rec["aliases"])
    elif kind is DOCUMENTS:
        rec["published_inferred"] = bool(rec["published_inferred"])
    return rec


# ------------------------------------------------------------------ reading
def _version_of(value) -> int:
    if type(value) in (int, float) and value in READABLE_VERSIONS:
        return int(value)
    return FORMAT_VERSION


def _check_newer(value) -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > FORMAT_VERSION:
        raise NewerFormatError(
            f"the export uses format version {value}; this Curator reads up to "
            f"{FORMAT_VERSION}: update Curator to import it")


def _skip(reader: JsonReader) -> None:
    c = reader.peek()
    if c == "[":
        for _ in reader.items():
            pass
    elif c == "{":
        for _ in reader.members():
            _skip(reader)
    else:
        reader.value()


def _prescan_version(path: Path):
    """The file's format_version (the last given, as json.loads keeps it; None if absent),
    for a file that gives it after its records."""
    version = None
    with open(path, "rb") as fh:
        reader = JsonReader(fh)
        for key in reader.members():
            if key == "format_version":
                version = reader.value()
            else:
                _skip(reader)
    return version


class _Reading:
    """One pass over the file, filling the staging database."""

    def __init__(self, staging: Staging, path: Path, size: int, tick: Callable[[int], None]):
        self.staging, self.path, self.size, self.tick = staging, path, max(size, 1), tick
        self.skeleton: dict[str, Any] = {}
        self.version_value = None
        self.version: Optional[int] = None
        self.schema: Optional[SchemaProblems] = None
        self.streamed: set[str] = set()
        self.rows: dict[str, list] = {}
        self.sql = {}
        for kind in KINDS:
            n = len(columns(kind)) + (1 if kind is ACTORS else 0) + 3
            self.sql[kind.key] = f"INSERT INTO r_{kind.key} VALUES ({', '.join('?' * n)})"

    # the version must be known before the first record is checked
    def _need_version(self) -> None:
        if self.version is not None:
            return
        value = self.version_value if "format_version" in self.skeleton else _prescan_version(self.path)
        _check_newer(value)
        self.version = _version_of(value)
        self.schema = SchemaProblems(self.version)

    def run(self, reader: JsonReader) -> None:
        conn = self.staging.conn
        conn.execute("BEGIN")
        for key in reader.members():
            if key in self.streamed:
                raise Fallback(f"{key} given twice")
            c = reader.peek()
            if key == "format_version" and key not in self.skeleton:
                self.version_value = self.skeleton[key] = reader.value()
                if self.version is None:
                    _check_newer(self.version_value)
            elif key in KIND_BY_KEY and c == "[":
                self._need_version()
                if key not in checks(self.version)["lists"]:
                    self.skeleton[key] = reader.value()
                    continue
                self.streamed.add(key)
                self.skeleton[key] = []
                self._records(reader, KIND_BY_KEY[key])
            elif key == "sync" and c == "{":
                self._need_version()
                self.streamed.add(key)
                self._sync(reader)
            else:
                self.skeleton[key] = reader.value()
                if key == "format_version":
                    if self.version is not None and self.skeleton[key] != self.version_value:
                        raise Fallback("format_version given twice")  # json.loads keeps the last
                    self.version_value = self.skeleton[key]
        reader.end()
        conn.execute("COMMIT")
        if self.version is None:
            self._need_version()

    def _records(self, reader: JsonReader, kind: Kind) -> None:
        item_schema, check = checks(self.version)["lists"][kind.key]
        schema_problems = self.schema
        stage = _RecordStager(self.staging, kind, self.version)
        batch = []
        insert = self.sql[kind.key]
        conn = self.staging.conn
        count = 0
        clean = self._clean()
        row = stage.row
        chunk = CHUNK
        for i, rec in enumerate(reader.items()):
            count += 1
            if not check(rec):
                if not schema_problems.full:
                    schema_problems.report(item_schema, rec, f"$.{kind.key}[{i}]")
                clean = False
                batch = []
            elif clean:
                batch.append(row(i, rec))
                if len(batch) >= chunk:
                    conn.executemany(insert, batch)
                    batch = []
                    self.tick(reader.bytes_read)
            elif count % chunk == 0:
                self.tick(reader.bytes_read)
        if batch and self._clean():
            conn.executemany(insert, batch)
        self.staging.staged.counts[kind.key] = count
        self.tick(reader.bytes_read)

    def _sync(self, reader: JsonReader) -> None:
        maps = checks(self.version)["maps"]
        sync: dict[str, Any] = {}
        self.skeleton["sync"] = sync
        if "" in maps:  # formats 1-3: uid -> [states]
            self._history_map(reader, maps[""], "$.sync", old=True)
            return
        seen = set()
        for key in reader.members():
            if key in seen and key in ("held", "history"):
                raise Fallback(f"sync.{key} given twice")
            seen.add(key)
            if key in maps and reader.peek() == "{":
                sync[key] = {}
                if key == "held":
                    self._held(reader, maps[key])
                else:
                    self._history_map(reader, maps[key], "$.sync.history", old=False)
            else:
                sync[key] = reader.value()

    def _clean(self) -> bool:
        return not (self.schema.problems or self.schema.echoes)

    def _held(self, reader: JsonReader, parts) -> None:
        sub, key_ok, value_ok = parts
        conn = self.staging.conn
        batch = []
        count = 0
        for uid in reader.members():
            state = reader.value()
            count += 1
            if not (key_ok(uid) and value_ok(state)):
                if not self.schema.full:
                    self.schema.report(sub, {uid: state}, "$.sync.held")
            elif self._clean():
                batch.append((uid, state))
            if len(batch) >= 20_000:
                conn.executemany("INSERT INTO held VALUES (?, ?)", batch)
                batch = []
                self.tick(reader.bytes_read)
        if batch and self._clean():
            conn.executemany("INSERT INTO held VALUES (?, ?)", batch)
        self.staging.staged.held_count = count

    def _history_map(self, reader: JsonReader, parts, prefix: str, old: bool) -> None:
        sub, key_ok, value_ok = parts
        conn = self.staging.conn
        batch = []
        for pos, uid in enumerate(reader.members()):
            entries = reader.value()
            if not (key_ok(uid) and value_ok(entries)):
                if not self.schema.full:
                    self.schema.report(sub, {uid: entries}, prefix)
                continue
            if not self._clean():
                continue
            if old:
                entries = [{"state": state} for state in entries]
            batch.extend(_history_rows(self.staging, pos, uid, entries))
            if len(batch) >= 20_000:
                conn.executemany("INSERT INTO hist VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)", batch)
                batch = []
                self.tick(reader.bytes_read)
        if batch and self._clean():
            conn.executemany("INSERT INTO hist VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)", batch)

    def finish_schema(self) -> list[Problem]:
        """The schema problems of the whole file: the records' and map entries' (checked as they
        came) and the top level's, checked with every streamed list and map left empty."""
        self._need_version()
        root_check = checks(self.version)["root"]
        if not root_check(self.skeleton):
            self.schema.report(schema(self.version), self.skeleton, "$")
        return self.schema.result()


def _history_rows(staging: Staging, pos: int, uid: str, entries: list[dict]) -> list[tuple]:
    """One uid's history entries as :func:`curator.exchange.json_format.side_from_export` reads
    them (a later entry of the same state keeps the earlier one's claim, takes its content); a
    time given without its replica is a sync problem."""
    rows: dict[str, list] = {}
    for i, entry in enumerate(entries):
        if "shared_at" in entry and "replica" not in entry:
            staging.add_problem(CAT_SYNC + 1, pos, i, 0, f"$.sync.history.{uid}[{i}].shared_at",
                                "a time is given only with the replica it belongs to")
        state, replica = entry["state"], entry.get("replica", "")
        has = "content" in entry
        at = entry.get("shared_at", "") if replica else ""
        row = rows.get(state)
        if row is None:
            rows[state] = [pos, i, uid, state, has, replica, at, None]
        else:
            row[4] = has
        if has:
            rows[state][7] = json.dumps(entry["content"], ensure_ascii=False)
    return [tuple(row) for row in rows.values()]


class _RecordStager:
    """Makes one staged row of a record of ``kind`` that passed its schema: brought to the
    current format, normalised as the whole-file check normalises it, with its state, content
    and the problems that need no other record."""

    def __init__(self, staging: Staging, kind: Kind, version: int):
        self.staging, self.kind, self.version = staging, kind, version
        defaults = {}
        if version < 2:
            defaults.update(V1_DEFAULTS.get(kind.key, {}))
        if version < 3:
            defaults.update(V2_DEFAULTS.get(kind.key, {}))
        if version < 5:
            defaults.update(V4_DEFAULTS.get(kind.key, {}))
        self.defaults = defaults
        self.names = columns(kind)
        self.values = itemgetter(*self.names)
        self.check = {DOCUMENTS: self._document, SPANS: self._span, EVENTS: self._event,
                      REJECTIONS: self._rejection, TAGS: self._tag, ACTORS: self._actor,
                      FIELDS: self._field, FIELD_VALUES: self._field_value,
                      CLAIM_LINKS: self._claim_link}.get(kind)

    def row(self, i: int, rec: dict) -> tuple:
        for name, value in self.defaults.items():
            rec.setdefault(name, value)
        if self.check is not None:
            self.check(i, rec)
        state, canonical = bulk.state_and_canonical(self.kind, rec)
        content = bulk.content_json(self.kind, rec, canonical)
        values = list(self.values(rec))
        if self.kind is ACTORS:
            aliases = rec["aliases"]
            values[self.names.index("aliases")] = json.dumps(aliases, ensure_ascii=False)
            values.append("\n".join(aliases))
        return (i, *values, state, content)

    def _problem(self, cat: int, i: int, seq: int, path: str, message: str) -> None:
        self.staging.add_problem(cat, 0, i, seq, path, message)

    def _document(self, i: int, doc: dict) -> None:
        bulk.document_from_json(doc)  # JSON-valued fields as the project holds them
        if text_sha256(doc["text"]) != doc["sha256"]:
            self._problem(CAT_SHA, i, 0, f"$.documents[{i}].sha256", "does not match the SHA-256 of the text")
        fault = page_starts_fault(doc)
        if fault:
            self._problem(CAT_SHA, i, 1, f"$.documents[{i}].page_starts", fault)

    def _span(self, i: int, span: dict) -> None:
        span["start"], span["end"] = start, end = int(span["start"]), int(span["end"])
        if end == start:
            self._problem(CAT_SPAN, i, 0, f"$.spans[{i}].end",
                          f"the span is empty (start and end are both {start}); a span "
                          "covers at least one code point")
        elif end < start:
            self._problem(CAT_SPAN, i, 0, f"$.spans[{i}].end", f"{end} is before start {start}")

    def _event(self, i: int, event: dict) -> None:
        fault = _date_fault(event["edtf"], event["earliest"], event["latest"])
        if fault:
            self._problem(CAT_DATE, i, 0, f"$.events[{i}].{fault[0]}", fault[1])

    def _rejection(self, i: int, rec: dict) -> None:
        rec["start"], rec["end"] = start, end = int(rec["start"]), int(rec["end"])
        path = f"$.rejected_suggestions[{i}]"
        if end <= start:
            self._problem(CAT_REJECTION, i, 0, f"{path}.end", f"{end} is not after start {start}")
        if rec["edtf"]:
            reason = _edtf_problem(rec["edtf"])
            if reason:
                self._problem(CAT_REJECTION, i, 1, f"{path}.edtf", reason)

    def _tag(self, i: int, tag: dict) -> None:
        tag["position"] = int(tag["position"])

    def _actor(self, i: int, actor: dict) -> None:
        path = f"$.actors[{i}]"
        for seq, (name, limit) in enumerate((("latitude", 90), ("longitude", 180))):
            value = actor[name]
            if value is None:
                continue
            actor[name] = value = float(value)
            if not -limit <= value <= limit:
                self._problem(CAT_ACTOR, i, seq, f"{path}.{name}", f"{value} is not within -{limit}..{limit} degrees")
        if (actor["latitude"] is None) != (actor["longitude"] is None):
            missing = "longitude" if actor["longitude"] is None else "latitude"
            self._problem(CAT_ACTOR, i, 2, f"{path}.{missing}", "coordinates need both latitude and longitude, or neither")
        if actor["merged_into"] and actor["merged_into"] == actor["uid"]:
            self._problem(CAT_ACTOR, i, 3, f"{path}.merged_into", "an actor cannot be merged into itself")


    def _field(self, i: int, field: dict) -> None:
        from curator.exchange.field_checks import field_record_problems

        bulk.field_from_json(field)  # the choices as the project holds them
        field["position"] = int(field["position"])
        for cat, idx, seq, path, message in field_record_problems(i, field):
            self._problem(cat, idx, seq, path, message)

    def _field_value(self, i: int, value: dict) -> None:
        from curator.exchange.field_checks import value_record_problems

        for cat, idx, seq, path, message in value_record_problems(i, value):
            self._problem(cat, idx, seq, path, message)

    def _claim_link(self, i: int, link: dict) -> None:
        from curator.exchange.field_checks import link_record_problems

        for cat, idx, seq, path, message in link_record_problems(i, link):
            self._problem(cat, idx, seq, path, message)


def read_into(staging: Staging, path: Path, progress: Optional[Callable[[int, int], None]] = None) -> list[Problem]:
    """Read ``path`` into ``staging``; returns the schema problems (none: every record was
    staged). Raises JsonSyntaxError/NotUtf8 (from the reader), NewerFormatError, Fallback."""
    size = path.stat().st_size

    def tick(done: int) -> None:
        if progress is not None:
            progress(done, size)

    with open(path, "rb") as fh:
        reader = JsonReader(fh)
        if reader.peek() != "{":
            raise Fallback("not an object")
        reading = _Reading(staging, path, size, tick)
        reading.run(reader)
    problems = reading.finish_schema()
    staged = staging.staged
    staged.version = reading.version
    sync = reading.skeleton.get("sync", {})
    if isinstance(sync, dict) and reading.version >= 4:  # the sync section of formats 4 and later
        staged.exporter = sync.get("replica", "") or ""
        staged.shared_at = sync.get("shared_at", "") or ""
        staged.sync_keys = set(sync)
    return problems
