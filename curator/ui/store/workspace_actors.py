"""The Workspace's actors and places: records, merges, mentions found in the texts.

A mixin of :class:`curator.ui.store.workspace.Workspace`: each method calls the Project facade
(``self.project``) and emits the Workspace's signals naming what changed.
"""

from __future__ import annotations


class ActorsWorkspaceMixin:
    pass
