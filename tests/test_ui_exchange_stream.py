"""Import JSON… in the real window on a generated file of thousands of events: the progress bar
moves through every phase (reading, checking, planning, writing), and Cancel pressed in any of
them leaves the project exactly as it was (records and sync history read back from the file)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
import ui_support
from PySide6.QtWidgets import QFileDialog, QPushButton
from test_exchange_stream import _generated
from test_exchange_support import content

from curator.core import Project
from curator.exchange import import_stream

WAIT = 60_000
EVENTS = 4000
pytestmark = pytest.mark.usefixtures("clean_settings")


def _rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table that holds records or history: the database, read by sqlite3."""
    raw = sqlite3.connect(path)
    try:
        tables = [name for (name,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: sorted(raw.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        raw.close()


@pytest.fixture
def generated(tmp_path) -> Path:
    return _generated(tmp_path / "thousands.json", EVENTS)


def _window(qtbot, tmp_path: Path):
    path = tmp_path / "p.curator"
    with Project.create(path, annotator="ana") as project:
        doc = project.add_document("An earlier report. It was already here.", title="earlier")
        project.create_event_from_passage(doc, 0, 18, title="already here")
    return ui_support.open_window(qtbot, path, annotator="ana"), path


def test_import_shows_progress_through_every_phase(qtbot, monkeypatch, tmp_path, generated):
    window, path = _window(qtbot, tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(generated), ""))
    values = []
    window.exchange.started.connect(lambda worker: worker.progress.connect(lambda d, t: values.append((d, t))))
    with qtbot.waitSignal(window.exchange.finished, timeout=WAIT) as blocker:
        window.exchange.import_action.trigger()
    window.exchange.worker.wait()
    assert "Imported thousands.json" in blocker.args[0]
    assert window.workspace.stats()["events"] == EVENTS + 1
    done = [d for d, _ in values]
    assert {t for _, t in values} == {import_stream.SCALE}
    assert max(done) == done[-1] == import_stream.SCALE  # (Qt may deliver two reports swapped)
    for phase, (low, high) in import_stream.PHASES.items():  # every phase shows movement
        assert any(low <= d < high or (phase == "write" and d == high) for d in done), phase
    assert len([d for d in done if d < import_stream.PHASES["read"][1]]) > 3  # reading moves on


@pytest.mark.parametrize("phase", ["read", "check", "plan", "write"])
def test_cancel_in_any_phase_leaves_the_project_unchanged(qtbot, monkeypatch, tmp_path, generated, phase):
    window, path = _window(qtbot, tmp_path)
    before = _rows(path)
    before_content = content(window.workspace.project)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(generated), ""))
    actions = window.exchange
    stopped = threading.Event()
    real = import_stream._Bar.report
    calls = {"n": 0}

    def report(self, name, done, total):
        """Well inside the phase (the writing: after some rows went in), the worker waits until
        the user has pressed Cancel, then goes on and meets it."""
        if name == phase:
            calls["n"] += 1
            if calls["n"] == (3 if phase == "write" else 2):
                stopped.wait(20)
        return real(self, name, done, total)
    monkeypatch.setattr(import_stream._Bar, "report", report)

    def press_cancel(worker):
        cancel = actions.progress_dialog.findChild(QPushButton)
        assert cancel.text() == "Cancel"

        def on_progress(done, total):
            low, high = import_stream.PHASES[phase]
            if low < done and not stopped.is_set():
                cancel.click()
                stopped.set()
        worker.progress.connect(on_progress)
    actions.started.connect(press_cancel)
    with qtbot.waitSignal(actions.finished, timeout=WAIT) as blocker:
        actions.import_action.trigger()
    actions.worker.wait()
    assert stopped.is_set()
    assert "cancelled" in blocker.args[0] and "nothing was written" in blocker.args[0]
    assert content(window.workspace.project) == before_content
    assert window.workspace.stats()["events"] == 1
    window.close()
    assert _rows(path) == before  # the file itself, every table
