"""The main window on a large project: open, first rows, sort, filter, select, edit, memory.

Builds a valid project of N events (default 100,000) with evidence, actors and places
(:mod:`window_project`, written straight with sqlite3, then listed by Curator), opens the main
window offscreen and times what a user waits for:

- open: the window constructed and shown (what runs on the GUI thread before it is usable);
- first rows: until the table shows its first rows (they come from a worker), and until the
  whole order is known;
- sort by each column (header click), filter (typing a word: until its rows are shown), clear
  the filter, select an event far down the order from the timeline's side (``selection.select``:
  until its row is current and drawn), edit a cell (the undo command commits, the row is read
  again and moved where the order wants it);
- the longest the GUI thread was blocked while waiting for the workers (a 5 ms heartbeat), and
  the peak memory of the process (ru_maxrss).

- the timeline: its first picture and its whole load (read on a worker, see
  :mod:`curator.ui.timeline.binding`).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_window.py [N] [--keep PATH]

``--keep PATH`` builds the project at PATH once (in a child process, so that the build's memory
is not counted) and reuses it afterwards (delete it yourself).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from curator.core import Project  # noqa: E402

WORDS = ("talks", "alada", "a")  # a phrase word (~1/15 of titles), a name prefix, one letter


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Stopwatch:
    """Waits for conditions while the Qt event loop runs, measuring the longest stall."""

    def __init__(self, qt):
        from PySide6.QtCore import QTimer

        self.qt = qt
        self.last = time.perf_counter()
        self.longest = self.step = 0.0
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._beat)
        self.timer.start()

    def _beat(self) -> None:
        now = time.perf_counter()
        gap = now - self.last
        self.longest = max(self.longest, gap)
        self.step = max(self.step, gap)
        self.last = now

    def reset(self) -> None:
        """Start a step: its longest stall is measured from now."""
        self.last = time.perf_counter()
        self.step = 0.0

    def stall(self) -> str:
        """The longest the GUI thread was blocked in the step (the gap up to now included)."""
        self._beat()
        return f"(GUI blocked at most {1000 * self.step:.0f} ms)"

    def until(self, condition, limit: float = 120.0) -> float:
        """Seconds until ``condition()`` holds, the event loop running meanwhile."""
        from PySide6.QtCore import QEventLoop

        start = time.perf_counter()
        while not condition():  # the heartbeat wakes the loop every 5 ms; a busy loop here
            # would hold the GIL and a core the workers need (a real event loop sleeps)
            self.qt.processEvents(QEventLoop.AllEvents | QEventLoop.WaitForMoreEvents)
            if time.perf_counter() - start > limit:
                raise TimeoutError("gave up waiting")
        return time.perf_counter() - start


def line(label: str, seconds: float, extra: str = "") -> None:
    print(f"{label:<44} {1000 * seconds:7.0f} ms  {extra}", flush=True)


def run(path: Path) -> None:
    from PySide6.QtCore import Qt

    from curator.ui import app
    from curator.ui.events.columns import EventColumn

    qt = app.ensure_application()
    from curator.ui.main_window import MainWindow

    start = time.perf_counter()
    project = Project.open(path)
    line("Project.open", time.perf_counter() - start)
    watch = Stopwatch(qt)
    start = time.perf_counter()
    window = MainWindow(project, remember=False)
    window.resize(1600, 1000)
    window.show()
    qt.processEvents()
    line("open (window shown and usable)", time.perf_counter() - start)
    watch.longest = 0.0  # stalls of the shown window (its construction is the "open" figure)
    panel, model = window.table, window.table.model
    watch.reset()
    line("  first rows shown", time.perf_counter() - start
         + watch.until(lambda: model.rowCount() and model.row_at(0) is not None))
    line("  whole order known", time.perf_counter() - start + watch.until(lambda: not model.loading),
         watch.stall())
    print(f"  rows: {model.rowCount():,}")
    binding, timeline = window.timeline_binding, window.timeline
    line("  timeline: first picture", time.perf_counter() - start
         + watch.until(lambda: timeline.store().dated_count() > 0, limit=300))
    line("  timeline: every event read", time.perf_counter() - start
         + watch.until(binding.is_idle, limit=300), watch.stall())

    def settled():
        return not model.loading

    for column in EventColumn:
        for order in (Qt.AscendingOrder, Qt.DescendingOrder):
            watch.reset()
            panel.view.sortByColumn(column, order)
            first = watch.until(lambda: model.shown_order == model.order and model.rowCount()
                                and model.row_at(0) is not None)
            whole = first + watch.until(settled)
            name = f"sort by {column.header.lower()} {'desc' if order == Qt.DescendingOrder else 'asc'}"
            line(name, first, f"whole order {1000 * whole:.0f} ms {watch.stall()}")
    panel.view.sortByColumn(EventColumn.DATE, Qt.AscendingOrder)
    watch.until(settled)
    for word in WORDS:
        watch.reset()
        panel.search.setText(word)
        elapsed = watch.until(settled)
        line(f"filter {word!r} (to its rows shown)", elapsed, f"{model.rowCount():,} rows {watch.stall()}")
        watch.reset()
        panel.search.setText("")
        line("  clear the filter", watch.until(settled), watch.stall())
    far = model.event_id_at(model.rowCount() * 9 // 10)
    documents = window.documents
    watch.until(binding.is_idle)  # the window at rest: the timeline has redrawn the cleared filter
    print(f"  (the timeline's worker after the filter, until idle: {watch.stall()})")
    watch.reset()
    start = time.perf_counter()
    window.selection.select(far)  # the table, timeline and inspector follow at once
    handled = time.perf_counter() - start
    for widget in (panel.view.viewport(), timeline, window.inspector):
        widget.repaint()  # drawn now, as the event loop would next
    line("select an event far away (timeline's side)", time.perf_counter() - start,
         f"row {model.row_of(far):,}: selected ({1000 * handled:.0f} ms) and drawn in the table, "
         "timeline and inspector")
    line("  ... and its document's text shown", time.perf_counter() - start + watch.until(
        lambda: documents.document_id in window.workspace.evidence_documents(far)
        and not documents._switch_timer.isActive()), watch.stall())
    line("  ... and the text's highlights drawn", time.perf_counter() - start + watch.until(
        lambda: documents.spans.pending is None), watch.stall())
    near = model.event_id_at(model.rowCount() // 3)
    watch.reset()
    start = time.perf_counter()
    panel.view.setCurrentIndex(panel.view_index(near, EventColumn.TITLE))  # a click on its row
    for widget in (panel.view.viewport(), timeline, window.inspector):
        widget.repaint()
    line("select an event in the table", time.perf_counter() - start,
         f"timeline selected: {timeline.selected_event() == near}")
    line("  ... and its document's text shown", time.perf_counter() - start + watch.until(
        lambda: documents.document_id in window.workspace.evidence_documents(near)
        and not documents._switch_timer.isActive()), watch.stall())
    line("  ... and the text's highlights drawn", time.perf_counter() - start + watch.until(
        lambda: documents.spans.pending is None), watch.stall())
    index = panel.view_index(far, EventColumn.TITLE)
    watch.reset()
    start = time.perf_counter()
    model.setData(index, "renamed by the benchmark", Qt.EditRole)
    qt.processEvents()
    line("edit a title (commit, row read and moved)", time.perf_counter() - start,
         f"now row {model.row_of(far):,} {watch.stall()}")
    watch.reset()
    start = time.perf_counter()
    window.undo_stack.undo()
    qt.processEvents()
    line("undo it", time.perf_counter() - start, watch.stall())
    watch.reset()
    watch.until(settled)
    watch.until(binding.is_idle)
    print(f"  after the undo, until the workers are idle: {watch.stall()}")
    print(f"longest GUI stall over the whole run: {1000 * watch.longest:.0f} ms")
    start = time.perf_counter()
    window.close()
    qt.processEvents()
    line("close (every worker stopped)", time.perf_counter() - start)
    print(f"peak memory (ru_maxrss): {peak_mib():.0f} MiB")


def main() -> None:
    args = sys.argv[1:]
    keep = None
    if "--keep" in args:
        at = args.index("--keep")
        keep = Path(args[at + 1])
        del args[at:at + 2]
    n = int(args[0]) if args else 100_000
    load = os.getloadavg()
    print(f"events: {n:,}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    if keep is not None and keep.exists():
        path = keep
    else:
        path = keep or Path(tempfile.mkdtemp(prefix="curator-bench-")) / "big.curator"
        started = time.perf_counter()
        subprocess.run([sys.executable, str(Path(__file__).parent / "window_project.py"), str(n),
                        str(path)], check=True)
        print(f"built in {time.perf_counter() - started:.1f} s: {path}", flush=True)
    try:
        run(path)
    finally:
        if keep is None:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
