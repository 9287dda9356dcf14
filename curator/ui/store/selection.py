"""The selected event, shared by the document view, the event table and the timeline.

Each view calls :meth:`EventSelection.select` when the user picks an event in it and listens to
``eventSelected`` to show the choice. The signal fires only on a real change, so a view that
sets its own selection in response cannot start an echo loop.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, Signal


class EventSelection(QObject):
    """Which event is selected (an id, or None)."""

    eventSelected = Signal(object)  # int | None

    def __init__(self, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._event_id: Optional[int] = None

    @property
    def event_id(self) -> Optional[int]:
        return self._event_id

    def select(self, event_id: Optional[int]) -> None:
        event_id = int(event_id) if event_id is not None else None
        if event_id == self._event_id:
            return
        self._event_id = event_id
        self.eventSelected.emit(event_id)

    def forget(self, event_ids: list[int]) -> None:
        """Clear the selection if it is one of ``event_ids`` (they were deleted)."""
        if self._event_id is not None and self._event_id in event_ids:
            self.select(None)
