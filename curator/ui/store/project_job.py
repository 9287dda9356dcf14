"""Reading the project off the GUI thread.

A :class:`ProjectJob` is a QThread that opens its own connection to the project file (SQLite in
WAL mode lets it read while the window writes), does its :meth:`ProjectJob.work`, and reports
``found(generation, result)``, or ``failed(generation, reason)``, never both and neither once
cancelled. The generation lets a panel drop the late answer of a job it has replaced.
Cancelling is cooperative: :meth:`ProjectJob.work` may look at ``cancelled`` between steps, and
the statement running on the job's connections is interrupted (``sqlite3_interrupt``, which
SQLite honours inside a single long step too), so that even a count over a million rows ends at
once when the window closes.
:class:`JobKeeper` starts a panel's jobs, cancels them, waits for them when the window closes,
and keeps each QThread object alive until its thread has ended (:mod:`curator.ui.store.threads`,
which the application waits on before it exits).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDeadlineTimer, QThread, Signal

from curator.ui.store import threads

# SQLite virtual-machine steps between two looks at the cancel flag, for a statement that starts
# after the cancel (a running one is interrupted at once). The look is a Python call, so it needs
# the GIL: every 1,000 steps, a worker's count over a million rows took 6-10x longer while the
# window ran Python, and the window's own work waited for the workers' looks. A million steps is
# a few tens of milliseconds of SQL.
PROGRESS_STEPS = 1_000_000

if TYPE_CHECKING:
    from curator.core.project import Project


class ProjectJob(QThread):
    found = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, path: Path, generation: int, parent=None):
        super().__init__(parent)
        self.path, self.generation = path, generation
        self._cancelled = False
        self._lock = threading.Lock()
        self._connections: list = []  # the job's SQLite connections, to interrupt on cancel

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            for connection in self._connections:
                interrupt(connection)

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def work(self, project: Project):  # pragma: no cover - abstract
        """The job's reading, on its own connection; its return value is what ``found`` carries."""
        raise NotImplementedError

    def run(self) -> None:
        try:
            from curator.core.project import Project

            project = Project(self.path)
            self._interruptible(project)
            try:
                if self._cancelled:  # while the facade was being imported, say
                    return
                result = self.work(project)
            finally:
                project.close(checkpoint=False)  # the window's own connection stays open
        except Exception as exc:  # noqa: BLE001 - reported to the panel, never lost
            if not self._cancelled:
                self.failed.emit(self.generation, str(exc))
            return
        if not self._cancelled:
            self.found.emit(self.generation, result)

    def _interruptible(self, project: "Project") -> None:
        """The connections of the job's project stop their statement when the job is cancelled."""
        from sqlalchemy import event

        def on_connect(dbapi_connection, _record) -> None:
            with self._lock:
                self._connections.append(dbapi_connection)
            # a statement that starts after the cancel (an interrupt stops only running ones)
            dbapi_connection.set_progress_handler(lambda: 1 if self._cancelled else 0, PROGRESS_STEPS)

        event.listen(project._engine, "connect", on_connect)  # the facade has no public hook for this


def interrupt(connection) -> None:
    """Stop the statement ``connection`` runs (from any thread); nothing when it is closed."""
    try:
        connection.interrupt()
    except Exception:  # noqa: BLE001 - closed meanwhile: nothing runs on it
        pass


class JobKeeper:
    """The jobs one panel has running."""

    def __init__(self):
        self.jobs: list[ProjectJob] = []

    def start(self, job: ProjectJob, priority: QThread.Priority = QThread.InheritPriority) -> None:
        job.finished.connect(lambda job=job: self._forget(job))
        self.jobs.append(job)
        threads.keep(job)
        job.start(priority)

    def cancel_all(self) -> None:
        for job in self.jobs:
            job.cancel()

    def wait_all(self, timeout_ms: int = -1) -> None:
        """Cancel and wait for the jobs still running (when the window or the project closes);
        each for at most ``timeout_ms`` (-1: as long as it takes; cancelled, a job ends soon)."""
        for job in list(self.jobs):
            job.cancel()
        for job in list(self.jobs):
            job.wait(QDeadlineTimer(QDeadlineTimer.Forever) if timeout_ms < 0 else timeout_ms)

    def __len__(self) -> int:
        return len(self.jobs)

    def _forget(self, job: ProjectJob) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        threads.forget(job)
        job.deleteLater()
