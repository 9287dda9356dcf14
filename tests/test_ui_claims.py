"""The Claims tab through real widgets on the demo: candidates found on a worker, Confirm and
Not the same as undoable steps (checked in the file with sqlite3), happenings listed with Unlink,
the reports side by side with the differences marked, a click on a report selecting its event."""

from __future__ import annotations

import sqlite3

import pytest
import ui_support
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

pytestmark = pytest.mark.usefixtures("clean_settings")


def links(path) -> dict[frozenset, str]:
    with sqlite3.connect(path) as conn:
        return {frozenset((a, b)): status for a, b, status in conn.execute(
            "SELECT event_a_id, event_b_id, status FROM claim_link WHERE deleted_at IS NULL")}


def ids_by_title(path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT title, id FROM event WHERE deleted_at IS NULL"))


def listed_pairs(panel) -> list[frozenset]:
    root = panel.candidate_root
    return [frozenset(root.child(i).data(0, Qt.UserRole)[1:]) for i in range(root.childCount())]


@pytest.fixture
def claims(qtbot, demo_path):
    window = ui_support.open_window(qtbot, demo_path)
    window.show_tab_named("Claims")
    panel = window.claims
    qtbot.waitUntil(lambda: panel.found is not None and not panel.busy, timeout=30000)
    return window, panel, demo_path


def test_confirm_undo_redo_and_the_happening(qtbot, claims):
    window, panel, path = claims
    ids = ids_by_title(path)
    najjar = frozenset((ids["Government forces capture the Sheikh Najjar industrial district"],
                        ids["Army takes the Sheykh Najjar industrial area"]))
    assert len(listed_pairs(panel)) == 11 and najjar in listed_pairs(panel)
    key = next(panel.candidate_root.child(i).data(0, Qt.UserRole) for i in range(panel.candidate_root.childCount())
               if frozenset(panel.candidate_root.child(i).data(0, Qt.UserRole)[1:]) == najjar)
    confirm, _ = panel.buttons[key]
    QTest.mouseClick(confirm, Qt.LeftButton)
    panel.wait()
    assert links(path) == {najjar: "same"}
    assert najjar not in listed_pairs(panel)
    assert panel.happening_root.childCount() == 1
    assert frozenset(panel.happening_root.child(0).data(0, Qt.UserRole)[1]) == najjar
    # the happening's reports side by side: the dates differ (3 / 4 July), the place not
    panel.select_key(("happening", tuple(sorted(najjar))))
    table = panel.reports
    assert table.columnCount() == 2 and set(table.event_ids) == set(najjar)
    assert table.row_differs("date") and not table.row_differs("place")
    date_row = next(r for r in range(table.rowCount()) if table.verticalHeaderItem(r).text().startswith("Date (EDTF)"))
    assert "differs" in table.verticalHeaderItem(date_row).text()
    assert table.item(date_row, 0).background().color() != table.item(0, 0).background().color()
    evidence = table.item(table.rowCount() - 1, 1).text()
    assert evidence.startswith("“") and "Najjar" in evidence
    # a click on a report selects its event in the window
    QTest.mouseClick(table.viewport(), Qt.LeftButton, Qt.NoModifier, table.visualItemRect(table.item(1, 1)).center())
    assert window.selection.event_id == table.event_ids[1]
    # undo: no link at all; the pair is a candidate again; redo: the same link
    window.undo_stack.undo()
    panel.wait()
    assert links(path) == {}
    assert najjar in listed_pairs(panel) and panel.happening_root.childCount() == 0
    window.undo_stack.redo()
    panel.wait()
    assert links(path) == {najjar: "same"}
    # Unlink the happening (one step), undone
    QTest.mouseClick(panel.buttons[("happening", tuple(sorted(najjar)))][0], Qt.LeftButton)
    panel.wait()
    assert links(path) == {}
    window.undo_stack.undo()
    panel.wait()
    assert links(path) == {najjar: "same"}


def test_not_the_same_leaves_the_candidates_and_undo_restores_exactly(qtbot, claims):
    window, panel, path = claims
    before = listed_pairs(panel)
    item = panel.candidate_root.child(len(before) - 1)  # the weakest: a look-alike, say
    key = item.data(0, Qt.UserRole)
    pair = frozenset(key[1:])
    panel.select_key(key)
    assert set(panel.reports.event_ids) == set(pair)
    QTest.mouseClick(panel.buttons[key][1], Qt.LeftButton)
    panel.wait()
    assert links(path) == {pair: "different"}
    assert listed_pairs(panel) == [p for p in before if p != pair]
    window.undo_stack.undo()
    panel.wait()
    assert links(path) == {} and listed_pairs(panel) == before
    # confirming over a rejection is one step, and undo gives the rejection back (status kept)
    window.undo_stack.redo()
    panel.wait()
    with sqlite3.connect(path) as conn:
        stored_before = conn.execute("SELECT status, note FROM claim_link WHERE deleted_at IS NULL").fetchall()
    assert panel.decide(*key[1:], "same")
    assert links(path) == {pair: "same"}
    window.undo_stack.undo()
    panel.wait()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT status, note FROM claim_link WHERE deleted_at IS NULL").fetchall() == stored_before


def test_a_refused_confirmation_says_why_and_changes_nothing(qtbot, claims):
    window, panel, path = claims
    ids = ids_by_title(path)
    a = ids["Army breaks the siege of Aleppo Central Prison"]
    b = ids["Army breaks the siege of the central prison"]
    c = ids["Government forces break the prison siege"]
    assert panel.decide(a, b, "same") and panel.decide(b, c, "same")
    panel.wait()
    messages = []
    panel.message.connect(messages.append)
    assert not panel.decide(a, c, "different")  # already one happening through b
    assert "unlink" in messages[-1]
    assert links(path) == {frozenset((a, b)): "same", frozenset((b, c)): "same"}
    assert panel.happening_root.childCount() == 1 and window.undo_stack.count() == 2
    panel.select_key(("happening", tuple(sorted((a, b, c)))))
    assert panel.reports.columnCount() == 3
