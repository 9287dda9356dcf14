"""The timeline's work off the GUI thread: each job builds the next :class:`TimelineStore`.

- ``load``: read every event's columns in one streamed pass (a happening's reports folded into
  one mark: :func:`~curator.core.timeline_happenings.fold_happenings`) (with progress, and a first picture
  of what is read so far for large ungrouped projects), the lanes when grouped, the query's
  matches when one is on; sort them into a store;
- ``lanes``: the lanes of every mark for another grouping, over the current store;
- ``match``: the ids the table's query shows, over the current store;
- ``compact``: fold the edits laid over the store into its base (no reading).

Each job works on its own connection (:class:`~curator.ui.store.project_job.ProjectJob`) from a
snapshot of the store taken when it started; the binding replays the edits made meanwhile.
"""

from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import Signal

from curator.core.event_query import EventQuery
from curator.core.timeline_columns import Cancelled, TimelineColumns
from curator.core.timeline_happenings import fold_happenings
from curator.ui.store.project_job import ProjectJob
from curator.ui.timeline.store import TimelineStore

PARTIAL_AT = (0.25, 0.6)  # shares read at which a first picture is sent (large projects)
PARTIAL_MIN = 150_000  # events read before a first picture is worth sorting


class TimelineJob(ProjectJob):
    progressed = Signal(int, float, object)  # generation, share read, a first picture or None

    def __init__(self, path, generation: int, kind: str, snapshot: TimelineStore, by: str,
                 query: Optional[EventQuery], parent=None, first_pictures: bool = True):
        super().__init__(path, generation, parent)
        self.kind, self.snapshot, self.by, self.query = kind, snapshot, by, query
        self.first_pictures = first_pictures  # send pictures of what is read so far

    def run(self) -> None:
        if self.kind != "compact":
            super().run()
            return
        try:
            result = self.snapshot.compacted()
        except Exception as exc:  # noqa: BLE001 - reported to the binding
            if not self.cancelled:
                self.failed.emit(self.generation, str(exc))
            return
        if not self.cancelled:
            self.found.emit(self.generation, result.prepared())

    def _match(self, project) -> Optional[list[int]]:
        if self.query is None or self.query.is_empty:
            return None
        return project.matching_event_ids(self.query)

    def _lanes(self, project):
        return None if self.by == "none" else project.timeline_lanes(
            self.by, cancelled=lambda: self.cancelled)

    def work(self, project):
        try:
            if self.kind == "load":
                columns = project.timeline_columns(progress=self._progress,
                                                   cancelled=lambda: self.cancelled)
                columns, stands_for = fold_happenings(columns, project.happenings())  # one mark each
                return TimelineStore.build(columns, self._lanes(project),
                                           self._match(project), stands_for).prepared()
            if self.kind == "lanes":
                return self.snapshot.with_lanes(self._lanes(project)).prepared()
            if self.kind == "match":
                return self.snapshot.with_match(self._match(project)).prepared()
        except Cancelled:
            return None
        raise ValueError(f"no timeline job {self.kind!r}")

    def _progress(self, share: float, so_far: Callable[[], TimelineColumns]) -> None:
        if self.cancelled:
            return
        picture = None
        pending = [p for p in PARTIAL_AT if p <= share and p not in self._sent()]
        if pending and self.by == "none" and self.first_pictures:
            columns = so_far()
            if len(columns) >= PARTIAL_MIN:
                self._sent().update(pending)
                picture = TimelineStore.build(columns).prepared()
        self.progressed.emit(self.generation, share, picture)

    def _sent(self) -> set:
        if not hasattr(self, "_sent_shares"):
            self._sent_shares = set()
        return self._sent_shares
