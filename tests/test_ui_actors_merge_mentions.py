"""Merging records and finding mentions in the Actors tab, through real widgets: the merge dialog
(which record survives), undo and redo of the merge; the Find mentions dialog (accept one, skip,
accept all in one step, undo, open the passage). Checked in the project file."""

from __future__ import annotations

import sqlite3

import pytest
from actors_support import (
    TEXT_1, TEXT_2, button_of, click, click_actor, double_click, listed_names,
    open_actors_tab,
)
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from curator.core.project import Project
from curator.ui.actors.mentions import MentionColumn

pytestmark = pytest.mark.usefixtures("clean_settings")


@pytest.fixture
def setup(qtbot, tmp_path):
    return open_actors_tab(qtbot, tmp_path)


def raw(path, sql, *args):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, args).fetchall()


def test_merge_two_records_chosen_in_the_dialog_undo_and_redo(setup):
    window, panel, ids, path = setup
    assert not panel.merge_action.isEnabled()
    click_actor(panel, ids["dup"])
    click_actor(panel, ids["ali"], Qt.ControlModifier)
    assert sorted(panel.selected_ids()) == sorted([ids["dup"], ids["ali"]])
    assert panel.merge_action.isEnabled()
    click(button_of(panel, panel.merge_action))
    dialog = panel.dialog
    assert dialog.winner_id() == ids["ali"]  # proposed: the one with more mentions and events
    click(dialog.radio(ids["dup"]))  # keep "A. Hassan" instead
    click(dialog.radio(ids["ali"]))  # no: keep "Ali Hassan"
    click(dialog.buttons.button(QDialogButtonBox.Ok))

    assert listed_names(panel) == ["Aleppo", "Ali Hassan", "Blue Brigade"]
    assert panel.selected_ids() == [ids["ali"]]
    with Project.open(path) as check:
        ali = check.actor(ids["ali"])
        assert ali.aliases == ("Hassan", "A. Hassan")
        assert check.event(ids["e2"]).actor_names == ("Ali Hassan",)  # the link moved
        assert sorted(check.actor_event_ids(ids["ali"])) == [ids["e1"], ids["e2"]]
    (merged_into,), = raw(path, "SELECT merged_into FROM actor WHERE id = ?", ids["dup"])
    assert merged_into == ali.uid
    summary = panel.model.summary(ids["ali"])
    assert (summary.events, summary.mentions) == (2, 1)

    window.undo_action.trigger()
    assert listed_names(panel) == ["A. Hassan", "Aleppo", "Ali Hassan", "Blue Brigade"]
    with Project.open(path) as check:
        assert check.actor(ids["ali"]).aliases == ("Hassan",)
        assert check.event(ids["e2"]).actor_names == ("A. Hassan",)
    assert raw(path, "SELECT merged_into, deleted_at FROM actor WHERE id = ?", ids["dup"]) == [("", None)]

    window.redo_action.trigger()
    assert "A. Hassan" not in listed_names(panel)
    with Project.open(path) as check:
        assert check.event(ids["e2"]).actor_names == ("Ali Hassan",)


def test_merge_three_records_is_one_undo_step(setup):
    window, panel, ids, path = setup
    for n, actor_id in enumerate((ids["dup"], ids["ali"], ids["brigade"])):
        click_actor(panel, actor_id, Qt.ControlModifier if n else Qt.NoModifier)
    click(button_of(panel, panel.merge_action))
    dialog = panel.dialog
    click(dialog.radio(ids["brigade"]))
    click(dialog.buttons.button(QDialogButtonBox.Ok))
    assert listed_names(panel) == ["Aleppo", "Blue Brigade"]
    with Project.open(path) as check:
        assert set(check.actor(ids["brigade"]).aliases) == {"Ali Hassan", "Hassan", "A. Hassan"}
        assert sorted(check.actor_event_ids(ids["brigade"])) == [ids["e1"], ids["e2"], ids["e3"]]
    window.undo_action.trigger()
    assert listed_names(panel) == ["A. Hassan", "Aleppo", "Ali Hassan", "Blue Brigade"]
    with Project.open(path) as check:
        assert check.actor(ids["brigade"]).aliases == ()


def mention_spans(path, actor_id):
    return raw(path, "SELECT document_id, start, \"end\", tag_id FROM span "
                     "WHERE actor_id = ? AND deleted_at IS NULL ORDER BY document_id, start", actor_id)


def open_find_mentions(panel, actor_id):
    click_actor(panel, actor_id)
    click(button_of(panel, panel.find_mentions_action))
    dialog = panel.mentions_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def choose_row(dialog, row):
    index = dialog.model.index(row, MentionColumn.MATCH)
    QTest.mouseClick(dialog.view.viewport(), Qt.LeftButton, pos=dialog.view.visualRect(index).center())


def test_find_mentions_lists_unlinked_occurrences_with_context(setup):
    window, panel, ids, path = setup
    dialog = open_find_mentions(panel, ids["ali"])
    # "Ali Hassan" at 0 in the first text is linked already; "Hassan" (an alias) is not
    found = [(r.candidate.document_id, r.candidate.quote) for r in dialog.model.items]
    assert found == [(ids["doc1"], "Hassan"), (ids["doc2"], "Ali Hassan")]
    first = dialog.model.items[0]
    assert first.before.endswith("in Aleppo. Later, ") and first.after.startswith(" left Aleppo.")
    assert dialog.status.text() == "2 unlinked mentions in 2 documents"
    assert dialog.model.index(1, MentionColumn.DOCUMENT).data() == "Second report"


def test_accept_one_then_all_and_undo(setup):
    window, panel, ids, path = setup
    dialog = open_find_mentions(panel, ids["brigade"])
    assert len(dialog.model.items) == 3  # twice in the first text, once in the second
    with Project.open(path) as check:
        group_tag = next(t.id for t in check.tags() if t.name == "Group")
    choose_row(dialog, 1)
    click(dialog.accept_button)
    second = TEXT_1.rindex("Blue Brigade")
    assert mention_spans(path, ids["brigade"]) == [(ids["doc1"], second, second + 12, group_tag)]
    assert len(dialog.model.items) == 2
    panel.loader.wait()  # the counts are read on a worker
    assert panel.model.summary(ids["brigade"]).mentions == 1
    click(dialog.accept_all_button)
    assert len(mention_spans(path, ids["brigade"])) == 3
    assert dialog.model.items == [] and not dialog.accept_all_button.isEnabled()
    panel.loader.wait()
    assert panel.model.summary(ids["brigade"]).mentions == 3
    window.undo_action.trigger()  # "Accept all" is one step
    assert mention_spans(path, ids["brigade"]) == [(ids["doc1"], second, second + 12, group_tag)]
    window.undo_action.trigger()
    assert mention_spans(path, ids["brigade"]) == []
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert len(mention_spans(path, ids["brigade"])) == 3
    # the same spans came back (undo tombstones, redo restores)
    assert len(raw(path, "SELECT id FROM span WHERE actor_id = ?", ids["brigade"])) == 3


def test_a_place_gets_the_place_tag_skip_drops_a_row_and_double_click_opens_the_passage(setup, qtbot):
    window, panel, ids, path = setup
    dialog = open_find_mentions(panel, ids["aleppo"])
    assert [r.candidate.document_id for r in dialog.model.items] == [ids["doc1"], ids["doc1"], ids["doc2"]]
    choose_row(dialog, 0)
    click(dialog.skip_button)
    assert len(dialog.model.items) == 2 and mention_spans(path, ids["aleppo"]) == []
    # double-click the second-document row: its passage is shown and selected
    index = dialog.model.index(1, MentionColumn.AFTER)
    double_click(dialog.view, index)
    assert window.documents.document_id == ids["doc2"]
    assert window.documents.selected_passage() == (ids["doc2"], 3, 9)
    assert TEXT_2[3:9] == "Aleppo"
    choose_row(dialog, 1)
    click(dialog.accept_button)
    with Project.open(path) as check:
        place_tag = next(t.id for t in check.tags() if t.name == "Place")
    assert mention_spans(path, ids["aleppo"]) == [(ids["doc2"], 3, 9, place_tag)]
    click(dialog.close_button)
    assert panel.mentions_dialog is None
