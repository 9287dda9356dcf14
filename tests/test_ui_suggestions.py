"""The Suggestions panel through real widgets: listing the demo's dated sentences, Enter to
accept, Delete to reject (for good), accept all in a document, undo; the facade calls behind it."""

from __future__ import annotations

from pathlib import Path

import pytest
import ui_support
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from curator.core.project import Project
from curator.suggestions import suggest_events
from curator.ui.main_window import MainWindow
from curator.ui.suggestions.panel import SENTENCE_COLOUR, SuggestionsPanel

pytestmark = pytest.mark.usefixtures("clean_settings")


def open_window(qtbot, path: Path) -> MainWindow:
    window = ui_support.open_window(qtbot, path)
    window.right_tabs.setCurrentIndex(1)  # the Suggestions tab
    window.suggestions.wait_until_idle()
    return window


def choose(panel: SuggestionsPanel, row: int):
    """Click a suggestion's row, as a user would."""
    index = panel.model.index(row, 1)
    panel.view.scrollTo(index)
    QTest.mouseClick(panel.view.viewport(), Qt.LeftButton, pos=panel.view.visualRect(index).center())
    assert panel.current() is panel.model.items[row]
    return panel.current()


def events_with_evidence(path: Path, document_id: int, start: int, end: int) -> list[int]:
    with Project.open(path) as check:
        return [r.id for r in check.event_rows()
                if [(s.document_id, s.start, s.end) for s in check.event(r.id).evidence]
                == [(document_id, start, end)]]


def test_lists_the_shown_documents_suggestions_and_highlights_the_sentence(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    panel = window.suggestions
    document_id = window.documents.document_id
    with Project.open(demo_path) as check:
        expected = suggest_events(check, [document_id])
    assert [s.key for s in panel.model.items] == [s.key for s in expected]
    assert len(expected) > 10
    assert window.right_tabs.tabText(1) == f"Suggestions ({len(expected)})"
    item = choose(panel, 5)
    assert panel.highlighted_sentence() == item.sentence
    colours = [e.format.background().color() for e in window.documents.text.extraSelections()]
    assert SENTENCE_COLOUR in colours
    assert window.documents.highlighted_span_count() >= 2  # the evidence highlights stay too
    # the whole list for every document, computed on a worker thread
    panel.all_documents.setChecked(True)
    assert panel._jobs  # the search runs off the GUI thread
    panel.wait_until_idle()
    assert len({s.document_id for s in panel.model.items}) == 5
    other = next(i for i, s in enumerate(panel.model.items) if s.document_id != document_id)
    item = choose(panel, other)
    assert window.documents.document_id == item.document_id  # shown in its document
    assert panel.highlighted_sentence() == item.sentence


def test_enter_accepts_as_an_ordinary_event(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    panel = window.suggestions
    rows_before = window.table.model.rowCount()
    drawn_before = window.timeline.event_count_drawn()
    item = next(s for s in panel.model.items if s.actors)
    choose(panel, panel.model.row_of(item.key))
    panel.view.setFocus()
    QTest.keyClick(panel.view, Qt.Key_Return)
    assert window.table.model.rowCount() == rows_before + 1
    [event_id] = events_with_evidence(demo_path, item.document_id, item.start, item.end)
    with Project.open(demo_path) as check:
        event = check.event(event_id)
    assert event.evidence[0].quote == item.sentence
    assert event.date == item.date and event.title == item.title
    assert event.actor_names == item.actors
    assert window.timeline.event_count_drawn() == drawn_before + (1 if item.date.earliest else 0)
    assert panel.model.row_of(item.key) is None
    panel.wait_until_idle()
    assert panel.model.row_of(item.key) is None  # not proposed again
    assert panel.current() is not None  # the next one is ready for the next key
    window.undo_action.trigger()
    assert events_with_evidence(demo_path, item.document_id, item.start, item.end) == []
    assert window.table.model.rowCount() == rows_before
    panel.wait_until_idle()
    assert panel.model.row_of(item.key) is not None
    window.redo_action.trigger()
    assert events_with_evidence(demo_path, item.document_id, item.start, item.end) == [event_id]


def test_a_key_accepts_too(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    panel = window.suggestions
    item = choose(panel, 0)
    QTest.keyClick(panel.view, Qt.Key_A)
    assert len(events_with_evidence(demo_path, item.document_id, item.start, item.end)) == 1


def test_delete_rejects_for_good_and_never_deletes_an_event(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    panel = window.suggestions
    window.selection.select(window.table.model.rows()[0].id)  # an event is selected as well
    events_before = window.table.model.rowCount()
    item = choose(panel, 2)
    panel.view.setFocus()
    QTest.keyClick(panel.view, Qt.Key_Delete)
    assert window.table.model.rowCount() == events_before  # the window's Delete did not fire
    assert panel.model.row_of(item.key) is None
    panel.refresh(now=True)
    panel.wait_until_idle()
    assert panel.model.row_of(item.key) is None
    with Project.open(demo_path) as check:
        assert (item.document_id, item.start, item.end, item.date.edtf) in check.rejected_suggestions()
        assert check.stats()["events"] == events_before
    window.close()
    again = open_window(qtbot, demo_path)
    assert again.suggestions.model.items
    assert again.suggestions.model.row_of(item.key) is None  # still rejected after reopening
    # R rejects; undo brings it back
    second = choose(again.suggestions, 0)
    QTest.keyClick(again.suggestions.view, Qt.Key_R)
    assert again.suggestions.model.row_of(second.key) is None
    again.undo_action.trigger()
    again.suggestions.wait_until_idle()
    assert again.suggestions.model.row_of(second.key) is not None


def test_accept_all_in_this_document(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    panel = window.suggestions
    panel.all_documents.setChecked(True)
    panel.wait_until_idle()
    target = next(s for s in panel.model.items if s.document_id != window.documents.document_id)
    choose(panel, panel.model.row_of(target.key))
    listed = [s for s in panel.model.items if s.document_id == target.document_id]
    others = [s for s in panel.model.items if s.document_id != target.document_id]
    with Project.open(demo_path) as check:
        before = check.stats()["events"]
    QTest.mouseClick(panel.accept_all_button, Qt.LeftButton)
    with Project.open(demo_path) as check:
        assert check.stats()["events"] == before + len(listed)
        quotes = {s.quote for r in check.event_rows() for s in check.event(r.id).evidence}
    assert {s.sentence for s in listed} <= quotes
    panel.wait_until_idle()
    assert not [s for s in panel.model.items if s.document_id == target.document_id]
    assert len(panel.model.items) == len(others)  # other documents untouched
    window.undo_action.trigger()  # one step takes them all back
    with Project.open(demo_path) as check:
        assert check.stats()["events"] == before
    panel.wait_until_idle()
    assert len(panel.model.items) == len(listed) + len(others)


def test_suggestions_never_cover_what_a_person_wrote(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    panel = window.suggestions
    document_id = window.documents.document_id
    evidence = [(s.start, s.end) for s in window.workspace.spans(document_id) if s.event_ids]
    assert evidence
    for item in panel.model.items:
        assert not any(s < item.end and item.start < e for s, e in evidence)


def test_facade_bulk_delete_restore_and_forget_rejection(project):
    doc = project.add_document("On 8 May 2014 the bridge fell. On 9 May 2014 it rained hard.")
    first = project.create_event_from_passage(doc, 0, 30)
    second = project.create_event_from_passage(doc, 31, 60)
    stamp = project.delete_events([first, second])
    assert project.stats()["events"] == 0 and project.stats()["spans"] == 0
    project.restore_events([first, second], stamp)
    assert project.stats()["events"] == 2 and project.stats()["spans"] == 2
    with pytest.raises(Exception):
        project.delete_events([first, 9999])  # all or none
    assert project.stats()["events"] == 2
    rejection = project.reject_suggestion(doc, 0, 30, "2014-05-08")
    assert project.rejected_suggestions() == {(doc, 0, 30, "2014-05-08")}
    project.forget_rejections([rejection])
    assert project.rejected_suggestions() == set()
