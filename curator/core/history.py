"""Reading and writing the sync history in bulk (what the table means:
:mod:`curator.core.models_sync`).

A side of a merge reads its history without the contents (:func:`read_known`: per uid and state,
whether the content is known and the replica's claim), and fetches contents only for the few
states a three-way merge needs as its base (:func:`fetch_contents`). A file of an older schema
(the other side of a merge, read as it is) reads too: the columns it lacks read as unknown.
"""

from __future__ import annotations

from typing import Iterable, Iterator, NamedTuple

from sqlalchemy import Connection, inspect

from curator.core.models_sync import SyncHistory

HISTORY = SyncHistory.__table__
COLUMNS = ("uid", "state", "content", "replica", "shared_at")


class Seen(NamedTuple):
    """What one history row says besides its content."""

    has_content: bool
    replica: str  # a replica known to have held the state ("" unknown)
    shared_at: str  # when, on that replica's clock ("" unknown)


Known = dict[str, dict[str, Seen]]
"""uid -> state -> what the row says: a side's whole history, without contents."""

Row = tuple[str, str, str, str, str]
"""(uid, state, content, replica, shared_at): one history row to record."""


def has_history_table(conn: Connection) -> bool:
    return inspect(conn).has_table(HISTORY.name)


def ensure_history_table(conn: Connection) -> None:
    """Files written before the table existed get it on first use (it is purely additive)."""
    HISTORY.create(conn, checkfirst=True)


def _present(conn: Connection) -> set[str]:
    return {row[1] for row in conn.exec_driver_sql(f'PRAGMA table_info("{HISTORY.name}")')}


def read_known(conn: Connection) -> Known:
    """The whole history without contents (see :class:`Seen`)."""
    known: Known = {}
    present = _present(conn)
    if not present:
        return known
    content = "content != ''" if "content" in present else "0"
    replica = "replica" if "replica" in present else "''"
    shared_at = "shared_at" if "shared_at" in present else "''"
    interned: dict[tuple, Seen] = {}
    raw = conn.connection.driver_connection  # plain tuples: 300,000 rows read in well under a second
    for uid, state, has, who, when in raw.execute(
            f"SELECT uid, state, {content}, {replica}, {shared_at} FROM {HISTORY.name}"):
        seen = interned.get((has, who, when))
        if seen is None:
            seen = interned[(has, who, when)] = Seen(bool(has), who, when)
        rows = known.get(uid)
        if rows is None:
            known[uid] = {state: seen}
        else:
            rows[state] = seen
    return known


def read_history(conn: Connection) -> dict[str, set[str]]:
    """uid -> the state hashes this file has seen that record in."""
    return {uid: set(states) for uid, states in read_known(conn).items()}


def fetch_contents(conn: Connection, pairs: Iterable[tuple[str, str]], chunk: int = 500) -> dict[tuple[str, str], str]:
    """The known contents of these (uid, state) rows."""
    wanted = set(pairs)
    if not wanted or "content" not in _present(conn):
        return {}
    uids = sorted({uid for uid, _ in wanted})
    found = {}
    for part in _chunks(uids, chunk):
        marks = ", ".join("?" * len(part))
        for uid, state, content in conn.exec_driver_sql(
                f"SELECT uid, state, content FROM {HISTORY.name} WHERE content != '' "
                f"AND uid IN ({marks})", tuple(part)):
            if (uid, state) in wanted:
                found[(uid, state)] = content
    return found


UPSERT_TAIL = (
    "ON CONFLICT (uid, state) DO UPDATE SET "
    "content = CASE WHEN content = '' THEN excluded.content ELSE content END, "
    "replica = CASE WHEN replica = '' THEN excluded.replica ELSE replica END, "
    "shared_at = CASE WHEN replica = '' THEN excluded.shared_at "
    "WHEN replica = excluded.replica AND excluded.shared_at > shared_at THEN excluded.shared_at "
    "ELSE shared_at END "
    "WHERE (content = '' AND excluded.content != '') OR (replica = '' AND excluded.replica != '') "
    "OR (replica = excluded.replica AND excluded.shared_at > shared_at)")
"""A row already there keeps what it knows and learns what it did not: its content if unknown,
a claim if it had none, a later time for the same replica's claim. (The end of an INSERT into
the history; after ``INSERT ... SELECT`` its SELECT needs a WHERE clause, SQLite's rule.)"""
_UPSERT = (f"INSERT INTO {HISTORY.name} (uid, state, content, replica, shared_at) VALUES (?, ?, ?, ?, ?) "
           + UPSERT_TAIL)


def add_history(conn: Connection, rows: Iterable[tuple], chunk: int = 50_000) -> None:
    """Record history rows: (uid, state, content, replica, shared_at), or shorter tuples
    ((uid, state) or (uid, state, content)) whose missing parts are unknown ("")."""
    ensure_history_table(conn)
    full = [row if len(row) == 5 else tuple(row) + ("",) * (5 - len(row)) for row in rows]
    full.sort()  # in key order (uid, state): the b-tree grows at its end, 2-3x faster
    for part in _chunks(full, chunk):
        conn.exec_driver_sql(_UPSERT, part)


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
