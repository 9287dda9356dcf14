"""The Workspace's reads for the timeline: which lane(s) each event goes in.

A mixin of :class:`curator.ui.store.workspace.Workspace`. Read-only, so no signals.
"""

from __future__ import annotations

from curator.core.project_timeline_extra import event_lane_keys


class TimelineWorkspaceMixin:
    def event_lane_keys(self, by: str) -> list[tuple[int, str]]:
        """(event_id, lane name) pairs, ``by`` "actor", "document", "label" or "place" (the
        facade's method when it has one); none without a project."""
        if not self.has_project:
            return []
        facade = getattr(self.project, "event_lane_keys", None)
        return facade(by) if facade is not None else event_lane_keys(self.project, by)
