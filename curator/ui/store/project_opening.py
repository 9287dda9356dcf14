"""Opening a project off the GUI thread, so that the window is painted first.

A :class:`ProjectOpening` is a QThread that opens the first of its candidate files that opens
(the last project, else the demo, created on first run) and then checks it for damage:

1. ``opened(project)``: the file passed the cheap checks (header, schema version, stale journal,
   a schema Curator made) and is open; the window shows it at once.
2. ``checked(diagnosis)``: SQLite's quick check of every page has run (it reads the whole file:
   seconds at a million events). Until then the window keeps edits waiting (they are saved once
   the check passes); a damaged file is closed again and the window says what can be done.

A file that needs a schema upgrade is checked *before* it is opened, as before: the upgrade
writes to the file, and a damaged file must not be written. ``damaged(diagnosis)`` then comes
instead of ``opened``; ``failed(reason)`` when no candidate opens (the reason of the last one).
Cancel (the window is closing) interrupts the quick check; :meth:`take` hands the project over,
and :meth:`discard` closes a project nobody took.

Qt signals carry the results to the GUI thread; the facade (SQLAlchemy) is imported here, on the
worker, so that importing it never delays the window's first paint.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QThread, Signal

from curator.core.errors import CuratorError, DamagedProject

if TYPE_CHECKING:
    from curator.core.project import Project

CHECK_STEPS = 20_000  # SQLite virtual-machine steps between two looks at the cancel flag


@dataclass(frozen=True)
class Candidate:
    """A file to try: ``path``, or with ``demo_folder`` the demo project in that folder (created
    when it is missing). ``fallback``: when it cannot be opened for a reason other than damage,
    try the next candidate."""

    path: Optional[Path] = None
    demo_folder: Optional[Path] = None
    fallback: bool = False

    @property
    def name(self) -> str:
        return self.path.name if self.path is not None else "the demo project"


class ProjectOpening(QThread):
    opened = Signal(object)  # the Project (call take())
    checked = Signal(object)  # a curator.core.damage.Diagnosis, damaged or not
    damaged = Signal(object)  # a Diagnosis: the file was refused before it was opened
    failed = Signal(str)  # a one-line reason: nothing was opened

    def __init__(self, candidates: list[Candidate], annotator: str = "", parent=None):
        super().__init__(parent)
        self.candidates, self.annotator = list(candidates), annotator
        self.path: Optional[Path] = None  # the file being opened or checked
        self._project: Optional["Project"] = None
        self._taken = False
        self._cancelled = False
        self.checking = False  # the quick check is under way

    # ------------------------------------------------------------------ the GUI thread's side
    def cancel(self) -> None:
        """Stop as soon as possible: between steps, and within SQLite's quick check."""
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def take(self) -> Optional["Project"]:
        """The opened project, now the caller's to close (None when cancelled)."""
        if self._cancelled:
            return None
        self._taken = True
        return self._project

    def discard(self) -> None:
        """After the thread has ended: close the project if nobody took it."""
        if self._project is not None and not self._taken:
            self._project.close()
            self._project = None

    # ------------------------------------------------------------------ the worker
    def run(self) -> None:
        try:
            self._open_first()
        except Exception as exc:  # noqa: BLE001 - said in the window, never lost
            if not self._cancelled:
                self.failed.emit(f"unexpected error: {exc!r}")

    def _open_first(self) -> None:
        reason = "no project to open"
        for index, candidate in enumerate(self.candidates):
            if self._cancelled:
                return
            try:
                verified = self._open(candidate)
            except DamagedProject as exc:  # said, with Recover and Open backup; never hidden behind the demo
                if not self._cancelled:
                    self.damaged.emit(exc.diagnosis)
                return
            except (CuratorError, OSError, ValueError) as exc:
                reason = str(exc)
                if candidate.fallback and index + 1 < len(self.candidates):
                    continue
                if not self._cancelled:
                    self.failed.emit(reason)
                return
            if self._cancelled:
                return
            self.opened.emit(self._project)
            if not verified:
                self._check(self._project.path)
            return
        if not self._cancelled:
            self.failed.emit(reason)

    def _open(self, candidate: Candidate) -> bool:
        """Open ``candidate`` into ``self._project``; whether it was checked on the way."""
        from curator.core import database
        from curator.core.project import Project

        path = candidate.path
        if candidate.demo_folder is not None:
            from curator.demo import DEMO_FILENAME, create_demo

            path = candidate.demo_folder / DEMO_FILENAME
            if not path.is_file():
                self.path = path
                self._project = create_demo(path, self.annotator)
                return True  # just written by Curator itself
        self.path = path
        if not path.exists():
            raise CuratorError(f"{path} does not exist")
        if path.is_dir():
            raise CuratorError(f"{path} is a folder, not a project file")
        upgrade = database.check_openable(path) < database.SCHEMA_VERSION
        self._project = Project.open(path, self.annotator, verify=upgrade)
        return upgrade

    def _check(self, path: Path) -> None:
        """SQLite's quick check (interruptible); on a problem, the whole diagnosis."""
        from curator.core import damage

        self.checking = True
        try:
            diagnosis = self._diagnose(path, damage)
        except Exception as exc:  # noqa: BLE001 - the project is shown: say so, never crash
            if not self._cancelled:
                self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        finally:
            self.checking = False
        if diagnosis is not None and not self._cancelled:
            self.checked.emit(diagnosis)

    def _diagnose(self, path: Path, damage):
        """The file's diagnosis; None when cancelled."""
        diagnosis = damage.header_diagnosis(path)
        if diagnosis is not None:
            return diagnosis
        with damage.snapshot(path) as conn:
            conn.set_progress_handler(lambda: 1 if self._cancelled else 0, CHECK_STEPS)
            try:
                ok = conn.execute("PRAGMA quick_check(1)").fetchall() == [("ok",)]
            except sqlite3.DatabaseError:  # interrupted, or what the whole diagnosis will name
                if self._cancelled:
                    return None
                ok = False
        return damage.Diagnosis(path, False) if ok else damage.diagnose(path)
