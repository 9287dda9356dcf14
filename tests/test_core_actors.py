"""Actors and places through the Project facade: records, lookups, counts, event links and
places, merge and its exact undo, find mentions, timeline lane keys."""

from __future__ import annotations

import pytest
from db_snapshot import all_rows, live_rows

from curator.core import EventActorLink, InvalidInput, NotFound


def test_add_find_and_update_actors_and_places(project, project_path):
    assad = project.add_actor("  Bashar   al-Assad ", "person", ["Assad", " assad ", "", "President"])
    aleppo = project.add_actor("Aleppo", "place", ["Halab"], latitude=36.2, longitude=37.13)
    info = project.actor(assad)
    assert (info.name, info.kind, info.aliases) == ("Bashar al-Assad", "person", ("Assad", "President"))
    assert (project.actor(aleppo).latitude, project.actor(aleppo).longitude) == (36.2, 37.13)
    assert project.find_actor("ASSAD") == assad and project.find_actor("bashar al-assad") == assad
    assert project.find_actor("halab") == aleppo and project.find_actor("halab", kind="place") == aleppo
    assert project.find_actor("Assad", kind="place") is None and project.find_actor("Nobody") is None
    before = live_rows(project_path)
    previous = project.update_actor(aleppo, name="Halab", aliases=["Aleppo"], latitude=36.0)
    assert previous == {"name": "Aleppo", "aliases": ("Halab",), "latitude": 36.2}
    assert project.actor(aleppo).aliases == ("Aleppo",)
    project.update_actor(aleppo, **previous)
    assert live_rows(project_path) == before


@pytest.mark.parametrize("call, error, reason", [
    (lambda p, a: p.add_actor("  "), InvalidInput, "needs a name"),
    (lambda p, a: p.add_actor("X", latitude=91), InvalidInput, "latitude must be between"),
    (lambda p, a: p.add_actor("X", longitude=-180.5), InvalidInput, "longitude must be between"),
    (lambda p, a: p.add_actor("X", aliases="one"), InvalidInput, "list of names"),
    (lambda p, a: p.update_actor(a, name=""), InvalidInput, "needs a name"),
    (lambda p, a: p.update_actor(a, latitude="north"), InvalidInput, "number of degrees"),
    (lambda p, a: p.update_actor(a, colour="red"), InvalidInput, "no field colour"),
    (lambda p, a: p.update_actor(999, name="Y"), NotFound, "no actor"),
    (lambda p, a: p.merge_actors(a, a), InvalidInput, "itself"),
    (lambda p, a: p.merge_actors(a, 999), NotFound, "no actor"),
    (lambda p, a: p.set_event_place(1, a), InvalidInput, "not a place"),
    (lambda p, a: p.set_event_actor_links(1, [(999, "")]), NotFound, "no actor"),
    (lambda p, a: p.update_event(1, title="  "), InvalidInput, "an event needs a title"),
])
def test_refusals_leave_the_file_unchanged(project, project_path, call, error, reason):
    actor = project.add_actor("ISIS", "armed group")
    project.add_event("An event")
    before = all_rows(project_path)
    with pytest.raises(error, match=reason):
        call(project, actor)
    assert all_rows(project_path) == before


def test_renaming_a_place_renames_its_events_location(project):
    event = project.add_event("Siege")
    assert project.set_event_location(event, "aleppo") is not None
    place = project.event(event).place_id
    assert project.actor(place).kind == "place" and project.event(event).location == "aleppo"
    assert project.set_event_location(event, "ALEPPO") is None  # found, not created again
    project.update_actor(place, name="Aleppo city")
    assert project.event(event).location == "Aleppo city"
    assert project.event_row(event).location == "Aleppo city"
    previous = project.set_event_place(event, None)
    assert previous == {"place_id": place, "location": "Aleppo city"}
    assert (project.event(event).place_id, project.event(event).location) == (None, "")
    project.set_event_place(event, place)
    assert project.event(event).location == "Aleppo city"
    assert project.set_event_location(event, "  ") is None and project.event(event).place_id is None


def test_event_actor_links_with_roles(project):
    event = project.add_event("Talks")
    a, b = project.add_actor("UN", "group"), project.add_actor("SNC", "group")
    project.set_event_actor_links(event, [(b, " mediator "), (a, "host")])
    assert project.event_actor_links(event) == [EventActorLink(b, "SNC", "group", "mediator"),
                                                EventActorLink(a, "UN", "group", "host")]
    assert project.event(event).actors == tuple(project.event_actor_links(event))
    assert project.event(event).actor_names == ("SNC", "UN")
    assert project.set_event_actors(event, ["SNC", "Jon Kery"]) == [project.find_actor("Jon Kery")]
    assert [(l.name, l.role) for l in project.event_actor_links(event)] == [("SNC", "mediator"), ("Jon Kery", "")]
    project.set_event_actor_links(event, [])
    assert project.event_actor_links(event) == []


def test_delete_and_restore_actor(project, project_path):
    doc = project.add_document("ISIS fled.")
    isis = project.add_actor("ISIS")
    event = project.add_event("Flight", actors=["ISIS"])
    span = project.add_highlight(doc, 0, 4, actor_id=isis)
    before = live_rows(project_path)
    stamp = project.delete_actor(isis)
    assert project.event_actor_links(event) == [] and project.find_actor("ISIS") is None
    assert project.span(span).actor_id == isis  # the mention keeps pointing at it
    project.restore_actor(isis, stamp)
    assert live_rows(project_path) == before


def test_summaries_mentions_and_events(project):
    doc = project.add_document("ISIS left Raqqa. ISIS came back to Raqqa.")
    isis, raqqa = project.add_actor("ISIS", "armed group"), project.add_actor("Raqqa", "place")
    project.add_highlights([dict(document_id=doc, start=0, end=4, actor_id=isis),
                            dict(document_id=doc, start=17, end=21, actor_id=isis),
                            dict(document_id=doc, start=10, end=15, actor_id=raqqa)])
    left = project.add_event("left", actors=["ISIS"])
    back = project.add_event("back", actors=["isis"])
    project.set_event_place(back, raqqa)
    project.delete_event(project.add_event("gone", actors=["ISIS"]))
    summaries = {s.name: s for s in project.actor_summaries()}
    assert (summaries["ISIS"].mentions, summaries["ISIS"].events) == (2, 2)
    assert (summaries["Raqqa"].mentions, summaries["Raqqa"].events) == (1, 1)
    assert [s.name for s in project.actor_summaries("place")] == ["Raqqa"]
    assert [s.name for s in project.actor_summaries("actor")] == ["ISIS"]
    assert [s.name for s in project.actor_summaries("Armed Group")] == ["ISIS"]
    assert [(m.start, m.quote) for m in project.actor_mentions(isis)] == [(0, "ISIS"), (17, "ISIS")]
    assert project.actor_event_ids(isis) == [left, back] and project.actor_event_ids(raqqa) == [back]


def test_merge_moves_everything_and_unmerge_restores_the_file(project, project_path):
    doc = project.add_document("Daesh and ISIS and IS fled.")
    isis = project.add_actor("ISIS", "armed group", ["IS"])
    daesh = project.add_actor("Daesh", "armed group", ["Islamic State"], latitude=1.0, longitude=2.0)
    both = project.add_event("both")
    project.set_event_actor_links(both, [(isis, "attacker"), (daesh, "attacker")])
    only = project.add_event("only")
    project.set_event_actor_links(only, [(daesh, "target")])
    mention = project.add_highlight(doc, 0, 5, actor_id=daesh)
    before = live_rows(project_path)
    token = project.merge_actors(isis, daesh)
    winner = project.actor(isis)
    assert winner.aliases == ("IS", "Daesh", "Islamic State")
    assert (winner.latitude, winner.longitude) == (1.0, 2.0)
    assert project.span(mention).actor_id == isis
    assert [(l.actor_id, l.role) for l in project.event_actor_links(both)] == [(isis, "attacker")]
    assert [(l.actor_id, l.role) for l in project.event_actor_links(only)] == [(isis, "target")]
    assert project.find_actor("Daesh") == isis
    raw = dict(all_rows(project_path))
    loser = [r for r in raw["actor"] if r[5] == daesh][0]
    assert loser[4] is not None and loser[-1] == winner.uid  # tombstoned, redirected
    project.unmerge_actors(token)
    assert live_rows(project_path) == before
    with pytest.raises(InvalidInput):
        project.unmerge_actors(token)


def test_merging_places_moves_event_places(project, project_path):
    a, b = project.add_actor("Aleppo", "place"), project.add_actor("Halab", "place")
    event = project.add_event("Siege")
    project.set_event_place(event, b)
    before = live_rows(project_path)
    token = project.merge_actors(a, b)
    assert (project.event(event).place_id, project.event(event).location) == (a, "Aleppo")
    assert project.stats()["places"] == 1
    project.unmerge_actors(token)
    assert live_rows(project_path) == before


def test_find_mentions_whole_words_aliases_longest_first(project):
    text = "Bashar al-Assad met Assad's aides; ASSAD left. Assadists and al-Assad-ism no. Assad"
    doc = project.add_document(text)
    other = project.add_document("Nothing of him here. Bashar   al-Assad\r\nagain.")
    assad = project.add_actor("Bashar al-Assad", "person", ["Assad", "al-Assad"])
    project.add_highlight(doc, 35, 40, actor_id=assad)  # "ASSAD" already linked
    project.add_highlight(doc, 20, 25, actor_id=project.add_actor("Someone else"))  # other actor
    found = [(m.document_id, m.start, m.end, m.quote) for m in project.find_mentions(assad)]
    assert found == [(doc, 0, 15, "Bashar al-Assad"), (doc, 20, 25, "Assad"),
                     (doc, 61, 69, "al-Assad"), (doc, 78, 83, "Assad"),
                     (other, 21, 38, "Bashar   al-Assad")]
    with pytest.raises(NotFound):
        project.find_mentions(999)


def test_lane_keys(project):
    doc = project.add_document("ISIS and the army fought in Raqqa.")
    other = project.add_document("Second source.", title="Report")
    fight = project.create_event_from_passage(doc, 0, 33, actors=["ISIS", "Army"])
    project.add_evidence_passage(fight, other, 0, 6)
    project.update_span(project.event(fight).evidence[0].id, tag_id=project.tag_by_shortcut("5").id)
    project.set_event_location(fight, "Raqqa")
    lone = project.add_event("Nobody")
    assert project.event_lane_keys("actor") == [(fight, "ISIS"), (fight, "Army")]
    assert project.event_lane_keys("place") == [(fight, "Raqqa")]
    assert project.event_lane_keys("document") == [(fight, f"document {doc}"), (fight, "Report")]
    assert project.event_lane_keys("label") == [(fight, "Event")]
    assert lone not in {e for e, _ in project.event_lane_keys("actor")}
    with pytest.raises(InvalidInput):
        project.event_lane_keys("colour")


def test_check_reports_dangling_labels_and_mentions(project, project_path):
    from sql_support import raw_sql
    doc = project.add_document("ISIS fled.")
    span = project.add_highlight(doc, 0, 4, tag_id=project.tags()[0].id)
    raw_sql(project_path, f"UPDATE tag SET deleted_at = 'x' WHERE id = {project.tags()[0].id}",
            "PRAGMA foreign_keys = OFF", f"UPDATE span SET actor_id = 77 WHERE id = {span}")
    problems = project.check()["problems"]
    assert any("label tag 1 is deleted" in p for p in problems)
    assert any("mentions actor 77" in p for p in problems)


def test_event_rows_show_the_place_name(project, project_path):
    from sql_support import raw_sql
    event = project.add_event("Siege", location="free text")
    assert project.event_row(event).location == "free text"
    place = project.add_actor("Aleppo", "place")
    raw_sql(project_path, f"UPDATE event SET place_id = {place}, location = ' aleppo ' WHERE id = {event}")
    assert project.event_row(event).location == "Aleppo"  # as a migrated file may hold it


def test_free_text_location_unlinks_the_place(project):
    event = project.add_event("Siege")
    project.set_event_location(event, "Aleppo")
    project.update_event(event, location="Aleppo", title="Siege of Aleppo")
    assert project.event(event).place_id is not None
    project.update_event(event, location="somewhere north")
    assert (project.event(event).place_id, project.event_row(event).location) == (None, "somewhere north")
