"""Shorthands for the Core tables and the small value checks the facade shares."""

from __future__ import annotations

import dataclasses
import hashlib

from curator.core.errors import InvalidInput
from curator.core.models import (
    Actor, ClaimLink, Document, Event, EventActor, EventEvidence, EventField, EventFieldValue,
    ProjectMeta, RejectedSuggestion, Span, Tag,
)
from curator.core.records import DateFields

D = Document.__table__
S = Span.__table__
T = Tag.__table__
E = Event.__table__
A = Actor.__table__
EA = EventActor.__table__
EV = EventEvidence.__table__
META = ProjectMeta.__table__
RS = RejectedSuggestion.__table__
F = EventField.__table__
FV = EventFieldValue.__table__
CL = ClaimLink.__table__

TITLE_LENGTH = 90


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def title_from_passage(quote: str, limit: int = TITLE_LENGTH) -> str:
    """A one-line title made from a passage: whitespace collapsed, cut at a word boundary."""
    line = " ".join(quote.split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
    return cut.rstrip(",;:") + "…"


def check_date(date: DateFields) -> DateFields:
    """The date as stored: raise InvalidInput (a DateInputError) unless it obeys the one date rule
    of :mod:`curator.temporal.rule` (undated, or an EDTF value whose interval is (earliest,
    latest)); an older EDTF form (``2015-21~``) is given in the form Curator writes."""
    from curator.temporal.edtf import standard_edtf  # here: temporal imports core
    from curator.temporal.rule import require_valid_date

    require_valid_date(date.edtf, date.earliest, date.latest)
    if date.edtf:
        date = dataclasses.replace(date, edtf=standard_edtf(date.edtf))
    return date


def clean_name(name) -> str:
    """A name with its whitespace collapsed; InvalidInput unless it is text."""
    if not isinstance(name, str):
        raise InvalidInput("a name must be text")
    return " ".join(name.split())


def split_aliases(aliases: str) -> tuple[str, ...]:
    return tuple(a for a in aliases.split("\n") if a)


def join_aliases(aliases) -> str:
    """Aliases (an iterable of str) as stored: one per line, whitespace collapsed, no blanks or
    repeats (case-insensitive)."""
    if isinstance(aliases, str):
        raise InvalidInput("aliases must be a list of names, not one string")
    seen, kept = set(), []
    for alias in aliases:
        alias = clean_name(alias)
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            kept.append(alias)
    return "\n".join(kept)
