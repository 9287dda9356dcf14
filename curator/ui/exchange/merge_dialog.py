"""File > Merge...: deciding each conflict of a merge, with both versions side by side.

:class:`MergeDialog` lists the conflicts of a :class:`~curator.exchange.merge.MergePlan`; for the
selected one it shows this project's version and the other file's, field by field, differing
fields marked, and a choice "Keep ours" / "Take theirs". OK is enabled once every conflict is
decided; :meth:`MergeDialog.decisions` then gives ``{uid: "ours" | "theirs"}`` for
:func:`curator.exchange.merge_file.merge_file` (or ``ExchangeWorker.merge``).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Optional, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
    QPushButton, QRadioButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget,
)

if TYPE_CHECKING:  # the merge engine (SQLAlchemy) loads when a merge runs
    from curator.exchange.merge import Conflict


_TITLE_FIELDS = ("title", "name", "quote", "filename", "uid")
_HIDDEN = {"uid", "text"}  # the uid is shown in the header; a document's full text is too long


def _label(conflict: Conflict) -> str:
    record = conflict.ours
    kind = conflict.kind.rstrip("s").replace("_", "-") if conflict.kind != "evidence" else "evidence"
    name = next((str(record[f]) for f in _TITLE_FIELDS if record.get(f)), conflict.uid)
    if "edtf" in record and "start" in record and "title" not in record:  # a rejected suggestion
        name = f"suggestion dated {record.get('edtf') or '(no date)'} at {record['start']}–{record['end']}"
    return f"{kind}: {name[:60]} — {conflict.reason}"


def _side_html(record: dict, other: dict, heading: str) -> str:
    rows = []
    for key, value in record.items():
        if key in _HIDDEN:
            continue
        shown = "(deleted)" if key == "deleted_at" and value else ("" if value is None else str(value))
        if key == "deleted_at" and not value:
            shown = "live"
        differs = other.get(key) != value
        cell = html.escape(shown).replace("\n", "<br>")
        style = ' style="background:#fff3b0"' if differs else ""
        rows.append(f"<tr{style}><td><b>{html.escape(key)}</b></td><td>{cell}</td></tr>")
    return f"<h3>{html.escape(heading)}</h3><table cellpadding='3'>{''.join(rows)}</table>"


class MergeDialog(QDialog):
    """Decide every conflict of a merge. ``decided`` fires when a decision changes."""

    decided = Signal()

    def __init__(self, conflicts: Sequence[Conflict], other_name: str = "the other file",
                 parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Merge: decide the conflicts")
        self.resize(980, 620)
        self.conflicts = list(conflicts)
        self._decisions: dict[str, str] = {}

        intro = QLabel(f"{len(self.conflicts)} record(s) were changed both here and in "
                       f"{html.escape(other_name)} since the copies diverged. Choose, for each, "
                       "which version to keep. Nothing is merged until you press OK.")
        intro.setWordWrap(True)

        self.list = QListWidget()
        for conflict in self.conflicts:
            item = QListWidgetItem(_label(conflict))
            item.setData(Qt.ItemDataRole.UserRole, conflict.uid)
            self.list.addItem(item)
        self.ours_view = QTextBrowser()
        self.theirs_view = QTextBrowser()
        sides = QSplitter()
        sides.addWidget(self.ours_view)
        sides.addWidget(self.theirs_view)

        self.keep_ours = QRadioButton("Keep ours")
        self.take_theirs = QRadioButton("Take theirs")
        self.choice = QButtonGroup(self)
        self.choice.setExclusive(False)  # so that an undecided conflict shows neither checked
        self.choice.addButton(self.keep_ours)
        self.choice.addButton(self.take_theirs)
        self.all_ours = QPushButton("All ours")
        self.all_theirs = QPushButton("All theirs")
        choice_row = QHBoxLayout()
        for widget in (self.keep_ours, self.take_theirs):
            choice_row.addWidget(widget)
        choice_row.addStretch(1)
        for widget in (self.all_ours, self.all_theirs):
            choice_row.addWidget(widget)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.status = QLabel()

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(sides, 1)
        right_layout.addLayout(choice_row)
        main = QSplitter()
        main.addWidget(self.list)
        main.addWidget(right)
        main.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(main, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self.list.currentRowChanged.connect(self._show)
        self.keep_ours.clicked.connect(lambda: self._decide_current("ours"))
        self.take_theirs.clicked.connect(lambda: self._decide_current("theirs"))
        self.all_ours.clicked.connect(lambda: self.decide_all("ours"))
        self.all_theirs.clicked.connect(lambda: self.decide_all("theirs"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if self.conflicts:
            self.list.setCurrentRow(0)
        self._refresh()

    # ------------------------------------------------------------------ API
    def decisions(self) -> dict[str, str]:
        """uid -> "ours" or "theirs", for every conflict decided so far."""
        return dict(self._decisions)

    def decide(self, uid: str, side: str) -> None:
        if side not in ("ours", "theirs"):
            raise ValueError(f"side must be 'ours' or 'theirs', not {side!r}")
        self._decisions[uid] = side
        self._refresh()
        self.decided.emit()

    def decide_all(self, side: str) -> None:
        for conflict in self.conflicts:
            self._decisions[conflict.uid] = side
        self._refresh()
        self.decided.emit()

    def all_decided(self) -> bool:
        return all(c.uid in self._decisions for c in self.conflicts)

    def accept(self) -> None:
        if self.all_decided():
            super().accept()

    # ------------------------------------------------------------------ internals
    def _current(self) -> Optional[Conflict]:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _decide_current(self, side: str) -> None:
        conflict = self._current()
        if conflict is not None:
            self.decide(conflict.uid, side)

    def _show(self, _row: int = -1) -> None:
        conflict = self._current()
        if conflict is None:
            return
        self.ours_view.setHtml(_side_html(conflict.ours, conflict.theirs, "Ours (this project)"))
        self.theirs_view.setHtml(_side_html(conflict.theirs, conflict.ours, "Theirs (the other file)"))
        self._refresh()

    def _refresh(self) -> None:
        conflict = self._current()
        side = self._decisions.get(conflict.uid) if conflict else None
        self.keep_ours.setChecked(side == "ours")
        self.take_theirs.setChecked(side == "theirs")
        for row, c in enumerate(self.conflicts):
            mark = {"ours": "✓ ours", "theirs": "✓ theirs"}.get(self._decisions.get(c.uid), "•")
            self.list.item(row).setText(f"{mark}  {_label(c)}")
        left = sum(c.uid not in self._decisions for c in self.conflicts)
        self.status.setText("All conflicts decided." if not left else f"{left} conflict(s) left to decide.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(left == 0)
