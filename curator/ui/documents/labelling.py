"""What the document pane does with highlights: label the selection (key 1–9 or the palette),
relabel, link to an actor or place, edit the note, remove; describe what lies under the pointer
(tooltip) and decide what a click picks (one event or highlight, or a menu when several meet).

A mixin of :class:`curator.ui.documents.view.DocumentPane`; every change is an undo command
pushed on the pane's undo stack.
"""

from __future__ import annotations

import html

from typing import Optional

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu

from curator.core.errors import CuratorError
from curator.core.records import SpanInfo
from curator.ui.store import annotation_commands as ac
from curator.ui.store.commands import push
from curator.ui.tags.palette import LabelPalette, tag_swatch
from curator.ui.tags.span_dialogs import LinkActorDialog, NoteDialog

QUOTE_CHARS = 50


def short_quote(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[:limit - 1] + '…'}”"


def tag_legend(tags) -> str:
    """The label bar's legend: each label's colour, name and key, so the text's colours can be
    read at a glance (rich text; names escaped)."""
    if not tags:
        return "No labels yet: Edit ▸ Tag set… adds them"
    entries = [f'<span style="color:{t.color}">■</span>&nbsp;{html.escape(t.name)}'
               + (f'&nbsp;<span style="color:#8a8a8a">{t.shortcut}</span>' if t.shortcut else "")
               for t in tags]
    return "&nbsp;&nbsp; ".join(entries)


class LabellingMixin:
    # ------------------------------------------------------------------ tags
    def _reload_tags(self) -> None:
        tags = self.workspace.tags()
        self.text.layer.set_tags(tags)
        self.palette.set_tags(tags)
        self.hint.setText(tag_legend(tags))
        self.text.viewport().update()

    def tag_name(self, tag_id: Optional[int]) -> str:
        tag = self.text.layer.tags.get(tag_id) if tag_id is not None else None
        return tag.name if tag else "Highlight"

    # ------------------------------------------------------------------ labelling
    def label_with_key(self, key: str) -> Optional[int]:
        """Label the selection with the tag whose key is ``key`` ("1".."9")."""
        if self.workspace.read_only:
            self.message.emit(f"Not labelled: {self.workspace.project.access.refusal()}")
            return None
        tag = self.workspace.tag_by_shortcut(key)
        if tag is None:
            self.message.emit(f"No label has the key {key} (Edit ▸ Tag set… gives labels their keys)")
            return None
        return self.label_selection(tag.id)

    def label_selection(self, tag_id: int) -> Optional[int]:
        """Label the selected passage: a new highlight, or — when the selection is exactly an
        existing span — that span relabelled. Returns the span's id (None if nothing selected)."""
        passage = self.selected_passage()
        if passage is None:
            self.message.emit("Select a passage first, then choose its label")
            return None
        document_id, start, end = passage
        name = self.tag_name(tag_id)
        same = [self.workspace.span(span_id) for span_id in self.index.exact(start, end)]  # labelled first
        if same and same[0].tag_id == tag_id:
            self.select_highlight(same[0].id)
            return same[0].id
        if same:
            command = ac.EditSpan(self.workspace, same[0].id,
                                  f"Relabel as {name}" if same[0].tag_id is not None else f"Label as {name}",
                                  tag_id=tag_id)
        else:
            command = ac.AddHighlight(self.workspace, document_id, start, end, tag_id, name)
        try:
            push(self.undo_stack, command)
        except CuratorError as exc:
            self.message.emit(f"Not labelled: {exc}")
            return None
        span_id = same[0].id if same else command.span_id
        self._clear_text_selection()
        self.select_highlight(span_id)
        return span_id

    def _clear_text_selection(self) -> None:
        cursor = self.text.textCursor()
        cursor.clearSelection()
        self.text.setTextCursor(cursor)

    def remove_highlight(self, span_id: int) -> None:
        self._push(ac.RemoveHighlight(self.workspace, span_id), "Not removed")
        if self.text.layer.selected_span_id == span_id:
            self.select_highlight(None)

    def set_note(self, span_id: int, note: str) -> None:
        if note != self.workspace.span(span_id).note:
            self._push(ac.EditSpan(self.workspace, span_id, "Edit note", note=note), "Note not saved")

    def link_span(self, span_id: int, actor_id: Optional[int] = None, new_name: str = "") -> None:
        """Link a highlight to record ``actor_id``, to a new record ``new_name`` (of the kind its
        label implies), or to nothing; one undo step either way."""
        span = self.workspace.span(span_id)
        kind = ac.kind_for_tag(self.tag_name(span.tag_id))
        self._push(ac.LinkSpan(self.workspace, span_id, actor_id, new_name, kind), "Not linked")

    def _push(self, command, failure: str) -> bool:
        try:
            push(self.undo_stack, command)
        except CuratorError as exc:
            self.message.emit(f"{failure}: {exc}")
            return False
        return True

    # ------------------------------------------------------------------ dialogs
    def link_span_dialog(self, span_id: int) -> None:
        span = self.workspace.span(span_id)
        dialog = LinkActorDialog(self.workspace, span.quote, ac.kind_for_tag(self.tag_name(span.tag_id)),
                                 span.actor_id, self)
        result = dialog.exec()
        if result == LinkActorDialog.UNLINK:
            self.link_span(span_id, None)
        elif result == QDialog.Accepted:
            actor_id, new_name = dialog.choice()
            if actor_id is not None and actor_id == span.actor_id:
                return
            if actor_id is not None or new_name:
                self.link_span(span_id, actor_id, new_name)
        dialog.deleteLater()

    def note_dialog(self, span_id: int) -> None:
        dialog = NoteDialog(self.workspace.span(span_id).note, self)
        if dialog.exec() == QDialog.Accepted:
            self.set_note(span_id, dialog.note())
        dialog.deleteLater()

    # ------------------------------------------------------------------ what is under the pointer
    def _offset(self, qt_position: Optional[int]) -> Optional[int]:
        if qt_position is None or self._map is None:
            return None
        return self._map.from_qt(qt_position)

    def describe_span(self, span: SpanInfo) -> list[str]:
        lines = []
        if span.tag_id is not None:
            actor = self.workspace.linked_actor(span.actor_id)
            what = f"{actor.name} (mention)" if actor else short_quote(span.quote)
            lines.append(f"{self.tag_name(span.tag_id)} — {what}")
        for event_id in span.event_ids:
            try:
                title = self.workspace.event_row(event_id).title
            except CuratorError:
                continue
            lines.append(f"Event: {title or '(untitled)'}")
        if span.note:
            lines.append(f"note: {span.note}")
        return lines

    def tooltip_at(self, offset: int) -> str:
        """Every label and event under code point ``offset``, innermost first."""
        lines: list[str] = []
        for span in self.spans_at(offset):
            lines += self.describe_span(span)
        return "\n".join(lines)

    def spans_at(self, offset: Optional[int]) -> list[SpanInfo]:
        """The drawn spans containing code point ``offset``, innermost first."""
        if offset is None:
            return []
        return [self.workspace.span(span_id) for span_id in reversed(self.text.layer.span_ids_at(offset))]

    def _tooltip_at_qt(self, qt_position: int) -> str:
        offset = self._offset(qt_position)
        return self.tooltip_at(offset) if offset is not None else ""

    def targets_at(self, offset: int) -> list[tuple[str, int, str]]:
        """What a click at ``offset`` can pick, innermost first: ("event", id, text) for each
        event whose evidence is there, ("highlight", span id, text) for each labelled span that
        is no event's evidence (a labelled evidence passage stands for its events: clicking it
        selects the event, as clicking any evidence does)."""
        targets, seen = [], set()
        for span in self.spans_at(offset):
            for event_id in span.event_ids:
                if ("event", event_id) not in seen:
                    seen.add(("event", event_id))
                    try:
                        title = self.workspace.event_row(event_id).title
                    except CuratorError:
                        continue
                    targets.append(("event", event_id, f"Event: {title or '(untitled)'}"))
            if span.tag_id is not None and not span.event_ids:
                targets.append(("highlight", span.id,
                                f"{self.tag_name(span.tag_id)} — {short_quote(span.quote, 40)}"))
        return targets

    def _on_text_clicked(self, qt_position: int, global_pos: QPoint = QPoint()) -> None:
        offset = self._offset(qt_position)
        if offset is None:
            return
        targets = self.targets_at(offset)
        if len(targets) == 1:
            self.pick(*targets[0][:2])
        elif targets:
            texts = [text for _, _, text in targets]
            targets = [(kind, record_id, text if texts.count(text) == 1 else f"{text} (#{record_id})")
                       for kind, record_id, text in targets]  # two events of one title: tell them apart
            self.pick_menu = self._pick_menu(targets)
            self.pick_menu.popup(global_pos)

    def _pick_menu(self, targets) -> QMenu:
        menu = QMenu(self)
        for kind, record_id, text in targets:
            action = menu.addAction(text)
            if kind == "highlight":
                tag = self.text.layer.tags.get(self._span_tag(record_id))
                if tag is not None:
                    action.setIcon(tag_swatch(tag.color))
            action.triggered.connect(lambda checked=False, k=kind, i=record_id: self.pick(k, i))
        menu.aboutToHide.connect(menu.deleteLater)
        return menu

    def _span_tag(self, span_id: int) -> Optional[int]:
        try:
            return self.workspace.span(span_id).tag_id
        except CuratorError:
            return None

    def pick(self, kind: str, record_id: int) -> None:
        if kind == "event":
            self.select_highlight(None)
            self.selection.select(record_id)
        else:
            self.select_highlight(record_id)

    def select_highlight(self, span_id: Optional[int]) -> None:
        """Mark highlight ``span_id`` as the selected one (outlined; its label in the status bar)."""
        self.text.layer.selected_span_id = span_id
        self.text.viewport().update()
        try:
            span = self.workspace.span(span_id) if span_id is not None else None
        except CuratorError:
            span = None
        if span is not None:
            self.message.emit("; ".join(self.describe_span(span)))
        self.highlightSelected.emit(span_id)

    # ------------------------------------------------------------------ context menu
    def context_entries(self, qt_position: Optional[int]) -> list:
        """The pane's context-menu entries for a click at Qt position ``qt_position`` (None:
        beside the text): "Label as ▸" and, per highlight under it, Link, Edit note, Remove."""
        owner = QMenu(self)  # owns this menu's actions; replaced at the next menu
        if getattr(self, "_context_owner", None) is not None:
            self._context_owner.deleteLater()
        self._context_owner = owner
        label_menu = LabelPalette("Label as", owner)
        label_menu.set_tags(list(self.text.layer.tags.values()))
        label_menu.tagChosen.connect(self.label_selection)
        label_menu.setEnabled(self.text.textCursor().hasSelection() and self.workspace.editable)
        entries: list = [label_menu]
        offset = self._offset(qt_position)
        highlights = [s for s in self.spans_at(offset) if s.tag_id is not None]
        if not highlights:
            return entries
        entries.append(None)
        for span in highlights:
            actions = self._span_actions(span, owner)
            if len(highlights) == 1:
                entries += actions
            else:
                sub = QMenu(f"{self.tag_name(span.tag_id)} — {short_quote(span.quote, 30)}", owner)
                tag = self.text.layer.tags.get(span.tag_id)
                if tag is not None:
                    sub.setIcon(tag_swatch(tag.color))
                for action in actions:
                    sub.addAction(action)
                entries.append(sub)
        return entries

    def _span_actions(self, span: SpanInfo, owner) -> list[QAction]:
        link = QAction("Link to actor/place…", owner)
        link.triggered.connect(lambda: self.link_span_dialog(span.id))
        note = QAction("Edit note…", owner)
        note.triggered.connect(lambda: self.note_dialog(span.id))
        if span.event_ids:
            n = len(span.event_ids)
            events = "its events" if n > 1 else "its event"
            remove = QAction(f"Remove label (the passage stays evidence of {events})", owner)
        else:
            remove = QAction("Remove highlight", owner)
        remove.triggered.connect(lambda: self.remove_highlight(span.id))
        for action in (link, note, remove):
            action.setEnabled(self.workspace.editable)
        return [link, note, remove]

    def _add_context_entries(self, qt_position: Optional[int], menu: QMenu, before) -> None:
        for entry in self.context_entries(qt_position):
            if entry is None:
                menu.insertSeparator(before)
            elif isinstance(entry, QMenu):
                menu.insertMenu(before, entry)
            else:
                menu.insertAction(before, entry)
