"""Screenshots of the real window's timeline on a large project: full range and one month, with no
lanes and with lanes by actor.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/timeline_screenshots.py PROJECT OUT [--month 2016-03]

Writes OUT-full.png, OUT-month.png, OUT-actor-full.png, OUT-actor-month.png (the timeline pane)
and the same with -window (the whole 1600x1000 window). Make a project with
``benchmarks/big_project.py``.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QCoreApplication, QThread  # noqa: E402

from curator.commands.gui import render_window, wait_for_views  # noqa: E402
from curator.core.project import Project  # noqa: E402
from curator.ui import app  # noqa: E402
from curator.ui.main_window import MainWindow  # noqa: E402
from curator.ui.timeline.layout import iso_day_to_seconds  # noqa: E402


def settle(window) -> None:
    wait_for_views(window)
    for _ in range(5):
        QCoreApplication.processEvents()
    QThread.msleep(200)  # past the pause after which marks are packed for the exact zoom
    for _ in range(5):
        QCoreApplication.processEvents()
    window.timeline.refresh_titles()


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path, out = argv[0], argv[1]
    month = argv[argv.index("--month") + 1] if "--month" in argv else "2016-03"
    first = np.datetime64(month, "M")
    x0 = iso_day_to_seconds(str(first.astype("datetime64[D]")))
    x1 = iso_day_to_seconds(str((first + 1).astype("datetime64[D]")))
    app.ensure_application()
    start = time.perf_counter()
    window = MainWindow(Project.open(path), remember=False)
    print(f"window built in {time.perf_counter() - start:.1f} s", flush=True)
    try:
        for lanes, tag in (("none", "full"), ("none", "month"), ("actor", "actor-full"),
                           ("actor", "actor-month")):
            window.timeline.set_lane_mode(lanes)
            render_window(window, (1600, 1000), f"{out}-{tag}-window.png")
            if tag.endswith("month"):
                window.timeline.set_x_range(x0, x1)
            else:
                window.timeline.zoom_to_fit()
            settle(window)
            window.grab().save(f"{out}-{tag}-window.png")
            window.timeline.grab().save(f"{out}-{tag}.png")
            modes = sorted(set(window.timeline.lane_modes().values()))
            print(f"{tag}: lanes show {' and '.join(modes)}", flush=True)
    finally:
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
