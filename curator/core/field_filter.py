"""A typed field's filter (:class:`curator.core.event_query.FieldFilter`) as SQL on a listing row:
the events with (or without) a live value of the field that meets it, read from the values'
indexes (``ix_event_field_value_number`` and ``_text`` begin with the field). Qt-free."""

from __future__ import annotations

from curator.core.event_query import FieldFilter


def field_condition(found: FieldFilter, alias: str = "l") -> tuple[str, list]:
    """SQL true for a listing row (``alias``) whose event ``found`` shows, and its parameters."""
    if not found.has_value:
        return (f"NOT EXISTS (SELECT 1 FROM event_field_value v WHERE v.event_id = {alias}.event_id "
                "AND v.field_id = ? AND v.deleted_at IS NULL)", [found.field_id])
    parts, params = ["v.field_id = ?", "v.deleted_at IS NULL"], [found.field_id]
    if found.at_least is not None:  # the value's range reaches up to it
        parts.append("coalesce(v.high, v.low) IS NOT NULL AND (v.high IS NULL OR v.high >= ?)")
        params.append(found.at_least)
    if found.at_most is not None:  # ...and down to it
        parts.append("coalesce(v.low, v.high) IS NOT NULL AND (v.low IS NULL OR v.low <= ?)")
        params.append(found.at_most)
    if found.choices:
        parts.append(f"v.text IN ({', '.join('?' * len(found.choices))})")
        params += list(found.choices)
    if found.contains:
        parts.append("instr(v.sort_text, ?) > 0")
        params.append(found.contains.casefold())
    return f"{alias}.event_id IN (SELECT v.event_id FROM event_field_value v WHERE {' AND '.join(parts)})", params
