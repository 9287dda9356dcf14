"""What the event table lists, worked out off the GUI thread: the ids of every event in the
table's order, the ids its query shows, and the two combined (NumPy arrays: no Python object per
event). :func:`compute` does the work through the facade; :class:`ListingJob` runs it on its
own connection (:class:`~curator.ui.store.project_job.ProjectJob`), reporting the first page of
rows first when it can (a count and the first rows come in milliseconds, the whole order of a
million events in a few hundred)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional

import numpy as np
from PySide6.QtCore import Signal

from curator.core.event_query import EventQuery
from curator.core.listing import ListingOrder
from curator.core.records import EventRow
from curator.ui.store.project_job import ProjectJob

if TYPE_CHECKING:  # the facade (SQLAlchemy) is loaded on the worker that opens the project
    from curator.core.project import Project

FIRST_PAGE = 200  # rows reported first, before the whole order is known


@dataclass(frozen=True)
class ListingRequest:
    """One question to answer: ``order`` and ``query``, reusing the arrays already known (the
    order's ids when only the query changed, the query's ids when only the order did)."""

    generation: int
    order: ListingOrder
    query: EventQuery
    order_ids: Optional[np.ndarray] = None  # every listed event in ``order`` (None: read it)
    present: int = 0  # how many of them have a key (the rest come last)
    match: Optional[np.ndarray] = None  # the ids ``query`` shows, sorted (None: read it)
    first_page: bool = False  # report the first rows first (a new project, a new order)


@dataclass
class ListingResult:
    """The answer: ``ids`` is what the table lists, in order. A *partial* answer holds only the
    first rows (``rows``) and the ``total`` count; the whole one follows."""

    generation: int
    order: ListingOrder
    query: EventQuery
    ids: np.ndarray
    total: int
    order_ids: Optional[np.ndarray] = None
    present: int = 0
    match: Optional[np.ndarray] = None  # None: every event (an empty query)
    rows: tuple[EventRow, ...] = ()
    partial: bool = False


def compute(project: Project, request: ListingRequest,
            partial: Optional[Callable[[ListingResult], None]] = None,
            cancelled: Callable[[], bool] = lambda: False) -> Optional[ListingResult]:
    """Answer ``request`` (None when ``cancelled`` says so between steps)."""
    order, query = request.order, request.query
    if partial is not None and request.first_page and query.is_empty and request.order_ids is None:
        rows = project.event_page(query, order, 0, FIRST_PAGE)
        total = project.count_events()
        ids = np.array([r.id for r in rows], dtype=np.int64)
        partial(ListingResult(request.generation, order, query, ids, total, rows=tuple(rows),
                              partial=True))
        if cancelled():
            return None
    order_ids, present = request.order_ids, request.present
    if order_ids is None:
        order_ids, present = project.event_order(order)
        if cancelled():
            return None
    match = request.match
    if match is None and not query.is_empty:
        match = project.matching_event_id_array(query)
    if query.is_empty:
        match, ids = None, order_ids
    else:
        from curator.core.project_listing import select_ids

        ids = select_ids(order_ids, match)
    return ListingResult(request.generation, order, query, ids, len(ids), order_ids, present, match)


class ListingJob(ProjectJob):
    """:func:`compute` on a worker: ``partial(generation, result)`` with the first rows when it
    can, then ``found(generation, result)``."""

    partial = Signal(int, object)

    def __init__(self, path, request: ListingRequest, parent=None):
        super().__init__(path, request.generation, parent)
        self.request = request

    def work(self, project: Project):
        def report(result: ListingResult) -> None:
            if not self.cancelled:
                self.partial.emit(self.generation, result)

        return compute(project, self.request, report, lambda: self.cancelled)
