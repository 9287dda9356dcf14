"""Typed event fields at scale (schema 8): writing values, sorting and filtering by a field, the
migration from schema 7, and (optionally) the window and the JSON exchange.

Builds (or reuses, ``--keep PATH``) the project of :mod:`window_project` (N events, default
100,000), copies it to ``PATH.fields.curator`` and there:

- applies the conflict template and gives every event 3 values (fatalities as a figure of every
  form, an event type, a place with coordinates) with one :meth:`Project.set_field_values` call
  (the facade: every value read by its field's kind, one transaction);
- times the listing's questions by a field (SQL over the values' indexes) beside the same
  questions by the title (the listing's own index): every event in order, the first page, an
  event's row, the sort keys of a search probe, filters by a figure's range and by choices;
- makes a schema 7 file of it (the three tables dropped) and times the upgrade (backup copy
  included, then the step alone);
- ``--window``: the main window offscreen: sort by the fatalities column (first page, whole
  order), filter by a figure, with the longest GUI stall;
- ``--exchange``: the JSON export of the project with its values, and its import into a new
  project.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_fields.py [N] [--keep PATH] [--window] [--exchange]
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from curator.core import Project  # noqa: E402
from curator.core import database as db  # noqa: E402
from curator.core.conflict_template import EVENT_TYPES, SUB_EVENT_TYPES  # noqa: E402
from curator.core.event_query import EventQuery, FieldFilter  # noqa: E402
from curator.core.listing import ListingOrder  # noqa: E402

FIGURES = ("{n}", "at least {n}", "about {n}", "{n}–{m}", "more than {n}", "fewer than {n}", "{n:,}")


def line(label: str, seconds: float, extra: str = "") -> None:
    print(f"{label:<52} {1000 * seconds:8.1f} ms  {extra}", flush=True)


def timed(call, repeat: int = 3) -> tuple[float, object]:
    """(the median of ``repeat`` runs in seconds, the last result)."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def give_values(path: Path) -> None:
    with Project.open(path, annotator="bench") as p:
        p.apply_field_template("conflict")
        f = {x.name: x.id for x in p.fields()}
        ids = p.matching_event_ids(EventQuery())
        items = []
        for i, e in enumerate(ids):
            n = (i * 7919) % 2000
            items.append((e, f["fatalities"], FIGURES[i % len(FIGURES)].format(n=n, m=n + 50)))
            items.append((e, f["event type"], EVENT_TYPES[i % len(EVENT_TYPES)]))
            items.append((e, f["coordinates"], f"Site {i % 500} ({30 + (i % 900) / 100}, {35 + (i % 700) / 100})"))
        start = time.perf_counter()
        p.set_field_values(items)
        line(f"set {len(items):,} values (one set_field_values call)", time.perf_counter() - start,
             f"{len(items) / (time.perf_counter() - start):,.0f} values/s")
        assert SUB_EVENT_TYPES  # (the template's other choice field stays empty here)


def queries(path: Path) -> None:
    with Project.open(path) as p:
        fields = {x.name: x.id for x in p.fields()}
        fatal, kind = fields["fatalities"], fields["event type"]
        print(f"  events {p.count_events():,}, values {p.stats()['field_values']:,}")
        orders = (("title (the listing's index)", ListingOrder("title")),
                  ("fatalities (number index)", ListingOrder.by_field(fatal, True)),
                  ("fatalities descending", ListingOrder.by_field(fatal, True, True)),
                  ("event type (text index)", ListingOrder.by_field(kind, False)))
        for name, order in orders:
            took, (ids, present) = timed(lambda: p.event_order(order))
            line(f"every event in order by {name}", took, f"{present:,} with a key")
            took, rows = timed(lambda: p.event_page(EventQuery(), order, 0, 200))
            line(f"  first page (200 rows)", took)
            far = int(ids[len(ids) * 9 // 10])
            took, at = timed(lambda: p.event_position(EventQuery(), order, far))
            line(f"  an event's row (9/10 down)", took, f"row {at:,}")
            probe = [int(i) for i in ids[:: max(1, len(ids) // 32)][:32]]
            took, _ = timed(lambda: p.event_sort_keys(probe, order))
            line(f"  sort keys of 32 events (one search probe)", took)
        filters = (("fatalities ≥ 1,000", FieldFilter(fatal, at_least=1000)),
                   ("fatalities 100–200", FieldFilter(fatal, at_least=100, at_most=200)),
                   ("event type: Battles, Riots", FieldFilter(kind, choices=("Battles", "Riots"))),
                   ("no fatalities", FieldFilter(fatal, has_value=False)))
        for name, found in filters:
            query = EventQuery(fields=(found,))
            took, ids = timed(lambda: p.matching_event_id_array(query))
            line(f"filter {name}", took, f"{len(ids):,} events")
            took, shown = timed(lambda: p.ordered_event_ids(query, ListingOrder.by_field(fatal, True)))
            line("  ... in fatalities order", took)
            took, _ = timed(lambda: p.event_page(query, ListingOrder("date"), 0, 200))
            line("  ... first page by date", took)
        words = EventQuery("talks", fields=(FieldFilter(fatal, at_least=1000),))
        took, ids = timed(lambda: p.matching_event_id_array(words))
        line("filter 'talks' and fatalities ≥ 1,000", took, f"{len(ids):,} events")


def migration(path: Path, folder: Path) -> None:
    old = folder / "seven.curator"
    shutil.copy(path, old)
    conn = sqlite3.connect(old)
    for table in ("claim_link", "event_field_value", "event_field"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    size = old.stat().st_size / 2**20
    start = time.perf_counter()
    backup = db.migrate(old)
    line(f"upgrade 7 -> 8 (backup copy included; {size:,.0f} MiB)", time.perf_counter() - start)
    backup.unlink()
    conn = sqlite3.connect(old)
    for table in ("claim_link", "event_field_value", "event_field"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    from curator.core.migrations import AddEventFields

    conn = sqlite3.connect(old, isolation_level=None)
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    AddEventFields().apply(conn)
    conn.execute("PRAGMA user_version = 8")
    conn.execute("COMMIT")
    line("  the step alone (three CREATE TABLEs, their indexes)", time.perf_counter() - start)
    conn.close()
    start = time.perf_counter()
    Project.open(old).close()
    line("  opening the upgraded file", time.perf_counter() - start)


def window(path: Path) -> None:
    from bench_window import Stopwatch
    from PySide6.QtCore import Qt

    from curator.ui import app
    from curator.ui.main_window import MainWindow

    qt = app.ensure_application()
    watch = Stopwatch(qt)
    win = MainWindow(Project.open(path), remember=False)
    win.resize(1600, 1000)
    win.show()
    model, panel = win.table.model, win.table
    watch.until(lambda: not model.loading and model.rowCount())
    watch.until(win.timeline_binding.is_idle, limit=300)
    watch.longest = 0.0  # the stalls of the steps below (opening: bench_window.py)
    column = model.column_of_field(next(f.id for f in model.fields if f.name == "fatalities"))
    for order in (Qt.AscendingOrder, Qt.DescendingOrder):
        watch.reset()
        panel.view.sortByColumn(column, order)
        first = watch.until(lambda: model.shown_order == model.order and model.row_at(0) is not None)
        whole = first + watch.until(lambda: not model.loading)
        line(f"window: sort by fatalities {'desc' if order == Qt.DescendingOrder else 'asc'}", first,
             f"whole order {1000 * whole:.0f} ms {watch.stall()}")
    field = next(f for f in model.fields if f.name == "fatalities")
    watch.reset()
    panel.set_field_filter(field.id, FieldFilter(field.id, "fatalities ≥ 1,000", at_least=1000))
    took = watch.until(lambda: not model.loading)
    line("window: filter fatalities ≥ 1,000 (to its rows)", took, f"{model.rowCount():,} rows {watch.stall()}")
    watch.reset()
    panel.set_field_filter(field.id, None)
    line("window: clear it", watch.until(lambda: not model.loading), watch.stall())
    index = model.index(model.rowCount() // 2, column)
    watch.reset()
    start = time.perf_counter()
    model.setData(index, "at least 5", Qt.EditRole)
    qt.processEvents()
    line("window: edit a fatalities cell (row moved)", time.perf_counter() - start, watch.stall())
    print(f"window: longest GUI stall over these steps: {1000 * watch.longest:.0f} ms")
    win.close()
    qt.processEvents()


def exchange(n: int, folder: Path) -> None:
    """The JSON exchange of N events with their 3 values each, against the same without them (the
    window project's uids are not canonical UUIDs, so this one starts from bench_exchange's
    generated export, imported)."""
    from bench_exchange import write_export

    from curator.exchange.json_format import export_json, import_json

    source = folder / "source.json"
    write_export(n, source)
    for with_values in (False, True):
        path = folder / f"exchange-{with_values}.curator"
        with Project.create(path) as p:
            import_json(p, source)
        if with_values:
            give_values(path)
        out = folder / f"out-{with_values}.json"
        what = "with 3 values each" if with_values else "without values"
        with Project.open(path) as p:
            start = time.perf_counter()
            export_json(p, out)
            line(f"export JSON, {what} ({out.stat().st_size / 2**20:,.0f} MiB)", time.perf_counter() - start)
        with Project.create(folder / f"imported-{with_values}.curator") as fresh:
            start = time.perf_counter()
            import_json(fresh, out)
            line(f"  import it into a new project", time.perf_counter() - start)


def main() -> None:
    args = sys.argv[1:]
    keep = None
    if "--keep" in args:
        at = args.index("--keep")
        keep = Path(args[at + 1])
        del args[at:at + 2]
    flags = {a for a in args if a.startswith("--")}
    args = [a for a in args if not a.startswith("--")]
    n = int(args[0]) if args else 100_000
    load = os.getloadavg()
    print(f"events: {n:,}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="curator-bench-fields-"))
    base = keep or folder / "base.curator"
    if not base.exists():
        started = time.perf_counter()
        subprocess.run([sys.executable, str(Path(__file__).parent / "window_project.py"), str(n), str(base)],
                       check=True)
        print(f"built in {time.perf_counter() - started:.1f} s: {base}", flush=True)
    path = Path(str(base) + ".fields.curator")
    try:
        if not path.exists():
            shutil.copy(base, path)
            give_values(path)
        queries(path)
        migration(path, folder)
        if "--window" in flags:
            window(path)
        if "--exchange" in flags:
            exchange(n, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if keep is None:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
