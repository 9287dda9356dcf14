"""The Workspace's reads for the timeline: which lane(s) each event goes in.

A mixin of :class:`curator.ui.store.workspace.Workspace`. Read-only, so no signals.
"""

from __future__ import annotations


class TimelineWorkspaceMixin:
    def event_lane_keys(self, by: str) -> list[tuple[int, str]]:
        """(event_id, lane name) pairs, ``by`` "actor", "document", "label" or "place"; none
        without a project."""
        return self.project.event_lane_keys(by) if self.has_project else []
