"""The Preferences dialog: the annotator's name, stored in QSettings and written as
``created_by`` on every record this person makes."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from curator.identity import default_annotator
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


class AnnotatorNameDialog(QDialog):
    """First run: asks for the annotator's name, proposing the login name; :meth:`accept`
    stores it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Welcome to Curator")
        self.name_edit = QLineEdit(default_annotator(), self)
        self.name_edit.setMinimumWidth(280)
        self.name_edit.selectAll()
        note = QLabel("Curator stores your name with every document, passage and event you add, "
                      "so that colleagues can tell who made what when projects are merged. "
                      "You can change it later in Preferences.", self)
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Your &name:", self.name_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok, self)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def annotator(self) -> str:
        return " ".join(self.name_edit.text().split())

    def accept(self) -> None:
        app.set_annotator_name(self.annotator() or default_annotator())
        super().accept()


def ask_annotator_name_if_unset(parent=None) -> str:
    """On first run (no name in the settings) ask for it; the name edits will carry. Closing
    the dialog without OK stores nothing: edits then carry the login name, and the next run asks
    again."""
    if not app.annotator_name():
        dialog = AnnotatorNameDialog(parent)
        dialog.exec()
        dialog.deleteLater()
    return app.effective_annotator()
