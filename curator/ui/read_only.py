"""The window over a project Curator opened read-only (a read-only medium, a read-only file).

The title says "[read-only]", a banner above the panes says why and offers "Save a copy…" (then
to open the copy, which can be edited), and every editing path is closed: the window's editing
actions are in one QActionGroup that is disabled (a disabled group keeps its actions disabled
whatever their own enabling logic says), the parts turn their own editing off when the
Workspace says the project is read-only (table cells, inspector fields, labelling, suggestions,
actors), and :func:`curator.ui.store.commands.push` refuses any command that gets through, so
the undo stack stays empty and nothing is written. Viewing, searching, selecting and exporting
work as usual.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton

BANNER_STYLE = ("QFrame#readOnlyBanner { background: #fff4d6; border-bottom: 1px solid #e0c56e; }"
                "QFrame#readOnlyBanner QLabel { color: #4a3b00; }")


class ReadOnlyBanner(QFrame):
    """"Read-only: NAME is on a read-only medium …  [Save a copy…]" above the window's panes."""

    saveCopyRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.RichText)
        self.save_button = QPushButton("Save a copy…", self)
        self.save_button.setToolTip("Save a copy somewhere you can write, then open it to edit")
        self.save_button.clicked.connect(self.saveCopyRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.save_button)
        self.hide()

    def show_for(self, project) -> None:
        name = html.escape(project.path.name)
        self.label.setText(
            f"<b>Read-only:</b> {name} is read-only ({html.escape(project.read_only_reason)}). "
            "You can read, search, select and export it; nothing can be changed. "
            "To edit it, save a copy somewhere you can write.")
        note = project.access.note
        self.setToolTip(f"{project.path}\n{note[0].upper() + note[1:]}" if note else str(project.path))
        self.show()


class ReadOnlyMode(QObject):
    """Puts one main window in and out of read-only as projects are shown (see the module)."""

    changed = Signal(bool)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.banner = ReadOnlyBanner(window)
        self.banner.saveCopyRequested.connect(self.save_copy)
        self.offer_box: QMessageBox | None = None  # "Open the copy?" after a copy was saved
        self.editing = QActionGroup(window)
        self.editing.setExclusionPolicy(QActionGroup.ExclusionPolicy.None_)
        for action in self.editing_actions():
            self.editing.addAction(action)
        window.exchange.copySaved.connect(self._offer_copy)

    def editing_actions(self) -> list:
        """The window's actions that change the project (each part also checks for itself)."""
        w = self.window
        return [w.add_documents_action, w.add_folder_action, w.tag_set_action, w.fields_action, w.delete_event_action,
                w.documents.new_event_action, w.inspector.add_evidence_action,
                w.exchange.import_action, w.exchange.import_acled_action, w.exchange.merge_action,
                w.undo_action, w.redo_action]

    @property
    def active(self) -> bool:
        return self.window.workspace.read_only

    def apply(self) -> None:
        """Follow the shown project: banner, title and actions."""
        workspace = self.window.workspace
        read_only = workspace.read_only
        self.editing.setEnabled(not read_only)
        if read_only:
            self.banner.show_for(workspace.project)
            self.window.show_message(workspace.project.access.refusal())
        else:
            self.banner.hide()
        self.changed.emit(read_only)

    def title_suffix(self) -> str:
        return " [read-only]" if self.active else ""

    def save_copy(self) -> None:
        """The banner's Save a copy…: File › Save a copy…, then the offer to open the copy."""
        self.window.exchange.save_copy()

    def _offer_copy(self, path: str) -> None:
        if not self.active or not Path(path).is_file():
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Open the copy?",
                          f"A copy was saved as {path}. Open it now? The copy can be edited.",
                          QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
                          self.window)
        box.setDefaultButton(QMessageBox.StandardButton.Open)
        box.button(QMessageBox.StandardButton.Open).clicked.connect(lambda: self.window.open_path(path))
        self.offer_box = box
        box.open()
