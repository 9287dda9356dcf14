"""The Workspace's reads for the timeline: its columns, the lane of each mark, titles by id.

A mixin of :class:`curator.ui.store.workspace.Workspace`. Read-only, so no signals. The whole
columns are read on a worker (see :mod:`curator.ui.timeline.binding`); these calls read a few
events by id, after an edit, for the GUI thread.
"""

from __future__ import annotations

from typing import Iterable, Optional


class TimelineWorkspaceMixin:
    def event_lane_keys(self, by: str) -> list[tuple[int, str]]:
        """(event_id, lane name) pairs, ``by`` "actor", "document", "label" or "place"; none
        without a project."""
        return self.project.event_lane_keys(by) if self.has_project else []

    def timeline_columns(self, ids: Iterable[int]):
        """The timeline columns of these events (the live ones among them)."""
        from curator.core.timeline_columns import TimelineColumns

        return self.project.timeline_columns(ids) if self.has_project else TimelineColumns.empty()

    def timeline_lanes(self, by: str, ids: Iterable[int]):
        """The lanes of these events' marks when grouping ``by``."""
        return self.project.timeline_lanes(by, ids)

    def event_titles(self, ids: Iterable[int]) -> dict[int, str]:
        return self.project.event_titles(ids) if self.has_project else {}

    def event_row_or_none(self, event_id: int) -> Optional[object]:
        """The event's table row, or None when it is gone."""
        from curator.core.errors import NotFound

        if not self.has_project:
            return None
        try:
            return self.project.event_row(event_id)
        except NotFound:
            return None
