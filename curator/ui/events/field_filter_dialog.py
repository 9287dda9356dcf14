"""Filtering the event table by a typed field (its column header's menu ▸ Filter by …): events
with a value in a range of numbers (a figure counts when its range reaches into it), one of some
choices, or a text holding some words; or events without a value. The answer is a
:class:`~curator.core.event_query.FieldFilter`, which the table, the timeline and scripts read
the same way (SQL over the values' index)."""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QRadioButton, QVBoxLayout,
)

from curator.core.event_query import FieldFilter
from curator.core.field_kinds import NUMERIC_KINDS
from curator.core.number_range import FigureError, format_number, read_number
from curator.core.records import FieldInfo


def filter_label(field: FieldInfo, found: FieldFilter) -> str:
    """The chip's words: "fatalities ≥ 10", "fatalities 10–100", "event type: Battles, Riots",
    "notes ∋ ‘alep’", "coordinates: none"."""
    if not found.has_value:
        return f"{field.name}: none"
    if found.at_least is not None and found.at_most is not None:
        return f"{field.name} {format_number(found.at_least)}–{format_number(found.at_most)}"
    if found.at_least is not None:
        return f"{field.name} ≥ {format_number(found.at_least)}"
    if found.at_most is not None:
        return f"{field.name} ≤ {format_number(found.at_most)}"
    if found.choices:
        shown = ", ".join(found.choices[:3]) + (f" +{len(found.choices) - 3}" if len(found.choices) > 3 else "")
        return f"{field.name}: {shown}"
    if found.contains:
        return f"{field.name} ∋ ‘{found.contains}’"
    return f"{field.name}: any value"


class FieldFilterDialog(QDialog):
    """What to show of a field; :meth:`result_filter` after OK (None: refused input shown)."""

    def __init__(self, field: FieldInfo, current: Optional[FieldFilter] = None, parent=None):
        super().__init__(parent)
        self.field = field
        self.setWindowTitle(f"Filter by {field.name}")
        current = current or FieldFilter(field.id)
        self.with_value = QRadioButton("Events with a value", self)
        self.without_value = QRadioButton("Events without a value", self)
        (self.with_value if current.has_value else self.without_value).setChecked(True)
        form = QFormLayout()
        self.at_least = self.at_most = self.contains = None
        self.choices: Optional[QListWidget] = None
        if field.kind in NUMERIC_KINDS:
            self.at_least = QLineEdit("" if current.at_least is None else format_number(current.at_least), self)
            self.at_most = QLineEdit("" if current.at_most is None else format_number(current.at_most), self)
            self.at_least.setPlaceholderText("no lower bound")
            self.at_most.setPlaceholderText("no upper bound")
            form.addRow("At &least", self.at_least)
            form.addRow("At &most", self.at_most)
        elif field.kind == "choice":
            self.choices = QListWidget(self)
            for choice in field.choices:
                item = QListWidgetItem(choice, self.choices)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if choice in current.choices else Qt.CheckState.Unchecked)
            form.addRow("&One of", self.choices)
        else:
            self.contains = QLineEdit(current.contains, self)
            self.contains.setPlaceholderText("any text")
            form.addRow("&Containing", self.contains)
        self.notice = QLabel(self)
        self.notice.setStyleSheet("color: #b00020;")
        self.notice.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.with_value)
        layout.addLayout(form)
        layout.addWidget(self.without_value)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self._filter: Optional[FieldFilter] = None

    def result_filter(self) -> Optional[FieldFilter]:
        return self._filter

    def _number(self, edit: Optional[QLineEdit], what: str) -> Optional[float]:
        text = edit.text().strip() if edit is not None else ""
        if not text:
            return None
        try:
            return read_number(text)
        except FigureError as exc:
            raise ValueError(f"{what}: {text!r} {exc}") from None

    def build(self) -> FieldFilter:
        """The filter the dialog holds; ValueError with the reason when it cannot be one."""
        if self.without_value.isChecked():
            found = FieldFilter(self.field.id, has_value=False)
        else:
            low, high = self._number(self.at_least, "at least"), self._number(self.at_most, "at most")
            if low is not None and high is not None and low > high:
                raise ValueError(f"at least {format_number(low)} is more than at most {format_number(high)}")
            chosen = tuple(self.choices.item(i).text() for i in range(self.choices.count())
                           if self.choices.item(i).checkState() == Qt.CheckState.Checked) if self.choices else ()
            found = FieldFilter(self.field.id, at_least=low, at_most=high, choices=chosen,
                                contains=" ".join(self.contains.text().split()) if self.contains else "")
        return FieldFilter(**{**found.__dict__, "label": filter_label(self.field, found)})

    def _accept(self) -> None:
        try:
            self._filter = self.build()
        except ValueError as exc:
            self.notice.setText(str(exc))
            self.notice.show()
            return
        self.accept()
