"""A typed field's filter (:class:`curator.core.event_query.FieldFilter`) as SQL: the events with
(or without) a live value of the field that meets it, read from the values' indexes alone
(``ix_event_field_value_number`` holds a figure's ends, ``ix_event_field_value_text`` the
case-folded text: both begin with the field). Qt-free."""

from __future__ import annotations

from curator.core.event_query import FieldFilter


def _value_conditions(found: FieldFilter) -> tuple[list[str], list]:
    """Conditions on a live value ``v`` of the field (index columns only), and parameters."""
    parts, params = ["v.field_id = ?", "v.deleted_at IS NULL"], [found.field_id]
    if found.at_least is not None or found.at_most is not None:
        parts.append("v.sort_number IS NOT NULL")
    if found.at_least is not None:  # the value's range reaches up to it...
        parts.append("(v.high IS NULL OR v.high >= ?)")
        params.append(found.at_least)
    if found.at_most is not None:  # ...and down to it
        parts.append("(v.low IS NULL OR v.low <= ?)")
        params.append(found.at_most)
    if found.choices:  # (choices differ in more than case: the folded text is the choice)
        parts.append(f"v.sort_text IN ({', '.join('?' * len(found.choices))})")
        params += [c.casefold() for c in found.choices]
    if found.contains:
        parts.append("instr(v.sort_text, ?) > 0")
        params.append(found.contains.casefold())
    return parts, params


def field_condition(found: FieldFilter, alias: str = "l") -> tuple[str, list]:
    """SQL true for a listing row (``alias``) whose event ``found`` shows, and its parameters."""
    if not found.has_value:
        return (f"NOT EXISTS (SELECT 1 FROM event_field_value v WHERE v.event_id = {alias}.event_id "
                "AND v.field_id = ? AND v.deleted_at IS NULL)", [found.field_id])
    parts, params = _value_conditions(found)
    return f"{alias}.event_id IN (SELECT v.event_id FROM event_field_value v WHERE {' AND '.join(parts)})", params


def matching_ids_sql(found: FieldFilter) -> tuple[str, list]:
    """A query of the listed events ``found`` shows, in id order (for the table's and the
    timeline's arrays): the matching values read off the index, each joined to its listing row."""
    if not found.has_value:
        sql, params = field_condition(found, "l")
        return f"SELECT l.event_id FROM event_listing l WHERE {sql} ORDER BY l.event_id", params
    parts, params = _value_conditions(found)
    return (f"SELECT v.event_id FROM event_field_value v JOIN event_listing l ON l.event_id = v.event_id "
            f"WHERE {' AND '.join(parts)} ORDER BY v.event_id"), params
