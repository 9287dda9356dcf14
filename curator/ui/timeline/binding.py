"""Keeps the timeline in step with the workspace and the shared selection.

The event table's model holds the rows (read once per project); the timeline gets the same rows,
so both always draw the same data. Changed rows come from the model after it has refreshed
them from the core (its slots are connected first).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from curator.ui.events.table import EventTableModel
from curator.ui.store.selection import EventSelection
from curator.ui.store.workspace import Workspace


class TimelineBinding(QObject):
    """Feeds a TimelineView from an EventTableModel and syncs its selection."""

    def __init__(self, workspace: Workspace, model: EventTableModel, selection: EventSelection,
                 timeline, parent=None):
        super().__init__(parent)
        self.model, self.selection, self.timeline = model, selection, timeline
        model.modelReset.connect(self.reload)
        workspace.eventsChanged.connect(self._on_events_changed)
        workspace.eventsRemoved.connect(self._on_events_removed)
        timeline.eventClicked.connect(selection.select)
        selection.eventSelected.connect(self._on_selected)
        self.reload()

    def reload(self) -> None:
        self.timeline.set_events(self.model.rows())
        self.timeline.zoom_to_fit()
        if self.selection.event_id is not None:
            self.timeline.select_event(self.selection.event_id, center=False)

    def _on_events_changed(self, event_ids: list[int]) -> None:
        positions = (self.model.row_of(event_id) for event_id in event_ids)
        self.timeline.update_events([self.model.row_at(p) for p in positions if p is not None])

    def _on_events_removed(self, event_ids: list[int]) -> None:
        self.timeline.remove_events(event_ids)

    def _on_selected(self, event_id) -> None:
        if self.timeline.selected_event() != event_id:
            self.timeline.select_event(event_id, center=True)
