"""How long an import of N events (default 100,000) keeps other writers out, and what a small edit
made meanwhile (as the window makes one) waits.

The import runs as a real second process (`curator import`); this process probes the project's
write lock every few milliseconds (``BEGIN IMMEDIATE`` with no busy timeout, then ``ROLLBACK``)
and, half a second after the import first took the lock, makes one small edit that waits for the lock as long as it
takes. Prints:

  import       wall time of `curator import` (process start to exit)
  lock held    the longest stretch the probe could not take the lock, and the sum of all
  small edit   how long the edit waited for the lock, from its first attempt to its commit

    .venv/bin/python benchmarks/bench_concurrency.py [N]

It uses only what older versions have too: with PYTHONPATH set to an older checkout, the import
and the edit run that version, for a before/after comparison. Figures swing with the machine's
load: compare runs made one after the other, several times.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_exchange import make_export

from curator.core import Project

PROBE_S = 0.005


def probe(path: Path, stop: threading.Event, spans: list[tuple[float, float]], held: threading.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None, timeout=0)
    held_since = None
    while not stop.is_set():
        now = time.perf_counter()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            if held_since is not None:
                spans.append((held_since, now))
                held_since = None
        except sqlite3.OperationalError:
            if held_since is None:
                held_since = now
                held.set()
        time.sleep(PROBE_S)
    if held_since is not None:
        spans.append((held_since, time.perf_counter()))
    conn.close()


def main(n: int) -> None:
    data = make_export(n)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "in.json"
        source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        path = tmp / "p.curator"
        with Project.create(path) as project:
            event_id = project.add_event("a small edit lands here")
        stop, spans, held = threading.Event(), [], threading.Event()
        prober = threading.Thread(target=probe, args=(path, stop, spans, held))
        prober.start()
        t0 = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "curator", "import", str(path), str(source)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp,
                                 env=dict(os.environ, PYTHONUNBUFFERED="1"))
        held.wait(600)  # the import has taken the lock
        time.sleep(0.5)
        editor = Project(path)  # waits up to the busy timeout (10 s)
        t_edit = time.perf_counter()
        editor.update_event(event_id, title="edited while the import ran")
        edit_wait = time.perf_counter() - t_edit
        editor.close()
        _, err = child.communicate()
        wall = time.perf_counter() - t0
        stop.set()
        prober.join()
        version = subprocess.run([sys.executable, "-c", "import curator; print(curator.__file__)"],
                                 capture_output=True, text=True, cwd=tmp).stdout.strip()
        if child.returncode:
            raise SystemExit(f"the import failed: {err.decode()}")
        with Project(path) as project:
            assert project.event(event_id).title == "edited while the import ran"
            events = project.stats()["events"]
    held = [end - start for start, end in spans]
    print(f"code imported by the second process: {version}")
    print(f"events imported: {events - 1:,} (each with a span and an evidence link)")
    print(f"import (second process):      {wall:7.2f} s   (load average {os.getloadavg()[0]:.1f})")
    print(f"lock held, longest stretch:   {max(held, default=0):7.2f} s")
    print(f"lock held, all stretches:     {sum(held):7.2f} s")
    print(f"small edit made 0.5 s into the first stretch waited {edit_wait:5.2f} s for the lock")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
