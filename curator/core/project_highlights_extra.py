"""A document's spans as columns, for the text view of a document with 100,000 highlights.

:meth:`Project.spans` builds one :class:`~curator.core.records.SpanInfo` per span (quote, note,
uid...), about 1 s for 100,000 spans; the text view needs only where each span is, its label,
and which events cite it, to draw the visible ones, and asks for the few under the pointer in
full with :meth:`Project.span`. :func:`span_columns` reads just that, with one query per table
on the driver's cursor (one read transaction), no per-span objects.

A function over the facade's read transaction rather than a Project method, so that it needs no
change to the Project class (``curator/core/project.py``) while the core is being reworked.
"""

from __future__ import annotations

from typing import NamedTuple


class SpanColumns(NamedTuple):
    """Live spans of one document: parallel lists (``tag_ids`` holds None for no label) and the
    live evidence links of live events as (span id, event id) pairs."""
    ids: list[int]
    starts: list[int]
    ends: list[int]
    tag_ids: list
    evidence: list[tuple[int, int]]


_SPANS = ('SELECT id, start, "end", tag_id FROM span '
          "WHERE document_id = ? AND deleted_at IS NULL")
_EVIDENCE = ("SELECT ev.span_id, ev.event_id FROM event_evidence ev "
             "JOIN span s ON s.id = ev.span_id AND s.deleted_at IS NULL AND s.document_id = ? "
             "JOIN event e ON e.id = ev.event_id AND e.deleted_at IS NULL "
             "WHERE ev.deleted_at IS NULL ORDER BY ev.span_id, ev.event_id")


def span_columns(project, document_id: int) -> SpanColumns:
    """The live spans of ``document_id`` as columns, in one read transaction."""
    with project._read() as conn:
        cursor = conn.connection.driver_connection.cursor()  # plain tuples, no Row objects
        try:
            rows = cursor.execute(_SPANS, (document_id,)).fetchall()
            evidence = cursor.execute(_EVIDENCE, (document_id,)).fetchall()
        finally:
            cursor.close()
    if rows:
        ids, starts, ends, tag_ids = (list(column) for column in zip(*rows))
    else:
        ids, starts, ends, tag_ids = [], [], [], []
    return SpanColumns(ids, starts, ends, tag_ids, evidence)
