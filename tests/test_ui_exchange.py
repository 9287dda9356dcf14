"""File menu exchange commands in the real window: Export ▸ each format, Import JSON…, Save a
copy…, Merge… (with the conflict dialog), on the worker thread, with Cancel; assertions on files
and on the database."""

from __future__ import annotations

import csv
import io
import json
import uuid
from pathlib import Path

import pytest
import ui_support
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMenu, QPushButton
from test_exchange_support import conflicting_pair, content, history, load, write

from curator.core import Project
from curator.core.project import text_sha256
from curator.exchange import export_filters
from curator.exchange.copy import export_copy
from curator.exchange.json_format import export_json, import_json
from curator.ui.exchange.actions import (
    EXPORT_ENTRIES,
    describe_counts,
    describe_merge,
    with_suffix,
)
from curator.ui.main_window import MainWindow

WAIT = 60_000


pytestmark = pytest.mark.usefixtures("clean_settings")


def open_window(qtbot, path: Path) -> MainWindow:
    return ui_support.open_window(qtbot, path, annotator="ana")


def save_as(monkeypatch, path: Path, asked: list | None = None) -> None:
    """The save dialog answers ``path`` (and records what it was asked)."""
    def answer(parent, caption, suggested, filters, *args, **kwargs):
        if asked is not None:
            asked.append((caption, suggested, filters))
        return str(path), ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)


def open_as(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def run_command(qtbot, window: MainWindow, action) -> str:
    """Trigger a menu action and wait for the command to end; returns its status message."""
    with qtbot.waitSignal(window.exchange.finished, timeout=WAIT) as blocker:
        action.trigger()
    if window.exchange.worker is not None:
        window.exchange.worker.wait()
    return blocker.args[0]


def menu_titled(menu: QMenu, text: str) -> QMenu:
    return next(a.menu() for a in menu.actions() if a.menu() is not None and a.text() == text)


def file_menu(window: MainWindow) -> QMenu:
    return menu_titled(window.menuBar(), "&File")


def stats(path: Path) -> dict:
    with Project.open(path) as project:
        return project.stats()


# ---------------------------------------------------------------------- export
def test_file_menu_holds_the_exchange_commands(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    texts = [a.text() for a in file_menu(window).actions()]
    for text in ("&Import", "&Merge…", "&Export", "Save a &copy…"):
        assert text in texts
    import_menu = menu_titled(file_menu(window), "&Import")
    assert [a.text() for a in import_menu.actions()] == ["&JSON export…", "&ACLED CSV…"]
    export_menu = menu_titled(file_menu(window), "&Export")
    assert [a.text() for a in export_menu.actions()] == [text for text, _ in EXPORT_ENTRIES]
    assert window.save_copy_action is window.exchange.save_copy_action
    window.set_project(None)
    assert not window.exchange.import_action.isEnabled() and not export_menu.isEnabled()
    assert not import_menu.isEnabled() and not window.exchange.import_acled_action.isEnabled()


@pytest.mark.parametrize("suffix", [suffix for _, suffix in EXPORT_ENTRIES])
def test_export_each_format_from_the_menu(qtbot, monkeypatch, demo_path, tmp_path, suffix):
    window = open_window(qtbot, demo_path)
    out = tmp_path / "out" / f"export{suffix}"
    out.parent.mkdir()
    asked = []
    save_as(monkeypatch, out, asked)
    message = run_command(qtbot, window, window.exchange.export_actions[suffix])

    [(caption, suggested, filters)] = asked
    suggested_name = f"demo copy{suffix}" if suffix == ".curator" else f"demo{suffix}"
    assert Path(suggested) == demo_path.parent / suggested_name
    assert filters.split(";;")[0] in export_filters() and f"*{suffix}" in filters.split(";;")[0]
    assert str(out) in message and str(out) in window.statusBar().currentMessage()
    assert not window.exchange.busy and window.exchange.import_action.isEnabled()

    db = window.workspace.stats()
    live = window.workspace.project
    if suffix == ".json":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["format"] == "curator-export"
        assert sum(e["deleted_at"] is None for e in data["events"]) == db["events"]
    elif suffix == ".acled.csv":
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
        assert len(rows) == db["dated_events"] and list(rows[0])[:3] == ["event_id_cnty", "event_date", "year"]
    elif suffix == ".csv":
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
        assert len(rows) == db["events"]
        assert {r["title"].lstrip("'") for r in rows} == {r.title for r in live.event_rows()}
    elif suffix == ".timeline.json":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert len(data["events"]) == db["dated_events"]
        assert data["title"]["text"]["headline"] == "demo"
    elif suffix == ".jsonld":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["type"] == "AnnotationCollection" and data["total"] == db["spans"]
    else:
        assert stats(out) == db
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no temporary left over


def test_export_name_without_suffix_gets_the_format_suffix(qtbot, monkeypatch, demo_path, tmp_path):
    window = open_window(qtbot, demo_path)
    save_as(monkeypatch, tmp_path / "events")
    run_command(qtbot, window, window.exchange.export_actions[".csv"])
    assert (tmp_path / "events.csv").read_text(encoding="utf-8").startswith("uid,title")
    assert with_suffix("a.timeline.json", ".json") == "a.timeline.json.json"
    assert with_suffix("b.sqlite", ".curator") == "b.sqlite"


def test_export_failure_shows_the_reason(qtbot, monkeypatch, demo_path, tmp_path):
    window = open_window(qtbot, demo_path)
    before = content(window.workspace.project)
    save_as(monkeypatch, tmp_path / "no such folder" / "x.curator")
    message = run_command(qtbot, window, window.exchange.export_actions[".curator"])
    box = window.exchange.message_box
    assert box.isVisible() and "does not exist" in box.text() and "does not exist" in message
    assert "unchanged" in box.informativeText()
    assert content(window.workspace.project) == before
    box.close()


def test_cancel_during_a_long_export_leaves_no_file(qtbot, monkeypatch, big_path, tmp_path):
    window = open_window(qtbot, big_path)
    before = history(window.workspace.project)
    out = tmp_path / "out" / "big.json"
    out.parent.mkdir()
    save_as(monkeypatch, out)
    actions = window.exchange

    def press_cancel_on_first_progress(worker):
        cancel = actions.progress_dialog.findChild(QPushButton)
        assert cancel.text() == "Cancel"
        worker.progress.connect(lambda done, total: cancel.click())
    actions.started.connect(press_cancel_on_first_progress)
    message = run_command(qtbot, window, actions.export_actions[".json"])
    assert "cancelled" in message and "nothing was written" in message
    assert list(out.parent.iterdir()) == []
    assert history(window.workspace.project) == before  # an export writes nothing to the project


def test_the_window_stays_responsive_and_runs_one_command_at_a_time(qtbot, monkeypatch, big_path, tmp_path):
    window = open_window(qtbot, big_path)
    actions = window.exchange
    save_as(monkeypatch, tmp_path / "big copy.curator")
    with qtbot.waitSignal(actions.finished, timeout=WAIT) as blocker:
        actions.save_copy_action.trigger()
        # trigger() returned to us while the copy is being made on the worker thread
        assert actions.busy and not actions.save_copy_action.isEnabled()
        actions.export(".csv")  # refused while busy, without asking for a file
        assert "still running" in window.statusBar().currentMessage()
    actions.worker.wait()
    assert "Saved a copy" in blocker.args[0] and not list(tmp_path.glob("*.csv"))
    assert stats(tmp_path / "big copy.curator")["events"] == window.workspace.stats()["events"]


def test_closing_the_window_cancels_a_run(qtbot, monkeypatch, big_path, tmp_path):
    window = open_window(qtbot, big_path)
    out = tmp_path / "out" / "big.json"
    out.parent.mkdir()
    save_as(monkeypatch, out)
    actions = window.exchange
    window.exchange.export_actions[".json"].trigger()
    worker = actions.worker
    window.close()  # cancels and waits for the worker thread before the project closes
    assert not worker.is_running()
    with qtbot.waitSignal(actions.finished, timeout=WAIT) as blocker:
        pass
    assert "cancelled" in blocker.args[0]
    assert list(out.parent.iterdir()) == []
    assert not window.workspace.has_project


# ---------------------------------------------------------------------- save a copy
def test_save_a_copy_is_an_exchange_copy_that_merges_back(qtbot, monkeypatch, demo_path, tmp_path):
    window = open_window(qtbot, demo_path)
    save_as(monkeypatch, tmp_path / "for bob")  # no suffix: .curator is added
    message = run_command(qtbot, window, window.save_copy_action)
    copy_path = tmp_path / "for bob.curator"
    assert message.startswith(f"Saved a copy as {copy_path}")
    with Project.open(copy_path, annotator="bob") as copy:
        assert copy.stats() == window.workspace.stats()
        # the copy's history holds every record as the project held it; the project wrote nothing
        assert history(copy) and history(window.workspace.project) == {}
        event_id = copy.event_rows()[0].id
        copy.update_event(event_id, title="Bob's title")
    # the copy's history lets the edit come back without a conflict
    open_as(monkeypatch, copy_path)
    message = run_command(qtbot, window, window.exchange.merge_action)
    assert "updated 1 event" in message and window.exchange.merge_dialog is None
    assert "Bob's title" in {r.title for r in window.workspace.project.event_rows()}


# ---------------------------------------------------------------------- import
@pytest.fixture
def small_export(tmp_path) -> Path:
    """A JSON export of another project: one document, two events."""
    with Project.create(tmp_path / "other.curator", annotator="cy") as other:
        doc = other.add_document("The dam opened on 3 May 2014. Floods followed.", title="Dam report")
        other.create_event_from_passage(doc, 0, 29, title="Dam opened")
        other.create_event_from_passage(doc, 30, 46, title="Floods")
        export_json(other, tmp_path / "other.json")
    return tmp_path / "other.json"


def test_import_json_adds_rows_to_every_view(qtbot, monkeypatch, demo_path, small_export):
    window = open_window(qtbot, demo_path)
    project = window.workspace.project
    before = project.stats()
    shown = window.documents.document_id
    window.undo_stack.push(_Marker())
    table_rows = window.table.model.rowCount()
    open_as(monkeypatch, small_export)
    message = run_command(qtbot, window, window.exchange.import_action)

    after = project.stats()
    assert after["events"] == before["events"] + 2 and after["documents"] == before["documents"] + 1
    assert window.table.model.rowCount() == table_rows + 2
    assert {"Dam opened", "Floods"} <= {r.title for r in window.table.model.rows()}
    assert window.documents.list.count() == after["documents"]
    assert window.documents.document_id == shown  # the view kept its place
    assert "added 1 document" in message and "2 events" in message and "undo history was cleared" in message
    assert window.undo_stack.count() == 0
    window.status_counts.wait()  # the counts are read on a worker
    assert f"{after['events']} events" in window.counts_label.text()


class _Marker:
    """A stand-in for the user's last edit on the undo stack (QUndoCommand with no effect)."""

    def __new__(cls):
        from PySide6.QtGui import QUndoCommand
        return QUndoCommand("an earlier edit")


def test_bad_json_is_refused_with_its_problems_and_nothing_changes(qtbot, monkeypatch, demo_path,
                                                                   small_export, tmp_path):
    data = load(small_export)
    data["events"][0]["earliest"] = "not a date"
    data["spans"][1]["start"] = "ten"
    bad = write(tmp_path / "bad.json", data)
    window = open_window(qtbot, demo_path)
    before = content(window.workspace.project)
    rows = window.table.model.rowCount()
    open_as(monkeypatch, bad)
    message = run_command(qtbot, window, window.exchange.import_action)

    dialog = window.exchange.problem_dialog
    assert dialog.isVisible() and "bad.json" in dialog.summary.text()
    assert "unchanged" in dialog.unchanged.text()
    paths = [dialog.list.topLevelItem(i).text(0) for i in range(dialog.list.topLevelItemCount())]
    assert any(p.startswith("$.events[0]") for p in paths) and any(p.startswith("$.spans[1]") for p in paths)
    assert "$.events[0]" in dialog.text()
    assert "failed" in message and "nothing was written" in message
    assert content(window.workspace.project) == before and window.table.model.rowCount() == rows
    dialog.close()


def test_unreadable_json_gets_a_one_line_reason(qtbot, monkeypatch, demo_path, tmp_path):
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    window = open_window(qtbot, demo_path)
    before = content(window.workspace.project)
    open_as(monkeypatch, tmp_path / "broken.json")
    run_command(qtbot, window, window.exchange.import_action)
    dialog = window.exchange.problem_dialog
    assert dialog.list.topLevelItem(0).text(0) == "$" and "not valid JSON" in dialog.list.topLevelItem(0).text(1)
    assert content(window.workspace.project) == before
    dialog.close()


# ---------------------------------------------------------------------- merge
@pytest.fixture
def conflicting(tmp_path):
    """Two copies of one project; both changed event A's title and event B's place."""
    ours_path, theirs_path = conflicting_pair(tmp_path)
    with Project.open(theirs_path) as proj:
        doc = proj.documents()[0].id
        proj.create_event_from_passage(doc, 17, 22, title="their new event")
    return ours_path, theirs_path


def start_merge(qtbot, monkeypatch, window, other: Path):
    open_as(monkeypatch, other)
    window.exchange.merge_action.trigger()
    qtbot.waitUntil(lambda: window.exchange.merge_dialog is not None
                    and window.exchange.merge_dialog.isVisible(), timeout=WAIT)
    return window.exchange.merge_dialog


def test_merge_with_conflicts_decided_in_the_dialog(qtbot, monkeypatch, conflicting):
    ours, theirs = conflicting
    window = open_window(qtbot, ours)
    rows = window.table.model.rowCount()
    dialog = start_merge(qtbot, monkeypatch, window, theirs)
    assert len(dialog.conflicts) == 2 and window.exchange.busy
    titled = next(i for i, c in enumerate(dialog.conflicts) if c.ours.get("title") == "ours A")
    dialog.list.setCurrentRow(titled)
    assert dialog.shown_fields() == ["title"]
    qtbot.mouseClick(dialog.choice_button("title", "theirs"), Qt.MouseButton.LeftButton)
    dialog.list.setCurrentRow(1 - titled)
    assert dialog.shown_fields() == ["location"]
    qtbot.mouseClick(dialog.choice_button("location", "ours"), Qt.MouseButton.LeftButton)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(window.exchange.finished, timeout=WAIT) as blocker:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    window.exchange.worker.wait()

    message = blocker.args[0]
    assert "2 conflict(s) settled (1 kept ours, 1 took theirs)" in message and "added" in message
    db_rows = window.workspace.project.event_rows()
    assert {r.title for r in db_rows} >= {"theirs A", "their new event"}
    assert {r.location for r in db_rows} == {"", "ours place"}
    assert window.table.model.rowCount() == rows + 1 == len(db_rows)
    assert "their new event" in {r.title for r in window.table.model.rows()}
    assert window.undo_stack.count() == 0 and not window.exchange.busy


def test_cancelling_the_merge_dialog_writes_nothing(qtbot, monkeypatch, conflicting):
    ours, theirs = conflicting
    window = open_window(qtbot, ours)
    before = content(window.workspace.project)
    dialog = start_merge(qtbot, monkeypatch, window, theirs)
    with qtbot.waitSignal(window.exchange.finished, timeout=WAIT) as blocker:
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel),
                         Qt.MouseButton.LeftButton)
    assert "cancelled" in blocker.args[0]
    assert content(window.workspace.project) == before
    assert window.exchange.merge_action.isEnabled()


def test_merge_without_conflicts_needs_no_dialog(qtbot, monkeypatch, demo_path, tmp_path):
    window = open_window(qtbot, demo_path)
    other = tmp_path / "colleague.curator"
    export_copy(window.workspace.project, other)
    with Project.open(other, annotator="bob") as copy:
        copy.add_event("Bob's new event")
    rows = window.table.model.rowCount()
    open_as(monkeypatch, other)
    message = run_command(qtbot, window, window.exchange.merge_action)
    assert window.exchange.merge_dialog is None
    assert message.startswith("Merged colleague.curator: added 1 event")
    assert window.table.model.rowCount() == rows + 1
    assert "Bob's new event" in {r.title for r in window.workspace.project.event_rows()}


def test_merging_the_project_with_itself_is_refused(qtbot, monkeypatch, demo_path):
    window = open_window(qtbot, demo_path)
    before = content(window.workspace.project)
    open_as(monkeypatch, demo_path)
    message = run_command(qtbot, window, window.exchange.merge_action)
    assert "open project itself" in message and window.exchange.message_box.isVisible()
    assert content(window.workspace.project) == before
    window.exchange.message_box.close()


def test_merging_a_bad_export_lists_its_problems(qtbot, monkeypatch, demo_path, small_export, tmp_path):
    data = load(small_export)
    data["evidence"][0]["span"] = str(uuid.uuid4())
    bad = write(tmp_path / "bad.json", data)
    window = open_window(qtbot, demo_path)
    before = content(window.workspace.project)
    open_as(monkeypatch, bad)
    run_command(qtbot, window, window.exchange.merge_action)
    dialog = window.exchange.problem_dialog
    assert dialog.isVisible() and "$.evidence[0]" in dialog.text()
    assert content(window.workspace.project) == before
    dialog.close()


# ---------------------------------------------------------------------- wording
def test_summaries_in_words():
    assert describe_counts({"events": 1, "documents": 2, "spans": 0, "path": "x"}) == "2 documents, 1 event"
    assert describe_merge({"added": {}, "updated": {}, "conflicts_settled": {"ours": 0, "theirs": 0}}) \
        == "nothing new (everything was already here)"
    assert describe_merge({"added": {"evidence": 2}, "updated": {"events": 1}}) \
        == "added 2 evidence links; updated 1 event"
    assert describe_merge({"added": {"tags": 1}, "updated": {}, "tags_matched_by_name": [
        {"name": "Person", "differs": {"color": {"ours": "#e6194b", "theirs": "#000000"}}},
        {"name": "Place"}], "tags_adjusted": [
        {"uid": "u", "tag": "Vehicle", "changes": {"shortcut": {"theirs": "8", "merged": ""}}},
        {"uid": "v", "tag": "Weapon", "changes": {"name": {"theirs": "Weapon", "merged": "Weapon (2)"}}}],
        "redirected": {"event_actors": 2, "spans": 1}}) == (
        "added 1 tag; kept this project's colour, key or description of tag(s) Person; "
        "tag Vehicle came without its key 8 (a tag here has it); "
        "tag Weapon was renamed Weapon (2) (a tag here has the name); "
        "moved 1 passage, 2 actor links from merged actors to the records they were merged into")


# ---------------------------------------------------------------------- a large project
BIG_EVENTS = 10_000


@pytest.fixture(scope="module")
def big_export(tmp_path_factory) -> Path:
    """A JSON export with BIG_EVENTS dated events over 100 documents (built directly, fast)."""
    stamp = "2024-01-01T00:00:00.000000Z"
    common = {"created_at": stamp, "updated_at": stamp, "created_by": "t", "deleted_at": None}
    sentence = "On 3 May 2014 the council met. "
    per_doc = BIG_EVENTS // 100
    docs, spans, events, evidence = [], [], [], []
    for d in range(100):
        text = f"Report {d}. " + sentence * per_doc
        docs.append({"uid": str(uuid.uuid4()), **common, "title": f"report {d}", "source_kind": "",
                     "author": "", "published": "", "filename": f"{d}.txt", "text": text,
                     "sha256": text_sha256(text)})
    for i in range(BIG_EVENTS):
        doc = docs[i // per_doc]
        start = len(f"Report {i // per_doc}. ") + (i % per_doc) * len(sentence)
        span = {"uid": str(uuid.uuid4()), **common, "document": doc["uid"], "start": start,
                "end": start + len(sentence) - 1, "quote": sentence[:-1]}
        event = {"uid": str(uuid.uuid4()), **common, "title": f"meeting {i}", "description": "",
                 "location": "", "edtf": "2014-05-03", "earliest": "2014-05-03", "latest": "2014-05-03",
                 "date_text": "3 May 2014"}
        spans.append(span)
        events.append(event)
        evidence.append({"uid": str(uuid.uuid4()), **common, "event": event["uid"], "span": span["uid"]})
    data = {"format": "curator-export", "format_version": 1, "documents": docs, "spans": spans,
            "events": events, "actors": [], "event_actors": [], "evidence": evidence, "sync": {}}
    return write(tmp_path_factory.mktemp("big") / "big.json", data)


@pytest.fixture
def big_path(big_export, tmp_path) -> Path:
    path = tmp_path / "big.curator"
    with Project.create(path) as project:
        import_json(project, big_export)
    return path
