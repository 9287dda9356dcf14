"""Opening, creating and migrating a project file.

The rules (design.md): ``PRAGMA application_id`` marks Curator files, ``PRAGMA user_version``
is the schema version; WAL journal, foreign keys on, write transactions ``BEGIN IMMEDIATE``, a
busy timeout. A file from a newer schema is refused before anything is written to it.
Migrations are ordered steps, run in one transaction after a backup copy of the file is made.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

from curator.core import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from curator.core import replica
from curator.core.errors import MigrationError, NewerSchemaError, NotACuratorFile
from curator.core.migrations import MIGRATIONS, Migration  # noqa: F401  (Migration: for callers)
from curator.core.tagset import insert_default_tags

APPLICATION_ID = 0x43555241  # "CURA"
SCHEMA_VERSION = 4
BUSY_TIMEOUT_MS = 10_000


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def read_header(path: Path) -> tuple[int, int]:
    """(application_id, user_version) of an existing file, read without writing to it."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise NotACuratorFile(f"{path} cannot be opened: {exc}") from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise NotACuratorFile(f"{path} is not a Curator project (not an SQLite database)") from exc
    finally:
        conn.close()
    return app_id, version


def check_openable(path: Path, target: int = SCHEMA_VERSION) -> int:
    """Raise unless ``path`` is a Curator file this code can open; return its schema version."""
    if not path.exists():
        raise NotACuratorFile(f"{path} does not exist")
    if path.is_dir():
        raise NotACuratorFile(f"{path} is a folder, not a project file")
    app_id, version = read_header(path)
    if app_id != APPLICATION_ID:
        raise NotACuratorFile(
            f"{path} is not a Curator project (application_id {app_id:#x}, expected {APPLICATION_ID:#x})")
    if version > target:
        raise NewerSchemaError(
            f"{path} was written by a newer Curator (schema {version}; this version reads up to "
            f"{target}): update Curator to open it")
    if version < 1:
        raise NotACuratorFile(f"{path} has no Curator schema (user_version {version})")
    return version


def _configure(dbapi_conn: sqlite3.Connection, _record) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _begin)
    dbapi_conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    dbapi_conn.execute("PRAGMA foreign_keys = ON")
    dbapi_conn.execute("PRAGMA journal_mode = WAL")
    dbapi_conn.execute("PRAGMA synchronous = NORMAL")


def _begin(conn: Connection) -> None:
    mode = "IMMEDIATE" if conn.get_execution_options().get("curator_write") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        poolclass=NullPool if str(path) == ":memory:" else None,
    )
    event.listen(engine, "connect", _configure)
    event.listen(engine, "begin", _begin)
    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection inside ``BEGIN IMMEDIATE``; committed on success, rolled back on error."""
    with engine.connect().execution_options(curator_write=True) as conn:
        with conn.begin():
            yield conn


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        with conn.begin():
            yield conn


def create_file(path: Path) -> None:
    """Write a new, empty project file at the current schema version."""
    if path.exists():
        raise NotACuratorFile(f"{path} already exists; choose another name")
    if not path.parent.exists():
        raise NotACuratorFile(f"cannot create {path}: folder {path.parent} does not exist")
    engine = make_engine(path)
    try:
        with write_transaction(engine) as conn:
            SQLModel.metadata.create_all(conn)
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.exec_driver_sql(
                "INSERT INTO project_meta (key, value) VALUES ('created_at', ?)", (utc_now(),))
            conn.exec_driver_sql("INSERT INTO project_meta (key, value) VALUES (?, ?)",
                                 (replica.META_KEY, replica.new_base()))
            insert_default_tags(conn.exec_driver_sql, utc_now())
    except Exception:
        engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    engine.dispose()


def backup_path_for(path: Path, version: int) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.v{version}-{stamp}.bak")


def migrate(path: Path, migrations: list[Migration] | None = None,
            target: int | None = None, on_backup: Callable[[Path], None] | None = None) -> Path | None:
    """Bring ``path`` up to ``target`` (default SCHEMA_VERSION). Makes a backup copy first and
    runs every step in one transaction; on failure the file is rolled back and the backup kept.
    Returns the backup's path, or None when nothing had to be done."""
    migrations = MIGRATIONS if migrations is None else migrations
    target = SCHEMA_VERSION if target is None else target
    version = check_openable(path, target)
    if version == target:
        return None
    steps = [m for m in migrations if version < m.version <= target]
    steps.sort(key=lambda m: m.version)
    expected = list(range(version + 1, target + 1))
    if [m.version for m in steps] != expected:
        raise MigrationError(f"no migration path from schema {version} to {target}")
    backup = backup_path_for(path, version)
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(backup)
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    if on_backup:
        on_backup(backup)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")  # table rebuilds must not cascade
        conn.execute("BEGIN IMMEDIATE")
        try:
            for step in steps:
                step.apply(conn)
                conn.execute(f"PRAGMA user_version = {step.version}")
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise MigrationError(f"migration left {len(problems)} dangling references")
            conn.execute("COMMIT")
        except Exception as exc:
            conn.execute("ROLLBACK")
            if isinstance(exc, MigrationError):
                raise
            raise MigrationError(
                f"could not upgrade {path.name} from schema {version} to {target}: {exc}; "
                f"the file is unchanged and a copy is at {backup}") from exc
    finally:
        conn.close()
    return backup
