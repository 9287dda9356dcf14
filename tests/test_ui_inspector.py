"""The event inspector under the table, through real widgets: title, date, actors with roles,
place, description, evidence (open, remove, add the selection), each checked in the database and
undone and redone on the one undo stack."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from ui_support import open_window, select_text

from curator.core.project import Project
from curator.ui.events.inspector import EMPTY_TITLE
from curator.ui.events.table import EventColumn

pytestmark = pytest.mark.usefixtures("clean_settings")

# Emoji (astral, a ZWJ sequence), a combining mark and Arabic before the passages: code points
# and Qt's UTF-16 positions differ there.
TEXT_A = ("Intro 👩‍👩‍👧 café́ notes.\r\nKerry and Lavrov met in Geneva on 8 May 2014 to talk. "
          "Later the talks stalled.")
PASSAGE_A = "Kerry and Lavrov met in Geneva on 8 May 2014"
SECOND_A = "Later the talks stalled"
TEXT_B = ("حلب 🎉 before the news. The siege of Aleppo ended in December 2016, the army said. "
          "Residents left.")
PASSAGE_B = "The siege of Aleppo ended in December 2016"


@pytest.fixture
def path(tmp_path):
    """A project with two documents, an event citing a passage of the first, actors and places."""
    path = tmp_path / "inspector.curator"
    project = Project.create(path, annotator="tester")
    doc_a, doc_b = project.add_documents([
        dict(text=TEXT_A, title="Report A", published="2014-05-09"),
        dict(text=TEXT_B, title="Report B", published="2016-12-20")])
    start = TEXT_A.index(PASSAGE_A)
    event_id = project.create_event_from_passage(doc_a, start, start + len(PASSAGE_A),
                                                 title="Kerry and Lavrov meet")
    project.add_actor("John Kerry", "person", ["Kerry"])
    project.add_actor("Sergey Lavrov", "person", ["Lavrov"])
    project.add_actor("Aleppo", "place", ["Halab"])
    project.add_actor("Geneva", "place")
    assert (doc_a, doc_b, event_id) == (1, 2, 1)
    project.close()
    return path


def _window(qtbot, path, size=(1400, 900)):
    window = open_window(qtbot, path, annotator="tester", size=size)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)  # focus changes reach the fields
    window.selection.select(1)
    qtbot.waitUntil(lambda: window.inspector.stack.currentIndex() == 1)
    return window


def _db(path):
    return Project.open(path)


def _type(qtbot, field, text: str) -> None:
    """Replace a line edit's text as a user would (select all, type) and press Enter."""
    field.setFocus()
    field.selectAll()
    if text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key_Delete)
    qtbot.keyClick(field, Qt.Key_Return)


def _settle(qtbot, window) -> None:
    """Let the inspector's deferred refresh run."""
    qtbot.waitUntil(lambda: not window.inspector._refresh_timer.isActive())


def test_empty_state_and_layout_at_1280x800(qtbot, path):
    window = open_window(qtbot, path, size=(1280, 800))
    inspector = window.inspector
    assert inspector.stack.currentIndex() == 0
    assert inspector.empty_label.text() == EMPTY_TITLE and inspector.empty_label.isVisible()
    window.selection.select(1)
    assert inspector.stack.currentIndex() == 1
    assert inspector.title_edit.text() == "Kerry and Lavrov meet"
    # the table above and the inspector below both keep a usable height
    assert window.table.view.height() >= 100
    assert inspector.isVisible() and inspector.height() >= 150
    assert inspector.title_edit.isVisible()
    # the shortcut belongs to one action only
    owners = [a for a in window.findChildren(QAction)
              if QKeySequence("Ctrl+Shift+E") in a.shortcuts()]
    assert owners == [inspector.add_evidence_action]
    window.selection.select(None)
    assert inspector.stack.currentIndex() == 0


def test_title_enter_commits_blank_is_refused_undo(qtbot, path):
    window = _window(qtbot, path)
    title = window.inspector.title_edit
    stack = window.undo_stack
    _type(qtbot, title, "Kerry and Lavrov meet")  # unchanged: no command
    assert stack.count() == 0
    _type(qtbot, title, "Geneva talks  agreed")
    with _db(path) as db:
        assert db.event(1).title == "Geneva talks agreed"
    assert stack.count() == 1
    _type(qtbot, title, "")
    with _db(path) as db:
        assert db.event(1).title == "Geneva talks agreed"
    assert title.text() == "Geneva talks agreed"  # the old value is back in the field
    assert "an event needs a title" in window.inspector.notice.text()
    assert "an event needs a title" in window.statusBar().currentMessage()
    assert stack.count() == 1
    stack.undo()
    _settle(qtbot, window)
    with _db(path) as db:
        assert db.event(1).title == "Kerry and Lavrov meet"
    assert title.text() == "Kerry and Lavrov meet"
    # the table shows the same, and an edit in the table shows in the inspector
    assert window.table.model.row_at(window.table.model.row_of(1)).title == "Kerry and Lavrov meet"
    model = window.table.model
    model.setData(model.index(model.row_of(1), EventColumn.TITLE), "From the table")
    _settle(qtbot, window)
    assert title.text() == "From the table"


def test_date_through_the_editor(qtbot, path):
    window = _window(qtbot, path)
    editor = window.inspector.date_editor
    editor.line.setFocus()
    editor.line.selectAll()
    qtbot.keyClicks(editor.line, "9 May")  # no year: read against Report A's publication
    assert "2014-05-09" in editor.preview_text()
    qtbot.keyClick(editor.line, Qt.Key_Return)
    with _db(path) as db:
        date = db.event(1).date
    assert (date.earliest, date.latest) == ("2014-05-09", "2014-05-09")
    _type(qtbot, editor.line, "no date here")
    with _db(path) as db:
        assert db.event(1).date.earliest == "2014-05-09"
    assert "Date not changed" in window.inspector.notice.text()
    window.undo_stack.undo()
    with _db(path) as db:
        assert db.event(1).date.earliest is None
    window.undo_stack.redo()
    with _db(path) as db:
        assert db.event(1).date.earliest == "2014-05-09"


def test_description_commits_when_focus_leaves(qtbot, path):
    window = _window(qtbot, path)
    edit = window.inspector.description_edit
    edit.setFocus()
    qtbot.keyClicks(edit, "First meeting")
    with _db(path) as db:
        assert db.event(1).description == ""  # not per keystroke
    window.inspector.title_edit.setFocus()
    QTest.qWait(0)
    with _db(path) as db:
        assert db.event(1).description == "First meeting"
    assert window.undo_stack.count() == 1
    # typed, then another event selected with the focus still in the field: kept for this event
    edit.setFocus()
    qtbot.keyClicks(edit, " in Geneva")
    assert edit.hasFocus()
    with Project.open(path) as db:
        other = db.add_event("Another event")
    window.workspace.eventsChanged.emit([other])
    window.selection.select(other)
    with _db(path) as db:
        assert db.event(1).description == "First meeting in Geneva"
        assert db.event(other).description == ""
    assert edit.toPlainText() == ""
    window.undo_stack.undo()
    with _db(path) as db:
        assert db.event(1).description == "First meeting"


def test_actor_with_role_undo_redo(qtbot, path):
    window = _window(qtbot, path)
    table = window.inspector.actors_table
    assert table.pickers() == []
    qtbot.mouseClick(table.add_button, Qt.LeftButton)
    picker = table.pickers()[0]
    _type(qtbot, picker, "kerry")  # an alias of John Kerry
    _settle(qtbot, window)
    _type(qtbot, table.role_fields()[0], "mediator")
    _settle(qtbot, window)
    with _db(path) as db:
        kerry = db.find_actor("John Kerry")
        assert [(l.actor_id, l.role) for l in db.event_actor_links(1)] == [(kerry, "mediator")]
    # a new name makes a new actor, which undo takes away again
    qtbot.mouseClick(table.add_button, Qt.LeftButton)
    _type(qtbot, table.pickers()[1], "Jon Kery")
    _settle(qtbot, window)
    with _db(path) as db:
        typo = db.find_actor("Jon Kery")
        assert typo is not None
        assert [l.name for l in db.event_actor_links(1)] == ["John Kerry", "Jon Kery"]
    assert [p.text() for p in table.pickers()] == ["John Kerry", "Jon Kery"]
    window.undo_stack.undo()
    _settle(qtbot, window)
    with _db(path) as db:
        assert db.find_actor("Jon Kery") is None
        assert [(l.actor_id, l.role) for l in db.event_actor_links(1)] == [(kerry, "mediator")]
    assert [p.text() for p in table.pickers()] == ["John Kerry"]
    window.undo_stack.redo()
    with _db(path) as db:
        assert db.find_actor("Jon Kery") == typo  # the very same record
    window.undo_stack.undo()
    window.undo_stack.undo()  # the role
    with _db(path) as db:
        assert [(l.actor_id, l.role) for l in db.event_actor_links(1)] == [(kerry, "")]
    window.undo_stack.undo()  # the actor
    with _db(path) as db:
        assert db.event_actor_links(1) == []
    window.undo_stack.redo()
    window.undo_stack.redo()
    _settle(qtbot, window)
    assert [f.text() for f in table.role_fields()] == ["mediator"]
    # removing a row unlinks the actor; undo links it again
    qtbot.mouseClick(table.remove_buttons()[0], Qt.LeftButton)
    with _db(path) as db:
        assert db.event_actor_links(1) == []
    window.undo_stack.undo()
    with _db(path) as db:
        assert [(l.actor_id, l.role) for l in db.event_actor_links(1)] == [(kerry, "mediator")]


def test_role_completion_offers_common_and_project_roles(qtbot, path):
    with Project.open(path) as db:
        db.link_actor(1, db.find_actor("Sergey Lavrov"), "host")
    window = _window(qtbot, path)
    table = window.inspector.actors_table
    assert not window.inspector.roles.busy  # nothing read before a role is typed
    assert "host" not in table.roles_model.stringList()
    table.role_fields()[0].setFocus()
    qtbot.waitUntil(lambda: table.role_fields()[0].hasFocus())
    window.inspector.roles.wait()  # the project's roles are read on a worker
    roles = table.roles_model.stringList()
    assert roles[:3] == ["attacker", "target", "mediator"] and "host" in roles
    completer = table.role_fields()[0].completer()
    completer.setCompletionPrefix("ne")
    assert completer.currentCompletion() == "negotiator"


def test_place_existing_alias_and_new(qtbot, path):
    window = _window(qtbot, path)
    picker = window.inspector.place_picker
    _type(qtbot, picker, "Geneva")
    with _db(path) as db:
        geneva = db.find_actor("Geneva", "place")
        info = db.event(1)
        assert (info.place_id, info.location) == (geneva, "Geneva")
    _settle(qtbot, window)
    count = window.undo_stack.count()
    _type(qtbot, picker, "geneva")  # the same place: no command
    assert window.undo_stack.count() == count
    _type(qtbot, picker, "Halab")  # an alias of Aleppo
    with _db(path) as db:
        assert db.event(1).place_id == db.find_actor("Aleppo", "place")
    _settle(qtbot, window)
    assert picker.text() == "Aleppo"
    _type(qtbot, picker, "Montreux")  # a new name makes a place
    with _db(path) as db:
        montreux = db.find_actor("Montreux", "place")
        assert montreux is not None and db.actor(montreux).kind == "place"
        assert (db.event(1).place_id, db.event_row(1).location) == (montreux, "Montreux")
    window.undo_stack.undo()
    _settle(qtbot, window)
    with _db(path) as db:
        assert db.find_actor("Montreux") is None
        assert db.event(1).location == "Aleppo"
    assert picker.text() == "Aleppo"
    window.undo_stack.redo()
    with _db(path) as db:
        assert db.event(1).place_id == montreux
    # choosing a completion commits at once
    picker.setFocus()
    picker.selectAll()
    qtbot.keyClicks(picker, "Gen")
    completer = picker.completer()
    completer.setCompletionPrefix("Gen")
    index = completer.completionModel().index(0, 0)
    completer.activated[type(index)].emit(index)
    with _db(path) as db:
        assert db.event(1).place_id == geneva
    _type(qtbot, picker, "")  # cleared
    with _db(path) as db:
        assert (db.event(1).place_id, db.event(1).location) == (None, "")
    window.undo_stack.undo()
    with _db(path) as db:
        assert db.event(1).place_id == geneva


def test_remove_evidence_and_undo(qtbot, path):
    with Project.open(path) as db:
        start = TEXT_A.index(SECOND_A)
        second = db.add_evidence_passage(1, 1, start, start + len(SECOND_A))
    window = _window(qtbot, path)
    evidence = window.inspector.evidence_list
    assert len(evidence.links) == 2
    assert "Later the talks stalled" in evidence.links[1].full_text
    qtbot.mouseClick(evidence.remove_buttons[1], Qt.LeftButton)
    with _db(path) as db:
        assert [s.quote for s in db.event(1).evidence] == [PASSAGE_A]
        assert db.span(second).quote == SECOND_A  # the passage stays, unlinked
    _settle(qtbot, window)
    assert len(evidence.links) == 1
    window.undo_stack.undo()
    with _db(path) as db:
        assert [s.quote for s in db.event(1).evidence] == [PASSAGE_A, SECOND_A]
    _settle(qtbot, window)
    assert len(evidence.links) == 2


def test_add_selection_as_evidence_shortcut_menu_and_undo(qtbot, path):
    window = _window(qtbot, path)
    action = window.inspector.add_evidence_action
    assert action in window.documents.text.extra_actions  # the text view's context menu
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert action in edit_menu.actions()
    window.documents.show_document(2)
    assert not action.isEnabled()  # no selection
    start, end = select_text(window, PASSAGE_B)
    assert action.isEnabled()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    window.documents.text.setFocus()
    QTest.keyClick(window.documents.text, Qt.Key_E, Qt.ControlModifier | Qt.ShiftModifier)
    with _db(path) as db:
        evidence = [(s.document_id, s.start, s.end, s.quote) for s in db.event(1).evidence]
        assert evidence[1] == (2, start, end, PASSAGE_B)
        span_id = db.event(1).evidence[1].id
    # drawn as the selected event's evidence in the text
    assert [(s.start, s.end) for s in window.documents.spans_of_event(1)] == [(start, end)]
    _settle(qtbot, window)
    assert len(window.inspector.evidence_list.links) == 2
    # the same passage again is refused, with its reason
    action.trigger()
    assert "already evidence" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    with _db(path) as db:
        assert len(db.event(1).evidence) == 1
        assert all((s.start, s.end) != (start, end) for s in db.spans(2))  # the new span is gone
    assert window.documents.spans_of_event(1) == []
    window.undo_stack.redo()
    with _db(path) as db:
        assert db.event(1).evidence[1].id == span_id
    window.selection.select(None)
    assert not action.isEnabled()  # no event


def test_evidence_link_opens_the_document_at_the_passage(qtbot, path):
    with Project.open(path) as db:
        start = TEXT_B.index(PASSAGE_B)
        db.add_evidence_passage(1, 2, start, start + len(PASSAGE_B))
    window = _window(qtbot, path)
    pane = window.documents
    assert pane.document_id == 1
    links = window.inspector.evidence_list.links
    assert "Report B" in links[1].full_text and "siege of Aleppo" in links[1].full_text
    qtbot.mouseClick(links[1], Qt.LeftButton)
    assert pane.document_id == 2
    assert pane.selected_passage() == (2, start, start + len(PASSAGE_B))
    assert pane.text.textCursor().selectedText() == PASSAGE_B
    qtbot.mouseClick(window.inspector.evidence_list.links[0], Qt.LeftButton)
    first = TEXT_A.index(PASSAGE_A)
    assert pane.document_id == 1
    assert pane.selected_passage() == (1, first, first + len(PASSAGE_A))
