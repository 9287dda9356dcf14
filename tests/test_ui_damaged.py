"""Opening a damaged project in the window: one line saying what is wrong, Recover into a new
project… (on a worker, with progress) and Open backup… when there is one; the damaged file is
never written."""

from __future__ import annotations

import shutil

import pytest
from media_support import digest, folder_listing, overwrite, page_size, table_pages
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from curator.ui.damaged_dialog import describe_recovery
from curator.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("clean_settings")


@pytest.fixture
def damaged(tmp_path, demo_path):
    """A copy of the demo whose first event leaf page is overwritten; (path, cells lost)."""
    path = tmp_path / "work" / "demo.curator"
    path.parent.mkdir()
    shutil.copy(demo_path, path)
    page, _, cells = next(p for p in table_pages(path, "event") if p[1] == "leaf")
    overwrite(path, (page - 1) * page_size(path), b"\xaa" * page_size(path))
    return path, cells


@pytest.fixture
def window(qtbot):
    window = MainWindow(None, remember=False)
    qtbot.addWidget(window)
    window.show()
    return window


def test_opening_a_damaged_project_says_so_in_one_line(qtbot, window, damaged):
    path, _ = damaged
    before, listing = digest(path), folder_listing(path.parent)
    assert window.open_path(path) is False
    dialog = window.damaged_dialog
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.label.text()
    assert text.startswith(f"{path} is damaged (database disk image is malformed: page ")
    assert text.endswith("of table event is damaged); nothing was changed; no backup found.")
    assert dialog.recover_button.isVisible() and not dialog.backup_button.isVisible()
    assert not window.workspace.has_project
    assert digest(path) == before and folder_listing(path.parent) == listing


def test_recover_into_a_new_project_from_the_dialog(qtbot, window, damaged, tmp_path):
    path, lost = damaged
    before = digest(path)
    window.open_path(path)
    dialog = window.damaged_dialog
    target = tmp_path / "recovered.curator"
    worker = dialog.recover(target)
    progress = []
    worker.progress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(worker.succeeded, timeout=30000) as done:
        pass
    qtbot.waitUntil(lambda: window.workspace.has_project, timeout=10000)
    assert window.workspace.path == target and window.workspace.editable
    assert window.workspace.stats()["events"] == 34 - lost
    report = done.args[0]
    assert report["tables"]["event"]["lost"] == lost
    assert f"event: {lost} lost" in describe_recovery(report)
    qtbot.waitUntil(lambda: window.damaged_dialog.result_box is not None, timeout=5000)
    assert "Recovered" in window.damaged_dialog.result_box.text()
    assert digest(path) == before


def test_open_a_copy_of_the_newest_backup(qtbot, window, damaged, demo_path, tmp_path):
    path, _ = damaged
    backup = path.with_name("demo.curator.v3-20250101-120000.bak")
    shutil.copy(demo_path, backup)
    before = digest(backup)
    window.open_path(path)
    dialog = window.damaged_dialog
    assert dialog.backup_button.isVisible() and str(backup) in dialog.label.text()
    target = tmp_path / "from backup.curator"
    assert dialog.open_backup(target) is True
    assert window.workspace.path == target and window.workspace.stats()["events"] == 34
    assert digest(backup) == before  # the backup itself is left as it was


def test_gui_command_on_a_damaged_project_opens_the_dialog(qtbot, damaged, monkeypatch):
    """`curator gui DAMAGED` shows an empty window with the dialog, not a traceback."""
    from curator.commands import gui
    from curator.ui import app

    path, _ = damaged
    shown = []
    monkeypatch.setattr(app, "ensure_application", lambda: QCoreApplication.instance())
    monkeypatch.setattr("curator.ui.preferences.ask_annotator_name_if_unset", lambda: None)
    monkeypatch.setattr(MainWindow, "show_damaged", lambda self, d: shown.append((self, d)))

    def exec_until_opened(self) -> int:  # the project opens on a worker once the window shows
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        for window in windows:
            window.opener.wait()
        return 0

    monkeypatch.setattr(type(QCoreApplication.instance()), "exec", exec_until_opened)

    class Args:
        project = str(path)

    assert gui.run_gui(Args()) == 0
    window, diagnosis = shown[0]
    qtbot.addWidget(window)
    assert diagnosis.damaged and diagnosis.path == path and not window.workspace.has_project


@pytest.mark.parametrize("where", ["event", "span"])
def test_a_screenshot_of_a_damaged_project_is_refused_in_one_line(capsys, tmp_path, demo_path, where):
    """The headless screenshot checks for damage beside the window: a damaged file gets its
    one-line diagnosis, no picture and no traceback, and the file is not written."""
    from curator.cli import main
    from curator.ui.timeline.binding import TimelineBinding

    path = tmp_path / "shot" / "demo.curator"
    path.parent.mkdir()
    shutil.copy(demo_path, path)
    page, _, _ = next(p for p in table_pages(path, where) if p[1] == "leaf")
    overwrite(path, (page - 1) * page_size(path), b"\xaa" * page_size(path))
    before = digest(path)
    out = tmp_path / "shot.png"
    code = main(["screenshot", str(path), str(out)])
    _, err = capsys.readouterr()
    assert code == 1 and "damaged" in err and err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists() and digest(path) == before
    assert TimelineBinding.first_pictures  # the screenshot's setting does not outlive it
    whole = tmp_path / "whole" / "demo.curator"  # and a whole file gets its picture
    whole.parent.mkdir()
    shutil.copy(demo_path, whole)
    assert main(["screenshot", str(whole), str(out)]) == 0 and out.stat().st_size > 10_000
