"""Merging copies with schema-2 records: actor merge redirects (the other side still linking the
loser), tag sets edited on both sides, highlights, mentions and places."""

from __future__ import annotations

import pytest

from annotation_support import (
    actor_id, add_place, add_tag, event_actor_names, highlight, label, link_actor, merge_actors,
    set_coordinates, set_event_place, tag_id, update_tag,
)
from curator.core import Project
from curator.exchange.errors import MergeConflicts
from curator.exchange.json_format import export_json
from curator.exchange.merge_file import merge_file
from test_exchange_support import content, history, open_pair, states

TEXT = "The Free Army and the Free Syrian Army left Hims; Homs was quiet. The UN mediated."


def _build(p: Project) -> None:
    doc = p.add_document(TEXT, title="report")
    add_tag(p, "Group", "#3cb44b", "2")
    add_tag(p, "Place", "#4363d8", "3")
    p.add_actor("Free Army", "group")
    p.add_actor("Free Syrian Army", "group", ["FSA"])
    p.add_actor("Mid Army", "group")
    add_place(p, "Hims", 34.7, 36.7)
    add_place(p, "Homs", 34.73, 36.71)
    event = p.create_event_from_passage(doc, 0, TEXT.index(";"), title="withdrawal")
    link_actor(p, event, actor_id(p, "Free Syrian Army"), "attacker")
    highlight(p, doc, 4, 13)  # "Free Army", unlabelled
    highlight(p, doc, 22, 38)  # "Free Syrian Army"


@pytest.fixture
def pair(tmp_path):
    with open_pair(tmp_path, _build) as pair:
        yield pair


def _event(p: Project, title: str) -> int:
    return next(r.id for r in p.event_rows() if r.title == title)


def _span(p: Project, quote: str):
    return next(s for s in p.spans(p.documents()[0].id) if s.quote == quote)


def _span_record(p: Project, quote: str) -> dict:
    return next(s for s in content(p)["spans"].values() if s["quote"] == quote and s["deleted_at"] is None)


def _uid(p: Project, name: str) -> str:
    return next(a["uid"] for a in content(p)["actors"].values() if a["name"] == name)


@pytest.mark.parametrize("direction", ["merged side takes the other", "other side takes the merged"])
def test_links_to_a_merged_actor_follow_its_redirect(pair, direction):
    ours, theirs = pair
    merge_actors(ours, actor_id(ours, "Free Syrian Army"), actor_id(ours, "Free Army"))
    merge_actors(ours, actor_id(ours, "Homs"), actor_id(ours, "Hims"))
    # the colleague, not knowing, links a new event, a mention and a place to the losers
    doc = theirs.documents()[0].id
    event = theirs.add_event("second withdrawal")
    link_actor(theirs, event, actor_id(theirs, "Free Army"), "withdrawing")
    set_event_place(theirs, event, actor_id(theirs, "Hims"))
    label(theirs, _span(theirs, "Free Army").id, actor=actor_id(theirs, "Free Army"))
    target, other = (ours, theirs) if direction.startswith("merged") else (theirs, ours)
    report = merge_file(target, other.path)
    assert report["conflicts"] == 0
    assert report["redirected"] == {"event_actors": 1, "spans": 1, "events": 1}
    event = _event(target, "second withdrawal")
    assert event_actor_names(target, event) == ["Free Syrian Army"]
    merged = content(target)["events"][target.event(event).uid]
    assert merged["place"] == _uid(target, "Homs") and merged["location"] == "Homs"
    assert _span_record(target, "Free Army")["actor"] == _uid(target, "Free Syrian Army")
    assert target.check()["ok"]
    before = content(target), history(target)
    again = merge_file(target, other.path)  # merging again changes nothing
    assert again["added"] == {} and again["updated"] == {} and again["redirected"] == {}
    assert (content(target), history(target)) == before
    back = merge_file(other, target.path)  # and the other side takes the result without conflict
    assert back["conflicts"] == 0
    assert states(other) == states(target)


def test_redirect_chains_are_followed_to_their_end(pair):
    ours, theirs = pair
    merge_actors(ours, actor_id(ours, "Mid Army"), actor_id(ours, "Free Army"))
    merge_actors(ours, actor_id(ours, "Free Syrian Army"), actor_id(ours, "Mid Army"))
    event = theirs.add_event("later")
    link_actor(theirs, event, actor_id(theirs, "Free Army"))
    merge_file(ours, theirs.path)
    assert event_actor_names(ours, _event(ours, "later")) == ["Free Syrian Army"]


@pytest.mark.parametrize("role, kept", [("attacker", 1), ("", 1), ("mediator", 2)])
def test_a_redirected_link_repeating_one_of_the_winner_is_merged(pair, role, kept):
    ours, theirs = pair
    merge_actors(ours, actor_id(ours, "Free Syrian Army"), actor_id(ours, "Free Army"))
    link_actor(theirs, _event(theirs, "withdrawal"), actor_id(theirs, "Free Army"), role)
    report = merge_file(ours, theirs.path)
    assert report.get("event_links_merged", 0) == 2 - kept
    names = event_actor_names(ours, _event(ours, "withdrawal"))
    assert names == ["Free Syrian Army"] * kept
    assert sum(1 for link in content(ours)["event_actors"].values()) == 2  # deleted, not dropped


def test_merge_against_an_edit_of_the_loser_is_a_conflict_decided_either_way(pair, tmp_path):
    ours, theirs = pair
    merge_actors(ours, actor_id(ours, "Free Syrian Army"), actor_id(ours, "Free Army"))
    theirs.update_actor(actor_id(theirs, "Free Army"), name="Free Army (Homs)")
    event = theirs.add_event("later")
    link_actor(theirs, event, actor_id(theirs, "Free Army (Homs)"))
    with pytest.raises(MergeConflicts) as info:
        merge_file(ours, theirs.path)
    [conflict] = info.value.conflicts
    assert (conflict.kind, conflict.reason) == ("actors", "deleted here, edited there")
    assert conflict.ours["merged_into"] and conflict.theirs["name"] == "Free Army (Homs)"
    export_json(ours, tmp_path / "ours.json")  # keep a way back to decide the other way
    merge_file(ours, theirs.path, default="ours")  # the merge stands: the new link follows it
    assert event_actor_names(ours, _event(ours, "later")) == ["Free Syrian Army"]
    merge_file(theirs, tmp_path / "ours.json", default="ours")  # they keep the record: no redirect
    assert event_actor_names(theirs, _event(theirs, "later")) == ["Free Army (Homs)"]


def test_tag_set_edits_on_both_sides_merge(pair):
    ours, theirs = pair
    before = {t["name"] for t in content(ours)["tags"].values()}
    update_tag(ours, tag_id(ours, "Group"), color="#000075")
    add_tag(ours, "Weapon", "#911eb4", "8")
    update_tag(theirs, tag_id(theirs, "Place"), description="towns, regions, sites")
    add_tag(theirs, "Vehicle", "#808000", "9")
    their_weapon = add_tag(theirs, "weapon", "#ffffff", "")  # the same tag, made apart
    label(theirs, _span(theirs, "Free Army").id, tag=their_weapon)
    report = merge_file(ours, theirs.path)
    assert report["conflicts"] == 0 and report["updated"] == {"tags": 1, "spans": 1}
    assert [m["name"] for m in report["tags_matched_by_name"]] == ["weapon"]
    tags = {t["name"]: t for t in content(ours)["tags"].values()}
    assert set(tags) == before | {"Weapon", "Vehicle"}
    assert tags["Group"]["color"] == "#000075"
    assert tags["Place"]["description"] == "towns, regions, sites"
    assert (tags["Weapon"]["color"], tags["Weapon"]["shortcut"]) == ("#911eb4", "8")
    assert tags["Vehicle"]["shortcut"] == "9"
    assert _span_record(ours, "Free Army")["tag"] == tags["Weapon"]["uid"]
    again = merge_file(ours, theirs.path)
    assert again["added"] == {} and again["updated"] == {} and again["tags_adjusted"] == []
    back = merge_file(theirs, ours.path)  # their side takes ours: Weapon is theirs by name
    assert back["conflicts"] == 0
    assert {t["name"].casefold() for t in content(theirs)["tags"].values()} == {
        t.casefold() for t in before | {"Weapon", "Vehicle"}}


def test_the_same_tag_changed_on_both_sides_is_a_conflict(pair):
    ours, theirs = pair
    update_tag(ours, tag_id(ours, "Group"), color="#000075")
    update_tag(theirs, tag_id(theirs, "Group"), color="#e6194b")
    with pytest.raises(MergeConflicts) as info:
        merge_file(ours, theirs.path)
    [conflict] = info.value.conflicts
    assert conflict.kind == "tags" and (conflict.ours["color"], conflict.theirs["color"]) == ("#000075", "#e6194b")
    merge_file(ours, theirs.path, default="theirs")
    assert content(ours)["tags"][conflict.uid]["color"] == "#e6194b"


def test_highlights_and_mentions_edited_apart_merge(pair):
    ours, theirs = pair
    label(ours, _span(ours, "Free Army").id, tag=tag_id(ours, "Group"), actor=actor_id(ours, "Free Army"))
    label(theirs, _span(theirs, "Free Syrian Army").id, note="the larger group")
    doc = theirs.documents()[0].id
    homs = TEXT.index("Homs")
    highlight(theirs, doc, homs, homs + 4, tag=tag_id(theirs, "Place"), actor=actor_id(theirs, "Homs"))
    highlight(theirs, doc, homs, homs + 14, tag=tag_id(theirs, "Group"), note="overlaps")  # nested
    report = merge_file(ours, theirs.path)
    assert report["conflicts"] == 0 and report["added"] == {"spans": 2} and report["updated"] == {"spans": 1}
    tags = {t["uid"]: t["name"] for t in content(ours)["tags"].values()}
    army = _span_record(ours, "Free Army")
    assert tags[army["tag"]] == "Group" and army["actor"] == _uid(ours, "Free Army")
    assert _span_record(ours, "Free Syrian Army")["note"] == "the larger group"
    homs_span = _span_record(ours, "Homs")
    assert tags[homs_span["tag"]] == "Place" and homs_span["actor"] == _uid(ours, "Homs")
    assert _span_record(ours, "Homs was quiet")["note"] == "overlaps"
    assert ours.check()["ok"]


def test_one_highlight_labelled_here_and_annotated_there_merges_both(pair):
    ours, theirs = pair
    label(ours, _span(ours, "Free Army").id, tag=tag_id(ours, "Group"))
    label(theirs, _span(theirs, "Free Army").id, note="who are they?")
    report = merge_file(ours, theirs.path)
    assert report["conflicts"] == 0 and report["merged_field_by_field"] == {"spans": 1}
    merged = _span_record(ours, "Free Army")
    tags = {t["uid"]: t["name"] for t in content(ours)["tags"].values()}
    assert (tags[merged["tag"]], merged["note"]) == ("Group", "who are they?")


def test_one_highlight_labelled_differently_on_both_sides_is_a_conflict_on_its_label(pair):
    ours, theirs = pair
    label(ours, _span(ours, "Free Army").id, tag=tag_id(ours, "Group"), note="same note")
    label(theirs, _span(theirs, "Free Army").id, tag=tag_id(theirs, "Place"), note="same note")
    with pytest.raises(MergeConflicts) as info:
        merge_file(ours, theirs.path)
    [conflict] = info.value.conflicts
    assert (conflict.kind, conflict.level, conflict.field_names) == ("spans", "field", ["tag"])
    [tag] = conflict.fields
    assert tag.base is None and tag.ours == conflict.ours["tag"] != tag.theirs == conflict.theirs["tag"]
    merge_file(ours, theirs.path, decisions={conflict.uid: {"tag": "theirs"}})
    tags = {t["uid"]: t["name"] for t in content(ours)["tags"].values()}
    merged = _span_record(ours, "Free Army")
    assert (tags[merged["tag"]], merged["note"]) == ("Place", "same note")


def test_place_coordinates_edited_on_one_side_are_taken(pair):
    ours, theirs = pair
    set_coordinates(theirs, actor_id(theirs, "Homs"), 34.7324, 36.7137)
    set_event_place(ours, _event(ours, "withdrawal"), actor_id(ours, "Hims"))
    report = merge_file(ours, theirs.path)
    assert report["updated"] == {"actors": 1} and report["kept_ours"] == 1
    homs = content(ours)["actors"][_uid(ours, "Homs")]
    assert (homs["latitude"], homs["longitude"]) == (34.7324, 36.7137)
    assert ours.event(_event(ours, "withdrawal")).location == "Hims"


def test_a_tag_renamed_there_onto_a_name_taken_here_is_renamed_apart(pair):
    ours, theirs = pair
    add_tag(ours, "Vehicle", "#808000")
    update_tag(theirs, tag_id(theirs, "Group"), name="vehicle")
    report = merge_file(ours, theirs.path)
    [adjusted] = report["tags_adjusted"]
    assert adjusted["changes"] == {"name": {"theirs": "vehicle", "merged": "vehicle (2)"}}
    names = [t.name for t in ours.tags()]
    assert "Vehicle" in names and "vehicle (2)" in names and "Group" not in names
    assert merge_file(ours, theirs.path)["tags_adjusted"] == []  # settled once
