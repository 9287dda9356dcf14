"""Keeps the timeline in step with the workspace, the event table and the shared selection.

The timeline reads the events' rows from the Workspace (once per project, then the ones that
change). It draws only the events the table shows (the table panel's query: the rows of its
model), and reads lane keys from the Workspace, again when actors, spans or tags change. The
lanes choice is remembered in the settings (``remember``).
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, QTimer

from curator.ui.events.table import EventTablePanel
from curator.ui.store.selection import EventSelection
from curator.ui.store.workspace import Workspace

KEY_LANES = "timeline/lanes"


class TimelineBinding(QObject):
    """Feeds a TimelineView from the Workspace, filtered as the event ``table`` shows its events,
    and syncs its selection."""

    def __init__(self, workspace: Workspace, table: EventTablePanel, selection: EventSelection,
                 timeline, parent=None, remember: bool = False):
        super().__init__(parent)
        self.table, self.model, self.selection, self.timeline = table, table.model, selection, timeline
        self.workspace, self.remember = workspace, remember
        self._shown: Optional[set[int]] = None  # the events drawn (None: all)
        timeline.set_lane_source(workspace.event_lane_keys)
        if remember:
            from curator.ui import app

            timeline.set_lane_mode(str(app.settings().value(KEY_LANES, "none")))
        timeline.laneModeChanged.connect(self._on_lane_mode_changed)
        workspace.projectReplaced.connect(self.reload)
        workspace.eventsChanged.connect(self._on_events_changed)
        workspace.eventsRemoved.connect(self._on_events_removed)
        # lane keys change with actors, evidence (documents) and labels: read them once per burst
        self._lanes_timer = QTimer(self)
        self._lanes_timer.setSingleShot(True)
        self._lanes_timer.setInterval(0)
        self._lanes_timer.timeout.connect(timeline.refresh_lanes)
        for signal in (workspace.actorsChanged, workspace.spansChanged, workspace.tagsChanged):
            signal.connect(self._lanes_changed)
        # the table's filter: its model says rows came and went, many times per change
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(0)
        self._filter_timer.timeout.connect(self.apply_filter)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.answered,
                       self.model.modelReset):
            signal.connect(lambda *_: self._filter_timer.start())
        timeline.eventClicked.connect(selection.select)
        selection.eventSelected.connect(self._on_selected)
        self.reload()

    def reload(self) -> None:
        self._shown = self._visible_ids()
        self.timeline.set_events(self.workspace.event_rows(), only=self._shown)
        self.timeline.zoom_to_fit()
        if self.selection.event_id is not None:
            self.timeline.select_event(self.selection.event_id, center=False)

    def _visible_ids(self) -> Optional[set[int]]:
        """The ids of the events the table's filter shows (None: every event)."""
        if self.table.query().is_empty or not self.model.answered_once:
            return None
        return set(self.model.event_ids())

    def apply_filter(self) -> None:
        """Draw what the table's filter shows (also run soon after its rows change)."""
        self._filter_timer.stop()
        shown = self._visible_ids()
        if shown != self._shown:  # a new order of the same rows draws nothing new
            self._shown = shown
            self.timeline.set_filter(shown)

    def _lanes_changed(self, *_) -> None:
        if self.timeline.lane_mode() != "none":
            self._lanes_timer.start()

    def _on_lane_mode_changed(self, by: str) -> None:
        if self.remember:
            from curator.ui import app

            app.settings().setValue(KEY_LANES, by)

    def _on_events_changed(self, event_ids: list[int]) -> None:
        if self.workspace.has_project:
            self.timeline.update_events(self.workspace.project.event_rows_by_id(event_ids))

    def _on_events_removed(self, event_ids: list[int]) -> None:
        self.timeline.remove_events(event_ids)

    def _on_selected(self, event_id) -> None:
        if self.timeline.selected_event() != event_id:
            self.timeline.select_event(event_id, center=True)
