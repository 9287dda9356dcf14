"""Plain, immutable values the Project facade returns to its callers (views, commands, tests).

They are read from columns with Core selects, never ORM objects, so a view can hold 100,000 of
them cheaply and nothing it holds can write to the database behind the facade's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Optional


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    uid: str
    title: str
    source_kind: str
    author: str
    published: str
    filename: str
    length: int  # in code points
    sha256: str


@dataclass(frozen=True)
class SpanInfo:
    id: int
    uid: str
    document_id: int
    start: int
    end: int
    quote: str
    event_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class DateFields:
    """An event's date: EDTF string, inclusive ISO day bounds and the expression as written."""
    edtf: str = ""
    earliest: Optional[str] = None
    latest: Optional[str] = None
    date_text: str = ""


@dataclass(frozen=True)
class EventInfo:
    id: int
    uid: str
    title: str
    description: str
    location: str
    date: DateFields
    created_by: str
    actor_names: tuple[str, ...] = ()
    evidence: tuple[SpanInfo, ...] = field(default=())


class EventRow(NamedTuple):
    """One row of the event table, as read in bulk."""
    id: int
    title: str
    edtf: str
    earliest: Optional[str]
    latest: Optional[str]
    date_text: str
    location: str
    actors: str  # names joined with ", "
    documents: str  # titles joined with "; "
    first_document_id: Optional[int]


@dataclass(frozen=True)
class ActorInfo:
    id: int
    uid: str
    name: str
    kind: str
    aliases: tuple[str, ...]


EVENT_TEXT_FIELDS = ("title", "description", "location")
EVENT_DATE_FIELDS = ("edtf", "earliest", "latest", "date_text")
