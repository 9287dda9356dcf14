"""A refused input, explained: the one-line summary, the reassurance that the project was left as
it was, and every problem with its JSON path in a scrollable list the user can copy.

Used by File > Import ▸ (a JSON export, an ACLED CSV file) and File > Merge… when the other file
does not pass the checks (:class:`curator.exchange.errors.InvalidExport` carries the problems:
JSON paths, or an ACLED file's rows and columns).
"""

from __future__ import annotations

from typing import Optional, Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from curator.exchange.errors import Problem

MAX_LISTED = 5000  # a list longer than this is cut (the summary still gives the total)
UNCHANGED = "The project was left unchanged: nothing was written."


class ProblemListDialog(QDialog):
    """Shows why an input was refused; the problems are listed as (JSON path, message) rows."""

    def __init__(self, title: str, summary: str, problems: Sequence[Problem],
                 parent: Optional[QWidget] = None, where: str = "Where (JSON path)"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 440)
        self.problems = list(problems)

        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        self.unchanged = QLabel(f"<b>{UNCHANGED}</b>")
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''}"
        if count > MAX_LISTED:
            heading += f" (the first {MAX_LISTED:,} are listed)"
        self.heading = QLabel(heading + ":")

        self.list = QTreeWidget()
        self.list.setColumnCount(2)
        self.list.setHeaderLabels([where, "Problem"])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setUniformRowHeights(True)
        items = [QTreeWidgetItem([p.path, p.message]) for p in self.problems[:MAX_LISTED]]
        for item in items:
            item.setToolTip(1, item.text(1))  # a long reason is cut at the column's edge
        self.list.addTopLevelItems(items)
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = self.buttons.addButton("Copy list", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.unchanged)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)

    def text(self) -> str:
        """The problems as plain text, one per line (what Copy puts on the clipboard)."""
        return "\n".join(str(p) for p in self.problems)

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
