"""The exchange worker (QThread, progress, cancel) and the merge dialog, driven with qtbot."""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from curator.core import Project
from curator.exchange.json_format import export_json
from curator.ui.exchange.worker import ExchangeWorker, run_with_progress
from curator.ui.exchange.merge_dialog import MergeDialog
from test_exchange_support import conflicting_pair, content


def _run(qtbot, worker: ExchangeWorker, signal: str):
    with qtbot.waitSignal(getattr(worker, signal), timeout=30_000) as blocker:
        worker.start()
    worker.wait()
    return blocker.args


def test_export_runs_off_the_gui_thread(qtbot, demo_project, tmp_path):
    worker = ExchangeWorker.export(demo_project.path, tmp_path / "out.json")
    seen = []
    worker.progress.connect(lambda d, t: seen.append((d, t)))
    [result] = _run(qtbot, worker, "succeeded")
    assert result["events"] == demo_project.stats()["events"]
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["format"] == "curator-export"
    assert seen and seen[-1][0] <= seen[-1][1]


def test_cancelled_import_changes_nothing(qtbot, demo_project, tmp_path):
    export_json(demo_project, tmp_path / "a.json")
    target = Project.create(tmp_path / "t.curator")
    worker = ExchangeWorker.import_json(target.path, tmp_path / "a.json")
    worker.cancel()  # before it even starts: it must still end cleanly, with cancelled
    _run(qtbot, worker, "cancelled")
    assert target.stats()["events"] == 0
    target.close()


def test_cancel_while_running(qtbot, project):
    """A task that keeps reporting until told to stop: Cancel from the GUI thread stops it."""
    def task(proj, progress):
        proj.add_event("written inside the run")  # its own transaction, committed
        for i in range(100_000):
            if not progress(i, 100_000):
                from curator.exchange.errors import Cancelled
                raise Cancelled()
            threading.Event().wait(0.001)
        return "not cancelled"
    worker = ExchangeWorker(project.path, task)
    worker.progress.connect(lambda d, t: worker.cancel())
    _run(qtbot, worker, "cancelled")
    assert not worker.is_running()


def test_slots_run_on_the_gui_thread(qtbot, demo_project, tmp_path):
    threads = set()
    worker = ExchangeWorker.export(demo_project.path, tmp_path / "x.json")
    worker.progress.connect(lambda d, t: threads.add(threading.get_ident()))
    worker.succeeded.connect(lambda r: threads.add(threading.get_ident()))
    _run(qtbot, worker, "done")
    assert threads == {threading.get_ident()}


def test_failure_is_reported_with_a_message(qtbot, project, tmp_path):
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    worker = ExchangeWorker.import_json(project.path, tmp_path / "bad.json")
    message, exc = _run(qtbot, worker, "failed")
    assert "not valid JSON" in message and "nothing was written" in message


def test_progress_dialog_closes_when_done(qtbot, demo_project, tmp_path):
    worker = ExchangeWorker.export(demo_project.path, tmp_path / "c.curator")
    with qtbot.waitSignal(worker.done, timeout=30_000):
        dialog = run_with_progress(None, worker, "Saving a copy")
        assert dialog.labelText() == "Saving a copy"
    worker.wait()
    qtbot.waitUntil(lambda: not dialog.isVisible() if _alive(dialog) else True)
    assert (tmp_path / "c.curator").exists()


def _alive(widget) -> bool:
    try:
        widget.isVisible()
        return True
    except RuntimeError:
        return False


@pytest.fixture
def conflicting(tmp_path):
    ours_path, theirs_path = conflicting_pair(tmp_path)
    ours, theirs = Project.open(ours_path), Project.open(theirs_path)
    yield ours, theirs
    ours.close()
    theirs.close()


def test_merge_dialog_decides_each_conflicting_field(qtbot, conflicting):
    ours, theirs = conflicting
    worker = ExchangeWorker.plan_merge(ours.path, theirs.path)
    [(other_side, plan)] = _run(qtbot, worker, "succeeded")
    assert len(plan.conflicts) == 2
    dialog = MergeDialog(plan.conflicts, "theirs.curator", names=plan.names)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    titled = next(i for i, c in enumerate(plan.conflicts) if c.field_names == ["title"])
    dialog.list.setCurrentRow(titled)
    shown = dialog.scroll.widget()
    texts = {label.text() for label in shown.findChildren(QLabel)}
    assert {"ours A", "theirs A"} <= texts and "<b>Title</b>" in texts
    qtbot.mouseClick(dialog.choice_button("title", "theirs"), Qt.MouseButton.LeftButton)
    assert dialog.choice_button("title", "theirs").isChecked() and len(dialog.decisions()) == 1
    assert not ok.isEnabled()
    dialog.list.setCurrentRow(1 - titled)
    assert not any(dialog.choice_button("location", side).isChecked() for side in ("ours", "theirs"))
    qtbot.mouseClick(dialog.choice_button("location", "ours"), Qt.MouseButton.LeftButton)
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == MergeDialog.DialogCode.Accepted
    decisions = dialog.decisions()
    assert sorted(decisions.values(), key=str) == [{"location": "ours"}, {"title": "theirs"}]

    worker = ExchangeWorker.merge(ours.path, theirs.path, decisions=decisions)
    [report] = _run(qtbot, worker, "succeeded")
    assert report["conflicts_settled"] == {"ours": 1, "theirs": 1}
    rows = {r.title: r for r in ours.event_rows()}
    assert "theirs A" in rows
    assert {r.location for r in ours.event_rows()} == {"", "ours place"}


def test_merge_worker_with_undecided_conflicts_fails_and_writes_nothing(qtbot, conflicting):
    ours, theirs = conflicting
    before = content(ours)
    worker = ExchangeWorker.merge(ours.path, theirs.path)
    message, exc = _run(qtbot, worker, "failed")
    assert "2 conflicting records" in message and len(exc.conflicts) == 2
    assert content(ours) == before


def test_all_theirs_button(qtbot, conflicting):
    ours, theirs = conflicting
    from curator.exchange.merge_file import plan_file_merge
    _, plan = plan_file_merge(ours, theirs.path)
    dialog = MergeDialog(plan.conflicts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.all_theirs, Qt.MouseButton.LeftButton)
    assert dialog.all_decided() and all(set(d.values()) == {"theirs"} for d in dialog.decisions().values())
    assert QApplication.instance() is not None
