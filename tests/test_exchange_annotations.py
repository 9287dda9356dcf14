"""JSON export format 2 and the Web Annotation export with schema-2 records: the tag set,
labelled overlapping highlights with notes, mentions, places with coordinates, event places and
roles, actor merge redirects; format-1 files; malformed format-2 files refused with JSON paths."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from annotation_support import (
    add_place, add_tag, comparable, highlight, link_actor, merge_actors, set_event_place,
    tag_id,
)
from curator.core import DateFields, Project, bulk
from curator.core import database as db
from curator.exchange import export_project
from curator.exchange.errors import InvalidExport
from curator.exchange.json_format import export_json, import_json
from curator.exchange.merge_file import merge_file
from curator.exchange.validate import schema
from test_exchange_support import content, history, load, records, write
from w3c_support import OA, RDF_VALUE, expand

DATA = Path(__file__).parent / "data"
TEXT = ("On 3 May 2014 the siege of Homs ended. 😀 Fighters of the Free Syrian Army left the "
        "Old City; the UN mediated. Casualties: 2,200.")


def build(p: Project) -> dict:
    """A project using every schema-2 record; returns the ids by name."""
    doc = p.add_document(TEXT, title="Report")
    ids = {"doc": doc}
    ids["Group"] = add_tag(p, "Group", "#3cb44b", "2", "armed groups, parties, agencies")
    ids["Place"] = add_tag(p, "Place", "#4363d8", "3")
    ids["Figure"] = add_tag(p, "Figure", "#f58231", "6", "a number the source claims")
    ids["Retired"] = add_tag(p, "Retired", "#000000")
    with p._write() as conn:  # a deleted tag travels as a tombstone
        conn.exec_driver_sql("UPDATE tag SET deleted_at = updated_at WHERE name = 'Retired'")
    ids["homs"] = add_place(p, "Homs", 34.7324, 36.7137, aliases=["Hims"])
    ids["old city"] = add_place(p, "Old City of Homs", 34.73, 36.72)
    ids["fsa"] = p.add_actor("Free Syrian Army", "group", ["FSA"])
    ids["un"] = p.add_actor("United Nations", "group")
    ids["fsa2"] = p.add_actor("Free Army", "group")  # a duplicate, merged away below
    at = TEXT.index
    # overlapping and nested highlights, with notes and mentions
    ids["homs span"] = highlight(p, doc, at("Homs"), at("Homs") + 4, tag=ids["Place"], actor=ids["homs"])
    ids["siege span"] = highlight(p, doc, at("siege"), at("ended"), tag=ids["Place"],
                                  note="the whole siege, not the city")
    ids["fsa span"] = highlight(p, doc, at("Free Syrian"), at("Free Syrian") + 16, tag=ids["Group"],
                                actor=ids["fsa2"], note="fighters' own name")
    ids["army span"] = highlight(p, doc, at("Syrian Army"), at("Syrian Army") + 11, tag=ids["Group"])
    ids["figure"] = highlight(p, doc, at("2,200"), at("2,200") + 5, tag=ids["Figure"], note="UN figure")
    ids["unlabelled"] = highlight(p, doc, at("😀"), at("😀") + 1, note="an emoji in the report")
    ids["old city span"] = highlight(p, doc, at("Old City"), at("Old City") + 8, actor=ids["old city"])
    event = p.create_event_from_passage(doc, 0, at("ended") + 6, title="siege of Homs ends",
                                        date=DateFields("2014-05-03", "2014-05-03", "2014-05-03"))
    p.add_evidence(event, ids["homs span"])  # a highlight is evidence too
    set_event_place(p, event, ids["homs"])
    link_actor(p, event, ids["fsa2"], "besieged")
    link_actor(p, event, ids["un"], "mediator")
    ids["event"] = event
    merge_actors(p, ids["fsa"], ids["fsa2"])  # the redirect travels
    return ids


def test_round_trip_of_every_schema_2_record(project, tmp_path):
    ids = build(project)
    export_json(project, tmp_path / "a.json")
    data = load(tmp_path / "a.json")
    Draft202012Validator(schema()).validate(data)
    assert data["format_version"] == 6
    assert {t["name"] for t in data["tags"]} >= {"Group", "Place", "Figure", "Retired"}
    spans = {s["quote"]: s for s in data["spans"]}
    tags = {t["uid"]: t["name"] for t in data["tags"]}
    actors = {a["uid"]: a for a in data["actors"]}
    assert tags[spans["Homs"]["tag"]] == "Place" and actors[spans["Homs"]["actor"]]["name"] == "Homs"
    assert spans["2,200"]["note"] == "UN figure" and spans["😀"]["tag"] is None
    assert actors[spans["Free Syrian Army"]["actor"]]["name"] == "Free Syrian Army"  # moved by the merge
    [loser] = [a for a in data["actors"] if a["merged_into"]]
    assert loser["name"] == "Free Army" and loser["deleted_at"] is not None
    assert actors[loser["merged_into"]]["name"] == "Free Syrian Army"
    homs = next(a for a in data["actors"] if a["name"] == "Homs")
    assert (homs["kind"], homs["latitude"], homs["longitude"]) == ("place", 34.7324, 36.7137)
    [event] = [e for e in data["events"] if e["title"] == "siege of Homs ends"]
    assert event["place"] == homs["uid"] and event["location"] == "Homs"
    roles = {(actors[link["actor"]]["name"], link["role"]) for link in data["event_actors"]
             if link["deleted_at"] is None}
    assert roles == {("Free Syrian Army", "besieged"), ("United Nations", "mediator")}
    with Project.create(tmp_path / "fresh.curator") as fresh:
        import_json(fresh, tmp_path / "a.json")
        assert comparable(records(fresh)) == comparable(records(project))
        assert fresh.check()["ok"]
        assert import_json(fresh, tmp_path / "a.json")["added"] == {}  # twice: nothing new
        export_json(fresh, tmp_path / "b.json")
        again = load(tmp_path / "b.json")
        again["documents"] = [bulk.document_from_json(d) for d in again["documents"]]  # JSON values
        assert comparable({k.key: again[k.key] for k in bulk.KINDS}) == comparable(records(project))


def test_states_of_records_without_schema_2_values_are_those_of_schema_1():
    """A record using none of the fields schema 2 added hashes as in schema 1, so sync
    histories recorded before the upgrade still match (the hash recipe of version 1 here)."""
    import hashlib

    span = {"uid": "u", "created_at": "c", "updated_at": "x", "created_by": "b", "deleted_at": None,
            "document": "d", "start": 0, "end": 2, "quote": "ab", "tag": None, "note": "", "actor": None}
    v1 = json.dumps(["spans", False, "u", "c", "b", "d", 0, 2, "ab"], separators=(",", ":"))
    assert bulk.state_hash(bulk.SPANS, span) == hashlib.sha256(v1.encode()).hexdigest()[:32]
    assert bulk.state_hash(bulk.SPANS, span | {"note": "n"}) != bulk.state_hash(bulk.SPANS, span)
    actor = {"uid": "u", "created_at": "c", "updated_at": "x", "created_by": "b", "deleted_at": None,
             "name": "A", "kind": "place", "aliases": [], "latitude": 33, "longitude": 36.5,
             "merged_into": ""}
    assert bulk.state_hash(bulk.ACTORS, actor) == bulk.state_hash(bulk.ACTORS, actor | {"latitude": 33.0})


# ------------------------------------------------------------------ format 1
def test_format_1_file_still_imports(project, tmp_path):
    """tests/data/exchange/format1.json was written by Curator before schema 2 (format 1)."""
    source = shutil.copy(DATA / "exchange" / "format1.json", tmp_path / "old.json")
    old = json.loads(Path(source).read_text(encoding="utf-8"))
    assert old["format_version"] == 1 and "tags" not in old
    ours = add_tag(project, "Person", "#e6194b", "1")
    before_tags = content(project)["tags"]
    report = import_json(project, source)
    assert report["added"]["events"] == 3 and "tags" not in report["added"]
    assert content(project)["tags"] == before_tags  # the project keeps its own tag set
    for span in content(project)["spans"].values():
        assert (span["tag"], span["note"], span["actor"]) == (None, "", None)
    for actor in content(project)["actors"].values():
        assert (actor["latitude"], actor["longitude"], actor["merged_into"]) == (None, None, "")
    assert {e["place"] for e in content(project)["events"].values()} == {None}
    # the file's states are the records' states now: its sync history matches them all
    for kind in bulk.KINDS:
        for rec in old.get(kind.key, []):
            assert bulk.state_hash(kind, content(project)[kind.key][rec["uid"]]) in old["sync"][rec["uid"]]
    assert import_json(project, source)["added"] == {}
    assert project.check()["ok"] and tag_id(project, "Person") == ours


def test_format_1_file_merges_into_a_copy_that_moved_on(project, tmp_path):
    """A colleague's format-1 export of an older state of our records: kept, no conflict."""
    source = shutil.copy(DATA / "exchange" / "format1.json", tmp_path / "old.json")
    import_json(project, source)
    event = next(r.id for r in project.event_rows() if r.title == "siege of Homs ends")
    homs = add_place(project, "Homs", 34.73, 36.71)
    set_event_place(project, event, homs)
    report = merge_file(project, source)
    assert report["conflicts"] == 0 and report["updated"] == {} and report["kept_ours"] == 1
    assert project.event(event).location == "Homs"


# ------------------------------------------------------------------ malformed format 2
@pytest.fixture
def exported(project, tmp_path) -> dict:
    build(project)
    export_json(project, tmp_path / "good.json")
    return load(tmp_path / "good.json")


def _refused(project: Project, path: Path) -> list:
    before, hist = content(project), history(project)
    with pytest.raises(InvalidExport) as info:
        import_json(project, path)
    assert content(project) == before and history(project) == hist
    return info.value.problems


def test_dangling_tag_and_bad_colour_are_refused_with_their_paths(tmp_path, exported):
    bad = copy.deepcopy(exported)
    i = next(i for i, s in enumerate(bad["spans"]) if s["tag"])
    bad["spans"][i]["tag"] = "00000000-0000-4000-8000-000000000009"
    with Project.create(tmp_path / "target.curator") as target:
        [problem] = _refused(target, write(tmp_path / "dangling.json", bad))
        assert problem.path == f"$.spans[{i}].tag"
        assert "00000000-0000-4000-8000-000000000009" in problem.message
        bad["tags"][1]["color"] = "teal"
        [problem] = _refused(target, write(tmp_path / "colour.json", bad))  # schema first
        assert problem.path == "$.tags[1].color"


@pytest.mark.parametrize("change, path", [
    (lambda d: d["spans"][0].update(actor="00000000-0000-4000-8000-00000000000a"), "$.spans[0].actor"),
    (lambda d: d["events"][0].update(place="00000000-0000-4000-8000-00000000000b"), "$.events[0].place"),
    (lambda d: d["tags"][1].update(name=d["tags"][0]["name"].upper()), "$.tags[1].name"),
    (lambda d: d["tags"][1].update(shortcut=d["tags"][0]["shortcut"]), "$.tags[1].shortcut"),
    (lambda d: d["tags"][0].update(shortcut="0"), "$.tags[0].shortcut"),
    (lambda d: d["actors"][0].update(latitude=91.5), "$.actors[0].latitude"),
    (lambda d: d["actors"][0].update(longitude=None), "$.actors[0].longitude"),
    (lambda d: d["actors"][0].update(merged_into=d["actors"][0]["uid"]), "$.actors[0].merged_into"),
    (lambda d: d["actors"][0].update(merged_into=d["actors"][1]["uid"]), "$.actors[0].deleted_at"),
    (lambda d: d["actors"][1].update(merged_into="00000000-0000-4000-8000-00000000000c",
                                     deleted_at=d["actors"][1]["updated_at"]), "$.actors[1].merged_into"),
    (lambda d: d["spans"][0].pop("note"), "$.spans[0]"),
])
def test_malformed_format_2_is_refused_with_a_json_path(tmp_path, exported, change, path):
    bad = copy.deepcopy(exported)
    change(bad)
    with Project.create(tmp_path / "target.curator") as target:
        assert path in [p.path for p in _refused(target, write(tmp_path / "bad.json", bad))]


def test_a_circle_of_redirects_is_refused(tmp_path, exported):
    bad = copy.deepcopy(exported)
    first, second = bad["actors"][0], bad["actors"][1]
    for a, b in ((first, second), (second, first)):
        a.update(merged_into=b["uid"], deleted_at=a["updated_at"])
    with Project.create(tmp_path / "target.curator") as target:
        problems = _refused(target, write(tmp_path / "circle.json", bad))
        assert {p.path for p in problems} == {"$.actors[0].merged_into", "$.actors[1].merged_into"}
        assert all("circle" in p.message for p in problems)


def test_a_span_may_use_a_tag_of_the_project_the_file_does_not_hold(project, tmp_path):
    doc = project.add_document(TEXT)
    span = project.add_span(doc, 0, 2)
    export_json(project, tmp_path / "a.json")
    data = load(tmp_path / "a.json")
    with Project.create(tmp_path / "b.curator") as other:
        weapon = add_tag(other, "Weapon", "#911eb4")
        weapon_uid = content(other)["tags"].popitem()[0]
        data["spans"][0]["tag"] = weapon_uid  # a hand-made file labelling with the target's tag
        import_json(other, write(tmp_path / "hand.json", data))
        [imported] = content(other)["spans"].values()
        assert imported["tag"] == weapon_uid and tag_id(other, "Weapon") == weapon
    assert span


# ------------------------------------------------------------------ tag sets meeting
def test_tags_with_the_name_of_a_live_local_tag_map_onto_it(project, tmp_path):
    add_tag(project, "Weapon", "#911eb4", "9")
    before = {t["name"] for t in content(project)["tags"].values()}
    with Project.create(tmp_path / "b.curator", annotator="ben") as other:
        other_doc = other.add_document(TEXT)
        theirs = add_tag(other, "WEAPON", "#ffffff", "", "their description")
        vehicle = add_tag(other, "Vehicle", "#808000", "9")  # key 9 is our Weapon's
        highlight(other, other_doc, 3, 8, tag=theirs)
        highlight(other, other_doc, 9, 13, tag=vehicle)
        export_json(other, tmp_path / "b.json")
    report = import_json(project, tmp_path / "b.json")
    [match] = [m for m in report["tags_matched_by_name"] if m["name"] == "WEAPON"]
    assert match["our_name"] == "Weapon" and match["differs"] == {  # reported, ours kept
        "color": {"ours": "#911eb4", "theirs": "#ffffff"}, "shortcut": {"ours": "9", "theirs": ""},
        "description": {"ours": "", "theirs": "their description"}}
    assert all("differs" not in m for m in report["tags_matched_by_name"] if m is not match)  # defaults
    tags = {t["name"]: t for t in content(project)["tags"].values()}
    assert set(tags) == before | {"Vehicle"}
    assert (tags["Weapon"]["color"], tags["Weapon"]["shortcut"]) == ("#911eb4", "9")  # ours kept
    assert tags["Vehicle"]["shortcut"] == ""  # the key stays with our tag
    assert report["tags_adjusted"] == [{"uid": tags["Vehicle"]["uid"], "tag": "Vehicle", "changes": {
        "shortcut": {"theirs": "9", "merged": ""}}}]
    spans = {s["quote"]: s for s in content(project)["spans"].values()}
    assert spans["3 May"]["tag"] == tags["Weapon"]["uid"]
    assert spans["2014"]["tag"] == tags["Vehicle"]["uid"]
    assert import_json(project, tmp_path / "b.json")["added"] == {}  # stable
    assert project.check()["ok"]


# ------------------------------------------------------------------ Web Annotation
def test_web_annotation_carries_tagging_identifying_and_commenting_bodies(project, tmp_path):
    ids = build(project)
    export_project(project, tmp_path / "a.jsonld")
    data = json.loads((tmp_path / "a.jsonld").read_text(encoding="utf-8"))
    items = {a["target"]["selector"][0]["exact"]: a for a in data["first"]["items"]}
    homs = items["Homs"]
    assert {"type": "TextualBody", "value": "Place", "purpose": "tagging"} in homs["body"]
    homs_uid = content(project)["actors"]
    homs_uid = next(a["uid"] for a in homs_uid.values() if a["name"] == "Homs")
    assert {"type": "SpecificResource", "source": f"urn:uuid:{homs_uid}", "purpose": "identifying"} in homs["body"]
    assert homs["motivation"] == "linking"  # it is also an event's evidence
    figure = items["2,200"]
    assert figure["motivation"] == "tagging"
    assert {"type": "TextualBody", "value": "UN figure", "format": "text/plain",
            "purpose": "commenting"} in figure["body"]
    assert items["Old City"]["motivation"] == "identifying"
    assert items["😀"]["motivation"] == "commenting"

    expanded = expand(data)  # read as linked data, with the W3C vocabulary
    [collection] = expanded
    annotations = collection["http://www.w3.org/ns/activitystreams#first"][0][
        "http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    assert len(annotations) == len(items)
    by_id = {a["@id"]: a for a in annotations}
    homs_span = content(project)["spans"]
    homs_span = next(s["uid"] for s in homs_span.values() if s["quote"] == "Homs")
    annotation = by_id[f"urn:uuid:{homs_span}"]
    assert annotation["@type"] == [OA + "Annotation"]
    assert annotation[OA + "motivatedBy"] == [{"@id": OA + "linking"}]
    bodies = annotation[OA + "hasBody"]
    tagging = [b for b in bodies if b.get(OA + "hasPurpose") == [{"@id": OA + "tagging"}]]
    assert [(b["@type"], b[RDF_VALUE]) for b in tagging] == [([OA + "TextualBody"], [{"@value": "Place"}])]
    identifying = [b for b in bodies if b.get(OA + "hasPurpose") == [{"@id": OA + "identifying"}]]
    assert [(b["@type"], b[OA + "hasSource"]) for b in identifying] == [
        ([OA + "SpecificResource"], [{"@id": f"urn:uuid:{homs_uid}"}])]
    figure_span = next(s["uid"] for s in content(project)["spans"].values() if s["quote"] == "2,200")
    commenting = [b for b in by_id[f"urn:uuid:{figure_span}"][OA + "hasBody"]
                  if b.get(OA + "hasPurpose") == [{"@id": OA + "commenting"}]]
    assert [b[RDF_VALUE] for b in commenting] == [[{"@value": "UN figure"}]]
    selectors = annotation[OA + "hasTarget"][0][OA + "hasSelector"]
    position = next(s for s in selectors if s["@type"] == [OA + "TextPositionSelector"])
    assert position[OA + "start"][0]["@value"] == TEXT.index("Homs")
    assert ids["homs span"]


def test_a_schema_1_project_file_merges_as_it_is(project, tmp_path):
    """The other side of a merge is only read: a version-1 file (the committed fixture) is read
    without being upgraded, its records taking the schema-2 defaults."""
    other = shutil.copy(DATA / "schemas" / "schema_v1.curator", tmp_path / "old.curator")
    before = Path(other).read_bytes()
    report = merge_file(project, other)
    assert report["conflicts"] == 0 and report["added"]["events"] >= 1
    assert Path(other).read_bytes() == before  # not migrated, not touched
    merged = content(project)
    assert all((s["tag"], s["note"], s["actor"]) == (None, "", None) for s in merged["spans"].values())
    assert all(a["merged_into"] == "" for a in merged["actors"].values())
    assert project.check()["ok"]
    assert merge_file(project, other)["added"] == {}


def test_copies_shared_before_the_upgrade_merge_after_it(tmp_path):
    """Two copies of a version-1 project, shared (their states recorded as a version-1 copy
    records them), then each opened (upgraded, with its own default tag set) and edited apart:
    they merge without a false conflict, and the two default tag sets become one."""
    from sqlalchemy import create_engine

    paths = [shutil.copy(DATA / "schemas" / "schema_v1.curator", tmp_path / f"{n}.curator")
             for n in ("ours", "theirs")]
    for path in paths:  # what a version-1 copy wrote into both files
        engine = create_engine(f"sqlite:///{path}")
        with engine.begin() as conn:  # version-1 sync_history: (uid, state) only
            records = bulk.read_all(conn)
            conn.exec_driver_sql("INSERT INTO sync_history (uid, state) VALUES (?, ?)", [
                (rec["uid"], bulk.state_hash(kind, rec)) for kind in bulk.KINDS for rec in records[kind.key]])
        engine.dispose()
    with Project.open(paths[0], annotator="ana") as ours, Project.open(paths[1], annotator="ben") as theirs:
        assert ours.schema_version == theirs.schema_version == db.SCHEMA_VERSION
        event = ours.event_rows()[0]
        ours.update_event(event.id, title="renamed after the upgrade")
        doc = theirs.documents()[0]
        person = tag_id(theirs, "Person")
        highlight(theirs, doc.id, 0, 2, tag=person, note="labelled after the upgrade")
        report = merge_file(ours, theirs.path)
        assert report["conflicts"] == 0 and report["kept_ours"] == 1
        assert report["added"] == {"spans": 1}
        assert len(report["tags_matched_by_name"]) == len(ours.tags())
        assert [t.name for t in ours.tags()].count("Person") == 1
        [labelled] = [s for s in content(ours)["spans"].values() if s["note"]]
        assert labelled["tag"] == next(
            t.uid for t in ours.tags() if t.name == "Person")
        assert ours.event(event.id).title == "renamed after the upgrade"
        assert ours.check()["ok"]
