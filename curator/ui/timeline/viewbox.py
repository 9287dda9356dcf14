"""The timeline plot's ViewBox: a drag pans (the wheel zooms, as pyqtgraph does), and a drag with
Shift held brushes a date range instead."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal


class TimelineViewBox(pg.ViewBox):
    brushed = Signal(float, float, bool)  # x where the drag began, x now (seconds), finished

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() == Qt.MouseButton.LeftButton and ev.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            ev.accept()
            start = self.mapSceneToView(ev.buttonDownScenePos()).x()
            now = self.mapSceneToView(ev.scenePos()).x()
            self.brushed.emit(float(start), float(now), bool(ev.isFinish()))
            return
        super().mouseDragEvent(ev, axis)
