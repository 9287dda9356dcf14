"""``.curator`` copies made with SQLite's backup API, carrying what a later merge needs.

The backup API copies a consistent snapshot page by page, even while the window has the project
open and keeps writing (WAL). Making a copy writes nothing to the project itself. The copy is a
new replica (a fresh replica base, see :mod:`curator.core.replica`), and its sync history
records every record's state with its content, claimed by the project's replica at the time of
the copy (see :mod:`curator.core.models_sync`): two people who start from the same copy can later
merge each other's work (either way round, or with the project), and only fields both of them
changed differently conflict.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from curator.core import bulk, listing, replica
from curator.core import database as db
from curator.core import schema_trust
from curator.core.bulk import KINDS
from curator.core.errors import InvalidInput
from curator.core.project import Project
from curator.exchange.errors import Cancelled
from curator.core.history import UPSERT_TAIL

Progress = Callable[[int, int], bool]
PAGES_PER_STEP = 256


def export_copy(project: Project, destination: str | Path, progress: Optional[Progress] = None) -> dict:
    destination = Path(destination)
    if destination.exists() and destination.resolve() == project.path.resolve():
        raise InvalidInput("a copy cannot overwrite the project itself")
    if not destination.parent.is_dir():
        raise InvalidInput(f"cannot write {destination}: folder {destination.parent} does not exist")
    tmp = destination.with_name(destination.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        _backup(project, tmp, _half(progress, 0))
        _only_curator_schema(tmp)
        counts = _record_shared(tmp, project.path, _half(progress, 1))  # a file to hand around
        _relist(tmp)
        with open(tmp, "rb+") as fh:  # on disk before it takes the destination's name
            os.fsync(fh.fileno())
        tmp.replace(destination)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
    return {"format": "curator", "path": str(destination)} | counts


SCALE = 1000


def _half(progress: Optional[Progress], which: int) -> Optional[Progress]:
    """One bar for the two steps of a copy: the pages copied (first half), then the records
    whose shared states are recorded (second half)."""
    if progress is None:
        return None
    return lambda done, total: progress(SCALE // 2 * which + SCALE // 2 * min(done, total) // max(total, 1),
                                        SCALE)


def _only_curator_schema(copy: Path) -> None:
    """A copy carries Curator's schema only: someone's own tables and indexes stay behind."""
    raw = sqlite3.connect(copy, isolation_level=None)
    try:
        raw.execute("PRAGMA trusted_schema = OFF")
        raw.execute("BEGIN IMMEDIATE")
        schema_trust.strip_foreign(raw, db.SCHEMA_VERSION)
        raw.execute("COMMIT")
    finally:
        raw.close()


def _record_shared(copy: Path, source: Path, progress: Optional[Progress] = None) -> dict[str, int]:
    """In the copy: every record's state, held by the source's replica now; a fresh replica
    base for the copy itself. The copy is still a temporary file that nobody else sees (it is
    deleted on failure): it is written without a journal, every page once. The records are read
    a chunk at a time; their rows are staged in a temporary table and added to the history in
    key order by SQLite's sorter (bounded memory, the b-tree grown at its end). Returns the
    record counts (see :func:`curator.exchange.json_format.record_counts`)."""
    raw = sqlite3.connect(copy, isolation_level=None)
    raw.execute("PRAGMA journal_mode = DELETE")  # out of WAL (the backup copied the source's mode)
    raw.close()

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(copy, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA temp_store = FILE")
        return conn

    engine = create_engine("sqlite://", poolclass=NullPool, creator=connect)
    counts = {kind.key: 0 for kind in KINDS}
    tombstones = 0
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("BEGIN")
            held_by = replica.project_replica(conn, source)
            now = db.utc_now()
            raw_conn = conn.connection.driver_connection
            raw_conn.execute("CREATE TEMP TABLE shared (uid TEXT, state TEXT, content TEXT)")
            total = sum(raw_conn.execute(f'SELECT count(*) FROM "{k.table.name}"').fetchone()[0] for k in KINDS)
            done = 0
            for kind in KINDS:
                for part in bulk.iter_records(conn, kind):
                    raw_conn.executemany("INSERT INTO temp.shared VALUES (?, ?, ?)",
                                         [(rec["uid"], *bulk.state_and_content(kind, rec)) for rec in part])
                    live = sum(rec["deleted_at"] is None for rec in part)
                    counts[kind.key] += live
                    tombstones += len(part) - live
                    done += len(part)
                    if progress is not None and progress(done, total + total // 4) is False:
                        raise Cancelled()
            bulk.ensure_history_table(conn)
            raw_conn.execute(
                f"INSERT INTO {bulk.HISTORY.name} (uid, state, content, replica, shared_at) "
                "SELECT uid, state, content, ?, ? FROM temp.shared WHERE true ORDER BY uid, state "
                + UPSERT_TAIL, (held_by, now))
            raw_conn.execute("DROP TABLE temp.shared")
            conn.exec_driver_sql(
                "INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                "SET value = excluded.value", (replica.META_KEY, replica.new_base()))
            conn.exec_driver_sql("COMMIT")
    finally:
        engine.dispose()
    return counts | {"tombstones": tombstones}


def _relist(copy: Path) -> None:
    """The copy's event listing is made from the copy's own events, not carried over (derived
    data, see curator.core.listing). Still a private temporary file: no journal."""
    conn = sqlite3.connect(copy, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA journal_mode = OFF")
        listing.register_functions(conn)
        conn.execute("BEGIN")
        listing.rebuild(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _backup(project: Project, target: Path, progress: Optional[Progress]) -> None:
    src = project.raw_reader()  # only reads: a plain connection joins the WAL; a read-only
    src.execute("PRAGMA trusted_schema = OFF")  # project's is its read-only URI
    try:
        dst = sqlite3.connect(target)
        try:
            def step(_status: int, remaining: int, total: int) -> None:
                if progress is not None and progress(total - remaining, max(total, 1)) is False:
                    raise Cancelled()
            src.backup(dst, pages=PAGES_PER_STEP, progress=step)
        finally:
            dst.close()
    finally:
        src.close()
