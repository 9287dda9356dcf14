"""The read-only text view of a document, which paints its highlights itself.

It draws the :class:`~curator.ui.documents.highlight_layer.HighlightLayer`'s visible spans around
Qt's own text painting (tints under the text, underlines and outlines over it), answers tooltips
with what lies under the pointer, reports clicks, and passes the digit keys 1–9 on as label keys
while text is selected. Positions it reports are Qt positions; the pane converts them.
"""

from __future__ import annotations

import time
from typing import Callable, Optional

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QFont, QPainter, QTextLine
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip

from curator.ui.documents.highlight_layer import HighlightLayer

LABEL_KEYS = {getattr(Qt, f"Key_{n}"): str(n) for n in range(1, 10)}


def reading_font() -> QFont:
    font = QFont()
    font.setFamilies(["Charter", "Georgia", "Source Serif Pro", "Noto Serif", "DejaVu Serif", "serif"])
    font.setStyleHint(QFont.Serif)
    font.setPointSizeF(12)
    return font


class EvidenceTextView(QPlainTextEdit):
    """A read-only, selectable, word-wrapped text view with painted highlights.

    Emits ``clicked(position, global_pos)`` (a Qt position) when the user clicks on a character
    without selecting anything, and ``labelKey(key)`` ("1".."9") for a digit key pressed while
    text is selected."""

    clicked = Signal(int, QPoint)
    labelKey = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.setFont(reading_font())
        self.document().setDocumentMargin(18)
        self.setCenterOnScroll(False)
        self.layer = HighlightLayer()
        self.extra_actions: list[QAction] = []
        # set by the pane: the context menu for a Qt position, the tooltip for a Qt position
        self.context_menu_for: Optional[Callable[[Optional[int], QMenu, Optional[QAction]], None]] = None
        self.tooltip_for: Optional[Callable[[int], str]] = None
        self.paint_times: list[tuple[float, float]] = []  # (wall, CPU) seconds per repaint, while recording
        self.record_paint_times = False

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event) -> None:
        if self.record_paint_times:
            started, cpu = time.perf_counter(), time.thread_time()
        items = self.layer.visible_items(self, QRectF(event.rect()))
        if items:
            painter = QPainter(self.viewport())
            self.layer.paint_backgrounds(painter, items)
            painter.end()
        super().paintEvent(event)
        if items:
            painter = QPainter(self.viewport())
            self.layer.paint_marks(painter, items)
            painter.end()
        if self.record_paint_times:
            self.paint_times.append((time.perf_counter() - started, time.thread_time() - cpu))

    # ------------------------------------------------------------------ pointer
    def character_at(self, point: QPoint) -> Optional[int]:
        """Qt position of the character under ``point`` (viewport coordinates), or None when
        the point is beside the text (a margin, past a line's end)."""
        cursor = self.cursorForPosition(point)
        block = cursor.block()
        if not block.isValid():
            return None
        layout = block.layout()
        origin = (self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
                  + layout.position())
        x, y = point.x() - origin.x(), point.y() - origin.y()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if line.y() <= y < line.y() + line.height():
                if not line.x() <= x <= line.x() + line.naturalTextWidth():
                    return None
                position = line.xToCursor(x, QTextLine.CursorOnCharacter)
                return block.position() + min(position, block.length() - 1)
        return None

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.ToolTip and self.tooltip_for is not None:
            position = self.character_at(event.pos())
            text = self.tooltip_for(position) if position is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.LeftButton and not self.textCursor().hasSelection():
            point = event.position().toPoint()
            position = self.character_at(point)
            if position is not None:
                self.clicked.emit(position, self.viewport().mapToGlobal(point))

    def keyPressEvent(self, event) -> None:
        key = LABEL_KEYS.get(event.key())
        if (key is not None and self.textCursor().hasSelection()
                and not event.modifiers() & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier)):
            self.labelKey.emit(key)
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu(event.pos())
        first = menu.actions()[0] if menu.actions() else None
        for action in self.extra_actions:
            menu.insertAction(first, action)
        if self.context_menu_for is not None:
            self.context_menu_for(self.character_at(event.pos()), menu, first)
        if first is not None and (self.extra_actions or self.context_menu_for is not None):
            menu.insertSeparator(first)
        menu.exec(event.globalPos())
        menu.deleteLater()
