"""The Project facade's answers about the event listing: which events a query shows, in which
order, and the table rows of a few of them (a mixin of :class:`curator.core.project.Project`).

Everything here is SQL over the listing (:mod:`curator.core.listing`) and its indexes: nothing
reads every event into Python. Large answers are NumPy arrays of event ids (a million ids are
8 MB, no Python object per event): the event table keeps the ids of its order and of its
filter, and reads only the rows it shows (:meth:`event_rows_by_id`).

    project.matching_event_ids(EventQuery("aleppo"))          # ids, in id order
    ids, present = project.event_order(ListingOrder("title"))  # every listed event, in order
    project.ordered_event_ids(query, order)                   # what the table shows, in order
    project.event_page(query, order, offset=200, limit=50)    # rows 200..249 of it
    project.event_position(query, order, event_id)            # the row showing an event
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Optional

from curator.core import listing
from curator.core.event_query import EventQuery
from curator.core.field_filter import field_condition, matching_ids_sql
from curator.core.listing import ListingOrder
from curator.core.records import EventRow

if TYPE_CHECKING:  # NumPy is imported when a view first asks, not by every command
    import numpy as np

ROW_SQL = f"""
    SELECT e.id, e.title, e.edtf, e.earliest, e.latest, e.date_text,
      {listing.LOCATION_SQL} AS location, {listing.ACTORS_SQL} AS actors,
      {listing.DOCUMENTS_SQL} AS documents, {listing.FIRST_DOCUMENT_SQL} AS first_document_id
    FROM event e WHERE e.deleted_at IS NULL {{extra}} ORDER BY e.id"""
"""A table row per live event (what the table shows), in id order; ``{extra}``: more conditions."""

_FTS = "SELECT rowid FROM event_listing_fts WHERE event_listing_fts MATCH ?"
_ACTOR = ("SELECT event_id FROM event_actor WHERE actor_id = ? AND deleted_at IS NULL "
          "UNION SELECT id FROM event WHERE place_id = ? AND deleted_at IS NULL")


def query_conditions(query: EventQuery, alias: str = "l") -> tuple[list[str], list]:
    """SQL conditions on a listing row (``alias``) that hold for the events ``query`` shows, and
    their parameters (none for the empty query)."""
    conditions: list[str] = []
    params: list = []
    if query.words:
        match = listing.word_match(query.words)
        if match.fts is not None:
            conditions.append(f"{alias}.event_id IN ({_FTS})")
            params.append(match.fts)
        if match.literal:
            sql, values = listing.literal_condition(match.literal, alias)
            conditions.append(sql)
            params += values
    if query.actor_id is not None:
        conditions.append(f"{alias}.event_id IN ({_ACTOR})")
        params += [query.actor_id, query.actor_id]
    if query.has_dates:
        conditions.append(f"{alias}.date_first IS NOT NULL")
        if query.latest is not None:
            conditions.append(f"{alias}.date_first <= ?")
            params.append(query.latest)
        if query.earliest is not None:
            conditions.append(f"{alias}.date_last >= ?")
            params.append(query.earliest)
    for found in query.fields:
        sql, values = field_condition(found, alias)
        conditions.append(sql)
        params += values
    return conditions, params


def id_array(conn, sql: str, params=()) -> "np.ndarray":
    """The ids ``sql`` selects (one integer column), in its order, as an int64 array: read in
    one string (group_concat over the query run as a whole, LIMIT -1 keeping its ORDER BY)
    rather than one Python object per row."""
    import numpy as np

    text = conn.exec_driver_sql(f"WITH t(x) AS ({sql} LIMIT -1) SELECT group_concat(x) FROM t",
                                tuple(params)).scalar()
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


class ListingMixin:
    # ------------------------------------------------------------------ which events
    def matching_event_ids(self, query: EventQuery) -> list[int]:
        """The ids of the live events ``query`` shows (see :mod:`curator.core.event_query`; how
        words match: :mod:`curator.core.listing`), in id order."""
        return self.matching_event_id_array(query).tolist()

    def matching_event_id_array(self, query: EventQuery) -> "np.ndarray":
        """:meth:`matching_event_ids` as a sorted int64 array (no Python object per event): each
        part of the query read on its own index (the full-text index's ids come sorted), the
        parts intersected in NumPy."""
        import numpy as np

        parts = []
        with self._read() as conn:
            if query.words:
                match = listing.word_match(query.words)
                if match.fts is not None:
                    parts.append(id_array(conn, f"{_FTS} ORDER BY rowid", (match.fts,)))
                if match.literal:
                    sql, values = listing.literal_condition(match.literal)
                    parts.append(id_array(conn, f"SELECT event_id FROM event_listing l WHERE {sql} "
                                                "ORDER BY event_id", values))
            if query.actor_id is not None:  # (sorted in NumPy: faster than by SQLite here)
                links = id_array(conn, "SELECT ea.event_id FROM event_actor ea JOIN event_listing l "
                                       "ON l.event_id = ea.event_id WHERE ea.actor_id = ? "
                                       "AND ea.deleted_at IS NULL", (query.actor_id,))
                places = id_array(conn, "SELECT l.event_id FROM event e JOIN event_listing l "
                                        "ON l.event_id = e.id WHERE e.place_id = ?", (query.actor_id,))
                parts.append(np.union1d(links, places))
            if query.has_dates:
                conditions, params = query_conditions(EventQuery(earliest=query.earliest,
                                                                 latest=query.latest))
                parts.append(id_array(conn, f"SELECT event_id FROM event_listing l WHERE "
                                            f"{' AND '.join(conditions)} ORDER BY event_id", params))
            for found in query.fields:  # a range of the values' index each
                parts.append(id_array(conn, *matching_ids_sql(found)))
            if not parts:
                return id_array(conn, "SELECT event_id FROM event_listing ORDER BY event_id")
        found = parts[0]
        for part in parts[1:]:
            found = np.intersect1d(found, part, assume_unique=True)
        return found

    def highest_listed_id(self) -> int:
        """The highest id of a listed event (0: none), read off the index: an upper bound of how
        many events there are, at no cost."""
        with self._read() as conn:
            return conn.exec_driver_sql("SELECT max(event_id) FROM event_listing").scalar() or 0

    def count_events(self, query: EventQuery = EventQuery()) -> int:
        """How many live events ``query`` shows."""
        conditions, params = query_conditions(query)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        with self._read() as conn:
            return conn.exec_driver_sql(f"SELECT count(*) FROM event_listing l {where}",
                                        tuple(params)).scalar()

    def events_matching(self, query: EventQuery, ids: Iterable[int]) -> set[int]:
        """Which of ``ids`` (a few: the events an edit touched) ``query`` shows, decided as
        :meth:`matching_event_ids` decides, without running the query over every event."""
        ids = sorted(set(ids))
        if not ids:
            return set()
        marks = ",".join("?" * len(ids))
        with self._read() as conn:
            rows = conn.exec_driver_sql(
                f"SELECT event_id, {', '.join(listing.TEXT_COLUMNS)}, date_first, date_last "
                f"FROM event_listing WHERE event_id IN ({marks})", tuple(ids)).all()
            found = {r[0] for r in rows}
            if query.actor_id is not None:
                found &= {r[0] for r in conn.exec_driver_sql(
                    f"SELECT * FROM ({_ACTOR}) WHERE event_id IN ({marks})",
                    (query.actor_id, query.actor_id, *ids))}
            for field_filter in query.fields:
                sql, params = field_condition(field_filter, "l")
                found &= {r[0] for r in conn.exec_driver_sql(
                    f"SELECT l.event_id FROM event_listing l WHERE l.event_id IN ({marks}) AND {sql}",
                    (*ids, *params))}
        if query.has_dates:
            found &= {r[0] for r in rows if r[5] is not None
                      and (query.latest is None or r[5] <= query.latest)
                      and (query.earliest is None or r[6] >= query.earliest)}
        if query.words:
            found &= listing.rows_matching_words([r[:5] for r in rows if r[0] in found], query.words)
        return found

    # ------------------------------------------------------------------ in order
    def event_order(self, order: ListingOrder) -> tuple["np.ndarray", int]:
        """Every listed event's id in ``order``, and how many come before the blank ones (the
        rows whose key is blank or undated, last in both directions)."""
        import numpy as np

        if order.field_id is not None:
            return self._field_order(order)
        present_sql, blank_sql = order.sql()
        with self._read() as conn:
            present = id_array(conn, present_sql)
            blank = id_array(conn, blank_sql) if blank_sql else np.zeros(0, dtype=np.int64)
        return np.concatenate((present, blank)), len(present)

    def _field_order(self, order: ListingOrder) -> tuple["np.ndarray", int]:
        """:meth:`event_order` by a field's values: the values' index read in order (covering:
        no row is visited), the listed events by id, the two matched in NumPy (values of events
        not listed are left out; the events without a value come last)."""
        import numpy as np

        key, direction = order.keys[0], " DESC" if order.descending else ""
        with self._read() as conn:
            valued = id_array(conn, f"SELECT v.event_id FROM event_field_value v WHERE v.field_id = "
                                    f"{int(order.field_id)} AND v.deleted_at IS NULL AND v.{key} IS NOT NULL "
                                    f"ORDER BY v.{key}{direction}, v.event_id{direction}")
            listed = id_array(conn, "SELECT event_id FROM event_listing ORDER BY event_id")
        present = valued[np.isin(valued, listed, assume_unique=True)]
        blank = listed[~np.isin(listed, present, assume_unique=True)]
        if order.descending:
            blank = blank[::-1]
        return np.concatenate((present, blank)), len(present)

    def ordered_event_ids(self, query: EventQuery, order: ListingOrder) -> "np.ndarray":
        """The ids of the events ``query`` shows, in ``order``: what the table lists."""
        ids, _ = self.event_order(order)
        if query.is_empty:
            return ids
        return select_ids(ids, self.matching_event_id_array(query))

    def event_page(self, query: EventQuery, order: ListingOrder, offset: int = 0,
                   limit: int = 100) -> list[EventRow]:
        """Rows ``offset`` to ``offset + limit`` of what the table lists for ``query`` in
        ``order``, read with the order's index (LIMIT/OFFSET), not by listing every event."""
        conditions, params = query_conditions(query)
        where = " AND ".join(conditions)
        present_sql, blank_sql = order.sql(where)
        with self._read() as conn:
            ids = [r[0] for r in conn.exec_driver_sql(
                f"{present_sql} LIMIT ? OFFSET ?", (*params, limit, offset))]
            if blank_sql and len(ids) < limit:
                present = conn.exec_driver_sql(
                    f"SELECT count(*) FROM ({present_sql})", tuple(params)).scalar()
                skip = max(0, offset - present)
                ids += [r[0] for r in conn.exec_driver_sql(
                    f"{blank_sql} LIMIT ? OFFSET ?", (*params, limit - len(ids), skip))]
        return self.event_rows_by_id(ids)

    def event_position(self, query: EventQuery, order: ListingOrder, event_id: int) -> Optional[int]:
        """The row at which the table lists ``event_id`` for ``query`` in ``order`` (None when the
        query does not show it): a count over the order's index up to the event's key."""
        if event_id not in self.events_matching(query, [event_id]):
            return None
        keys = self.event_sort_keys([event_id], order).get(event_id)
        if keys is None:
            return None
        conditions, params = query_conditions(query)
        blank = order.keys and keys[1] is None
        qualified = order.qualified_keys
        if order.field_id is not None:  # off the values' index (see ListingOrder.count_before_sql)
            values = (event_id,) if blank else (keys[1], event_id)
            sql = order.count_before_sql(bool(blank), " AND ".join(conditions))
            arguments = (*params, *values, *params) if blank else (*values, *params)
            with self._read() as conn:
                return conn.exec_driver_sql(sql, arguments).scalar()
        with self._read() as conn:
            before = 0
            if order.keys:
                part, _ = order.sql(" AND ".join(conditions))
                if blank:
                    before = conn.exec_driver_sql(f"SELECT count(*) FROM ({part})",
                                                  tuple(params)).scalar()
            columns = (*qualified, "l.event_id") if not blank else ("l.event_id",)
            values = keys[1:] + (event_id,) if not blank else (event_id,)
            compare = ">" if order.descending else "<"
            null = (f"{qualified[0]} IS NULL" if blank else f"{qualified[0]} IS NOT NULL") \
                if order.keys else "1"
            where = " AND ".join([null, f"({', '.join(columns)}) {compare} "
                                        f"({', '.join('?' * len(columns))})", *conditions])
            before += conn.exec_driver_sql(
                f"SELECT count(*) FROM {order.source} WHERE {where}", (*values, *params)).scalar()
        return before

    def event_sort_keys(self, ids: Iterable[int], order: ListingOrder) -> dict[int, tuple]:
        """Each listed event's row ``(event_id, *keys)`` in ``order``'s columns (its place:
        :func:`curator.core.listing.sort_key`); events not listed are left out."""
        ids = list(ids)
        if not ids:
            return {}
        columns = ", ".join(("l.event_id", *order.qualified_keys))
        marks = ",".join("?" * len(ids))
        with self._read() as conn:
            return {r[0]: tuple(r) for r in conn.exec_driver_sql(
                f"SELECT {columns} FROM {order.source} WHERE l.event_id IN ({marks})", tuple(ids))}

    # ------------------------------------------------------------------ rows
    def event_rows(self) -> list[EventRow]:
        """Every live event as a table row, in one query (for scripts and small projects: a
        view at scale reads :meth:`event_rows_by_id`)."""
        with self._read() as conn:
            rows = conn.exec_driver_sql(ROW_SQL.format(extra="")).all()
        return [EventRow(*r) for r in rows]

    def event_row(self, event_id: int) -> EventRow:
        from curator.core.errors import NotFound

        rows = self.event_rows_by_id([event_id])
        if not rows:
            raise NotFound(f"no event with id {event_id}")
        return rows[0]

    def event_rows_by_id(self, ids: Iterable[int]) -> list[EventRow]:
        """The table rows of these live events, in the order given (ids of events that are not
        live are left out)."""
        ids = list(ids)
        if not ids:
            return []
        found: dict[int, EventRow] = {}
        with self._read() as conn:
            for start in range(0, len(ids), 500):
                part = ids[start:start + 500]
                for r in conn.exec_driver_sql(
                        ROW_SQL.format(extra=f"AND e.id IN ({','.join('?' * len(part))})"), tuple(part)):
                    found[r[0]] = EventRow(*r)
        return [found[i] for i in ids if i in found]


def select_ids(ordered: "np.ndarray", wanted: "np.ndarray") -> "np.ndarray":
    """The ids of ``ordered`` that are in ``wanted`` (sorted), in ``ordered``'s order."""
    import numpy as np

    if not len(ordered) or not len(wanted):
        return np.zeros(0, dtype=np.int64)
    top = int(max(ordered.max(), wanted.max())) + 1
    mask = np.zeros(top, dtype=bool)
    mask[wanted] = True
    return ordered[mask[ordered]]
