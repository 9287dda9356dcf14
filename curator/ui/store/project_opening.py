"""Opening a project off the GUI thread, so that the window is painted first and never waits.

A :class:`ProjectOpening` is a QThread that opens the first of its candidate files that opens
(the last project, else the demo, created on first run). Before a file is opened it is checked
for damage, header and every page (SQLite's quick check, interruptible: about 3 to 5 s at a
million events), unless it is exactly as this computer's Curator left it after a check
(:mod:`curator.ui.store.checked_files`): ``checking(name)`` says the check has begun. Then:

- ``opened(project)``: the file is open (a schema upgrade, if it needed one, done after the
  check: a damaged file is never written); :meth:`take` hands the project over;
- ``damaged(diagnosis)``: the check found damage; nothing was opened or written;
- ``failed(reason)``: no candidate opens (the reason of the last one).

Cancel (the window is closing) interrupts the check; :meth:`discard` closes a project nobody
took. The facade (SQLAlchemy) is imported here, on the worker, so that importing it never
delays the window's first paint.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QThread, Signal

from curator.core.errors import CuratorError, DamagedProject
from curator.ui.store.project_job import interrupt

if TYPE_CHECKING:
    from curator.core.project import Project



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
    checking = Signal(str)  # the name of the file whose pages are being checked
    damaged = Signal(object)  # a curator.core.damage.Diagnosis: nothing was opened
    failed = Signal(str)  # a one-line reason: nothing was opened

    def __init__(self, candidates: list[Candidate], annotator: str = "",
                 checked: Optional[dict[str, str]] = None, parent=None):
        super().__init__(parent)
        self.candidates, self.annotator = list(candidates), annotator
        self.passed_over: list[tuple[str, str]] = []  # (name, reason) of fallback candidates refused
        self.checked = dict(checked or {})  # resolved path -> fingerprint when last left checked
        self.path: Optional[Path] = None  # the file being opened
        self.skipped_check = False  # the file was as Curator left it after a check
        self._project: Optional["Project"] = None
        self._taken = False
        self._cancelled = False
        self._lock = threading.Lock()
        self._check_connection = None  # the quick check's, to interrupt on cancel

    # ------------------------------------------------------------------ the GUI thread's side
    def cancel(self) -> None:
        """Stop as soon as possible: between steps, and within SQLite's quick check."""
        with self._lock:
            self._cancelled = True
            if self._check_connection is not None:
                interrupt(self._check_connection)

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
                opened = self._open(candidate)
            except DamagedProject as exc:  # said, with Recover and Open backup; never hidden behind the demo
                if not self._cancelled:
                    self.damaged.emit(exc.diagnosis)
                return
            except (CuratorError, OSError, ValueError) as exc:
                reason = str(exc)
                if candidate.fallback and index + 1 < len(self.candidates):
                    self.passed_over.append((candidate.name, reason))  # said once the next one is shown
                    continue
                if not self._cancelled:
                    self.failed.emit(reason)
                return
            if opened and not self._cancelled:
                self.opened.emit(self._project)
            return
        if not self._cancelled:
            self.failed.emit(reason)

    def _open(self, candidate: Candidate) -> bool:
        """Check and open ``candidate`` into ``self._project``; False when cancelled."""
        from curator.core.project import Project
        from curator.ui.store import checked_files

        path = candidate.path
        if candidate.demo_folder is not None:
            from curator.demo import DEMO_FILENAME, create_demo

            path = candidate.demo_folder / DEMO_FILENAME
            if not path.is_file():
                self.path = path
                self._project = create_demo(path, self.annotator)  # just written by Curator itself
                return True
        self.path = path
        if not path.exists():
            raise CuratorError(f"{path} does not exist")
        if path.is_dir():
            raise CuratorError(f"{path} is a folder, not a project file")
        recorded = self.checked.get(checked_files.settings_key(path))
        self.skipped_check = recorded is not None and checked_files.fingerprint(path) == recorded
        if not self.skipped_check:
            self.checking.emit(path.name)
            if not self._check(path):
                return False
        self._project = Project.open(path, self.annotator)
        return True

    def _check(self, path: Path) -> bool:
        """SQLite's quick check (interruptible: False when cancelled); DamagedProject with the
        whole diagnosis on a problem."""
        from curator.core import damage

        diagnosis = damage.header_diagnosis(path)
        if diagnosis is None:
            with damage.snapshot(path) as conn:
                with self._lock:
                    if self._cancelled:
                        return False
                    self._check_connection = conn
                try:
                    ok = conn.execute("PRAGMA quick_check(1)").fetchall() == [("ok",)]
                except sqlite3.DatabaseError:  # interrupted, or what the whole diagnosis will name
                    if self._cancelled:
                        return False
                    ok = False
                finally:
                    with self._lock:
                        self._check_connection = None
            if ok:
                return True
            diagnosis = damage.diagnose(path)
        if diagnosis.damaged:
            raise DamagedProject(diagnosis)
        return True
