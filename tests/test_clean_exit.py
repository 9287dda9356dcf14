"""Exit is clean at any size: closing the window while long work runs on workers (an import of a
large JSON file, a search that would run on) cancels that work, waits for every thread, and the
process ends with 0: no "QThread: Destroyed while thread is still running", no abort; the
cancelled import is rolled back and the project is left whole. Run in a subprocess, as a user's
session is, since an abort would take the test runner with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from curator.core.project import Project

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

SESSION = textwrap.dedent('''
    import json, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from curator.commands.gui import run_gui
    from curator.ui import app
    from curator.ui.exchange.worker import ExchangeWorker, run_with_progress
    from curator.ui.main_window import MainWindow
    from curator.ui.store import threads
    from curator.ui.store.project_job import JobKeeper, ProjectJob

    project, big = sys.argv[1], sys.argv[2]
    report = {}

    class Endless(ProjectJob):  # a search that runs until it is cancelled
        def work(self, opened):
            while not self.cancelled:
                opened.stats()

    keeper = JobKeeper()  # nobody's: only the application's exit stops it

    def start_work(window):
        worker = ExchangeWorker.import_json(project, big, "tester")  # as File > Import JSON… does
        worker.progress.connect(lambda done, total: report.setdefault("import under way", True))
        worker.failed.connect(lambda message, error: report.setdefault("import failed", message))
        worker.succeeded.connect(lambda result: report.setdefault("import done", True))
        run_with_progress(window, worker)
        window.exchange.worker = worker
        keeper.start(Endless(window.workspace.path, 1))
        report["started"] = len(threads.running())
        close_when_busy(window)

    def close_when_busy(window):
        if report.get("import under way") or "import failed" in report or "import done" in report:
            window.close()  # as the user does, in the middle of the import
            report["after close"] = len(threads.running())
        else:
            QTimer.singleShot(20, lambda: close_when_busy(window))

    def hook():  # the window `curator gui` shows: start the work once its project is shown
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        if window.workspace.has_project:
            start_work(window)
        else:
            window.opener.shown.connect(lambda: start_work(window))

    app.ensure_application()
    QTimer.singleShot(0, hook)

    class Args:
        project = sys.argv[1]

    code = run_gui(Args())  # the real command: it ends when the window is closed
    report["at exit"] = len(threads.running())
    print(json.dumps(report))
    sys.exit(code)
''')


@pytest.fixture
def big_import(tmp_path) -> Path:
    from bench_exchange import make_export

    path = tmp_path / "big.json"
    path.write_text(json.dumps(make_export(20_000)), encoding="utf-8")
    return path


def test_closing_the_window_during_an_import_and_a_search_exits_cleanly(tmp_path, demo_path, big_import):
    before = Project.open(demo_path)
    try:
        stats = before.stats()
    finally:
        before.close()
    script = tmp_path / "session.py"
    script.write_text(SESSION, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    (tmp_path / "config" / "Curator").mkdir(parents=True)  # not a first run: no name to ask for
    (tmp_path / "config" / "Curator" / "Curator.conf").write_text("[annotator]\nname=tester\n")
    done = subprocess.run([sys.executable, str(script), str(demo_path), str(big_import)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "QThread" not in done.stderr and "Traceback" not in done.stderr, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["started"] >= 2 and report["import under way"]
    assert report["at exit"] == 0
    with Project.open(demo_path) as after:  # the import was cancelled and rolled back: all or nothing
        assert after.stats() == stats
        assert after.check()["ok"]
