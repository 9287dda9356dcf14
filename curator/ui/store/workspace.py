"""The Workspace: the open project as the GUI sees it.

It wraps a :class:`curator.core.Project` and, after each facade call that changes something,
emits a signal naming what changed. Every view refreshes from the core on these signals, so the
text view, the event table and the timeline can never disagree. Views never run SQL.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Optional

from PySide6.QtCore import QObject, Signal

from curator.core.records import DateFields, DocumentInfo, EventInfo, EventRow, SpanInfo
from curator.suggestions import Suggestion, accept_all, reject
from curator.ui.store.workspace_actors import ActorsWorkspaceMixin
from curator.ui.store.workspace_annotations import AnnotationsWorkspaceMixin
from curator.ui.store.workspace_claims import ClaimsWorkspaceMixin
from curator.ui.store.workspace_events import EventDetailsWorkspaceMixin
from curator.ui.store.workspace_fields import FieldsWorkspaceMixin
from curator.ui.store.workspace_timeline import TimelineWorkspaceMixin

if TYPE_CHECKING:  # the facade (SQLAlchemy) loads when a project is opened, not with the window
    from curator.core.project import Project


class Workspace(AnnotationsWorkspaceMixin, ActorsWorkspaceMixin, ClaimsWorkspaceMixin, EventDetailsWorkspaceMixin,
                FieldsWorkspaceMixin, TimelineWorkspaceMixin, QObject):
    """An open project plus change notification. Replace the project with :meth:`replace_project`."""

    projectReplaced = Signal()
    documentsChanged = Signal()
    eventsChanged = Signal(list)  # ids of events changed or added
    eventsRemoved = Signal(list)  # ids of events deleted
    spansChanged = Signal(int)  # document id whose spans changed
    rejectionsChanged = Signal()  # suggestions were rejected, or rejections forgotten
    tagsChanged = Signal()  # the tag set changed
    actorsChanged = Signal()  # actors or places were added, edited, merged or deleted
    fieldsChanged = Signal()  # typed event fields were added, renamed, reordered, deleted...
    claimsChanged = Signal()  # claim links were confirmed, rejected or removed
    failed = Signal(str)  # a one-line reason, when an undo/redo step could not be applied

    def __init__(self, project: Optional[Project] = None, parent: Optional[QObject] = None):
        super().__init__(parent)
        self._project = project
        self._deferred: Optional[list] = None  # signals held back while a batch is open
        # every live actor and place, as the pickers complete them (read once, not per picker:
        # an event's inspector row each has one); forgotten when actors or the project change
        self._actors: Optional[list] = None
        self.actorsChanged.connect(self._forget_actors)
        self.projectReplaced.connect(self._forget_actors)
        # the live typed fields (the table's columns, the inspector's rows), read once
        self._fields_cache = None
        self.fieldsChanged.connect(self._forget_fields)
        self.projectReplaced.connect(self._forget_fields)
        # documents' metadata as read (a selection asks for its evidence documents' titles and
        # dates, and reading one counts the characters of its text); forgotten when they change
        self._documents: dict[int, DocumentInfo] = {}
        self.documentsChanged.connect(self._documents.clear)
        self.projectReplaced.connect(self._documents.clear)

    def actor_list(self) -> list:
        """Every live actor and place (:meth:`Project.actors`), read once until they change."""
        if self._actors is None:
            self._actors = self.project.actors() if self.has_project else []
        return self._actors

    def _forget_actors(self, *_) -> None:
        self._actors = None

    # ------------------------------------------------------------------ batches
    def _notify(self, signal, *args) -> None:
        """Emit a change signal now, or when the open batch has committed."""
        if self._deferred is not None:
            self._deferred.append((signal, args))
        else:
            signal.emit(*args)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run what follows (an undo command's steps) as one write transaction of the project,
        all or nothing (:meth:`Project.batch`): the lock is taken first, so a busy project
        raises ProjectBusy before anything is done. The change signals are emitted once it has
        committed, and dropped if it rolled back, so the views never show what the file does
        not hold."""
        if self._deferred is not None:  # nested: part of the outer batch
            with self.project.batch():
                yield
            return
        self._deferred = []
        try:
            with self.project.batch():
                yield
        except BaseException:
            self._deferred = None
            raise
        deferred, self._deferred = self._deferred, None
        for signal, args in deferred:
            signal.emit(*args)

    # ------------------------------------------------------------------ the project
    @property
    def project(self) -> Project:
        if self._project is None:
            raise RuntimeError("no project is open")
        return self._project

    @property
    def has_project(self) -> bool:
        return self._project is not None

    @property
    def path(self) -> Optional[Path]:
        return self._project.path if self._project is not None else None

    @property
    def name(self) -> str:
        return self._project.path.stem if self._project is not None else ""

    @property
    def read_only(self) -> bool:
        """Whether the open project was opened read-only (a read-only medium or file): the views
        then offer no editing, and :func:`curator.ui.store.commands.push` refuses every command."""
        return self._project is not None and self._project.read_only

    @property
    def editable(self) -> bool:
        """A project is open and may be changed."""
        return self._project is not None and not self._project.read_only

    def replace_project(self, project: Optional[Project]) -> None:
        """Close the current project (if any) and show ``project`` instead."""
        old, self._project = self._project, project
        if old is not None and old is not project:
            old.close()
        self.projectReplaced.emit()

    def close(self) -> None:
        self.replace_project(None)

    def reload(self) -> None:
        """Make every view re-read the open project from the file, as after opening it: for
        when another connection (an import or a merge on a worker thread) has written to it.
        The project stays open; views that want to keep their place restore it themselves."""
        if self._project is not None:
            self.projectReplaced.emit()

    def set_annotator(self, name: str) -> None:
        if self._project is not None:
            self._project.annotator = name

    # ------------------------------------------------------------------ reading (no signals)
    def documents(self) -> list[DocumentInfo]:
        """Every live document, without counting characters (``length`` -1: a list needs none, and
        counting reads every text); :meth:`document` gives one with its length."""
        return self.project.documents(lengths=False) if self._project is not None else []

    def document(self, document_id: int) -> DocumentInfo:
        found = self._documents.get(document_id)
        if found is None:
            found = self._documents[document_id] = self.project.document(document_id)
        return found

    def document_text(self, document_id: int) -> str:
        return self.project.document_text(document_id)

    def document_source(self, document_id: int):
        """The document's original file and what reading it gave (schema 6)."""
        return self.project.document_source(document_id)

    def page_starts_of(self, document_ids) -> dict[int, list[int]]:
        return self.project.page_starts_of(document_ids)

    def spans(self, document_id: int) -> list[SpanInfo]:
        return self.project.spans(document_id)

    def event_rows(self) -> list[EventRow]:
        return self.project.event_rows() if self._project is not None else []

    def event_row(self, event_id: int) -> EventRow:
        return self.project.event_row(event_id)

    def event_exists(self, event_id: int) -> bool:
        """Whether the event is live in the open project."""
        return self._project is not None and bool(self._project.event_rows_by_id([event_id]))

    def event_info(self, event_id: int) -> EventInfo:
        """The event with its actors and evidence. (Not ``event``: that is QObject's own
        virtual, which Qt calls with every event sent to the Workspace.)"""
        return self.project.event(event_id)

    def evidence_documents(self, event_id: int) -> list[int]:
        """Ids of the documents holding the event's evidence, first evidence first."""
        return self.project.evidence_document_ids(event_id)

    def stats(self) -> dict:
        return self.project.stats()

    # ------------------------------------------------------------------ changing (with signals)
    def add_documents(self, docs: Iterable[dict]) -> list[Optional[int]]:
        """Add documents, skipping texts the project already holds (None in their place)."""
        ids = self.project.add_documents(docs, skip_known_texts=True)
        self._notify(self.documentsChanged)
        return ids

    def documents_written(self) -> None:
        """Documents were added on another connection (a worker): the views read them."""
        self._notify(self.documentsChanged)

    def update_document(self, document_id: int, **changes) -> DocumentInfo:
        """Change a document's metadata (:meth:`curator.core.Project.update_document`)."""
        info = self.project.update_document(document_id, **changes)
        self.documentsChanged.emit()
        return info

    def restore_document_fields(self, document_id: int, fields: dict) -> DocumentInfo:
        """Put a document's metadata back as it was read before a change (undo)."""
        info = self.project.restore_document_fields(document_id, fields)
        self.documentsChanged.emit()
        return info

    def delete_documents(self, document_ids: list[int]) -> str:
        """Tombstone documents (with their spans); returns the stamp :meth:`restore_documents` takes."""
        stamp = self.project.delete_documents(document_ids)
        self.documentsChanged.emit()
        return stamp

    def restore_documents(self, document_ids: list[int], stamp: str) -> None:
        self.project.restore_documents(document_ids, stamp)
        self.documentsChanged.emit()

    def create_event_from_passage(self, document_id: int, start: int, end: int, *,
                                  title: Optional[str] = None, date: DateFields = DateFields()) -> int:
        event_id = self.project.create_event_from_passage(document_id, start, end, title=title, date=date)
        self._notify(self.spansChanged, document_id)
        self._notify(self.eventsChanged, [event_id])
        return event_id

    def update_event(self, event_id: int, **changes) -> None:
        self.project.update_event(event_id, **changes)
        self._notify(self.eventsChanged, [event_id])

    def set_event_date(self, event_id: int, date: DateFields) -> None:
        self.project.set_event_date(event_id, date)
        self._notify(self.eventsChanged, [event_id])

    def set_event_actors(self, event_id: int, names: Iterable[str]) -> list[int]:
        """Make the event's actors exactly ``names``; returns the ids of the actors this had to
        create (new names), which an undo deletes again."""
        created = list(self.project.set_event_actors(event_id, list(names)))
        self._notify(self.eventsChanged, [event_id])
        if created:
            self._notify(self.actorsChanged)
        return created

    def event_actor_links(self, event_id: int) -> list:
        return self.project.event_actor_links(event_id)

    def set_event_actor_links(self, event_id: int, links: Iterable[tuple[int, str]]) -> None:
        """Make the event's actor links exactly ``links`` ((actor id, role) pairs, in order)."""
        self.project.set_event_actor_links(event_id, list(links))
        self._notify(self.eventsChanged, [event_id])

    def delete_actors(self, actor_ids: Iterable[int]) -> dict[int, str]:
        """Tombstone actors (and their event links); returns each one's stamp for
        :meth:`restore_actors`."""
        stamps = {actor_id: self.project.delete_actor(actor_id) for actor_id in actor_ids}
        if stamps:
            self._notify(self.actorsChanged)
        return stamps

    def restore_actors(self, stamps: dict[int, str]) -> None:
        for actor_id, stamp in stamps.items():
            self.project.restore_actor(actor_id, stamp)
        if stamps:
            self._notify(self.actorsChanged)

    def delete_event(self, event_id: int) -> str:
        """Tombstone the event; returns the stamp :meth:`restore_event` takes."""
        return self.delete_events([event_id])

    def restore_event(self, event_id: int, stamp: str) -> None:
        self.restore_events([event_id], stamp)

    def delete_events(self, event_ids: list[int]) -> str:
        """Tombstone events in one transaction; returns the stamp :meth:`restore_events` takes."""
        documents = self._evidence_documents_of(event_ids)
        stamp = self.project.delete_events(event_ids)
        self._notify(self.eventsRemoved, list(event_ids))
        for document_id in documents:
            self._notify(self.spansChanged, document_id)
        return stamp

    def restore_events(self, event_ids: list[int], stamp: str) -> None:
        self.project.restore_events(event_ids, stamp)
        self._notify(self.eventsChanged, list(event_ids))
        for document_id in self._evidence_documents_of(event_ids):
            self._notify(self.spansChanged, document_id)

    def accept_suggestions(self, suggestions: list[Suggestion]) -> list[int]:
        """Make events of suggestions, all in one transaction; returns the new events' ids
        (a suggestion whose passage became evidence meanwhile, in another program say, is
        skipped: see :meth:`Project.accept_suggested_events`)."""
        event_ids = [i for i in accept_all(self.project, suggestions) if i is not None]
        self._notify(self.eventsChanged, list(event_ids))
        for document_id in sorted({s.document_id for s in suggestions}):
            self._notify(self.spansChanged, document_id)
        return event_ids

    def reject_suggestions(self, suggestions: list[Suggestion]) -> list[int]:
        """Remember that suggestions were turned down; returns the rejections' ids."""
        ids = [reject(self.project, s) for s in suggestions]
        self._notify(self.rejectionsChanged)
        return ids

    def forget_rejections(self, rejection_ids: list[int]) -> None:
        self.project.forget_rejections(rejection_ids)
        self._notify(self.rejectionsChanged)

    def _evidence_documents_of(self, event_ids: list[int]) -> list[int]:
        seen: list[int] = []
        for event_id in event_ids:
            for document_id in self.evidence_documents(event_id):
                if document_id not in seen:
                    seen.append(document_id)
        return seen
