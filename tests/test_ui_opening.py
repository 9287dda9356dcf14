"""Opening a project off the GUI thread: the window first, then the project; the damage check
before it opens (skipped when the file is as Curator left it after a check), cancelled when the
window closes; the counts and the Actors list read on workers."""

from __future__ import annotations

import shutil
import sqlite3
import time

import pytest
from media_support import digest, folder_listing, overwrite, page_size, table_pages
from PySide6.QtCore import Signal

from curator.ui.main_window import MainWindow
from curator.ui.store import threads
from curator.ui.store.project_job import JobKeeper, ProjectJob
from curator.ui.store.project_opening import Candidate, ProjectOpening

pytestmark = pytest.mark.usefixtures("clean_settings")


def shown_window(qtbot, remember: bool = False) -> MainWindow:
    window = MainWindow(None, remember=remember)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_window_shows_first_and_the_project_arrives_from_a_worker(qtbot, demo_path):
    window = shown_window(qtbot)
    checking = []
    window.opener.checking.connect(checking.append)
    window.opener.start([Candidate(demo_path)])
    assert window.opener.busy and not window.workspace.has_project
    assert window.opener.veil.isVisible() and "demo.curator" in window.opener.veil.label.text()
    assert window.windowTitle() == "Opening demo.curator… — Curator"
    assert window.opener.wait()
    assert window.workspace.has_project and window.workspace.path == demo_path
    assert checking == ["demo.curator"]  # a file this window never checked is checked first
    assert not window.opener.veil.isVisible() and window.windowTitle() == "demo — Curator"
    assert window.table.model.rowCount() == 34
    window.status_counts.wait()
    assert window.counts_label.text().startswith("5 documents · 34 events")
    window.close()
    assert threads.running() == []  # the window's workers were stopped and waited for


def test_a_file_left_unchanged_after_a_check_is_not_checked_again(qtbot, demo_path):
    checks = []
    for _ in range(2):
        window = shown_window(qtbot, remember=True)
        window.opener.checking.connect(checks.append)
        window.opener.start([Candidate(demo_path)])
        assert window.opener.wait() and window.workspace.has_project
        window.close()  # closed cleanly: its fingerprint is recorded
    assert checks == ["demo.curator"]
    raw = sqlite3.connect(demo_path)  # another program writes to it
    raw.execute("UPDATE event SET title = 'changed elsewhere' WHERE id = 1")
    raw.commit()
    raw.close()
    window = shown_window(qtbot, remember=True)
    window.opener.checking.connect(checks.append)
    window.opener.start([Candidate(demo_path)])
    assert window.opener.wait() and window.workspace.has_project
    assert checks == ["demo.curator", "demo.curator"]  # checked again
    window.close()


def test_a_damaged_file_is_refused_before_anything_opens_it(qtbot, tmp_path, demo_path):
    path = tmp_path / "work" / "demo.curator"
    path.parent.mkdir()
    shutil.copy(demo_path, path)
    page = next(p for p in table_pages(path, "event") if p[1] == "leaf")[0]
    overwrite(path, (page - 1) * page_size(path), b"\xaa" * page_size(path))
    before, listing = digest(path), folder_listing(path.parent)
    window = shown_window(qtbot, remember=True)
    window.opener.start([Candidate(path)])
    assert window.opener.wait()
    dialog = window.damaged_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "of table event is damaged" in dialog.label.text()
    assert not window.workspace.has_project and window.windowTitle() == "Curator"
    assert digest(path) == before and folder_listing(path.parent) == listing  # no side file, no write


def test_a_missing_last_project_falls_back_to_the_next_candidate(qtbot, tmp_path, demo_path):
    window = shown_window(qtbot)
    window.opener.start([Candidate(tmp_path / "gone.curator", fallback=True), Candidate(demo_path)])
    assert window.opener.wait() and window.workspace.path == demo_path
    box = window.opener.passed_over_box  # not silently: the window says which and why
    assert box is not None and box.isVisible()
    assert "gone.curator" in box.text() and "does not exist" in box.text() and demo_path.name in box.text()


def test_a_last_project_that_is_not_curators_is_said_over_the_demo(qtbot, tmp_path, demo_path):
    foreign = tmp_path / "other.curator"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    window = shown_window(qtbot)
    window.opener.start([Candidate(foreign, fallback=True), Candidate(demo_path)])
    assert window.opener.wait() and window.workspace.path == demo_path
    box = window.opener.passed_over_box
    assert box is not None and "other.curator" in box.text()


def test_a_project_opened_first_time_says_nothing_more(qtbot, demo_path):
    window = shown_window(qtbot)
    window.opener.start([Candidate(demo_path, fallback=True)])
    assert window.opener.wait() and window.workspace.path == demo_path
    assert window.opener.passed_over_box is None


def test_a_file_that_cannot_be_opened_is_said(qtbot, tmp_path, monkeypatch):
    errors = []
    window = shown_window(qtbot)
    monkeypatch.setattr(window, "_error", lambda title, reason: errors.append((title, reason)))
    not_curator = tmp_path / "notes.curator"
    not_curator.write_text("plain text, not a database\n" * 10)
    window.opener.start([Candidate(not_curator)])
    assert window.opener.wait()
    assert not window.workspace.has_project and window.windowTitle() == "Curator"
    assert errors and errors[0][0] == "Cannot open the project" and "notes.curator" in errors[0][1]


def test_closing_the_window_cancels_the_check_and_waits_for_it(qtbot, demo_path, monkeypatch):
    started = []

    def slow_check(self, path):  # a check that takes as long as a huge file's
        started.append(path)
        while not self.cancelled:
            time.sleep(0.005)
        return False

    monkeypatch.setattr(ProjectOpening, "_check", slow_check)
    before = digest(demo_path)
    window = shown_window(qtbot)
    window.opener.start([Candidate(demo_path)])
    job = window.opener.job
    qtbot.waitUntil(lambda: bool(started))
    window.close()
    assert job.isFinished() and window.opener.job is None
    assert not window.workspace.has_project
    assert digest(demo_path) == before


def test_the_actors_list_waits_for_its_tab_and_arrives_from_a_worker(qtbot, demo_path):
    window = shown_window(qtbot)
    window.opener.start([Candidate(demo_path)])
    window.opener.wait()
    panel = window.actors
    assert panel.model.rowCount() == 0 and not panel.loader.busy  # hidden: nothing read yet
    window.show_tab(panel)
    assert panel.loader.busy
    panel.loader.wait()
    assert panel.model.rowCount() == len(window.workspace.project.actor_summaries()) > 0


class EndlessQuery(ProjectJob):
    """A statement that never ends by itself (a recursive count with no bound)."""

    started = Signal()

    def work(self, project):
        with project._read() as conn:  # the facade's own connection, as every query of a job
            self.started.emit()
            return conn.exec_driver_sql("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                                        "FROM c) SELECT count(*) FROM c").scalar()


def test_cancel_interrupts_a_statement_that_would_never_end(qtbot, demo_path):
    found, started = [], []
    job = EndlessQuery(demo_path, 1)
    job.found.connect(lambda generation, result: found.append(result))
    job.started.connect(lambda: started.append(True))
    keeper = JobKeeper()
    keeper.start(job)
    qtbot.waitUntil(lambda: bool(started))
    time.sleep(0.2)  # well inside the statement
    assert job.isRunning()
    job.cancel()  # SQLite interrupts the statement, which would otherwise run for ever
    assert job.wait(60_000) and found == []
    keeper.wait_all()
