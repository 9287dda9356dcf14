"""The staged import's part for schema 8's records (see :mod:`curator.exchange.staged_merge` and
:mod:`curator.exchange.field_merging`): their fields matched by name with ours (a field of the
same name and another kind refuses the import), and in SQL the staged values and links that meet
one of ours on their pair under another uid (planned as the rest, by ``plan_merge``, with our
records on those pairs)."""

from __future__ import annotations

from sqlalchemy import Connection

from curator.core import bulk
from curator.core.bulk import CLAIM_LINKS, FIELD_VALUES, FIELDS
from curator.exchange.field_merging import field_matches


def field_matches_staged(conn: Connection, raw, label: str) -> dict[str, str]:
    """Their fields we hold under another uid with the same name (merge's rule; a field of the
    same name and another kind refuses the import): kept as ``stage.k_fieldmap``."""
    from curator.exchange.staged_merge import _staged  # (staged_merge imports this module)

    mapping, _, _ = field_matches({FIELDS.key: bulk.read_records(conn, FIELDS)},
                                  {FIELDS.key: _staged(raw, FIELDS, "1")}, label)
    raw.execute("CREATE TABLE IF NOT EXISTS stage.k_fieldmap (theirs TEXT PRIMARY KEY, ours TEXT)")
    raw.execute("DELETE FROM stage.k_fieldmap")
    raw.executemany("INSERT INTO stage.k_fieldmap VALUES (?, ?)", list(mapping.items()))
    return mapping


# a staged value or link (r) we do not hold by uid, on a pair we hold a record for (field_merging)
PAIR_HELD = {
    FIELD_VALUES.key: ("EXISTS (SELECT 1 FROM main.event_field_value AS v JOIN main.event AS e ON e.id = v.event_id "
                       "JOIN main.event_field AS f ON f.id = v.field_id WHERE e.uid = r.event AND f.uid = r.field "
                       "AND v.uid != r.uid)"),
    CLAIM_LINKS.key: ("EXISTS (SELECT 1 FROM main.claim_link AS k JOIN main.event AS ea ON ea.id = k.event_a_id "
                      "JOIN main.event AS eb ON eb.id = k.event_b_id WHERE ea.uid = r.event_a AND eb.uid = r.event_b "
                      "AND k.uid != r.uid)"),
}
# our values and links on the pairs of the rest's staged records
OURS_ON_PAIRS = {
    FIELD_VALUES.key: ("{t}.id IN (SELECT v.id FROM main.event_field_value AS v JOIN main.event AS e ON e.id = v.event_id "
                       "JOIN main.event_field AS f ON f.id = v.field_id JOIN stage.r_field_values AS r ON r.event = e.uid "
                       "AND (f.uid = r.field OR f.uid IN (SELECT ours FROM stage.k_fieldmap WHERE theirs = r.field)) "
                       "WHERE r.idx IN (SELECT idx FROM stage.p_field_values WHERE part = 'rest'))"),
    CLAIM_LINKS.key: ("{t}.id IN (SELECT k.id FROM main.claim_link AS k JOIN main.event AS ea ON ea.id = k.event_a_id "
                      "JOIN main.event AS eb ON eb.id = k.event_b_id JOIN stage.r_claim_links AS r "
                      "ON r.event_a = ea.uid AND r.event_b = eb.uid "
                      "WHERE r.idx IN (SELECT idx FROM stage.p_claim_links WHERE part = 'rest'))"),
}
