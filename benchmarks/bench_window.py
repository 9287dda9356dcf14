"""The main window on a large project: open, sort, filter, edit a cell, select an event.

Builds a project of N events (default 100,000) with evidence spans and dates spread over ten
years (imported in bulk), then times the window's work on the GUI thread, offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_window.py [N]
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from bench_exchange import make_export  # noqa: E402

from curator.core import Project  # noqa: E402
from curator.exchange.json_format import import_json  # noqa: E402


def spread_dates(data: dict, seed: int = 7) -> None:
    rng = random.Random(seed)
    for event in data["events"]:
        first = date(2010, 1, 1) + timedelta(days=rng.randrange(3650))
        last = first + timedelta(days=rng.choice((0, 0, 0, 2, 9, 30)))
        event["earliest"], event["latest"] = first.isoformat(), last.isoformat()
        event["edtf"] = first.isoformat() if first == last else f"{first}/{last}"
        event["date_text"] = event["edtf"]
        event["title"] = f"event {rng.randrange(10**6):06d}"


def timed(label: str, fn) -> None:
    start = time.perf_counter()
    fn()
    print(f"{label:<38} {1000 * (time.perf_counter() - start):9.0f} ms")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    folder = Path(tempfile.mkdtemp(prefix="curator-bench-"))
    data = make_export(n)
    spread_dates(data)
    source = folder / "in.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    path = folder / "big.curator"
    with Project.create(path) as project:
        import_json(project, source)
    print(f"events: {n:,}")

    from PySide6.QtCore import QCoreApplication, Qt

    from curator.ui import app
    from curator.ui.events.table import EventColumn
    from curator.ui.main_window import MainWindow

    qt = app.ensure_application()
    project = Project.open(path)
    timed("Project.event_rows", project.event_rows)
    holder = {}

    def open_window():
        window = MainWindow(project, remember=False)
        window.resize(1600, 1000)
        window.show()
        QCoreApplication.processEvents()
        holder["w"] = window

    timed("open the window (table + timeline)", open_window)
    window = holder["w"]
    panel = window.table
    timed("sort by title", lambda: panel.view.sortByColumn(EventColumn.TITLE, Qt.AscendingOrder))
    timed("sort by date", lambda: panel.view.sortByColumn(EventColumn.DATE, Qt.AscendingOrder))
    timed("quick filter '0042'", lambda: (panel.search.setText("0042"), QCoreApplication.processEvents()))
    timed("clear the filter", lambda: (panel.search.setText(""), QCoreApplication.processEvents()))
    index = panel.proxy.index(10, EventColumn.TITLE)
    timed("edit one title (commit + refresh)", lambda: (panel.proxy.setData(index, "renamed", Qt.EditRole),
                                                         QCoreApplication.processEvents()))
    event_id = panel.model.event_ids()[n // 2]
    timed("select an event (table, text, timeline)", lambda: (window.selection.select(event_id),
                                                               QCoreApplication.processEvents()))
    window.close()
    qt.processEvents()


if __name__ == "__main__":
    main()
