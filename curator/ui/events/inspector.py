"""The event inspector under the event table: the selected event's title, date, place,
description, actors with their roles, and evidence passages, each editable in place.

Every change is one undo command through the Workspace, made when a field is finished (Enter or
the focus leaving), never per keystroke, and only when the value differs from the stored one. The
inspector shows what the database holds: it reads the event again when the Workspace says it (or
its actors, places or evidence spans) changed. "Add selection as evidence" is its action too
(:class:`~curator.ui.events.evidence_list.EvidenceActions`).
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from curator.core.errors import CuratorError
from curator.core.records import DateFields, EventInfo, EventRow
from curator.core.pages import page_label
from curator.temporal import anchor_day
from curator.ui.events.actor_roles import ActorRolesTable, FieldFinished
from curator.ui.events.date_editor import ERROR_COLOUR, DateEditor
from curator.ui.events.evidence_list import EvidenceActions, EvidenceList
from curator.ui.events.columns import date_edit_text
from curator.ui.store import commands, event_commands
from curator.ui.store.query_loader import QueryLoader
from curator.ui.store.selection import EventSelection
from curator.ui.store.workspace import Workspace
from curator.ui.widgets.actor_picker import ActorPicker

EMPTY_TITLE = "Select an event to see its details"
EMPTY_HINT = ("Click a row above, a mark on the timeline or a highlighted passage in the text. "
              "To make an event, select a passage in the text and press Ctrl+E; "
              "Ctrl+Shift+E adds the selection to the selected event's evidence.")


def _section(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class DescriptionEdit(QPlainTextEdit):
    """A multi-line field that reports ``finished`` when the focus leaves it or on Ctrl+Enter."""

    finished = Signal()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and event.modifiers() & Qt.ControlModifier:
            self.finished.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.PopupFocusReason:  # its own context menu
            self.finished.emit()


class EventInspector(QWidget):
    """The selected event's details, editable; an empty state when nothing is selected."""

    message = Signal(str)  # a one-line report for the status bar

    def __init__(self, workspace: Workspace, undo_stack: QUndoStack, selection: EventSelection,
                 documents, parent=None):
        super().__init__(parent)
        self.workspace, self.undo_stack, self.selection = workspace, undo_stack, selection
        self.documents = documents  # the DocumentPane: opens passages, gives the selected one
        self.event_id: Optional[int] = None
        self._info: Optional[EventInfo] = None
        self._row: Optional[EventRow] = None
        self._refreshing = False
        self._actors_stale = False  # actors or places changed: rebuild the rows' pickers
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_empty_page())
        self.stack.addWidget(self._build_details_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        # Add selection as evidence (Ctrl+Shift+E) and opening a passage from the list
        self.evidence_actions = EvidenceActions(workspace, undo_stack, selection, documents, self)
        self.evidence_actions.message.connect(self.message)
        self.add_evidence_action = self.evidence_actions.add_action
        self.evidence_list.openRequested.connect(self.evidence_actions.open_passage)

        # the roles the project's links use (completions of a role field): a scan of every link
        # (0.5 s at a million events), on a worker when the project or the shown event changes
        self.roles = QueryLoader(workspace, lambda project: project.event_roles(), [], self)
        self.roles.loaded.connect(self.actors_table.set_roles)
        self._roles_stale = True

        selection.eventSelected.connect(self.show_event)
        workspace.projectReplaced.connect(self._on_project_replaced)
        workspace.eventsChanged.connect(self._on_events_changed)
        workspace.eventsRemoved.connect(self._on_events_removed)
        workspace.spansChanged.connect(self._on_spans_changed)
        workspace.actorsChanged.connect(self._on_actors_changed)
        pending = commands.pending_of(undo_stack)
        if pending is not None:  # edits waiting for another program's lock
            pending.changed.connect(self._on_pending_changed)
        self.show_event(selection.event_id)

    # ------------------------------------------------------------------ building
    def _build_empty_page(self) -> QWidget:
        page = QWidget()
        title = QLabel(EMPTY_TITLE, page)
        title.setAlignment(Qt.AlignCenter)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        hint = QLabel(EMPTY_HINT, page)
        hint.setAlignment(Qt.AlignCenter)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        self.empty_label, self.empty_hint = title, hint
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addStretch(2)
        return page

    def _build_details_page(self) -> QWidget:
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("A short title (required)")
        self.title_edit.editingFinished.connect(self._commit_title)
        self.date_editor = DateEditor()
        self.date_editor.accepted.connect(self._commit_date)
        self.date_editor.refused.connect(lambda reason: self._notice(f"Date not changed: {reason}"))
        self.date_editor.focusLeft.connect(self._on_date_focus_left)
        self.place_picker = ActorPicker(self.workspace, scope="places")
        self.place_picker.setPlaceholderText("A place's name or alias (a new name makes a place)")
        FieldFinished(self.place_picker, self._commit_place)
        self.place_picker.picked.connect(lambda *_: self._commit_place())
        self.description_edit = DescriptionEdit()
        self.description_edit.setPlaceholderText("What happened, in your words")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMinimumHeight(self.fontMetrics().height() * 3)
        self.description_edit.finished.connect(self._commit_description)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignRight | Qt.AlignTop)
        form.addRow("&Title", self.title_edit)
        form.addRow("&Date", self.date_editor)
        form.addRow("&Place", self.place_picker)
        form.addRow("Desc&ription", self.description_edit)

        self.actors_table = ActorRolesTable(self.workspace)
        self.actors_table.edited.connect(self._commit_actors)
        self.evidence_list = EvidenceList()
        self.evidence_list.removeRequested.connect(self._remove_evidence)
        self.evidence_heading = _section("Evidence")
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(4)
        right.addWidget(_section("Actors and roles"))
        right.addWidget(self.actors_table)
        right.addSpacing(6)
        right.addWidget(self.evidence_heading)
        right.addWidget(self.evidence_list)
        right.addStretch(1)

        self.notice = QLabel()  # why the last edit was refused; cleared by the next good one
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.notice.hide()
        columns = QHBoxLayout()
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(16)
        columns.addLayout(form, 11)
        columns.addLayout(right, 10)
        content = QWidget()
        outer = QVBoxLayout(content)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.addWidget(self.notice)
        outer.addLayout(columns)
        outer.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        return self.scroll

    # ------------------------------------------------------------------ showing
    def show_event(self, event_id: Optional[int]) -> None:
        """Show the event (or the empty state for None)."""
        changed = event_id != self.event_id
        if changed:
            self._commit_pending()  # what was typed for the event shown until now
        self.event_id = event_id
        if changed:
            self.notice.hide()
            self.scroll.verticalScrollBar().setValue(0)
        self.refresh(force=changed)

    def schedule_refresh(self) -> None:
        """Read the event again once the current burst of signals is over."""
        self._refresh_timer.start()

    def refresh(self, force: bool = False) -> None:
        """Read the shown event from the project and put its values in the fields (a field being
        typed in keeps its text unless ``force``)."""
        self._refresh_timer.stop()
        info = row = None
        if self.event_id is not None and self.workspace.has_project:
            try:
                info = self.workspace.event_info(self.event_id)
                row = self.workspace.event_row(self.event_id)
            except CuratorError:
                info = row = None
        self._info, self._row = info, row
        self.stack.setCurrentIndex(0 if info is None else 1)
        if info is None:
            self.actors_table.clear()
            self.evidence_list.set_passages([])
            return
        self._refreshing = True
        try:
            self._fill(self.title_edit, info.title, force)
            self.date_editor.set_anchor(self._anchor())
            self.date_editor.set_stored(date_edit_text(row), DateFields(row.edtf, row.earliest,
                                                                        row.latest, row.date_text))
            self._fill(self.date_editor.line, date_edit_text(row), force)
            self._show_place(info, force)
            if force or not self.description_edit.hasFocus():
                if self.description_edit.toPlainText() != info.description:
                    self.description_edit.setPlainText(info.description)
                self.description_edit.document().setModified(False)
            if self._roles_stale:
                self._roles_stale = False
                self.roles.load()
            self.actors_table.set_links(info.actors, force=force or self._actors_stale)
            self._actors_stale = False
            titles: dict[int, str] = {}
            for span in info.evidence:
                if span.document_id not in titles:
                    doc = self.workspace.document(span.document_id)
                    titles[span.document_id] = doc.title or doc.filename or f"Document {doc.id}"
            pages = self.workspace.page_starts_of(titles) if titles else {}
            self.evidence_list.set_passages([(span, titles[span.document_id], page_label(
                pages.get(span.document_id) or (), span.start, span.end)) for span in info.evidence])
            count = len(info.evidence)
            self.evidence_heading.setText(f"Evidence ({count} passage{'s' if count != 1 else ''})"
                                          if count else "Evidence")
            self._mark_pending()
        finally:
            self._refreshing = False

    @staticmethod
    def _fill(field: QLineEdit, value: str, force: bool) -> None:
        if force or not (field.hasFocus() and field.isModified()):
            if field.text() != value:
                field.setText(value)
                field.setCursorPosition(0)
            field.setModified(False)

    def _show_place(self, info: EventInfo, force: bool) -> None:
        if not force and self.place_picker.hasFocus() and self.place_picker.isModified():
            return
        self.place_picker.set_actor(info.place_id)
        if not self.place_picker.text():
            self.place_picker.setText(info.location)  # free text of older data
        self.place_picker.setCursorPosition(0)
        self.place_picker.setModified(False)

    def _anchor(self):
        """The day typed dates are read against: the first evidence document's publication day."""
        if self._row is None or self._row.first_document_id is None:
            return None
        try:
            return anchor_day(self.workspace.document(self._row.first_document_id).published)
        except CuratorError:
            return None

    def set_editable(self, editable: bool) -> None:
        """A read-only project's event is shown, not changed: the fields are read-only, the
        actors' rows fixed, the evidence without its ✕."""
        for field in (self.title_edit, self.date_editor.line, self.place_picker, self.description_edit):
            field.setReadOnly(not editable)
        self.actors_table.set_editable(editable)
        self.evidence_list.set_removable(editable)

    def _on_project_replaced(self) -> None:
        self.set_editable(not self.workspace.read_only)
        self.place_picker.reload()
        self.actors_table.prepare()
        self._actors_stale = self._roles_stale = True
        self.show_event(self.selection.event_id)

    def _on_events_changed(self, event_ids: list) -> None:
        if self.event_id is not None and self.event_id in event_ids:
            self._roles_stale = True  # its links (and their roles) may have changed
            self.schedule_refresh()

    def _on_events_removed(self, event_ids: list) -> None:
        if self.event_id is not None and self.event_id in event_ids:
            self.show_event(None)

    def _on_spans_changed(self, document_id: int) -> None:
        if self._info is not None and any(s.document_id == document_id for s in self._info.evidence):
            self.schedule_refresh()

    def _on_actors_changed(self) -> None:
        self.place_picker.reload()
        self._actors_stale = True  # every row's picker is to list the new records
        if self._info is not None:
            self.schedule_refresh()

    # ------------------------------------------------------------------ editing
    def _push(self, command, what: str) -> bool:
        """Apply an edit; True when it is saved or waiting to be saved (another program holds
        the lock: the field keeps the typed value, marked, and the notice says why)."""
        pending = commands.pending_of(self.undo_stack)
        try:
            if pending is not None:
                label = f"{what} of “{self._info.title}”" if self._info is not None else what
                if not pending.submit(command, label):
                    self._notice(f"{what} not saved yet: {pending.reason()}; Curator saves it as "
                                 "soon as it can (Edit › Cancel pending edits drops it)",
                                 to_status_bar=False)  # the status bar has its own notice
                    self._mark_pending()
                    return True
            else:
                commands.push(self.undo_stack, command)
        except CuratorError as exc:
            self._notice(f"{what} not changed: {exc}")
            self.refresh(force=True)
            return False
        self.notice.hide()
        return True

    # fields of the form that show an edit waiting for the lock
    _PENDING_STYLE = "background: #fff3d6;"

    def _pending_widgets(self) -> dict[str, QWidget]:
        return {"title": self.title_edit, "date": self.date_editor.line,
                "description": self.description_edit, "place": self.place_picker}

    def _waiting(self, field: str) -> Optional[str]:
        pending = commands.pending_of(self.undo_stack)
        if pending is None or not pending.waiting or self.event_id is None:
            return None
        return pending.pending_text(self.event_id, field)

    def _mark_pending(self) -> None:
        """Show the typed values still waiting to be saved, on a tinted background."""
        for field, widget in self._pending_widgets().items():
            text = self._waiting(field)
            widget.setStyleSheet(self._PENDING_STYLE if text is not None else "")
            widget.setToolTip("Not saved yet: another program is writing to this project; "
                              "Curator saves it as soon as it can" if text is not None else "")
            typing = widget.document().isModified() if isinstance(widget, QPlainTextEdit) \
                else widget.isModified()
            if text is None or (widget.hasFocus() and typing):
                continue  # the user is typing something newer
            if isinstance(widget, QPlainTextEdit):
                if widget.toPlainText() != text:
                    widget.setPlainText(text)
            elif widget.text() != text:
                widget.setText(text)
                widget.setCursorPosition(0)

    def _on_pending_changed(self) -> None:
        if self.event_id is None:
            return
        self.refresh()
        pending = commands.pending_of(self.undo_stack)
        if pending is not None and not pending.waiting and self.notice.text().find("not saved yet") >= 0:
            self.notice.hide()

    def _commit_pending(self) -> None:
        """Commit fields typed in but not finished (the selection moved on without the focus
        leaving them, e.g. Ctrl+E in the text)."""
        if self._info is None:
            return
        if self.title_edit.isModified():
            self._commit_title()
        if self.date_editor.line.isModified() and self.date_editor.is_valid():
            self._commit_date()
        if self.place_picker.isModified():
            self._commit_place()
        if self.description_edit.document().isModified():
            self._commit_description()
        if self.actors_table.has_unfinished_edit():
            self._commit_actors()

    def _notice(self, text: str, to_status_bar: bool = True) -> None:
        self.notice.setText(text)
        self.notice.show()
        if to_status_bar:
            self.message.emit(text)

    def _current(self) -> Optional[EventInfo]:
        """The shown event as stored now (the fields may be a refresh behind), or None when
        no edit is to be made (nothing shown, or the fields are being filled in)."""
        if self._refreshing or self.event_id is None or self._info is None:
            return None
        try:
            self._info = self.workspace.event_info(self.event_id)
            self._row = self.workspace.event_row(self.event_id)
        except CuratorError:
            return None
        return self._info

    def _commit_title(self) -> None:
        info = self._current()
        if info is None:
            return
        title = " ".join(self.title_edit.text().split())
        if title == (self._waiting("title") or info.title):
            self._fill(self.title_edit, title, force=True)
            return
        if not title:
            self._notice("Title not changed: an event needs a title")
            self._fill(self.title_edit, info.title, force=True)
            return
        if self._push(commands.EditEventField(self.workspace, self.event_id, "title", title), "Title"):
            self.title_edit.setModified(False)  # the refresh shows the stored title

    def _commit_date(self) -> None:
        if not self.date_editor.is_valid() or self._current() is None:
            return
        text = " ".join(self.date_editor.text().split())
        if text == (self._waiting("date") or date_edit_text(self._row)):
            return
        value = self.date_editor.value if text else DateFields()
        if self._push(commands.EditEventField(self.workspace, self.event_id, "date", value), "Date"):
            self.date_editor.line.setModified(False)

    def _on_date_focus_left(self) -> None:
        if self._current() is None:
            return
        if self.date_editor.is_valid():
            self._commit_date()
        elif self.date_editor.line.isModified():
            self._notice(f"Date not changed: {self.date_editor.reason}")
            self.date_editor.line.setText(date_edit_text(self._row))
            self.date_editor.line.setModified(False)

    def _commit_description(self) -> None:
        info = self._current()
        if info is None:
            return
        text = self.description_edit.toPlainText()
        waiting = self._waiting("description")
        if text == (info.description if waiting is None else waiting):
            self.description_edit.document().setModified(False)
            return
        if self._push(commands.EditEventField(self.workspace, self.event_id, "description", text),
                      "Description"):
            self.description_edit.document().setModified(False)

    def _commit_place(self) -> None:
        info = self._current()
        if info is None:
            return
        place_id, name = self.place_picker.chosen()
        if not name:
            if info.place_id is None and not info.location:
                return
            command = event_commands.SetEventPlace(self.workspace, self.event_id, None)
        elif place_id is not None:
            if place_id == info.place_id:
                return
            command = event_commands.SetEventPlace(self.workspace, self.event_id, place_id)
        else:
            if info.place_id is None and name == " ".join(info.location.split()):
                return  # the free-text location of older data, untouched
            command = event_commands.SetEventPlace(self.workspace, self.event_id, None, new_name=name)
        if self._push(command, "Place"):
            self.place_picker.setModified(False)  # the refresh shows the place's own name

    def _commit_actors(self) -> None:
        info = self._current()
        if info is None:
            return
        # a name typed before the pickers knew its record (just made, say) names that record
        rows = [(actor_id if actor_id is not None else self.workspace.find_actor_id(name), name, role)
                for actor_id, name, role in self.actors_table.rows()]
        current = [(link.actor_id, link.role) for link in info.actors]
        if all(actor_id is not None for actor_id, _, _ in rows) and \
                [(actor_id, role) for actor_id, _, role in rows] == current:
            return
        self._push(event_commands.SetEventActorLinks(self.workspace, self.event_id, rows), "Actors")

    def _remove_evidence(self, span_id: int) -> None:
        if self._current() is not None:
            self._push(event_commands.RemoveEvidence(self.workspace, self.event_id, span_id), "Evidence")
