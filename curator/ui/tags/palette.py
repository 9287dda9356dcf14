"""The label palette: a small popup listing the project's tags, each with its colour swatch and
its key (1–9), for labelling the selected passage. The toolbar button above the text opens it,
and the text's context menu shows it as "Label as ▸"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu

from curator.core.records import TagInfo


def tag_swatch(color: str, size: int = 14) -> QIcon:
    """A small square of the tag's colour, with a darker border."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    colour = QColor(color)
    painter.setPen(colour.darker(150))
    painter.setBrush(colour)
    painter.drawRoundedRect(1, 1, size - 3, size - 3, 2, 2)
    painter.end()
    return QIcon(pixmap)


class LabelPalette(QMenu):
    """One entry per tag ("Person", swatch, key "1" shown at the right); emits
    ``tagChosen(tag_id)`` when one is picked."""

    tagChosen = Signal(int)

    def __init__(self, title: str = "Label as", parent=None):
        super().__init__(title, parent)
        self.setToolTipsVisible(True)

    def set_tags(self, tags: list[TagInfo]) -> None:
        self.clear()
        for tag in tags:
            # the text after a tab is drawn in the menu's shortcut column, without binding a key
            text = f"{tag.name}\t{tag.shortcut}" if tag.shortcut else tag.name
            action = self.addAction(tag_swatch(tag.color), text)
            action.setData(tag.id)
            if tag.description:
                action.setToolTip(tag.description)
            action.triggered.connect(lambda checked=False, tag_id=tag.id: self.tagChosen.emit(tag_id))
        if not tags:
            self.addAction("No tags: Edit ▸ Tag set… adds some").setEnabled(False)

    def action_for(self, tag_id: int):
        return next((a for a in self.actions() if a.data() == tag_id), None)
