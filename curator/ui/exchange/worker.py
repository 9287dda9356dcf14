"""Running an export, import or merge off the GUI thread, with progress and cancel.

An :class:`ExchangeWorker` runs one Qt-free exchange call on its own QThread, with its own
connection to the project file (SQLite lets the window keep reading and writing meanwhile: the
work is one transaction, committed or rolled back as a whole). It reports ``progress(done,
total)`` and ends with exactly one of ``succeeded(result)``, ``failed(message, exception)`` or
``cancelled()``. :func:`run_with_progress` shows a QProgressDialog whose Cancel button cancels.

    worker = ExchangeWorker.export(project.path, "out.json", annotator="ana")
    worker.succeeded.connect(...)
    run_with_progress(window, worker, "Exporting")
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

from PySide6.QtCore import QDeadlineTimer, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from curator.core.errors import CuratorError
from curator.core.locking import LockWait, ProjectBusy
from curator.exchange.errors import Cancelled
from curator.ui.store import threads

if TYPE_CHECKING:  # the facade loads when a run starts, on its thread
    from curator.core.project import Project

Task = Callable[["Project", Callable[[int, int], bool]], Any]
WORKER_WAIT_S = 24 * 3600  # a worker waits for another program's lock until it is cancelled


class _Runner(QObject):
    """Lives on the worker thread and runs the task there; talks to its ExchangeWorker (which
    stays on the GUI thread) only through queued signals."""

    progress = Signal(int, int)
    waiting = Signal(int)  # seconds waited so far for another program's write lock
    finished = Signal(str, object, object)  # outcome, result or message, exception

    def __init__(self, worker: "ExchangeWorker"):
        super().__init__()
        self.project_path = worker.project_path
        self.annotator = worker.annotator
        self.task = worker.task
        self.cancel_flag = worker._cancel

    def _report(self, done: int, total: int) -> bool:
        self.progress.emit(int(done), int(total))
        return not self.cancel_flag.is_set()

    def _wait(self, waited: float) -> bool:
        self.waiting.emit(int(waited))
        return not self.cancel_flag.is_set()

    @Slot()
    def run(self) -> None:
        outcome, payload, error = "succeeded", None, None
        try:
            if self.cancel_flag.is_set():
                raise Cancelled()
            wait = LockWait(limit=WORKER_WAIT_S, on_wait=self._wait,
                            on_done=lambda waited, got: self.waiting.emit(-1))
            from curator.core.project import Project

            project = Project.open(self.project_path, annotator=self.annotator, lock_wait=wait)
            try:
                payload = self.task(project, self._report)
            finally:
                project.close()
        except Cancelled as exc:
            outcome, payload, error = "cancelled", str(exc), exc
        except ProjectBusy as exc:  # Cancel pressed while waiting for the lock
            if self.cancel_flag.is_set():
                outcome, payload, error = "cancelled", str(exc), exc
            else:
                outcome, payload, error = "failed", str(exc), exc
        except (CuratorError, OSError, ValueError) as exc:
            outcome, payload, error = "failed", str(exc), exc
        except Exception as exc:  # noqa: BLE001 - report, never crash the window's thread
            outcome, payload, error = "failed", f"unexpected error: {exc!r}", exc
        self.finished.emit(outcome, payload, error)


class ExchangeWorker(QObject):
    """One exchange run. Create it with a task (or a named constructor), then :meth:`start`.
    The worker object stays on the GUI thread, so everything connected to its signals runs
    there, plain Python callables included."""

    progress = Signal(int, int)
    waiting = Signal(int)  # seconds waited for another program's write lock; -1 when it came
    succeeded = Signal(object)
    failed = Signal(str, object)
    cancelled = Signal()
    done = Signal()  # after any of the three above

    def __init__(self, project_path: str | Path, task: Task, annotator: str = "", label: str = ""):
        super().__init__()
        self.project_path = Path(project_path)
        self.task = task
        self.annotator = annotator
        self.label = label
        self._cancel = threading.Event()
        self._thread: Optional[QThread] = None
        self._runner: Optional[_Runner] = None
        self.result: Any = None

    # ------------------------------------------------------------------ named tasks
    @classmethod
    def export(cls, project_path, out, annotator: str = "", suffix: Optional[str] = None) -> "ExchangeWorker":
        """Export to ``out`` in the format its suffix asks for, or the format of ``suffix`` (a key
        of EXPORT_FORMATS: an ACLED file may be called "events.csv")."""
        from curator.exchange import FORMAT_NAMES, export_project
        name = {key: name for name, key in FORMAT_NAMES.items()}.get(suffix) if suffix else None
        return cls(project_path, lambda p, progress: export_project(p, out, progress, format=name), annotator,
                   f"Exporting to {Path(out).name}")

    @classmethod
    def import_json(cls, project_path, infile, annotator: str = "") -> "ExchangeWorker":
        from curator.exchange.json_format import import_json
        return cls(project_path, lambda p, progress: import_json(p, infile, progress), annotator,
                   f"Importing {Path(infile).name}")

    @classmethod
    def import_acled(cls, project_path, infile, annotator: str = "") -> "ExchangeWorker":
        from curator.exchange.acled_import import import_acled
        return cls(project_path, lambda p, progress: import_acled(p, infile, progress), annotator,
                   f"Importing {Path(infile).name}")

    @classmethod
    def plan_merge(cls, project_path, other, annotator: str = "") -> "ExchangeWorker":
        """Compare only (for the merge dialog): the result is (other side, MergePlan)."""
        from curator.exchange.merge_file import plan_file_merge
        return cls(project_path, lambda p, progress: plan_file_merge(p, other), annotator,
                   f"Comparing with {Path(other).name}")

    @classmethod
    def merge(cls, project_path, other, decisions: Optional[dict[str, str]] = None,
              default: Optional[str] = None, annotator: str = "") -> "ExchangeWorker":
        from curator.exchange.merge_file import merge_file
        return cls(project_path, lambda p, progress: merge_file(p, other, decisions, default, progress),
                   annotator, f"Merging {Path(other).name}")

    # ------------------------------------------------------------------ running
    def start(self) -> None:
        """Run the task on a new QThread; the signals arrive on this object's (GUI) thread."""
        thread = QThread()
        runner = _Runner(self)
        runner.moveToThread(thread)
        thread.started.connect(runner.run)
        runner.progress.connect(self._on_progress)
        runner.waiting.connect(self.waiting)
        runner.finished.connect(self._on_finished)
        # quit() is thread-safe: call it on the worker thread as soon as the task ends
        runner.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        self._thread, self._runner = thread, runner
        threads.keep(self)  # the window's close (and the application's exit) cancels and waits
        thread.finished.connect(lambda: threads.forget(self))
        thread.start()

    def cancel(self) -> None:
        """Ask the run to stop at its next progress report; its transaction is rolled back."""
        self._cancel.set()

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the thread has ended, at most ``msecs`` (-1: as long as it takes; after
        cancel() that is until the run's next progress report, its transaction rolled back)."""
        if self._thread is None:
            return True
        return self._thread.wait(QDeadlineTimer(QDeadlineTimer.Forever) if msecs < 0 else msecs)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.emit(done, total)

    @Slot(str, object, object)
    def _on_finished(self, outcome: str, payload: Any, error: Any) -> None:
        if self._thread is not None:
            self._thread.wait()
        if outcome == "succeeded":
            self.result = payload
            self.succeeded.emit(payload)
        elif outcome == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit(payload, error)
        self.done.emit()


def run_with_progress(parent: Optional[QWidget], worker: ExchangeWorker, title: str = "") -> QProgressDialog:
    """Start ``worker`` behind a window-modal progress dialog whose Cancel cancels it. The dialog
    closes itself when the worker is done; the caller connects to the worker's signals."""
    dialog = QProgressDialog(title or worker.label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title or worker.label or "Working")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def on_progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    label = title or worker.label

    def on_waiting(seconds: int) -> None:
        if seconds < 0:
            dialog.setLabelText(label)
            return
        name = worker.project_path.name
        dialog.setLabelText(f"{label}\nWaiting for another program (or Curator window) writing to "
                            f"{name}… {seconds} s")
        dialog.show()  # a wait is worth showing at once

    worker.progress.connect(on_progress)
    worker.waiting.connect(on_waiting)
    dialog.canceled.connect(worker.cancel)
    worker.done.connect(dialog.close)
    worker.done.connect(dialog.deleteLater)
    worker.start()
    return dialog
