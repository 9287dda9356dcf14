"""The Workspace's event details for the inspector: actors with roles, place, evidence.

A mixin of :class:`curator.ui.store.workspace.Workspace`: each method calls the Project facade
(``self.project``) and emits the Workspace's signals naming what changed.
"""

from __future__ import annotations


class EventDetailsWorkspaceMixin:
    pass
