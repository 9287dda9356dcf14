"""File menu commands that move a project's data in or out: Import ▸ (a JSON export, an
ACLED-style CSV file), Merge…, Export ▸ (one entry per format) and Save a copy….

Each command asks for a file, then runs on an :class:`~curator.ui.exchange.worker.ExchangeWorker`
(its own thread and its own connection to the project file) behind a progress dialog with Cancel,
so the window never freezes. Outcomes go to the status bar; a failure shows its one-line reason
in a message box, and an input refused for several problems lists them with their JSON paths
(:class:`~curator.ui.exchange.problem_dialog.ProblemListDialog`). Either way the project is left as it was.

After an import or a merge has written to the file through that other connection, every view
re-reads the project (:meth:`Workspace.reload`) and the undo history is cleared: its steps no
longer describe the file.

    actions = ExchangeActions(window)   # the main window puts actions.menu_entries() in File
    actions.export(".csv")          # what File > Export > CSV… does
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QProgressDialog

from curator.core.errors import CuratorError
from curator.exchange import EXPORT_FORMATS, export_filters, export_format
from curator.exchange.errors import InvalidExport, MergeConflicts
from curator.ui.exchange.worker import ExchangeWorker, run_with_progress
from curator.ui.exchange.problem_dialog import UNCHANGED, ProblemListDialog

if TYPE_CHECKING:  # the merge engine (SQLAlchemy) loads when a merge runs, not with the window
    from curator.ui.exchange.merge_dialog import MergeDialog

EXPORT_ENTRIES = (  # File > Export ▸ entries: menu text, suffix key of EXPORT_FORMATS
    ("&JSON (the whole project)…", ".json"),
    ("&CSV (one row per event)…", ".csv"),
    ("Events as &ACLED CSV…", ".acled.csv"),
    ("&TimelineJS…", ".timeline.json"),
    ("&Web Annotation (JSON-LD)…", ".jsonld"),
    ("Curator &copy…", ".curator"),
)
COPY_SUFFIXES = (".curator", ".sqlite")
IMPORT_FILTER = "Curator JSON exports (*.json);;All files (*)"
ACLED_FILTER = "ACLED-style CSV files (*.csv *.tsv *.txt);;All files (*)"
MERGE_FILTER = "Curator projects and JSON exports (*.curator *.sqlite *.db *.json);;All files (*)"
KIND_NAMES = {  # record kind key -> (singular, plural) for messages
    "documents": ("document", "documents"), "spans": ("passage", "passages"),
    "events": ("event", "events"), "actors": ("actor", "actors"),
    "event_actors": ("actor link", "actor links"), "evidence": ("evidence link", "evidence links"),
    "annotations": ("annotation", "annotations"), "tags": ("tag", "tags"),
    "rejected_suggestions": ("rejected suggestion", "rejected suggestions"),
}
HISTORY_CLEARED = "the undo history was cleared"


def describe_counts(counts: dict[str, Any]) -> str:
    """``{"events": 3, "documents": 1}`` -> "3 events, 1 document" (known kinds, non-zero)."""
    parts = []
    for key, (one, many) in KIND_NAMES.items():
        n = counts.get(key)
        if isinstance(n, int) and not isinstance(n, bool) and n:
            parts.append(f"{n:,} {one if n == 1 else many}")
    return ", ".join(parts)


def describe_merge(summary: dict) -> str:
    """A merge or import summary in words: what was added, updated and how conflicts went."""
    parts = []
    added = describe_counts(summary.get("added") or {})
    updated = describe_counts(summary.get("updated") or {})
    if added:
        parts.append(f"added {added}")
    if updated:
        parts.append(f"updated {updated}")
    merged = describe_counts(summary.get("merged_field_by_field") or {})
    if merged:
        parts.append(f"of which {merged} merged field by field")
    settled = summary.get("conflicts_settled") or {}
    if sum(settled.values()):
        parts.append(f"{sum(settled.values())} conflict(s) settled ({settled.get('ours', 0)} kept ours, "
                     f"{settled.get('theirs', 0)} took theirs)")
    matched = summary.get("documents_matched_by_text") or []
    if matched:
        parts.append(f"{len(matched)} document(s) matched by their text")
    tags = summary.get("tags_matched_by_name") or []
    differing = [m["name"] for m in tags if m.get("differs")]
    if differing:
        parts.append(f"kept this project's colour, key or description of tag(s) {', '.join(differing)}")
    for adjusted in summary.get("tags_adjusted") or []:  # a key or name a tag here already has
        changes = adjusted["changes"]
        if "shortcut" in changes:
            parts.append(f"tag {adjusted['tag']} came without its key {changes['shortcut']['theirs']} "
                         "(a tag here has it)")
        if "name" in changes:
            parts.append(f"tag {adjusted['tag']} was renamed {changes['name']['merged']} "
                         "(a tag here has the name)")
    redirected = describe_counts(summary.get("redirected") or {})
    if redirected:
        parts.append(f"moved {redirected} from merged actors to the records they were merged into")
    return "; ".join(parts) if parts else "nothing new (everything was already here)"


def describe_acled(report: dict) -> str:
    """An ACLED import's report in words: "2,000 events added (with 27 actors and 20 places); 3
    updated from the file"."""
    added = report.get("added") or {}
    events = added.get("events", 0)
    parts = [f"{events:,} event{'s' if events != 1 else ''} added"]
    made = [f"{added[k]:,} {k if added[k] != 1 else k[:-1]}" for k in ("actors", "places") if added.get(k)]
    if made:
        parts[0] += f" (with {' and '.join(made)})"
    updated = (report.get("updated") or {}).get("events", 0)
    if updated:
        parts.append(f"{updated:,} updated from the file")
    if report.get("unchanged"):
        parts.append(f"{report['unchanged']:,} already here as the file has them")
    if report.get("kept_deleted"):
        parts.append(f"{report['kept_deleted']:,} deleted here and left deleted")
    if report.get("ignored_columns"):
        parts.append(f"column(s) left out: {', '.join(repr(c) for c in report['ignored_columns'])}")
    return "; ".join(parts)


def filter_for(suffix: str) -> str:
    """The save-dialog filter of one export format (from export_filters()), then All files."""
    own = next(f for f in export_filters() if f"*{suffix}" in f[f.rindex("(") + 1:-1].split())
    return f"{own};;All files (*)"


def with_suffix(path: str, suffix: str) -> str:
    """``path`` ending so that its suffix asks for the format ``suffix`` (appended if not)."""
    accepted = COPY_SUFFIXES if suffix in COPY_SUFFIXES else (".acled.csv", ".csv") if suffix == ".acled.csv" \
        else (suffix,)  # an ACLED file may be called "events.csv": its format is said apart
    try:
        if export_format(path) in accepted:
            return path
    except CuratorError:
        pass
    return path + suffix


@dataclass
class _Run:
    """One worker run and what became of it."""

    worker: ExchangeWorker
    what: str  # e.g. "Import of a.json", for messages
    on_success: Callable[[Any], None]
    on_failure: Optional[Callable[[str, Any], bool]] = None  # True: handled
    outcome: dict = field(default_factory=dict)
    cancel_requested: bool = False
    writer: str = ""  # "the import of a.json": the window's edits wait for it (PendingWrites.hold)


class ExchangeActions(QObject):
    """The exchange commands of one main window, with their menu actions.

    ``started(worker)`` fires when a run begins; ``finished(message)`` when a command has ended
    (done, failed, cancelled or declined), with the message shown in the status bar."""

    started = Signal(object)
    finished = Signal(str)
    copySaved = Signal(str)  # the path of a .curator copy just saved

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.workspace = window.workspace
        self.worker: Optional[ExchangeWorker] = None  # the latest run's worker
        self.progress_dialog: Optional[QProgressDialog] = None
        self.merge_dialog: Optional[MergeDialog] = None
        self.problem_dialog: Optional[ProblemListDialog] = None
        self.message_box: Optional[QMessageBox] = None
        self._run: Optional[_Run] = None
        self._busy = False

        self.import_menu = QMenu("&Import", window)
        self.import_action = self._add("&JSON export…", self.import_json)
        self.import_action.setStatusTip("Add the records of a Curator JSON export to this project")
        self.import_acled_action = self._add("&ACLED CSV…", self.import_acled)
        self.import_acled_action.setStatusTip("Add the events of an ACLED-style CSV file (one event per row; "
                                              "importing a file again changes nothing)")
        self.import_menu.addAction(self.import_action)
        self.import_menu.addAction(self.import_acled_action)
        self.merge_action = self._add("&Merge…", self.merge)
        self.merge_action.setStatusTip("Merge another copy of this project (a .curator file or a JSON export)")
        self.export_menu = QMenu("&Export", window)
        self.export_actions: dict[str, QAction] = {}
        for text, suffix in EXPORT_ENTRIES:
            self.export_actions[suffix] = self._add(text, lambda _=False, s=suffix: self.export(s))
            self.export_menu.addAction(self.export_actions[suffix])
        self.save_copy_action = self._add("Save a &copy…", self.save_copy, QKeySequence.SaveAs)
        self.save_copy_action.setStatusTip("Save a consistent copy of the project that can be merged back later")

        self.workspace.projectReplaced.connect(self._update_enabled)
        window.installEventFilter(self)
        self._update_enabled()

    def _add(self, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False: slot())
        return action

    def menu_entries(self) -> list[QAction | QMenu | None]:
        """What goes in the File menu, in order (None: a separator)."""
        return [self.import_menu, self.merge_action, None, self.export_menu, self.save_copy_action]

    @property
    def busy(self) -> bool:
        """Whether a command is under way (another cannot start meanwhile)."""
        return self._busy

    def _update_enabled(self) -> None:
        enabled = self.workspace.has_project and not self._busy
        for action in (self.save_copy_action, *self.export_actions.values()):
            action.setEnabled(enabled)  # a read-only project is exported and copied too
        for action in (self.import_action, self.import_acled_action, self.merge_action):
            action.setEnabled(enabled and not self.workspace.read_only)
        self.import_menu.setEnabled(enabled and not self.workspace.read_only)
        self.export_menu.setEnabled(enabled)

    def _folder(self) -> Path:
        return self.workspace.path.parent if self.workspace.path else Path.home()

    def _can_start(self) -> bool:
        if not self.workspace.has_project:
            return False
        if self._busy:
            self.window.show_message("Another import, export or merge is still running")
            return False
        return True

    # ------------------------------------------------------------------ commands
    def export(self, suffix: str) -> None:
        """File > Export > (format): ask where, then write the file on the worker."""
        if not self._can_start():
            return
        label = EXPORT_FORMATS[suffix][0]
        name = f"{self.workspace.name} copy{suffix}" if suffix in COPY_SUFFIXES else f"{self.workspace.name}{suffix}"
        path, _ = QFileDialog.getSaveFileName(self.window, f"Export: {label}", str(self._folder() / name),
                                              filter_for(suffix))
        if path:
            self._export_to(with_suffix(path, suffix), suffix)

    def save_copy(self) -> None:
        """File > Save a copy…: a consistent .curator copy (SQLite backup API) whose records are
        remembered in the sync history of both files, so that it can be merged back later."""
        self.export(".curator")

    def _export_to(self, path: str, suffix: Optional[str] = None) -> None:
        target = Path(path)
        is_copy = (suffix or export_format(path)) in COPY_SUFFIXES
        what = "Saving a copy" if is_copy else f"Export to {target.name}"
        worker = ExchangeWorker.export(self.workspace.path, target, self._annotator(), suffix)

        def succeeded(report: dict) -> None:
            counts = describe_counts(report)
            done = f"Saved a copy as {target}" if is_copy else f"Exported to {target}"
            self._finish(done + (f" ({counts})" if counts else ""))
            if is_copy:
                self.copySaved.emit(str(target))

        self._start(_Run(worker, what, succeeded),
                    f"Saving a copy as {target.name}" if is_copy else f"Exporting to {target.name}")

    def import_json(self) -> None:
        """File > Import JSON…: validate and add a JSON export, all or nothing."""
        if not self._can_start():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, "Import a JSON export", str(self._folder()),
                                              IMPORT_FILTER)
        if not path:
            return
        name = Path(path).name
        worker = ExchangeWorker.import_json(self.workspace.path, path, self._annotator())

        def succeeded(summary: dict) -> None:
            self._refresh_views()
            self._finish(f"Imported {name}: {describe_merge(summary)}; {HISTORY_CLEARED}")

        self._start(_Run(worker, f"Import of {name}", succeeded, writer=f"the import of {name}"),
                    f"Importing {name}")

    def import_acled(self) -> None:
        """File > Import > ACLED CSV…: check an ACLED-style CSV file row by row and add its events,
        all or nothing (a refused file lists every problem by row and column)."""
        if not self._can_start():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, "Import an ACLED-style CSV file", str(self._folder()),
                                              ACLED_FILTER)
        if not path:
            return
        name = Path(path).name
        worker = ExchangeWorker.import_acled(self.workspace.path, path, self._annotator())

        def succeeded(report: dict) -> None:
            self._refresh_views()
            self._finish(f"Imported {name}: {describe_acled(report)}; {HISTORY_CLEARED}")

        self._start(_Run(worker, f"Import of {name}", succeeded, writer=f"the import of {name}"),
                    f"Importing {name}")

    def merge(self) -> None:
        """File > Merge…: compare with another copy, let the user decide each conflict, merge."""
        if not self._can_start():
            return
        path, _ = QFileDialog.getOpenFileName(self.window, "Merge another copy", str(self._folder()),
                                              MERGE_FILTER)
        if not path:
            return
        if Path(path).resolve() == self.workspace.path.resolve():
            self._fail("Merge", "this is the open project itself; choose another copy of it")
            return
        name = Path(path).name
        worker = ExchangeWorker.plan_merge(self.workspace.path, path, self._annotator())

        def planned(result) -> None:
            _, plan = result
            if self._run.cancel_requested:
                self._finish("Merge cancelled: nothing was changed")
            elif plan.conflicts:
                self._ask_decisions(path, plan.conflicts, {}, plan.merged_count, plan.names)
            else:
                self._merge_with(path, {})

        self._start(_Run(worker, f"Merge of {name}", planned), f"Comparing with {name}")

    def _ask_decisions(self, path: str, conflicts: list, decided: dict, merged: int = 0,
                       names: Optional[dict[str, str]] = None) -> None:
        if self.merge_dialog is not None:
            self.merge_dialog.deleteLater()
        from curator.ui.exchange.merge_dialog import MergeDialog

        dialog = MergeDialog(conflicts, Path(path).name, self.window, merged=merged, names=names)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._merge_with(path, decided | dialog.decisions()))
        dialog.rejected.connect(lambda: self._finish("Merge cancelled: nothing was changed"))
        self.merge_dialog = dialog
        dialog.open()

    def _merge_with(self, path: str, decisions: dict) -> None:
        name = Path(path).name
        worker = ExchangeWorker.merge(self.workspace.path, path, decisions=decisions,
                                      annotator=self._annotator())

        def succeeded(summary: dict) -> None:
            self._refresh_views()
            self._finish(f"Merged {name}: {describe_merge(summary)}; {HISTORY_CLEARED}")

        def failed(message: str, error) -> bool:
            if isinstance(error, MergeConflicts):  # the project changed after the comparison
                self._ask_decisions(path, error.conflicts, decisions)
                return True
            return False

        self._start(_Run(worker, f"Merge of {name}", succeeded, failed, writer=f"the merge of {name}"),
                    f"Merging {name}")

    # ------------------------------------------------------------------ running
    def _annotator(self) -> str:
        return self.workspace.project.annotator if self.workspace.has_project else ""

    def _start(self, run: _Run, title: str) -> None:
        self._run = run
        self._busy = True
        self._update_enabled()
        pending = getattr(self.window, "pending", None)
        if run.writer and pending is not None:
            pending.hold(run.writer)  # edits made meanwhile wait, then land on the fresh history
        self.worker = worker = run.worker
        worker.succeeded.connect(lambda result: run.outcome.update(result=result))
        worker.failed.connect(lambda message, error: run.outcome.update(message=message, error=error))
        worker.cancelled.connect(lambda: run.outcome.update(cancelled=True))
        # connected before the progress dialog's own slots, so that its closing (which also
        # emits canceled) is not taken for the user's Cancel; settled once the dialog is gone
        worker.done.connect(lambda: self._on_done(run))
        self.progress_dialog = run_with_progress(self.window, worker, title)
        self.progress_dialog.canceled.connect(lambda: self._cancel_requested(run))
        self.started.emit(worker)

    @staticmethod
    def _cancel_requested(run: _Run) -> None:
        if "done" not in run.outcome:
            run.cancel_requested = True

    def _on_done(self, run: _Run) -> None:
        run.outcome["done"] = True
        QTimer.singleShot(0, self, lambda: self._settle(run))  # dropped if the window is gone

    def _settle(self, run: _Run) -> None:
        outcome = run.outcome
        try:
            if "result" in outcome:
                run.on_success(outcome["result"])
            elif outcome.get("cancelled"):
                self._finish(f"{run.what} cancelled: nothing was written")
            elif not (run.on_failure and run.on_failure(outcome.get("message", ""), outcome.get("error"))):
                self._fail(run.what, outcome.get("message", "unknown error"), outcome.get("error"))
        finally:
            pending = getattr(self.window, "pending", None)
            if run.writer and pending is not None:
                pending.release()  # after the views were refreshed and the history cleared

    def _finish(self, message: str) -> None:
        self._busy = False
        self._update_enabled()
        self.window.show_message(message)
        self.finished.emit(message)

    def _fail(self, what: str, message: str, error=None) -> None:
        """Report a failure: the problems of a refused input in a list, else the one-line reason."""
        title = f"{what} failed"
        if isinstance(error, InvalidExport) and error.problems:
            self.problem_dialog = ProblemListDialog(title, message, error.problems, self.window,
                                                    where=getattr(error, "where", "Where (JSON path)"))
            self.problem_dialog.open()
        else:
            box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                              self.window)
            box.setInformativeText(UNCHANGED)
            self.message_box = box
            box.open()
        self._finish(f"{title}: {message}")

    def _refresh_views(self) -> None:
        """Every view re-reads the project; the shown document and selected event stay if they
        still exist; the undo history, which no longer matches the file, is cleared."""
        window = self.window
        shown, selected = window.documents.document_id, window.selection.event_id
        window.undo_stack.clear()
        window.selection.select(None)
        self.workspace.reload()
        if shown is not None:
            window.documents.show_document(shown)
        if selected is not None and self.workspace.event_exists(selected):
            window.selection.select(selected)

    # ------------------------------------------------------------------ shutdown
    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    def shutdown(self) -> None:
        """Cancel a run still under way and wait for its thread (the window is closing)."""
        if self.worker is not None and self.worker.is_running():
            self.worker.cancel()
            self.worker.wait()

