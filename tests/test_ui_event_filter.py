"""Typing in the event table's filter never changes which event is selected: the selected event
stays selected while shown, nothing is selected while the filter hides it, and it comes back
when the filter is cleared."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_support import open_window

from curator.ui.events.table import EventColumn, EventIdRole

pytestmark = pytest.mark.usefixtures("clean_settings")


def click_row(qtbot, window, event_id: int) -> None:
    view = window.table.view
    index = window.table.view_index(event_id, EventColumn.TITLE)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.visualRect(index).center())


def selected_rows(window) -> list[int]:
    return [i.data(EventIdRole) for i in window.table.view.selectionModel().selectedRows()]


def test_filter_keeps_hides_and_restores_the_selected_event(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    rows = window.table.model.rows()
    def haystack(row):
        return f"{row.title} {row.actors} {row.location} {row.documents}".casefold()

    target, word = next((r, w) for r in rows[5:] for w in r.title.casefold().split()
                        if len(w) > 4 and 1 < sum(w in haystack(o) for o in rows) < len(rows))
    click_row(qtbot, window, target.id)
    assert window.selection.event_id == target.id

    search = window.table.search
    search.setFocus()
    qtbot.keyClicks(search, word)  # the target matches: it stays selected at every key
    assert window.table.model.rowCount() < len(rows)
    assert window.selection.event_id == target.id
    assert selected_rows(window) == [target.id]
    assert window.timeline.selected_event() == target.id

    qtbot.keyClicks(search, " zzqx")  # now nothing matches the target: no event, not another one
    assert window.table.view_index(target.id).isValid() is False
    assert window.selection.event_id is None
    assert selected_rows(window) == []

    for _ in range(len(" zzqx")):
        qtbot.keyClick(search, Qt.Key_Backspace)  # shown again: selected again
    assert window.selection.event_id == target.id
    assert selected_rows(window) == [target.id]

    qtbot.keyClicks(search, " zzqx")
    assert window.selection.event_id is None
    search.clear()  # the clear button's job
    assert window.table.model.rowCount() == len(rows)
    assert window.selection.event_id == target.id
    assert selected_rows(window) == [target.id]


def test_filter_that_hides_other_rows_never_selects_a_different_event(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    rows = window.table.model.rows()
    target = rows[len(rows) // 2]
    click_row(qtbot, window, target.id)
    word = next(w for w in rows[0].title.split() if len(w) > 3 and w.casefold() not in target.title.casefold()
                and w.casefold() not in f"{target.actors} {target.location} {target.documents}".casefold())
    qtbot.keyClicks(window.table.search, word)  # hides the target, shows rows[0] (and maybe others)
    assert window.table.model.rowCount() >= 1
    assert window.selection.event_id is None
    window.table.search.clear()
    assert window.selection.event_id == target.id


def test_picking_another_event_while_filtered_wins_over_the_hidden_one(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    rows = window.table.model.rows()
    first, other = rows[0], rows[1]
    click_row(qtbot, window, first.id)
    qtbot.keyClicks(window.table.search, "zzqx")
    assert window.selection.event_id is None
    window.table.search.clear()
    assert window.selection.event_id == first.id
    qtbot.keyClicks(window.table.search, "zzqx")
    window.selection.select(other.id)  # e.g. clicked on the timeline
    window.table.search.clear()
    assert window.selection.event_id == other.id
