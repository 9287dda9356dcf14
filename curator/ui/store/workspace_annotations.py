"""The Workspace's tag set and highlights (labels, notes, mentions).

A mixin of :class:`curator.ui.store.workspace.Workspace`: each method calls the Project facade
(``self.project``) and emits the Workspace's signals naming what changed.
"""

from __future__ import annotations


class AnnotationsWorkspaceMixin:
    pass
