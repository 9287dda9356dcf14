"""Reading the project off the GUI thread.

A :class:`ProjectJob` is a QThread that opens its own connection to the project file (SQLite in
WAL mode lets it read while the window writes), does its :meth:`ProjectJob.work`, and reports
``found(generation, result)``, or ``failed(generation, reason)``, never both and neither once
cancelled. The generation lets a panel drop the late answer of a job it has replaced.
:class:`JobKeeper` starts a panel's jobs, cancels them, waits for them when the window closes,
and keeps each QThread object alive until its thread has ended.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, Signal

from curator.core.project import Project

_RUNNING: set = set()  # jobs still running: a QThread object must outlive its run()


class ProjectJob(QThread):
    found = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, path: Path, generation: int, parent=None):
        super().__init__(parent)
        self.path, self.generation = path, generation
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def work(self, project: Project):  # pragma: no cover - abstract
        """The job's reading, on its own connection; its return value is what ``found`` carries."""
        raise NotImplementedError

    def run(self) -> None:
        try:
            project = Project(self.path)
            try:
                result = self.work(project)
            finally:
                project.close(checkpoint=False)  # the window's own connection stays open
        except Exception as exc:  # noqa: BLE001 - reported to the panel, never lost
            if not self._cancelled:
                self.failed.emit(self.generation, str(exc))
            return
        if not self._cancelled:
            self.found.emit(self.generation, result)


class JobKeeper:
    """The jobs one panel has running."""

    def __init__(self):
        self.jobs: list[ProjectJob] = []

    def start(self, job: ProjectJob, priority: QThread.Priority = QThread.InheritPriority) -> None:
        job.finished.connect(lambda job=job: self._forget(job))
        self.jobs.append(job)
        _RUNNING.add(job)
        job.start(priority)

    def cancel_all(self) -> None:
        for job in self.jobs:
            job.cancel()

    def wait_all(self, timeout_ms: int = -1) -> None:
        """Cancel and wait for the jobs still running (when the window or the project closes);
        each for at most ``timeout_ms`` (-1: as long as it takes)."""
        for job in list(self.jobs):
            job.cancel()
            if timeout_ms < 0:
                job.wait()
            else:
                job.wait(timeout_ms)

    def __len__(self) -> int:
        return len(self.jobs)

    def _forget(self, job: ProjectJob) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        _RUNNING.discard(job)
        job.deleteLater()
