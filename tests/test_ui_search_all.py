"""Ctrl+Shift+F: the Search tab lists hits in every document; one click opens a hit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_support import open_window

from curator.core.project import Project
from curator.ui.search import all_documents
from curator.ui.search.all_documents import HitRole

pytestmark = pytest.mark.usefixtures("clean_settings")

FIRST = "The convoy reached Aleppo at dawn. Nothing else."
SECOND = "🚚 Two convoys 🚚\r\nحلب: a convoy <b>left</b> & another CONVOY arrived."
THIRD = "No match in this one."


def make_project(path) -> list[int]:
    project = Project.create(path, annotator="tester")
    ids = project.add_documents([{"text": FIRST, "title": "Dawn report"},
                                 {"text": SECOND, "title": "Second <report>"},
                                 {"text": THIRD, "title": "Third"}])
    project.close()
    return ids


def search_all(qtbot, window, query: str):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.documents.text, Qt.Key_F, Qt.ControlModifier | Qt.ShiftModifier)
    panel = window.search.panel
    assert window.right_tabs.currentWidget().isAncestorOf(panel) and panel.field.hasFocus()
    qtbot.keyClicks(panel.field, query)
    wait_for_results(qtbot, panel, query)
    return panel


def wait_for_results(qtbot, panel, query: str) -> None:
    qtbot.waitUntil(lambda: panel.result is not None and panel.result.query == query, timeout=10_000)


def click_item(qtbot, tree, item) -> None:
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.LeftButton, pos=rect.center())


def test_hits_from_two_documents_listed_and_one_click_opens_the_passage(qtbot, project_path):
    first, second, third = make_project(project_path)
    window = open_window(qtbot, project_path)
    panel = search_all(qtbot, window, "convoy")
    tree = panel.results
    assert tree.topLevelItemCount() == 2  # the third document has no hit
    titles = [tree.topLevelItem(i).text(0) for i in range(2)]
    assert titles == ["<b>Dawn report</b> — 1 match", "<b>Second &lt;report&gt;</b> — 3 matches"]
    assert panel.summary.text() == "4 matches in 2 documents"
    assert window.right_tabs.tabText(window.right_tabs.currentIndex()) == "Search (4)"
    snippets = [tree.topLevelItem(1).child(i).text(0) for i in range(3)]
    assert "&lt;b&gt;left&lt;/b&gt; &amp; another" in snippets[1]  # the text's markup is escaped
    assert '<b style="background-color:#9fe6ff">CONVOY</b>' in snippets[2]
    assert "حلب" in snippets[1] and "\n" not in snippets[1]

    start = SECOND.index("CONVOY")
    item = panel.item_of_hit(second, start)
    assert item.data(0, HitRole) == (second, start, start + 6)
    pane = window.documents
    assert pane.document_id == first
    click_item(qtbot, tree, item)
    assert pane.document_id == second
    assert pane.selected_passage() == (second, start, start + 6)
    assert pane.text.textCursor().selectedText() == "CONVOY"
    assert sorted(pane.overlay_text("search-all")) == ["CONVOY", "convoy", "convoy"]

    click_item(qtbot, tree, panel.item_of_hit(first, FIRST.index("convoy")))
    assert pane.document_id == first and pane.selected_passage()[1] == FIRST.index("convoy")
    assert pane.overlay_text("search-all") == ["convoy"]
    click_item(qtbot, tree, tree.topLevelItem(1))  # a document's row: its first hit
    start = SECOND.index("convoy")
    assert pane.document_id == second and pane.selected_passage() == (second, start, start + 6)

    # a new query takes the old hits off the text, and "No matches" says so
    panel.field.selectAll()
    qtbot.keyClicks(panel.field, "zebra")
    wait_for_results(qtbot, panel, "zebra")
    assert panel.summary.text() == "No matches" and tree.topLevelItemCount() == 0
    assert window.right_tabs.tabText(window.right_tabs.currentIndex()) == "Search"
    assert pane.overlay_text("search-all") == []


def test_results_are_capped(qtbot, project_path, monkeypatch):
    make_project(project_path)
    monkeypatch.setattr(all_documents, "RESULT_LIMIT", 2)
    window = open_window(qtbot, project_path)
    panel = search_all(qtbot, window, "o")
    assert sum(panel.results.topLevelItem(i).childCount()
               for i in range(panel.results.topLevelItemCount())) == 2
    assert panel.summary.text().startswith("Showing the first 2 matches")


def test_a_newer_query_wins_over_a_search_still_running(qtbot, project_path):
    make_project(project_path)
    window = open_window(qtbot, project_path)
    panel = window.search.panel
    panel.field.setText("dawn")
    panel.search_now()
    panel.field.setText("convoy")
    with qtbot.waitSignal(panel.searchFinished, timeout=10_000):
        panel.search_now()
    qtbot.waitUntil(lambda: not panel._jobs)
    assert panel.result.query == "convoy" and panel.summary.text() == "4 matches in 2 documents"
