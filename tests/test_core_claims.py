"""Claim links through the facade (schema 8): confirm, reject, unlink and restore a pair, one row
per pair whatever the order, happenings as connected components of confirmed links, decisions
kept consistent, links following their events' deletion. Checked on the database."""

from __future__ import annotations

import sqlite3

import pytest
from db_snapshot import all_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.core import InvalidInput, NotFound
from curator.core.field_values import claim_uid


def link_rows(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT k.uid, ea.uid, eb.uid, k.status, k.note, k.deleted_at IS NOT NULL "
                            "FROM claim_link k JOIN event ea ON ea.id = k.event_a_id "
                            "JOIN event eb ON eb.id = k.event_b_id ORDER BY k.id").fetchall()
    finally:
        conn.close()


def test_confirm_reject_unlink_one_row_per_pair(project, project_path):
    a, b = project.add_event("Shelling, report 1"), project.add_event("Shelling, report 2")
    assert project.confirm_claims(b, a, " same day, same place ") is None
    [(uid, first, second, status, note, deleted)] = link_rows(project_path)
    assert first < second and uid == claim_uid(first, second) == claim_uid(second, first)
    assert (status, note, deleted) == ("same", "same day, same place", 0)
    assert project.reject_claims(a, b) == ("same", "same day, same place")
    assert project.claim_link(b, a).status == "different"
    assert project.unlink_claims(a, b) == ("different", "")
    assert project.claim_link(a, b) is None and project.claim_links() == []
    with pytest.raises(NotFound, match="not linked"):
        project.unlink_claims(a, b)
    project.restore_claim_link(a, b, ("different", ""))
    assert [(r[3], r[5]) for r in link_rows(project_path)] == [("different", 0)]
    assert len(link_rows(project_path)) == 1


@pytest.mark.parametrize("call, message", [
    (lambda p, a, b: p.confirm_claims(a, a), "with itself"),
    (lambda p, a, b: p.confirm_claims(a, 999), "no event with id 999"),
    (lambda p, a, b: p.set_claim_link(a, b, "maybe"), "same or different"),
])
def test_bad_links_are_refused(project, project_path, call, message):
    a, b = project.add_event("a"), project.add_event("b")
    before = all_rows(project_path)
    with pytest.raises((InvalidInput, NotFound), match=message):
        call(project, a, b)
    assert all_rows(project_path) == before


def test_happenings_are_connected_components_of_confirmed_links(project):
    e = [project.add_event(f"report {i}") for i in range(7)]
    project.confirm_claims(e[0], e[1])
    project.confirm_claims(e[2], e[1])
    project.confirm_claims(e[4], e[5])
    project.reject_claims(e[3], e[0])
    assert project.happenings() == [(e[0], e[1], e[2]), (e[4], e[5])]
    assert project.happening_of(e[2]) == (e[0], e[1], e[2]) and project.happening_of(e[3]) == (e[3],)
    assert [frozenset((k.event_a_id, k.event_b_id)) for k in project.claim_links([e[3]])] == [frozenset((e[0], e[3]))]
    assert len(project.claim_links(status="same")) == 3
    assert project.stats()["claim_links"] == 4


def test_decisions_stay_consistent(project, project_path):
    a, b, c = (project.add_event(x) for x in "abc")
    project.confirm_claims(a, b)
    project.confirm_claims(b, c)
    before = all_rows(project_path)
    with pytest.raises(InvalidInput, match="already reports of one happening"):
        project.reject_claims(a, c)
    assert all_rows(project_path) == before
    project.unlink_claims(b, c)
    project.reject_claims(a, c)
    before = all_rows(project_path)
    with pytest.raises(InvalidInput, match="marked different"):
        project.confirm_claims(b, c)
    assert all_rows(project_path) == before
    project.confirm_claims(a, c)  # the pair's own decision changes: a change of mind
    assert project.happenings() == [(a, b, c)]


def test_deleting_an_event_hides_its_links_and_undo_brings_them_back(project):
    a, b, c = (project.add_event(x) for x in "abc")
    project.confirm_claims(a, b)
    project.reject_claims(b, c)
    stamp = project.delete_event(b)
    assert project.claim_links() == [] and project.happenings() == []
    project.restore_event(b, stamp)
    assert project.happenings() == [(a, b)] and len(project.claim_links()) == 2


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=12))
def test_happenings_match_a_plain_graph_walk(project, edges):
    """Oracle: a breadth-first walk over the confirmed pairs."""
    for k in project.claim_links():
        project.unlink_claims(k.event_a_id, k.event_b_id)
    events = [project.add_event(f"x{i}") for i in range(6)]
    pairs = set()
    for x, y in edges:
        if x != y:
            project.confirm_claims(events[x], events[y])
            pairs.add(frozenset((events[x], events[y])))
    neighbours = {}
    for pair in pairs:
        p, q = tuple(pair)
        neighbours.setdefault(p, set()).add(q)
        neighbours.setdefault(q, set()).add(p)
    seen, groups = set(), []
    for start in sorted(neighbours):
        if start in seen:
            continue
        group, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node not in group:
                group.add(node)
                todo.extend(neighbours[node] - group)
        seen |= group
        groups.append(tuple(sorted(group)))
    assert project.happenings() == sorted(groups)
