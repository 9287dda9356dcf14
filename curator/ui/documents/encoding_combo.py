"""The encoding chooser of one file in the Add documents dialog: the encoding the file was read
in, the other readings the detector weighed, the common encodings, and "Other…" for any name
Python knows."""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QInputDialog, QMessageBox

from curator.core.errors import InvalidInput
from curator.ingest.encodings import COMMON_ENCODINGS, checked_label, describe

OTHER = "\x00other"


class EncodingCombo(QComboBox):
    """Emits ``chosen(label)`` when the user picks an encoding (not when it is filled in)."""

    chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEnabled(False)
        self.setPlaceholderText("Choose an encoding…")
        self.addItem("Reading…")
        self._filling = False
        self._current: Optional[str] = None
        self.activated.connect(self._on_activated)

    def fill(self, used: Optional[str], detected: list[str], candidates: list[str]) -> None:
        """``used``: the encoding the file is read in now (None when it could not be read);
        ``detected``: the detector's choice; ``candidates``: the other readings it weighed."""
        self._filling = True
        self.clear()
        listed: list[str] = []

        def add(label: str, note: str = "") -> None:
            if label in listed:
                return
            listed.append(label)
            self.addItem(describe(label) + (f"  · {note}" if note else ""), label)

        if used:
            add(used, "detected" if used in detected else "")
        for label in detected:
            add(label, "detected")
        for label in candidates:
            add(label, "also possible")
        if listed:
            self.insertSeparator(self.count())
        for encoding in COMMON_ENCODINGS:
            add(encoding.label)
        self.insertSeparator(self.count())
        self.addItem("Other encoding…", OTHER)
        self._current = used
        self.setCurrentIndex(self.findData(used) if used else -1)
        self.setEnabled(True)
        self._filling = False

    @property
    def label(self) -> Optional[str]:
        return self._current

    def select(self, label: str) -> None:
        """Choose ``label`` as the user would (adds it to the list when it is not there)."""
        index = self.findData(label)
        if index < 0:
            self.insertItem(0, describe(label), label)
            index = 0
        self.setCurrentIndex(index)
        self._on_activated(index)

    def _on_activated(self, index: int) -> None:
        if self._filling:
            return
        label = self.itemData(index)
        if label == OTHER:
            label = self._ask_other()
            if label is None:
                self.setCurrentIndex(self.findData(self._current) if self._current else -1)
                return
            if self.findData(label) < 0:
                self.insertItem(0, describe(label), label)
            self.setCurrentIndex(self.findData(label))
        if label and label != self._current:
            self._current = label
            self.chosen.emit(label)

    def _ask_other(self) -> Optional[str]:
        name, ok = QInputDialog.getText(self, "Other encoding",
                                        "Encoding name (for example cp437, mac-greek, iso-8859-4):")
        if not ok or not name.strip():
            return None
        try:
            return checked_label(name)
        except InvalidInput as exc:
            QMessageBox.warning(self, "Unknown encoding", str(exc))
            return None
