"""Bulk SQL for export, import and merge: whole tables in and out as exchange records.

An *exchange record* is a plain dict shaped like a record of the JSON export format: the common
fields (``uid``, ``created_at``, ``updated_at``, ``created_by``, ``deleted_at``), references to
other records by uid (a span's or a rejected suggestion's ``document``, a span's ``tag`` and
``actor``, an event's ``place``, a link's ``event``/``actor``/``span``) and the kind's content
fields. Local integer ids never leave the file. Optional references (a span's tag and actor, an
event's place) are ``None`` when unset: they are read through outer joins.

Everything here runs on a connection inside a transaction the caller opened, with Core
``select()``/``update()`` and INSERTs over many rows at once (executemany), never one ORM object
per row.
"""

from __future__ import annotations

import hashlib
import json
from json.encoder import c_make_encoder
from operator import itemgetter
from json.encoder import encode_basestring_ascii as _quote
from dataclasses import dataclass
from typing import Iterator

from sqlalchemy import Boolean, Connection, Table, literal, select

from curator.core.models import (
    Actor, ClaimLink, Document, Event, EventActor, EventEvidence, EventField, EventFieldValue,
    RejectedSuggestion, Span, Tag,
)
from curator.core.history import (  # noqa: F401  (the history's bulk IO, long found here)
    HISTORY, add_history, ensure_history_table, has_history_table, read_history,
)

COMMON_FIELDS = ("uid", "created_at", "updated_at", "created_by", "deleted_at")


@dataclass(frozen=True)
class Kind:
    """One record kind as it is exchanged: its JSON key, table, references and content fields."""

    key: str  # the JSON export's top-level key, e.g. "spans"
    table: Table
    refs: tuple[tuple[str, str, str], ...]  # (JSON name, column, key of the referenced kind)
    fields: tuple[str, ...]  # content columns, in JSON order
    optional: tuple[str, ...] = ()  # JSON names of the refs that may be None (nullable columns)
    added_later: tuple[str, ...] = ()  # refs and fields schema 2 or later added (see state_hash)
    pair: tuple[str, ...] = ()  # refs that name one record per project (schema 8: see PAIRED)

    @property
    def singular(self) -> str:
        return {"documents": "document", "tags": "tag", "spans": "span", "events": "event",
                "actors": "actor", "event_actors": "event-actor link",
                "evidence": "evidence link", "rejected_suggestions": "rejected suggestion",
                "fields": "field", "field_values": "field value", "claim_links": "claim link"}[self.key]

    @property
    def document_refs(self) -> tuple[str, ...]:
        """JSON names of this kind's references to documents (re-pointed when a merge matches
        their document to one of ours by text)."""
        return tuple(name for name, _, target in self.refs if target == "documents")


DOCUMENTS = Kind("documents", Document.__table__, (),
                 ("title", "source_kind", "author", "published", "published_inferred", "source",
                  "filename", "encoding", "text", "sha256", "kind", "source_sha256", "source_size",
                  "page_starts", "metadata", "problems"),
                 added_later=("published_inferred", "source", "encoding", "kind", "source_sha256",
                              "source_size", "page_starts", "metadata", "problems"))
"""Source texts, frozen at import. Schema 3 added whether the date was inferred from the text,
the source (URL or citation) and the encoding the file was decoded from; schema 6 the original
file's kind, SHA-256 and size, the page starts, the file's metadata and the problems reading it
met. In exchange records (as in the table) ``page_starts``, ``metadata`` and ``problems`` are
canonical JSON text (:func:`canonical_json`); the JSON export writes them as JSON values
(:mod:`curator.exchange.json_writer`) and an import turns them back into that text."""
TAGS = Kind("tags", Tag.__table__, (), ("name", "color", "shortcut", "description", "position"))
"""The project's tag set (schema 2): the labels of highlights."""
ACTORS = Kind("actors", Actor.__table__, (),
              ("name", "kind", "aliases", "latitude", "longitude", "merged_into"),
              added_later=("latitude", "longitude", "merged_into"))
"""Persons, groups and places (kind "place", with coordinates). ``merged_into`` is "" or the uid
of the actor this one was merged into (it is then a tombstone): a field, not a reference, since
a merge follows it as a redirect (see :mod:`curator.exchange.redirects`)."""
EVENTS = Kind("events", Event.__table__, (("place", "place_id", "actors"),),
              ("title", "description", "location", "edtf", "earliest", "latest", "date_text"),
              optional=("place",), added_later=("place",))
SPANS = Kind("spans", Span.__table__,
             (("document", "document_id", "documents"), ("tag", "tag_id", "tags"),
              ("actor", "actor_id", "actors")),
             ("start", "end", "quote", "note"),
             optional=("tag", "actor"), added_later=("tag", "actor", "note"))
"""Passages: with a tag a labelled highlight, with an actor a mention of it (schema 2)."""
EVENT_ACTORS = Kind("event_actors", EventActor.__table__,
                    (("event", "event_id", "events"), ("actor", "actor_id", "actors")), ("role",))
EVIDENCE = Kind("evidence", EventEvidence.__table__,
                (("event", "event_id", "events"), ("span", "span_id", "spans")), ())
REJECTIONS = Kind("rejected_suggestions", RejectedSuggestion.__table__,
                  (("document", "document_id", "documents"),), ("start", "end", "edtf"))
"""Suggestions someone turned down (the sentence text[start:end] with the date ``edtf``): they
travel with exports, copies and merges so that a suggestion one archivist rejected is not
proposed again to the others."""

FIELDS = Kind("fields", EventField.__table__, (), ("name", "kind", "choices", "position"))
"""Typed event fields (schema 8). In exchange records (as in the table) ``choices`` is one choice
per line; the JSON export writes it as a list (:func:`field_as_json`) and an import turns it
back (:func:`field_from_json`)."""
FIELD_VALUES = Kind("field_values", EventFieldValue.__table__,
                    (("event", "event_id", "events"), ("field", "field_id", "fields")),
                    ("text", "low", "high", "qualifier", "latitude", "longitude"), pair=("event", "field"))
"""An event's value of a field (schema 8): the text as written and its typed columns (the
derived sort keys are not exchanged: the project makes them)."""
CLAIM_LINKS = Kind("claim_links", ClaimLink.__table__,
                   (("event_a", "event_a_id", "events"), ("event_b", "event_b_id", "events")),
                   ("status", "note"), pair=("event_a", "event_b"))
"""Two events decided to report one happening ("same") or not ("different"), schema 8."""

KINDS: tuple[Kind, ...] = (DOCUMENTS, TAGS, ACTORS, EVENTS, SPANS, EVENT_ACTORS, EVIDENCE,
                           REJECTIONS, FIELDS, FIELD_VALUES, CLAIM_LINKS)
"""In dependency order: a kind only refers to kinds before it."""
KIND_BY_KEY = {k.key: k for k in KINDS}

# what a state is made of, after the kind and the deleted flag (a tuple even for one name):
# the schema-1 names, in their schema-1 order...
_STATE_NAMES = {k.key: ("uid", "created_at", "created_by",
                        *[n for n, _, _ in k.refs if n not in k.added_later],
                        *[f for f in k.fields if not (k is DOCUMENTS and f == "text") and f not in k.added_later])
                for k in KINDS}
_STATE_GETTERS = {key: itemgetter(*names) for key, names in _STATE_NAMES.items()}
# ...then the names schema 2 and later added, each only while it holds a value (see state_hash)
_LATER_NAMES = {k.key: tuple([n for n, _, _ in k.refs if n in k.added_later]
                          + [f for f in k.fields if f in k.added_later]) for k in KINDS}
_FLOATS = frozenset({"latitude", "longitude"})


def _unset(kind: Kind, name: str):
    """A later name's value while it is not set: None (a reference, a nullable column), False
    (a flag), "" or the column's own empty value (a document's "[]" and "{}", schema 6)."""
    if name in {n for n, _, _ in kind.refs} or kind.table.c[name].nullable:
        return None
    default = kind.table.c[name].default
    if default is not None and isinstance(default.arg, str) and default.arg:
        return default.arg
    return False if isinstance(kind.table.c[name].type, Boolean) else ""


JSON_VALUED = ("page_starts", "metadata", "problems")
"""A document's fields held as canonical JSON text in records, as JSON values in an export."""
PAIRED = (FIELD_VALUES, CLAIM_LINKS)
"""Kinds with one record per pair of references (an event's value of a field, the link of two
events): their uids derive from the pair (:mod:`curator.core.field_values`), and a merge takes
a record of another uid on a pair it holds for the same record."""
NUMBERS = {"field_values": ("low", "high", "latitude", "longitude")}
"""Number fields held as floats (a JSON ``70`` and a stored ``70.0`` are one value)."""


def field_as_json(rec: dict) -> dict:
    """A field record as the JSON export writes it: its choices as a list."""
    choices = rec.get("choices")
    return rec | {"choices": [c for c in choices.split("\n") if c]} if isinstance(choices, str) else rec


def field_from_json(rec: dict) -> dict:
    """A field as an export gives it, in place: its choices as the project holds them."""
    choices = rec.get("choices")
    if isinstance(choices, list):
        rec["choices"] = "\n".join(choices)
    return rec


def numbers_as_floats(kind: "Kind", rec: dict) -> dict:
    """A record's number fields as floats (in place), as the project stores and hashes them."""
    for name in NUMBERS.get(kind.key, ()):
        value = rec.get(name)
        if value is not None and not isinstance(value, float) and not isinstance(value, bool):
            rec[name] = float(value)
    return rec


def document_as_json(rec: dict) -> dict:
    """A document record as the JSON export writes it: its JSON-valued fields as values."""
    out = dict(rec)
    for name in JSON_VALUED:
        value = out.get(name)
        if isinstance(value, str):
            out[name] = json.loads(value or _LATER_UNSET["documents"][name])
    return out


def document_from_json(rec: dict) -> dict:
    """A document as an export gives it, in place: its JSON-valued fields as canonical text."""
    for name in JSON_VALUED:
        value = rec.get(name)
        if value is not None and not isinstance(value, str):
            rec[name] = canonical_json(value)
    return rec


def canonical_json(value) -> str:
    """The one text a JSON value of a document (page starts, metadata, problems) is stored and
    hashed as: keys sorted, no spaces, non-ASCII kept."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_LATER_UNSET = {k.key: {name: _unset(k, name) for name in _LATER_NAMES[k.key]} for k in KINDS}


# One C encoder made once (what json.dumps(..., ensure_ascii=True, separators=(",", ":")) builds
# on every call): the state of 100,000 records is hashed in a fraction of a second.
_ENCODE = c_make_encoder(None, None, _quote, None, ":", ",", False, False, True) if c_make_encoder else None


def _canonical(values: list) -> str:
    if _ENCODE is not None:
        return "".join(_ENCODE(values, 0))
    return json.dumps(values, ensure_ascii=True, separators=(",", ":"))


def _state_list(kind: Kind, rec: dict) -> list:
    values = [kind.key, rec["deleted_at"] is not None, *_STATE_GETTERS[kind.key](rec)]
    extra = []
    unset = _LATER_UNSET[kind.key]
    for name in _LATER_NAMES[kind.key]:
        value = rec.get(name)
        if name in JSON_VALUED and value is not None and not isinstance(value, str):
            value = canonical_json(value)  # a document as an export gives it
        if value is not None and value != "" and value is not False and value != unset[name]:
            extra.append([name, float(value) if name in _FLOATS else value])
    if extra:
        values.append(extra)
    return values


def state_and_canonical(kind: Kind, rec: dict) -> tuple[str, str]:
    """The record's state hash and the canonical JSON it is the hash of (see state_hash)."""
    canonical = _canonical(_state_list(kind, rec))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()[:32], canonical


def state_hash(kind: Kind, rec: dict) -> str:
    """The record's state (see :mod:`curator.core.models_sync`): its content and references by
    uid and whether it is deleted; not ``updated_at``/``deleted_at`` stamps nor local ids. A
    document's text enters through its sha256 (import checks that the two agree).

    The fields and references schema 2 added (a span's tag, actor and note; an actor's
    coordinates and merge redirect; an event's place) and schema 3 added (a document's inferred
    date flag, source and encoding) enter only when they hold a value (not None, "" or False),
    as a trailing list of [name, value] pairs. So a record that does not use them
    hashes exactly as it did in schema 1: the sync history a version-1 file recorded (and the
    states in a format-1 export) still match the same records after the upgrade, and copies
    shared before it merge without false conflicts. Coordinates are hashed as floats (a JSON
    ``33`` and a stored ``33.0`` are one state)."""
    return state_and_canonical(kind, rec)[0]


# A record's content in a shared state, as the sync history keeps it: the canonical JSON list its
# state hash is made of (kind, deleted flag, uid, fields and references by uid; a document's text
# stands as its sha256), after its updated_at and deleted_at stamps:
#     [updated_at, deleted_at, kind, deleted, uid, created_at, created_by, ...]
# One encoding for the hash and the content (made in the same pass), and small rows. An export
# shows a content as an object of the record's fields (CONTENT_NAMES), without uid and text.
CONTENT_NAMES = {k.key: tuple(n for n in (*COMMON_FIELDS[1:], *[r for r, _, _ in k.refs], *k.fields)
                              if not (k is DOCUMENTS and n == "text")) for k in KINDS}


def _plain(value) -> bool:
    """A string JSON writes as it is between quotes (printable ASCII, no quote, no backslash)."""
    return type(value) is str and value.isascii() and value.isprintable() and '"' not in value \
        and "\\" not in value


def content_json(kind: Kind, rec: dict, canonical: str | None = None) -> str:
    """``rec``'s content (see above); ``canonical``: its state's canonical JSON, if at hand."""
    if canonical is None:
        canonical = _canonical(_state_list(kind, rec))
    updated, deleted = rec["updated_at"], rec["deleted_at"]
    if _plain(updated) and (deleted is None or _plain(deleted)):  # what _canonical writes, quicker
        stamps = f'["{updated}",' + ("null" if deleted is None else f'"{deleted}"')
    else:
        stamps = _canonical([updated, deleted])[:-1]
    return f"{stamps},{canonical[1:]}"


def state_and_content(kind: Kind, rec: dict) -> tuple[str, str]:
    state, canonical = state_and_canonical(kind, rec)
    return state, content_json(kind, rec, canonical)


def record_from_content(kind: Kind, uid: str, content) -> dict:
    """The exchange record a content stands for: the history's JSON text (see above) or an
    export's object of fields (a document's text unknown: ""). Raises KeyError, TypeError or
    ValueError when it is not a content of record ``uid`` of ``kind``."""
    if isinstance(content, dict):  # an export's (fields a later format added: unset if absent)
        later = _LATER_UNSET[kind.key]
        rec = {"uid": uid, **{name: content[name] if name in content or name not in later
                              else later[name] for name in CONTENT_NAMES[kind.key]}}
        if kind is DOCUMENTS:
            document_from_json(rec)
        elif kind is FIELDS:
            field_from_json(rec)
        numbers_as_floats(kind, rec)
    else:
        values = json.loads(content)
        if not isinstance(values, list) or len(values) < 4 or values[2] != kind.key:
            raise ValueError(f"not the content of a record of {kind.key}")
        updated_at, deleted_at, _, deleted, *rest = values
        names = _STATE_NAMES[kind.key]
        extra = rest.pop() if len(rest) == len(names) + 1 else []
        if len(rest) != len(names) or deleted != (deleted_at is not None):
            raise ValueError("a content of another shape")
        rec = dict(zip(names, rest)) | {"updated_at": updated_at, "deleted_at": deleted_at}
        rec.update(_LATER_UNSET[kind.key])
        for name, value in extra:
            if name not in _LATER_UNSET[kind.key]:
                raise ValueError(f"{name} is no field of {kind.key}")
            rec[name] = value
        if rec["uid"] != uid:
            raise ValueError("the content of another record")
    if kind is DOCUMENTS:
        rec["text"] = ""
    return rec


def content_object(kind: Kind, uid: str, content: str) -> dict:
    """A history content as an export shows it: the record's fields (CONTENT_NAMES)."""
    rec = record_from_content(kind, uid, content)
    if kind is DOCUMENTS:
        rec = document_as_json(rec)
    elif kind is FIELDS:
        rec = field_as_json(rec)
    return {name: rec[name] for name in CONTENT_NAMES[kind.key]}


def content_state(kind: Kind, uid: str, content) -> str | None:
    """The state hash ``content`` has for record ``uid``, or None when it is not a content of
    it (a base is only trusted when this equals its row's state)."""
    try:
        return state_hash(kind, record_from_content(kind, uid, content))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


# ------------------------------------------------------------------ reading
def _present_columns(conn: Connection, table: Table) -> set[str]:
    """The columns ``table`` has in this file (none if it has no such table)."""
    return {row[1] for row in conn.exec_driver_sql(f'PRAGMA table_info("{table.name}")')}


def _column_or_default(table: Table, name: str, present: set[str]):
    """The column, or (in a file from before it existed) its default as a constant."""
    if name in present:
        return table.c[name]
    default = table.c[name].default
    return literal(default.arg if default is not None else None, table.c[name].type).label(name)


def _records_query(conn: Connection, kind: Kind, where=None):
    """(the select of ``kind``'s records as exchange rows, their names), or None when the file
    has no such table. ``where``: an extra condition on the kind's table."""
    t = kind.table
    present = _present_columns(conn, t)
    if not present:
        return None
    columns = [t.c[c] for c in COMMON_FIELDS]
    source = t
    for name, column, target_key in kind.refs:
        if column not in present:
            columns.append(literal(None).label(f"ref_{name}"))
            continue
        target = KIND_BY_KEY[target_key].table.alias(f"ref_{name}")
        source = source.join(target, target.c.id == t.c[column], isouter=name in kind.optional)
        columns.append(target.c.uid.label(f"ref_{name}"))
    columns += [_column_or_default(t, f, present) for f in kind.fields]
    names = list(COMMON_FIELDS) + [name for name, _, _ in kind.refs] + list(kind.fields)
    query = select(*columns).select_from(source)
    if where is not None:
        query = query.where(where(t))
    return query.order_by(t.c.id), names


def read_records(conn: Connection, kind: Kind) -> list[dict]:
    """Every record of ``kind`` (tombstoned ones too) as exchange records, in id order. A file of
    an older schema (the other side of a merge, read as it is) reads too: a table it lacks has no
    records, a column it lacks gives the column's default (a reference: None)."""
    return [rec for part in iter_records(conn, kind) for rec in part]


DOCUMENT_CHUNK = 20


def iter_records(conn: Connection, kind: Kind, chunk: int = 5_000, where=None) -> Iterator[list[dict]]:
    """:func:`read_records` a chunk at a time (lists of at most ``chunk`` records), so that a
    whole table is never in memory at once. ``where(table)``: an extra condition. The rows are
    read through the driver's cursor (plain tuples), in id order. Documents come a few at a
    time (their texts are the corpus)."""
    if kind is DOCUMENTS:
        chunk = min(chunk, DOCUMENT_CHUNK)
    made = _records_query(conn, kind, where)
    if made is None:
        return
    query, names = made
    compiled = query.compile(dialect=conn.dialect)
    params = compiled.params
    order = getattr(compiled, "positiontup", None) or []
    cursor = conn.connection.driver_connection.execute(str(compiled), [params[p] for p in order])
    actors = kind is ACTORS
    flags = [f for f in kind.fields if isinstance(kind.table.c[f].type, Boolean)]  # stored 0/1
    while True:
        rows = cursor.fetchmany(chunk)
        if not rows:
            break
        records = [dict(zip(names, row)) for row in rows]
        for name in flags:
            for rec in records:
                if rec[name] is not None:
                    rec[name] = bool(rec[name])
        if actors:
            for rec in records:
                rec["aliases"] = [a for a in rec["aliases"].split("\n") if a]
        yield records


def read_all(conn: Connection) -> dict[str, list[dict]]:
    """The whole project as exchange records, keyed by kind."""
    return {kind.key: read_records(conn, kind) for kind in KINDS}


def widen_cache(conn: Connection, mebibytes: int = 64) -> None:
    """A larger page cache for this connection while it writes many rows (random uid keys
    touch pages all over the indexes)."""
    conn.exec_driver_sql(f"PRAGMA cache_size = -{mebibytes * 1024}")


def uid_map(conn: Connection, kind: Kind) -> dict[str, int]:
    """uid -> local id of every record of ``kind``."""
    t = kind.table
    return dict(conn.execute(select(t.c.uid, t.c.id)).all())


# ------------------------------------------------------------------ writing
from curator.core.bulk_write import (  # noqa: E402,F401  (its home; long found here)
    derived_value_keys, insert_records, update_records,
)
