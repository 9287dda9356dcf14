"""Edits that wait for the lock: the window never drops an edit because another program writes.

SQLite lets one connection write at a time. When another program (a `curator import` of 165,000
events, another Curator window, the window's own import on its worker) holds the write lock,
an edit made in the window cannot be saved yet. The GUI thread does not sit in SQLite's busy
handler for that (its writes make one ~40 ms attempt: :func:`curator.core.locking.gui_policy`);
instead :class:`PendingWrites` keeps the edit (the undo command, not applied at all), shows it
as pending (the table cell and the inspector field keep the typed value, marked; the status bar
says why, with Cancel), and tries again every :data:`RETRY_MS` on a timer, one short attempt each
time. Once it gets the lock the edit is applied in one transaction and pushed on the undo stack
as usual. Edits keep their order: while one waits, later ones (and Undo/Redo) queue behind it.

An edit that fails for another reason when it is finally applied (its event was deleted by the
other program, say) is dropped with that reason in the status bar, never silently.

    pending = PendingWrites(workspace, undo_stack)     # the main window makes one
    pending.submit(command, "Title of “Battle”")       # True: saved now; False: waiting
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack

from curator.core.errors import CuratorError
from curator.core.locking import ProjectBusy
from curator.ui.store import commands
from curator.ui.store.workspace import Workspace

RETRY_MS = 500


@dataclass
class PendingOp:
    """One queued step: an edit to apply and push, or an Undo/Redo to make."""

    kind: str  # "push", "undo" or "redo"
    what: str  # for messages: "Title of “Battle of Aleppo”", "Undo"
    command: Optional[commands.WorkspaceCommand] = None

    def shown(self) -> list[tuple[int, str, str]]:
        """(event id, field, typed text) the views show as pending."""
        return self.command.pending_display() if self.command is not None else []


class PendingWrites(QObject):
    """The window's queue of edits waiting for the project's write lock."""

    changed = Signal()  # the queue changed: views re-show pending values
    saved = Signal(str)  # waiting edits were saved (a message for the status bar)
    failed = Signal(str)  # a waiting edit could not be applied, with the reason (it is dropped)

    def __init__(self, workspace: Workspace, undo_stack: QUndoStack, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.workspace, self.undo_stack = workspace, undo_stack
        self._queue: list[PendingOp] = []
        self._held = 0  # >0 while the window's own import or merge writes (see hold())
        self.writer = ""  # who holds the lock, when the window knows ("the import of a.json")
        self.last_reason = ""
        self._project = workspace._project
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self.flush)
        commands.register_pending(undo_stack, self)
        workspace.projectReplaced.connect(self._on_project_replaced)

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        return len(self._queue)

    def __bool__(self) -> bool:  # an empty queue is still a queue
        return True

    @property
    def waiting(self) -> bool:
        return bool(self._queue)

    def descriptions(self) -> list[str]:
        return [op.what for op in self._queue]

    def pending_text(self, event_id: int, field: str) -> Optional[str]:
        """The latest value typed for ``field`` of the event that is waiting to be saved."""
        found = None
        for op in self._queue:
            for shown_id, shown_field, text in op.shown():
                if shown_id == event_id and shown_field == field:
                    found = text
        return found

    def pending_events(self) -> set[int]:
        return {event_id for op in self._queue for event_id, _, _ in op.shown()}

    def reason(self, short: bool = False) -> str:
        """Why edits wait, in words for the status bar (``short``: without the file's name)."""
        name = self.workspace.path.name if self.workspace.path is not None else "the project"
        where = "this project" if short else name
        if self.writer:
            return f"{self.writer} is writing to {where}"
        return (f"another program is writing to {where}" if short else
                f"another program (or another Curator window) is writing to {where}")

    # ------------------------------------------------------------------ changing
    def submit(self, command: commands.WorkspaceCommand, what: str = "") -> bool:
        """Apply ``command`` now and push it on the undo stack (True), or, while another program
        holds the lock, keep it waiting (False). Other errors are raised as push() raises them."""
        op = PendingOp("push", what or command.text(), command)
        if self.flush() and not self._held:
            try:
                self._run(op)
                return True
            except ProjectBusy as exc:
                self.last_reason = str(exc)
        self._enqueue(op)
        return False

    def undo(self) -> bool:
        """Edit > Undo: made now (True) or after the edits still waiting (False)."""
        last = next((op.what for op in reversed(self._queue) if op.kind == "push"), "")
        return self._step("undo", f"Undo of “{last or self.undo_stack.undoText()}”")

    def redo(self) -> bool:
        return self._step("redo", f"Redo of “{self.undo_stack.redoText()}”")

    def _step(self, kind: str, what: str) -> bool:
        op = PendingOp(kind, what)
        if self.flush() and not self._held:
            try:
                self._run(op)
                return True
            except ProjectBusy:
                pass
        self._enqueue(op)
        return False

    def cancel_all(self) -> list[str]:
        """Drop every waiting edit (nothing of them was written); what was dropped."""
        dropped = self.descriptions()
        self._queue.clear()
        self._timer.stop()
        if dropped:
            self.changed.emit()
        return dropped

    def hold(self, writer: str = "") -> None:
        """The window's own import or merge is writing: keep edits waiting without retrying,
        until :meth:`release` (after that run's views were refreshed and its undo history cleared,
        so the waiting edits land on the fresh history)."""
        self._held += 1
        self.writer = writer
        self._timer.stop()

    def release(self) -> None:
        self._held = max(0, self._held - 1)
        if not self._held:
            self.writer = ""
            if self._queue:
                self.flush()

    def flush(self) -> bool:
        """Try the waiting steps in order; True when none is left waiting. Each try is one short
        attempt at the lock, so the GUI thread never waits for another program."""
        if self._held:
            return not self._queue
        done: list[str] = []
        while self._queue:
            op = self._queue[0]
            try:
                self._run(op)
            except ProjectBusy as exc:
                self.last_reason = str(exc)
                break
            except CuratorError as exc:
                self._queue.pop(0)
                self.failed.emit(f"{op.what} not saved: {exc}")
                continue
            except Exception as exc:  # noqa: BLE001 - said, never dropped silently
                self._queue.pop(0)
                self.failed.emit(f"{op.what} not saved: unexpected error: {exc!r}")
                continue
            self._queue.pop(0)
            done.append(op.what)
        if not self._queue:
            self._timer.stop()
        if done:
            self.changed.emit()
            self.saved.emit(f"Saved {done[0]}, which waited for another program" if len(done) == 1
                            else f"Saved {len(done)} edits that waited for another program")
        return not self._queue

    # ------------------------------------------------------------------ internals
    def _enqueue(self, op: PendingOp) -> None:
        self._queue.append(op)
        if not self._held:
            self._timer.start()
        self.changed.emit()

    def _run(self, op: PendingOp) -> None:
        if op.kind == "push":
            commands.apply_and_push(self.undo_stack, op.command)
        else:
            with self.workspace.batch():
                getattr(self.undo_stack, op.kind)()

    def _on_project_replaced(self) -> None:
        if self.workspace._project is self._project:
            return  # the same project re-read (after an import): its edits still apply
        self._project = self.workspace._project
        dropped = self.cancel_all()
        if dropped:
            self.failed.emit(f"Not saved (the project was closed): {', '.join(dropped)}")


def pending_actions(window, pending: PendingWrites) -> tuple[QAction, QAction, QAction]:
    """Edit > Undo and Redo that wait behind pending edits (and for the lock) instead of failing
    while another program writes; and Edit > Cancel pending edits."""
    stack = pending.undo_stack
    undo = QAction("&Undo", window)
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    redo = QAction("&Redo", window)
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    cancel = QAction("Cancel &pending edits", window)
    cancel.setStatusTip("Drop the edits that wait for another program to finish writing")

    def update() -> None:
        waiting = pending.waiting  # an Undo then waits behind the edits (and undoes the last)
        undo.setEnabled(stack.canUndo() or waiting)
        undo.setText(f"&Undo {stack.undoText()}".rstrip() if not waiting else "&Undo")
        redo.setEnabled(stack.canRedo())
        redo.setText(f"&Redo {stack.redoText()}".rstrip())
        cancel.setEnabled(pending.waiting)

    for signal in (stack.indexChanged, stack.cleanChanged, stack.canUndoChanged,
                   stack.canRedoChanged, pending.changed):
        signal.connect(lambda *_: update())
    undo.triggered.connect(lambda _=False: pending.undo())
    redo.triggered.connect(lambda _=False: pending.redo())
    cancel.triggered.connect(lambda _=False: pending.cancel_all())
    update()
    return undo, redo, cancel
