"""The Claims tab: reports of one happening, confirmed or rejected, side by side.

Upper part: the **happenings** (events joined by confirmed links; each row with Unlink) and the
**candidate pairs** (found on a worker with "Find candidates", progress and Cancel; best first;
each row with Confirm and Not the same). Pairs decided since the search leave the list; an
undone decision brings its pair back. Lower part: the selected pair's or happening's reports side
by side (:class:`~curator.ui.claims.reports.ReportsTable`), the differences marked; clicking a
report selects its event in the table, timeline and text. Every decision is an undoable command
(:mod:`curator.ui.store.claim_commands`) through the Workspace.
"""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton, QSizePolicy, QSplitter, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from curator.core.errors import CuratorError
from curator.ui.claims.loading import CandidatesData, CandidatesJob, HappeningsData, read_happenings
from curator.ui.claims.reports import ReportsTable
from curator.ui.store.claim_commands import SetClaimLink, UnlinkClaims
from curator.ui.store.commands import push
from curator.ui.store.project_job import JobKeeper
from curator.ui.store.query_loader import QueryLoader
from curator.ui.store.waiting import process_events_until

KEY = Qt.UserRole  # a row's key: ("happening", ids) or ("pair", a, b)


class ClaimsPanel(QWidget):
    message = Signal(str)

    def __init__(self, workspace, undo_stack, selection, parent=None):
        super().__init__(parent)
        self.workspace, self.undo_stack, self.selection = workspace, undo_stack, selection
        self.happenings = HappeningsData()
        self.found: Optional[CandidatesData] = None
        self.buttons: dict[tuple, tuple[QPushButton, ...]] = {}  # a row's key -> its buttons
        self._jobs = JobKeeper()
        self._generation = 0
        self._searched = False

        self.find_button = QPushButton("Find candidates", self)
        self.find_button.setToolTip("Look for pairs of events from different documents that may report one "
                                    "happening (near dates, the same place, shared actors, similar titles)")
        self.find_button.clicked.connect(self.find_candidates)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel_search)
        self.cancel_button.hide()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(140)
        self.progress.setMaximumHeight(12)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        top = QHBoxLayout()
        top.addWidget(self.find_button)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        top.addWidget(self.status, 1)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["Score", "Report", "Other report(s)", ""])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeToContents)
        self.tree.currentItemChanged.connect(self._show_current)
        self.happening_root = QTreeWidgetItem(self.tree, ["Happenings"])
        self.candidate_root = QTreeWidgetItem(self.tree, ["Candidates"])
        # rows as tall as their buttons (the tree's rows are uniform: the first row sets the height)
        button_height = QPushButton("Confirm").sizeHint().height()
        for root in (self.happening_root, self.candidate_root):
            root.setSizeHint(1, QSize(0, button_height))
        for root in (self.happening_root, self.candidate_root):
            root.setFirstColumnSpanned(True)
            root.setFlags(Qt.ItemIsEnabled)
            font = root.font(0)
            font.setBold(True)
            root.setFont(0, font)
            root.setExpanded(True)

        self.reports = ReportsTable(self)
        self.reports.reportClicked.connect(self.selection.select)
        self.hint = QLabel("Select a happening or a candidate pair to see its reports side by side; "
                           "rows that differ are tinted and marked ≠.", self)
        self.hint.setWordWrap(True)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.hint)
        lower_layout.addWidget(self.reports, 1)
        self.splitter = QSplitter(Qt.Vertical, self)
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.tree, 1)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.loader = QueryLoader(workspace, read_happenings, HappeningsData(), self)
        self.loader.loaded.connect(self._happenings_loaded)
        self.loader.failed.connect(self.message)
        for signal in (workspace.claimsChanged, workspace.eventsChanged, workspace.eventsRemoved):
            signal.connect(lambda *_: self.loader.load())
        workspace.projectReplaced.connect(self._project_replaced)
        self._project_replaced()

    # ------------------------------------------------------------------ reading
    def _project_replaced(self) -> None:
        self.cancel_search()
        self.found, self._searched = None, False
        self.loader.load()
        if self.isVisible() and self.workspace.has_project:
            self.find_candidates()

    def showEvent(self, event) -> None:  # the first look at the tab looks for candidates
        super().showEvent(event)
        if not self._searched and self.workspace.has_project:
            self.find_candidates()

    def find_candidates(self) -> None:
        if not self.workspace.has_project:
            return
        self.cancel_search()
        self._searched = True
        self._generation += 1
        job = CandidatesJob(self.workspace.path, self._generation)
        job.progress.connect(self._progress)
        job.found.connect(self._candidates_found)
        job.failed.connect(self._candidates_failed)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.find_button.setEnabled(False)
        self.status.setText("Looking for candidates…")
        self._jobs.start(job)

    def cancel_search(self) -> None:
        if self._jobs:
            self._generation += 1
            self._jobs.cancel_all()
            self.status.setText("Search cancelled")
        self._search_ended()

    def _search_ended(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.find_button.setEnabled(True)

    def _progress(self, generation: int, share: float, stage: str) -> None:
        if generation == self._generation:
            self.progress.setValue(int(1000 * share))
            self.status.setText(f"Looking for candidates: {stage}…" if stage else "Looking for candidates…")

    def _candidates_found(self, generation: int, data: CandidatesData) -> None:
        if generation != self._generation:
            return
        self._search_ended()
        self.found = data
        self._rebuild()

    def _candidates_failed(self, generation: int, reason: str) -> None:
        if generation == self._generation:
            self._search_ended()
            self.status.setText("")
            self.message.emit(f"Candidates not found: {reason}")

    def _happenings_loaded(self, data: HappeningsData) -> None:
        self.happenings = data
        self._rebuild()

    @property
    def busy(self) -> bool:
        return bool(self._jobs) or self.loader.busy

    def wait(self, timeout_ms: int = 60_000) -> None:
        """Until the candidates and happenings asked for are shown (tests, screenshots)."""
        process_events_until(lambda: not self.busy, timeout_ms)

    def shutdown(self) -> None:
        self._generation += 1
        self._jobs.wait_all()
        self.loader.shutdown()

    # ------------------------------------------------------------------ the lists
    def shown_candidates(self) -> list:
        """The candidates listed: those found, less the pairs decided since."""
        if self.found is None:
            return []
        return [(c, h) for c, h in self.found.candidates
                if frozenset((c.a.id, c.b.id)) not in self.happenings.decided]

    def _rebuild(self) -> None:
        current = self.tree.currentItem()
        keep = current.data(0, KEY) if current is not None else None
        self.tree.blockSignals(True)
        for root in (self.happening_root, self.candidate_root):
            for item in root.takeChildren():
                del item
        self.buttons.clear()
        for view in self.happenings.happenings:
            titles = [r.event.title for r in view.report.reports]
            item = QTreeWidgetItem(self.happening_root, [f"{len(titles)} reports", titles[0] if titles else "",
                                                          " · ".join(titles[1:])])
            item.setData(0, KEY, ("happening", view.ids))
            item.setToolTip(1, "\n".join(titles))
            differing = ", ".join(view.report.differing)
            item.setToolTip(0, f"differ in: {differing}" if differing else "the reports agree")
            self._add_buttons(item, ("happening", view.ids), [("Unlink", lambda _=False, v=view: self.unlink(v))])
        self.happening_root.setText(0, f"Happenings ({len(self.happenings.happenings)})")
        shown = self.shown_candidates()
        for candidate, _ in shown:
            a, b = candidate.a, candidate.b
            item = QTreeWidgetItem(self.candidate_root, [f"{candidate.score:.2f}", f"{a.title}  ({a.edtf})",
                                                          f"{b.title}  ({b.edtf})"])
            item.setData(0, KEY, ("pair", a.id, b.id))
            item.setToolTip(0, "\n".join(candidate.reasons))
            item.setToolTip(1, "; ".join(t for _, t in a.documents))
            item.setToolTip(2, "; ".join(t for _, t in b.documents))
            self._add_buttons(item, ("pair", a.id, b.id), [
                ("Confirm", lambda _=False, x=a.id, y=b.id: self.decide(x, y, "same")),
                ("Not the same", lambda _=False, x=a.id, y=b.id: self.decide(x, y, "different"))])
        if self.found is None:
            self.candidate_root.setText(0, "Candidates (not looked for yet)")
        else:
            self.candidate_root.setText(0, f"Candidates ({len(shown):,} of the best "
                                           f"{len(self.found.candidates):,}; {self.found.proposed:,} proposed)")
            self.status.setText(f"{self.found.events:,} events looked at")
        self.tree.blockSignals(False)
        self.tree.resizeColumnToContents(3)
        target = self._item_of(keep) or self.happening_root.child(0) or self.candidate_root.child(0)
        if target is not None:
            self.tree.setCurrentItem(target)
        self._show_current(target)

    def _add_buttons(self, item: QTreeWidgetItem, key: tuple, actions) -> None:
        box = QWidget(self.tree)
        row = QHBoxLayout(box)
        row.setContentsMargins(2, 0, 2, 0)
        row.setSpacing(4)
        made = []
        for text, slot in actions:
            button = QPushButton(text, box)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
            made.append(button)
        self.buttons[key] = tuple(made)
        self.tree.setItemWidget(item, 3, box)

    def _item_of(self, key) -> Optional[QTreeWidgetItem]:
        if key is None:
            return None
        for root in (self.happening_root, self.candidate_root):
            for i in range(root.childCount()):
                if root.child(i).data(0, KEY) == key:
                    return root.child(i)
        return None

    def select_key(self, key: tuple) -> bool:
        item = self._item_of(key)
        if item is not None:
            self.tree.setCurrentItem(item)
        return item is not None

    def _show_current(self, item: Optional[QTreeWidgetItem], _previous=None) -> None:
        key = item.data(0, KEY) if item is not None else None
        if not key:
            self.reports.clear_reports()
            self.hint.show()
            return
        self.hint.hide()
        if key[0] == "happening":
            view = next((v for v in self.happenings.happenings if v.ids == key[1]), None)
            if view is not None:
                self.reports.show_happening(view.report, self.happenings.date_texts)
            return
        for candidate, report in self.shown_candidates():
            if (candidate.a.id, candidate.b.id) == key[1:]:
                self.reports.show_happening(report, self.found.date_texts)
                return

    # ------------------------------------------------------------------ decisions
    def decide(self, event_a: int, event_b: int, status: str) -> bool:
        """Confirm (``same``) or reject (``different``) a pair as one undoable step."""
        try:
            push(self.undo_stack, SetClaimLink(self.workspace, event_a, event_b, status))
        except CuratorError as exc:
            self.message.emit(str(exc))
            return False
        self.message.emit("Confirmed: one happening" if status == "same" else "Marked as different happenings")
        return True

    def unlink(self, view) -> bool:
        try:
            push(self.undo_stack, UnlinkClaims(self.workspace, view.links))
        except CuratorError as exc:
            self.message.emit(str(exc))
            return False
        return True
