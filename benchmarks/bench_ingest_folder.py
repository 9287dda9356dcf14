"""Adding a folder of 1,000 mixed documents (about 500 MB): reading speed per kind, one process
against the pool (curator.ingest.batch), and the real Add folder… dialog driven offscreen: how
long it takes until the preview is complete, and the longest the GUI thread was blocked (a 5 ms
heartbeat, as bench_window does) while the files were read and while the preview filled.
Prints figures; no thresholds. Needs the test extra (fpdf2 writes the PDFs).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ingest_folder.py [SCALE] [--keep DIR]

SCALE (default 1.0) multiplies the number of files; --keep DIR writes the folder once and reuses it.
Do not run it beside the test suite: it wants both cores.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_ingest as gen  # noqa: E402

MB = 1e6


def eml_with_attachment(tag: int) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.org", "b@example.org", f"Report {tag}"
    message["Date"] = "Fri, 20 Jul 2012 09:15:00 +0300"
    message.set_content(f"Report {tag}.\n\n" + "\n\n".join(gen.PARAGRAPH for _ in range(40)))
    message.add_attachment(os.urandom(1_100_000), maintype="application", subtype="pdf", filename="scan.pdf")
    return message.as_bytes()


# kind: (count per 1,000, suffix, maker(tag) -> bytes)
MIX = {
    "pdf": (150, ".pdf", lambda tag: gen.pdf(3)),
    "docx": (150, ".docx", lambda tag: gen.docx(300)),
    "odt": (100, ".odt", lambda tag: gen.odt(300)),
    "html": (150, ".html", lambda tag: gen.html(600).replace(b"<title>Siege", f"<title>Siege {tag}".encode())),
    "eml": (150, ".eml", eml_with_attachment),
    "mbox": (50, ".mbox", lambda tag: gen.mbox(45)),
    "rtf": (100, ".rtf", lambda tag: gen.rtf(300).replace(b"\\f0 ", f"\\f0 Report {tag}.\\par\n".encode(), 1)),
    "text": (150, ".txt", lambda tag: f"Report {tag}.\n\n".encode("cp1251") + gen.text(1000)),
}


def build(folder: Path, scale: float) -> dict[str, list[Path]]:
    by_kind: dict[str, list[Path]] = {}
    cache: dict[str, bytes] = {}
    for kind, (count, suffix, make) in MIX.items():
        paths = by_kind.setdefault(kind, [])
        for number in range(max(1, round(count * scale))):
            path = folder / kind / f"{kind}-{number:04}{suffix}"
            paths.append(path)
            if path.exists():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind in ("pdf", "docx", "odt", "mbox"):  # slow to make: one, copied
                data = cache.get(kind) or cache.setdefault(kind, make(0))
            else:
                data = make(number)
            path.write_bytes(data)
    return by_kind


def per_kind(by_kind: dict[str, list[Path]]) -> None:
    from curator.ingest.batch import read_files

    read_files([by_kind["pdf"][0], by_kind["docx"][0]], workers=1)  # warm the imports
    print(f"{'kind':6} {'files':>6} {'MB':>7} | {'serial files/s':>14} {'MB/s':>6} | {'pool(2) files/s':>15} "
          f"{'MB/s':>6} {'speed-up':>8}", flush=True)
    totals = [0, 0.0, 0.0, 0.0]
    for kind, paths in by_kind.items():
        size = sum(p.stat().st_size for p in paths) / MB
        timings = []
        for workers in (1, 2):
            started = time.perf_counter()
            results = read_files(paths, workers=workers)
            timings.append(time.perf_counter() - started)
            refused = [r for r in results if not r.ok]
            assert not refused, refused[0].message
        serial, pool = timings
        totals = [totals[0] + len(paths), totals[1] + size, totals[2] + serial, totals[3] + pool]
        print(f"{kind:6} {len(paths):6} {size:7.1f} | {len(paths) / serial:14.1f} {size / serial:6.1f} | "
              f"{len(paths) / pool:15.1f} {size / pool:6.1f} {serial / pool:7.2f}x", flush=True)
    files, size, serial, pool = totals
    print(f"{'all':6} {files:6} {size:7.1f} | {files / serial:14.1f} {size / serial:6.1f} | {files / pool:15.1f} "
          f"{size / pool:6.1f} {serial / pool:7.2f}x   ({serial:.1f} s serial, {pool:.1f} s pool)", flush=True)


def dialog_run(folder: Path) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    from curator.core.project import Project
    from curator.ui import app
    from curator.ui.main_window import MainWindow
    from curator.ui.store import threads

    qt = app.ensure_application()
    project_path = Path(tempfile.mkdtemp()) / "bench.curator"
    Project.create(project_path, annotator="bench").close()
    window = MainWindow(Project.open(project_path), remember=False)
    window.resize(1400, 900)
    window.show()
    settle = time.perf_counter()  # the window loads the facade and its panels after it is shown: let it
    while not window.timeline_binding.is_idle() or time.perf_counter() - settle < 3:
        qt.processEvents(QEventLoop.AllEvents, 50)
        time.sleep(0.01)
    beat = {"last": time.perf_counter(), "longest": 0.0}

    def tick() -> None:
        now = time.perf_counter()
        beat["longest"] = max(beat["longest"], now - beat["last"])
        beat["last"] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    appends = []
    started = time.perf_counter()
    dialog = window.add_folder(folder)
    real_append = dialog.model.append

    def timed_append(entries):
        t = time.perf_counter()
        real_append(entries)
        qt.processEvents()  # the rows painted: part of filling the preview
        appends.append((time.perf_counter() - t, len(entries)))

    dialog.model.append = timed_append
    opened = time.perf_counter() - started
    beat["last"], beat["longest"] = time.perf_counter(), 0.0
    while not dialog.finished_reading:
        qt.processEvents(QEventLoop.AllEvents | QEventLoop.WaitForMoreEvents)
    elapsed = time.perf_counter() - started
    tick()
    reading_stall = beat["longest"]
    # after reading: scroll to the end and select rows (the preview of each)
    beat["last"], beat["longest"] = time.perf_counter(), 0.0
    for row in range(0, len(dialog.entries), max(1, len(dialog.entries) // 20)):
        dialog.select(row)
        dialog.table.scrollTo(dialog.model.index(row, 0))
        qt.processEvents()
    tick()
    browsing_stall = beat["longest"]
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / MB
    print(f"dialog opened in {1000 * opened:.0f} ms; {dialog.files} files ({size:.0f} MB) read and previewed in "
          f"{elapsed:.1f} s ({dialog.files / elapsed:.1f} files/s, {size / elapsed:.1f} MB/s), "
          f"{len(dialog.entries)} rows", flush=True)
    print(f"GUI thread blocked at most {1000 * reading_stall:.0f} ms while reading; preview filled in "
          f"{len(appends)} batches, the longest {1000 * max(t for t, _ in appends):.0f} ms "
          f"(largest batch {max(n for _, n in appends)} rows); browsing 20 rows: at most "
          f"{1000 * browsing_stall:.0f} ms", flush=True)
    # Add: the ticked documents written as one undoable step (by a worker, for this many)
    beat["last"], beat["longest"] = time.perf_counter(), 0.0
    started = time.perf_counter()
    dialog.add_button.click()
    clicked = time.perf_counter() - started
    by_worker = window.adding.worker is not None
    while window.adding.worker is not None:
        qt.processEvents(QEventLoop.AllEvents | QEventLoop.WaitForMoreEvents, 50)
    written = time.perf_counter() - started
    tick()
    print(f"Add: {window.statusBar().currentMessage()!r} in {written:.1f} s "
          f"({'written by a worker' if by_worker else 'on the GUI thread'}; the click returned in "
          f"{1000 * clicked:.0f} ms); GUI thread blocked at most {1000 * beat['longest']:.0f} ms", flush=True)
    threads.stop_all()
    window.close()


def main() -> None:
    args = sys.argv[1:]
    keep = None
    if "--keep" in args:
        keep = Path(args[args.index("--keep") + 1])
        del args[args.index("--keep"):args.index("--keep") + 2]
    scale = float(args[0]) if args else 1.0
    folder = keep or Path(tempfile.mkdtemp(prefix="curator-bench-folder-"))
    started = time.perf_counter()
    by_kind = build(folder, scale)
    size = sum(p.stat().st_size for paths in by_kind.values() for p in paths) / MB
    print(f"folder: {sum(map(len, by_kind.values()))} files, {size:.0f} MB (made in {time.perf_counter() - started:.0f} s)"
          f"; {os.cpu_count()} cores", flush=True)
    try:
        per_kind(by_kind)
        dialog_run(folder)
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
