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
    published_inferred: bool = False  # schema 3: the date was inferred from the text
    source: str = ""  # schema 3: URL or citation
    encoding: str = ""  # schema 3: the encoding the file was decoded from


@dataclass(frozen=True)
class SpanInfo:
    id: int
    uid: str
    document_id: int
    start: int
    end: int
    quote: str
    event_ids: tuple[int, ...] = ()
    tag_id: Optional[int] = None  # its label: a highlight
    note: str = ""
    actor_id: Optional[int] = None  # the actor or place it mentions


class SpanColumns(NamedTuple):
    """Live spans of one document as parallel lists (``tag_ids`` holds None for no label), and
    the live evidence links of live events as (span id, event id) pairs: what the text view
    needs to draw 100,000 highlights without one :class:`SpanInfo` per span."""
    ids: list[int]
    starts: list[int]
    ends: list[int]
    tag_ids: list
    evidence: list[tuple[int, int]]


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
    place_id: Optional[int] = None
    actors: tuple["EventActorLink", ...] = ()


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
    latitude: Optional[float] = None
    longitude: Optional[float] = None


@dataclass(frozen=True)
class TagInfo:
    """A label of the project's tag set."""
    id: int
    uid: str
    name: str
    color: str  # "#rrggbb"
    shortcut: str  # "" or "1".."9"
    description: str
    position: int


@dataclass(frozen=True)
class ActorSummary:
    """An actor or place (kind "place") with how many live mentions and events it has."""
    id: int
    uid: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    latitude: Optional[float]
    longitude: Optional[float]
    mentions: int
    events: int


@dataclass(frozen=True)
class EventActorLink:
    """One actor of an event with its role there (attacker, target, mediator...)."""
    actor_id: int
    name: str
    kind: str
    role: str


@dataclass(frozen=True)
class MentionCandidate:
    """An unlinked occurrence of an actor's name or alias in a document."""
    document_id: int
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class SearchHit:
    """A literal match of a search; offsets in code points, with some context either side."""
    document_id: int
    start: int
    end: int
    context_before: str
    match: str
    context_after: str


EVENT_TEXT_FIELDS = ("title", "description", "location")
EVENT_DATE_FIELDS = ("edtf", "earliest", "latest", "date_text")


@dataclass(frozen=True)
class FieldInfo:
    """A typed field of the project's events (schema 8): its kind is one of
    :data:`curator.core.field_kinds.FIELD_KINDS`; ``choices`` in the order offered."""
    id: int
    uid: str
    name: str
    kind: str
    choices: tuple[str, ...]
    position: int


@dataclass(frozen=True)
class FieldValue:
    """One event's value of one field: the text as written and its typed columns (see
    :class:`curator.core.models.EventFieldValue`)."""
    event_id: int
    field_id: int
    text: str
    low: Optional[float] = None
    high: Optional[float] = None
    qualifier: str = ""
    latitude: Optional[float] = None
    longitude: Optional[float] = None


@dataclass(frozen=True)
class ClaimLinkInfo:
    """What someone decided about two events (schema 8): ``status`` "same" (reports of one
    happening) or "different" (not; never proposed again). ``event_a_id`` is the event whose uid
    sorts first."""
    id: int
    uid: str
    event_a_id: int
    event_b_id: int
    status: str
    note: str
    created_by: str = ""
    updated_at: str = ""
