"""Asking before an event with evidence or actors is deleted (undo brings it back, but a
stray Delete key should not cost a passage's link silently)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from curator.ui import app

KEY_CONFIRM_DELETE = "confirm/delete_event"  # QSettings: False once "Don't ask again" is ticked


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def delete_question(title: str, evidence: int, actors: int) -> str:
    """``Delete event 'X' and its 2 evidence links?`` (and its actor links, if any)."""
    links = []
    if evidence:
        links.append(_count(evidence, "evidence link", "evidence links"))
    if actors:
        links.append(_count(actors, "actor link", "actor links"))
    shown = title if len(title) <= 60 else title[:57].rstrip() + "…"
    return f"Delete event '{shown}'" + (f" and its {' and '.join(links)}" if links else "") + "?"


def asks_before_deleting() -> bool:
    value = app.settings().value(KEY_CONFIRM_DELETE, True)
    return str(value).lower() not in ("false", "0")


def confirm_delete_event(parent: QWidget, title: str, evidence: int, actors: int) -> bool:
    """Whether to delete: asks (Delete / Cancel, with "Don't ask again") unless the user has
    turned the question off. The main window calls it through its ``confirm_delete`` attribute."""
    if not asks_before_deleting():
        return True
    box = QMessageBox(QMessageBox.Icon.Question, "Delete event", delete_question(title, evidence, actors),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText("Undo with Ctrl+Z.")
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setCheckBox(QCheckBox("Don't ask again", box))
    box.exec()
    confirmed = box.clickedButton() is delete
    if confirmed and box.checkBox().isChecked():
        app.settings().setValue(KEY_CONFIRM_DELETE, False)
    box.deleteLater()
    return confirmed
