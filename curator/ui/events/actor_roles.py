"""The inspector's small table of an event's actors, each with its role.

A row is an :class:`~curator.ui.widgets.actor_picker.ActorPicker` (an existing actor by name or
alias, or a new name) and a role field completing from the common roles and the roles the project
already uses. The table only shows and reports: ``edited`` fires when the user finished a field,
picked a completion or removed a row; :meth:`ActorRolesTable.rows` says what the rows hold now and
the inspector turns it into one undo command.
"""

from __future__ import annotations

from typing import Optional, Sequence

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHeaderView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from curator.core.records import EventActorLink
from curator.ui.widgets.actor_picker import ActorPicker

COMMON_ROLES = ("attacker", "target", "mediator", "victim", "perpetrator", "negotiator", "observer",
                "source")
ACTOR, ROLE, REMOVE = range(3)
VISIBLE_ROWS = 4  # rows shown before the table scrolls


class FieldFinished(QObject):
    """Calls ``slot`` when the user is done with a line edit: Enter, or the focus leaving for
    somewhere other than the field's own completion popup. (``QLineEdit.editingFinished`` also
    fires when a completer's popup opens over the field, half-way through a word.)"""

    def __init__(self, field: QLineEdit, slot):
        super().__init__(field)
        self.field, self.slot = field, slot
        field.returnPressed.connect(slot)
        field.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.FocusOut and event.reason() != Qt.PopupFocusReason \
                and isValid(self.field):  # not a field being destroyed
            completer = self.field.completer()
            if completer is None or not completer.popup().isVisible():
                self.slot()
        return False


class FocusWatch(QObject):
    """Calls ``slot`` when ``field`` gets the keyboard focus."""

    def __init__(self, field: QLineEdit, slot):
        super().__init__(field)
        self.slot = slot
        field.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self.slot()
        return False


class _Row:
    """The widgets of one row and the link it was filled from (None for a row the user added)."""

    def __init__(self, picker: ActorPicker, role: QLineEdit, remove: QToolButton,
                 link: Optional[EventActorLink]):
        self.picker, self.role, self.remove = picker, role, remove
        self.link = link

    def fill(self, link: Optional[EventActorLink]) -> None:
        """Show ``link`` in these widgets (a row reused for another event's actor)."""
        self.link = link
        for field, text in ((self.picker, link.name if link else ""), (self.role, link.role if link else "")):
            if field.text() != text:
                field.setText(text)
            field.setCursorPosition(0)
            field.setModified(False)

    def value(self) -> Optional[tuple[Optional[int], str, str]]:
        """(actor id or None for a new name, name, role); None when the actor field is blank."""
        actor_id, name = self.picker.chosen()
        if not name:
            return None
        if actor_id is None and self.link is not None and name.casefold() == self.link.name.casefold():
            actor_id = self.link.actor_id  # unchanged (perhaps a record the picker's scope leaves out)
        return actor_id, name, " ".join(self.role.text().split())


class ActorRolesTable(QWidget):
    """Actor | Role | ✕ rows, with an "Add actor" button under them."""

    edited = Signal()
    roleFocused = Signal()  # a role field got the focus: its completions are about to be wanted

    def __init__(self, workspace, parent=None):
        super().__init__(parent)
        self.workspace = workspace
        self._rows: list[_Row] = []  # the rows shown, in table order
        self._spare: list[_Row] = []  # rows made and hidden, after the shown ones (reused first)
        self._shown: Optional[list[tuple[int, str]]] = None
        self.rebuilding = False  # true while rows are replaced: their focus-out is not an edit
        self.editable = True  # false for a read-only project: rows shown, nothing to change
        self.roles_model = QStringListModel(list(COMMON_ROLES), self)

        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Actor", "Role", ""])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setFocusPolicy(Qt.NoFocus)
        self.table.setShowGrid(False)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ACTOR, QHeaderView.Stretch)
        header.setSectionResizeMode(ROLE, QHeaderView.Stretch)
        header.setSectionResizeMode(REMOVE, QHeaderView.Fixed)
        header.resizeSection(REMOVE, 28)
        header.setHighlightSections(False)
        self._row_height = QLineEdit().sizeHint().height() + 4
        self.table.verticalHeader().setDefaultSectionSize(self._row_height)

        self.add_button = QPushButton("Add actor", self)
        self.add_button.setToolTip("Add a row: type an actor's name or alias (a new name makes a new "
                                   "actor), then its role")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._fit_height()

    # ------------------------------------------------------------------ showing
    def set_roles(self, project_roles: Sequence[str]) -> None:
        """Offer the common roles and then ``project_roles`` (those the project already uses)."""
        seen = {r.casefold() for r in COMMON_ROLES}
        extra = [r for r in project_roles if r.casefold() not in seen and not seen.add(r.casefold())]
        wanted = list(COMMON_ROLES) + extra
        if self.roles_model.stringList() != wanted:
            self.roles_model.setStringList(wanted)

    def set_links(self, links: Sequence[EventActorLink], force: bool = False) -> None:
        """Show ``links``; rows being filled in are kept when the links did not change, unless
        ``force`` (an actor was renamed, say)."""
        shown = [(link.actor_id, link.role) for link in links]
        if shown == self._shown and not force:
            return
        focus = self._focus_position()
        self.rebuilding = True
        try:  # rows already made are filled again (making a row's widgets costs milliseconds)
            while len(self._rows) > len(links):
                self._hide_last()
            for row, link in zip(self._rows, links):
                row.fill(link)
            for link in links[len(self._rows):]:
                self._show_row(link)
        finally:
            self.rebuilding = False
        self._shown = shown
        self._fit_height()
        if focus is not None and focus[0] < len(self._rows):
            row = self._rows[focus[0]]
            (row.picker if focus[1] == ACTOR else row.role).setFocus()

    def prepare(self) -> None:
        """Make the widgets of as many rows as show without scrolling (hidden), and the
        completions their pickers share, now: the first events selected do not wait for them."""
        self.rebuilding = True
        try:
            while len(self._rows) + len(self._spare) < VISIBLE_ROWS:
                self._append(None)
                self._hide_last()
        finally:
            self.rebuilding = False

    def _hide_last(self) -> None:
        """The last shown row becomes a spare (hidden, kept for the next event's actors)."""
        row = self._rows.pop()
        self.table.setRowHidden(len(self._rows), True)
        self._spare.insert(0, row)

    def _show_row(self, link: Optional[EventActorLink]) -> _Row:
        """A row after the shown ones filled with ``link``: a spare if there is one."""
        if not self._spare:
            return self._append(link)
        row = self._spare.pop(0)
        self.table.setRowHidden(len(self._rows), False)
        row.fill(link)
        self._rows.append(row)
        return row

    def clear(self) -> None:
        self.set_links([], force=True)
        self._shown = None

    def _focus_position(self) -> Optional[tuple[int, int]]:
        for i, row in enumerate(self._rows):
            if row.picker.hasFocus():
                return i, ACTOR
            if row.role.hasFocus():
                return i, ROLE
        return None

    def add_row(self, focus: bool = False) -> ActorPicker:
        """A blank row at the end (nothing is stored until its actor is filled in)."""
        row = self._show_row(None)
        self._fit_height()
        self.table.scrollToBottom()
        if focus:
            row.picker.setFocus()
        return row.picker

    def _append(self, link: Optional[EventActorLink]) -> _Row:
        index = len(self._rows)  # before the spare rows
        self.table.insertRow(index)
        picker = ActorPicker(self.workspace, scope="all")
        picker.setFrame(False)
        picker.setPlaceholderText("Actor: name or alias")
        role = QLineEdit()
        role.setFrame(False)
        role.setPlaceholderText("role, e.g. attacker")
        completer = QCompleter(self.roles_model, role)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        completer.setFilterMode(Qt.MatchStartsWith)
        role.setCompleter(completer)
        remove = QToolButton()
        remove.setText("✕")
        remove.setAutoRaise(True)
        remove.setToolTip("Remove this actor from the event (undoable)")
        row = _Row(picker, role, remove, link)
        row.fill(link)
        FieldFinished(picker, self._on_field_finished)
        picker.picked.connect(lambda *_: self._on_field_finished())
        FieldFinished(role, self._on_field_finished)
        FocusWatch(role, self.roleFocused.emit)
        completer.activated.connect(lambda *_: self._on_field_finished())
        remove.clicked.connect(lambda: self._remove(row))
        picker.setReadOnly(not self.editable)
        role.setReadOnly(not self.editable)
        self.table.setCellWidget(index, ACTOR, picker)
        self.table.setCellWidget(index, ROLE, role)
        self.table.setCellWidget(index, REMOVE, remove)
        self._rows.append(row)
        return row

    def _fit_height(self) -> None:
        rows = min(max(len(self._rows), 1), VISIBLE_ROWS)
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height()
                                  + rows * self._row_height + frame)

    def set_editable(self, editable: bool) -> None:
        """Read-only (a project Curator cannot write): the rows can be read, not changed."""
        self.editable = editable
        self.add_button.setVisible(editable)
        self.table.setColumnHidden(REMOVE, not editable)  # the ✕ column (the view shows its widgets)
        for row in self._rows + self._spare:
            row.picker.setReadOnly(not editable)
            row.role.setReadOnly(not editable)

    # ------------------------------------------------------------------ reporting
    def rows(self) -> list[tuple[Optional[int], str, str]]:
        """What the rows hold: (actor id or None for a new name, name, role), blank rows left out."""
        return [value for value in (row.value() for row in self._rows) if value is not None]

    def has_unfinished_edit(self) -> bool:
        return any(row.picker.isModified() or row.role.isModified() for row in self._rows)

    def pickers(self) -> list[ActorPicker]:
        return [row.picker for row in self._rows]

    def role_fields(self) -> list[QLineEdit]:
        return [row.role for row in self._rows]

    def remove_buttons(self) -> list[QToolButton]:
        return [row.remove for row in self._rows]

    def _on_field_finished(self) -> None:
        if not self.rebuilding:
            self.edited.emit()

    def _remove(self, row: _Row) -> None:
        index = self._rows.index(row)
        self.rebuilding = True
        try:
            self._rows.pop(index)
            self.table.removeRow(index)
        finally:
            self.rebuilding = False
        self._fit_height()
        self.edited.emit()
