"""The main window: it assembles the parts and wires them, it does not hold their logic.

    [ documents + text | tabs: Events (table with search over the inspector), Suggestions, Actors, Search, Claims ]
    [                         timeline                                 ]

The parts are built here and placed here; the menus (:mod:`curator.ui.menus`) are built from the
window's commands and the actions the parts expose.

Everything the user changes goes through undo commands to the Workspace and is in the file at
once: there is no "unsaved" state.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from curator.core.errors import CuratorError, DamagedProject
from curator.core.event_query import EventQuery
from curator.core.locking import gui_policy
from curator.ui import app
from curator.ui.actors.panel import ActorsPanel
from curator.ui.claims.panel import ClaimsPanel
from curator.ui.damaged_dialog import DamagedFileDialog
from curator.core.gcpause import settle_long_lived
from curator.ui.documents.adding import DocumentAdding
from curator.ui.documents.view import DocumentPane
from curator.ui.store.checkpoints import WalFolder
from curator.ui.events.inspector import EventInspector
from curator.ui.events.confirm_delete import confirm_delete_event
from curator.ui.events.table import EventTablePanel
from curator.ui.exchange.actions import ExchangeActions
from curator.ui.menus import build_menus
from curator.ui.opening import ProjectOpener
from curator.ui.preferences import PreferencesDialog
from curator.ui.read_only import ReadOnlyMode
from curator.ui.search.actions import SearchActions
from curator.ui.store import commands
from curator.ui.status_counts import StatusCounts
from curator.ui.store.pending import PendingWrites
from curator.ui.store.project_opening import Candidate
from curator.ui.store.selection import EventSelection
from curator.ui.store.workspace import Workspace
from curator.ui.suggestions.panel import SuggestionsPanel
from curator.ui.timeline.binding import TimelineBinding
from curator.ui.timeline.view import TimelineView
from curator.ui.widgets.file_notices import LocationBar, PendingStatus, confirm_discard_pending

if TYPE_CHECKING:  # the facade (SQLAlchemy) loads after the window is first painted
    from curator.core.project import Project

PROJECT_FILTER = "Curator projects (*.curator *.sqlite *.db);;All files (*)"
DOCUMENT_FILTER = ("Documents (*.pdf *.docx *.odt *.html *.htm *.xhtml *.eml *.mbox *.mbx *.rtf *.txt *.text *.md "
                   "*.markdown);;All files (*)")
TIMELINE_SHARE = 0.28
INSPECTOR_SHARE = 0.45  # of the Events tab's height
RIGHT_TABS_MIN_WIDTH = 340
WINDOW_MIN_SIZE = (720, 480)


class MainWindow(QMainWindow):
    """The Curator window over one open project (or none)."""

    def __init__(self, project: Optional[Project] = None, parent=None, remember: bool = True):
        super().__init__(parent)
        self.remember = remember  # store geometry and last project in QSettings
        self.undo_stack = QUndoStack(self)
        self.confirm_delete = confirm_delete_event  # (window, title, evidence, actors) -> bool
        self.selection = EventSelection(self)
        self.workspace = Workspace(None, self)
        self.add_dialog = None  # the last Add documents dialog (tests drive it)
        # edits that wait while another program holds the project's write lock (never dropped)
        self.pending = PendingWrites(self.workspace, self.undo_stack, self)
        self.confirm_discard_pending = confirm_discard_pending  # (window, descriptions) -> bool

        self.documents = DocumentPane(self.workspace, self.undo_stack, self.selection, self)
        self.documents.addDocumentsRequested.connect(self.add_documents_dialog)
        self.table = EventTablePanel(self.workspace, self.undo_stack, self.selection, self)
        self.timeline = TimelineView(self)
        self.timeline_binding = TimelineBinding(self.workspace, self.selection, self.timeline, self,
                                                remember=self.remember)
        self.workspace.eventsRemoved.connect(self.selection.forget)
        self.workspace.failed.connect(self.show_message)
        self.documents.message.connect(self.show_message)
        # the selected event's details under the table; Add selection as evidence in the text's menu
        self.inspector = EventInspector(self.workspace, self.undo_stack, self.selection, self.documents, self)
        self.inspector.message.connect(self.show_message)
        self.documents.text.extra_actions.append(self.inspector.add_evidence_action)
        self.documents.addAction(self.inspector.add_evidence_action)
        self.events_splitter = QSplitter(Qt.Orientation.Vertical)
        self.events_splitter.addWidget(self.table)
        self.events_splitter.addWidget(self.inspector)
        self.table.setMinimumHeight(120)
        self.inspector.setMinimumHeight(150)
        self.events_splitter.setCollapsible(0, False)
        self.events_splitter.setCollapsible(1, True)
        self.table.model.editRefused.connect(self.show_refusal)
        self._refusal = ""  # the refusal the status bar shows, until a later edit succeeds
        self.undo_stack.indexChanged.connect(self._clear_refusal)
        self.suggestions = SuggestionsPanel(self.workspace, self.undo_stack, self.documents, self)
        self.suggestions.message.connect(self.show_message)
        # Import ▸ (JSON, ACLED CSV), Merge…, Export ▸, Save a copy…: on a worker, with progress
        self.exchange = ExchangeActions(self)
        self.adding = DocumentAdding(self)  # documents read from files, added as one step
        self.wal_folder = WalFolder(self.workspace, self)  # the WAL folded on a worker, not in a commit
        self.save_copy_action = self.exchange.save_copy_action

        self.right_tabs = QTabWidget()  # one tab per view of the project's records
        self.right_tabs.setDocumentMode(True)
        self.right_tabs.addTab(self._padded(self.events_splitter, bottom=0), "Events")
        self.right_tabs.addTab(self._padded(self.suggestions), "Suggestions")
        self.actors = ActorsPanel(self.workspace, self.undo_stack, self.documents, self.table,
                                  self.timeline, self)
        self.actors.message.connect(self.show_message)
        self.right_tabs.addTab(self._padded(self.actors), "Actors")
        # the table's question (search words, an actor's chip, brushed dates) -> the timeline;
        # the timeline's brush -> the table's dates
        self.table.queryChanged.connect(self.timeline_binding.set_query)
        self.timeline.brushChanged.connect(
            lambda days: self.table.set_date_range(*(days or (None, None))))
        self.table.dateRangeCleared.connect(lambda: self.timeline.set_brush(None, None))
        self.timeline_binding.failed.connect(self.show_message)
        self.suggestions.countChanged.connect(
            lambda n: self._set_tab_text(self.suggestions, f"Suggestions ({n:,})" if n else "Suggestions"))
        # Ctrl+F: a find bar under the document text; Ctrl+Shift+F: the Search tab
        self.search = SearchActions(self)
        self.documents.layout().addWidget(self.search.find_bar)
        self.right_tabs.addTab(self._padded(self.search.panel), "Search")
        self.search.panel.countChanged.connect(
            lambda n: self._set_tab_text(self.search.panel, f"Search ({n:,})" if n else "Search"))
        self.claims = ClaimsPanel(self.workspace, self.undo_stack, self.selection, self)  # reports of one happening
        self.claims.message.connect(self.show_message)
        self.right_tabs.addTab(self._padded(self.claims), "Claims")

        self.top_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.top_splitter.addWidget(self.documents)
        self.top_splitter.addWidget(self.right_tabs)
        self.top_splitter.setStretchFactor(0, 45)
        self.top_splitter.setStretchFactor(1, 55)
        self.top_splitter.setChildrenCollapsible(False)
        # the panes' own minimum sizes (the text pane's 300 px, the timeline's) hold below this;
        # the tabs' contents (the Suggestions buttons) may not push the text pane aside
        self.right_tabs.setMinimumWidth(RIGHT_TABS_MIN_WIDTH)
        self.setMinimumSize(*WINDOW_MIN_SIZE)
        self.main_splitter = QSplitter(Qt.Orientation.Vertical)
        self.main_splitter.addWidget(self.top_splitter)
        self.main_splitter.addWidget(self.timeline)
        self.main_splitter.setStretchFactor(0, round(100 * (1 - TIMELINE_SHARE)))
        self.main_splitter.setStretchFactor(1, round(100 * TIMELINE_SHARE))
        self.main_splitter.setChildrenCollapsible(False)
        # above the panes: a warning bar for a project in a synced folder or on a network share,
        # and the read-only banner (each hidden unless it applies)
        self.location_bar = LocationBar(self)
        self.opener = ProjectOpener(self)  # opens projects off the GUI thread ("Opening NAME…")
        central = QWidget(self)
        self.central_layout = QVBoxLayout(central)
        self.central_layout.setContentsMargins(0, 0, 0, 0)
        self.central_layout.setSpacing(0)
        self.central_layout.addWidget(self.opener.bar)
        self.central_layout.addWidget(self.location_bar)
        self.central_layout.addWidget(self.main_splitter, 1)
        self.setCentralWidget(central)

        self.path_label = QLabel(self)
        self.counts_label = QLabel(self)
        self.status_counts = StatusCounts(self.workspace, self.counts_label, self)  # on a worker
        self.pending_status = PendingStatus(self.pending, self)
        # while edits wait, their notice takes the room of the path (it is in the title too)
        self.pending.changed.connect(lambda: self.path_label.setVisible(not self.pending.waiting))
        self.pending.saved.connect(self.show_message)
        self.pending.failed.connect(self.show_refusal)
        self.statusBar().addPermanentWidget(self.pending_status)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.path_label)
        build_menus(self)
        self.read_only_mode = ReadOnlyMode(self)  # title, banner, editing actions off
        self.central_layout.insertWidget(0, self.read_only_mode.banner)
        self.damaged_dialog: Optional[DamagedFileDialog] = None
        for signal in (self.workspace.documentsChanged, self.workspace.eventsChanged,
                       self.workspace.eventsRemoved, self.workspace.spansChanged, self.workspace.actorsChanged):
            signal.connect(self._update_status)
        self.workspace.projectReplaced.connect(lambda: self._update_status(replaced=True))

        self.resize(1400, 900)
        self._restore_layout()
        self.set_project(project)

    def table_query(self) -> EventQuery:
        """What the event table shows, as the question the timeline asks too: the search words,
        the actor or place whose chip limits it, the brushed dates."""
        return self.table.query()

    @staticmethod
    def _padded(widget: QWidget, bottom: int = 6) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, bottom)
        layout.addWidget(widget)
        return box

    def _tab_of(self, part: QWidget) -> int:
        return next(i for i in range(self.right_tabs.count()) if self.right_tabs.widget(i).isAncestorOf(part))

    def _set_tab_text(self, part: QWidget, text: str) -> None:
        self.right_tabs.setTabText(self._tab_of(part), text)

    def show_tab(self, part: QWidget) -> None:
        """Bring the tab holding ``part`` (e.g. the Suggestions panel) to the front and focus it."""
        self.right_tabs.setCurrentIndex(self._tab_of(part))
        getattr(part, "view", part).setFocus()

    def show_tab_named(self, name: str) -> None:
        """Bring the right-hand tab whose title starts with ``name`` (any case) to the front;
        a CuratorError naming the tabs when there is none."""
        titles = [self.right_tabs.tabText(i) for i in range(self.right_tabs.count())]
        for index, title in enumerate(titles):
            if title.casefold().startswith(name.strip().casefold()):
                self.right_tabs.setCurrentIndex(index)
                return
        raise CuratorError(f"no tab named {name!r}; the tabs are {', '.join(titles)}")

    # ------------------------------------------------------------------ project
    def may_leave_project(self) -> bool:
        """Whether the shown project may be closed: true unless edits still wait for another
        program's lock and the user chooses to keep them (they are never dropped silently)."""
        if not self.pending.flush() and not self.confirm_discard_pending(self, self.pending.descriptions()):
            return False
        self.pending.cancel_all()
        return True

    def set_project(self, project: Optional[Project]) -> None:
        """Show ``project`` (closing the one shown before); the undo history starts afresh."""
        self.undo_stack.clear()
        self.selection.select(None)
        if project is not None:
            # never an empty created_by: the preferences' name, else the opener's, else the login name
            project.annotator = app.annotator_name() or project.annotator or app.effective_annotator()
            # the GUI thread never waits in SQLite's busy handler: one short try, then the edit waits
            project.lock_wait = gui_policy()
        self.workspace.replace_project(project)
        settle_long_lived()  # no full collection of the window's objects in the middle of a click
        self.location_bar.show_for(project.path if project is not None else None)
        has = project is not None
        for action in (self.add_documents_action, self.add_folder_action, self.save_copy_action):
            action.setEnabled(has)
        self.read_only_mode.apply()
        self.show_title()
        if has and self.remember:
            app.set_last_project(project.path)

    def show_title(self) -> None:
        has = self.workspace.has_project
        self.setWindowTitle(f"{self.workspace.name}{self.read_only_mode.title_suffix()} — Curator"
                            if has else "Curator")

    def open_path_later(self, path: str | Path) -> None:
        """Open the project at ``path`` off the GUI thread (File ▸ Open, a file the system asks to
        open): the window stays responsive and shows it when it is open (:mod:`curator.ui.opening`)."""
        if self.may_leave_project():
            self.opener.start([Candidate(Path(path))])

    def open_path(self, path: str | Path) -> bool:
        """Open the project at ``path`` now, on this thread (scripts and tests; the window's own
        commands use :meth:`open_path_later`), read-only when its file cannot be written. A
        damaged file is named in one line with what can be done: :meth:`show_damaged`."""
        if not self.may_leave_project():
            return False
        try:
            from curator.core.project import Project

            project = Project.open(path, app.effective_annotator(), verify=True)
        except DamagedProject as exc:
            self.show_damaged(exc.diagnosis)
            return False
        except (CuratorError, OSError) as exc:
            self._error("Cannot open the project", str(exc))
            return False
        self.set_project(project)
        self.opener.note_checked(project.path)
        return True

    def show_damaged(self, diagnosis) -> DamagedFileDialog:
        """The dialog for a project that cannot be opened because its file is damaged:
        the diagnosis, Recover into a new project…, Open backup…"""
        self.show_message(f"Cannot open the project: {diagnosis.line(command_hint=False)}")
        if self.damaged_dialog is not None:
            self.damaged_dialog.deleteLater()
        dialog = self.damaged_dialog = DamagedFileDialog(diagnosis, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        return dialog

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New project", str(self._folder() / "Untitled.curator"),
                                              PROJECT_FILTER)
        if not path:
            return
        if not Path(path).suffix:
            path += ".curator"
        if not self.may_leave_project():
            return
        try:
            if Path(path).exists():
                raise CuratorError(f"{path} already exists; choose a new name")
            from curator.core.project import Project

            project = Project.create(path, app.effective_annotator())
        except (CuratorError, OSError) as exc:
            self._error("Cannot create the project", str(exc))
            return
        self.set_project(project)

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", str(self._folder()), PROJECT_FILTER)
        if path:
            self.open_path_later(path)

    def add_documents_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add documents", str(self._folder()), DOCUMENT_FILTER)
        if paths:
            self.add_documents(paths)

    def add_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add folder", str(self._folder()))
        if folder:
            self.add_folder(folder)

    def add_documents(self, paths: list[str | Path] = (), folder: Optional[str | Path] = None):
        """Read the files (or every readable file under ``folder``) on a worker and show how each
        was read (:class:`AddDocumentsDialog`, window-modal; returned). Nothing is written until
        its Add: then the ticked documents are added as one undoable step, all or nothing; a text
        the project already holds is skipped (and said so)."""
        from curator.ui.documents.add_dialog import AddDocumentsDialog

        dialog = AddDocumentsDialog(paths, self, folder=folder)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.add_records(dialog.records()))
        self.add_dialog = dialog
        dialog.open()
        return dialog

    def add_folder(self, folder: str | Path):
        """Add documents… for every readable file under ``folder`` (hidden ones left out)."""
        return self.add_documents(folder=folder)

    def add_records(self, dated: list) -> Optional[list[int]]:
        """Add documents read from files (``(record, DocumentDate)`` pairs, see
        :func:`curator.ingest.dating.dated_record`) as one undo step (:mod:`curator.ui.documents.adding`:
        many or large ones are written by a worker; then None is returned)."""
        return self.adding.add(dated)

    def _folder(self) -> Path:
        return self.workspace.path.parent if self.workspace.path else Path.home()

    # ------------------------------------------------------------------ editing
    def delete_selected_event(self) -> None:
        """Delete the selected event (Edit > Delete event; the Delete key in the event table or
        the timeline), after asking when it has evidence or actors."""
        event_id = self.selection.event_id
        if event_id is None:
            return
        try:
            info = self.workspace.event_info(event_id)
            if (info.evidence or info.actor_names) and not self.confirm_delete(
                    self, info.title, len(info.evidence), len(info.actor_names)):
                return
            commands.push(self.undo_stack, commands.DeleteEvent(self.workspace, event_id))
        except CuratorError as exc:
            self.show_message(f"Event not deleted: {exc}")

    def tag_set_dialog(self) -> None:
        from curator.ui.tags.tag_set_dialog import TagSetDialog

        if self.workspace.has_project:
            TagSetDialog(self.workspace, self.undo_stack, self).exec()

    def preferences_dialog(self) -> None:
        dialog = PreferencesDialog(self)
        if dialog.exec():
            self.workspace.set_annotator(dialog.annotator() or app.effective_annotator())

    def about(self) -> None:
        from curator import __version__

        QMessageBox.about(self, "About Curator",
                          f"<b>Curator {__version__}</b><p>Turn source texts into dated events: "
                          "stand-off annotation, an editable event table and a zoomable timeline, "
                          "in one local SQLite file.</p>")

    # ------------------------------------------------------------------ status, errors
    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def show_refusal(self, text: str) -> None:
        """An edit refused, with its reason ("Date not changed: …"); it stays until it times out
        or a later edit (or undo/redo) succeeds."""
        self.show_message(text)
        self._refusal = text

    def _clear_refusal(self, *args) -> None:
        if self._refusal and self.statusBar().currentMessage() == self._refusal:
            self.statusBar().clearMessage()
        self._refusal = ""

    def _error(self, title: str, reason: str) -> None:
        self.show_message(f"{title}: {reason}")
        QMessageBox.warning(self, title, reason)

    def _update_status(self, *args, replaced: bool = False) -> None:
        """The counts (read on a worker: they grow with the project) and the path."""
        self.status_counts.refresh(now=replaced)
        self.path_label.setText(str(self.workspace.path) if self.workspace.has_project else "No project open")

    # ------------------------------------------------------------------ layout memory
    def _restore_layout_for_size(self) -> None:
        """Default proportions for the current size: the timeline gets ~28% of the height."""
        height = self.main_splitter.height() or self.height()
        width = self.top_splitter.width() or self.width()
        self.main_splitter.setSizes([round(height * (1 - TIMELINE_SHARE)), round(height * TIMELINE_SHARE)])
        self.top_splitter.setSizes([round(width * 0.42), round(width * 0.58)])
        events = self.events_splitter.height() or round(height * (1 - TIMELINE_SHARE))
        self.events_splitter.setSizes([round(events * (1 - INSPECTOR_SHARE)), round(events * INSPECTOR_SHARE)])

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._proportions_set:  # first show: proportions for the real size, unless restored
            self._proportions_set = True
            self._restore_layout_for_size()

    def _restore_layout(self) -> None:
        self._restore_layout_for_size()
        self._proportions_set = False
        if not self.remember:
            return
        geometry = app.saved_bytes(app.KEY_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        for key, splitter in (("main", self.main_splitter), ("top", self.top_splitter),
                              ("events", self.events_splitter)):
            state = app.saved_bytes(f"{app.KEY_SPLITTERS}/{key}")
            if state is not None:
                splitter.restoreState(state)
                self._proportions_set = True

    def closeEvent(self, event) -> None:
        if not self.may_leave_project():
            event.ignore()
            return
        if self.remember:
            app.save_bytes(app.KEY_GEOMETRY, self.saveGeometry())
            app.save_bytes(f"{app.KEY_SPLITTERS}/main", self.main_splitter.saveState())
            app.save_bytes(f"{app.KEY_SPLITTERS}/top", self.top_splitter.saveState())
            app.save_bytes(f"{app.KEY_SPLITTERS}/events", self.events_splitter.saveState())
        self.undo_stack.clear()
        self.shutdown_workers()
        self.workspace.close()
        for dialog in self.findChildren(QDialog):  # a progress or a message box open on it
            if dialog.isVisible():  # would keep the application running without its window
                dialog.close()
        super().closeEvent(event)

    def shutdown_workers(self) -> None:
        """Stop every worker (opening, counts, searches, an import or export under way,
        suggestions, a recovery) and wait for each: cancelled work stops at its next step or
        inside SQLite, an interrupted import or merge is rolled back, nothing outlives the window."""
        self.opener.shutdown()
        self.exchange.shutdown()
        self.adding.shutdown()
        self.wal_folder.shutdown()
        self.status_counts.shutdown()
        self.suggestions.stop(wait=True)
        self.search.close()
        self.table.shutdown()
        self.actors.loader.shutdown()
        self.claims.shutdown()
        self.inspector.roles.shutdown()
        self.documents.spans.shutdown()
        recovery = self.damaged_dialog.worker if self.damaged_dialog is not None else None
        if recovery is not None and recovery.isRunning():
            recovery.cancel()
            recovery.wait()
