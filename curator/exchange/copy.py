"""``.curator`` copies made with SQLite's backup API, carrying what a later merge needs.

The backup API copies a consistent snapshot page by page, even while the window has the project
open and keeps writing (WAL). The state of every record in the copy is then recorded in the
sync history of both files (see :mod:`curator.core.models_sync`): two people who start from the
same copy can later merge each other's work, and only records both of them changed conflict.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable, Optional

from curator.core import bulk
from curator.core import database as db
from curator.core import schema_trust
from curator.core.errors import InvalidInput
from curator.core.project import Project
from curator.exchange.errors import Cancelled
from curator.exchange.json_format import record_counts, shared_states

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
        engine = db.make_engine(tmp)
        try:
            with db.write_transaction(engine) as conn:
                records = bulk.read_all(conn)
                pairs = shared_states(records)
                bulk.add_history(conn, pairs)
        finally:
            engine.dispose()
        if not project.read_only:  # read-only branch (superseded by merge-fields): skip the write
            with project._write() as conn:
                bulk.add_history(conn, pairs)
        raw = sqlite3.connect(tmp)
        try:  # a single self-contained file to hand around
            raw.execute("PRAGMA journal_mode = DELETE")
        finally:
            raw.close()
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
