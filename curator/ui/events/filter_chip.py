"""The chip shown above the event table while it is limited to a set of events."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton


class FilterChip(QFrame):
    """A "Showing: <label> ✕" chip above the table while it is limited to a set of events (an
    actor's, say); the ✕ ends that."""

    closed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("filterChip")
        self.setStyleSheet("#filterChip { background: #e3ecf7; border: 1px solid #b7c9e2; "
                           "border-radius: 9px; }")
        self.label = QLabel(self)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Show every event again")
        self.close_button.clicked.connect(self.closed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 2, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.close_button)
        self.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Fixed)

    def text(self) -> str:
        return self.label.text()
