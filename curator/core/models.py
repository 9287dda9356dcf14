"""The project file's tables, declared with sqlmodel.

Every record carries a stable ``uid`` (UUID4 hex string), ``created_at``/``updated_at`` (UTC ISO
8601 with microseconds, so text order is time order), ``created_by`` (the annotator's name) and a
tombstone ``deleted_at`` (NULL while the record is live). Records are never removed, only
tombstoned, so that copies exchanged between people can be merged.

Bulk paths use the Core tables (``Event.__table__``), never one ORM object per row.
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class RecordMixin(SQLModel):
    uid: str = Field(index=True, unique=True, nullable=False)
    created_at: str = Field(nullable=False)
    updated_at: str = Field(nullable=False)
    created_by: str = Field(default="", nullable=False)
    deleted_at: Optional[str] = Field(default=None, index=True)


class Document(RecordMixin, table=True):
    __tablename__ = "document"
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(default="", nullable=False)
    source_kind: str = Field(default="", nullable=False)  # report, news, encyclopedia, ...
    author: str = Field(default="", nullable=False)
    published: str = Field(default="", nullable=False)  # EDTF date of publication, may be ""
    # schema 3: True when ``published`` was inferred from the text (a dateline, a "published"
    # line, the latest full date) rather than given by the file, the user or the manifest
    published_inferred: bool = Field(default=False, nullable=False)
    source: str = Field(default="", nullable=False)  # schema 3: where it came from (URL, citation)
    filename: str = Field(default="", nullable=False)
    encoding: str = Field(default="", nullable=False)  # schema 3: how the file was decoded ("utf-8")
    text: str = Field(nullable=False)  # frozen at import
    sha256: str = Field(index=True, nullable=False)  # of the UTF-8 encoded text
    # schema 6: the original file (its chain of custody) and what reading it gave, fixed with the
    # text: the file's kind (curator.ingest.extracted.KINDS; "" for documents added before),
    # the SHA-256 and size of its bytes (a mailbox: of the whole mailbox), where each page
    # starts (a JSON array of code-point offsets, "[]" without pages), what the file said about
    # itself (JSON object: title/author/date/url/language, e-mail fields, each "*_source",
    # "ocr": true for recognised text, "part" of a mailbox) and the problems reading it met
    # (JSON list of one-line notes). The file name is ``filename`` above.
    kind: str = Field(default="", nullable=False)
    source_sha256: str = Field(default="", nullable=False)
    source_size: Optional[int] = Field(default=None)
    page_starts: str = Field(default="[]", nullable=False)
    metadata_json: str = Field(default="{}", nullable=False, sa_column_kwargs={"name": "metadata"})
    problems: str = Field(default="[]", nullable=False)


class DocumentOriginal(SQLModel, table=True):
    """Schema 6: an original file's bytes, kept when the project keeps originals (project_meta
    ``keep_originals``), keyed by their SHA-256 (a document's ``source_sha256``): a mailbox's
    messages share one row, and the same file added twice is kept once. Not a record (no uid,
    no tombstone): it goes with the documents that name it, in copies too."""
    __tablename__ = "document_original"
    sha256: str = Field(primary_key=True)
    content: bytes = Field(nullable=False)


class Tag(RecordMixin, table=True):
    """A label of the project's tag set (Person, Group, Place, Date, Event, Figure, Quote...)."""
    __tablename__ = "tag"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(nullable=False)
    color: str = Field(default="#888888", nullable=False)  # "#rrggbb"
    shortcut: str = Field(default="", nullable=False)  # "" or one digit "1".."9"
    description: str = Field(default="", nullable=False)
    position: int = Field(default=0, nullable=False)  # order in the palette and the dialog


class Span(RecordMixin, table=True):
    """A passage of a document. With a tag it is a labelled *highlight*; with an actor it is a
    *mention* of that actor or place; events cite spans as evidence. Spans may overlap and nest."""
    __tablename__ = "span"
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, nullable=False)
    start: int = Field(nullable=False)  # code points, inclusive
    end: int = Field(nullable=False)  # code points, exclusive
    quote: str = Field(nullable=False)  # text[start:end] at annotation time
    tag_id: Optional[int] = Field(default=None, foreign_key="tag.id", index=True)  # its label
    note: str = Field(default="", nullable=False)
    actor_id: Optional[int] = Field(default=None, foreign_key="actor.id", index=True)  # mentions


class Event(RecordMixin, table=True):
    __tablename__ = "event"
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(default="", nullable=False)
    description: str = Field(default="", nullable=False)
    location: str = Field(default="", nullable=False)  # the place's name, or free text
    place_id: Optional[int] = Field(default=None, foreign_key="actor.id", index=True)  # kind "place"
    edtf: str = Field(default="", nullable=False)
    earliest: Optional[str] = Field(default=None, index=True)  # ISO date, inclusive
    latest: Optional[str] = Field(default=None)  # ISO date, inclusive
    date_text: str = Field(default="", nullable=False)


class Actor(RecordMixin, table=True):
    """A person, group or place (kind "place"). A record merged into another is tombstoned with
    ``merged_into`` naming the winner's uid, so copies merged later follow the same redirect."""
    __tablename__ = "actor"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(nullable=False, index=True)
    kind: str = Field(default="", nullable=False)  # person, group, armed group, state, place ...
    aliases: str = Field(default="", nullable=False)  # one alias per line
    latitude: Optional[float] = Field(default=None)  # places: WGS84 degrees
    longitude: Optional[float] = Field(default=None)
    merged_into: str = Field(default="", nullable=False)  # uid of the record this one was merged into


class EventActor(RecordMixin, table=True):
    __tablename__ = "event_actor"
    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, nullable=False)
    actor_id: int = Field(foreign_key="actor.id", index=True, nullable=False)
    role: str = Field(default="", nullable=False)


class EventEvidence(RecordMixin, table=True):
    __tablename__ = "event_evidence"
    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, nullable=False)
    span_id: int = Field(foreign_key="span.id", index=True, nullable=False)


class RejectedSuggestion(RecordMixin, table=True):
    """A suggested event someone turned down: the sentence and the date it was proposed with.
    Suggestions that match a live rejection are not proposed again."""
    __tablename__ = "rejected_suggestion"
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, nullable=False)
    start: int = Field(nullable=False)
    end: int = Field(nullable=False)
    edtf: str = Field(default="", nullable=False)


class EventField(RecordMixin, table=True):
    """Schema 8: a typed field the project's events may carry (fatalities, event type, a URL...).
    ``kind`` is one of :data:`curator.core.field_kinds.FIELD_KINDS`; ``choices`` (choice fields)
    holds one choice per line, in the order offered; ``position`` orders the fields (the table's
    columns, the inspector's rows). Names are unique among live fields, ignoring case."""
    __tablename__ = "event_field"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(nullable=False)
    kind: str = Field(nullable=False)
    choices: str = Field(default="", nullable=False)
    position: int = Field(default=0, nullable=False)


class EventFieldValue(RecordMixin, table=True):
    """Schema 8: one event's value of one field (one row per pair, ever: clearing a value
    tombstones the row and setting it again brings the row back, so its uid, derived from the
    event's and the field's, is the same in every copy). ``text`` is the value as written and
    shown; the typed columns are what SQL sorts and filters by: ``low``/``high`` a number or the
    ends of a range (None: open), ``qualifier`` how a figure was given ("" exact, "about", "at
    least", "more than", "at most", "less than"), ``latitude``/``longitude`` a place's WGS84
    degrees. ``sort_text`` (the text case-folded) and ``sort_number`` (``low``, else ``high``)
    are derived from them (:mod:`curator.core.field_values`), never exchanged."""
    __tablename__ = "event_field_value"
    __table_args__ = (
        Index("ix_event_field_value_pair", "event_id", "field_id", unique=True),
        Index("ix_event_field_value_text", "field_id", "deleted_at", "sort_text", "event_id"),
        # (low and high ride along: a filter by a figure's range reads the index alone)
        Index("ix_event_field_value_number", "field_id", "deleted_at", "sort_number", "event_id", "low", "high"),
    )
    # no index of its own on deleted_at: values are read by event or by field, where the planner
    # would take "every live value" for a narrow index (see ix_event_field_value_pair)
    deleted_at: Optional[str] = Field(default=None)
    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", nullable=False)
    field_id: int = Field(foreign_key="event_field.id", nullable=False)
    text: str = Field(default="", nullable=False)
    low: Optional[float] = Field(default=None)
    high: Optional[float] = Field(default=None)
    qualifier: str = Field(default="", nullable=False)
    latitude: Optional[float] = Field(default=None)
    longitude: Optional[float] = Field(default=None)
    sort_text: Optional[str] = Field(default=None)
    sort_number: Optional[float] = Field(default=None)


class ClaimLink(RecordMixin, table=True):
    """Schema 8: what someone decided about two events as reports of one happening: ``status``
    "same" (confirmed: both report one happening) or "different" (rejected: never proposed
    again), with an optional note. A pair is stored once, ``event_a_id`` the event whose uid
    sorts first, and its uid is derived from the two events' uids (so copies agree on it)."""
    __tablename__ = "claim_link"
    __table_args__ = (Index("ix_claim_link_pair", "event_a_id", "event_b_id", unique=True),)
    id: Optional[int] = Field(default=None, primary_key=True)
    event_a_id: int = Field(foreign_key="event.id", nullable=False)
    event_b_id: int = Field(foreign_key="event.id", index=True, nullable=False)
    status: str = Field(nullable=False)
    note: str = Field(default="", nullable=False)


class ProjectMeta(SQLModel, table=True):
    __tablename__ = "project_meta"
    key: str = Field(primary_key=True)
    value: str = Field(default="", nullable=False)


RECORD_TABLES = (Document, Tag, Span, Event, Actor, EventActor, EventEvidence, EventField,
                 EventFieldValue, ClaimLink)
from curator.core import models_sync  # noqa: E402,F401  (sync_history: merge bookkeeping)
