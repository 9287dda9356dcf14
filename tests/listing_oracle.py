"""The reference answers the event listing (curator.core.listing, project_listing) must give:
plain Python over the rows the base tables hold (``Project.event_rows``, one query over the
events, their actors, places and documents), never over the listing itself.

- which events a query shows: the table's quick filter as the listing documents it (every word
  occurs in the title, actors, place/location or document titles: a word's tokens as a phrase,
  the last one a prefix of a word of the text; a word without letters or digits anywhere as it
  is), an actor's or a place's events, a date overlap;
- in which order: the table's order (dates by earliest then latest, open start first, open end
  last; text by ``str.casefold``; blank and undated rows last in both directions; ties by id).

Tokens here are runs of letters and digits after case folding and removing combining marks
(Unicode NFD): what SQLite's unicode61 tokenizer does for the scripts the tests use (Latin)."""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from curator.core import EventRow, Project
from curator.core.event_query import EventQuery

_TOKEN = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    plain = "".join(c for c in unicodedata.normalize("NFD", text.casefold())
                    if unicodedata.category(c) != "Mn")
    return _TOKEN.findall(plain.casefold())


def word_matches(word: str, fields: tuple[str, ...]) -> bool:
    wanted = tokens(word)
    if not wanted:
        return any(word in field.casefold() for field in fields)
    *whole, last = wanted
    for field in fields:
        found = tokens(field)
        for i in range(len(found) - len(wanted) + 1):
            if found[i:i + len(whole)] == whole and found[i + len(whole)].startswith(last):
                return True
    return False


def fields(row: EventRow) -> tuple[str, ...]:
    return (row.title, row.actors, row.location, row.documents)


def overlaps(query: EventQuery, row: EventRow) -> bool:
    if not query.has_dates:
        return True
    if not row.earliest and not row.latest:
        return False
    if query.latest is not None and row.earliest and row.earliest > query.latest:
        return False
    if query.earliest is not None and row.latest and row.latest < query.earliest:
        return False
    return True


def shows(query: EventQuery, row: EventRow, actor_events: Optional[set]) -> bool:
    if actor_events is not None and row.id not in actor_events:
        return False
    if not overlaps(query, row):
        return False
    return all(word_matches(w, fields(row)) for w in query.words)


def matching_ids(project: Project, query: EventQuery) -> list[int]:
    actor_events = None if query.actor_id is None else set(project.actor_event_ids(query.actor_id))
    return [row.id for row in project.event_rows() if shows(query, row, actor_events)]


TEXT_FIELDS = {"title": "title", "actors": "actors", "location": "location", "documents": "documents"}


def position_key(row: EventRow, column: Optional[str]):
    """(blank, key): blank rows last; a key compared as the table compares."""
    if column is None:
        return (0, ())
    if column == "date":
        if not row.earliest and not row.latest:
            return (1, ())
        return (0, (row.earliest or "", row.latest or "\uffff"))
    value = getattr(row, TEXT_FIELDS[column])
    return (0, (value.casefold(),)) if value else (1, ())


def ordered_ids(rows: list[EventRow], column: Optional[str], descending: bool) -> list[int]:
    present = [r for r in rows if position_key(r, column)[0] == 0]
    blank = [r for r in rows if position_key(r, column)[0] == 1]
    present.sort(key=lambda r: (position_key(r, column)[1], r.id), reverse=descending)
    blank.sort(key=lambda r: r.id, reverse=descending)
    return [r.id for r in present + blank]


def table_ids(project: Project, query: EventQuery, column: Optional[str], descending: bool) -> list[int]:
    """What the table lists for ``query`` in that order."""
    shown = set(matching_ids(project, query))
    return ordered_ids([r for r in project.event_rows() if r.id in shown], column, descending)
