"""What the window does when a project cannot be opened because its file is damaged.

A dialog says so in one line (the diagnosis: what is wrong, that nothing was changed, where the
newest backup is) and offers:

* **Recover into a new project…** (when something can be salvaged): asks for the new file's name
  and runs :func:`curator.core.recovery.recover` on a :class:`RecoverWorker` thread behind a
  progress dialog with Cancel; then says what was recovered and what was lost and opens the new
  project;
* **Open backup…** (when a migration left one): copies the backup to a new project file of the
  user's choosing and opens that (the backup itself stays as it is);
* **Close**.

The damaged file is never written.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QThread, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
)

from curator.core.damage import Diagnosis
from curator.core.errors import CuratorError
from curator.ui.store import threads

PROJECT_FILTER = "Curator projects (*.curator);;All files (*)"


class RecoverWorker(QThread):
    """``recover(damaged, new)`` off the GUI thread: ``progress(done, total)``, then exactly one
    of ``succeeded(report)``, ``failed(reason)`` or ``cancelled()``."""

    progress = Signal(int, int)
    succeeded = Signal(dict)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, damaged: Path, new: Path, parent=None):
        super().__init__(parent)
        self.damaged, self.new = Path(damaged), Path(new)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _report(self, done: int, total: int) -> bool:
        self.progress.emit(int(done), int(total))
        return not self._cancel.is_set()

    def run(self) -> None:
        from curator.core.recovery import RecoveryCancelled, recover

        try:
            report = recover(self.damaged, self.new, self._report)
        except RecoveryCancelled:
            self.cancelled.emit()
        except (CuratorError, OSError) as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported in the dialog, never a crash
            self.failed.emit(f"unexpected error: {exc!r}")
        else:
            self.succeeded.emit(report)


def describe_recovery(report: dict) -> str:
    """A recovery report in a few sentences: what was kept, what was lost, table by table."""
    totals = report["totals"]
    lines = [f"Recovered {totals['kept']:,} records into {report['recovered']}."]
    lost = []
    for name, table in report["tables"].items():
        parts = []
        if table.get("lost"):
            parts.append(f"{table['lost']:,} lost")
        elif table.get("lost") is None:
            parts.append("an unknown number lost")
        for reason, count in (table.get("dropped") or {}).items():
            parts.append(f"{count:,} left out ({reason})")
        for column, count in (table.get("cleared") or {}).items():
            parts.append(f"{count:,} {column} cleared (its record was lost)")
        if parts:
            lost.append(f"{name}: {', '.join(parts)}")
    lines.append("Lost: " + "; ".join(lost) + "." if lost else "Nothing was lost.")
    lines += report.get("notes") or []
    return "\n".join(lines)


class DamagedFileDialog(QDialog):
    """The one-line diagnosis of a damaged project, with what can be done about it."""

    def __init__(self, diagnosis: Diagnosis, window):
        super().__init__(window)
        self.window, self.diagnosis = window, diagnosis
        self.worker: Optional[RecoverWorker] = None
        self.progress_dialog: Optional[QProgressDialog] = None
        self.result_box: Optional[QMessageBox] = None
        self.setWindowTitle("The project is damaged")
        self.label = QLabel(f"{diagnosis.line(command_hint=False)}.", self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.label.setMinimumWidth(460)
        buttons = QDialogButtonBox(self)
        self.recover_button = QPushButton("Recover into a new project…", self)
        self.recover_button.setToolTip("Read what SQLite can still read into a new project file; "
                                       "the damaged file is not changed")
        self.recover_button.clicked.connect(lambda: self.recover())
        self.backup_button = QPushButton("Open backup…", self)
        self.backup_button.setToolTip(f"Open a copy of {diagnosis.backup}" if diagnosis.backup else "")
        self.backup_button.clicked.connect(lambda: self.open_backup())
        buttons.addButton(self.recover_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.backup_button, QDialogButtonBox.ActionRole)
        buttons.addButton(QDialogButtonBox.Close)
        self.recover_button.setVisible(diagnosis.salvageable)  # after addButton, which shows them
        self.backup_button.setVisible(diagnosis.backup is not None)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(buttons)

    # ------------------------------------------------------------------ recover
    def suggested_path(self, suffix: str) -> Path:
        path = self.diagnosis.path
        folder = path.parent if path.parent.is_dir() else Path.home()
        candidate = folder / f"{path.stem}{suffix}.curator"
        n = 2
        while candidate.exists():
            candidate = folder / f"{path.stem}{suffix} {n}.curator"
            n += 1
        return candidate

    def ask_path(self, title: str, suffix: str) -> Optional[Path]:
        path, _ = QFileDialog.getSaveFileName(self, title, str(self.suggested_path(suffix)), PROJECT_FILTER)
        if not path:
            return None
        return Path(path if Path(path).suffix else path + ".curator")

    def recover(self, target: Optional[Path] = None) -> Optional[RecoverWorker]:
        """Recover into ``target`` (asked for when None) on a worker, behind a progress dialog."""
        target = target or self.ask_path("Recover into a new project", " (recovered)")
        if target is None:
            return None
        worker = self.worker = RecoverWorker(self.diagnosis.path, target, self)
        dialog = self.progress_dialog = QProgressDialog(
            f"Recovering {self.diagnosis.path.name}…", "Cancel", 0, 0, self)
        dialog.setWindowTitle("Recovering")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(worker.cancel)
        worker.progress.connect(lambda done, total: (dialog.setMaximum(max(total, 1)),
                                                     dialog.setValue(min(done, max(total, 1)))))
        worker.succeeded.connect(self._recovered)
        worker.failed.connect(lambda reason: self._report_failure("Recovery failed", reason))
        worker.cancelled.connect(lambda: self.window.show_message("Recovery cancelled; no file was written"))
        worker.finished.connect(dialog.close)
        self.recover_button.setEnabled(False)
        worker.finished.connect(lambda: self.recover_button.setEnabled(True))
        threads.keep(worker)  # the window's close cancels and waits for it
        worker.finished.connect(lambda: threads.forget(worker))
        worker.start()
        return worker

    def _recovered(self, report: dict) -> None:
        text = describe_recovery(report)
        self.window.show_message(text.splitlines()[0])
        self.accept()
        if self.window.open_path(report["recovered"]):
            box = self.result_box = QMessageBox(QMessageBox.Icon.Information, "Recovered", text,
                                                QMessageBox.StandardButton.Ok, self.window)
            box.open()

    def _report_failure(self, title: str, reason: str) -> None:
        self.window.show_message(f"{title}: {reason}")
        box = self.result_box = QMessageBox(QMessageBox.Icon.Warning, title, reason,
                                            QMessageBox.StandardButton.Ok, self)
        box.open()

    # ------------------------------------------------------------------ backup
    def open_backup(self, target: Optional[Path] = None) -> bool:
        """Copy the newest backup to ``target`` (asked for when None) and open the copy."""
        backup = self.diagnosis.backup
        if backup is None:
            return False
        target = target or self.ask_path("Open the backup as a new project", " (from backup)")
        if target is None:
            return False
        if target.exists():
            self._report_failure("Backup not opened", f"{target} already exists; choose a new name")
            return False
        try:
            shutil.copyfile(backup, target)
        except OSError as exc:
            self._report_failure("Backup not opened", f"cannot copy {backup} to {target}: {exc.strerror or exc}")
            return False
        self.accept()
        return self.window.open_path(target)
