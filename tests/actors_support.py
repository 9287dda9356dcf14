"""A small project for the Actors tab tests, and ways to drive the tab as a user would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from curator.core.project import Project

TEXT_1 = ("Ali Hassan met the Blue Brigade in Aleppo. Later, Hassan left Aleppo. "
          "The Blue Brigade stayed.")
TEXT_2 = "In Aleppo the Blue Brigade held the line; Ali Hassan was not there."


def make_project(path: Path) -> dict:
    """Two documents, four records (one a place, one a duplicate of another), three events and
    one mention; returns their ids by name."""
    ids: dict = {}
    with Project.create(path, annotator="tester") as project:
        ids["doc1"] = project.add_document(TEXT_1, title="First report")
        ids["doc2"] = project.add_document(TEXT_2, title="Second report")
        ids["ali"] = project.add_actor("Ali Hassan", "person", ["Hassan"])
        ids["dup"] = project.add_actor("A. Hassan", "person")
        ids["brigade"] = project.add_actor("Blue Brigade", "armed group")
        ids["aleppo"] = project.add_actor("Aleppo", "place", latitude=36.2, longitude=37.15)
        end = TEXT_1.index(".") + 1
        ids["e1"] = project.create_event_from_passage(ids["doc1"], 0, end, title="Meeting in Aleppo",
                                                      actors=["Ali Hassan", "Blue Brigade"])
        start = TEXT_1.index("Later")
        ids["e2"] = project.create_event_from_passage(ids["doc1"], start, TEXT_1.index(".", start) + 1,
                                                      title="Hassan leaves", actors=["A. Hassan"])
        ids["e3"] = project.create_event_from_passage(ids["doc2"], 0, TEXT_2.index(";"),
                                                      title="The line holds", actors=["Blue Brigade"])
        ids["mention"] = project.add_highlight(ids["doc1"], 0, len("Ali Hassan"), actor_id=ids["ali"])
    return ids


def open_actors_tab(qtbot, tmp_path: Path):
    """A window on a new project from :func:`make_project`, its Actors tab shown: (window, the
    Actors panel, the records' ids, the project's path)."""
    import ui_support

    path = tmp_path / "actors.curator"
    ids = make_project(path)
    window = ui_support.open_window(qtbot, path)
    window.show_tab(window.actors)
    window.actors.loader.wait()  # the rows are read on a worker
    return window, window.actors, ids, path


def click_actor(panel, actor_id: int, modifier=Qt.NoModifier) -> None:
    """Click a record's row in the Actors tab (with Ctrl to add it to the selection)."""
    index = panel.proxy_index(actor_id)
    assert index.isValid()
    panel.view.scrollTo(index)
    QTest.mouseClick(panel.view.viewport(), Qt.LeftButton, modifier, panel.view.visualRect(index).center())


def listed_names(panel) -> list[str]:
    """The names the tab shows, top to bottom (once the rows asked for have come)."""
    panel.loader.wait()
    return [panel.proxy.index(row, 0).data() for row in range(panel.proxy.rowCount())]


def click(button) -> None:
    QTest.mouseClick(button, Qt.LeftButton)


def button_of(panel, action):
    """The tab's button for ``action``."""
    from PySide6.QtWidgets import QToolButton

    return next(b for b in panel.findChildren(QToolButton) if b.defaultAction() is action)


def double_click(view, index) -> None:
    """Double-click a cell as the mouse does: a click, then the second press (a double-click)."""
    view.scrollTo(index)
    centre = view.visualRect(index).center()
    QTest.mouseClick(view.viewport(), Qt.LeftButton, pos=centre)
    QTest.mouseDClick(view.viewport(), Qt.LeftButton, pos=centre)
