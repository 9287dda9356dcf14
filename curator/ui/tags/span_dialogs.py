"""Small dialogs for one highlight: link it to an actor or place, edit its note. They only ask;
the caller turns the answer into an undo command."""

from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

from curator.ui.widgets.actor_picker import ActorPicker

SCOPE_OF_KIND = {"place": "places", "person": "actors", "group": "actors"}


class LinkActorDialog(QDialog):
    """Choose the actor or place a highlight mentions: an existing record (found by name or
    alias) or a new name, which the caller creates with ``kind``. "Unlink" clears the link."""

    UNLINK = 2

    def __init__(self, workspace, quote: str, kind: str, current_actor_id: Optional[int] = None,
                 parent=None):
        super().__init__(parent)
        what = "place" if kind == "place" else "actor"
        self.setWindowTitle(f"Link to {what}")
        self.kind = kind
        self.picker = ActorPicker(workspace, SCOPE_OF_KIND.get(kind, "all"), self)
        if current_actor_id is not None:
            self.picker.set_actor(current_actor_id)
        else:
            self.picker.setText(" ".join(quote.split())[:120])
        self.picker.selectAll()
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.picker.textChanged.connect(self._update_hint)
        self.box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.unlink_button = None
        if current_actor_id is not None:
            self.unlink_button = self.box.addButton("Unlink", QDialogButtonBox.DestructiveRole)
            self.unlink_button.clicked.connect(lambda: self.done(self.UNLINK))
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"“{' '.join(quote.split())[:80]}” mentions the {what}:", self))
        layout.addWidget(self.picker)
        layout.addWidget(self.hint)
        layout.addWidget(self.box)
        self.resize(420, 150)
        self._update_hint()

    def _update_hint(self) -> None:
        actor_id, name = self.picker.chosen()
        ok = self.box.button(QDialogButtonBox.Ok)
        ok.setEnabled(bool(name))
        if not name:
            self.hint.setText("Type a name or alias.")
        elif actor_id is None:
            self.hint.setText(f"A new {self.kind or 'record'} “{name}” will be created.")
        else:
            self.hint.setText("Links to the existing record.")

    def choice(self) -> tuple[Optional[int], str]:
        """(existing record id, "") or (None, new name)."""
        actor_id, name = self.picker.chosen()
        return (actor_id, "") if actor_id is not None else (None, name)


class NoteDialog(QDialog):
    """Edit a highlight's note (free text; empty removes it)."""

    def __init__(self, note: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Highlight note")
        self.editor = QPlainTextEdit(self)
        self.editor.setPlainText(note)
        self.editor.setTabChangesFocus(True)
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(box)
        self.resize(420, 200)

    def note(self) -> str:
        return self.editor.toPlainText().strip()
