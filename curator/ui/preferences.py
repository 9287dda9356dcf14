"""The Preferences dialog: the annotator's name, stored in QSettings and written as
``created_by`` on every record this person makes."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from curator.ui import app


class PreferencesDialog(QDialog):
    """Edit the preferences; :meth:`accept` stores them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.name_edit = QLineEdit(app.annotator_name(), self)
        self.name_edit.setPlaceholderText("e.g. Rana Haddad")
        self.name_edit.setMinimumWidth(280)
        note = QLabel("Your name is stored with every document, passage and event you add, so that "
                      "colleagues can tell who made what when projects are merged.", self)
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Annotator's &name:", self.name_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def annotator(self) -> str:
        return " ".join(self.name_edit.text().split())

    def accept(self) -> None:
        app.set_annotator_name(self.annotator())
        super().accept()
