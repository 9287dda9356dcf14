"""The status bar's counts ("1,000,000 events (999,812 dated) · …"), read on a worker.

Counting reads every row (0.6 s at a million events), so it never runs on the GUI thread: a
:class:`CountsJob` reads :meth:`Project.stats` on its own connection after a burst of changes
has settled, and the label shows the answer when it comes ("counting…" meanwhile, after the
first). :meth:`StatusCounts.wait` is for tests and scripts.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, QTimer
from PySide6.QtWidgets import QLabel

from curator.ui.store.project_job import JobKeeper, ProjectJob
from curator.ui.store.waiting import process_events_until

SETTLE_MS = 200  # a burst of edits is counted once


class CountsJob(ProjectJob):
    def work(self, project):
        return project.stats()


def counts_text(stats: dict) -> str:
    people = stats["actors"] - stats.get("places", 0)  # the facade counts places among actors
    return (f"{stats['documents']:,} documents · {stats['events']:,} events ({stats['dated_events']:,} dated)"
            f" · {stats.get('highlights', 0):,} highlights · {people:,} actors · {stats.get('places', 0):,} places")


class StatusCounts(QObject):
    """Keeps ``label`` showing the counts of ``workspace``'s project."""

    def __init__(self, workspace, label: QLabel, parent=None):
        super().__init__(parent)
        self.workspace, self.label = workspace, label
        self._jobs = JobKeeper()
        self._generation = 0
        self._path = None  # the project whose counts the label shows
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._count)

    def refresh(self, now: bool = False) -> None:
        """Count again soon (at once with ``now``: a project was just shown)."""
        self._generation += 1  # an answer under way is out of date
        if not self.workspace.has_project:
            self._timer.stop()
            self._jobs.cancel_all()
            self._path = None
            self.label.setText("")
            return
        if now:
            if self.workspace.path != self._path:  # another project; a re-read one keeps its counts
                self._path = self.workspace.path
                self.label.setText("counting…")
            self._timer.stop()
            self._count()
        else:
            self._timer.start()

    def _count(self) -> None:
        if not self.workspace.has_project:
            return
        self._jobs.cancel_all()
        job = CountsJob(self.workspace.path, self._generation)
        job.found.connect(self._show)
        job.failed.connect(self._failed)
        self._jobs.start(job, QThread.LowPriority)

    def _show(self, generation: int, stats: dict) -> None:
        if generation == self._generation and self.workspace.has_project:
            self.label.setText(counts_text(stats))

    def _failed(self, generation: int, reason: str) -> None:
        if generation == self._generation:
            self.label.setText("")
            self.label.setToolTip(f"The counts could not be read: {reason}")

    def wait(self, timeout_ms: int = 10_000) -> None:
        """Until the counts shown are current (for tests and scripts; the window never waits)."""
        process_events_until(lambda: not (self._timer.isActive() or self._jobs), timeout_ms)

    def shutdown(self) -> None:
        self._timer.stop()
        self._generation += 1
        self._jobs.wait_all()
