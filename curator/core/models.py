"""The project file's tables, declared with sqlmodel.

Every record carries a stable ``uid`` (UUID4 hex string), ``created_at``/``updated_at`` (UTC ISO
8601 with microseconds, so text order is time order), ``created_by`` (the annotator's name) and a
tombstone ``deleted_at`` (NULL while the record is live). Records are never removed, only
tombstoned, so that copies exchanged between people can be merged.

Bulk paths use the Core tables (``Event.__table__``), never one ORM object per row.
"""

from __future__ import annotations

from typing import Optional

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
    filename: str = Field(default="", nullable=False)
    text: str = Field(nullable=False)  # frozen at import
    sha256: str = Field(index=True, nullable=False)  # of the UTF-8 encoded text


class Span(RecordMixin, table=True):
    __tablename__ = "span"
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True, nullable=False)
    start: int = Field(nullable=False)  # code points, inclusive
    end: int = Field(nullable=False)  # code points, exclusive
    quote: str = Field(nullable=False)  # text[start:end] at annotation time


class Event(RecordMixin, table=True):
    __tablename__ = "event"
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(default="", nullable=False)
    description: str = Field(default="", nullable=False)
    location: str = Field(default="", nullable=False)
    edtf: str = Field(default="", nullable=False)
    earliest: Optional[str] = Field(default=None, index=True)  # ISO date, inclusive
    latest: Optional[str] = Field(default=None)  # ISO date, inclusive
    date_text: str = Field(default="", nullable=False)


class Actor(RecordMixin, table=True):
    __tablename__ = "actor"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(nullable=False, index=True)
    kind: str = Field(default="", nullable=False)  # person, organisation, armed group, state ...
    aliases: str = Field(default="", nullable=False)  # one alias per line


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


class ProjectMeta(SQLModel, table=True):
    __tablename__ = "project_meta"
    key: str = Field(primary_key=True)
    value: str = Field(default="", nullable=False)


RECORD_TABLES = (Document, Span, Event, Actor, EventActor, EventEvidence)
from curator.core import models_sync  # noqa: E402,F401  (sync_history: merge bookkeeping)
