"""Timeline lanes read from the project: which lane(s) each event belongs to.

``event_lane_keys(project, by)`` is the SPEC's ``Project.event_lane_keys(by)`` written against the
schema, for as long as the facade does not have it (the Workspace prefers the facade's method).
Qt-free, read-only, one query per call.
"""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

LANE_KINDS = ("actor", "document", "label", "place")

_SQL = {
    # every live actor link (places are the event's place, not its actors)
    "actor": """
        SELECT ea.event_id, a.name FROM event_actor ea
        JOIN actor a ON a.id = ea.actor_id JOIN event e ON e.id = ea.event_id
        WHERE ea.deleted_at IS NULL AND a.deleted_at IS NULL AND e.deleted_at IS NULL
        ORDER BY ea.event_id, ea.id""",
    # the documents its evidence comes from
    "document": """
        SELECT DISTINCT ev.event_id, d.title FROM event_evidence ev
        JOIN span s ON s.id = ev.span_id JOIN document d ON d.id = s.document_id
        JOIN event e ON e.id = ev.event_id
        WHERE ev.deleted_at IS NULL AND s.deleted_at IS NULL AND d.deleted_at IS NULL
          AND e.deleted_at IS NULL
        ORDER BY ev.event_id, d.id""",
    # the labels of its evidence passages
    "label": """
        SELECT DISTINCT ev.event_id, t.name FROM event_evidence ev
        JOIN span s ON s.id = ev.span_id JOIN tag t ON t.id = s.tag_id
        JOIN event e ON e.id = ev.event_id
        WHERE ev.deleted_at IS NULL AND s.deleted_at IS NULL AND t.deleted_at IS NULL
          AND e.deleted_at IS NULL
        ORDER BY ev.event_id, t.position""",
    # its place record's name, else the free-text location
    "place": """
        SELECT e.id, COALESCE(p.name, e.location) FROM event e
        LEFT JOIN actor p ON p.id = e.place_id AND p.deleted_at IS NULL
        WHERE e.deleted_at IS NULL AND COALESCE(p.name, e.location, '') != ''
        ORDER BY e.id""",
}
_SQL_V1_PLACE = """
        SELECT e.id, e.location FROM event e
        WHERE e.deleted_at IS NULL AND e.location != '' ORDER BY e.id"""


def event_lane_keys(project, by: str) -> list[tuple[int, str]]:
    """(event_id, lane name) pairs for live events, grouped ``by`` one of LANE_KINDS. An event
    with several actors (documents, labels) appears once per each; events with none get no pair."""
    if by not in _SQL:
        raise ValueError(f"lanes are by one of {', '.join(LANE_KINDS)}, not {by!r}")
    with project._read() as conn:
        try:
            rows = conn.exec_driver_sql(_SQL[by]).all()
        except OperationalError:  # a schema without tags or places
            if by == "label":
                return []
            rows = conn.exec_driver_sql(_SQL_V1_PLACE).all()
    return [(int(event_id), name) for event_id, name in rows if name]
