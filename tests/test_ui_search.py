"""Ctrl+F: the find bar under the document text, driven with real keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_support import open_window

from curator.core.project import Project
from curator.ui.search.matching import find_all, snippet_html

pytestmark = pytest.mark.usefixtures("clean_settings")

PLAIN = "Aleppo is a city. The siege of aleppo ended; ALEPPO was quiet.\nNothing else here."
TRICKY = ("👩‍👩‍👧 family 🇸🇾 flag\r\nمرحبا بالعالم — حلب\r\nİİİ dotted capitals, then the "
          "Target word, and target again.\r\nLast line: TARGET.")


def make_project(path, *texts: str) -> list[int]:
    project = Project.create(path, annotator="tester")
    ids = project.add_documents([{"text": t, "title": f"Doc {i + 1}"} for i, t in enumerate(texts)])
    project.close()
    return ids


def open_find_bar(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.documents.text, Qt.Key_F, Qt.ControlModifier)  # the window's Ctrl+F
    bar = window.search.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    return bar


def test_typing_counts_hits_and_enter_steps_through_them(qtbot, project_path):
    doc_id = make_project(project_path, PLAIN)[0]
    window = open_window(qtbot, project_path)
    pane = window.documents
    assert pane.document_id == doc_id
    bar = open_find_bar(qtbot, window)
    qtbot.keyClicks(bar.field, "aleppo")
    qtbot.waitUntil(lambda: bar.count_text() == "1 of 3")
    hits = [(m, m + 6) for m in (0, PLAIN.index("aleppo"), PLAIN.index("ALEPPO"))]
    assert bar.hits == hits
    assert sorted(pane.overlay_text("search")) == ["ALEPPO", "Aleppo", "aleppo"]
    assert pane.selected_passage() == (doc_id, *hits[0])

    qtbot.keyClick(bar.field, Qt.Key_Return)
    assert bar.count_text() == "2 of 3" and pane.selected_passage() == (doc_id, *hits[1])
    qtbot.keyClick(bar.field, Qt.Key_Return)
    qtbot.keyClick(bar.field, Qt.Key_Return)  # past the last: back to the first
    assert bar.count_text() == "1 of 3" and pane.selected_passage() == (doc_id, *hits[0])
    qtbot.keyClick(bar.field, Qt.Key_Return, Qt.ShiftModifier)  # Shift+Enter: previous
    assert bar.count_text() == "3 of 3" and pane.selected_passage() == (doc_id, *hits[2])
    qtbot.keyClick(pane.text, Qt.Key_F3, Qt.ShiftModifier)  # Shift+F3 anywhere in the window
    assert bar.count_text() == "2 of 3"
    qtbot.keyClick(pane.text, Qt.Key_F3)
    assert bar.count_text() == "3 of 3"

    # Match case: only the exact spelling
    qtbot.mouseClick(bar.match_case, Qt.LeftButton)
    assert bar.hits == [hits[1]] and bar.count_text() == "1 of 1"


def test_no_matches_turns_the_field_red_and_esc_closes_the_bar(qtbot, project_path):
    make_project(project_path, PLAIN)
    window = open_window(qtbot, project_path)
    bar = open_find_bar(qtbot, window)
    qtbot.keyClicks(bar.field, "city")
    qtbot.waitUntil(lambda: bar.count_text() == "1 of 1")
    assert bar.field.styleSheet() == ""
    qtbot.keyClicks(bar.field, "zzz")
    qtbot.waitUntil(lambda: bar.count_text() == "No matches")
    assert "background-color" in bar.field.styleSheet()
    assert window.documents.overlay_text("search") == []
    assert not bar.next_button.isEnabled()
    qtbot.keyClick(bar.field, Qt.Key_Backspace)
    qtbot.keyClick(bar.field, Qt.Key_Backspace)
    qtbot.keyClick(bar.field, Qt.Key_Backspace)
    qtbot.waitUntil(lambda: bar.count_text() == "1 of 1")
    assert window.documents.overlay_text("search") == ["city"]

    qtbot.keyClick(bar.field, Qt.Key_Escape)
    assert not bar.isVisible()
    assert window.documents.overlay_text("search") == []
    assert window.documents.highlighted_span_count() == 0  # nothing else was drawn
    assert window.documents.selected_passage()[1:] == (PLAIN.index("city"), PLAIN.index("city") + 4)


def test_offsets_stay_exact_after_emoji_arabic_crlf_and_dotted_capitals(qtbot, project_path):
    doc_id = make_project(project_path, TRICKY)[0]
    assert len(TRICKY.lower()) != len(TRICKY)  # "İ".lower() is two code points
    window = open_window(qtbot, project_path)
    pane = window.documents
    bar = open_find_bar(qtbot, window)
    qtbot.keyClicks(bar.field, "target")
    qtbot.waitUntil(lambda: bar.count_text() == "1 of 3")
    starts = [TRICKY.index("Target"), TRICKY.index("target"), TRICKY.index("TARGET")]
    for i, start in enumerate(starts):
        assert pane.selected_passage() == (doc_id, start, start + 6)
        assert pane.text.textCursor().selectedText() == TRICKY[start:start + 6]
        qtbot.keyClick(bar.field, Qt.Key_Return)
    # Arabic and a query that spans a CRLF line end's neighbours
    bar.field.setText("حلب")  # QTest cannot type Arabic letters: as an input method would
    qtbot.waitUntil(lambda: bar.count_text() == "1 of 1")
    start = TRICKY.index("حلب")
    assert pane.selected_passage() == (doc_id, start, start + 3)
    assert pane.overlay_text("search") == ["حلب"]


def test_search_runs_again_when_another_document_is_shown(qtbot, project_path):
    first, second = make_project(project_path, PLAIN, "one aleppo, two Aleppo, three ALEPPO, four aleppo")
    window = open_window(qtbot, project_path)
    pane = window.documents
    bar = open_find_bar(qtbot, window)
    qtbot.keyClicks(bar.field, "aleppo")
    qtbot.waitUntil(lambda: bar.count_text() == "1 of 3")
    pane.show_document(second)
    assert bar.count_text() == "4 matches" and len(pane.overlay_text("search")) == 4
    qtbot.keyClick(bar.field, Qt.Key_Return)
    assert bar.count_text() == "1 of 4" and pane.selected_passage() == (second, 4, 10)


def test_ctrl_f_takes_a_short_selection_as_the_query(qtbot, project_path):
    doc_id = make_project(project_path, PLAIN)[0]
    window = open_window(qtbot, project_path)
    window.documents.select_passage(PLAIN.index("siege"), PLAIN.index("siege") + 5)
    bar = open_find_bar(qtbot, window)
    assert bar.field.text() == "siege"
    qtbot.waitUntil(lambda: bar.count_text() == "1 of 1")
    assert window.documents.selected_passage() == (doc_id, PLAIN.index("siege"), PLAIN.index("siege") + 5)


def test_find_all_is_exact_in_code_points():
    text = "İstanbul ß STRASSE 👍 strasse"
    assert [text[s:e] for s, e in find_all(text, "strasse")] == ["STRASSE", "strasse"]
    assert find_all(text, "İstanbul", match_case=True) == [(0, 8)]
    assert find_all(text, "") == []
    assert snippet_html("a <b>\n", "x&y", "\r\nz") == 'a &lt;b&gt; <b style="background-color:#9fe6ff">x&amp;y</b> z'


def test_f3_with_the_bar_closed_reopens_it_on_the_next_hit(qtbot, project_path, monkeypatch):
    from curator.ui.search import find_bar

    doc_id = make_project(project_path, PLAIN)[0]
    monkeypatch.setattr(find_bar, "OVERLAY_LIMIT", 2)  # only the current hit's neighbours drawn
    window = open_window(qtbot, project_path)
    pane = window.documents
    bar = open_find_bar(qtbot, window)
    qtbot.keyClicks(bar.field, "aleppo")
    qtbot.waitUntil(lambda: bar.count_text() == "1 of 3")
    assert pane.overlay_text("search") == ["aleppo", "Aleppo"]  # the current one drawn last
    qtbot.keyClick(bar.field, Qt.Key_Escape)
    assert not bar.isVisible() and pane.overlay_text("search") == []
    qtbot.keyClick(pane.text, Qt.Key_F3)
    assert bar.isVisible() and bar.count_text() == "2 of 3"
    start = PLAIN.index("aleppo")
    assert pane.selected_passage() == (doc_id, start, start + 6)
