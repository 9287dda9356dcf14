"""Folding the project's write-ahead log into its main file off the GUI thread.

SQLite folds the WAL into the main file inside the commit that takes it past 1,000 pages: megabytes
written and synced while the window waits for its edit (0.1-0.5 s at a million events). The
window's connections do not (:meth:`curator.core.project.Project.defer_checkpoints`); a
:class:`WalFolder` looks at the WAL's size every few seconds and, past :data:`FOLD_FROM` bytes,
folds it on a worker with a PASSIVE checkpoint (its own connection; it waits for no one and copies
what no reader still needs). Closing the project folds the rest, as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QObject, QThread, QTimer

from curator.core import wal
from curator.ui.store.project_job import JobKeeper

FOLD_FROM = 4 * 1024 * 1024  # bytes of WAL (SQLite's own default: 1,000 pages of 4 KB)
LOOK_EVERY_MS = 3000


class _Fold(QThread):
    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    def run(self) -> None:
        wal.checkpoint(self.path, mode="PASSIVE")

    def cancel(self) -> None:  # a checkpoint is short: it is waited for, not stopped
        pass


class WalFolder(QObject):
    """Folds the open project's WAL on a worker when it has grown (see the module)."""

    def __init__(self, workspace, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.workspace = workspace
        self._jobs = JobKeeper()  # (one fold at a time)
        self.folds = 0  # folds started (tests)
        self.timer = QTimer(self)
        self.timer.setInterval(LOOK_EVERY_MS)
        self.timer.timeout.connect(self.look)
        workspace.projectReplaced.connect(self._on_project_replaced)

    def _on_project_replaced(self) -> None:
        if self.workspace.editable:
            self.workspace.project.defer_checkpoints()
            self.timer.start()
        else:
            self.timer.stop()

    def look(self) -> bool:
        """Fold now if the WAL has grown past FOLD_FROM and no fold runs; True if one started."""
        if self._jobs or not self.workspace.editable:
            return False
        path = self.workspace.path
        try:
            size = wal.wal_path(path).stat().st_size
        except OSError:
            return False
        if size < FOLD_FROM:
            return False
        self.folds += 1
        self._jobs.start(_Fold(path), QThread.LowPriority)
        return True

    @property
    def job(self) -> Optional[_Fold]:
        """The fold under way, if any."""
        return self._jobs.jobs[0] if self._jobs else None

    def shutdown(self) -> None:
        """The window is closing: let a fold under way finish (it is short)."""
        self.timer.stop()
        self._jobs.wait_all()
