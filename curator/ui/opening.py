"""The window's side of opening a project in the background (:mod:`curator.ui.store.project_opening`).

While the file opens, the window is already painted and laid out: a bar above the panes says
"Opening NAME…" with a busy indicator, and the title says so. Once the project is open the
window shows it at once; while SQLite's quick check still reads the file, the bar says
"Checking NAME for damage…" and edits wait (:class:`~curator.ui.store.pending.PendingWrites`
holds them, shown in the status bar as usual) and are saved when the check passes. A damaged
file is closed again, its waiting edits are dropped (said in the status bar: nothing of them was
written) and the damaged-file dialog opens. A file that cannot be opened is said in a message.

    opening = ProjectOpener(window)
    opening.start([Candidate(path)])     # File ▸ Open, `curator gui PROJECT`
    opening.shutdown()                   # the window is closing: cancel and wait
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar

from curator import timing
from curator.ui.store.project_opening import Candidate, ProjectOpening

BAR_STYLE = ("QFrame#openingBar { background: #e8f0fb; border-bottom: 1px solid #b7cbe8; }"
             "QFrame#openingBar QLabel { color: #1d3557; }")


class OpeningBar(QFrame):
    """"Opening big.curator…" with a busy indicator, above the window's panes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("openingBar")
        self.setStyleSheet(BAR_STYLE)
        self.label = QLabel(self)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(160)
        self.busy.setMaximumHeight(12)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.busy)
        self.hide()

    def say(self, text: str) -> None:
        self.label.setText(text)
        self.show()


class ProjectOpener(QObject):
    """Opens projects for one main window off the GUI thread (see the module)."""

    shown = Signal()  # a project opened by start() is shown in the window
    done = Signal()  # the run is over (shown and checked, refused, failed or cancelled)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.bar = OpeningBar(window)
        self.job: Optional[ProjectOpening] = None
        self._holding = False  # edits are held until the quick check has passed
        self._name = ""

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(self, candidates: list[Candidate]) -> None:
        """Open the first of ``candidates`` that opens (the window must be free to leave the
        project it shows: see MainWindow.may_leave_project)."""
        self.shutdown()
        from curator.ui import app

        job = self.job = ProjectOpening(candidates, app.effective_annotator())
        job.opened.connect(lambda project, job=job: self._on_opened(job))
        job.checked.connect(lambda diagnosis, job=job: self._on_checked(job, diagnosis))
        job.damaged.connect(lambda diagnosis, job=job: self._on_damaged(job, diagnosis))
        job.failed.connect(lambda reason, job=job: self._on_failed(job, reason))
        job.finished.connect(lambda job=job: self._on_finished(job))
        self._name = candidates[0].name if candidates else ""
        self.bar.say(f"Opening {self._name}…")
        self.window.setWindowTitle(f"Opening {self._name}… — Curator")
        job.start()

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Process events until the run is over (for tests and scripts; the window never waits)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThread

        deadline = QDeadlineTimer(timeout_ms)
        while self.job is not None and not deadline.hasExpired():
            QCoreApplication.processEvents()
            QThread.msleep(5)
        return self.job is None

    def shutdown(self) -> None:
        """Cancel a run under way (interrupting the quick check) and wait for its thread; a
        project it opened that the window did not show yet is closed."""
        job = self.job
        if job is None:
            return
        job.cancel()
        job.wait()
        job.discard()
        self._finish(job)

    # ------------------------------------------------------------------ the job's reports
    def _on_opened(self, job: ProjectOpening) -> None:
        project = job.take()
        if job is not self.job or project is None:
            return
        self._name = project.path.name
        self.window.set_project(project)
        if not job.isFinished() and not project.read_only:  # the quick check is still to come
            self.window.pending.hold(f"the check of {self._name} for damage")
            self._holding = True
            self.bar.say(f"Checking {self._name} for damage… You can look around; edits are saved "
                         "once the check has passed.")
        timing.mark("project shown")
        self.shown.emit()

    def _on_checked(self, job: ProjectOpening, diagnosis) -> None:
        if job is not self.job:
            return
        if diagnosis.damaged:
            self.window.set_project(None)  # waiting edits are dropped and said
            self._release()
            self.window.show_damaged(diagnosis)
        else:
            self._release()

    def _on_damaged(self, job: ProjectOpening, diagnosis) -> None:
        if job is self.job:
            self.window.show_damaged(diagnosis)

    def _on_failed(self, job: ProjectOpening, reason: str) -> None:
        if job is not self.job:
            return
        if self.window.workspace.has_project and self._holding:  # opened, but the check could not run
            self._release()
            self.window.show_message(f"The check of {self._name} for damage could not run: {reason}")
            return
        self.window.show_title()
        self.window._error("Cannot open the project", reason)

    def _on_finished(self, job: ProjectOpening) -> None:
        if job is self.job:
            job.discard()
            self._finish(job)

    # ------------------------------------------------------------------ internals
    def _release(self) -> None:
        if self._holding:
            self._holding = False
            self.window.pending.release()

    def _finish(self, job: ProjectOpening) -> None:
        if job is self.job:
            self.job = None
            self._release()
            self.bar.hide()
            self.done.emit()
        job.deleteLater()

