"""Start-up timing marks, printed on stderr when ``CURATOR_TIMING`` is set (Qt-free, stdlib only).

    CURATOR_TIMING=1 curator gui big.curator
    curator timing: 0.412 s  window built (epoch 1765116131.204)
    curator timing: 0.538 s  first paint (epoch 1765116131.330)
    curator timing: 1.921 s  project shown (epoch 1765116132.713)

Each line gives the seconds since the process started (read from ``/proc`` on Linux, else since
this module was first imported) and the wall-clock time, so a script that launched the process
can subtract its own launch time (``benchmarks/bench_startup.py`` does). ``CURATOR_TIMING=exit``
also closes the window once the project is shown, the way a user would, so that a script can time
a whole launch, load and exit.
"""

from __future__ import annotations

import os
import sys
import time

ENV = "CURATOR_TIMING"
_IMPORTED = time.time()
_start: float | None = None


def enabled() -> bool:
    return bool(os.environ.get(ENV))


def exit_when_shown() -> bool:
    """``CURATOR_TIMING=exit``: close the window once the project is shown."""
    return os.environ.get(ENV, "").strip().lower() == "exit"


def process_start() -> float:
    """The wall-clock time this process started: from ``/proc`` where there is one (the
    interpreter's own start-up counts), else when this module was first imported."""
    try:
        with open(f"/proc/{os.getpid()}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        ticks = int(fields[19])  # field 22, starttime, in clock ticks after boot
        with open("/proc/uptime", "rb") as uptime:
            since_boot = float(uptime.read().split()[0])
        return time.time() - since_boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return _IMPORTED


def mark(label: str) -> None:
    """Print ``label`` with the time since the process started, when timing is on."""
    global _start
    if not enabled():
        return
    now = time.time()
    if _start is None:
        _start = process_start()
    sys.stderr.write(f"curator timing: {now - _start:.3f} s  {label} (epoch {now:.3f})\n")
    sys.stderr.flush()
