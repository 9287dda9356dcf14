"""Which events a view shows: :class:`EventQuery`, shared by the event table, the timeline and the
headless code that asks the same question.

A query combines the table's quick filter (words), the Actors tab's choice (an actor's or a
place's events, shown as a chip above the table), the timeline's range brush (dates) and (schema
8) filters on typed fields' values (:class:`FieldFilter`, each a chip too). The empty
query shows every live event. :meth:`curator.core.project.Project.matching_event_ids` answers it.

The words follow the table's quick filter as users know it: an event matches when every word
(case-insensitively, Unicode case folding) occurs in its title, its actors' names, its place (or
free-text location) or the titles of its evidence documents.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional


@dataclass(frozen=True)
class FieldFilter:
    """Events by their value of one typed field. ``has_value`` False: events without a value;
    else events with a value that also meets what is set: a number or figure that may lie within
    ``at_least``..``at_most`` (its range overlaps it: "at least 70" meets "at least 100"), one of
    ``choices`` (exact), a text holding ``contains`` (ignoring case). ``label`` says it in words
    for the chip ("fatalities ≥ 10")."""

    field_id: int
    label: str = ""
    at_least: Optional[float] = None
    at_most: Optional[float] = None
    choices: tuple[str, ...] = ()
    contains: str = ""
    has_value: bool = True


@dataclass(frozen=True)
class EventQuery:
    text: str = ""  # quick-filter words, as typed
    actor_id: Optional[int] = None  # only events this actor takes part in, or this place holds
    earliest: Optional[str] = None  # only events whose interval overlaps [earliest, latest]
    latest: Optional[str] = None  # (ISO days, inclusive; None: open on that side)
    fields: tuple[FieldFilter, ...] = ()  # every one must hold (one per field)

    @property
    def words(self) -> tuple[str, ...]:
        """The quick filter's words, case-folded."""
        return tuple(" ".join(self.text.split()).casefold().split())

    @property
    def has_dates(self) -> bool:
        return self.earliest is not None or self.latest is not None

    @property
    def is_empty(self) -> bool:
        """True when the query shows every live event."""
        return not self.words and self.actor_id is None and not self.has_dates and not self.fields

    def with_text(self, text: str) -> "EventQuery":
        return replace(self, text=text)

    def with_actor(self, actor_id: Optional[int]) -> "EventQuery":
        return replace(self, actor_id=actor_id)

    def with_dates(self, earliest: Optional[str], latest: Optional[str]) -> "EventQuery":
        return replace(self, earliest=earliest, latest=latest)

    def with_field_filter(self, field_id: int, found: Optional[FieldFilter]) -> "EventQuery":
        """The query with ``found`` as the filter on ``field_id`` (None: no filter on it)."""
        kept = tuple(f for f in self.fields if f.field_id != field_id)
        return replace(self, fields=kept + ((found,) if found is not None else ()))

    def field_filter(self, field_id: int) -> Optional[FieldFilter]:
        return next((f for f in self.fields if f.field_id == field_id), None)

    def overlaps(self, earliest: Optional[str], latest: Optional[str]) -> bool:
        """Whether an event dated [earliest, latest] (None: an open end) falls in the query's
        dates. An undated event (both None) never does while the query has dates."""
        if not self.has_dates:
            return True
        if earliest is None and latest is None:
            return False
        if self.latest is not None and earliest is not None and earliest > self.latest:
            return False
        if self.earliest is not None and latest is not None and latest < self.earliest:
            return False
        return True
