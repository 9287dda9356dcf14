"""The Actors tab's dialogs: editing a record (name, kind, aliases, coordinates for places) and
choosing which record survives a merge.

They only collect and check what the user typed; the panel turns the result into one undo
command. A dialog that finds a mistake says so under the fields and stays open.
"""

from __future__ import annotations

import math
from typing import Optional, Sequence

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from curator.core.records import ActorInfo, ActorSummary
from curator.ui.actors.model import KIND_CHOICES
from curator.ui.store.workspace_actors import PLACE

ERROR_STYLE = "color: #b00020;"


def parse_degrees(text: str, name: str, limit: float) -> Optional[float]:
    """A latitude or longitude typed by the user (blank: None); ValueError with a reason."""
    text = text.replace("°", "").strip()
    if not text:
        return None
    if text.count(",") == 1 and "." not in text:  # a decimal comma: 36,2021
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"the {name} must be a number of degrees, like 36.2021") from None
    if math.isnan(value) or not -limit <= value <= limit:
        raise ValueError(f"the {name} must be between -{limit:g} and {limit:g} degrees")
    return value


class ActorEditDialog(QDialog):
    """Name, kind (a list of usual kinds, or any text), aliases (one per line) and, for places,
    latitude and longitude. :meth:`values` gives what was typed, checked."""

    def __init__(self, parent: Optional[QWidget] = None, actor: Optional[ActorInfo] = None,
                 kind: str = "", title: str = ""):
        super().__init__(parent)
        self.actor = actor
        is_new = actor is None
        if not title:
            title = f"Edit {actor.name}" if not is_new else "New place" if kind == PLACE else "New actor"
        self.setWindowTitle(title)
        self.name_edit = QLineEdit(actor.name if actor else "", self)
        self.name_edit.setPlaceholderText("The name the record is known by")
        self.kind_combo = QComboBox(self)
        self.kind_combo.setEditable(True)
        self.kind_combo.addItems(KIND_CHOICES)
        self.kind_combo.setCurrentText(actor.kind if actor else kind)
        self.kind_combo.setToolTip("Person, group, place… or any kind you type")
        self.aliases_edit = QPlainTextEdit("\n".join(actor.aliases) if actor else "", self)
        self.aliases_edit.setPlaceholderText("Other names, one per line")
        self.aliases_edit.setTabChangesFocus(True)
        self.aliases_edit.setFixedHeight(self.fontMetrics().height() * 5 + 12)
        self.latitude_edit = QLineEdit(self._degrees(actor.latitude if actor else None), self)
        self.latitude_edit.setPlaceholderText("e.g. 36.2021 (north positive)")
        self.longitude_edit = QLineEdit(self._degrees(actor.longitude if actor else None), self)
        self.longitude_edit.setPlaceholderText("e.g. 37.1343 (east positive)")
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("&Name", self.name_edit)
        form.addRow("&Kind", self.kind_combo)
        form.addRow("&Aliases", self.aliases_edit)
        form.addRow("&Latitude", self.latitude_edit)
        form.addRow("L&ongitude", self.longitude_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.kind_combo.currentTextChanged.connect(self._update_coordinates)
        self._update_coordinates()
        self.resize(420, self.sizeHint().height())
        self._values: Optional[dict] = None

    @staticmethod
    def _degrees(value: Optional[float]) -> str:
        return "" if value is None else f"{value:g}"

    def is_place(self) -> bool:
        return self.kind_combo.currentText().strip().casefold() == PLACE

    def _update_coordinates(self) -> None:
        place = self.is_place()
        for edit in (self.latitude_edit, self.longitude_edit):
            edit.setEnabled(place)
            edit.setToolTip("" if place else "Only places have coordinates")

    def checked_values(self) -> dict:
        """What the fields say, checked: name, kind, aliases (tuple), latitude, longitude.
        ValueError with a reason the user can act on."""
        name = " ".join(self.name_edit.text().split())
        if not name:
            raise ValueError("a record needs a name")
        kind = " ".join(self.kind_combo.currentText().split())
        aliases, seen = [], {name.casefold()}
        for line in self.aliases_edit.toPlainText().splitlines():
            alias = " ".join(line.split())
            if alias and alias.casefold() not in seen:
                seen.add(alias.casefold())
                aliases.append(alias)
        latitude = longitude = None
        if self.is_place():
            latitude = parse_degrees(self.latitude_edit.text(), "latitude", 90)
            longitude = parse_degrees(self.longitude_edit.text(), "longitude", 180)
            if (latitude is None) != (longitude is None):
                raise ValueError("give both a latitude and a longitude, or neither")
        return dict(name=name, kind=kind, aliases=tuple(aliases), latitude=latitude,
                    longitude=longitude)

    def accept(self) -> None:
        try:
            self._values = self.checked_values()
        except ValueError as exc:
            self.show_error(str(exc)[:1].upper() + str(exc)[1:] + ".")
            return
        super().accept()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def error(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def values(self) -> dict:
        """The accepted values (after OK)."""
        return dict(self._values) if self._values is not None else self.checked_values()

    def changes(self) -> dict:
        """The accepted values that differ from the record being edited (all for a new one)."""
        values = self.values()
        if self.actor is None:
            return values
        old = dict(name=self.actor.name, kind=self.actor.kind, aliases=tuple(self.actor.aliases),
                   latitude=self.actor.latitude, longitude=self.actor.longitude)
        return {key: value for key, value in values.items() if value != old[key]}


def describe(summary: ActorSummary) -> str:
    kind = f" ({summary.kind})" if summary.kind else ""
    counts = (f"{summary.mentions} mention{'s' if summary.mentions != 1 else ''}, "
              f"{summary.events} event{'s' if summary.events != 1 else ''}")
    return f"{summary.name}{kind} — {counts}"


class MergeDialog(QDialog):
    """Which of two or more records survives a merge: one radio button per record (the one with
    the most mentions and events is proposed)."""

    def __init__(self, summaries: Sequence[ActorSummary], parent: Optional[QWidget] = None):
        super().__init__(parent)
        if len(summaries) < 2:
            raise ValueError("a merge needs two records or more")
        self.summaries = list(summaries)
        self.setWindowTitle(f"Merge {len(summaries)} records")
        intro = QLabel("Keep which record? The others' mentions, event links and event places "
                       "move to it, and their names become its aliases. You can undo this.", self)
        intro.setWordWrap(True)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        proposed = max(self.summaries, key=lambda s: (s.mentions + s.events, -s.id))
        for summary in self.summaries:
            button = QRadioButton(describe(summary), self)
            button.setChecked(summary is proposed)
            self.group.addButton(button, summary.id)
            layout.addWidget(button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.button(QDialogButtonBox.Ok).setText("Merge")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def radio(self, actor_id: int) -> QRadioButton:
        return self.group.button(actor_id)

    def winner_id(self) -> int:
        return self.group.checkedId()

    def loser_ids(self) -> list[int]:
        winner = self.winner_id()
        return [s.id for s in self.summaries if s.id != winner]
