"""File > Merge…: deciding what a merge could not, field by field.

:class:`MergeDialog` lists the conflicting records of a :class:`~curator.exchange.merge.MergePlan`
(what merged on its own is summed up at the top: records whose fields were changed on one side
only, or on both sides alike). For the selected record it shows only the fields in conflict, one
row each: the value both copies last shared (the base), this project's and the other file's,
with a choice per field. A record deleted on one side and edited on the other (or one with no
shared version known) is kept or replaced as a whole: its row "Whole record" carries the choice
and the differing fields are shown for information. "All ours" / "All theirs" decide everything
left (or everything of the selected record). Merge is enabled once every choice is made;
:meth:`MergeDialog.decisions` then gives ``{uid: "ours" | "theirs" | {field: side}}`` for
:func:`curator.exchange.merge_file.merge_file` (or ``ExchangeWorker.merge``).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Optional, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QListWidget,
    QListWidgetItem, QPushButton, QRadioButton, QScrollArea, QSplitter, QVBoxLayout, QWidget,
)

from curator.exchange.conflicts import Conflict, Decision
from curator.ui.exchange.merge_values import (
    deletion_words, field_label, merged_on_their_own, record_label, show_value,
)

WHOLE = ""  # the "field" of a record-level choice
SIDES = ("ours", "theirs")
BASE_STYLE = "color: #5f6368;"
SIDE_WORDS = {"ours": "this project", "theirs": "the other file", "both": "alike on both sides"}


class MergeDialog(QDialog):
    """Decide every conflict of a merge. ``decided`` fires when a choice changes."""

    decided = Signal()

    def __init__(self, conflicts: Sequence[Conflict], other_name: str = "the other file",
                 parent: Optional[QWidget] = None, *, merged: int = 0,
                 names: Optional[dict[str, str]] = None):
        super().__init__(parent)
        self.setWindowTitle("Merge: decide the conflicting fields")
        self.resize(1100, 640)
        self.conflicts = list(conflicts)
        self.names = dict(names or {})
        self._choices: dict[str, dict[str, str]] = {c.uid: {} for c in self.conflicts}
        self._buttons: dict[tuple[str, str], QRadioButton] = {}  # (field, side) of the shown record
        self._groups: list[QButtonGroup] = []

        fields = sum(len(c.fields) for c in self.conflicts if c.level == "field")
        wholes = sum(c.level == "record" for c in self.conflicts)
        self.summary = QLabel(self._summary_text(other_name, merged, fields, wholes))
        self.summary.setWordWrap(True)

        self.list = QListWidget()
        for conflict in self.conflicts:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, conflict.uid)
            self.list.addItem(item)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.also = QLabel()  # what merged in this record without a choice
        self.also.setWordWrap(True)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.record_ours = QPushButton("This record: all ours")
        self.record_theirs = QPushButton("This record: all theirs")
        record_row = QHBoxLayout()
        record_row.addStretch(1)
        record_row.addWidget(self.record_ours)
        record_row.addWidget(self.record_theirs)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.also)
        right_layout.addWidget(self.scroll, 1)
        right_layout.addLayout(record_row)
        main = QSplitter()
        main.addWidget(self.list)
        main.addWidget(right)
        main.setStretchFactor(0, 1)
        main.setStretchFactor(1, 3)
        main.setSizes([300, 800])

        self.all_ours = QPushButton("All ours")
        self.all_ours.setToolTip("Keep this project's value of every conflicting field")
        self.all_theirs = QPushButton("All theirs")
        self.all_theirs.setToolTip("Take the other file's value of every conflicting field")
        self.status = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        bottom = QHBoxLayout()
        bottom.addWidget(self.all_ours)
        bottom.addWidget(self.all_theirs)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(main, 1)
        layout.addLayout(bottom)

        self.list.currentRowChanged.connect(self._show)
        self.record_ours.clicked.connect(lambda: self._decide_current_record("ours"))
        self.record_theirs.clicked.connect(lambda: self._decide_current_record("theirs"))
        self.all_ours.clicked.connect(lambda: self.decide_all("ours"))
        self.all_theirs.clicked.connect(lambda: self.decide_all("theirs"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if self.conflicts:
            self.list.setCurrentRow(0)
        self._refresh()

    @staticmethod
    def _summary_text(other: str, merged: int, fields: int, wholes: int) -> str:
        parts = []
        if merged:
            parts.append(f"{merged:,} record{'s' if merged != 1 else ''} merged field by field on "
                         "their own (each field changed on one side only, or alike on both).")
        if fields:
            parts.append(f"{fields} field{'s' if fields != 1 else ''} changed differently here and "
                         f"in {other}: choose, for each, which value to keep.")
        if wholes:
            parts.append(f"{wholes} record{'s' if wholes != 1 else ''} to keep or replace as a "
                         "whole (deleted on one side and edited on the other, or with no shared "
                         "version to compare fields with).")
        return " ".join(parts + ["Nothing is merged until you press Merge."])

    # ------------------------------------------------------------------ API
    def decisions(self) -> dict[str, Decision]:
        """uid -> "ours"/"theirs" (a whole record) or {field: side} (as decided so far)."""
        out: dict[str, Decision] = {}
        for conflict in self.conflicts:
            chosen = self._choices[conflict.uid]
            if conflict.level == "record":
                if WHOLE in chosen:
                    out[conflict.uid] = chosen[WHOLE]
            elif chosen:
                out[conflict.uid] = dict(chosen)
        return out

    def decide(self, uid: str, side: str, field: Optional[str] = None) -> None:
        """Choose ``side`` for one field of a record (every field, or the whole record, when
        ``field`` is None)."""
        if side not in SIDES:
            raise ValueError(f"side must be 'ours' or 'theirs', not {side!r}")
        conflict = next(c for c in self.conflicts if c.uid == uid)
        names = self._choice_names(conflict)
        if field is not None and field not in names:
            raise ValueError(f"{uid} has no conflicting field {field!r}")
        for name in names if field is None else [field]:
            self._choices[uid][name] = side
        self._refresh()
        self.decided.emit()

    def decide_all(self, side: str) -> None:
        for conflict in self.conflicts:
            for name in self._choice_names(conflict):
                self._choices[conflict.uid][name] = side
        self._refresh()
        self.decided.emit()

    def left_to_decide(self) -> int:
        """Choices still to make (fields, and records decided as a whole)."""
        return sum(len(set(self._choice_names(c)) - set(self._choices[c.uid])) for c in self.conflicts)

    def all_decided(self) -> bool:
        return self.left_to_decide() == 0

    def choice_button(self, field: str, side: str) -> QRadioButton:
        """The radio button choosing ``side`` for ``field`` of the record shown ("" for a record
        decided as a whole)."""
        return self._buttons[(field, side)]

    def shown_fields(self) -> list[str]:
        """The fields of the record shown that carry a choice."""
        return list(dict.fromkeys(field for field, _ in self._buttons))

    def accept(self) -> None:
        if self.all_decided():
            super().accept()

    # ------------------------------------------------------------------ internals
    @staticmethod
    def _choice_names(conflict: Conflict) -> list[str]:
        return [WHOLE] if conflict.level == "record" else conflict.field_names

    def _current(self) -> Optional[Conflict]:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _decide_current_record(self, side: str) -> None:
        conflict = self._current()
        if conflict is not None:
            self.decide(conflict.uid, side)

    def _show(self, _row: int = -1) -> None:
        conflict = self._current()
        if conflict is None:
            return
        reason = ("changed differently on both sides: choose a value for each field"
                  if conflict.level == "field" else f"{conflict.reason}: keep or replace it as a whole")
        self.heading.setText(f"<b>{html.escape(record_label(conflict, self.names))}</b><br>"
                             f"{html.escape(reason)}")
        self.scroll.setWidget(self._grid(conflict))
        merged = merged_on_their_own(conflict)
        self.also.setText("" if not merged else "Merged on their own in this record: " + "; ".join(
            f"{field_label(conflict.kind, name)} ({SIDE_WORDS[side]})" for name, side in merged) + ".")
        self.also.setVisible(bool(merged))
        self._refresh()

    def _grid(self, conflict: Conflict) -> QWidget:
        self._buttons.clear()
        self._groups.clear()
        widget = QWidget()
        grid = QGridLayout(widget)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(12)
        for column, text in enumerate(("Field", "Last shared (base)", "This project (ours)",
                                       "The other file (theirs)")):
            header = QLabel(f"<b>{text}</b>")
            grid.addWidget(header, 0, column)
        row = 1
        if conflict.level == "record":
            base = conflict.base
            self._add_row(grid, row, conflict, WHOLE, "Whole record",
                          "(not known)" if base is None else deletion_words(base),
                          deletion_words(conflict.ours), deletion_words(conflict.theirs), choosable=True)
            row += 1
        for item in conflict.fields:
            base = "(not known)" if conflict.base is None else show_value(
                conflict.kind, item.name, item.base, self.names)
            self._add_row(grid, row, conflict, item.name, field_label(conflict.kind, item.name), base,
                          show_value(conflict.kind, item.name, item.ours, self.names),
                          show_value(conflict.kind, item.name, item.theirs, self.names),
                          choosable=conflict.level == "field")
            row += 1
        grid.setRowStretch(row, 1)
        return widget

    def _add_row(self, grid: QGridLayout, row: int, conflict: Conflict, field: str, label: str,
                 base: str, ours: str, theirs: str, choosable: bool) -> None:
        name = QLabel(f"<b>{html.escape(label)}</b>")
        name.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(name, row, 0)
        base_label = self._value_label(base)
        base_label.setStyleSheet(BASE_STYLE)
        grid.addWidget(base_label, row, 1)
        group = QButtonGroup(self) if choosable else None
        for column, (side, text) in enumerate((("ours", ours), ("theirs", theirs)), start=2):
            cell = QWidget()
            cell_layout = QHBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            if group is not None:
                button = QRadioButton()
                button.setAccessibleName(f"{label}: {'ours' if side == 'ours' else 'theirs'}")
                button.setChecked(self._choices[conflict.uid].get(field) == side)
                button.toggled.connect(lambda on, f=field, s=side, u=conflict.uid:
                                       on and self._choices[u].get(f) != s and self.decide(u, s, f))
                group.addButton(button)
                self._buttons[(field, side)] = button
                cell_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            cell_layout.addWidget(self._value_label(text), 1)
            grid.addWidget(cell, row, column)
        if group is not None:
            self._groups.append(group)

    @staticmethod
    def _value_label(text: str) -> QLabel:
        label = QLabel(html.escape(text).replace("\n", "<br>"))
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setToolTip(text if len(text) > 60 else "")
        return label

    def _refresh(self) -> None:
        for (field, side), button in self._buttons.items():
            conflict = self._current()
            wanted = conflict is not None and self._choices[conflict.uid].get(field) == side
            if button.isChecked() != wanted:
                button.blockSignals(True)
                group = button.group()
                if group is not None and not wanted:
                    group.setExclusive(False)
                button.setChecked(wanted)
                if group is not None:
                    group.setExclusive(True)
                button.blockSignals(False)
        for row, conflict in enumerate(self.conflicts):
            names = self._choice_names(conflict)
            done = sum(name in self._choices[conflict.uid] for name in names)
            mark = "✓" if done == len(names) else "•"
            what = (", ".join(field_label(conflict.kind, n) for n in conflict.field_names)
                    if conflict.level == "field" else conflict.reason.split(";")[0])
            self.list.item(row).setText(f"{mark}  {record_label(conflict, self.names)} — {what}")
        left = self.left_to_decide()
        self.status.setText("Everything is decided." if not left
                            else f"{left} choice{'s' if left != 1 else ''} left to make.")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(left == 0)
