"""The window's side of opening a project in the background (:mod:`curator.ui.store.project_opening`).

While the file is checked and opened, the window is already painted and laid out: a veil over
the empty panes says "Opening NAME…" (then "Checking NAME for damage…" while SQLite reads every
page) with a busy indicator, and the title says so; the menus work. When another project is
shown meanwhile, it stays (a bar above the panes says what is being opened) until the new one is
open. A damaged file opens the damaged-file dialog; one that cannot be opened is said in a
message. A project the window checked is fingerprinted when it closes, so that the next opening
of the unchanged file skips the check (:mod:`curator.ui.store.checked_files`).

    opener = ProjectOpener(window)
    opener.start([Candidate(path)])     # File ▸ Open, `curator gui PROJECT`
    opener.shutdown()                   # the window is closing: cancel and wait
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from curator import timing
from curator.ui.store import threads
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


class OpeningVeil(QWidget):
    """"Opening NAME…" over ``target`` (the window's panes, laid out but empty), following its
    size; it hides what the empty panes would say ("No project is open")."""

    def __init__(self, target: QWidget, window: QWidget):
        super().__init__(window)  # not the target's child: a splitter would take it for a pane
        self.target = target
        self.setAttribute(Qt.WA_StyledBackground, True)
        self.setStyleSheet("OpeningVeil { background: rgba(244, 244, 242, 245); }"
                           "QLabel { color: #3a3a3a; font-size: 15px; }")
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignCenter)
        busy = QProgressBar(self)
        busy.setRange(0, 0)
        busy.setTextVisible(False)
        busy.setFixedSize(220, 10)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(busy, 0, Qt.AlignHCenter)
        layout.addStretch(1)
        target.installEventFilter(self)
        self.hide()

    def say(self, text: str) -> None:
        self.label.setText(text)
        self._follow()
        self.raise_()
        self.show()

    def _follow(self) -> None:
        self.setGeometry(QRect(self.target.mapTo(self.parentWidget(), QPoint(0, 0)), self.target.size()))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.target and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._follow()
        return False


class ProjectOpener(QObject):
    """Opens projects for one main window off the GUI thread (see the module)."""

    shown = Signal()  # a project opened by start() is shown in the window
    checking = Signal(str)  # the name of the file being checked for damage before it opens
    done = Signal()  # the run is over (shown, refused, failed or cancelled)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.bar = OpeningBar(window)
        self.veil = OpeningVeil(window.main_splitter, window)
        self.job: Optional[ProjectOpening] = None
        self.checked_path: Optional[Path] = None  # the project shown, checked when opened
        self._name = ""
        self.passed_over_box = None  # the message saying the last project was not reopened
        window.workspace.projectReplaced.connect(self._on_project_replaced)

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(self, candidates: list[Candidate]) -> None:
        """Open the first of ``candidates`` that opens (the window must be free to leave the
        project it shows: see MainWindow.may_leave_project)."""
        self.shutdown()
        from curator.ui import app
        from curator.ui.store import checked_files

        checked = checked_files.recorded() if self.window.remember else {}
        job = self.job = ProjectOpening(candidates, app.effective_annotator(), checked)
        job.opened.connect(lambda project, job=job: self._on_opened(job))
        job.checking.connect(lambda name, job=job: self._on_checking(job, name))
        job.damaged.connect(lambda diagnosis, job=job: self._on_damaged(job, diagnosis))
        job.failed.connect(lambda reason, job=job: self._on_failed(job, reason))
        job.finished.connect(lambda job=job: self._on_finished(job))
        self._name = candidates[0].name if candidates else ""
        self._say(job, f"Opening {self._name}…")
        self.window.setWindowTitle(f"Opening {self._name}… — Curator")
        threads.keep(job)
        job.start()

    def note_checked(self, path: Optional[Path]) -> None:
        """The project now shown was checked for damage when it was opened (MainWindow.open_path)."""
        self.checked_path = Path(path) if path is not None else None

    def wait(self, timeout_ms: int = 60_000) -> bool:
        """Process events until the run is over (for tests and scripts; the window never waits)."""
        from curator.ui.store.waiting import process_events_until

        return process_events_until(lambda: self.job is None, timeout_ms)

    def shutdown(self) -> None:
        """Cancel a run under way (interrupting the check) and wait for its thread; a project it
        opened that the window did not show yet is closed."""
        job = self.job
        if job is None:
            return
        job.cancel()
        job.wait()
        job.discard()
        self._finish(job)
        self.window.show_title()

    # ------------------------------------------------------------------ the job's reports
    def _say(self, job: ProjectOpening, text: str) -> None:
        if job is not self.job:
            return
        if self.window.workspace.has_project:  # the project shown stays until the new one is open
            self.bar.say(text)
        else:
            self.veil.say(text)

    def _on_checking(self, job: ProjectOpening, name: str) -> None:
        if job is self.job:
            self._say(job, f"Checking {name} for damage…")
            self.checking.emit(name)

    def _on_opened(self, job: ProjectOpening) -> None:
        project = job.take()
        if job is not self.job or project is None:
            return
        self.veil.hide()
        self.bar.hide()
        self.window.set_project(project)
        self.checked_path = project.path
        timing.mark("project shown")
        self.shown.emit()
        if job.passed_over:
            self._say_passed_over(job.passed_over, project.path.name)

    def _say_passed_over(self, passed_over: list[tuple[str, str]], shown: str) -> None:
        """The last project could not be reopened: say why, over the project shown instead."""
        from PySide6.QtWidgets import QMessageBox

        lines = "\n".join(f"{name}: {reason}" for name, reason in passed_over)
        box = QMessageBox(QMessageBox.Information, "Last project not reopened",
                          f"Curator could not reopen the project you had open last.\n\n{lines}\n\n"
                          f"{shown} is open instead (File ▸ Open… to choose another).",
                          QMessageBox.Ok, self.window)
        box.setWindowModality(Qt.WindowModal)
        box.setAttribute(Qt.WA_DeleteOnClose)
        self.passed_over_box = box  # for tests
        box.open()

    def _on_damaged(self, job: ProjectOpening, diagnosis) -> None:
        if job is self.job:
            self._finish(job)
            self.window.show_title()
            self.window.show_damaged(diagnosis)

    def _on_failed(self, job: ProjectOpening, reason: str) -> None:
        if job is self.job:
            self._finish(job)
            self.window.show_title()
            self.window._error("Cannot open the project", reason)

    def _on_finished(self, job: ProjectOpening) -> None:
        threads.forget(job)
        if job is self.job:
            job.discard()
            self._finish(job)

    def _on_project_replaced(self) -> None:
        """The project shown was closed (or another shown): fingerprint it if it was checked."""
        closed = self.checked_path
        if closed is not None and closed != self.window.workspace.path:
            self.checked_path = None
            if self.window.remember:
                from curator.ui.store import checked_files

                checked_files.remember(closed)

    # ------------------------------------------------------------------ internals
    def _finish(self, job: ProjectOpening) -> None:
        if job is self.job:
            self.job = None
            self.bar.hide()
            self.veil.hide()
            self.done.emit()
        job.deleteLater()
