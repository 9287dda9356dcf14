"""The Project facade's read-only queries for views: the timeline's columns and lane keys, and
text search (a mixin of :class:`curator.core.project.Project`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from sqlalchemy import select

from curator.core.errors import InvalidInput
from curator.core.records import SearchHit
from curator.core.tables import D

if TYPE_CHECKING:  # NumPy is imported when the timeline first asks, not by every command
    from curator.core.timeline_columns import TimelineColumns, TimelineLanes

LANE_KINDS = ("actor", "document", "label", "place")
SEARCH_CONTEXT = 40  # code points of context either side of a hit

_LANE_SQL = {
    "actor": """
        SELECT DISTINCT e.id, a.name, ea.id AS o FROM event e
        JOIN event_actor ea ON ea.event_id = e.id AND ea.deleted_at IS NULL
        JOIN actor a ON a.id = ea.actor_id AND a.deleted_at IS NULL
        WHERE e.deleted_at IS NULL ORDER BY e.id, o""",
    "document": """
        SELECT DISTINCT e.id, CASE WHEN trim(d.title) = '' THEN 'document ' || d.id ELSE d.title END,
          d.id AS o FROM event e
        JOIN event_evidence ev ON ev.event_id = e.id AND ev.deleted_at IS NULL
        JOIN span s ON s.id = ev.span_id AND s.deleted_at IS NULL
        JOIN document d ON d.id = s.document_id AND d.deleted_at IS NULL
        WHERE e.deleted_at IS NULL ORDER BY e.id, o""",
    "label": """
        SELECT DISTINCT e.id, t.name, t.position AS o FROM event e
        JOIN event_evidence ev ON ev.event_id = e.id AND ev.deleted_at IS NULL
        JOIN span s ON s.id = ev.span_id AND s.deleted_at IS NULL
        JOIN tag t ON t.id = s.tag_id AND t.deleted_at IS NULL
        WHERE e.deleted_at IS NULL ORDER BY e.id, o""",
    "place": """
        SELECT e.id, COALESCE(a.name, trim(e.location)), 0 FROM event e
        LEFT JOIN actor a ON a.id = e.place_id AND a.deleted_at IS NULL
        WHERE e.deleted_at IS NULL AND COALESCE(a.name, trim(e.location)) != '' ORDER BY e.id""",
}


class QueriesMixin:
    def timeline_columns(self, ids: Optional[Iterable[int]] = None, *,
                         progress: Optional[Callable[[float, Callable[[], "TimelineColumns"]], None]] = None,
                         cancelled: Optional[Callable[[], bool]] = None) -> "TimelineColumns":
        """Every live event's day interval and flags as NumPy columns (the undated ones counted),
        read in one streamed pass; with ``ids`` only those events (a refresh after an edit).
        See :mod:`curator.core.timeline_columns`."""
        from curator.core.timeline_columns import read_columns

        with self._read() as conn:
            return read_columns(conn, ids, progress=progress, cancelled=cancelled)

    def timeline_lanes(self, by: str, ids: Optional[Iterable[int]] = None, *,
                       cancelled: Optional[Callable[[], bool]] = None) -> "TimelineLanes":
        """The lane of each mark when the timeline groups ``by`` "actor", "document", "label" or
        "place": the pairs :meth:`event_lane_keys` gives, as NumPy columns."""
        from curator.core.timeline_columns import read_lanes

        with self._read() as conn:
            return read_lanes(conn, by, ids, cancelled=cancelled)

    def event_titles(self, ids: Iterable[int]) -> dict[int, str]:
        """{id: title} of the live events among ``ids`` (what the timeline writes beside the few
        marks that show a title)."""
        ids = sorted({int(i) for i in ids})
        out: dict[int, str] = {}
        with self._read() as conn:
            for k in range(0, len(ids), 500):
                batch = ids[k:k + 500]
                out.update(conn.exec_driver_sql(
                    f"SELECT id, title FROM event WHERE deleted_at IS NULL AND id IN "
                    f"({','.join('?' * len(batch))})", tuple(batch)).all())
        return out

    def event_lane_keys(self, by: str) -> list[tuple[int, str]]:
        """(event_id, lane name) pairs of live events for timeline lanes grouped ``by`` "actor",
        "document", "label" (the tags of its evidence) or "place". An event appears once per
        lane it belongs to; events in no lane get no pair."""
        if by not in _LANE_SQL:
            raise InvalidInput(f"lanes group by one of {', '.join(LANE_KINDS)}, not {by!r}")
        with self._read() as conn:
            rows = conn.exec_driver_sql(_LANE_SQL[by]).all()
        seen, pairs = set(), []
        for event_id, name, _ in rows:
            if (event_id, name) not in seen:
                seen.add((event_id, name))
                pairs.append((event_id, name))
        return pairs

    def search_text(self, query: str, document_id: Optional[int] = None,
                    limit: int = 1000) -> list[SearchHit]:
        """Case-insensitive literal search of live documents (or one), offsets in code points,
        in document then offset order, at most ``limit`` hits."""
        if not isinstance(query, str) or not query or limit <= 0:
            return []
        pattern = re.compile(re.escape(query), re.IGNORECASE)
        where = [D.c.deleted_at.is_(None)]
        if document_id is not None:
            where.append(D.c.id == document_id)
        hits: list[SearchHit] = []
        with self._read() as conn:
            for doc_id, text in conn.execute(select(D.c.id, D.c.text).where(*where).order_by(D.c.id)):
                for m in pattern.finditer(text):
                    start, end = m.span()
                    hits.append(SearchHit(doc_id, start, end, text[max(0, start - SEARCH_CONTEXT):start],
                                          m.group(), text[end:end + SEARCH_CONTEXT]))
                    if len(hits) >= limit:
                        return hits
        return hits
