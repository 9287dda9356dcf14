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


def test_merge_dialog_shows_only_the_conflicting_fields_and_merges_per_choice(qtbot, tmp_path):
    """One event: title and date changed differently on both sides (two choices), description
    changed here only and place there only (merged on their own); another event merged silently.
    The user keeps our title and takes their date: the database has exactly that."""
    from curator.core import DateFields
    from curator.exchange.merge_file import merge_file, plan_file_merge
    from test_exchange_support import copied_pair

    def build(p: Project) -> None:
        doc = p.add_document("On 3 May 2014 the siege of Homs ended. Talks went on in Geneva.")
        p.add_actor("Homs", "place")
        p.create_event_from_passage(doc, 0, 38, title="siege ends",
                                    date=DateFields("2014-05-03", "2014-05-03", "2014-05-03", "3 May 2014"))
        p.create_event_from_passage(doc, 39, 63, title="talks")

    ours_path, theirs_path = copied_pair(tmp_path, build)
    with Project.open(ours_path) as ours, Project.open(theirs_path) as theirs:
        ids = {r.title: r.id for r in ours.event_rows()}
        ours.update_event(ids["siege ends"], title="ours: siege ends", description="evacuation")
        ours.set_event_date(ids["siege ends"], DateFields("2014-05-07", "2014-05-07", "2014-05-07", "7 May"))
        ours.update_event(ids["talks"], title="talks in Geneva")
        theirs.update_event(ids["siege ends"], title="theirs: siege ends")
        theirs.set_event_date(ids["siege ends"], DateFields("2014-05", "2014-05-01", "2014-05-31", "May 2014"))
        theirs.set_event_place(ids["siege ends"], theirs.find_actor("Homs", kind="place"))
        theirs.update_event(ids["talks"], description="in Geneva")
        _, plan = plan_file_merge(ours, theirs.path)
        [conflict] = plan.conflicts
        dialog = MergeDialog(plan.conflicts, "theirs.curator", merged=plan.merged_count, names=plan.names)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert "1 record merged field by field" in dialog.summary.text()
        assert "2 fields changed differently" in dialog.summary.text()
        assert dialog.shown_fields() == ["title", "date"]
        also = dialog.also.text()
        assert "Description (this project)" in also and "Place (the other file)" in also
        shown = {label.text() for label in dialog.scroll.widget().findChildren(QLabel)}
        assert {"siege ends", "ours: siege ends", "theirs: siege ends"} <= shown  # base, ours, theirs
        assert any("2014-05 (2014-05-01 – 2014-05-31)" in text for text in shown)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(dialog.choice_button("title", "ours"), Qt.MouseButton.LeftButton)
        assert not ok.isEnabled() and "1 choice left" in dialog.status.text()
        qtbot.mouseClick(dialog.choice_button("date", "theirs"), Qt.MouseButton.LeftButton)
        assert ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert dialog.decisions() == {conflict.uid: {"title": "ours", "date": "theirs"}}
        report = merge_file(ours, theirs.path, decisions=dialog.decisions())
        assert report["conflicts_settled"] == {"ours": 1, "theirs": 1}
        siege = ours.event(ids["siege ends"])
        assert (siege.title, siege.description, siege.location) == ("ours: siege ends", "evacuation", "Homs")
        assert (siege.date.edtf, siege.date.earliest, siege.date.date_text) == ("2014-05", "2014-05-01", "May 2014")
        talks = ours.event(ids["talks"])
        assert (talks.title, talks.description) == ("talks in Geneva", "in Geneva")
        assert ours.check()["ok"]


def test_merge_dialog_record_level_choice_and_all_theirs(qtbot, conflicting):
    ours, theirs = conflicting
    rows = ours.event_rows()
    ours.delete_event(rows[2].id)
    theirs.update_event(rows[2].id, description="edited there")
    from curator.exchange.merge_file import plan_file_merge
    _, plan = plan_file_merge(ours, theirs.path)
    whole = next(i for i, c in enumerate(plan.conflicts) if c.level == "record")
    dialog = MergeDialog(plan.conflicts)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.list.setCurrentRow(whole)
    assert dialog.shown_fields() == [""]  # one choice: the whole record
    qtbot.mouseClick(dialog.choice_button("", "theirs"), Qt.MouseButton.LeftButton)
    assert dialog.decisions() == {plan.conflicts[whole].uid: "theirs"}
    qtbot.mouseClick(dialog.all_ours, Qt.MouseButton.LeftButton)  # everything, this one too
    assert dialog.decisions()[plan.conflicts[whole].uid] == "ours" and dialog.all_decided()
    qtbot.mouseClick(dialog.record_theirs, Qt.MouseButton.LeftButton)
    assert dialog.decisions()[plan.conflicts[whole].uid] == "theirs"
    assert dialog.choice_button("", "theirs").isChecked() and not dialog.choice_button("", "ours").isChecked()
