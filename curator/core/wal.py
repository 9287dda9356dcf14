"""The project's write-ahead log (``NAME-wal``): folding it in on close, and refusing a stale one.

In WAL mode SQLite appends committed pages to ``NAME-wal`` and copies them into the main file
later (a *checkpoint*). Two consequences for people who copy files:

- A copy of the main file alone lacks whatever the WAL still holds. :func:`checkpoint` folds the
  WAL in and truncates it to nothing; :meth:`Project.close` calls it, so a closed project is one
  whole file (when another connection is still open the checkpoint may not be complete; the last
  connection's close completes it, as SQLite does itself).
- SQLite cannot tell whether a WAL belongs to the main file beside it: the WAL's header carries
  salts and checksums that only tie its frames to each other, nothing that ties them to the
  database file. A WAL left from an older moment (restored from a backup, synced separately,
  copied with ``cp`` at another time) is replayed over the newer file as if it were new: measured
  with SQLite 3.40, the project then reads as its older self (fewer events, no error), or as a
  mix of old and new pages ("database disk image is malformed"); and the first connection that
  closes checkpoints those old pages into the main file, so the damage becomes permanent.

:func:`stale_wal_reason` looks before SQLite does, only when no connection is using the project
(no ``-shm`` held by another process, none open in this process): it reads the WAL's frames
(those whose salts match its header, up to the last commit) and calls it stale when it describes
a smaller database than the file (Curator never shrinks a file), a page size other than the
file's, an older schema cookie or user_version, or another application_id; when none of these
tell, it replays the pair in a temporary copy and calls the WAL stale when the result fails
``PRAGMA quick_check`` or, Curator never removing a record, holds fewer records than the main
file alone. A stale WAL that only rewrote pages in place, from a moment the file already had its
present size and records, replays as a consistent older state and cannot be told from a live
one (nothing links the two files); closing checkpoints the WAL away, which makes such a pair rare. A project with a stale WAL is refused untouched, with the reason;
``curator check`` reports it (and checks the main file alone, read as immutable), and
``curator check --fix`` moves the WAL aside (:func:`set_aside`). Qt-free.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Optional

from curator.core.errors import CuratorError

WAL_MAGIC = (0x377F0682, 0x377F0683)
WAL_HEADER = 32
FRAME_HEADER = 24
SHM_DMS_BYTE = 128  # the unix VFS's "dead man switch" lock in NAME-shm: held by every live connection
CHECKPOINT_TIMEOUT_MS = 250


class StaleJournal(CuratorError):
    """The project's ``-wal`` file does not belong with its main file; both are left untouched."""


def file_uri(path: Path, **params: str) -> str:
    """An SQLite URI for ``path`` (percent-encoded: a name with ``#`` or ``?`` stays a name)."""
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return Path(path).absolute().as_uri() + (f"?{query}" if query else "")


def wal_path(path: Path) -> Path:
    return Path(str(path) + "-wal")


def shm_path(path: Path) -> Path:
    return Path(str(path) + "-shm")


# ---------------------------------------------------------------------- this process's connections
_OPEN: dict[str, int] = {}
_OPEN_LOCK = threading.Lock()


def _key(path: Path) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:
        return str(Path(path).absolute())


def note_open(path: Path) -> None:
    """A Project on ``path`` was made in this process (its WAL is live)."""
    with _OPEN_LOCK:
        _OPEN[_key(path)] = _OPEN.get(_key(path), 0) + 1


def note_closed(path: Path) -> None:
    with _OPEN_LOCK:
        key = _key(path)
        if _OPEN.get(key, 0) <= 1:
            _OPEN.pop(key, None)
            held = _HELD.pop(key, [])
        else:
            _OPEN[key] -= 1
            held = []
    for handle in held:
        handle.close()


# POSIX record locks belong to a process and a file, not to a descriptor: closing ANY descriptor
# of a database file drops every lock this process's SQLite connections hold on it (SQLite's
# "How To Corrupt An SQLite Database File", 2.2). One of them may then take itself for the last
# connection and delete the live -wal and -shm under the others ("disk I/O error", lost commits).
# So a file handle Curator opens on a project this process has open through SQLite (to read its
# header bytes, say) is closed only once the last of those Projects is.
_HELD: dict[str, list] = {}


def close_file_of(handle, path: Path) -> None:
    """Close ``handle``, a plain file handle on the database file ``path``: at once when no
    Project of this process has ``path`` open (or on Windows, whose locks are not POSIX's),
    else when the last one closes (see above)."""
    if os.name != "nt":
        with _OPEN_LOCK:
            key = _key(path)
            if _OPEN.get(key, 0) > 0:
                _HELD.setdefault(key, []).append(handle)
                return
    handle.close()


def open_here(path: Path) -> bool:
    with _OPEN_LOCK:
        return _OPEN.get(_key(path), 0) > 0


def in_use(path: Path) -> bool:
    """Whether some connection may be using the project now: one of this process's, or (on
    systems with POSIX record locks) another process holding its ``-shm``. Without a ``-shm``
    no connection is open on this machine (SQLite removes it when the last one closes)."""
    if open_here(path):
        return True
    shm = shm_path(path)
    if not shm.exists():
        return False
    try:
        import fcntl
    except ImportError:  # Windows: a -shm without a live connection is only left by a crash
        return True
    try:
        fd = os.open(shm, os.O_RDWR)
    except OSError:
        return True  # cannot tell: assume it is live, never second-guess a running program
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, SHM_DMS_BYTE)
        except OSError:
            return True  # another process holds it: a live connection
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, SHM_DMS_BYTE)
        return False
    finally:
        os.close(fd)  # (no connection of this process is open on it: see open_here)


# ---------------------------------------------------------------------- checkpoint
def checkpoint(path: Path, timeout_ms: int = CHECKPOINT_TIMEOUT_MS, mode: str = "TRUNCATE") -> bool:
    """Fold the WAL into the main file and truncate it (``PRAGMA wal_checkpoint(TRUNCATE)``),
    waiting at most ``timeout_ms`` for other connections' readers. True when the main file now
    holds everything; False when another connection kept part of it (or the file is read-only).
    Nothing is created when there is no WAL. ``mode="PASSIVE"``: copy what no reader still
    needs, without waiting for anyone and without truncating (a window's background fold)."""
    if mode not in ("TRUNCATE", "PASSIVE"):
        raise ValueError(f"unknown checkpoint mode {mode!r}")
    path = Path(path)
    if not wal_path(path).exists():
        return True
    try:
        # mode=rw: a project moved or deleted meanwhile is not made again, empty
        conn = sqlite3.connect(file_uri(path, mode="rw"), uri=True, timeout=timeout_ms / 1000,
                               isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        busy, log_frames, done = conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
        return busy == 0 and log_frames == done
    except sqlite3.Error:
        return False
    finally:
        conn.close()


# ---------------------------------------------------------------------- reading a WAL
@dataclass(frozen=True)
class WalSummary:
    page_size: int
    frames: int  # valid frames up to and including the last commit frame
    commit_pages: int  # the database's size in pages after the last commit (0: no commit)
    page_one: Optional[bytes]  # the last committed version of page 1 in the WAL, if any


def read_wal(path: Path) -> Optional[WalSummary]:
    """The committed part of ``path``'s WAL (frames whose salts match the header, up to the last
    commit frame), or None when there is no WAL with a valid header. Checksums are not verified:
    this looks at the WAL's own account of itself, which is what SQLite would replay."""
    wal = wal_path(path)
    try:
        with open(wal, "rb") as fh:
            header = fh.read(WAL_HEADER)
            if len(header) < WAL_HEADER:
                return None
            magic, _version, page_size, _seq, salt1, salt2 = struct.unpack(">IIIIII", header[:24])
            if magic not in WAL_MAGIC or page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
                return None
            frames = committed = commit_pages = 0
            page_one = committed_page_one = None
            while True:
                head = fh.read(FRAME_HEADER)
                if len(head) < FRAME_HEADER:
                    break
                page_no, db_size, s1, s2 = struct.unpack(">IIII", head[:16])
                if (s1, s2) != (salt1, salt2) or page_no == 0:
                    break
                if page_no == 1:
                    page_one = fh.read(100)
                    fh.seek(page_size - 100, os.SEEK_CUR)
                else:
                    fh.seek(page_size, os.SEEK_CUR)
                frames += 1
                if db_size:
                    committed, commit_pages, committed_page_one = frames, db_size, page_one
    except OSError:
        return None
    return WalSummary(page_size, committed, commit_pages, committed_page_one)


def _header_fields(page_one: bytes) -> dict[str, int]:
    page_size = struct.unpack(">H", page_one[16:18])[0]
    return {"page_size": 65536 if page_size == 1 else page_size,
            "schema_cookie": struct.unpack(">I", page_one[40:44])[0],
            "user_version": struct.unpack(">I", page_one[60:64])[0],
            "application_id": struct.unpack(">I", page_one[68:72])[0]}


def stale_wal_reason(path: Path) -> Optional[str]:
    """Why ``path``'s WAL must not be applied to it, or None (no WAL, an empty one, one in use by
    a running program, or one that fits)."""
    path = Path(path)
    wal = wal_path(path)
    try:
        if not wal.is_file() or wal.stat().st_size <= WAL_HEADER:
            return None
    except OSError:
        return None
    if in_use(path):
        return None
    summary = read_wal(path)
    if summary is None or summary.frames == 0:
        return None  # SQLite ignores it (and resets it on the next write)
    try:
        from curator.core.sqlite_file import read_head

        main_header = read_head(path)
        main_size = path.stat().st_size
    except OSError:
        return None
    if len(main_header) < 100 or not main_header.startswith(b"SQLite format 3\x00"):
        return None  # not a database: the caller says so
    main = _header_fields(main_header)
    name = wal.name
    advice = (f"Curator left both files untouched; move {name} aside (or run `curator check --fix`) "
              f"to open the project as its main file has it")
    if summary.page_size != main["page_size"]:
        return (f"{name} does not belong with {path.name}: it was written for pages of "
                f"{summary.page_size} bytes, the file has {main['page_size']}. {advice}")
    main_pages = main_size // main["page_size"]
    if summary.commit_pages < main_pages:
        return (f"{name} is older than {path.name}: it describes a database of "
                f"{summary.commit_pages} pages, the file already has {main_pages} (a journal left "
                f"from an earlier moment, restored or synced on its own?). {advice}")
    if summary.page_one is not None:
        theirs = _header_fields(summary.page_one)
        if theirs["application_id"] != main["application_id"]:
            return f"{name} belongs to another database than {path.name}. {advice}"
        for field, what in (("user_version", "schema version"), ("schema_cookie", "schema cookie")):
            if theirs[field] < main[field]:
                return (f"{name} is older than {path.name}: its {what} is {theirs[field]}, the "
                        f"file's {main[field]}. {advice}")
    problem = _trial_replay(path)
    if problem:
        return (f"{name} does not fit {path.name}: {problem}; it is probably a journal left from "
                f"an earlier moment. {advice}")
    return None


RECORD_TABLES = ("document", "tag", "span", "event", "actor", "event_actor", "event_evidence",
                 "rejected_suggestion")


def _records(conn: sqlite3.Connection) -> dict[str, int]:
    """The rows of each of Curator's record tables and of its sync history (real tables only: a
    view is never run here). Curator never removes any of them, so a later state has as many."""
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (*RECORD_TABLES, "sync_history") if table in tables}


def _trial_replay(path: Path) -> Optional[str]:
    """Replay the pair in a temporary copy. What is wrong with the result, if anything: damage
    (``quick_check``), or, for a Curator file (whose records are never removed, only
    tombstoned), fewer records than the main file alone holds."""
    with tempfile.TemporaryDirectory(prefix="curator-wal-") as tmp:
        copy = Path(tmp) / "trial.curator"
        try:
            shutil.copyfile(path, copy)
            shutil.copyfile(wal_path(path), wal_path(copy))
        except OSError:
            return None  # no room to try: let SQLite have it, as before
        try:
            alone = sqlite3.connect(file_uri(path, immutable="1"), uri=True)
            try:
                alone.execute("PRAGMA trusted_schema = OFF")
                curator = alone.execute("PRAGMA application_id").fetchone()[0] == 0x43555241
                before = _records(alone) if curator else {}
            finally:
                alone.close()
            conn = sqlite3.connect(copy, isolation_level=None)
            try:
                conn.execute("PRAGMA trusted_schema = OFF")
                result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
                after = _records(conn) if curator and result == "ok" else {}
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            return f"applied to it, the project reads as damaged ({exc})"
    if result != "ok":
        return f"applied to it, the project reads as damaged ({str(result).splitlines()[0]})"
    for table, rows in before.items():
        if after.get(table, rows) < rows:
            return (f"applied to it, the project would lose {rows - after[table]} of the "
                    f"{rows} rows of {table} the file holds")
    return None


def set_aside(path: Path) -> Optional[Path]:
    """Move a stale WAL (and its ``-shm``) to ``NAME-wal.stale-YYYYMMDD-HHMMSS`` beside the
    project, so that the main file opens as it is; the moved file is kept, never deleted."""
    wal = wal_path(path)
    if not wal.exists():
        return None
    target = wal.with_name(f"{wal.name}.stale-{datetime.now():%Y%m%d-%H%M%S}")
    os.replace(wal, target)
    shm = shm_path(path)
    if shm.exists():
        os.replace(shm, shm.with_name(f"{shm.name}.stale-{datetime.now():%Y%m%d-%H%M%S}"))
    return target
