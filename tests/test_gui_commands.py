"""``curator screenshot`` and the GUI's start-up choice of project."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from curator import cli
from curator.commands.gui import parse_size, startup_project
from curator.core.errors import CuratorError
from curator.demo import DEMO_FILENAME, create_demo
from curator.ui import app

pytestmark = pytest.mark.usefixtures("clean_settings")


def test_parse_size():
    assert parse_size("1600x1000") == (1600, 1000)
    assert parse_size(" 800 X 600 ") == (800, 600)
    for bad in ("1600", "axb", "1600x", "20x20", "1600x1000x3"):
        with pytest.raises(CuratorError, match="size"):
            parse_size(bad)


def test_screenshot_writes_a_png_of_the_requested_size(qapp, tmp_path):
    project = tmp_path / "demo.curator"
    create_demo(project).close()
    out = tmp_path / "shot.png"
    assert cli.main(["screenshot", str(project), str(out), "--size", "1600x1000"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)
    # not a blank window: the highlighted evidence and the timeline marks bring colour
    colours = {image.pixel(x, y) for x in range(0, 1600, 7) for y in range(0, 1000, 7)}
    assert len(colours) > 50


def test_screenshot_errors_are_one_line(qapp, tmp_path, capsys):
    assert cli.main(["screenshot", str(tmp_path / "nope.curator"), str(tmp_path / "x.png")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("curator: ") and "does not exist" in err and err.count("\n") == 1
    project = tmp_path / "p.curator"
    create_demo(project).close()
    assert cli.main(["screenshot", str(project), str(tmp_path / "x.png"), "--size", "big"]) == 1
    assert "--size" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_first_run_creates_and_opens_the_demo(qapp):
    demo = app.data_folder() / DEMO_FILENAME
    demo.unlink(missing_ok=True)
    project = startup_project(None)
    try:
        assert project.path == demo and demo.is_file()
        assert project.stats()["documents"] == 5
    finally:
        project.close()
    again = startup_project(None)  # second run: the same file, not a new one
    try:
        assert again.path == demo
        assert again.stats()["documents"] == 5
    finally:
        again.close()


def test_last_project_is_opened_when_it_still_exists(qapp, tmp_path):
    mine = tmp_path / "mine.curator"
    create_demo(mine).close()
    app.set_last_project(mine)
    project = startup_project(None)
    try:
        assert project.path == mine.resolve()
    finally:
        project.close()
    mine.unlink()
    app.set_last_project(mine)  # gone: fall back to the demo
    project = startup_project(None)
    try:
        assert project.path.name == DEMO_FILENAME
    finally:
        project.close()


def test_a_file_open_event_asks_to_open_that_file(qapp, qtbot):
    """macOS sends QFileOpenEvent when a .curator file is opened in the Finder."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFileOpenEvent

    from curator.ui.app import FileOpenWatcher

    watcher = FileOpenWatcher()
    qapp.installEventFilter(watcher)
    try:
        with qtbot.waitSignal(watcher.fileOpenRequested) as blocker:
            QCoreApplication.sendEvent(qapp, QFileOpenEvent("/tmp/some project.curator"))
        assert blocker.args == ["/tmp/some project.curator"]
    finally:
        qapp.removeEventFilter(watcher)


def test_screenshot_shows_the_lanes_and_tab_asked_for(qapp, tmp_path, capsys, monkeypatch):
    from curator.ui.main_window import MainWindow

    project = tmp_path / "demo.curator"
    create_demo(project).close()
    seen = {}
    original = MainWindow.close

    def remember_and_close(window):
        seen["tab"] = window.right_tabs.tabText(window.right_tabs.currentIndex())
        seen["lanes"] = window.timeline.lane_names()
        return original(window)

    monkeypatch.setattr(MainWindow, "close", remember_and_close)
    out = tmp_path / "shot.png"
    assert cli.main(["screenshot", str(project), str(out), "--lanes", "actor", "--tab", "suggestions"]) == 0
    assert seen["tab"].startswith("Suggestions")
    assert "John Kerry" in seen["lanes"] and "Syrian Army" in seen["lanes"]
    assert cli.main(["screenshot", str(project), str(out), "--tab", "nope"]) == 1
    err = capsys.readouterr().err
    assert "no tab named 'nope'" in err and "Events" in err
