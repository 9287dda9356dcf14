"""Whether Curator may write a project file, and how SQLite reads it when it may not.

A project on a read-only medium (an archive share, a write-protected drive, a read-only mount), a
file without write permission, or a file whose folder SQLite cannot create its journal in, is
opened read-only. SQLite's plain read-only mode (``mode=ro``) still needs the ``-shm`` file of a
WAL database and creates it when it can (leaving empty ``-wal``/``-shm`` files behind when it is
the only reader); where it cannot, reading fails with "unable to open database file". So:

* a rollback-journal file (Curator's ``.curator`` copies): ``mode=ro``;
* a WAL file whose ``-wal`` is absent or empty (every project Curator closed): ``immutable=1``,
  which reads the file as it is, without locks or side files. What that means: changes another
  program makes to the file while Curator has it open are not seen (on a read-only medium no one
  can make any);
* a WAL file whose ``-wal`` holds changes: ``mode=ro`` if its ``-shm`` is there too; otherwise
  SQLite cannot read those changes without creating ``-shm``, and Curator says so rather than
  show the file without them.

:func:`probe` decides; :class:`Access` carries the decision to the engine, the checks and the
exports. Every write the facade is asked for on a read-only project raises ReadOnlyProject with
:meth:`Access.refusal` ("… is read-only (on a read-only medium): …").
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from curator.core.sqlite_file import has_content, parse_header, read_head, side_file

ON_READ_ONLY_MEDIUM = "on a read-only medium"
FILE_READ_ONLY = "the file is read-only"
IMMUTABLE_NOTE = ("read as it is now, without locks (SQLite's immutable mode): changes another "
                  "program makes to the file while Curator has it open are not seen")


@dataclass(frozen=True)
class Access:
    """How Curator opens one file: for writing, or read-only (with the reason and the SQLite URI
    parameters that read it without writing beside it)."""

    path: Path
    read_only: bool = False
    reason: str = ""  # why it is read-only: ON_READ_ONLY_MEDIUM, FILE_READ_ONLY, …
    params: str = ""  # SQLite URI parameters of a read-only open: "mode=ro" or "immutable=1"
    unreadable: str = ""  # why SQLite cannot read it read-only either, else ""

    @property
    def immutable(self) -> bool:
        return "immutable=1" in self.params

    @property
    def note(self) -> str:
        """What the read-only open means beyond "no edits" (the immutable mode's caveat), or ""."""
        return IMMUTABLE_NOTE if self.immutable else ""

    def uri(self) -> str:
        return f"{Path(os.path.abspath(self.path)).as_uri()}?{self.params}"

    def connect(self, **kwargs) -> sqlite3.Connection:
        """A DB-API connection: the plain file for a writable project, else the read-only URI."""
        if not self.read_only:
            return sqlite3.connect(self.path, **kwargs)
        if self.unreadable:
            raise sqlite3.OperationalError(self.unreadable)
        return sqlite3.connect(self.uri(), uri=True, **kwargs)

    def refusal(self) -> str:
        """The one line a write on this project is refused with."""
        return (f"{self.path} is read-only ({self.reason}): Curator opened it read-only; "
                "save a copy elsewhere to edit it")

    def cannot_read(self) -> str:
        return f"{self.path} is read-only ({self.reason}) and cannot be read as it is: {self.unreadable}"


def medium_is_read_only(path: Path) -> bool:
    """Whether the file system holding ``path`` is mounted read-only (POSIX statvfs; elsewhere
    the write permission check and SQLite's own refusal tell)."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):
        return False


def why_read_only(path: Path) -> str:
    """Why Curator cannot write ``path`` (an existing file), or "" when it can."""
    if medium_is_read_only(path):
        return ON_READ_ONLY_MEDIUM
    if not os.access(path, os.W_OK):
        return FILE_READ_ONLY
    folder = Path(os.path.abspath(path)).parent
    if not os.access(folder, os.W_OK) and not _side_files_writable(path):
        return f"its folder {folder} cannot be written, and SQLite keeps its journal beside the file"
    return ""


def _side_files_writable(path: Path) -> bool:
    """A WAL file whose -wal and -shm exist and are writable can be written without creating
    anything in its folder."""
    try:
        header = parse_header(read_head(path))
    except OSError:
        return False
    wal, shm = side_file(path, "-wal"), side_file(path, "-shm")
    return bool(header and header.wal and all(p.exists() and os.access(p, os.W_OK) for p in (wal, shm)))


def cannot_create_in(folder: Path) -> str:
    """Why no file can be created in ``folder`` ("is on a read-only medium", ...), or ""."""
    if medium_is_read_only(folder):
        return "is on a read-only medium"
    if not os.access(folder, os.W_OK):
        return "cannot be written"
    return ""


def read_only_access(path: Path, reason: str) -> Access:
    """How to read ``path`` without writing to it or beside it (see the module's docstring)."""
    try:
        header = parse_header(read_head(path))
    except OSError:
        header = None
    if header is None:  # not SQLite (the open refuses it): nothing for SQLite to create
        return Access(path, True, reason, "mode=ro")
    if not header.wal:
        journal = side_file(path, "-journal")
        if has_content(journal):
            return Access(path, True, reason, "", (
                f"{journal.name} holds an unfinished change that only a write can roll back; copy "
                f"{path.name} and {journal.name} together to a writable folder and open the copy"))
        return Access(path, True, reason, "mode=ro")
    wal, shm = side_file(path, "-wal"), side_file(path, "-shm")
    if not has_content(wal):
        return Access(path, True, reason, "immutable=1")
    if shm.exists():
        return Access(path, True, reason, "mode=ro")
    return Access(path, True, reason, "", (
        f"its latest changes are in {wal.name}, which SQLite reads only with {shm.name} beside it, "
        f"and that cannot be created; copy {path.name} and {wal.name} together to a writable "
        "folder and open the copy"))


def probe(path: str | Path) -> Access:
    """The access Curator has to ``path``: writable (the default, also for a file that does not
    exist yet) or read-only with its reason and URI."""
    path = Path(path)
    if str(path) == ":memory:" or not path.is_file():
        return Access(path)
    reason = why_read_only(path)
    return read_only_access(path, reason) if reason else Access(path)


def refused_by_sqlite(path: Path, error: BaseException) -> Access:
    """Read-only access for a file the checks took for writable but SQLite could not open for
    writing (a write-protected drive on Windows, a share that refuses writes)."""
    return read_only_access(path, f"SQLite cannot write it: {error}")


def is_write_refusal(error: BaseException) -> bool:
    """Whether an sqlite3 error says the file cannot be written (read-only, or a side file that
    cannot be created)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN"))
