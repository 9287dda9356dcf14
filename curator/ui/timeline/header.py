"""The strip above the timeline: the legend, a transient note about marks outside the view, the
brushed dates (a chip with ✕), the lanes control, the loading progress and the count of undated
events."""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from curator.ui.events.filter_chip import FilterChip
from curator.ui.timeline import items as look

LANE_MODES = ("none", "actor", "document", "label", "place")
"""What lanes group marks by; "none" packs every mark together."""

OUTSIDE_NOTE_MS = 15000  # the "outside the view" note goes away by itself after this long


class TimelineHeader(QWidget):
    """Legend | outside note + Show | brushed dates ✕ | Lanes: combo | loading | undated count."""

    laneModeChanged = Signal(str)
    showOutsideClicked = Signal()
    brushCleared = Signal()

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("timelineHeader")
        self.setStyleSheet(look.HEADER_STYLE)
        self.legend = look.TimelineLegend()
        self.outside = QLabel()
        self.outside.setObjectName("timelineOutsideNote")
        self.outside.setStyleSheet("QLabel { color: #7a2a00; }")
        self.show_button = QToolButton()
        self.show_button.setText("Show")
        self.show_button.setAutoRaise(True)
        self.show_button.setToolTip("Pan the timeline to these events")
        self.show_button.clicked.connect(self.showOutsideClicked)
        self.lanes_label = QLabel("Lanes:")
        self.lanes = QComboBox()
        self.lanes.addItems(LANE_MODES)
        self.lanes.setToolTip("Group the timeline's marks in lanes, one per actor, document, "
                              "label or place")
        self.lanes.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.lanes.currentTextChanged.connect(self.laneModeChanged)
        self.brush_chip = FilterChip(self)
        self.brush_chip.setObjectName("timelineBrushChip")
        self.brush_chip.close_button.setToolTip("Clear the brushed dates: the table shows every date again")
        self.brush_chip.closed.connect(self.brushCleared)
        self.brush_chip.hide()
        self.loading = QLabel()
        self.loading.setObjectName("timelineLoading")
        self.loading.hide()
        self.undated = QLabel()
        self.undated.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 2, 8, 2)
        row.addWidget(self.legend)
        row.addStretch(1)
        row.addWidget(self.outside)
        row.addWidget(self.show_button)
        row.addSpacing(8)
        row.addWidget(self.brush_chip)
        row.addSpacing(12)
        row.addWidget(self.lanes_label)
        row.addWidget(self.lanes)
        row.addSpacing(12)
        row.addWidget(self.loading)
        row.addWidget(self.undated)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(OUTSIDE_NOTE_MS)
        self._timer.timeout.connect(lambda: self.set_outside(""))
        self.set_outside("")

    def set_outside(self, text: str) -> None:
        """Show (or with "" hide) the note about marks outside the view, for a while."""
        self.outside.setText(text)
        self.outside.setVisible(bool(text))
        self.show_button.setVisible(bool(text))
        if text:
            self._timer.start()
        else:
            self._timer.stop()

    def outside_text(self) -> str:
        return self.outside.text() if self.outside.isVisibleTo(self) else ""

    def set_brush(self, days: Optional[tuple[str, str]]) -> None:
        """Show the brushed dates (ISO first and last day) in the chip, or hide it."""
        if days is None:
            self.brush_chip.hide()
            return
        from curator.ui.events.columns import compact_interval

        self.brush_chip.label.setText(f"Dates: {compact_interval(*days)}")
        self.brush_chip.setToolTip("The event table shows the events overlapping these dates; "
                                   "Shift+drag on the timeline or its overview brushes others")
        self.brush_chip.show()

    def brush_text(self) -> str:
        return self.brush_chip.text() if self.brush_chip.isVisibleTo(self) else ""

    def set_loading(self, fraction: Optional[float], what: str = "Reading events…") -> None:
        """Say what the worker is doing (with the share done when known); None hides it."""
        if fraction is None:
            self.loading.hide()
            return
        self.loading.setText(what if fraction <= 0 else f"{what} {fraction:.0%}")
        self.loading.show()

