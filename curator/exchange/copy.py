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
from curator.exchange.json_format import record_counts

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
        _backup(project, tmp, progress)
        _only_curator_schema(tmp)
        records = _record_shared(tmp, project.path)  # a single self-contained file to hand around
        _relist(tmp)
        with open(tmp, "rb+") as fh:  # on disk before it takes the destination's name
            os.fsync(fh.fileno())
        tmp.replace(destination)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
    return {"format": "curator", "path": str(destination)} | record_counts(records)


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


def _record_shared(copy: Path, source: Path) -> dict[str, list[dict]]:
    """In the copy: every record's state, held by the source's replica now; a fresh replica
    base for the copy itself. The copy is still a temporary file that nobody else sees (it is
    deleted on failure): it is written without a journal, every page once."""
    raw = sqlite3.connect(copy, isolation_level=None)
    raw.execute("PRAGMA journal_mode = DELETE")  # out of WAL (the backup copied the source's mode)
    raw.close()

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(copy, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        return conn

    engine = create_engine("sqlite://", poolclass=NullPool, creator=connect)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("BEGIN")
            held_by = replica.project_replica(conn, source)
            now = db.utc_now()
            records = bulk.read_all(conn)
            bulk.add_history(conn, [(rec["uid"], *bulk.state_and_content(kind, rec), held_by, now)
                                    for kind in KINDS for rec in records[kind.key]])
            conn.exec_driver_sql(
                "INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                "SET value = excluded.value", (replica.META_KEY, replica.new_base()))
            conn.exec_driver_sql("COMMIT")
    finally:
        engine.dispose()
    return records


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
