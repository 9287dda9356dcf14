"""Typed event fields, their values and claim links in exchanges (JSON format 6, .curator copies,
merges, CSV). Oracles: jsonschema on the published schema file, the csv module, sqlite3 (the
rows of the files), and the whole-file import for the streamed one."""

from __future__ import annotations

import copy
import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from db_snapshot import all_rows
from jsonschema import Draft202012Validator
from test_exchange_support import as_format_5, load, write

from curator.core import Project
from curator.core.event_query import EventQuery
from curator.exchange.copy import export_copy
from curator.exchange.errors import InvalidExport, MergeConflicts
from curator.exchange.formats import export_csv
from curator.exchange.json_format import export_json, import_in_memory, import_json
from curator.exchange.merge_file import merge_file
from curator.exchange.validate import schema_path, validate

IMPORTS = pytest.mark.parametrize("importer", [import_json, import_in_memory], ids=["streamed", "whole"])


def build(p: Project) -> dict:
    """A project with the conflict template, fields of every kind, values and claim links."""
    p.apply_field_template("conflict")
    f = {x.name: x.id for x in p.fields()}
    f["notes"] = p.add_field("notes", "text")
    f["count"] = p.add_field("wounded", "number")
    f["link"] = p.add_field("source url", "url")
    gone = p.add_field("old", "text")
    e = [p.add_event(f"Report {i}") for i in range(5)]
    p.set_field_values([(e[0], f["fatalities"], "at least 70"), (e[1], f["fatalities"], "70–100"),
                        (e[0], f["event type"], "Battles"), (e[0], f["sub-event type"], "Armed clash"),
                        (e[0], f["coordinates"], "Alep (36.2021, 37.1343)"), (e[0], f["notes"], "Émeute, «nuit»"),
                        (e[1], f["count"], "1,200"), (e[1], f["link"], "https://example.org/r?id=1"),
                        (e[2], gone, "kept")])
    p.set_field_value(e[2], f["notes"], "cleared")
    p.set_field_value(e[2], f["notes"], "")
    p.delete_field(gone)
    p.confirm_claims(e[0], e[1], "two sources")
    p.reject_claims(e[0], e[2])
    p.confirm_claims(e[3], e[4])
    p.unlink_claims(e[3], e[4])
    return {"fields": f, "events": e}


def snapshot(p: Project) -> tuple:
    """What a user sees of fields, values and links, by uid and name (not local ids)."""
    uids = {x.id: x.uid for x in (p.event(i) for i in p.matching_event_ids(EventQuery()))}
    fields = [(x.uid, x.name, x.kind, x.choices, x.position) for x in p.fields()]
    names = {x.id: x.uid for x in p.fields()}
    values = sorted((uids[e], names[fid], v.text, v.low, v.high, v.qualifier, v.latitude, v.longitude)
                    for e, per in p.field_values(list(uids)).items() for fid, v in per.items())
    links = sorted((k.uid, uids[k.event_a_id], uids[k.event_b_id], k.status, k.note) for k in p.claim_links())
    happenings = sorted(tuple(sorted(uids[i] for i in h)) for h in p.happenings())
    return fields, values, links, happenings


def rows(path: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY uid").fetchall()
    finally:
        conn.close()


def test_the_export_carries_fields_values_and_links_and_validates(project, tmp_path):
    build(project)
    export_json(project, tmp_path / "a.json")
    data = load(tmp_path / "a.json")
    published = json.loads(schema_path(6).read_text(encoding="utf-8"))
    Draft202012Validator(published).validate(data)  # the oracle: jsonschema, the file as shipped
    assert data["format_version"] == 6
    fields = {f["name"]: f for f in data["fields"]}
    assert fields["event type"]["choices"][:2] == ["Battles", "Protests"] and fields["notes"]["choices"] == []
    assert fields["old"]["deleted_at"] is not None
    values = {v["text"]: v for v in data["field_values"]}
    assert (values["at least 70"]["low"], values["at least 70"]["high"], values["at least 70"]["qualifier"]) \
        == (70.0, None, "at least")
    assert (values["Alep (36.2021, 37.1343)"]["latitude"], values["Alep (36.2021, 37.1343)"]["longitude"]) \
        == (36.2021, 37.1343)
    assert "sort_text" not in values["Battles"]  # derived: never exchanged
    assert {k["status"] for k in data["claim_links"]} == {"same", "different"}
    assert all(k["event_a"] < k["event_b"] for k in data["claim_links"])


@IMPORTS
def test_round_trip_keeps_fields_values_and_links(project, tmp_path, importer):
    build(project)
    export_json(project, tmp_path / "a.json")
    with Project.create(tmp_path / "fresh.curator") as fresh:
        summary = importer(fresh, tmp_path / "a.json")
        assert summary["added"]["fields"] == 8 and summary["added"]["claim_links"] == 3
        assert snapshot(fresh) == snapshot(project)
        assert fresh.check()["ok"]  # the sort keys made on import
        before = all_rows(fresh.path)
        again = importer(fresh, tmp_path / "a.json")
        assert again["added"] == {} and again["updated"] == {}
        assert all_rows(fresh.path) == before
        export_json(fresh, tmp_path / "b.json")
    first, second = load(tmp_path / "a.json"), load(tmp_path / "b.json")
    for key in ("fields", "field_values", "claim_links"):
        assert first[key] == second[key]


def test_a_copy_and_a_merge_carry_fields_values_and_links(project, tmp_path):
    ids = build(project)
    f, e = ids["fields"], ids["events"]
    export_copy(project, tmp_path / "copy.curator")
    for table in ("event_field", "event_field_value", "claim_link"):
        assert rows(tmp_path / "copy.curator", table) == rows(project.path, table)
    with Project.open(tmp_path / "copy.curator", annotator="ben") as theirs:
        assert snapshot(theirs) == snapshot(project)
        added = theirs.add_field("perpetrator claim", "choice", ["claimed", "denied"])
        theirs.set_field_value(e[3], added, "denied")
        theirs.set_field_value(e[1], f["fatalities"], "about 90")  # edited there...
        theirs.confirm_claims(e[1], e[4])
    project.set_field_value(e[0], f["notes"], "edited here")  # ...and here, another value
    summary = merge_file(project, tmp_path / "copy.curator")
    assert summary["conflicts"] == 0
    assert project.field_named("perpetrator claim").choices == ("claimed", "denied")
    assert project.field_value(e[1], f["fatalities"]).text == "about 90"
    assert project.field_value(e[0], f["notes"]).text == "edited here"
    assert project.happenings() == [(e[0], e[1], e[4])]
    assert project.check()["ok"]
    assert merge_file(project, tmp_path / "copy.curator")["updated"] == {}  # again: nothing


def test_the_same_value_changed_on_both_sides_is_a_conflict_to_decide(project, tmp_path):
    f = project.add_field("fatalities", "range")
    e = project.add_event("Strike")
    project.set_field_value(e, f, "10")
    export_copy(project, tmp_path / "copy.curator")
    with Project.open(tmp_path / "copy.curator") as theirs:
        theirs.set_field_value(e, f, "12")
    project.set_field_value(e, f, "at least 11")
    before = all_rows(project.path)
    with pytest.raises(MergeConflicts) as caught:
        merge_file(project, tmp_path / "copy.curator")
    assert all_rows(project.path) == before
    [conflict] = caught.value.conflicts
    assert conflict.kind == "field_values"
    merge_file(project, tmp_path / "copy.curator", default="theirs")
    assert project.field_value(e, f).text == "12" and project.check()["ok"]


def _two_projects(tmp_path: Path):
    """Two projects sharing two events (a copy) whose owners then added fields apart."""
    with Project.create(tmp_path / "a.curator", annotator="ana") as a:
        a.add_event("shared one")
        a.add_event("shared two")
    export_copy(Project.open(tmp_path / "a.curator"), tmp_path / "b.curator")
    return Project.open(tmp_path / "a.curator", annotator="ana"), Project.open(tmp_path / "b.curator", annotator="ben")


def test_fields_of_the_same_name_and_kind_merge_with_their_values_and_choices(tmp_path):
    a, b = _two_projects(tmp_path)
    e1, e2 = a.matching_event_ids(EventQuery())
    fa = a.add_field("Weapon", "choice", ["rifle", "drone"])
    a.set_field_value(e1, fa, "drone")
    fb = b.add_field("weapon", "choice", ["Drone", "artillery"])
    b.set_field_values([(e1, fb, "drone"), (e2, fb, "artillery")])  # e1: the same value, made apart
    b.close()
    export_json(Project.open(tmp_path / "b.curator"), tmp_path / "b.json")
    summary = merge_file(a, tmp_path / "b.curator")
    [match] = summary["fields_matched_by_name"]
    assert (match["name"], match["our_name"], match["choices_added"]) == ("weapon", "Weapon", ["artillery"])
    assert [x.name for x in a.fields()] == ["Weapon"]
    assert a.field(fa).choices == ("rifle", "drone", "artillery")
    assert (a.field_value(e1, fa).text, a.field_value(e2, fa).text) == ("drone", "artillery")
    assert summary["conflicts"] == 0 and a.check()["ok"]
    a.close()


@IMPORTS
def test_a_field_of_the_same_name_and_another_kind_is_refused_whole(tmp_path, importer):
    a, b = _two_projects(tmp_path)
    a.add_field("fatalities", "range")
    b.add_field("Fatalities", "text")
    b.add_field("new one", "text")
    export_json(b, tmp_path / "b.json")
    b.close()
    before = all_rows(a.path)
    with pytest.raises(InvalidExport) as caught:
        importer(a, tmp_path / "b.json")
    [problem] = caught.value.problems
    assert problem.path == "$.fields[0].kind"
    assert problem.message == ("the field 'Fatalities' is a text field in b.json but a number or range field "
                               "in the project: rename one of them first")
    with pytest.raises(InvalidExport, match="is a text field in b.curator but a number or range field"):
        merge_file(a, tmp_path / "b.curator")
    assert all_rows(a.path) == before
    a.close()


def test_the_template_applied_apart_gives_the_same_fields(tmp_path):
    a, b = _two_projects(tmp_path)
    e1, _ = a.matching_event_ids(EventQuery())
    a.apply_field_template("conflict")
    b.apply_field_template("conflict")
    b.set_field_value(e1, b.field_named("fatalities").id, "3")
    b.close()
    summary = merge_file(a, tmp_path / "b.curator")
    assert "fields_matched_by_name" not in summary and summary["conflicts"] == 0
    assert [x.name for x in a.fields()] == ["event type", "sub-event type", "fatalities", "coordinates"]
    assert a.field_value(e1, a.field_named("fatalities").id).text == "3"
    a.close()


def test_a_hand_made_value_on_a_pair_the_project_holds_is_that_value(project, tmp_path):
    f = project.add_field("fatalities", "range")
    e = project.add_event("Strike")
    project.set_field_value(e, f, "10")
    export_json(project, tmp_path / "a.json")
    data = load(tmp_path / "a.json")
    [value] = data["field_values"]
    value["uid"] = "0f8fad5b-d9cb-469f-a165-70867728950e"  # a script's own uid, the same value
    del data["sync"]["held"]
    write(tmp_path / "same.json", data)
    assert import_json(project, tmp_path / "same.json")["added"] == {}
    value.update(text="11", low=11.0, high=11.0)
    write(tmp_path / "other.json", data)
    before = all_rows(project.path)
    with pytest.raises(InvalidExport, match="already in the project in another state"):
        import_json(project, tmp_path / "other.json")
    assert all_rows(project.path) == before


def _bad(data: dict, key: str, i: int, **changes) -> dict:
    bad = copy.deepcopy(data)
    bad[key][i].update(changes)
    return bad


@pytest.mark.parametrize("change, path, message", [
    (lambda d: _bad(d, "field_values", 0, low=71.0), "$.field_values[0].low",
     "does not agree with the text 'at least 70', which reads as low 70.0"),
    (lambda d: _bad(d, "field_values", 0, text="many", low=None, qualifier=""), "$.field_values[0].text",
     "'many' is not a number or range (the field is a range field)"),
    (lambda d: _bad(d, "field_values", 1, latitude=95.0), "$.field_values[1].latitude", "95.0 is not within -90..90"),
    (lambda d: _bad(d, "fields", 1, name="Fatalities"), "$.fields[1].name", "'Fatalities' names another live field too"),
    (lambda d: _bad(d, "fields", 1, choices=["x"]), "$.fields[1].choices", "only a choice field has choices"),
    (lambda d: _bad(d, "claim_links", 0, event_a=d["claim_links"][0]["event_b"], event_b=d["claim_links"][0]["event_a"]),
     "$.claim_links[0].event_a", "event_a is the event whose uid sorts first"),
    (lambda d: _bad(d, "claim_links", 0, event_b=d["claim_links"][0]["event_a"]), "$.claim_links[0].event_b",
     "an event cannot be linked with itself"),
    (lambda d: d | {"field_values": d["field_values"] + [d["field_values"][0] | {"uid": "0f8fad5b-d9cb-469f-a165-70867728950e"}]},
     "$.field_values[2].field", "the same event and field as $.field_values[0]: one record per pair"),
])
def test_bad_records_are_refused_at_their_path_by_both_imports(project, tmp_path, change, path, message):
    f = project.add_field("fatalities", "range")
    g = project.add_field("where", "place")
    e1, e2 = project.add_event("a"), project.add_event("b")
    project.set_field_values([(e1, f, "at least 70"), (e1, g, "Alep (36.2, 37.1)")])
    project.confirm_claims(e1, e2)
    export_json(project, tmp_path / "a.json")
    bad = change(load(tmp_path / "a.json"))
    bad["sync"] = {}
    write(tmp_path / "bad.json", bad)
    expected = validate(json.loads((tmp_path / "bad.json").read_text(encoding="utf-8")))
    assert [(p.path, p.message.startswith(message)) for p in expected] == [(path, True)]
    with Project.create(tmp_path / "fresh.curator") as fresh:
        before = all_rows(fresh.path)
        for importer in (import_json, import_in_memory):
            with pytest.raises(InvalidExport) as caught:
                importer(fresh, tmp_path / "bad.json")
            assert caught.value.problems == expected  # the streamed check says what the whole one says
        assert all_rows(fresh.path) == before


def test_a_format_5_file_still_imports_without_fields(project, tmp_path):
    build(project)
    export_json(project, tmp_path / "a.json")
    old = as_format_5(load(tmp_path / "a.json"))
    Draft202012Validator(json.loads(schema_path(5).read_text(encoding="utf-8"))).validate(old)
    write(tmp_path / "five.json", old)
    with Project.create(tmp_path / "fresh.curator") as fresh:
        import_json(fresh, tmp_path / "five.json")
        assert fresh.stats()["events"] == 5 and fresh.fields() == [] and fresh.claim_links() == []


def test_csv_has_one_column_per_field(project, tmp_path):
    ids = build(project)
    project.add_field("title (field)", "text")  # a header that must not repeat another
    export_csv(project, tmp_path / "a.csv")
    reader = csv.DictReader(io.StringIO((tmp_path / "a.csv").read_text(encoding="utf-8"), newline=""))
    assert reader.fieldnames[-8:] == ["event type", "sub-event type", "fatalities", "coordinates", "notes",
                                      "wounded", "source url", "title (field)"]
    by_title = {row["title"]: row for row in reader}
    first = by_title["Report 0"]
    assert (first["fatalities"], first["event type"], first["coordinates"], first["notes"]) == (
        "at least 70", "Battles", "Alep (36.2021, 37.1343)", "Émeute, «nuit»")
    assert by_title["Report 1"]["wounded"] == "1,200" and by_title["Report 2"]["notes"] == ""
    assert "old" not in reader.fieldnames and len(by_title) == len(ids["events"])
