"""Start-up: how long each headless command takes, and the window's launch to first paint.

Every figure is the wall-clock time of a fresh process, launched from here, over several runs
(min / median / max). The window runs with ``CURATOR_TIMING=exit`` (see :mod:`curator.timing`):
it prints when it was built, first painted and showed the project, then closes itself the way a
user would; the figures are measured from this script's launch of the process.

    .venv/bin/python benchmarks/bench_startup.py [--runs 5] [--events 100000] [--skip-window]
                                                 [--project BIG.curator] [--source DIR]

``--source DIR`` runs the curator package found in DIR (on PYTHONPATH) instead of the installed
one: an unpacked older commit, to compare before and after under the same load (the older code
needs the timing marks for the window figures).

A project of ``--events`` events is built under /tmp with :mod:`big_project` (and deleted after)
unless ``--project`` names one. The settings live in a temporary folder (a first run would ask
for the annotator's name), and the window is offscreen.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
MARK = re.compile(r"^curator timing: [\d.]+ s  (?P<label>.+) \(epoch (?P<epoch>[\d.]+)\)$")
SAMPLE = "On 3 May 2014 the council met; two days later, in early June, talks resumed.\n" * 200


def curator(*args: str) -> list[str]:
    return [sys.executable, "-m", "curator", *args]


def run_timed(command: list[str], env: dict) -> tuple[float, dict[str, float], str]:
    """Wall seconds of ``command``, and the seconds from launch to each timing mark. It runs in
    the scratch folder: ``python -m`` puts the working folder first on the path."""
    start = time.time()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900,
                          cwd=env["HOME"])
    wall = time.time() - start
    marks = {}
    for line in done.stderr.splitlines():
        m = MARK.match(line.strip())
        if m:
            marks[m["label"]] = float(m["epoch"]) - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[2:])} exited {done.returncode}: {done.stderr.strip()[-400:]}")
    return wall, marks, done.stderr


def figures(values: list[float]) -> str:
    return (f"{1000 * min(values):7.0f} {1000 * statistics.median(values):7.0f} "
            f"{1000 * max(values):7.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--project", help="a big project to open instead of building one")
    parser.add_argument("--skip-window", action="store_true")
    parser.add_argument("--source", help="a folder holding the curator package to measure instead")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="curator-startup-"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(folder / "config"),
               XDG_DATA_HOME=str(folder / "data"), HOME=str(folder))
    if options.source:
        env["PYTHONPATH"] = str(Path(options.source).resolve())
    (folder / "config" / "Curator").mkdir(parents=True)
    (folder / "config" / "Curator" / "Curator.conf").write_text("[annotator]\nname=bench\n")
    try:
        sample = folder / "sample.txt"
        sample.write_text(SAMPLE, encoding="utf-8")
        demo = folder / "demo.curator"
        subprocess.run(curator("new", str(demo), "--demo"), env=env, check=True, capture_output=True,
                       cwd=folder)
        print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}; {options.runs} runs each;"
              "                  min  median     max")
        for label, args in (("curator --version", ["--version"]), ("curator --help", ["--help"]),
                            ("curator dates FILE", ["dates", str(sample)]),
                            ("curator stats demo", ["stats", str(demo)]),
                            ("curator check demo", ["check", str(demo)])):
            run_timed(curator(*args), env)  # warm the file cache
            walls = [run_timed(curator(*args), env)[0] for _ in range(options.runs)]
            print(f"{label:<44} {figures(walls)}")
        if options.skip_window:
            return
        big = Path(options.project) if options.project else None
        if big is None:
            from big_project import build

            big = folder / "big.curator"
            build(big, options.events)
        projects = [("demo", demo), (f"{big.stem} ({_events(big):,} events)", big)]
        window_env = dict(env, CURATOR_TIMING="exit")
        for name, path in projects:
            run_timed(curator("gui", str(path)), window_env)  # warm the file cache
            results = [run_timed(curator("gui", str(path)), window_env) for _ in range(options.runs)]
            for mark in ("window built", "first paint", "project shown", "event loop ended"):
                values = [marks[mark] for _, marks, _ in results if mark in marks]
                if values:
                    print(f"window on {name}: {mark:<24} {figures(values)}")
            print(f"window on {name}: {'process ended':<24} {figures([w for w, _, _ in results])}")
            stray = [line for _, _, err in results for line in err.splitlines()
                     if "QThread" in line or "Traceback" in line]
            if stray:
                print(f"  !! {stray[0]}")
        print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} at the end")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _events(path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM event WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        conn.close()


if __name__ == "__main__":
    main()
