"""The Project facade's reads for claims (a mixin of :class:`curator.core.project.Project`),
read-only:

- :meth:`ClaimReadsMixin.claim_columns`: every live event as the finder's NumPy columns
  (:mod:`curator.core.claim_columns`), one streamed pass over the events and one query each for
  their actors and evidence documents; no Python object is kept per event;
- :meth:`ClaimReadsMixin.claim_events`: some (or all) live events as :class:`ClaimEvent` records,
  with names, titles and evidence quotes, for the candidates shown and for reports.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from sqlalchemy import literal_column, select

from curator.core.errors import Cancelled
from curator.core.event_days import EARLIEST_DAY_SQL, LATEST_DAY_SQL
from curator.core.tables import A, D, E, EA, EV, S

if TYPE_CHECKING:  # NumPy and the finder load when claims are asked for, not with every command
    from curator.core.claim_columns import ClaimColumns
    from curator.core.claims import ClaimEvent

CHUNK = 16384  # rows per fetch
ID_BATCH = 500  # ids per query

# live events in id order: id, first day, last day, the live place record's id, location, title
_EVENTS_SQL = f"""
    SELECT e.id, {EARLIEST_DAY_SQL}, {LATEST_DAY_SQL},
           (SELECT p.id FROM actor p WHERE p.id = e.place_id AND p.deleted_at IS NULL), e.location, e.title
    FROM event e NOT INDEXED WHERE e.deleted_at IS NULL ORDER BY e.id"""
# (the "+" keeps SQLite off the deleted_at indexes: every live row is NULL there, a whole read scans)
_ACTORS_SQL = """
    SELECT ea.event_id, ea.actor_id FROM event_actor ea JOIN actor a ON a.id = ea.actor_id
    WHERE +ea.deleted_at IS NULL AND +a.deleted_at IS NULL"""
_DOCUMENTS_SQL = """
    SELECT ev.event_id, s.document_id FROM event_evidence ev
    JOIN span s ON s.id = ev.span_id JOIN document d ON d.id = s.document_id
    WHERE +ev.deleted_at IS NULL AND +s.deleted_at IS NULL AND +d.deleted_at IS NULL"""
_BY_UID_SQL = "SELECT id FROM event NOT INDEXED WHERE deleted_at IS NULL ORDER BY uid"


def _raw(conn):
    return getattr(getattr(conn, "connection", conn), "driver_connection", conn)


class ClaimReadsMixin:
    def claim_columns(self, progress: Optional[Callable[[float, str], None]] = None,
                      cancelled: Optional[Callable[[], bool]] = None) -> "ClaimColumns":
        """Every live event as :class:`curator.core.claim_columns.ClaimColumns` (``ids``: event
        ids, ascending; ``rank``: the order of the uids), in one read transaction.
        ``progress(share, stage)`` after each chunk of events; ``cancelled()`` asked between
        chunks (raising :class:`Cancelled`)."""
        import numpy as np

        from curator.core.claim_columns import ColumnsBuilder
        builder = ColumnsBuilder()
        with self._read() as conn:
            cursor = _raw(conn).cursor()
            try:
                top = cursor.execute("SELECT max(id) FROM event").fetchone()[0] or 1
                cursor.execute(_EVENTS_SQL)
                while rows := cursor.fetchmany(CHUNK):
                    if cancelled is not None and cancelled():
                        raise Cancelled()
                    for event_id, first, last, place_id, location, title in rows:
                        builder.add(event_id, first, last, ("p", place_id) if place_id is not None
                                    else _location_key(location), title)
                    if progress is not None:
                        progress(0.8 * rows[-1][0] / top, "reading events")
                ids = np.frombuffer(builder.ids, np.int64)
                actors = _links(cursor, _ACTORS_SQL, ids)
                documents = _links(cursor, _DOCUMENTS_SQL, ids)
                by_uid = np.array(cursor.execute(_BY_UID_SQL).fetchall(), np.int64).reshape(-1)
            finally:
                cursor.close()
        rank = np.empty(len(ids), np.int64)
        rank[np.searchsorted(ids, by_uid)] = np.arange(len(by_uid))
        if progress is not None:
            progress(1.0, "reading events")
        return builder.build(rank, actors, documents)

    def claim_events(self, ids: Optional[Iterable[int]] = None) -> list["ClaimEvent"]:
        """Live events as :class:`ClaimEvent` records (all of them, or those among ``ids``):
        uid as the key, title, description, dates, place (the place record's uid, or the
        free-text location), live actors (uids and names), the documents of the live evidence
        (uids and titles) and the evidence quotes; in event id order."""
        if ids is None:
            return self._claim_events(None)
        wanted = sorted({int(i) for i in ids})
        out: list = []
        for at in range(0, len(wanted), ID_BATCH):
            out += self._claim_events(wanted[at:at + ID_BATCH])
        return out

    def _claim_events(self, ids: Optional[list[int]]) -> list["ClaimEvent"]:
        from curator.core.claims import ClaimEvent, Passage
        def only(column):
            return True if ids is None else column.in_(ids)

        def live(table):  # the "+" keeps SQLite off the deleted_at index (every live row is NULL there)
            return literal_column(f"+{table.name}.deleted_at").is_(None)
        with self._read() as conn:
            events = conn.execute(
                select(E.c.id, E.c.uid, E.c.title, E.c.description, E.c.edtf, E.c.earliest, E.c.latest,
                       E.c.location, E.c.place_id, A.c.uid.label("place_uid"), A.c.name.label("place_name"))
                .select_from(E.outerjoin(A, (A.c.id == E.c.place_id) & A.c.deleted_at.is_(None)))
                .where(live(E), only(E.c.id)).order_by(E.c.id)).all()
            actors: dict[int, list[tuple[str, str]]] = {}
            for event_id, uid, name in conn.execute(
                    select(EA.c.event_id, A.c.uid, A.c.name)
                    .select_from(EA.join(A, A.c.id == EA.c.actor_id))
                    .where(live(EA), live(A), only(EA.c.event_id))
                    .order_by(EA.c.id)):
                actors.setdefault(event_id, []).append((uid, name))
            documents: dict[int, dict[str, str]] = {}
            passages: dict[int, list[Passage]] = {}
            for event_id, doc_uid, doc_title, doc_id, span_id, start, end, quote in conn.execute(
                    select(EV.c.event_id, D.c.uid, D.c.title, D.c.id, S.c.id, S.c.start, S.c.end, S.c.quote)
                    .select_from(EV.join(S, S.c.id == EV.c.span_id).join(D, D.c.id == S.c.document_id))
                    .where(live(EV), live(S), live(D), only(EV.c.event_id))
                    .order_by(EV.c.id)):
                title = doc_title or f"document {doc_id}"
                documents.setdefault(event_id, {})[doc_uid] = title
                passages.setdefault(event_id, []).append(Passage(doc_id, title, span_id, start, end, quote))
        out = []
        for row in events:
            m = row._mapping
            links = dict(actors.get(m["id"], ()))  # uid -> name, first link first
            docs = documents.get(m["id"], {})
            out.append(ClaimEvent(
                key=m["uid"], title=m["title"], earliest=m["earliest"], latest=m["latest"], edtf=m["edtf"],
                place_key=m["place_uid"] or "", location=m["place_name"] or m["location"],
                actors=tuple(links.items()), documents=tuple(docs.items()),
                text="\n".join([m["description"], *(p.quote for p in passages.get(m["id"], ()))]).strip(),
                id=m["id"], description=m["description"], evidence=tuple(passages.get(m["id"], ()))))
        return out


@lru_cache(maxsize=65536)
def _location_key(location: str):
    from curator.core.claim_columns import place_key
    key = place_key("", location or "")
    return ("l", key) if key else None


def _links(cursor, sql: str, ids):
    """A ragged column of (event id, linked id) pairs for the live events in ``ids``."""
    import numpy as np

    from curator.core.claim_columns import ragged_from_pairs
    parts = []
    cursor.execute(sql)
    while rows := cursor.fetchmany(CHUNK * 4):
        parts.append(np.array(rows, np.int64))
    pairs = np.concatenate(parts) if parts else np.zeros((0, 2), np.int64)
    at = np.searchsorted(ids, pairs[:, 0])
    live = (at < len(ids)) & (ids[np.minimum(at, len(ids) - 1)] == pairs[:, 0]) if len(ids) else at < 0
    return ragged_from_pairs(len(ids), at[live], pairs[live, 1])
