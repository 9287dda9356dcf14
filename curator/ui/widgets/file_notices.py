"""What the window says about the project file itself: edits waiting for another program's lock
(:class:`PendingStatus`, in the status bar, with Cancel), and a project that sits in a synced
folder or on a network share (:class:`LocationBar`, a bar above the panes, dismissable, shown
once per project)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QToolButton, QWidget,
)

from curator.core.location import LocationRisk, location_risk
from curator.ui import app
from curator.ui.store.pending import PendingWrites

KEY_LOCATION_DISMISSED = "warnings/location_dismissed"  # QSettings: projects whose bar was closed


class PendingStatus(QWidget):
    """"⏳ 2 edits not saved yet: another program … is writing to p.curator; retrying… [Cancel]"
    in the status bar, while edits wait; hidden otherwise."""

    def __init__(self, pending: PendingWrites, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.pending = pending
        from curator.ui.events.table import pending_icon

        self.icon = QLabel(self)
        self.icon.setPixmap(pending_icon().pixmap(16, 16))
        self.label = QLabel(self)
        self.label.setStyleSheet("color: #a15c00;")
        self.cancel = QPushButton("Cancel", self)
        self.cancel.setToolTip("Drop the edits that wait (nothing of them was saved)")
        self.cancel.clicked.connect(pending.cancel_all)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(self.icon)
        layout.addWidget(self.label)
        layout.addWidget(self.cancel)
        pending.changed.connect(self.update_text)
        self.update_text()

    def update_text(self) -> None:
        n = len(self.pending)
        self.setVisible(n > 0)
        if n:
            edits = "1 edit" if n == 1 else f"{n} edits"
            self.label.setText(f"{edits} not saved yet: {self.pending.reason(short=True)}; retrying…")
            self.setToolTip(f"Not saved yet because {self.pending.reason()}:\n"
                            + "\n".join(self.pending.descriptions()))


def confirm_discard_pending(parent: QWidget, descriptions: list[str]) -> bool:
    """Asked before the window closes (or shows another project) while edits wait: True to
    drop them, False to keep the window as it is (they keep waiting)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Edits not saved yet",
                      f"{len(descriptions)} edit(s) could not be saved yet because another program "
                      "is writing to this project.", QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText("Keep the window open and Curator saves them as soon as it can; or drop "
                           "them.\n\n" + "\n".join(descriptions[:10]))
    keep = box.addButton("Keep and wait", QMessageBox.ButtonRole.RejectRole)
    box.addButton("Drop them", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is not keep


def _dismissed() -> list[str]:
    value = app.settings().value(KEY_LOCATION_DISMISSED, [])
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in (value or [])]


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path)


class LocationBar(QFrame):
    """A bar above the panes: "This project is in a folder synced by Dropbox (…). <why>" ✕.
    Closing it remembers the project (QSettings): the bar is shown once per project."""

    dismissed = Signal()

    def __init__(self, parent: Optional[QWidget] = None,
                 detect: Callable[[Path], Optional[LocationRisk]] = location_risk):
        super().__init__(parent)
        self.detect = detect
        self.path: Optional[Path] = None
        self.risk: Optional[LocationRisk] = None
        self.setObjectName("LocationBar")
        self.setStyleSheet("#LocationBar { background: #fff3d6; border-bottom: 1px solid #e0c27a; }")
        self.icon = QLabel("⚠", self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Do not show this again for this project")
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.icon, 0, Qt.AlignTop)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignTop)
        self.hide()

    def show_for(self, path: Optional[Path]) -> None:
        """Warn about ``path``'s location unless it is safe or the bar was closed for it."""
        self.path = Path(path) if path is not None else None
        self.risk = None
        if self.path is not None and _key(self.path) not in _dismissed():
            try:
                self.risk = self.detect(self.path)
            except OSError:
                self.risk = None
        if self.risk is None:
            self.hide()
            return
        self.text.setText(f"<b>{self.risk.title}</b> ({self.risk.where}). {self.risk.explanation}")
        self.show()

    def dismiss(self) -> None:
        if self.path is not None:
            dismissed = _dismissed()
            if _key(self.path) not in dismissed:
                app.settings().setValue(KEY_LOCATION_DISMISSED, dismissed + [_key(self.path)])
        self.hide()
        self.dismissed.emit()
