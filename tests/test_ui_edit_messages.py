"""What the window says about edits and exports: a blank title is refused with its reason and the
old title stays; a refusal does not outlive a later good edit; an export counts live records,
not the deleted ones that travel with it."""

from __future__ import annotations

import re

import pytest
from test_ui_exchange import run_command, save_as
from test_ui_window import edit_cell
from ui_support import open_window

from curator.core.project import Project
from curator.exchange.json_format import export_json
from curator.ui.events.table import EventColumn
from curator.ui.store import commands

pytestmark = pytest.mark.usefixtures("clean_settings")


def title_in_table(window, event_id: int) -> str:
    return window.table.view_index(event_id, EventColumn.TITLE).data()


def test_blank_title_is_refused_with_the_reason_and_the_old_title_stays(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    row = window.table.model.rows()[4]
    depth = window.undo_stack.count()
    edit_cell(qtbot, window, row.id, EventColumn.TITLE, "   ")
    assert window.statusBar().currentMessage() == "Title not changed: an event needs a title"
    assert title_in_table(window, row.id) == row.title
    assert window.undo_stack.count() == depth
    with Project.open(demo_path) as check:
        assert check.event(row.id).title == row.title


def test_a_good_edit_clears_an_earlier_refusal(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    row = window.table.model.rows()[4]
    edit_cell(qtbot, window, row.id, EventColumn.DATE, "the thirty-third of Brumaire")
    assert window.statusBar().currentMessage().startswith("Date not changed:")
    edit_cell(qtbot, window, row.id, EventColumn.TITLE, "Convoy reaches the old city")
    assert title_in_table(window, row.id) == "Convoy reaches the old city"
    assert window.statusBar().currentMessage() == ""

    edit_cell(qtbot, window, row.id, EventColumn.TITLE, " ")  # refused again …
    assert window.statusBar().currentMessage().startswith("Title not changed:")
    window.undo_action.trigger()  # … and an undo is a change that succeeded too
    assert window.statusBar().currentMessage() == ""
    with Project.open(demo_path) as check:
        assert check.event(row.id).title == row.title


def test_a_later_message_is_not_cleared_by_an_edit(qtbot, demo_path):
    window = open_window(qtbot, demo_path)
    row = window.table.model.rows()[4]
    window.show_message("Added 1 document")
    edit_cell(qtbot, window, row.id, EventColumn.TITLE, "Convoy reaches the old city")
    assert window.statusBar().currentMessage() == "Added 1 document"


@pytest.mark.parametrize("suffix", [".json", ".curator"])
def test_export_report_counts_live_events_only(qtbot, monkeypatch, demo_path, tmp_path, suffix):
    window = open_window(qtbot, demo_path)
    rows = window.table.model.rows()
    for row in rows[:7]:
        commands.push(window.undo_stack, commands.DeleteEvent(window.workspace, row.id))
    live = len(rows) - 7
    out = tmp_path / f"export{suffix}"
    save_as(monkeypatch, out)
    message = run_command(qtbot, window, window.exchange.export_actions[suffix])
    assert out.exists(), message
    assert re.search(rf"\b{live} events\b", message), message
    assert f"{len(rows)} events" not in message
    with Project.open(demo_path) as check:
        assert check.stats()["events"] == live


def test_json_export_report_counts_tombstones_apart(demo_project, tmp_path):
    total = demo_project.stats()["events"]
    demo_project.delete_events([r.id for r in demo_project.event_rows()[:3]])
    report = export_json(demo_project, tmp_path / "e.json")
    assert report["events"] == total - 3
    assert report["tombstones"] >= 3
