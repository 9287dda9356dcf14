"""A typo in the Actors cell creates an actor; undoing the edit deletes that actor again (it is
neither counted nor matched), and redo brings back the very same record."""

from __future__ import annotations

import pytest
from test_ui_window import edit_cell
from ui_support import open_window

from curator.core.project import Project
from curator.ui.events.table import EventColumn

pytestmark = pytest.mark.usefixtures("clean_settings")


def actor_state(path, event_id: int):
    with Project.open(path) as check:
        return (check.stats()["actors"], check.find_actor("Jon Kery"),
                [(link.name, link.role) for link in check.event_actor_links(event_id)])


def test_undo_of_an_actors_edit_deletes_the_actor_it_created(qtbot, demo_path):
    with Project.open(demo_path) as project:
        row = next(r for r in project.event_rows() if r.actors)
        project.set_event_actor_links(row.id, [(link.actor_id, "attacker" if i == 0 else link.role)
                                               for i, link in enumerate(project.event_actor_links(row.id))])
    window = open_window(qtbot, demo_path)
    count, found, links = actor_state(demo_path, row.id)
    assert found is None and ("attacker" in [role for _, role in links])

    edit_cell(qtbot, window, row.id, EventColumn.ACTORS, f"{row.actors}, Jon Kery")
    after_count, jon, after_links = actor_state(demo_path, row.id)
    assert after_count == count + 1 and jon is not None
    assert after_links[-1] == ("Jon Kery", "")
    assert window.table.model.row_at(window.table.model.row_of(row.id)).actors.endswith("Jon Kery")

    window.undo_action.trigger()
    assert actor_state(demo_path, row.id) == (count, None, links)  # roles kept too
    assert "Jon Kery" not in window.table.model.row_at(window.table.model.row_of(row.id)).actors
    with Project.open(demo_path) as check:
        assert "Jon Kery" not in {a.name for a in check.actors()}

    window.redo_action.trigger()
    assert actor_state(demo_path, row.id) == (count + 1, jon, after_links)  # the same record

    window.undo_action.trigger()
    assert actor_state(demo_path, row.id) == (count, None, links)


def test_undo_of_an_edit_that_reused_known_actors_deletes_none(qtbot, demo_path):
    with Project.open(demo_path) as project:
        row = next(r for r in project.event_rows() if r.actors)
        other = next(a.name for a in project.actors() if a.name not in row.actors)
        count = project.stats()["actors"]
    window = open_window(qtbot, demo_path)
    edit_cell(qtbot, window, row.id, EventColumn.ACTORS, other)
    window.undo_action.trigger()
    with Project.open(demo_path) as check:
        assert check.stats()["actors"] == count
        assert check.find_actor(other) is not None
        assert check.event_row(row.id).actors == row.actors
