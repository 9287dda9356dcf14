"""A grey hint drawn over an empty item view ("No events yet: …"), centred in its viewport and
transparent to the mouse; shown only while it has text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class ViewPlaceholder(QLabel):
    def __init__(self, view: QAbstractItemView):
        super().__init__(view.viewport())
        self._viewport = view.viewport()
        self.setAlignment(Qt.AlignCenter)
        self.setWordWrap(True)
        self.setMargin(24)
        self.setStyleSheet("color: #6a6a6a;")
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self._viewport.installEventFilter(self)
        self.show_text("")

    def show_text(self, text: str) -> None:
        """Show ``text`` over the view ("" hides the hint)."""
        self.setText(text)
        self.setGeometry(self._viewport.rect())
        self.setVisible(bool(text))

    def eventFilter(self, watched, event) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._viewport.rect())
        return False
