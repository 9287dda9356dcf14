"""The Actors tab: every actor and place of the project, with kind, aliases, and how many
mentions and events each has.

Filter by name or alias and by kind; sort by any column. Rename in place (F2 or a double-click on
the name), edit everything in the Edit dialog, create, delete (after saying how many events link
to the record) and merge two or more records into one; each is one undoable step.

Selecting one record shows what it is about: its mentions are highlighted in the shown document
(with previous/next buttons that walk through them across documents), the event table is limited
to its events (a "Showing: …" chip there ends that, as does clearing the selection) and its lane
on the timeline is marked. "Find mentions…" proposes the occurrences of its names not linked yet.

The main window puts the panel in a tab beside Events and Suggestions.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from curator.core.errors import CuratorError
from curator.core.records import SpanInfo
from curator.ui.actors.dialogs import ActorEditDialog, MergeDialog
from curator.ui.actors.loading import SummaryLoader
from curator.ui.actors.mentions import FindMentionsDialog
from curator.ui.actors.model import (
    KIND_FILTERS,
    ActorColumn,
    ActorIdRole,
    ActorSortProxy,
    ActorTableModel,
)
from curator.ui.store import commands
from curator.ui.store.actor_commands import AddActor, DeleteActor, EditActor, MergeActors
from curator.ui.store.row_model import set_up_row_table
from curator.ui.store.workspace_actors import PLACE

DELETE_KEYS = (Qt.Key_Delete, Qt.Key_Backspace)
OVERLAY = "actor"  # this panel's overlay in the document view
MENTION_COLOUR = QColor("#9ee0d3")  # teal: not a tag colour, nor evidence yellow or search cyan
CURRENT_MENTION_COLOUR = QColor("#4fc2ad")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class ActorList(QTableView):
    """The table of records. F2 or a double-click anywhere on a row renames the record in place;
    Delete asks to delete it (claimed before the window's own Delete, which deletes events)."""

    deleteRequested = Signal()

    def event(self, event) -> bool:
        if event.type() == QEvent.ShortcutOverride and event.modifiers() in (
                Qt.NoModifier, Qt.KeypadModifier) and event.key() in DELETE_KEYS:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.modifiers() in (Qt.NoModifier, Qt.KeypadModifier):
            if event.key() in DELETE_KEYS:
                self.deleteRequested.emit()
                return
            if event.key() == Qt.Key_F2 and self.currentIndex().isValid():
                self.rename_current()
                return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and event.button() == Qt.LeftButton:
            self.setCurrentIndex(index)
            self.rename_current()
            return
        super().mouseDoubleClickEvent(event)

    def rename_current(self) -> None:
        """Open the in-place editor on the current row's name."""
        index = self.currentIndex().siblingAtColumn(ActorColumn.NAME)
        self.setCurrentIndex(index)
        self.edit(index)


class ActorsPanel(QWidget):
    """The list of actors and places, its actions, and what selecting one shows elsewhere."""

    message = Signal(str)  # one line for the status bar

    def __init__(self, workspace, undo_stack: QUndoStack, documents, events, timeline, parent=None):
        super().__init__(parent)
        self.workspace, self.undo_stack = workspace, undo_stack
        self.documents, self.events, self.timeline = documents, events, timeline
        self.dialog = None  # the edit or merge dialog open, if any
        self.mentions_dialog: Optional[FindMentionsDialog] = None
        self.confirm_box: Optional[QMessageBox] = None
        self.focused_id: Optional[int] = None  # the one selected record whose things are shown
        self._mentions: list[SpanInfo] = []
        self._mention_index = -1  # the mention last walked to (-1: none yet)
        self._quiet = False  # the selection is being restored after a reload
        self._overlay_shown = False

        self.model = ActorTableModel(workspace, undo_stack, self)
        self.model.editRefused.connect(self.message)
        self.proxy = ActorSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter by name or alias…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text_filter)
        self.kind_filter = QComboBox(self)
        self.kind_filter.addItems(list(KIND_FILTERS))
        self.kind_filter.setToolTip("Show only people, groups, places or other records")
        self.kind_filter.currentTextChanged.connect(self.proxy.set_kind_filter)

        self.view = ActorList(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(ActorColumn.NAME, Qt.AscendingOrder)
        set_up_row_table(self.view, ActorColumn, QAbstractItemView.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)  # F2, double-click: ActorList
        self.view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

        self.new_actor_action = self._action("New &actor…", self.new_actor, "Ctrl+Shift+N",
                                             "Make a record for a person or group")
        self.new_place_action = self._action("New &place…", lambda: self.new_actor(PLACE),
                                             tip="Make a record for a place (with coordinates)")
        self.edit_action = self._action("&Edit…", self.edit_selected, "Ctrl+Return",
                                        "Edit the name, kind, aliases and coordinates")
        self.merge_action = self._action("&Merge…", self.merge_selected, tip=(
            "Fold the selected records into one (select two or more)"))
        self.find_mentions_action = self._action("&Find mentions…", self.find_mentions, tip=(
            "List occurrences of the selected record's names that are not linked to it yet"))
        self.delete_action = self._action("&Delete", self.delete_selected,
                                          tip="Delete the selected record (its event links go too)")
        self.view.deleteRequested.connect(self.delete_action.trigger)
        self.previous_action = self._action("◀", lambda: self.step_mention(-1), tip="Previous mention")
        self.next_action = self._action("▶", lambda: self.step_mention(1), tip="Next mention")

        self.mentions_label = QLabel(self)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.search, 1)
        top.addWidget(self.kind_filter)
        navigation = QHBoxLayout()
        navigation.setSpacing(4)
        navigation.addWidget(self.mentions_label, 1)
        navigation.addWidget(self._button(self.previous_action))
        navigation.addWidget(self._button(self.next_action))
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for action in (self.new_actor_action, self.new_place_action, self.edit_action,
                       self.merge_action, self.find_mentions_action):
            buttons.addWidget(self._button(action))
        buttons.addStretch(1)
        buttons.addWidget(self._button(self.delete_action))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(navigation)
        layout.addLayout(buttons)

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self._on_reload_due)
        self._stale = False  # the project changed while the tab was hidden
        self.loader = SummaryLoader(workspace, self, self.message)  # the rows with their counts, on a worker
        self.loader.loaded.connect(self._show_rows)
        workspace.projectReplaced.connect(self._on_project_replaced)
        workspace.actorsChanged.connect(self._on_actors_changed)
        for signal in (workspace.eventsChanged, workspace.eventsRemoved, workspace.spansChanged):
            signal.connect(self._on_project_changed)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        documents.documentShown.connect(lambda *_: self._apply_overlay())
        events.actorFilterCleared.connect(self._on_chip_closed)
        self._on_project_replaced()  # read when the tab is first shown (3 s of counting at 1M events)

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)  # only in this tab
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        self.addAction(action)
        return action

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonTextOnly)
        return button

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        """Read every record again (on a worker: ``loader.wait()``), keeping the selection."""
        if self.view.state() == QAbstractItemView.EditingState:
            self._reload_timer.start()  # a name being committed: reset the rows after the editor closes
            return
        self._reload_timer.stop()
        self._stale = False
        self.loader.load()

    def _show_rows(self, rows: list) -> None:
        if self.view.state() == QAbstractItemView.EditingState:
            self._reload_timer.start()  # not under the editor: read again once it has closed
            return
        selected = self.selected_ids()
        current = self.view.currentIndex().data(ActorIdRole)
        self._quiet = True
        try:
            self.model.set_rows(rows)
            self._select_ids(selected, current)
        finally:
            self._quiet = False
        self._on_selection_changed()

    # The list is read again when the tab shows, or at once while it is shown (one query, but one
    # that reads every event link: not after each table edit while nobody looks at the list).
    def _on_actors_changed(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._on_project_changed()

    def _on_project_changed(self, *args) -> None:
        self._stale = True
        self._reload_timer.start()  # once for a burst of signals

    def _on_reload_due(self) -> None:
        if self.isVisible():
            self.reload()
        if self.focused_id is not None:
            self._focus(self.focused_id)  # keep the event table's filter and the mentions current

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _on_project_replaced(self) -> None:
        self.view.clearSelection()
        self.model.set_rows([])  # read now if shown, else when the tab is shown
        self._on_selection_changed()  # what may be done (nothing, on a read-only project)
        self._stale = self.workspace.has_project
        if self.isVisible():
            self.reload()

    def _select_ids(self, actor_ids: list[int], current: Optional[int] = None) -> None:
        selection_model = self.view.selectionModel()
        for actor_id in actor_ids:
            index = self.proxy_index(actor_id)
            if not index.isValid():
                continue
            flags = QItemSelectionModel.Select | QItemSelectionModel.Rows
            if actor_id == current or current is None and actor_id == actor_ids[0]:
                selection_model.setCurrentIndex(index, flags)
            else:
                selection_model.select(index, flags)

    def proxy_index(self, actor_id: int, column: int = ActorColumn.NAME):
        row = self.model.row_of(actor_id)
        if row is None:
            return self.proxy.index(-1, -1)
        return self.proxy.mapFromSource(self.model.index(row, column))

    def select_actor(self, actor_id: Optional[int]) -> None:
        """Make ``actor_id`` the one selected record (None: select nothing)."""
        self.view.clearSelection()
        if actor_id is not None:
            index = self.proxy_index(actor_id)
            if not index.isValid() and self.loader.busy:  # a new record: once the rows have come
                self.loader.loaded.connect(lambda _rows: self.select_actor(actor_id), Qt.SingleShotConnection)
            elif index.isValid():
                self.view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
                self.view.scrollTo(index)

    def selected_ids(self) -> list[int]:
        rows = self.view.selectionModel().selectedRows(ActorColumn.NAME)
        return [index.data(ActorIdRole) for index in sorted(rows, key=lambda i: i.row())]

    # ------------------------------------------------------------------ what a selection shows
    def _on_selection_changed(self, *args) -> None:
        if self._quiet:
            return
        ids = self.selected_ids()
        editable = self.workspace.editable  # a read-only project's records are shown, not changed
        self.edit_action.setEnabled(editable and len(ids) == 1)
        self.find_mentions_action.setEnabled(editable and len(ids) == 1)
        self.delete_action.setEnabled(editable and len(ids) == 1)
        self.merge_action.setEnabled(editable and len(ids) >= 2)
        self.new_actor_action.setEnabled(editable)
        self.new_place_action.setEnabled(editable)
        self._focus(ids[0] if len(ids) == 1 else None)

    def _focus(self, actor_id: Optional[int]) -> None:
        """Show one record's mentions, events and lane (None: show none)."""
        summary = self.model.summary(actor_id) if actor_id is not None else None
        if summary is None:
            had = self.focused_id is not None
            self.focused_id, self._mentions, self._mention_index = None, [], -1
            if had:
                self.events.set_actor_filter(None)
                self.timeline.highlight_lane(None)
            self._apply_overlay()
            self._update_navigation()
            return
        if actor_id != self.focused_id:
            self._mention_index = -1
        self.focused_id = actor_id
        self._mentions = self.workspace.actor_mentions(actor_id)
        if (self.events.actor_filter(), self.events.filter_label()) != (
                actor_id, f"Showing: {summary.name}"):
            self.events.set_actor_filter(actor_id, summary.name)
        self.timeline.highlight_lane(summary.name)
        self._mention_index = min(self._mention_index, len(self._mentions) - 1)
        self._apply_overlay()
        self._update_navigation()

    def _on_chip_closed(self) -> None:
        if self.focused_id is not None:
            self.view.clearSelection()  # -> _focus(None)

    def _apply_overlay(self) -> None:
        """Lay the focused record's mentions in the shown document over its text."""
        shown = self.documents.document_id
        current = self._mentions[self._mention_index] if self._mention_index >= 0 else None
        ranges = [(s.start, s.end, CURRENT_MENTION_COLOUR if s is current else MENTION_COLOUR)
                  for s in self._mentions if s.document_id == shown]
        if ranges or self._overlay_shown:  # redraw the text only when there is a change to show
            self.documents.set_overlay(OVERLAY, shown if ranges else None, ranges)
        self._overlay_shown = bool(ranges)

    def _update_navigation(self) -> None:
        n = len(self._mentions)
        if self.focused_id is None:
            self.mentions_label.setText("Select a record to see its mentions and events"
                                        if self.model.rowCount() else
                                        "No actors or places yet: label a Person, Group or Place "
                                        "in a text, or use New actor…")
        elif not n:
            self.mentions_label.setText("No mentions linked yet: try Find mentions…")
        else:
            documents = len({s.document_id for s in self._mentions})
            here = sum(1 for s in self._mentions if s.document_id == self.documents.document_id)
            text = f"{_plural(n, 'mention')} in {_plural(documents, 'document')}"
            if self._mention_index >= 0:
                text = f"Mention {self._mention_index + 1} of {n:,} · " + text
            elif here and documents > 1:
                text += f" ({here:,} in this one)"
            self.mentions_label.setText(text)
        self.previous_action.setEnabled(n > 0)
        self.next_action.setEnabled(n > 0)

    def step_mention(self, step: int) -> None:
        """Walk to the next (1) or previous (-1) mention, opening its document."""
        if not self._mentions:
            return
        if self._mention_index < 0:
            self._mention_index = 0 if step > 0 else len(self._mentions) - 1
        else:
            self._mention_index = (self._mention_index + step) % len(self._mentions)
        mention = self._mentions[self._mention_index]
        self.documents.show_document(mention.document_id)  # -> _apply_overlay
        self._apply_overlay()
        self.documents.scroll_to_offset(mention.start)
        self._update_navigation()

    def current_mention(self) -> Optional[SpanInfo]:
        return self._mentions[self._mention_index] if self._mention_index >= 0 else None

    def mention_summary(self) -> str:
        return self.mentions_label.text()

    # ------------------------------------------------------------------ actions
    def _push(self, command) -> bool:
        try:
            commands.push(self.undo_stack, command)
        except CuratorError as exc:
            self.message.emit(f"{command.text()} failed: {exc}")
            return False
        return True

    def new_actor(self, kind: str = "") -> ActorEditDialog:
        """Open the dialog for a new record (a place with ``kind`` "place")."""
        dialog = ActorEditDialog(self, kind=kind)
        dialog.accepted.connect(lambda: self._create(dialog))
        return self._open(dialog)

    def _create(self, dialog: ActorEditDialog) -> None:
        command = AddActor(self.workspace, **dialog.values())
        if self._push(command):
            self.select_actor(command.actor_id)

    def edit_selected(self) -> Optional[ActorEditDialog]:
        ids = self.selected_ids()
        if len(ids) != 1:
            return None
        dialog = ActorEditDialog(self, actor=self.workspace.actor(ids[0]))
        dialog.accepted.connect(lambda: self._edit(dialog))
        return self._open(dialog)

    def _edit(self, dialog: ActorEditDialog) -> None:
        changes = dialog.changes()
        if changes:
            self._push(EditActor(self.workspace, dialog.actor.id, changes, f"Edit {dialog.actor.name!r}"))

    def merge_selected(self) -> Optional[MergeDialog]:
        summaries = [self.model.summary(i) for i in self.selected_ids()]
        if len(summaries) < 2:
            return None
        dialog = MergeDialog(summaries, self)
        dialog.accepted.connect(lambda: self._merge(dialog))
        return self._open(dialog)

    def _merge(self, dialog: MergeDialog) -> None:
        winner = self.model.summary(dialog.winner_id())
        losers = dialog.loser_ids()
        if self._push(MergeActors(self.workspace, winner.id, losers, winner.name)):
            self.select_actor(winner.id)
            self.message.emit(f"Merged {_plural(len(losers), 'record')} into {winner.name}")

    def _open(self, dialog):
        self.dialog = dialog
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.finished.connect(lambda *_: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        summary = self.model.summary(ids[0])
        what = "place" if summary.kind == PLACE else "actor"
        consequence = (f"{_plural(summary.events, 'event')} link{'s' if summary.events == 1 else ''} "
                       f"to it; {'those links' if summary.events != 1 else 'that link'} will be removed."
                       if summary.events else "No event links to it.")
        if summary.mentions:
            consequence += (f" Its {_plural(summary.mentions, 'mention')} stay in the texts, "
                            "no longer linked.")
        if not self._confirm(f"Delete {what}", f"Delete {summary.name}?\n\n{consequence}\n\n"
                                               "You can undo this."):
            return
        if self._push(DeleteActor(self.workspace, summary.id, summary.name)):
            self.message.emit(f"Deleted {summary.name}")

    def _confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.Yes | QMessageBox.Cancel, self)
        box.setDefaultButton(QMessageBox.Cancel)
        self.confirm_box = box
        try:
            return box.exec() == QMessageBox.Yes
        finally:
            self.confirm_box = None
            box.deleteLater()

    def find_mentions(self) -> Optional[FindMentionsDialog]:
        ids = self.selected_ids()
        if len(ids) != 1:
            return None
        if self.mentions_dialog is not None:
            self.mentions_dialog.close()
        dialog = FindMentionsDialog(self.workspace, self.undo_stack, self.documents, ids[0], self)
        dialog.message.connect(self.message)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.finished.connect(lambda *_: setattr(self, "mentions_dialog", None))
        self.mentions_dialog = dialog
        dialog.show()
        return dialog

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        for action in (self.edit_action, self.find_mentions_action, self.merge_action, None,
                       self.new_actor_action, self.new_place_action, None, self.delete_action):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()
