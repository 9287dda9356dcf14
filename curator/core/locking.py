"""Waiting for the write lock: what a write does when another program is writing to the project.

SQLite lets one connection write at a time. A write transaction starts with ``BEGIN IMMEDIATE``,
which takes the lock or answers SQLITE_BUSY ("database is locked") once the connection's busy
timeout has passed. Curator takes the lock in short attempts (:data:`ATTEMPT_MS` each, SQLite's
own busy handler sleeping inside an attempt) and between attempts asks a :class:`LockWait` what
to do: keep waiting (and tell someone how long it has been), or give up with
:class:`ProjectBusy`, before anything was written.

Three policies in practice:
- headless commands wait up to ``--wait`` seconds (default :data:`DEFAULT_WAIT_S`), saying on
  stderr that and how long they are waiting (:func:`stderr_reporter`);
- the window's GUI thread makes one short attempt (:func:`gui_policy`, at most ~40 ms) and on
  ProjectBusy keeps the edit pending and retries later (``curator.ui.store.pending``);
- workers (an import in the window) wait as long as the user lets them, with the wait shown in
  their progress dialog.

Qt-free.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, TextIO

from curator.core.errors import CuratorError

ATTEMPT_MS = 250
"""How long one attempt at the lock may sit in SQLite's busy handler."""
GUI_ATTEMPT_MS = 40
"""The GUI thread's single attempt: short enough that the window never freezes."""
DEFAULT_WAIT_S = 120.0
"""How long a headless command waits for the lock unless told otherwise (``--wait``)."""
DEFAULT_BUSY_TIMEOUT_MS = 10_000
"""The connection's busy timeout for everything but taking the write lock (reads in WAL mode
practically never wait; a checkpoint or a WAL recovery by another connection is brief)."""


class ProjectBusy(CuratorError):
    """Another connection holds the write lock and did not let go in time; nothing was written."""

    def __init__(self, message: str, path: Optional[Path] = None, waited: float = 0.0):
        super().__init__(message)
        self.path = path
        self.waited = waited


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` (sqlite3's, or SQLAlchemy's wrapping of it) is SQLITE_BUSY/SQLITE_LOCKED."""
    orig = getattr(exc, "orig", None)
    if orig is not None and orig is not exc:
        return is_busy(orig)
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return True
    message = str(exc).lower()
    return "database is locked" in message or "database table is locked" in message


def busy_message(path: Path, waited: float = 0.0, hint: str = "") -> str:
    """The one-line reason of a write that gave up waiting for the lock."""
    gave_up = f"gave up after {waited:.0f} s: " if waited >= 1 else ""
    return (f"{gave_up}another program (or another Curator window) is writing to "
            f"{Path(path).name}; nothing was changed" + (f" ({hint})" if hint else ""))


@dataclass
class LockWait:
    """How long a write waits for the lock, and who hears about the waiting.

    ``limit``: seconds to keep trying (0: one attempt). ``attempt_ms``: each attempt's busy
    timeout. ``on_wait(waited_seconds)`` is called between attempts; returning False gives up
    at once (a Cancel button)."""

    limit: float = DEFAULT_BUSY_TIMEOUT_MS / 1000
    attempt_ms: int = ATTEMPT_MS
    on_wait: Optional[Callable[[float], Optional[bool]]] = None
    on_done: Optional[Callable[[float, bool], None]] = field(default=None, repr=False)
    hint: str = ""  # what the user can do, added to the message when it gives up

    def begin_immediate(self, dbapi_conn: sqlite3.Connection, path: Path,
                        restore_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> None:
        """``BEGIN IMMEDIATE`` on ``dbapi_conn``, waiting by this policy; ProjectBusy when it
        gives up (no transaction is then open)."""
        start = time.monotonic()
        waited_at_all = acquired = False
        dbapi_conn.execute(f"PRAGMA busy_timeout = {int(self.attempt_ms)}")
        try:
            while True:
                try:
                    dbapi_conn.execute("BEGIN IMMEDIATE")
                    acquired = True
                    break
                except sqlite3.OperationalError as exc:
                    if not is_busy(exc):
                        raise
                waited = time.monotonic() - start
                if waited >= self.limit:
                    raise ProjectBusy(busy_message(path, waited, self.hint), Path(path), waited)
                waited_at_all = True
                if self.on_wait is not None and self.on_wait(waited) is False:
                    raise ProjectBusy(busy_message(path, waited, self.hint), Path(path), waited)
        finally:
            try:
                dbapi_conn.execute(f"PRAGMA busy_timeout = {int(restore_timeout_ms)}")
            except sqlite3.Error:
                pass
            if waited_at_all and self.on_done is not None:
                self.on_done(time.monotonic() - start, acquired)


def gui_policy() -> LockWait:
    """The window's GUI thread: one short attempt, never a freeze."""
    return LockWait(limit=0.0, attempt_ms=GUI_ATTEMPT_MS)


def stderr_reporter(path: Path, limit: float = DEFAULT_WAIT_S, stream: Optional[TextIO] = None) -> LockWait:
    """A headless command's policy: wait up to ``limit`` seconds, saying so on stderr.

    On a terminal one line is rewritten in place every second ("curator: waiting for another
    program writing to p.curator… 12 s (gives up after 120 s)"); elsewhere (a log, a pipe) a line
    is written when the wait starts and then every 10 seconds. When the lock comes, the line is
    finished with how long it took."""
    out = stream if stream is not None else sys.stderr
    tty = bool(getattr(out, "isatty", lambda: False)())
    state = {"shown": -1}
    name = Path(path).name

    def on_wait(waited: float) -> None:
        second = int(waited)
        if tty:
            if second == state["shown"]:
                return
            out.write(f"\rcurator: waiting for another program (or Curator window) writing to "
                      f"{name}… {second} s (gives up after {limit:.0f} s)")
        else:
            if state["shown"] >= 0 and second < state["shown"] + 10:
                return
            out.write(f"curator: waiting for another program (or Curator window) writing to "
                      f"{name}… {second} s (gives up after {limit:.0f} s)\n")
        state["shown"] = second
        out.flush()

    def on_done(waited: float, acquired: bool) -> None:
        if state["shown"] < 0:
            return
        if tty:
            out.write("\n")
        if acquired:
            out.write(f"curator: {name} is free after {waited:.0f} s; going on\n")
        state["shown"] = -1
        out.flush()

    return LockWait(limit=limit, on_wait=on_wait, on_done=on_done,
                    hint="wait longer with --wait SECONDS" if limit else "")
