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
from typing import Callable, Iterator, Optional

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import NullPool, QueuePool
from sqlmodel import SQLModel

from curator.core import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from curator.core import damage, file_access, listing, replica, schema_trust, wal
from curator.core.errors import (
    CuratorError, DamagedProject, MigrationError, NewerSchemaError, NotACuratorFile,
)
from curator.core.locking import LockWait, ProjectBusy, busy_message, is_busy
from curator.core.migrations import MIGRATIONS, Migration  # noqa: F401  (Migration: for callers)
from curator.core.sqlite_file import has_content, parse_header, read_head, side_file
from curator.core.tagset import insert_default_tags

APPLICATION_ID = 0x43555241  # "CURA"
SCHEMA_VERSION = 7
BUSY_TIMEOUT_MS = 10_000


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def read_header(path: Path) -> tuple[int, int]:
    """(application_id, user_version) of an existing file, read without writing to it or beside
    it: from the header's bytes, or, when changes wait in its ``-wal`` (the newest header may be
    among them), through SQLite (see :func:`_header_from_wal`)."""
    try:
        raw = read_head(path)
    except OSError as exc:
        raise NotACuratorFile(f"{path} cannot be read: {exc.strerror or exc}") from exc
    header = parse_header(raw)
    if header is None:
        raise NotACuratorFile(f"{path} is not a Curator project (not an SQLite database)")
    if header.wal and has_content(side_file(path, "-wal")):
        return _header_from_wal(path)
    return header.application_id, header.user_version


def _header_from_wal(path: Path) -> tuple[int, int]:
    try:
        with damage.snapshot(path) as conn:  # writes nothing, in the file or beside it
            conn.execute("PRAGMA trusted_schema = OFF")
            return (conn.execute("PRAGMA application_id").fetchone()[0],
                    conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        if damage.is_damage(exc):
            raise DamagedProject(damage.diagnose(path)) from exc
        raise CuratorError(f"{path} cannot be read: {exc}") from exc


def check_openable(path: Path, target: int = SCHEMA_VERSION) -> int:
    """Raise unless ``path`` is a Curator file this code can open; return its schema version.
    Nothing is written, in the file or beside it: a refused file leaves no ``-wal``/``-shm``.
    A truncated file or a lost header raises DamagedProject with the diagnosis's one line. A
    stale ``-wal`` beside it (StaleJournal) and a schema holding what Curator did not make
    (UntrustedSchema) are refused before SQLite can use them."""
    if not path.exists():
        raise NotACuratorFile(f"{path} does not exist")
    if path.is_dir():
        raise NotACuratorFile(f"{path} is a folder, not a project file")
    damage.check_header(path)
    stale = wal.stale_wal_reason(path)
    if stale:
        raise wal.StaleJournal(stale)
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
    schema_trust.check_file(path, version)
    return version


def _configure(dbapi_conn: sqlite3.Connection, _record) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _begin)
    # before anything else: the file's schema may not run functions with side effects
    dbapi_conn.execute("PRAGMA trusted_schema = OFF")
    dbapi_conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    dbapi_conn.execute("PRAGMA foreign_keys = ON")
    dbapi_conn.execute("PRAGMA journal_mode = WAL")
    dbapi_conn.execute("PRAGMA synchronous = NORMAL")
    listing.register_functions(dbapi_conn)


def _configure_read_only(dbapi_conn: sqlite3.Connection, _record) -> None:
    """A read-only project's connection: no journal mode change (that is a write), and SQLite
    itself refuses any write (``query_only``), should one get past the facade."""
    dbapi_conn.isolation_level = None
    dbapi_conn.execute("PRAGMA trusted_schema = OFF")
    dbapi_conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    dbapi_conn.execute("PRAGMA foreign_keys = ON")
    dbapi_conn.execute("PRAGMA query_only = ON")
    listing.register_functions(dbapi_conn)


def _begin(conn: Connection) -> None:
    policy = conn.get_execution_options().get("curator_write")
    if policy:
        if not isinstance(policy, LockWait):
            policy = getattr(conn.engine, "curator_lock_wait", None) or LockWait()
        policy.begin_immediate(conn.connection.dbapi_connection, Path(conn.engine.url.database or ""))
    else:
        conn.exec_driver_sql("BEGIN DEFERRED")


def _busy_as_project_busy(context) -> Optional[Exception]:
    """SQLITE_BUSY met anywhere else than taking the write lock (another connection's
    checkpoint or recovery outlasting the busy timeout): the same plain ProjectBusy."""
    if is_busy(context.original_exception):
        path = Path(context.engine.url.database or "") if context.engine is not None else Path("")
        return ProjectBusy(busy_message(path), path)
    return None


def make_engine(path: Path, access: Optional[file_access.Access] = None,
                lock_wait: Optional[LockWait] = None) -> Engine:
    """The engine of a project file; read-only (through ``access``'s URI) when ``access`` says
    so. Its write transactions wait for the lock by ``lock_wait`` (by default: up to the busy
    timeout, then ProjectBusy)."""
    if access is not None and access.read_only:
        engine = create_engine("sqlite://", poolclass=QueuePool, creator=lambda: access.connect(
            check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000))
        engine.curator_lock_wait = lock_wait or LockWait()
        event.listen(engine, "connect", _configure_read_only)
        event.listen(engine, "begin", _begin)
        event.listen(engine, "handle_error", _busy_as_project_busy)
        return engine
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        poolclass=NullPool if str(path) == ":memory:" else None,
    )
    engine.curator_lock_wait = lock_wait or LockWait()
    event.listen(engine, "connect", _configure)
    event.listen(engine, "begin", _begin)
    event.listen(engine, "handle_error", _busy_as_project_busy)
    return engine


@contextmanager
def write_transaction(engine: Engine, lock_wait: Optional[LockWait] = None) -> Iterator[Connection]:
    """A connection inside ``BEGIN IMMEDIATE``; committed on success, rolled back on error.
    Taking the lock waits by ``lock_wait`` (default: the engine's policy); ProjectBusy when it
    gives up, before anything is written. The event listing is brought up to date with what the
    transaction wrote before it commits (:func:`curator.core.listing.settle`)."""
    with engine.connect().execution_options(curator_write=lock_wait or True) as conn:
        with conn.begin():
            yield conn
            settle_listing(conn)


def settle_listing(conn: Connection) -> int:
    """List again the events the open write transaction on ``conn`` touched (see
    :mod:`curator.core.listing`); how many."""
    return listing.settle(conn.connection.dbapi_connection)


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
    why = file_access.cannot_create_in(path.parent)
    if why:
        raise CuratorError(f"cannot create {path}: folder {path.parent} {why}")
    engine = make_engine(path)
    try:
        with write_transaction(engine) as conn:
            SQLModel.metadata.create_all(conn)
            listing.create(conn.connection.dbapi_connection)
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
        conn.execute("PRAGMA trusted_schema = OFF")
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
