"""Benchmark the timeline at scale: load on the worker, frames while panning and zooming at every
zoom level (lanes none / actor / document), selection latency, memory.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_timeline.py [N ...] [--keep DIR]

N defaults to 10000 100000 1000000. Each project is generated straight into SQLite
(benchmarks/big_project.py: evidence, actors, places; ``curator check`` passes) under /tmp and
deleted afterwards (``--keep DIR`` keeps them there and reuses them). Figures are wall-clock
milliseconds on this machine, offscreen; a frame is one view change (setXRange: the level of
detail, listing, packing or binning it needs) plus a render (grab) of the widgets a pan or zoom
repaints: the plot, the date axis and the overview strip (the header and lane names stay).
"""

from __future__ import annotations

import gc
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
from big_project import build  # noqa: E402
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QThread, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from curator.core import Project  # noqa: E402
from curator.core.timeline_columns import TimelineColumns  # noqa: E402
from curator.ui.timeline.layout import DAY  # noqa: E402
from curator.ui.timeline.store import TimelineStore  # noqa: E402
from curator.ui.timeline.view import TimelineView  # noqa: E402

PANE = (1600, 320)  # the timeline pane of a 1600x1000 window


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def pct(values: list[float]) -> str:
    a = np.array(values)
    return f"p50 {np.percentile(a, 50):5.1f}  p95 {np.percentile(a, 95):5.1f}  max {a.max():5.1f}"


def load_on_worker(path: Path, by: str) -> tuple[float, float, TimelineStore]:
    """Load with the window's binding pieces: (seconds until the store is shown, longest gap
    between GUI-thread timer ticks in ms, the store). The GUI thread only waits here."""
    from curator.ui.timeline.loader import TimelineJob
    from curator.ui.store.project_job import JobKeeper

    got = {}
    job = TimelineJob(path, 1, "load", TimelineStore.build(TimelineColumns.empty()), by, None)
    job.found.connect(lambda g, store: got.setdefault("store", store))
    ticks = QElapsedTimer()
    ticks.start()
    gaps = [0.0]
    last = [0.0]

    def tick():
        now = ticks.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    keeper = JobKeeper()
    start = time.perf_counter()
    keeper.start(job)
    while "store" not in got:
        QCoreApplication.processEvents()
        QThread.msleep(1)
    seconds = time.perf_counter() - start
    timer.stop()
    keeper.wait_all()
    return seconds, max(gaps), got["store"]


def frame(view: TimelineView, x0: float, x1: float) -> float:
    """One frame: the view change, then a render of what it repaints (plot, axis, overview)."""
    t = time.perf_counter()
    view.set_x_range(x0, x1)
    for widget in view.frame_widgets():
        widget.grab()
    return (time.perf_counter() - t) * 1000.0


def frames(view: TimelineView, store: TimelineStore) -> tuple[list[float], list[float], dict]:
    """Zoom from the whole extent to a day and back (every step 0.8x), then pan at each of a few
    zoom levels; returns (zoom frame ms, pan frame ms, share of frames per mode)."""
    lo, hi = store.extent()
    x0, x1 = lo * DAY, (hi + 1) * DAY
    rng = random.Random(3)
    zooms, pans, modes = [], [], {"marks": 0, "density": 0}
    mid = x0 + (x1 - x0) * 0.62
    span = x1 - x0
    spans = []
    while span > 1.5 * DAY:
        spans.append(span)
        span *= 0.8
    for s in spans + spans[::-1]:
        zooms.append(frame(view, mid - s / 2, mid + s / 2))
        for mode in view.lane_modes().values():
            modes[mode] += 1
    for s in spans[::4]:
        centre = x0 + rng.random() * (x1 - x0)
        for k in range(12):
            c = centre + (k - 6) * s * 0.07
            pans.append(frame(view, c - s / 2, c + s / 2))
    return zooms, pans, modes


def main(argv: list[str]) -> None:
    keep = None
    if "--keep" in argv:
        keep = Path(argv[argv.index("--keep") + 1])
        argv = argv[:argv.index("--keep")] + argv[argv.index("--keep") + 2:]
    sizes = [int(a) for a in argv] or [10_000, 100_000, 1_000_000]
    app = QApplication.instance() or QApplication([])
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    for n in sizes:
        folder = keep or Path(tempfile.mkdtemp(prefix="curator-bench-timeline-"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"timeline-{n}.curator"
        try:
            if not path.exists():
                t = time.perf_counter()
                build(path, n)
                print(f"\n{n:,} events: project generated in {time.perf_counter() - t:.1f} s")
            else:
                print(f"\n{n:,} events: {path}")
            with Project.open(path) as project:
                t = time.perf_counter()
                columns = project.timeline_columns()
                read = time.perf_counter() - t
                t = time.perf_counter()
                store = TimelineStore.build(columns)
                built = time.perf_counter() - t
                print(f"  read columns {read * 1000:7.0f} ms   index {built * 1000:6.0f} ms   "
                      f"({len(columns):,} dated, {len(columns.undated):,} undated)")
                lanes = {}
                for by in ("actor", "document"):
                    t = time.perf_counter()
                    got = project.timeline_lanes(by)
                    read = time.perf_counter() - t
                    t = time.perf_counter()
                    lanes[by] = store.with_lanes(got)
                    print(f"  lanes by {by:<8} read {read * 1000:6.0f} ms   index "
                          f"{(time.perf_counter() - t) * 1000:6.0f} ms   ({len(got):,} marks, "
                          f"{len(got.names):,} lanes)")
            del columns
            for by in ("none", "actor"):
                seconds, gap, _ = load_on_worker(path, by)
                print(f"  worker load, lanes {by:<8} {seconds * 1000:7.0f} ms to the picture; "
                      f"GUI thread never blocked more than {gap:.0f} ms")
            gc.collect()
            view = TimelineView()
            view.resize(*PANE)
            view.show()
            app.processEvents()
            for by, shown in (("none", store), ("actor", lanes["actor"]), ("document", lanes["document"])):
                view.set_store(shown, fit=True)
                app.processEvents()
                zooms, pans, modes = frames(view, shown)
                print(f"  frames lanes {by:<8} zoom ({len(zooms)}) {pct(zooms)} | pan ({len(pans)}) "
                      f"{pct(pans)} | marks {modes['marks']} / density {modes['density']} lane-frames")
            view.set_store(store, fit=True)
            app.processEvents()
            ids = store.events.base.marks.ids
            rng = np.random.default_rng(5)
            times, painted = [], []
            for event_id in rng.choice(ids, 30).tolist():
                view.zoom_to_fit()
                t = time.perf_counter()
                view.select_event(int(event_id))
                times.append((time.perf_counter() - t) * 1000)
                for widget in view.frame_widgets():
                    widget.grab()
                painted.append((time.perf_counter() - t) * 1000)
            print(f"  select an event: {pct(times)} ms   (with the repaint: {pct(painted)} ms)")
            memory = store.events.nbytes() + sum(s.lanes.nbytes() for s in lanes.values())
            print(f"  arrays held: {memory / 1e6:.0f} MB (events + lanes by actor and document); "
                  f"peak RSS of this process so far {rss_mb():.0f} MB")
            view.close()
            del view, store, lanes, shown
            gc.collect()
        finally:
            if keep is None:
                shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
