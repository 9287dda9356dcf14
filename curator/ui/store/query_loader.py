"""One question to the project answered on a worker, again whenever asked: a panel's counts (the
Actors tab), the roles the inspector offers. A :class:`QueryLoader` runs ``query(project)`` in a
:class:`~curator.ui.store.project_job.ProjectJob` on its own connection, so the GUI thread never
waits for a scan that grows with the project; a newer :meth:`QueryLoader.load` drops the answer
of an older one (by generation). :meth:`QueryLoader.wait` is for tests and scripts;
:meth:`QueryLoader.shutdown` stops the job when the window closes.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from curator.ui.store.project_job import JobKeeper, ProjectJob
from curator.ui.store.waiting import process_events_until


class _QueryJob(ProjectJob):
    def __init__(self, path, generation: int, query: Callable[[Any], Any]):
        super().__init__(path, generation)
        self.query = query

    def work(self, project):
        return self.query(project)


class QueryLoader(QObject):
    """``loaded(answer)`` with the answer of the latest :meth:`load`; ``failed(reason)``. With
    no project open, ``loaded(empty)`` at once."""

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, workspace, query: Callable[[Any], Any], empty: Any, parent=None):
        super().__init__(parent)
        self.workspace, self.query, self.empty = workspace, query, empty
        self._jobs = JobKeeper()
        self._generation = 0

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def load(self) -> None:
        """Ask again (an answer still under way is dropped)."""
        self._generation += 1
        self._jobs.cancel_all()
        if not self.workspace.has_project:
            self.loaded.emit(self.empty)
            return
        job = _QueryJob(self.workspace.path, self._generation, self.query)
        job.found.connect(self._found)
        job.failed.connect(self._failed)
        self._jobs.start(job)

    def drop(self) -> None:
        """Forget the answer under way (its job is cancelled; nothing is emitted for it)."""
        self._generation += 1
        self._jobs.cancel_all()

    def _found(self, generation: int, answer) -> None:
        if generation == self._generation:
            self.loaded.emit(answer)

    def _failed(self, generation: int, reason: str) -> None:
        if generation == self._generation:
            self.failed.emit(reason)

    def wait(self, timeout_ms: int = 10_000) -> None:
        process_events_until(lambda: not self._jobs, timeout_ms)

    def shutdown(self) -> None:
        self._generation += 1
        self._jobs.wait_all()
