"""The Actors tab's rows, read on a worker: every live actor and place with its mention and
event counts (:meth:`Project.actor_summaries`, one grouped query over every event link: 0.3 s at
100,000 events, 3 s at a million), so the GUI thread never waits for it."""

from __future__ import annotations

from curator.ui.store.query_loader import QueryLoader


class SummaryLoader(QueryLoader):
    """``loaded(rows)`` with the rows of the latest :meth:`load`; ``failed(reason)`` (also said in
    the status bar through the panel's ``message`` signal)."""

    def __init__(self, workspace, parent=None, message=None):
        super().__init__(workspace, lambda project: project.actor_summaries(), [], parent)
        if message is not None:
            self.failed.connect(lambda reason: message.emit(f"The actors could not be read: {reason}"))
