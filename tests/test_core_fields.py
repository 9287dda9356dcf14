"""Typed event fields through the facade (schema 8): definitions (add, rename, choices, reorder,
delete and restore), values of every kind (set, clear, restore exactly), refusals that name the
field, the value and the reason and leave the file as it was, the conflict template, and what
deleting an event does to its values. Checked on the database with plain sqlite3."""

from __future__ import annotations

import sqlite3

import pytest
from db_snapshot import all_rows

from curator.core import InvalidInput, NotFound
from curator.core.conflict_template import ACLED_TAXONOMY, EVENT_TYPES, SUB_EVENT_TYPES
from curator.core.field_values import value_uid


def rows(path, sql, *params):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_add_rename_reorder_and_list_fields(project, project_path):
    a = project.add_field("  fatalities ", "range")
    b = project.add_field("event type", "choice", ["Battles", "Riots", "battles", " "])
    c = project.add_field("source", "url")
    assert [(f.name, f.kind, f.choices, f.position) for f in project.fields()] == [
        ("fatalities", "range", (), 0), ("event type", "choice", ("Battles", "Riots"), 1), ("source", "url", (), 2)]
    assert project.rename_field(a, "Fatalities") == "fatalities"
    assert project.field_named("FATALITIES").id == a
    assert project.reorder_fields([c, a, b]) == [a, b, c]
    assert [f.id for f in project.fields()] == [c, a, b]
    assert rows(project_path, "SELECT name, kind, choices, position, created_by FROM event_field ORDER BY id") == [
        ("Fatalities", "range", "", 1, "tester"), ("event type", "choice", "Battles\nRiots", 2, "tester"),
        ("source", "url", "", 0, "tester")]


@pytest.mark.parametrize("name, kind, choices, message", [
    ("", "text", (), "needs a name"),
    ("Title", "text", (), "one of the event's own columns"),
    ("x", "colour", (), "kind is one of"),
    ("x", "text", ("a",), "only a choice field has choices"),
    ("x" * 81, "text", (), "at most 80"),
])
def test_bad_definitions_are_refused(project, project_path, name, kind, choices, message):
    before = all_rows(project_path)
    with pytest.raises(InvalidInput, match=message):
        project.add_field(name, kind, choices)
    assert all_rows(project_path) == before


def test_names_are_unique_among_live_fields_ignoring_case(project, project_path):
    a = project.add_field("Fatalities", "range")
    b = project.add_field("notes", "text")
    with pytest.raises(InvalidInput, match="already a field named 'Fatalities'"):
        project.add_field("fatalities", "number")
    with pytest.raises(InvalidInput, match="already a field named"):
        project.rename_field(b, "FATALITIES")
    stamp = project.delete_field(a)
    again = project.add_field("fatalities", "number")  # free again once deleted
    with pytest.raises(InvalidInput, match="already a field named 'fatalities'"):
        project.restore_field(a, stamp)
    project.delete_field(again)
    project.restore_field(a, stamp)
    assert [f.name for f in project.fields()] == ["Fatalities", "notes"]


def test_values_of_every_kind_are_stored_with_their_typed_columns(project, project_path):
    e = project.add_event("Strike")
    kinds = {k: project.add_field(k, k, ["Air/drone strike"] if k == "choice" else ())
             for k in ("text", "number", "range", "choice", "place", "url")}
    project.add_actor("Aleppo", "place", ["Halab"])
    place = project.actors()[0].id
    project.update_actor(place, latitude=36.2, longitude=37.15)
    typed = {"text": "  Élan — tirs ", "number": "1,200", "range": "at least 70", "choice": "AIR/DRONE strike",
             "place": "halab", "url": "https://acleddata.com/data"}
    for kind, text in typed.items():
        assert project.set_field_value(e, kinds[kind], text) is None
    got = rows(project_path, "SELECT f.kind, v.text, v.low, v.high, v.qualifier, v.latitude, v.longitude, "
                             "v.sort_text, v.sort_number FROM event_field_value v JOIN event_field f "
                             "ON f.id = v.field_id ORDER BY f.id")
    assert got == [
        ("text", "Élan — tirs", None, None, "", None, None, "élan — tirs", None),
        ("number", "1,200", 1200.0, 1200.0, "", None, None, "1,200", 1200.0),
        ("range", "at least 70", 70.0, None, "at least", None, None, "at least 70", 70.0),
        ("choice", "Air/drone strike", None, None, "", None, None, "air/drone strike", None),
        ("place", "halab (36.2, 37.15)", None, None, "", 36.2, 37.15, "halab (36.2, 37.15)", None),
        ("url", "https://acleddata.com/data", None, None, "", None, None, "https://acleddata.com/data", None)]
    values = project.field_values([e])[e]
    assert values[kinds["range"]].low == 70.0 and values[kinds["place"]].latitude == 36.2
    assert project.check()["ok"]


@pytest.mark.parametrize("kind, text, message", [
    ("range", "many", "fatalities: 'many' is not a number or range"),
    ("range", "100-70", "fatalities: '100-70' goes down"),
    ("number", "at least 70", "fatalities: 'at least 70' is not a number; the field takes one number"),
    ("choice", "Riot", "fatalities: 'Riot' is not one of the choices (Battles, Riots)"),
    ("place", "Aleppo (96, 37)", "fatalities: 'Aleppo (96, 37)' has latitude 96, outside -90..90"),
    ("place", "Aleppo (36, 190.5)", "fatalities: 'Aleppo (36, 190.5)' has longitude 190.5, outside -180..180"),
    ("url", "example.org", "fatalities: 'example.org' is not an http(s) address"),
    ("url", "javascript:alert(1)", "fatalities: 'javascript:alert(1)' is not an http(s) address"),
])
def test_bad_values_are_refused_with_a_reason_and_nothing_changes(project, project_path, kind, text, message):
    e = project.add_event("Clash")
    f = project.add_field("fatalities", kind, ["Battles", "Riots"] if kind == "choice" else ())
    other = project.add_field("notes", "text")
    project.set_field_value(e, other, "kept")
    before = all_rows(project_path)
    with pytest.raises(InvalidInput) as caught:
        project.set_field_value(e, f, text)
    assert str(caught.value).startswith(message)
    with pytest.raises(InvalidInput, match=f"event {e}: "):  # all or nothing, the event named
        project.set_field_values([(e, other, "changed"), (e, f, text)])
    assert all_rows(project_path) == before


def test_clearing_setting_again_and_restoring_keep_one_row_per_pair(project, project_path):
    e = project.add_event("Clash")
    f = project.add_field("fatalities", "range")
    assert project.set_field_value(e, f, "70") is None
    first = project.set_field_value(e, f, "about 80")
    assert first.text == "70" and first.low == 70.0
    second = project.set_field_value(e, f, "")
    assert second.text == "about 80" and second.qualifier == "about"
    assert project.field_value(e, f) is None
    project.restore_field_value(e, f, second)
    assert project.field_value(e, f) == second
    project.restore_field_value(e, f, None)
    assert project.field_value(e, f) is None
    [(uid, deleted)] = rows(project_path, "SELECT uid, deleted_at IS NOT NULL FROM event_field_value")
    event_uid, field_uid = rows(project_path, "SELECT e.uid, f.uid FROM event e, event_field f")[0]
    assert (uid, deleted) == (value_uid(event_uid, field_uid), 1)
    assert project.set_field_value(e, f, "5") is None


def test_setting_the_same_value_writes_nothing(project, project_path):
    e = project.add_event("Clash")
    f = project.add_field("fatalities", "range")
    project.set_field_value(e, f, "70")
    before = all_rows(project_path)
    project.set_field_value(e, f, "70 ")
    assert all_rows(project_path) == before


def test_deleting_a_field_keeps_its_values_for_undo(project, project_path):
    e1, e2 = project.add_event("a"), project.add_event("b")
    f = project.add_field("fatalities", "range")
    keep = project.add_field("notes", "text")
    project.set_field_values([(e1, f, "3"), (e2, f, "4"), (e1, keep, "x")])
    project.set_field_value(e2, f, "")  # cleared before: stays cleared after the restore
    before = rows(project_path, "SELECT id, text, deleted_at FROM event_field_value ORDER BY id")
    stamp = project.delete_field(f)
    assert [x.name for x in project.fields()] == ["notes"]
    assert project.field_values([e1, e2]) == {e1: {keep: project.field_value(e1, keep)}}
    assert project.stats()["field_values"] == 1
    project.restore_field(f, stamp)
    assert rows(project_path, "SELECT id, text, deleted_at FROM event_field_value ORDER BY id") == before
    assert project.field_value(e1, f).text == "3"


def test_choices_change_rename_and_refuse_removing_one_in_use(project, project_path):
    e1, e2 = project.add_event("a"), project.add_event("b")
    f = project.add_field("event type", "choice", ["Battles", "Riots", "Protests"])
    project.set_field_values([(e1, f, "battles"), (e2, f, "Riots")])
    before = all_rows(project_path)
    with pytest.raises(InvalidInput, match="1 event holds the choice 'Riots'"):
        project.set_field_choices(f, ["Battles", "Protests"])
    assert all_rows(project_path) == before
    previous = project.set_field_choices(f, ["Battles", "Riot", "Protests"], renamed={"Riots": "Riot"})
    assert previous == ("Battles", "Riots", "Protests")
    assert project.field_value(e2, f).text == "Riot"
    project.set_field_choices(f, previous, renamed={"Riot": "Riots"})  # what undo does
    assert project.field(f).choices == previous and project.field_value(e2, f).text == "Riots"
    project.set_field_choices(f, ["Protests", "Battles", "Riots"])  # a new order
    assert project.field(f).choices == ("Protests", "Battles", "Riots")
    with pytest.raises(InvalidInput, match="not a choice field"):
        project.set_field_choices(project.add_field("n", "number"), ["x"])


def test_a_deleted_event_takes_its_values_along_and_brings_them_back(project, project_path):
    e = project.add_event("a")
    f = project.add_field("fatalities", "range")
    project.set_field_value(e, f, "12")
    stamp = project.delete_event(e)
    assert rows(project_path, "SELECT deleted_at FROM event_field_value") == [(stamp,)]
    with pytest.raises(NotFound):
        project.set_field_value(e, f, "3")
    project.restore_event(e, stamp)
    assert project.field_value(e, f).text == "12"


def test_the_conflict_template_adds_acled_fields_once(project, project_path):
    own = project.add_field("Fatalities", "range")
    summary = project.apply_field_template("conflict")
    assert summary == {"added": ["event type", "sub-event type", "coordinates"], "choices_added": {}}
    fields = {f.name: f for f in project.fields()}
    assert fields["Fatalities"].id == own
    assert fields["event type"].choices == EVENT_TYPES and len(EVENT_TYPES) == 6
    assert fields["sub-event type"].choices == SUB_EVENT_TYPES and len(SUB_EVENT_TYPES) == 25
    assert fields["coordinates"].kind == "place"
    assert set(ACLED_TAXONOMY["Explosions/Remote violence"]) >= {"Shelling/artillery/missile attack",
                                                                  "Remote explosive/landmine/IED"}
    before = all_rows(project_path)
    assert project.apply_field_template("conflict") == {"added": [], "choices_added": {}}
    assert all_rows(project_path) == before
    project.set_field_choices(fields["event type"].id, ["Battles"])
    assert project.apply_field_template("conflict")["choices_added"] == {"event type": list(EVENT_TYPES[1:])}


def test_the_template_is_refused_whole_when_a_name_has_another_kind(project, project_path):
    project.add_field("coordinates", "text")
    before = all_rows(project_path)
    with pytest.raises(InvalidInput, match="'coordinates' is a text field; the conflict template's is a place"):
        project.apply_field_template("conflict")
    assert all_rows(project_path) == before
    with pytest.raises(InvalidInput, match="no field template named"):
        project.apply_field_template("ucdp")


def test_many_values_in_one_transaction(project, project_path):
    events = [project.add_event(f"e{i}") for i in range(50)]
    f = project.add_field("fatalities", "range")
    g = project.add_field("notes", "text")
    items = [(e, f, f"{i}-{i + 5}") for i, e in enumerate(events)] + [(e, g, f"n{i}") for i, e in enumerate(events)]
    assert project.set_field_values(items) == [None] * 100
    assert rows(project_path, "SELECT count(*), sum(low), sum(high) FROM event_field_value WHERE field_id = ?", f) \
        == [(50, sum(range(50)), sum(range(5, 55)))]
    project.set_field_values([(events[0], f, "1"), (events[0], f, "")])  # the last write of a pair wins
    assert project.field_value(events[0], f) is None
    assert project.stats()["field_values"] == 99
