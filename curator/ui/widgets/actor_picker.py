"""A line edit that finds an actor or place by name or alias, or takes a new name.

Used wherever a record is chosen by typing (linking a highlight, an event's actors and place).
The completer lists each record under its name and under each alias ("SAA — Syrian Army"),
matching anywhere in the word, case-insensitively; choosing an entry puts the record's name in
the field. :meth:`ActorPicker.chosen` tells the caller which record the text names, or that it
is a new name (the caller decides whether to create a record; the picker never writes).
"""

from __future__ import annotations

import weakref
from typing import Optional

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from curator.core.records import ActorInfo

ActorIdRole = Qt.ItemDataRole.UserRole + 1
NameRole = Qt.ItemDataRole.UserRole + 2
MatchRole = Qt.ItemDataRole.UserRole + 3
PLACE = "place"


class ActorPicker(QLineEdit):
    """Pick an actor or place. ``scope`` is "all", "places" (kind place only) or "actors"
    (everything but places). Emits ``picked(actor_id)`` when a completion is chosen."""

    picked = Signal(int)

    def __init__(self, workspace, scope: str = "all", parent: Optional[QWidget] = None):
        super().__init__(parent)
        if scope not in ("all", "places", "actors"):
            raise ValueError(f"unknown scope {scope!r}")
        self.workspace = workspace
        self.scope = scope
        self._completions = _completions_of(workspace, scope)
        completer = QCompleter(self._completions.model, self)
        completer.setCompletionRole(MatchRole)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        completer.setFilterMode(Qt.MatchContains)
        completer.setMaxVisibleItems(12)
        completer.activated[QModelIndex].connect(self._on_activated)
        self.setCompleter(completer)
        self.setPlaceholderText({"places": "Place: type a name or alias",
                                 "actors": "Actor: type a name or alias"}.get(scope, "Name or alias"))
        self.setClearButtonEnabled(True)
        self.reload()

    def reload(self) -> None:
        """Read the project's live actors and places again (call on ``actorsChanged``): the
        completions every picker of this scope shares are made again when the list changed."""
        self._completions.refresh()

    @property
    def _records(self) -> dict[int, ActorInfo]:
        return self._completions.records

    @property
    def _lookup(self) -> dict[str, int]:
        return self._completions.lookup

    def _on_activated(self, index: QModelIndex) -> None:
        # the completer inserts the matched alias; show the record's own name instead
        actor_id = index.data(ActorIdRole)
        self.setText(index.data(NameRole))
        if actor_id is not None:
            self.picked.emit(int(actor_id))

    def set_actor(self, actor_id: Optional[int]) -> None:
        """Show the name of record ``actor_id`` (or clear the field)."""
        record = self._records.get(actor_id) if actor_id is not None else None
        self.setText(record.name if record else "")

    def text_name(self) -> str:
        return " ".join(self.text().split())

    def chosen(self) -> tuple[Optional[int], str]:
        """(id of the record the text names by name or alias, or None for a new name; the
        text with whitespace collapsed). ("", None) when the field is empty."""
        name = self.text_name()
        return self._lookup.get(name.casefold()) if name else None, name


class _Completions:
    """The completions of one scope ("all", "places", "actors"), shared by every picker of a
    workspace: an event's inspector has a picker per actor row, and each used to read and list
    every record itself. Made again when :meth:`Workspace.actor_list` gives a new list."""

    def __init__(self, workspace, scope: str):
        self.workspace, self.scope = workspace, scope
        self.model = QStandardItemModel(workspace)
        self.records: dict[int, ActorInfo] = {}
        self.lookup: dict[str, int] = {}
        self._made_from: Optional[list] = None

    def _wanted(self, actor: ActorInfo) -> bool:
        is_place = actor.kind.casefold() == PLACE
        return self.scope == "all" or (self.scope == "places") == is_place

    def refresh(self) -> None:
        actors_now = self.workspace.actor_list() if self.workspace.has_project else []
        if actors_now is self._made_from and (actors_now or not self.records):
            return
        self._made_from = actors_now
        self.model.clear()
        self.records.clear()
        self.lookup.clear()
        actors = [a for a in actors_now if self._wanted(a)]
        for actor in actors:  # names win over aliases; older records win (as the facade matches)
            self.records[actor.id] = actor
            self.lookup.setdefault(actor.name.casefold(), actor.id)
        for actor in actors:
            for alias in actor.aliases:
                self.lookup.setdefault(alias.casefold(), actor.id)
        for actor in actors:
            kind = f"  ({actor.kind})" if actor.kind else ""
            self.model.appendRow(_item(actor.name + kind, actor.name, actor))
            for alias in actor.aliases:
                self.model.appendRow(_item(f"{alias} — {actor.name}{kind}", alias, actor))


def _item(display: str, match: str, actor: ActorInfo) -> QStandardItem:
    item = QStandardItem(display)
    item.setData(match, MatchRole)
    item.setData(actor.id, ActorIdRole)
    item.setData(actor.name, NameRole)
    item.setEditable(False)
    return item


_SHARED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # workspace -> {scope: _Completions}


def _completions_of(workspace, scope: str) -> _Completions:
    shared = _SHARED.setdefault(workspace, {})
    if scope not in shared:
        shared[scope] = _Completions(workspace, scope)
    completions = shared[scope]
    completions.refresh()
    return completions
