"""What typed field values and claim links derive (schema 8): their uids, and the sort keys SQL
orders values by.

**Uids from the pair.** An event has at most one value of a field, and two events at most one
claim link, in every copy of a project: the row of a pair is made once and kept for good
(clearing a value or unlinking two events tombstones it, setting it again brings it back), and
its uid is derived from the uids of the pair (a name-based UUID, version 5). So two people who set
the fatalities of the same event in their copies, or confirm the same two events as one
happening, made *the same record*, and merging their copies compares the two versions of it
instead of keeping two values for one event.

**Sort keys.** ``sort_text`` (the text case-folded: Python's ``str.casefold``, as the event
listing's keys) and ``sort_number`` (``low``, else ``high``) are derived from a value's own
columns; the facade writes them with every value, and the bulk paths (imports, merges,
recoveries) bring them up to date with :func:`refresh_sort_keys`, one statement over the
values. They are never exchanged.
"""

from __future__ import annotations

import sqlite3
import uuid

VALUE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://curator.invalid/ns/event-field-value")
CLAIM_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://curator.invalid/ns/claim-link")
TEMPLATE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://curator.invalid/ns/field-template")
CLAIM_STATUSES = ("same", "different")


def template_field_uid(template: str, name: str) -> str:
    """The uid a built-in template gives its field ``name`` (the same in every project)."""
    return str(uuid.uuid5(TEMPLATE_NAMESPACE, f"{template}/{name}"))


def value_uid(event_uid: str, field_uid: str) -> str:
    """The uid of the value of field ``field_uid`` on event ``event_uid`` (in every copy)."""
    return str(uuid.uuid5(VALUE_NAMESPACE, f"{event_uid}/{field_uid}"))


def ordered_pair(uid_a: str, uid_b: str) -> tuple[str, str]:
    """Two events' uids in the order a claim link keeps them (the smaller first)."""
    return (uid_a, uid_b) if uid_a <= uid_b else (uid_b, uid_a)


def claim_uid(uid_a: str, uid_b: str) -> str:
    """The uid of the claim link between two events (either order), in every copy."""
    first, second = ordered_pair(uid_a, uid_b)
    return str(uuid.uuid5(CLAIM_NAMESPACE, f"{first}/{second}"))


# the keys as SQL over a value's own columns: printable ASCII folded by lower() (the same as
# casefold there), anything else by the listing's registered fold function (curator_fold)
def sort_text_sql(column: str = "text") -> str:
    return (f"CASE WHEN {column} = '' THEN NULL WHEN {column} GLOB '*[^ -~]*' THEN curator_fold({column}) "
            f"ELSE lower({column}) END")


SORT_TEXT_SQL = sort_text_sql()
SORT_NUMBER_SQL = "coalesce(low, high)"
_OUT_OF_STEP = f"sort_text IS NOT ({SORT_TEXT_SQL}) OR sort_number IS NOT ({SORT_NUMBER_SQL})"


def refresh_sort_keys(conn: sqlite3.Connection) -> int:
    """Bring every value's sort keys up to date (after a bulk write: an import, a merge, a
    recovery), on a connection with :func:`curator.core.listing.register_functions`, inside the
    caller's transaction. Returns how many rows it changed."""
    cursor = conn.execute(f"UPDATE event_field_value SET sort_text = {SORT_TEXT_SQL}, "
                          f"sort_number = {SORT_NUMBER_SQL} WHERE {_OUT_OF_STEP}")
    return cursor.rowcount


def rekey(path) -> int:
    """``curator check --fix``: make the values' sort keys again where they are out of step
    (derived data: no backup needed); how many."""
    from curator.core.derived_repair import derived_repair

    with derived_repair(path) as conn:
        return refresh_sort_keys(conn)


def sort_key_problems(conn: sqlite3.Connection) -> list[str]:
    """``curator check``: a line when values' sort keys disagree with their values."""
    from curator.core import listing

    listing.register_functions(conn)
    if not has_value_table(conn):
        return []
    wrong = conn.execute(f"SELECT count(*) FROM event_field_value WHERE {_OUT_OF_STEP}").fetchone()[0]
    if not wrong:
        return []
    return [f"event field values: {wrong:,} value{'s' if wrong != 1 else ''} with sort keys out of "
            "step with the values; `curator check --fix` makes them again"]


def has_value_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'event_field_value'").fetchone() is not None


def field_problems(conn: sqlite3.Connection) -> list[str]:
    """``curator check``: claim links whose events are not in uid order, fields of a kind
    Curator does not know."""
    from curator.core.field_kinds import FIELD_KINDS

    problems = []
    for link_id, a, b in conn.execute(
            "SELECT k.id, ea.uid, eb.uid FROM claim_link k JOIN event ea ON ea.id = k.event_a_id "
            "JOIN event eb ON eb.id = k.event_b_id WHERE ea.uid >= eb.uid"):
        problems.append(f"claim link {link_id}: its events are not in uid order ({a} before {b})")
    for field_id, name, kind in conn.execute("SELECT id, name, kind FROM event_field WHERE deleted_at IS NULL"):
        if kind not in FIELD_KINDS:
            problems.append(f"field {field_id} ({name}): its kind {kind!r} is not one Curator knows")
    return problems
