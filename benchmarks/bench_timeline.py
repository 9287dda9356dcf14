"""Benchmark the timeline pane: set_events time and repaint time after a zoom and a pan.

Run: .venv/bin/python benchmarks/bench_timeline.py [N ...]   (default 1000 10000 100000)
Prints one line per size; figures are wall-clock milliseconds on this machine, offscreen.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from curator.core.records import EventRow  # noqa: E402
from curator.ui.timeline.view import TimelineView  # noqa: E402


def make_rows(n: int, seed: int = 7) -> list[EventRow]:
    """n events over 50 years: 70 % single days, 25 % intervals of days to months, 5 % undated."""
    rng = random.Random(seed)
    base = dt.date(1970, 1, 1)
    rows = []
    for i in range(1, n + 1):
        roll = rng.random()
        if roll < 0.05:
            rows.append(EventRow(i, f"Event {i}", "", None, None, "", "", "", "", None))
            continue
        first = base + dt.timedelta(days=rng.randrange(50 * 365))
        last = first + dt.timedelta(days=rng.randrange(2, 200)) if roll < 0.30 else first
        rows.append(EventRow(i, f"Event {i}", first.isoformat(), first.isoformat(),
                             last.isoformat(), "", "", "", "", None))
    return rows


def repaint_ms(view: TimelineView, app: QApplication) -> float:
    """Milliseconds to render the whole pane once (what a zoom or pan step costs)."""
    start = time.perf_counter()
    view.grab()
    return (time.perf_counter() - start) * 1000.0


def main(sizes: list[int]) -> None:
    app = QApplication.instance() or QApplication([])
    view = TimelineView()
    view.resize(1400, 320)
    view.show()
    app.processEvents()
    print(f"{'events':>8} {'set_events ms':>14} {'lanes':>6} {'fit repaint ms':>15} "
          f"{'zoom repaint ms':>16} {'pan repaint ms':>15} {'update_event ms':>16}")
    for n in sizes:
        rows = make_rows(n)
        t0 = time.perf_counter()
        view.set_events(rows)
        set_ms = (time.perf_counter() - t0) * 1000.0
        app.processEvents()
        fit = repaint_ms(view, app)
        vb = view.plot_widget().getPlotItem().getViewBox()
        vb.scaleBy(x=0.02)  # zoom in 50x
        app.processEvents()
        zoom = repaint_ms(view, app)
        x0, x1 = vb.viewRange()[0]
        vb.setXRange(x0 + (x1 - x0) * 0.5, x1 + (x1 - x0) * 0.5, padding=0)
        app.processEvents()
        view._refresh_labels()
        pan = repaint_ms(view, app)
        row = rows[n // 2]
        t0 = time.perf_counter()
        view.update_event(row._replace(earliest="1999-06-01", latest="1999-06-03"))
        upd = (time.perf_counter() - t0) * 1000.0
        print(f"{n:>8} {set_ms:>14.1f} {view.lane_count():>6} {fit:>15.1f} {zoom:>16.1f} "
              f"{pan:>15.1f} {upd:>16.1f}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
