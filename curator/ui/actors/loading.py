"""The Actors tab's rows, read on a worker: every live actor and place with its mention and
event counts (:meth:`Project.actor_summaries`, one grouped query over every event link: 0.3 s at
100,000 events, 3 s at a million), so the GUI thread never waits for it. A newer request drops
the answer of an older one (by generation); :meth:`SummaryLoader.wait` is for tests and scripts.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QThread, Signal

from curator.ui.store.project_job import JobKeeper, ProjectJob


class ActorSummariesJob(ProjectJob):
    def work(self, project):
        return project.actor_summaries()


class SummaryLoader(QObject):
    """``loaded(rows)`` with the rows of the latest :meth:`load`; ``failed(reason)``."""

    loaded = Signal(list)
    failed = Signal(str)

    def __init__(self, workspace, parent=None, message=None):
        super().__init__(parent)
        self.workspace = workspace
        if message is not None:  # the panel's status-bar signal
            self.failed.connect(lambda reason: message.emit(f"The actors could not be read: {reason}"))
        self._jobs = JobKeeper()
        self._generation = 0

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def load(self) -> None:
        """Read the rows again (an answer still under way is dropped)."""
        self._generation += 1
        self._jobs.cancel_all()
        if not self.workspace.has_project:
            self.loaded.emit([])
            return
        job = ActorSummariesJob(self.workspace.path, self._generation)
        job.found.connect(self._found)
        job.failed.connect(self._failed)
        self._jobs.start(job)

    def _found(self, generation: int, rows: list) -> None:
        if generation == self._generation:
            self.loaded.emit(rows)

    def _failed(self, generation: int, reason: str) -> None:
        if generation == self._generation:
            self.failed.emit(reason)

    def wait(self, timeout_ms: int = 10_000) -> None:
        deadline = QDeadlineTimer(timeout_ms)
        while self._jobs and not deadline.hasExpired():
            QCoreApplication.processEvents()
            QThread.msleep(5)
        QCoreApplication.processEvents()

    def shutdown(self) -> None:
        self._generation += 1
        self._jobs.wait_all()
