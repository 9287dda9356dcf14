"""The window's commits never fold the write-ahead log into the main file (SQLite's automatic
checkpoint did it inside the commit that crossed 1,000 pages); a worker folds it when it has grown.
The main file is read on its own (SQLite's immutable=1 ignores the WAL) to see what was folded."""

from __future__ import annotations

import sqlite3

import pytest
from ui_support import open_window

from curator.core.project import Project
from curator.ui.store import checkpoints

pytestmark = pytest.mark.usefixtures("clean_settings")


def main_file_titles(path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM document ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "wal.curator"
    Project.create(path, annotator="tester").close()
    return path


def test_the_window_commits_without_folding_and_a_worker_folds(qtbot, path, monkeypatch):
    window = open_window(qtbot, path, annotator="tester")
    project = window.workspace.project
    with project._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    window.workspace.add_documents([{"text": "The convoy reached Aleppo on 8 May 2014.", "title": "Convoy"}])
    assert "Convoy" not in main_file_titles(path)  # committed to the WAL only
    monkeypatch.setattr(checkpoints, "FOLD_FROM", 1)
    assert window.wal_folder.look()
    qtbot.waitUntil(lambda: window.wal_folder.job is None, timeout=10000)
    assert "Convoy" in main_file_titles(path)  # folded by the worker


def test_a_small_wal_is_left_alone(qtbot, path):
    window = open_window(qtbot, path, annotator="tester")
    window.workspace.add_documents([{"text": "A short note.", "title": "Note"}])
    assert not window.wal_folder.look()  # far below FOLD_FROM
    assert window.wal_folder.folds == 0
