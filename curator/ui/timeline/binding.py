"""Keeps the timeline in step with the workspace, the event table and the shared selection.

The event table's model holds the rows (read once per project); the timeline gets the same rows,
so both always draw the same data. Changed rows come from the model after it has refreshed
them from the core (its slots are connected first). The timeline draws only the events the
table's filter shows (its proxy), and reads lane keys from the Workspace, again when actors,
spans or tags change. The lanes choice is remembered in the settings (``remember``).
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, QSortFilterProxyModel, QTimer

from curator.ui.events.table import EventIdRole, EventTableModel
from curator.ui.store.selection import EventSelection
from curator.ui.store.workspace import Workspace

KEY_LANES = "timeline/lanes"


class TimelineBinding(QObject):
    """Feeds a TimelineView from an EventTableModel (filtered as ``proxy`` shows it) and syncs
    its selection."""

    def __init__(self, workspace: Workspace, model: EventTableModel, selection: EventSelection,
                 timeline, parent=None, proxy: Optional[QSortFilterProxyModel] = None,
                 remember: bool = False):
        super().__init__(parent)
        self.model, self.selection, self.timeline = model, selection, timeline
        self.workspace, self.proxy, self.remember = workspace, proxy, remember
        timeline.set_lane_source(workspace.event_lane_keys)
        if remember:
            from curator.ui import app

            timeline.set_lane_mode(str(app.settings().value(KEY_LANES, "none")))
        timeline.laneModeChanged.connect(self._on_lane_mode_changed)
        model.modelReset.connect(self.reload)
        workspace.eventsChanged.connect(self._on_events_changed)
        workspace.eventsRemoved.connect(self._on_events_removed)
        # lane keys change with actors, evidence (documents) and labels: read them once per burst
        self._lanes_timer = QTimer(self)
        self._lanes_timer.setSingleShot(True)
        self._lanes_timer.setInterval(0)
        self._lanes_timer.timeout.connect(timeline.refresh_lanes)
        for signal in (workspace.actorsChanged, workspace.spansChanged, workspace.tagsChanged):
            signal.connect(self._lanes_changed)
        # the table's filter: the proxy says rows came and went, many times per change
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(0)
        self._filter_timer.timeout.connect(self.apply_filter)
        if proxy is not None:
            for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.layoutChanged,
                           proxy.modelReset):
                signal.connect(lambda *_: self._filter_timer.start())
        timeline.eventClicked.connect(selection.select)
        selection.eventSelected.connect(self._on_selected)
        self.reload()

    def reload(self) -> None:
        self.timeline.set_events(self.model.rows(), only=self._visible_ids())
        self.timeline.zoom_to_fit()
        if self.selection.event_id is not None:
            self.timeline.select_event(self.selection.event_id, center=False)

    def _visible_ids(self) -> Optional[set[int]]:
        """The ids of the events the table's filter shows (None: every event)."""
        proxy = self.proxy
        if proxy is None or proxy.rowCount() >= self.model.rowCount():
            return None
        return {proxy.data(proxy.index(r, 0), EventIdRole) for r in range(proxy.rowCount())}

    def apply_filter(self) -> None:
        """Draw what the table's filter shows (also run soon after every proxy change)."""
        self._filter_timer.stop()
        self.timeline.set_filter(self._visible_ids())

    def _lanes_changed(self, *_) -> None:
        if self.timeline.lane_mode() != "none":
            self._lanes_timer.start()

    def _on_lane_mode_changed(self, by: str) -> None:
        if self.remember:
            from curator.ui import app

            app.settings().setValue(KEY_LANES, by)

    def _on_events_changed(self, event_ids: list[int]) -> None:
        positions = (self.model.row_of(event_id) for event_id in event_ids)
        self.timeline.update_events([self.model.row_at(p) for p in positions if p is not None])

    def _on_events_removed(self, event_ids: list[int]) -> None:
        self.timeline.remove_events(event_ids)

    def _on_selected(self, event_id) -> None:
        if self.timeline.selected_event() != event_id:
            self.timeline.select_event(event_id, center=True)
