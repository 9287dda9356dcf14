"""Keeps the timeline in step with the project, the table's query and the shared selection.

The timeline never holds the table's rows: it reads its own columns (NumPy arrays of every
dated event, see :mod:`curator.core.timeline_columns`) on a worker when a project opens or is
replaced (an import, a merge), keeping the old picture until the new one arrives; the first
picture of a large project arrives while the rest is still read. After an edit, an undo or a
delete (the Workspace's ``eventsChanged``/``eventsRemoved``) it reads just those events by id
and lays them over what it holds (cheap at any size); the overlay is folded in on a worker
when it grows. Lanes (actor, document, label, place) are read on a worker when chosen, and
again when actors, documents, highlights or labels change.

``set_query`` takes the table's question (:class:`~curator.core.event_query.EventQuery`): its
matches come from ``Project.matching_event_ids`` on a worker, and the timeline draws only those
(the density counts only them). Its date range is the brush, drawn as a band rather than used
to hide marks. One job runs at a time; a newer request waits for it (a reload cancels it).
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QObject, QTimer, Signal

from curator.core.event_query import EventQuery
from curator.core.timeline_columns import TimelineColumns
from curator.ui.events.columns import date_display
from curator.ui.store.project_job import JobKeeper
from curator.ui.store.selection import EventSelection
from curator.ui.store.workspace import Workspace
from curator.ui.timeline.loader import TimelineJob
from curator.ui.timeline.store import COMPACT_AT, TimelineStore

KEY_LANES = "timeline/lanes"
ORDER = ("load", "lanes", "match", "compact")  # what runs first when several are wanted
# A new query reaches the timeline this long after the table: both read the query's matches, and
# the table's rows are what the user waits for (at a million events the two workers together
# held the table's answer to a one-letter filter up to 300 ms, where it takes 110-140 ms alone)
MATCH_DELAY_MS = 150


class TimelineBinding(QObject):
    """Feeds a TimelineView from the Workspace and syncs its selection."""

    idle = Signal()  # no job running or wanted: the timeline shows the project as it is
    # a large project's first pictures while it is still read (a headless screenshot, which
    # waits for the whole picture anyway, turns them off: they cost a second of CPU at 1M)
    first_pictures = True
    failed = Signal(str)  # a one-line reason, when reading for the timeline failed

    def __init__(self, workspace: Workspace, selection: EventSelection, timeline, parent=None,
                 remember: bool = False):
        super().__init__(parent)
        self.workspace, self.selection, self.timeline = workspace, selection, timeline
        self.remember = remember
        self._jobs = JobKeeper()
        self._job: Optional[TimelineJob] = None
        self._generation = 0
        self._wants: set[str] = set()
        self._touched: set[int] = set()  # events changed while the running job reads
        self._query = EventQuery()  # what the timeline draws (the table's query, no dates)
        self._job_query: Optional[EventQuery] = None
        self._path = None  # the project the timeline's store comes from
        self._describe_cache: tuple[int, str] = (-1, "")
        self._match_timer = QTimer(self)
        self._match_timer.setSingleShot(True)
        self._match_timer.setInterval(MATCH_DELAY_MS)
        self._match_timer.timeout.connect(lambda: self._want("match"))
        timeline.set_title_source(self._titles, self._describe)
        if remember:
            from curator.ui import app

            timeline.set_lane_mode(str(app.settings().value(KEY_LANES, "none")))
        timeline.laneModeChanged.connect(self._on_lane_mode_changed)
        workspace.projectReplaced.connect(self._on_project_replaced)
        workspace.eventsChanged.connect(self._on_events_changed)
        workspace.eventsRemoved.connect(self._on_events_removed)
        workspace.claimsChanged.connect(self.reload)  # a happening's reports fold into one mark
        for signal in (workspace.actorsChanged, workspace.spansChanged, workspace.tagsChanged,
                       workspace.documentsChanged):
            signal.connect(self._lanes_changed)
        timeline.eventClicked.connect(selection.select)
        selection.eventSelected.connect(self._on_selected)
        self._on_project_replaced()

    # ------------------------------------------------------------------ requests
    def reload(self) -> None:
        """Read everything again on a worker (keeping the picture until the new one arrives)."""
        self._cancel_job()
        self._match_timer.stop()  # a load reads the query's matches too
        self._wants = {"load"}
        self._pump()

    def set_query(self, query: EventQuery) -> None:
        """Draw the events ``query`` shows (its dates are the brush, shown not filtered)."""
        drawn = query.with_dates(None, None)
        if drawn == self._query:
            return
        self._query = drawn
        self._match_timer.start()

    def query(self) -> EventQuery:
        return self._query

    def is_idle(self) -> bool:
        return self._job is None and not self._wants and not self._match_timer.isActive()

    def wait(self, timeout_ms: int = -1) -> None:
        """Cancel and wait for the running job (the window or the project is closing)."""
        self._wants.clear()
        self._match_timer.stop()
        self._generation += 1
        self._jobs.wait_all(timeout_ms)
        self._job = None

    def _want(self, kind: str) -> None:
        self._wants.add(kind)
        self._pump()

    def _cancel_job(self) -> None:
        self._generation += 1
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.timeline.set_loading(None)

    # ------------------------------------------------------------------ workspace signals
    def _on_project_replaced(self) -> None:
        path = self.workspace.path
        if path != self._path:  # another project (or none): not a moment of the old one's picture
            self._cancel_job()
            self._jobs.wait_all()
            self._path = path
            self.timeline.set_store(TimelineStore.build(TimelineColumns.empty()))
        if path is None:
            self._wants.clear()
            self.idle.emit()
            return
        self.reload()

    def _on_events_changed(self, event_ids: list[int]) -> None:
        self._apply(list(event_ids), removed=False)

    def _on_events_removed(self, event_ids: list[int]) -> None:
        self._apply(list(event_ids), removed=True)

    def _apply(self, event_ids: list[int], removed: bool) -> None:
        if not self.workspace.has_project or not event_ids:
            return
        if self._job is not None:
            self._touched.update(event_ids)  # replayed over the job's result when it arrives
        store = self.timeline.store()
        if self._job is not None and self._job.kind == "load" and not store.dated_count():
            return  # nothing shown yet: the load brings them
        if store.stands_for and any(i in store.stands_for for i in event_ids):
            self.reload()  # a report of a happening: its one mark spans the reports' dates again
            return
        self._describe_cache = (-1, "")
        new = {i: not store.holds(i) for i in event_ids}
        columns, lanes = self._read(event_ids, store, removed)
        if not removed and store.draws_as(event_ids, columns, lanes):
            self.timeline.titles_changed(event_ids)  # a title or a field: the marks stay
        else:
            self.timeline.apply_changes(event_ids, columns, lanes, new)
        if not self._query.is_empty:
            self._wants.add("match")  # an edit may change what the query shows
        if self.timeline.store().overlay_size() > COMPACT_AT:
            self._wants.add("compact")
        self._pump()

    def _read(self, event_ids: list[int], store: TimelineStore, removed: bool = False):
        if removed:
            return TimelineColumns.empty(), None
        columns = self.workspace.timeline_columns(event_ids)
        lanes = self.workspace.timeline_lanes(store.by, event_ids) if store.grouped else None
        return columns, lanes

    def _lanes_changed(self, *_) -> None:
        if self.timeline.lane_mode() != "none":
            self._want("lanes")

    def _on_lane_mode_changed(self, by: str) -> None:
        if self.remember:
            from curator.ui import app

            app.settings().setValue(KEY_LANES, by)
        if by == "none":
            if self.timeline.store().grouped:
                self.timeline.set_store(self.timeline.store().with_lanes(None))
            self._wants.discard("lanes")
            self._pump()
            return
        self._want("lanes")

    def _on_selected(self, event_id) -> None:
        event_id = self.timeline.store().stands_for.get(event_id, event_id)  # a happening's one mark
        if self.timeline.selected_event() != event_id:
            self.timeline.select_event(event_id, center=True)

    # ------------------------------------------------------------------ jobs
    def _pump(self) -> None:
        if self._job is not None:
            return
        if not self.workspace.has_project:
            self._wants.clear()
        if not self._wants:
            if not self._match_timer.isActive():  # else a query is on its way: not idle yet
                self.idle.emit()
            return
        kind = next(k for k in ORDER if k in self._wants)
        if kind == "load":
            self._wants.clear()  # a load reads lanes and matches too
        else:
            self._wants.discard(kind)
        store = self.timeline.store()
        by = self.timeline.lane_mode()
        if kind == "lanes" and by == "none":
            self._pump()
            return
        if kind == "match" and self._query.is_empty and store.match_ids is None:
            self._pump()
            return
        if kind == "compact" and store.overlay_size() == 0:
            self._pump()
            return
        self._generation += 1
        self._touched = set()
        self._job_query = self._query
        job = TimelineJob(self.workspace.path, self._generation, kind, store, by, self._query,
                          first_pictures=self.first_pictures)
        job.found.connect(self._on_found)
        job.failed.connect(self._on_failed)
        job.progressed.connect(self._on_progress)
        self._job = job
        self._jobs.start(job)
        if kind == "load":
            self.timeline.set_loading(0.0)
        elif kind == "lanes":
            self.timeline.set_loading(0.0, f"Grouping by {by}…")
        elif kind == "match":
            self.timeline.set_loading(0.0, "Filtering…")

    def _on_progress(self, generation: int, share: float, picture) -> None:
        if generation != self._generation or self._job is None or self._job.kind != "load":
            return
        self.timeline.set_loading(share)
        if picture is not None and self.timeline.store().dated_count() < picture.dated_count():
            self.timeline.set_store(picture, fit=not self.timeline.store().dated_count())

    def _on_found(self, generation: int, store) -> None:
        if generation != self._generation or self._job is None:
            return
        job, self._job = self._job, None
        if store is None:  # cancelled inside
            self._pump()
            return
        if self._touched:
            touched, self._touched = sorted(self._touched), set()
            columns, lanes = self._read(touched, store)
            store = store.edited(touched, columns, lanes)
        by = self.timeline.lane_mode()
        if by == "none" and store.grouped:  # lanes were turned off while they were read
            store = store.with_lanes(None)
        first = job.kind == "load" and not self.timeline.store().dated_count()
        self.timeline.set_store(store, fit=first)
        self.timeline.set_loading(None)
        if store.by != by:
            self._wants.add("lanes")
        if self._job_query != self._query:
            self._wants.add("match")
        self._pump()

    def _on_failed(self, generation: int, reason: str) -> None:
        if generation != self._generation:
            return
        self._job = None
        self.timeline.set_loading(None)
        self.failed.emit(f"The timeline could not read the project: {reason}")
        self._pump()

    # ------------------------------------------------------------------ titles and hover
    def _titles(self, ids: list[int]) -> dict[int, str]:
        return {i: t or "(untitled)" for i, t in self.workspace.event_titles(ids).items()}

    def _describe(self, event_id: int) -> str:
        if self._describe_cache[0] == event_id:
            return self._describe_cache[1]
        row = self.workspace.event_row_or_none(event_id)
        if row is None:
            return ""
        details = " · ".join(part for part in (date_display(row), row.location) if part)
        text = f"{row.title or '(untitled)'}\n{details}" if details else (row.title or "(untitled)")
        self._describe_cache = (event_id, text)
        return text
