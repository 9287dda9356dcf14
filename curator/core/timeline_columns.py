"""The timeline's data as NumPy columns, read from SQLite in one streamed pass (no Python object
per event is kept).

:func:`read_columns` gives every live event's day interval as day numbers (days since
1970-01-01) with its flags; :func:`read_lanes` gives the lane (actor, document, label or place)
of each of its marks. Both also read a few events by id, for a cheap refresh after an edit.
The days are the ones the event listing keeps (schema 7, :mod:`curator.core.event_days`).

How a row becomes a mark is the rule the timeline has always drawn by (it was
``curator.ui.timeline.layout.rows_to_data``):

- an event is dated when it has ``earliest``, or ``latest`` and an EDTF value; a known bound that
  is not an ISO day makes it undated (counted, not drawn);
- ``first`` is the earliest day (the latest for an open start), ``last`` the latest day (the
  earliest when there is no latest or it is before the earliest); both inclusive;
- an open start is a dated event without ``earliest``; an open end one with an EDTF value and no
  ``latest`` (``../1899``, ``1945/..``); their ``first``/``last`` is the known day;
- fuzzy (drawn hollow or hatched): the EDTF value is not one exact day or an exact day/day
  interval (approximate, uncertain, a month, season, year, ``201X``, an open end; also
  ``a/b/c``, which is not EDTF and which the old drawing code called exact).

Lanes are named as :meth:`curator.core.project.Project.event_lane_keys` names them; an event is
in each lane it has a key for, once.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Sequence

import numpy as np

from curator.core import listing
from curator.core.errors import InvalidInput
from curator.core.event_days import COLUMNS_SQL, NO_DAY

FUZZY = 1
OPEN_START = 2
OPEN_END = 4

LANE_KINDS = ("actor", "document", "label", "place")
CHUNK = 16384  # rows per fetch: the pass streams, memory stays flat, the GIL is let go often
ID_BATCH = 500  # ids per query when reading some events

_NO_DAY = NO_DAY
# the listed days (schema 7: the listing keeps event_days' three values per live event)
# (a listing row without days, which only a hand edit makes, reads as undated: check reports it)
_LISTED_SQL = (f"SELECT event_id, IFNULL(day_first, {NO_DAY}), IFNULL(day_last, {NO_DAY}), "
               "IFNULL(day_bits, 0) FROM event_listing {where} ORDER BY event_id")


@dataclass(frozen=True)
class TimelineColumns:
    """Every dated live event as columns, ascending by id, and the ids of the undated ones."""
    ids: np.ndarray  # int64
    first: np.ndarray  # int32: day number of the first day (the known day of an open start)
    last: np.ndarray  # int32: day number of the last day, inclusive (the known day of an open end)
    flags: np.ndarray  # uint8: FUZZY | OPEN_START | OPEN_END
    undated: np.ndarray  # int64: ids of live events without a (readable) date, ascending

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def empty(cls) -> "TimelineColumns":
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.int32),
                   np.zeros(0, np.uint8), np.zeros(0, np.int64))

    @classmethod
    def concatenate(cls, parts: Sequence["TimelineColumns"]) -> "TimelineColumns":
        if not parts:
            return cls.empty()
        return cls(*(np.concatenate([getattr(p, f) for p in parts]) for f in
                     ("ids", "first", "last", "flags", "undated")))

    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.ids, self.first, self.last, self.flags, self.undated))


@dataclass(frozen=True)
class TimelineLanes:
    """The lane of each mark: ``event_ids[k]`` is in lane ``names[lanes[k]]``. One entry per
    (event, lane name), ascending by event id; events without a key have no entry."""
    by: str
    names: tuple[str, ...]
    event_ids: np.ndarray  # int64
    lanes: np.ndarray  # int32, index into names

    def __len__(self) -> int:
        return len(self.event_ids)

    def pairs(self) -> list[tuple[int, str]]:
        """(event id, lane name) pairs, for tests and small sets."""
        return [(int(e), self.names[int(k)]) for e, k in zip(self.event_ids, self.lanes)]


def sorted_unique(values) -> np.ndarray:
    """The distinct values, ascending. (np.unique hashes integers in NumPy 2 while holding the
    GIL, freezing the window for a quarter of a second at a million values; a sort does not.)"""
    values = np.sort(np.asarray(values).ravel())
    if len(values) < 2:
        return values
    keep = np.empty(len(values), bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def columns_from_rows(rows: np.ndarray) -> TimelineColumns:
    """Columns from the (id, earliest day, latest day, bits) rows the SQL pass reads."""
    if not len(rows):
        return TimelineColumns.empty()
    ids, e_day, l_day, bits = rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3]
    no_earliest, no_latest, no_edtf = (bits & 1) > 0, (bits & 2) > 0, (bits & 4) > 0
    dated = ~no_earliest | (~no_latest & ~no_edtf)
    first = np.where(no_earliest, l_day, e_day)
    dated &= first != _NO_DAY
    last = np.where(no_latest, e_day, l_day)
    last = np.where((last == _NO_DAY) | (last < first), first, last)
    flags = (((bits & 8) > 0) * FUZZY + no_earliest * OPEN_START
             + (~no_edtf & no_latest) * OPEN_END).astype(np.uint8)
    return TimelineColumns(ids[dated].astype(np.int64), first[dated].astype(np.int32),
                           last[dated].astype(np.int32), flags[dated], ids[~dated].astype(np.int64))


def _raw(conn) -> sqlite3.Connection:
    """The sqlite3 connection under a SQLAlchemy Connection (plain tuples, no Row objects)."""
    return getattr(getattr(conn, "connection", conn), "driver_connection", conn)


def _stream(cursor: sqlite3.Cursor, sql: str, params: Sequence = (),
            cancelled: Optional[Callable[[], bool]] = None) -> Iterable[list]:
    cursor.execute(sql, params)
    while True:
        if cancelled is not None and cancelled():
            raise Cancelled()
        rows = cursor.fetchmany(CHUNK)
        if not rows:
            return
        yield rows


class Cancelled(Exception):
    """The caller's ``cancelled()`` said stop (a newer read replaced this one)."""


def _batches(ids: Iterable[int]) -> list[list[int]]:
    ids = sorted({int(i) for i in ids})
    return [ids[k:k + ID_BATCH] for k in range(0, len(ids), ID_BATCH)]


def read_columns(conn, ids: Optional[Iterable[int]] = None, *,
                 progress: Optional[Callable[[float, Callable[[], TimelineColumns]], None]] = None,
                 cancelled: Optional[Callable[[], bool]] = None) -> TimelineColumns:
    """Every live event (or the live ones among ``ids``) as :class:`TimelineColumns`.

    One pass in id order, CHUNK rows at a time, over the days the event listing keeps (a plain
    integer scan, see :mod:`curator.core.event_days`); when the listing waits to be brought up to
    date (another program wrote to a file Curator may not write, or a write is under way in
    this transaction), the days are computed from the event table instead. ``progress(share,
    so_far)`` is called after each chunk of a whole read (``so_far()`` gives the columns read so
    far); ``cancelled()`` is asked between chunks (raising :class:`Cancelled`)."""
    raw = _raw(conn)
    cursor = raw.cursor()
    try:
        listed = not listing.needs_settle(raw)
        if ids is not None:
            parts = []
            for batch in _batches(ids):
                marks = ",".join("?" * len(batch))
                sql = (_LISTED_SQL.format(where=f"WHERE event_id IN ({marks})") if listed else
                       COLUMNS_SQL.format(hint="", extra=f"AND e.id IN ({marks})"))
                rows = cursor.execute(sql, batch).fetchall()
                parts.append(columns_from_rows(np.array(rows, np.int64).reshape(-1, 4)))
            return TimelineColumns.concatenate(parts)
        if listed:
            top = cursor.execute("SELECT max(event_id) FROM event_listing").fetchone()[0] or 0
            sql = _LISTED_SQL.format(where="")
        else:
            top = cursor.execute("SELECT max(id) FROM event").fetchone()[0] or 0
            # NOT INDEXED: a full scan in id order; the deleted_at index would add a lookup per row
            sql = COLUMNS_SQL.format(hint="NOT INDEXED", extra="")
        parts = []
        for rows in _stream(cursor, sql, cancelled=cancelled):
            block = np.array(rows, np.int64)
            parts.append(columns_from_rows(block))
            if progress is not None:
                progress(min(1.0, int(block[-1, 0]) / max(top, 1)),
                         lambda: TimelineColumns.concatenate(parts))
        return TimelineColumns.concatenate(parts)
    finally:
        cursor.close()


# Lanes: (event id, key) pairs of live events, and the keys' names. Names follow
# Project.event_lane_keys: an actor's name; a document's title ("document N" when blank); a label's
# name; a place's name, else the event's free-text location (trimmed).
# The "+" before deleted_at keeps SQLite from walking the deleted_at indexes (every live row has
# NULL there): a whole read scans the table, a read by id goes through the event_id index.
_LIVE_EVENT = "+e.deleted_at IS NULL"
_PAIRS_SQL = {
    "actor": f"""
        SELECT ea.event_id, ea.actor_id FROM event_actor ea JOIN event e ON e.id = ea.event_id
        WHERE +ea.deleted_at IS NULL AND {_LIVE_EVENT} {{extra}}""",
    "document": f"""
        SELECT ev.event_id, s.document_id FROM event_evidence ev JOIN event e ON e.id = ev.event_id
        JOIN span s ON s.id = ev.span_id
        WHERE +ev.deleted_at IS NULL AND +s.deleted_at IS NULL AND {_LIVE_EVENT} {{extra}}""",
    "label": f"""
        SELECT ev.event_id, s.tag_id FROM event_evidence ev JOIN event e ON e.id = ev.event_id
        JOIN span s ON s.id = ev.span_id
        WHERE +ev.deleted_at IS NULL AND +s.deleted_at IS NULL AND s.tag_id IS NOT NULL
          AND {_LIVE_EVENT} {{extra}}""",
    "place": f"""
        SELECT e.id, e.place_id FROM event e
        WHERE {_LIVE_EVENT} AND e.place_id IS NOT NULL {{extra}}""",
}
_BY_ID = {"actor": "ea.event_id", "document": "ev.event_id", "label": "ev.event_id", "place": "e.id"}
_NAMES_SQL = {
    "actor": "SELECT id, name FROM actor WHERE deleted_at IS NULL",
    "document": "SELECT id, CASE WHEN trim(title) = '' THEN 'document ' || id ELSE title END "
                "FROM document WHERE deleted_at IS NULL",
    "label": "SELECT id, name FROM tag WHERE deleted_at IS NULL",
    "place": "SELECT id, name FROM actor WHERE deleted_at IS NULL",
}
# events whose place is missing or gone, with a free-text location: the location names the lane
_LOCATION_SQL = f"""
    SELECT e.id, trim(e.location) FROM event e
    WHERE {_LIVE_EVENT} AND trim(e.location) != '' AND NOT EXISTS (
      SELECT 1 FROM actor a WHERE a.id = e.place_id AND a.deleted_at IS NULL) {{extra}}"""


def read_lanes(conn, by: str, ids: Optional[Iterable[int]] = None, *,
               cancelled: Optional[Callable[[], bool]] = None) -> TimelineLanes:
    """The lane of each mark of every live event (or of the live ones among ``ids``) when
    lanes group ``by`` "actor", "document", "label" or "place"."""
    if by not in _PAIRS_SQL:
        raise InvalidInput(f"lanes group by one of {', '.join(LANE_KINDS)}, not {by!r}")
    raw = _raw(conn)
    cursor = raw.cursor()
    try:
        key_names = {k: n for k, n in cursor.execute(_NAMES_SQL[by]).fetchall() if n != ""}
        pair_events, pair_keys = [], []  # (event id, key id): an actor, document, tag or place
        loc_events, loc_codes = [], []  # (event id, location number): a free-text location
        locations: dict[str, int] = {}
        batches = [None] if ids is None else _batches(ids)
        for batch in batches:
            marks = "" if batch is None else ",".join("?" * len(batch))
            extra = "" if batch is None else f"AND {_BY_ID[by]} IN ({marks})"
            params = () if batch is None else batch
            for rows in _stream(cursor, _PAIRS_SQL[by].format(extra=extra), params, cancelled):
                pairs = np.array(rows, np.int64).reshape(-1, 2)
                pair_events.append(pairs[:, 0])
                pair_keys.append(pairs[:, 1])
            if by == "place":
                where = "" if batch is None else f"AND e.id IN ({marks})"
                for rows in _stream(cursor, _LOCATION_SQL.format(extra=where), params, cancelled):
                    loc_events.append(np.fromiter((r[0] for r in rows), np.int64, len(rows)))
                    loc_codes.append(np.fromiter((locations.setdefault(r[1], len(locations))
                                                  for r in rows), np.int64, len(rows)))
    finally:
        cursor.close()
    names = sorted(set(key_names.values()) | set(locations), key=lambda n: (n.casefold(), n))
    number = {name: k for k, name in enumerate(names)}
    top = max(key_names, default=0)
    lane_of_key = np.full(top + 1, -1, np.int32)  # key id -> lane (-1: none, e.g. a deleted actor)
    for key, name in key_names.items():
        lane_of_key[key] = number[name]
    lane_of_location = np.array([number[n] for n in locations], np.int32)
    event_ids, lanes = [np.zeros(0, np.int64)], [np.zeros(0, np.int32)]
    for events, keys in zip(pair_events, pair_keys):
        known = (keys >= 0) & (keys <= top)
        lane = np.full(len(keys), -1, np.int32)
        lane[known] = lane_of_key[keys[known]]
        event_ids.append(events[lane >= 0])
        lanes.append(lane[lane >= 0])
    for events, codes in zip(loc_events, loc_codes):
        event_ids.append(events)
        lanes.append(lane_of_location[codes])
    return _tidy(by, tuple(names), np.concatenate(event_ids), np.concatenate(lanes))


def _tidy(by: str, names: tuple[str, ...], event_ids: np.ndarray, lanes: np.ndarray) -> TimelineLanes:
    """One entry per (event, lane), ascending by event then lane; only the names in use."""
    if not len(event_ids):
        return TimelineLanes(by, (), np.zeros(0, np.int64), np.zeros(0, np.int32))
    width = max(len(names), 1)
    keys = sorted_unique(event_ids * width + lanes)
    event_ids, lanes = keys // width, (keys % width).astype(np.int32)
    used = sorted_unique(lanes)
    renumber = np.full(width, -1, np.int32)
    renumber[used] = np.arange(len(used), dtype=np.int32)
    return TimelineLanes(by, tuple(names[int(k)] for k in used), event_ids.astype(np.int64),
                         renumber[lanes])
