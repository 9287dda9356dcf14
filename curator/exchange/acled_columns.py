"""ACLED's column layout and where each column lives in a Curator project. Qt-free, no database.

The columns are ACLED's own names in the order of its data exports since March 2023 (the
Codebook and ACLED's "Guide to 2023 ACLED column changes": ``event_id_no_cnty``, ``data_id``
and ``iso3`` removed; ``disorder_type``, ``civilian_targeting`` and ``tags`` added). Curator
writes all 31, so that a script written for ACLED's files finds every column it reads; a column
Curator has nothing for is left empty.

==========================  ===========================================================
column                      in Curator
==========================  ===========================================================
event_id_cnty               the event's identity (see :func:`event_uid`); kept in a text
                            field "event_id_cnty" unless it is the event's own uid
event_date, year,           the event's date (:mod:`curator.exchange.acled_dates`); ``year``
time_precision              is checked against ``event_date`` and not stored
event_type, sub_event_type  the "event type" and "sub-event type" fields of the conflict
                            template (ACLED's taxonomy)
actor1, assoc_actor_1,      the event's actors, with the roles "actor 1", "associated with
actor2, assoc_actor_2       actor 1", "actor 2", "associated with actor 2" (:func:`actor_columns`)
location                    the event's place (found by name or alias, or made)
latitude, longitude         the template's "coordinates" field (export: else the place's)
notes                       the event's description (export: then each evidence passage
                            quoted, then a figure that is not one whole number:
                            :func:`notes_with_figure`)
fatalities                  the template's "fatalities" field (a number range); ACLED's
                            column is one whole number: its low end (:func:`fatalities_cell`)
source                      a text field "source"; export: that field's sources, then the
                            titles of the evidence documents, joined by "; "
timestamp                   export: the event's last change in Curator (Unix seconds);
                            ignored on import
every other column          a field of the column's name (a text field made on import when
(disorder_type, inter1,     the project has none; an existing field of that name keeps its
country, admin1, ...)       kind, and the value is checked against it)
==========================  ===========================================================
"""

from __future__ import annotations

import math
import re
import uuid
from typing import Iterable, Optional

from curator.core.number_range import Figure, FigureError, read_figure

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
REQUIRED = ("event_date", "event_type", "sub_event_type", "actor1", "location")
"""Columns an imported file must have: ACLED's when, what, who and where (of the cells, only
``event_date`` may not be empty: Curator's export of an event without a type, an actor or a
place leaves those empty)."""
ACTOR_COLUMNS = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
HOME_COLUMNS = frozenset({
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    *ACTOR_COLUMNS, "location", "latitude", "longitude", "notes", "fatalities", "timestamp"})
"""Columns with a place of their own in an event; the others are kept in fields of their name."""
NUMERIC_COLUMNS = frozenset({"year", "time_precision", "latitude", "longitude", "fatalities", "timestamp"})
ID_COLUMN = "event_id_cnty"
SOURCE_COLUMN = "source"

EVENT_TYPE_FIELD = "event type"
SUB_EVENT_TYPE_FIELD = "sub-event type"
FATALITIES_FIELD = "fatalities"
COORDINATES_FIELD = "coordinates"

ROLES = {"actor1": "actor 1", "assoc_actor_1": "associated with actor 1",
         "actor2": "actor 2", "assoc_actor_2": "associated with actor 2"}
"""The role an actor link gets for each actor column (and, any case, sends it back there)."""
_COLUMN_OF_ROLE = {role.casefold(): column for column, role in ROLES.items()}
ASSOC_SEPARATOR = "; "

LEGACY_SPELLINGS = {"excessive force against protestors": "Excessive force against protesters"}
"""Older ACLED files' spellings of the taxonomy's names (lower case) -> the current ones."""

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
EVENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://curator.invalid/ns/acled-event")
ROW_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://curator.invalid/ns/acled-row")
_FIGURE_NOTE = re.compile(r"\s*\[fatalities: ([^\[\]]+)\]\s*$")


def fold(name: str) -> str:
    """A column's or field's name as names are compared: blanks collapsed, case folded."""
    return " ".join(name.split()).casefold()


FIELD_SUFFIX = " (field)"
_ACLED_FOLDED = frozenset(c.casefold() for c in ACLED_COLUMNS)


def field_name_of(column: str) -> str:
    """The field a column other than ACLED's home columns is kept in: the column's name, but
    for "notes (field)" (how the export names a field called like one of ACLED's columns),
    the field "notes"."""
    name = " ".join(column.split())
    if name.casefold().endswith(FIELD_SUFFIX) and name[:-len(FIELD_SUFFIX)].casefold() in _ACLED_FOLDED:
        return name[:-len(FIELD_SUFFIX)]
    return name


# ------------------------------------------------------------------ identity
def event_uid(event_id: str) -> str:
    """The uid of the event a row with this ``event_id_cnty`` becomes: the id itself when it is
    a uid (a Curator export of an event that had no ACLED id), else a name-based UUID (version
    5) of it, the same in every project and every import."""
    event_id = event_id.strip()
    if _UUID.match(event_id):
        return event_id
    return str(uuid.uuid5(EVENT_NAMESPACE, event_id))


def is_uid(event_id: str) -> bool:
    return bool(_UUID.match(event_id.strip()))


def row_uid(digest: str, occurrence: int) -> str:
    """The uid of the event a row without ``event_id_cnty`` becomes: derived from the digest of
    its cells and how many identical rows came before it in the file (1 for the first)."""
    return str(uuid.uuid5(ROW_NAMESPACE, f"{digest}/{occurrence}"))


# ------------------------------------------------------------------ cells
def protect_cell(value: str) -> str:
    """Keep spreadsheets from running a text cell as a formula (as Curator's CSV export does):
    a cell that begins with = + - @ (or tab/CR) gets a leading apostrophe. Numbers are not
    protected (a latitude of -12.5 stays a number)."""
    return "'" + value if value.startswith(FORMULA_LEADS) else value


def unprotect_cell(value: str) -> str:
    """A cell as it was before :func:`protect_cell` (the apostrophe before = + - @ dropped)."""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


def degrees(value: float) -> str:
    """Coordinates as written: the shortest text that reads back as the same number."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def split_actors(cell: str) -> tuple[str, ...]:
    """The names of an assoc_actor cell ("A; B"), blanks collapsed, repeats (any case) dropped."""
    names, seen = [], set()
    for part in cell.split(";"):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return tuple(names)


# ------------------------------------------------------------------ actors
def actor_columns(links: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """The actor columns of an event's actor links ((name, role) in link order).

    A link with one of :data:`ROLES` goes to its column. The others (Curator's own roles:
    attacker, target, ...) take, in link order, actor1 if it is still empty, then actor2, then
    assoc_actor_1. actor1 and actor2 hold one name: further names given those roles go to the
    assoc column beside them."""
    columns: dict[str, list[str]] = {c: [] for c in ACTOR_COLUMNS}
    others = []
    for name, role in links:
        column = _COLUMN_OF_ROLE.get(role.strip().casefold())
        target = others if column is None else columns[column]
        if name not in target:
            target.append(name)
    for name in others:
        if not columns["actor1"]:
            columns["actor1"].append(name)
        elif not columns["actor2"]:
            columns["actor2"].append(name)
        elif name not in columns["assoc_actor_1"]:
            columns["assoc_actor_1"].append(name)
    for main, assoc in (("actor1", "assoc_actor_1"), ("actor2", "assoc_actor_2")):
        if len(columns[main]) > 1:
            columns[assoc] = columns[main][1:] + [n for n in columns[assoc] if n not in columns[main][1:]]
            columns[main] = columns[main][:1]
    return columns


# ------------------------------------------------------------------ fatalities
def fatalities_cell(low: Optional[float], high: Optional[float]) -> str:
    """ACLED's ``fatalities``: one whole number, the low end of the figure ("at most 50" and
    "fewer than 10" have 0); "" for an event with no figure."""
    if low is None and high is None:
        return ""
    return str(int(math.floor(low))) if low is not None else "0"


def figure_note(low: Optional[float], high: Optional[float], qualifier: str) -> str:
    """What the notes say of a figure ACLED's whole number cannot hold ("[fatalities: 70–100]",
    "[fatalities: at least 70]"), "" when the number is the figure."""
    if low is None and high is None:
        return ""
    if not qualifier and low == high and low is not None and low == int(low):
        return ""
    return f"[fatalities: {Figure(low, high, qualifier).canonical()}]"


def notes_with_figure(notes: str, note: str) -> str:
    return f"{notes} {note}" if notes and note else notes or note


def read_figure_note(notes: str, fatalities: str) -> tuple[str, Optional[Figure]]:
    """(the notes without their figure note, the figure) when the notes end with a figure note
    whose low end is the ``fatalities`` cell; (the notes, None) otherwise."""
    found = _FIGURE_NOTE.search(notes)
    if found is None:
        return notes, None
    try:
        figure = read_figure(found.group(1))
    except FigureError:
        return notes, None
    if fatalities_cell(figure.low, figure.high) != fatalities.strip():
        return notes, None
    return notes[:found.start()], figure


def read_fatalities(text: str) -> Optional[int]:
    """A ``fatalities`` cell: a whole number 0 or more ("12"; "12.0" as pandas writes numbers);
    None for a blank. ValueError with the reason otherwise."""
    clean = text.strip()
    if not clean:
        return None
    if clean.endswith(".0"):
        clean = clean[:-2]
    if not clean.isascii() or not clean.isdigit():
        raise ValueError(f"{text!r} is not a whole number of 0 or more (ACLED's fatalities are one "
                         "number: write a range as its low end)")
    return int(clean)
