"""The kinds of typed event fields, and reading a value of each from what a person types.
Qt-free, no database.

=========  ====================================================================================
kind       a value
=========  ====================================================================================
text       any text (stripped of surrounding blanks)
number     a plain number: ``1,200``, ``-3``, ``2.5``
range      a figure as sources give them: ``70``, ``70–100``, ``at least 70``, ``about 40``,
           ``more than 1,000`` (:mod:`curator.core.number_range`)
choice     one of the field's choices (typed in any case: the choice's own spelling is kept)
place      a place name with coordinates: ``Aleppo (36.2021, 37.1343)``, ``Aleppo; 36.2, 37.1``,
           ``36.2021, 37.1343``; a bare name takes the coordinates of a place of the project
           with that name (or none); latitude in -90..90, longitude in -180..180
url        an ``http://`` or ``https://`` address with a host
=========  ====================================================================================

:func:`read_value` returns a :class:`StoredValue` (the columns of ``event_field_value``) or
raises InvalidInput naming the field, the value and the reason: ``fatalities: 'many' is not a
number or range``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional
from urllib.parse import urlsplit

from curator.core.errors import InvalidInput
from curator.core.number_range import FigureError, format_number, read_figure, read_number

FIELD_KINDS = ("text", "number", "range", "choice", "place", "url")
KIND_LABELS = {"text": "Text", "number": "Number", "range": "Number or range", "choice": "Choice",
               "place": "Place with coordinates", "url": "Web address (URL)"}
NUMERIC_KINDS = ("number", "range")
"""Kinds sorted and filtered by their numbers (the others by their text, case-folded)."""
NAME_LIMIT = 80
RESERVED_NAMES = ("date", "title", "actors", "location", "document", "documents", "description")
"""Names of the event's own columns and fields: a typed field may not take them."""

_COORDINATES = re.compile(
    r"^(?:(?P<name>.*?)\s*[(;,]\s*)?(?P<lat>[-−+]?\d+(?:\.\d+)?)\s*[,;\s]\s*(?P<lon>[-−+]?\d+(?:\.\d+)?)\s*\)?$")


@dataclass(frozen=True)
class StoredValue:
    """A value as ``event_field_value`` keeps it (see :class:`curator.core.models.EventFieldValue`)."""

    text: str
    low: Optional[float] = None
    high: Optional[float] = None
    qualifier: str = ""
    latitude: Optional[float] = None
    longitude: Optional[float] = None

    def typed(self) -> tuple:
        """What the value is, for comparing two values (its text as written aside)."""
        return (self.text, self.low, self.high, self.qualifier, self.latitude, self.longitude)


def sort_text(text: Optional[str]) -> Optional[str]:
    """The case-folded key a value's text sorts and filters by (None for a blank)."""
    return text.casefold() if text else None


def sort_number(low: Optional[float], high: Optional[float]) -> Optional[float]:
    """The number a value sorts by: its low end, else its high end ("at most 50": 50)."""
    return low if low is not None else high


def clean_field_name(name) -> str:
    """A field's name as stored (blanks collapsed); InvalidInput when it cannot be one."""
    if not isinstance(name, str):
        raise InvalidInput("a field's name must be text")
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("a field needs a name")
    if len(name) > NAME_LIMIT:
        raise InvalidInput(f"a field's name is at most {NAME_LIMIT} characters ({name[:20]!r}… has {len(name)})")
    if name.casefold() in RESERVED_NAMES:
        raise InvalidInput(f"{name!r} is one of the event's own columns; give the field another name")
    return name


def check_kind(kind) -> str:
    if kind not in FIELD_KINDS:
        raise InvalidInput(f"a field's kind is one of {', '.join(FIELD_KINDS)}, not {kind!r}")
    return kind


def clean_choices(choices) -> tuple[str, ...]:
    """Choices as stored: blanks collapsed, no empty ones, no repeats (ignoring case)."""
    if isinstance(choices, str):
        raise InvalidInput("choices must be a list of texts, not one text")
    kept, seen = [], set()
    for choice in choices:
        if not isinstance(choice, str):
            raise InvalidInput("each choice must be text")
        choice = " ".join(choice.split())
        if choice and choice.casefold() not in seen:
            if "\n" in choice:
                raise InvalidInput("a choice is one line")
            seen.add(choice.casefold())
            kept.append(choice)
    return tuple(kept)


PlaceLookup = Callable[[str], Optional[tuple[float, float]]]


def read_value(name: str, kind: str, choices: tuple[str, ...], text,
               place_lookup: Optional[PlaceLookup] = None) -> Optional[StoredValue]:
    """The value ``text`` gives field ``name`` of ``kind`` (None: blank, the value is cleared);
    InvalidInput naming the field, the value and the reason when it cannot be read."""
    if not isinstance(text, str):
        raise InvalidInput(f"{name}: a value must be text, not {type(text).__name__}")
    clean = text.strip()
    if not clean:
        return None

    def refuse(reason: str) -> InvalidInput:
        return InvalidInput(f"{name}: {clean!r} {reason}")

    if kind == "text":
        return StoredValue(clean)
    if kind == "number":
        try:
            value = read_number(clean)
        except FigureError as exc:
            hint = "; the field takes one number (make it a number range to keep figures such as " \
                   "'at least 70')" if _is_figure(clean) else ""
            raise refuse(str(exc) + hint) from None
        return StoredValue(" ".join(clean.split()), value, value)
    if kind == "range":
        try:
            figure = read_figure(clean)
        except FigureError as exc:
            raise refuse(str(exc)) from None
        return StoredValue(" ".join(clean.split()), figure.low, figure.high, figure.qualifier)
    if kind == "choice":
        wanted = " ".join(clean.split()).casefold()
        for choice in choices:
            if choice.casefold() == wanted:
                return StoredValue(choice)
        shown = ", ".join(choices[:8]) + (", …" if len(choices) > 8 else "")
        raise refuse(f"is not one of the choices ({shown})" if choices else "is not a choice: the field has none yet")
    if kind == "place":
        return _place(clean, refuse, place_lookup)
    if kind == "url":
        return _url(clean, refuse)
    raise InvalidInput(f"{name}: the field's kind {kind!r} is not one Curator knows")


def _is_figure(text: str) -> bool:
    try:
        read_figure(text)
        return True
    except FigureError:
        return False


def _place(text: str, refuse, place_lookup: Optional[PlaceLookup]) -> StoredValue:
    found = _COORDINATES.match(text)
    if found:
        name = (found.group("name") or "").strip().rstrip("(;,").strip()
        lat = float(found.group("lat").replace("−", "-"))
        lon = float(found.group("lon").replace("−", "-"))
        if not -90 <= lat <= 90:
            raise refuse(f"has latitude {format_number(lat)}, outside -90..90")
        if not -180 <= lon <= 180:
            raise refuse(f"has longitude {format_number(lon)}, outside -180..180")
        return StoredValue(place_text(name, lat, lon), latitude=lat, longitude=lon)
    if any(ch.isdigit() for ch in text) and re.search(r"[-−+]?\d+(?:\.\d+)?\s*[,;]\s*[-−+]?\d", text):
        raise refuse("is not a place: write a name with coordinates, e.g. Aleppo (36.2021, 37.1343)")
    name = " ".join(text.split())
    found_at = place_lookup(name) if place_lookup is not None else None
    if found_at is not None:
        return StoredValue(place_text(name, *found_at), latitude=found_at[0], longitude=found_at[1])
    return StoredValue(name)


def place_text(name: str, latitude: Optional[float], longitude: Optional[float]) -> str:
    """How a place value is written: "Aleppo (36.2021, 37.1343)", "36.2, 37.1", "Aleppo"."""
    if latitude is None or longitude is None:
        return name
    where = f"{_degrees(latitude)}, {_degrees(longitude)}"
    return f"{name} ({where})" if name else where


def _degrees(value: float) -> str:
    text = repr(float(value))  # the shortest text that reads back as the same number
    return text[:-2] if text.endswith(".0") else text


def _url(text: str, refuse) -> StoredValue:
    if any(ch.isspace() for ch in text):
        raise refuse("is not a web address (it holds blanks)")
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        raise refuse("is not a web address") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise refuse("is not an http(s) address: write it with http:// or https://")
    if not host or "." not in host.strip(".") and host != "localhost":
        raise refuse("has no host name (e.g. https://example.org/page)")
    return StoredValue(text)


def figure_text(low: Optional[float], high: Optional[float], qualifier: str) -> str:
    """A figure's stored ends written back ("at least 70"), for exports and merges."""
    from curator.core.number_range import Figure

    return Figure(low, high, qualifier).canonical()
