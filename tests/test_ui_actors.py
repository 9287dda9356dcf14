"""The Actors tab through real widgets: listing, filtering and sorting records, renaming in
place, the Edit dialog (aliases, coordinates refused when out of range), new and deleted
records, and what selecting a record shows (its events in the table, its mentions in the text,
its lane on the timeline). Every change is checked in the file, then undone and redone."""

from __future__ import annotations

import pytest
import ui_support
from actors_support import button_of, click, click_actor, double_click, listed_names, open_actors_tab
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox

from curator.core.project import Project
from curator.ui.actors.model import ActorColumn
from curator.ui.actors.panel import OVERLAY

pytestmark = pytest.mark.usefixtures("clean_settings")


@pytest.fixture
def setup(qtbot, tmp_path):
    return open_actors_tab(qtbot, tmp_path)


def actor_row(path, actor_id):
    with Project.open(path) as check:
        return check.actor(actor_id)


def live_names(path) -> list[str]:
    with Project.open(path) as check:
        return sorted(a.name for a in check.actors())


def test_lists_records_with_counts_and_filters_by_text_and_kind(setup):
    window, panel, ids, path = setup
    assert window.right_tabs.tabText(window.right_tabs.currentIndex()) == "Actors"
    assert listed_names(panel) == ["A. Hassan", "Aleppo", "Ali Hassan", "Blue Brigade"]
    ali = panel.model.summary(ids["ali"])
    assert (ali.mentions, ali.events) == (1, 1)
    row = panel.proxy_index(ids["aleppo"]).row()
    assert panel.proxy.index(row, ActorColumn.COORDINATES).data() == "36.2000, 37.1500"
    assert panel.proxy.index(row, ActorColumn.KIND).data() == "place"
    # the filter box matches names and aliases
    QTest.keyClicks(panel.search, "hass")
    assert listed_names(panel) == ["A. Hassan", "Ali Hassan"]
    panel.search.clear()
    QTest.keyClicks(panel.search, "bLUE")
    assert listed_names(panel) == ["Blue Brigade"]
    panel.search.clear()
    panel.kind_filter.setCurrentText("Places")
    assert listed_names(panel) == ["Aleppo"]
    panel.kind_filter.setCurrentText("People")
    assert listed_names(panel) == ["A. Hassan", "Ali Hassan"]
    panel.kind_filter.setCurrentText("Groups")
    assert listed_names(panel) == ["Blue Brigade"]
    panel.kind_filter.setCurrentText("Other")
    assert listed_names(panel) == []
    window.workspace.add_actor("Convoy 7", "")  # no kind: Other
    window.workspace.add_actor("Northern Coalition", "coalition")  # a group by its kind's words
    assert listed_names(panel) == ["Convoy 7"]
    panel.kind_filter.setCurrentText("Groups")
    assert listed_names(panel) == ["Blue Brigade", "Northern Coalition"]
    panel.kind_filter.setCurrentText("All")
    assert len(listed_names(panel)) == 6


def test_counts_sort_as_numbers(qtbot, tmp_path):
    path = tmp_path / "counts.curator"
    with Project.create(path, annotator="tester") as project:
        doc = project.add_document("x " * 50)
        for name, events in (("Ten", 10), ("Nine", 9), ("Two", 2), ("None", 0)):
            project.add_actor(name, "group")
            for n in range(events):
                project.create_event_from_passage(doc, 2 * n, 2 * n + 1, title=f"{name} {n}",
                                                  actors=[name])
    window = ui_support.open_window(qtbot, path)
    panel = window.actors
    window.show_tab(panel)  # the list is read when its tab is shown, on a worker
    panel.loader.wait()
    header = panel.view.horizontalHeader()
    column = QPoint(header.sectionViewportPosition(ActorColumn.EVENTS) + 5, header.height() // 2)
    QTest.mouseClick(header.viewport(), Qt.LeftButton, pos=column)  # sort by Events
    order = [panel.proxy.index(r, ActorColumn.EVENTS).data() for r in range(panel.proxy.rowCount())]
    assert order == [0, 2, 9, 10]  # numbers, not text ("10" < "2")
    QTest.mouseClick(header.viewport(), Qt.LeftButton, pos=column)  # again: descending
    assert listed_names(panel) == ["Ten", "Nine", "Two", "None"]


def test_rename_in_place_with_f2_and_undo(setup, qtbot):
    window, panel, ids, path = setup
    click_actor(panel, ids["brigade"])
    QTest.keyClick(panel.view, Qt.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "Blue Brigade"
    editor.selectAll()
    QTest.keyClicks(editor, "Blue Brigades")
    QTest.keyClick(editor, Qt.Key_Return)
    QApplication.processEvents()  # the delegate commits the edit from the event loop
    assert actor_row(path, ids["brigade"]).name == "Blue Brigades"
    assert "Blue Brigades" in listed_names(panel)
    # the events table shows the new name in its Actors cells
    rows = {r.id: r for r in window.table.model.rows()}
    assert rows[ids["e3"]].actors == "Blue Brigades"
    window.undo_action.trigger()
    assert actor_row(path, ids["brigade"]).name == "Blue Brigade"
    window.redo_action.trigger()
    assert actor_row(path, ids["brigade"]).name == "Blue Brigades"


def test_double_click_renames_in_place(setup):
    window, panel, ids, path = setup
    index = panel.proxy_index(ids["dup"], ActorColumn.EVENTS)
    double_click(panel.view, index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "A. Hassan"
    editor.selectAll()
    QTest.keyClicks(editor, "Abu Hassan")
    QTest.keyClick(editor, Qt.Key_Return)
    QApplication.processEvents()  # the delegate commits the edit from the event loop
    assert actor_row(path, ids["dup"]).name == "Abu Hassan"


def test_edit_dialog_changes_aliases_and_kind_in_one_undoable_step(setup):
    window, panel, ids, path = setup
    click_actor(panel, ids["ali"])
    click(button_of(panel, panel.edit_action))
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.aliases_edit.toPlainText() == "Hassan"
    dialog.aliases_edit.setPlainText("Hassan\nAbu Ali\n\n  hassan \nAli al-Hassan")
    dialog.kind_combo.setCurrentText("armed group")
    assert not dialog.latitude_edit.isEnabled()  # only places have coordinates
    click(dialog.buttons.button(QDialogButtonBox.Ok))
    record = actor_row(path, ids["ali"])
    assert record.aliases == ("Hassan", "Abu Ali", "Ali al-Hassan")  # blank and repeated lines dropped
    assert record.kind == "armed group"
    window.undo_action.trigger()  # one step undoes both fields
    record = actor_row(path, ids["ali"])
    assert (record.aliases, record.kind) == (("Hassan",), "person")
    window.redo_action.trigger()
    assert actor_row(path, ids["ali"]).aliases == ("Hassan", "Abu Ali", "Ali al-Hassan")


def test_new_place_refuses_coordinates_out_of_range(setup):
    window, panel, ids, path = setup
    click(button_of(panel, panel.new_place_action))
    dialog = panel.dialog
    assert dialog.kind_combo.currentText() == "place" and dialog.latitude_edit.isEnabled()
    QTest.keyClicks(dialog.name_edit, "Idlib")
    QTest.keyClicks(dialog.latitude_edit, "95")
    QTest.keyClicks(dialog.longitude_edit, "36.6")
    click(dialog.buttons.button(QDialogButtonBox.Ok))
    assert dialog.isVisible()  # refused: the dialog stays open and says why
    assert "latitude must be between -90 and 90" in dialog.error()
    assert "Idlib" not in live_names(path)
    dialog.latitude_edit.setText("north")
    click(dialog.buttons.button(QDialogButtonBox.Ok))
    assert dialog.isVisible() and "number of degrees" in dialog.error()
    dialog.latitude_edit.setText("35,93")  # a decimal comma is read
    dialog.longitude_edit.clear()
    click(dialog.buttons.button(QDialogButtonBox.Ok))
    assert dialog.isVisible() and "both" in dialog.error()
    QTest.keyClicks(dialog.longitude_edit, "36.63")
    click(dialog.buttons.button(QDialogButtonBox.Ok))
    assert not dialog.isVisible()
    panel.loader.wait()  # the list is read again on a worker
    with Project.open(path) as check:
        place = check.actor(check.find_actor("Idlib", "place"))
    assert (place.kind, place.latitude, place.longitude) == ("place", 35.93, 36.63)
    assert panel.selected_ids() == [place.id]  # the new record is selected
    window.undo_action.trigger()
    assert "Idlib" not in live_names(path)
    window.redo_action.trigger()
    assert "Idlib" in live_names(path)


def test_delete_asks_how_many_events_then_deletes_undoably(setup, qtbot):
    window, panel, ids, path = setup
    click_actor(panel, ids["brigade"])
    asked = []

    def answer(button):
        box = panel.confirm_box
        asked.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, lambda: answer(QMessageBox.Cancel))
    QTest.keyClick(panel.view, Qt.Key_Delete)
    assert "2 events link to it" in asked[0]
    assert "Blue Brigade" in live_names(path)
    with Project.open(path) as check:
        assert len(check.event_rows()) == 3  # Delete in the tab never deletes an event
    QTimer.singleShot(0, lambda: answer(QMessageBox.Yes))
    QTest.keyClick(panel.view, Qt.Key_Delete)
    assert "Blue Brigade" not in live_names(path)
    assert "Blue Brigade" not in listed_names(panel)
    with Project.open(path) as check:
        assert check.event(ids["e3"]).actor_names == ()
    window.undo_action.trigger()
    assert "Blue Brigade" in listed_names(panel)
    with Project.open(path) as check:
        assert check.event(ids["e3"]).actor_names == ("Blue Brigade",)


def test_selecting_an_actor_filters_the_events_shows_mentions_and_marks_its_lane(setup, monkeypatch):
    window, panel, ids, path = setup
    lanes = []
    monkeypatch.setattr(window.timeline, "highlight_lane", lanes.append)
    window.selection.select(ids["e2"])  # not one of the Blue Brigade's events
    window.documents.show_document(ids["doc2"])
    click_actor(panel, ids["brigade"])
    table = window.table
    # its row hidden, the selected event is let go (never another selected) ...
    assert window.selection.event_id is None
    assert table.view.selectionModel().selectedRows() == []
    shown = {table.model.index(r, 0).data(Qt.UserRole + 2) for r in range(table.model.rowCount())}
    assert shown == {ids["e1"], ids["e3"]}
    assert not table.chip.isHidden()
    assert table.filter_label() == "Showing: Blue Brigade"
    assert lanes[-1] == "Blue Brigade"
    # the text filter narrows the actor's events further
    QTest.keyClicks(table.search, "line")
    assert table.model.rowCount() == 1
    table.search.clear()
    # Ali Hassan: one linked mention, in the first document
    click_actor(panel, ids["ali"])
    assert table.filter_label() == "Showing: Ali Hassan"
    assert table.model.rowCount() == 1
    assert window.documents.overlay_text(OVERLAY) == []  # not in the document shown
    assert panel.mention_summary() == "1 mention in 1 document"
    click(button_of(panel, panel.next_action))  # opens the next mention's document
    assert window.documents.document_id == ids["doc1"]
    assert window.documents.overlay_text(OVERLAY) == ["Ali Hassan"]
    # clearing the selection shows every event again and unmarks the lane
    panel.view.clearSelection()
    assert table.model.rowCount() == 3 and table.filter_label() == ""
    assert window.selection.event_id == ids["e2"]  # ... and selected again when shown again
    assert window.documents.overlay_text(OVERLAY) == []
    assert lanes[-1] is None


def test_the_chip_clears_the_actor_filter(setup):
    window, panel, ids, path = setup
    click_actor(panel, ids["brigade"])
    window.right_tabs.setCurrentIndex(0)  # the Events tab, where the chip is
    table = window.table
    assert table.chip.isVisible() and table.model.rowCount() == 2
    click(table.chip.close_button)
    assert table.model.rowCount() == 3 and not table.chip.isVisible()
    assert panel.selected_ids() == []


def test_events_of_a_place_and_a_new_link_update_the_filter(setup):
    window, panel, ids, path = setup
    click_actor(panel, ids["dup"])
    assert window.table.model.rowCount() == 1
    # linking the record to another event (here through the facade, as the inspector would)
    window.workspace.set_event_actors(ids["e3"], ["Blue Brigade", "A. Hassan"])
    QApplication.processEvents()
    assert window.table.model.rowCount() == 2
    panel.loader.wait()  # the counts are read on a worker
    assert panel.model.summary(ids["dup"]).events == 2


def test_the_hidden_tab_catches_up_when_shown_and_keeps_the_filter_current(setup):
    window, panel, ids, path = setup
    click_actor(panel, ids["dup"])
    window.right_tabs.setCurrentIndex(0)  # the Events tab: the Actors list is hidden
    window.workspace.set_event_actors(ids["e3"], ["Blue Brigade", "A. Hassan"])
    window.workspace.update_actor(ids["ali"], name="Ali H.")
    QApplication.processEvents()
    assert window.table.model.rowCount() == 2  # the filter follows the new link at once
    assert panel.model.summary(ids["dup"]).events == 1  # the hidden list waits
    window.show_tab(panel)
    panel.loader.wait()  # the counts are read on a worker
    assert panel.model.summary(ids["dup"]).events == 2
    assert "Ali H." in listed_names(panel)
    assert panel.selected_ids() == [ids["dup"]]
