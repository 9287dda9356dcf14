"""Labelled highlights in the text view, through real widgets: keys 1–9 on a selection, the label
palette, the context menu (link to an actor or place, note, remove), the tooltip and the click
menu where several highlights and events meet. Each action is checked in the database and
undone and redone."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QToolTip
from ui_support import open_window

from curator.core.offsets import QtTextMap
from curator.core.project import Project
from curator.ui.tags.span_dialogs import LinkActorDialog, NoteDialog

pytestmark = pytest.mark.usefixtures("clean_settings")

TEXT = ("Lakhdar Brahimi met Sergey Lavrov in Geneva on 22 January 2014.\n\n"
        "The Syrian Army shelled Aleppo; 76 people were killed, the council said.\n")


@pytest.fixture
def window(qtbot, project_path):
    with Project.create(project_path, "tester") as project:
        project.add_document(TEXT, title="Talks")
    return open_window(qtbot, project_path, annotator="tester")


def db_span(path, span_id):
    with sqlite3.connect(path) as conn:
        return conn.execute('SELECT start, "end", quote, tag_id, note, actor_id, deleted_at '
                            "FROM span WHERE id = ?", (span_id,)).fetchone()


def live_spans(path):
    with sqlite3.connect(path) as conn:
        return conn.execute('SELECT id, start, "end", quote, tag_id FROM span '
                            "WHERE deleted_at IS NULL ORDER BY start").fetchall()


def tag_id(path, name):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT id FROM tag WHERE name = ? AND deleted_at IS NULL", (name,)).fetchone()[0]


def select(window, needle, occurrence=0):
    """Select ``needle`` in the text view as a mouse drag would; its code-point range."""
    pane = window.documents
    text = pane.workspace.document_text(pane.document_id)
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    qt_map = QtTextMap(text)
    cursor = QTextCursor(pane.text.document())
    cursor.setPosition(qt_map.to_qt(start))
    cursor.setPosition(qt_map.to_qt(start + len(needle)), QTextCursor.KeepAnchor)
    pane.text.setTextCursor(cursor)
    pane.text.setFocus()
    return start, start + len(needle)


def point_of(window, offset) -> QPoint:
    """The viewport point in the middle of the character at code point ``offset``."""
    pane = window.documents
    qt = pane._map.to_qt(offset)
    cursor = QTextCursor(pane.text.document())
    cursor.setPosition(qt)
    left = pane.text.cursorRect(cursor)
    cursor.setPosition(qt + 1)
    right = pane.text.cursorRect(cursor)
    return QPoint((left.x() + right.x()) // 2, left.center().y())


def find_action(entries, text):
    """The action whose text starts with ``text`` among menu entries (searching submenus)."""
    for entry in entries:
        if isinstance(entry, QMenu):
            if entry.title().startswith(text):
                return entry
            found = find_action(entry.actions(), text)
            if found is not None:
                return found
        elif entry is not None and entry.text().split("\t")[0].startswith(text):
            return entry
        elif entry is not None and entry.menu() is not None:
            found = find_action(entry.menu().actions(), text)
            if found is not None:
                return found
    return None


def context_entries(window, offset):
    return window.documents.context_entries(window.documents._map.to_qt(offset))


def when_dialog(qtbot, kind, act):
    """Run ``act(dialog)`` on the next modal dialog of class ``kind`` as soon as it shows."""
    def poll():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            act(dialog)
        else:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)


def test_key_labels_the_selection_and_undo_redo(window, project_path, qtbot):
    start, end = select(window, "Lakhdar Brahimi")
    qtbot.keyClick(window.documents.text, Qt.Key_1)
    [(span_id, s, e, quote, tag)] = live_spans(project_path)
    assert (s, e, quote, tag) == (start, end, "Lakhdar Brahimi", tag_id(project_path, "Person"))
    assert window.documents.highlighted_span_count() == 1
    assert window.documents.text.layer.selected_span_id == span_id
    assert "Person" in window.statusBar().currentMessage()

    window.undo_action.trigger()
    assert live_spans(project_path) == []
    assert db_span(project_path, span_id)[-1] is not None  # tombstoned
    assert window.documents.highlighted_span_count() == 0
    window.redo_action.trigger()
    assert [r[0] for r in live_spans(project_path)] == [span_id]  # the very same record


def test_key_on_an_exact_highlight_relabels_it(window, project_path, qtbot):
    select(window, "Geneva")
    qtbot.keyClick(window.documents.text, Qt.Key_1)  # Person, by mistake
    [(span_id, *_)] = live_spans(project_path)
    select(window, "Geneva")
    qtbot.keyClick(window.documents.text, Qt.Key_3)  # Place
    assert [(r[0], r[4]) for r in live_spans(project_path)] == [(span_id, tag_id(project_path, "Place"))]
    window.undo_action.trigger()
    assert db_span(project_path, span_id)[3] == tag_id(project_path, "Person")
    window.redo_action.trigger()
    assert db_span(project_path, span_id)[3] == tag_id(project_path, "Place")


def test_a_key_without_selection_or_without_tag_labels_nothing(window, project_path, qtbot):
    qtbot.keyClick(window.documents.text, Qt.Key_1)  # nothing selected
    select(window, "Aleppo")
    qtbot.keyClick(window.documents.text, Qt.Key_9)  # no tag has key 9
    assert live_spans(project_path) == []
    assert "No label has the key 9" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0


def test_palette_and_context_menu_label_as(window, project_path, qtbot):
    pane = window.documents
    assert not pane.label_button.isEnabled()
    select(window, "76 people")
    assert pane.label_button.isEnabled() and pane.label_button.menu() is pane.palette
    figure = tag_id(project_path, "Figure")
    action = pane.palette.action_for(figure)
    assert action.text() == "Figure\t6" and not action.icon().isNull()
    action.trigger()
    assert [(r[3], r[4]) for r in live_spans(project_path)] == [("76 people", figure)]

    start, _ = select(window, "Syrian Army")
    label_as = find_action(context_entries(window, start), "Label as")
    assert label_as.isEnabled()
    find_action(label_as.actions(), "Group").trigger()
    assert [(r[3], r[4]) for r in live_spans(project_path)] == [
        ("Syrian Army", tag_id(project_path, "Group")), ("76 people", figure)]
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert live_spans(project_path) == []


def test_link_a_person_to_a_new_actor_is_one_undo_step(window, project_path, qtbot):
    start, _ = select(window, "Sergey Lavrov")
    qtbot.keyClick(window.documents.text, Qt.Key_1)
    [(span_id, *_)] = live_spans(project_path)
    link = find_action(context_entries(window, start + 2), "Link to actor/place")

    def fill(dialog):
        dialog.picker.setText("Sergey Lavrov")
        dialog.box.button(QDialogButtonBox.Ok).click()
    when_dialog(qtbot, LinkActorDialog, fill)
    link.trigger()
    actor_id = db_span(project_path, span_id)[5]
    with Project.open(project_path) as check:
        actor = check.actor(actor_id)
    assert (actor.name, actor.kind) == ("Sergey Lavrov", "person")
    assert "Person — Sergey Lavrov (mention)" in window.documents.tooltip_at(start)

    count = window.undo_stack.count()
    window.undo_action.trigger()  # unlinks AND removes the actor made for it
    assert db_span(project_path, span_id)[5] is None
    with Project.open(project_path) as check:
        assert [a.name for a in check.actors()] == []
    window.redo_action.trigger()
    assert db_span(project_path, span_id)[5] == actor_id
    with Project.open(project_path) as check:
        assert [a.id for a in check.actors()] == [actor_id]
    assert window.undo_stack.count() == count


def test_link_a_place_to_an_existing_record(window, project_path, qtbot):
    with Project.open(project_path) as project:
        geneva = project.add_actor("Genève", "place", aliases=["Geneva"])
        project.add_actor("Geneva Smith", "person")
    window.workspace.actorsChanged.emit()
    start, _ = select(window, "Geneva")
    qtbot.keyClick(window.documents.text, Qt.Key_3)
    [(span_id, *_)] = live_spans(project_path)

    def fill(dialog):
        assert dialog.picker.scope == "places"
        dialog.picker.setText("geneva")  # an alias
        dialog.box.button(QDialogButtonBox.Ok).click()
    when_dialog(qtbot, LinkActorDialog, fill)
    find_action(context_entries(window, start), "Link to actor/place").trigger()
    assert db_span(project_path, span_id)[5] == geneva
    with Project.open(project_path) as check:
        assert len(check.actors()) == 2  # nothing created
    window.undo_action.trigger()
    assert db_span(project_path, span_id)[5] is None


def test_note_and_remove_highlight(window, project_path, qtbot):
    start, _ = select(window, "the council said")
    qtbot.keyClick(window.documents.text, Qt.Key_7)  # Quote
    [(span_id, *_)] = live_spans(project_path)

    def write(dialog):
        dialog.editor.setPlainText("which council?")
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
    when_dialog(qtbot, NoteDialog, write)
    find_action(context_entries(window, start), "Edit note").trigger()
    assert db_span(project_path, span_id)[4] == "which council?"
    assert "note: which council?" in window.documents.tooltip_at(start + 3)
    window.undo_action.trigger()
    assert db_span(project_path, span_id)[4] == ""
    window.redo_action.trigger()

    remove = find_action(context_entries(window, start), "Remove highlight")
    remove.trigger()
    assert live_spans(project_path) == []
    window.undo_action.trigger()
    assert db_span(project_path, span_id)[4] == "which council?" and db_span(project_path, span_id)[6] is None
    window.redo_action.trigger()
    assert live_spans(project_path) == []


def test_removing_the_label_of_evidence_keeps_the_passage(window, project_path, qtbot):
    start, end = select(window, "The Syrian Army shelled Aleppo")
    window.documents.new_event_action.trigger()
    event_id = window.selection.event_id
    select(window, "The Syrian Army shelled Aleppo")
    qtbot.keyClick(window.documents.text, Qt.Key_5)  # Event: labels the evidence span itself
    [(span_id, s, e, _, tag)] = live_spans(project_path)
    assert (s, e, tag) == (start, end, tag_id(project_path, "Event"))
    remove = find_action(context_entries(window, start), "Remove label (the passage stays evidence")
    remove.trigger()
    assert [(r[0], r[4]) for r in live_spans(project_path)] == [(span_id, None)]
    with Project.open(project_path) as check:
        assert [sp.id for sp in check.event(event_id).evidence] == [span_id]
    window.undo_action.trigger()
    assert live_spans(project_path)[0][4] == tag_id(project_path, "Event")


def test_tooltip_lists_every_label_under_the_pointer(window, project_path, qtbot):
    start, _ = select(window, "Sergey Lavrov in Geneva")
    window.documents.new_event_action.trigger()
    with Project.open(project_path) as project:
        title = project.event(window.selection.event_id).title
    select(window, "Lavrov")
    qtbot.keyClick(window.documents.text, Qt.Key_1)
    select(window, "Sergey Lavrov")
    qtbot.keyClick(window.documents.text, Qt.Key_1)
    offset = TEXT.index("Lavrov") + 2
    viewport = window.documents.text.viewport()
    point = point_of(window, offset)
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.ToolTip, point, viewport.mapToGlobal(point)))
    shown = QToolTip.text()
    assert shown.splitlines() == ["Person — “Lavrov”", "Person — “Sergey Lavrov”", f"Event: {title}"]
    # beside the text: no tooltip
    margin = QPoint(4, point.y())
    assert window.documents.text.character_at(margin) is None
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.ToolTip, margin, viewport.mapToGlobal(margin)))
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def test_two_events_on_one_passage_are_both_reachable_by_clicking(window, project_path, qtbot):
    pane = window.documents
    select(window, "22 January 2014")
    pane.new_event_action.trigger()
    first = window.selection.event_id
    select(window, "22 January 2014")
    pane.new_event_action.trigger()
    second = window.selection.event_id
    window.selection.select(None)
    pane.text.setTextCursor(QTextCursor(pane.text.document()))  # no selection
    qtbot.mouseClick(pane.text.viewport(), Qt.LeftButton, pos=point_of(window, TEXT.index("January")))
    menu = pane.pick_menu
    assert menu is not None and menu.isVisible()
    titles = [a.text() for a in menu.actions()]
    assert len(titles) == 2 and all(t.startswith("Event: ") for t in titles)
    menu.actions()[0].trigger()
    menu.hide()
    picked = [window.selection.event_id]
    qtbot.mouseClick(pane.text.viewport(), Qt.LeftButton, pos=point_of(window, TEXT.index("January")))
    pane.pick_menu.actions()[1].trigger()
    picked.append(window.selection.event_id)
    assert sorted(picked) == sorted([first, second])


def test_clicking_a_single_highlight_selects_it(window, project_path, qtbot):
    pane = window.documents
    select(window, "Aleppo")
    qtbot.keyClick(pane.text, Qt.Key_3)
    [(span_id, *_)] = live_spans(project_path)
    pane.select_highlight(None)
    pane.text.setTextCursor(QTextCursor(pane.text.document()))
    qtbot.mouseClick(pane.text.viewport(), Qt.LeftButton, pos=point_of(window, TEXT.index("Aleppo") + 1))
    assert pane.text.layer.selected_span_id == span_id
    assert window.statusBar().currentMessage() == "Place — “Aleppo”"


def test_clicking_labelled_evidence_selects_its_event_and_a_name_inside_offers_both(window, qtbot):
    pane = window.documents
    select(window, "The Syrian Army shelled Aleppo")
    pane.new_event_action.trigger()
    event_id = window.selection.event_id
    select(window, "The Syrian Army shelled Aleppo")
    qtbot.keyClick(pane.text, Qt.Key_5)  # the evidence itself labelled Event
    select(window, "Syrian Army")
    qtbot.keyClick(pane.text, Qt.Key_2)  # a group named inside it
    window.selection.select(None)
    pane.text.setTextCursor(QTextCursor(pane.text.document()))
    pane.pick_menu = None
    qtbot.mouseClick(pane.text.viewport(), Qt.LeftButton, pos=point_of(window, TEXT.index("shelled")))
    assert window.selection.event_id == event_id and pane.pick_menu is None  # no menu needed
    window.selection.select(None)
    qtbot.mouseClick(pane.text.viewport(), Qt.LeftButton, pos=point_of(window, TEXT.index("Army")))
    assert [a.text() for a in pane.pick_menu.actions()] == ["Group — “Syrian Army”",
                                                            "Event: The Syrian Army shelled Aleppo"]
    pane.pick_menu.actions()[0].trigger()
    assert window.selection.event_id is None
    assert "Group — “Syrian Army”" in window.statusBar().currentMessage()
