"""The event inspector's marks of edits waiting to be saved (another program holds the project's
write lock): the typed value stays in its field on a tinted background, with a tooltip saying
why, until Curator saves it (:mod:`curator.ui.store.pending`). A mixin of
:class:`~curator.ui.events.inspector.EventInspector`."""

from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from curator.ui.store import commands


class PendingMarksMixin:
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
