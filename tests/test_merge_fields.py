"""Three-way merge per field: the field rules on their own (unit), the ancestry rules that decide
which side is behind (unit), and end to end with two copies of a project edited through the
facade: edits to different fields of one record merge silently both ways, one field changed
differently is one conflict on that field, settled per field through the API and the CLI."""

from __future__ import annotations

import json

import pytest

from curator.cli import main
from curator.core import DateFields, Project
from curator.core.history import Seen
from curator.exchange.ancestry import LATER_THAN_ALL, ancestors, relate
from curator.exchange.conflicts import Conflict
from curator.exchange.copy import export_copy
from curator.exchange.errors import MergeConflicts
from curator.exchange.field_merge import FIELDS, merge_fields
from curator.exchange.merge_file import merge_file, plan_file_merge
from test_exchange_support import content, history, open_pair, states

STAMP = "2024-01-01T00:00:00.000000Z"
LATER = "2024-02-01T00:00:00.000000Z"


def event(**changes) -> dict:
    rec = {"uid": "e", "created_at": STAMP, "updated_at": STAMP, "created_by": "a", "deleted_at": None,
           "place": None, "title": "t", "description": "", "location": "", "edtf": "2014",
           "earliest": "2014-01-01", "latest": "2014-12-31", "date_text": "2014"}
    return rec | changes


# ------------------------------------------------------------------ the field rules
def test_a_field_changed_on_one_side_takes_that_side():
    base = event()
    out = merge_fields("events", base, event(title="ours", updated_at=LATER), event(location="Homs"))
    assert (out.merged["title"], out.merged["location"]) == ("ours", "Homs")
    assert out.conflicts == [] and out.from_theirs == ["location"] and not out.reason
    assert out.merged["updated_at"] == LATER  # the later of the two sides' stamps


def test_a_field_changed_alike_on_both_sides_is_no_conflict():
    out = merge_fields("events", event(), event(title="same", description="d"), event(title="same"))
    assert out.conflicts == [] and (out.merged["title"], out.merged["description"]) == ("same", "d")


def test_a_field_changed_differently_on_both_sides_is_a_conflict_on_that_field_only():
    out = merge_fields("events", event(), event(title="ours", location="Homs"),
                       event(title="theirs", description="theirs"))
    assert out.conflicts == ["title"]
    assert (out.merged["location"], out.merged["description"]) == ("Homs", "theirs")
    assert out.merged["title"] == "ours"  # left as ours until a choice is made


def test_references_are_fields_too():
    out = merge_fields("events", event(), event(place="p1"), event(title="theirs"))
    assert (out.merged["place"], out.merged["title"], out.conflicts) == ("p1", "theirs", [])
    assert merge_fields("events", event(), event(place="p1"), event(place="p2")).conflicts == ["place"]
    link = {"uid": "l", "created_at": STAMP, "updated_at": STAMP, "created_by": "", "deleted_at": None,
            "event": "e", "actor": "a1", "role": ""}
    out = merge_fields("event_actors", link, link | {"actor": "a2"}, link | {"role": "mediator"})
    assert (out.merged["actor"], out.merged["role"], out.conflicts) == ("a2", "mediator", [])


def test_a_date_is_one_field_so_a_merge_never_mixes_two_dates():
    may = dict(edtf="2014-05", earliest="2014-05-01", latest="2014-05-31", date_text="May 2014")
    june = dict(edtf="2014-06", earliest="2014-06-01", latest="2014-06-30", date_text="June 2014")
    out = merge_fields("events", event(), event(**may), event(**june))
    assert out.conflicts == ["date"]
    out = merge_fields("events", event(), event(**may), event(date_text="in 2014"))
    assert out.conflicts == ["date"]  # the expression and the interval go together
    assert FIELDS["events"]["date"] == ("edtf", "earliest", "latest", "date_text")
    assert FIELDS["spans"]["passage"] == ("document", "start", "end", "quote")


def test_deleted_on_one_side_and_edited_on_the_other_is_a_record_level_conflict():
    out = merge_fields("events", event(), event(deleted_at=LATER), event(title="theirs"))
    assert out.reason == "deleted here, edited there" and out.conflicts == []
    out = merge_fields("events", event(), event(title="ours"), event(deleted_at=LATER))
    assert out.reason == "edited here, deleted there"


def test_deleted_on_both_sides_merges_the_fields_and_keeps_the_first_deletion():
    out = merge_fields("events", event(), event(title="x", deleted_at=LATER),
                       event(description="y", deleted_at=STAMP))
    assert out.conflicts == [] and out.merged["deleted_at"] == STAMP
    assert (out.merged["title"], out.merged["description"]) == ("x", "y")


# ------------------------------------------------------------------ the ancestry rules
def test_a_live_file_owns_every_state_its_replica_claims():
    claims = [("s0", "R", STAMP), ("s1", "R", "")]
    assert ancestors("o", [], claims, "R", None) == {"o", "s0", "s1"}
    assert ancestors("o", [], claims, "Q", None) == {"o"}


def test_an_export_owns_only_what_its_replica_claimed_before_it_was_written():
    claims = [("s0", "R", STAMP), ("s2", "R", "2024-03-01T00:00:00.000000Z"), ("u", "R", "")]
    assert ancestors("t", [], claims, "R", LATER) == {"t", "s0"}


def test_what_one_replica_held_earlier_is_an_ancestor_of_what_it_held_later():
    claims = [("s0", "S", STAMP), ("s1", "S", LATER)]
    assert ancestors("c2", ["s1"], claims, "C2", None) == {"c2", "s1", "s0"}
    assert ancestors("c1", ["s0"], claims, "C1", None) == {"c1", "s0"}  # not the later one


def test_relate_keeps_takes_or_finds_the_common_ancestors():
    held = Seen(True, "S", STAMP)
    assert relate("o", "t", {"t": held}, {}, "F", "T", None)[0] == "keep"
    assert relate("o", "t", {}, {"o": held}, "F", "T", None)[0] == "take"
    verdict, common = relate("o", "t", {"b": held}, {"b": held}, "F", "T", None)
    assert (verdict, common) == ("both", {"b"})
    # their rows say our replica (F) held t once: ours supersedes it
    assert relate("o", "t", {}, {"t": Seen(False, "F", "")}, "F", "T", None)[0] == "keep"
    # our rows say their replica (T, a live file) held o once: theirs supersedes it
    assert relate("o", "t", {"o": Seen(False, "T", "")}, {}, "F", "T", None)[0] == "take"
    # not so for an export of T written before that claim could have been made
    assert relate("o", "t", {"o": Seen(False, "T", "")}, {}, "F", "T", STAMP)[0] == "both"
    assert LATER_THAN_ALL > "9999-12-31T23:59:59.999999Z"


# ------------------------------------------------------------------ end to end
TEXT = "On 3 May 2014 the siege of Homs ended. Talks went on in Geneva."


@pytest.fixture
def copies(tmp_path):
    """A project with one event (and two places), and a `.curator` copy of it."""
    def build(p: Project) -> None:
        doc = p.add_document(TEXT, title="report")
        p.add_actor("Homs", "place", latitude=34.73, longitude=36.71)
        p.add_actor("Geneva", "place")
        p.create_event_from_passage(doc, 0, 38, title="siege ends",
                                    date=DateFields("2014-05-03", "2014-05-03", "2014-05-03", "3 May 2014"))

    with open_pair(tmp_path, build) as pair:
        yield pair


def _event_id(p: Project) -> int:
    [row] = p.event_rows()
    return row.id


def _place(p: Project, name: str) -> int:
    return p.find_actor(name, kind="place")


@pytest.mark.parametrize("direction", ["theirs into ours", "ours into theirs"])
def test_title_here_and_place_there_merge_silently_either_way(copies, direction):
    ours, theirs = copies
    ours.update_event(_event_id(ours), title="siege of Homs ends")
    theirs.set_event_place(_event_id(theirs), _place(theirs, "Homs"))  # place and location
    target, other = (ours, theirs) if direction == "theirs into ours" else (theirs, ours)
    report = merge_file(target, other.path)
    assert report["conflicts"] == 0 and report["merged_field_by_field"] == {"events": 1}
    merged = target.event(_event_id(target))
    assert (merged.title, merged.location, merged.place_id) == (
        "siege of Homs ends", "Homs", _place(target, "Homs"))
    assert target.check()["ok"]
    again = merge_file(target, other.path)  # the merged state is recorded: nothing more to do
    assert again["updated"] == {} and again["conflicts"] == 0
    report = merge_file(other, target.path)  # and the other side takes the result back
    assert report["conflicts"] == 0 and report["updated"] == {"events": 1}
    assert states(ours) == states(theirs)


def test_both_orders_give_the_same_result(copies, tmp_path):
    ours, theirs = copies
    export_copy(ours, tmp_path / "second.curator")  # a second copy of the same project
    ours.update_event(_event_id(ours), title="siege of Homs ends")
    theirs.set_event_place(_event_id(theirs), _place(theirs, "Homs"))
    with Project.open(tmp_path / "second.curator") as second:
        merge_file(ours, theirs.path)
        merge_file(theirs, ours.path)
        merge_file(second, theirs.path)
        assert states(second) == states(ours) == states(theirs)


def test_the_same_field_changed_differently_is_one_conflict_on_that_field(copies, capsys):
    ours, theirs = copies
    ours.update_event(_event_id(ours), title="ours", description="only here")
    theirs.update_event(_event_id(theirs), title="theirs")
    theirs.set_event_place(_event_id(theirs), _place(theirs, "Geneva"))
    before = content(ours), history(ours)
    with pytest.raises(MergeConflicts) as info:
        merge_file(ours, theirs.path)
    assert (content(ours), history(ours)) == before  # nothing written
    [conflict] = info.value.conflicts
    assert (conflict.kind, conflict.level, conflict.field_names) == ("events", "field", ["title"])
    [title] = conflict.fields
    assert (title.base, title.ours, title.theirs) == ("siege ends", "ours", "theirs")
    # the CLI lists it field by field
    assert main(["merge", str(ours.path), str(theirs.path)]) == 1
    out = capsys.readouterr()
    [listed] = json.loads(out.out)["conflicts"]
    assert listed["level"] == "field" and listed["fields"] == {
        "title": {"base": "siege ends", "ours": "ours", "theirs": "theirs"}}
    assert "1 conflicting record (1 field changed differently on both sides)" in out.err
    # settled per field: their title, and everything else merged
    report = merge_file(ours, theirs.path, decisions={conflict.uid: {"title": "theirs"}})
    assert report["conflicts_settled"] == {"ours": 0, "theirs": 1}
    assert report["updated"] == {"events": 1}  # the settled record is counted as written
    merged = ours.event(_event_id(ours))
    assert (merged.title, merged.description, merged.location) == ("theirs", "only here", "Geneva")
    assert merge_file(ours, theirs.path)["updated"] == {}  # settled once and for all


def test_cli_decisions_file_settles_per_field(copies, tmp_path, capsys):
    ours, theirs = copies
    ours.update_event(_event_id(ours), title="ours", location="here")
    theirs.update_event(_event_id(theirs), title="theirs", location="there")
    uid = ours.event(_event_id(ours)).uid
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps({uid: {"location": "theirs"}}), encoding="utf-8")
    assert main(["merge", str(ours.path), str(theirs.path), "--decisions", str(decisions), "--ours"]) == 0
    assert json.loads(capsys.readouterr().out)["conflicts_settled"] == {"ours": 1, "theirs": 1}
    merged = ours.event(_event_id(ours))
    assert (merged.title, merged.location) == ("ours", "there")


@pytest.mark.parametrize("decision, words", [
    ({"title": "mine"}, "must be 'ours' or 'theirs'"), ({"place": "ours"}, "has no conflict on place"),
    (["ours"], "must be 'ours', 'theirs' or a mapping")])
def test_bad_decisions_are_refused_in_one_line(copies, tmp_path, capsys, decision, words):
    ours, theirs = copies
    ours.update_event(_event_id(ours), title="ours")
    theirs.update_event(_event_id(theirs), title="theirs")
    uid = ours.event(_event_id(ours)).uid
    path = tmp_path / "d.json"
    path.write_text(json.dumps({uid: decision}), encoding="utf-8")
    before = content(ours)
    assert main(["merge", str(ours.path), str(theirs.path), "--decisions", str(path)]) != 0
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert content(ours) == before


def test_a_record_deleted_here_and_edited_there_is_decided_as_a_whole(copies):
    ours, theirs = copies
    ours.delete_event(_event_id(ours))
    theirs.update_event(_event_id(theirs), description="more", location="Homs")
    _, plan = plan_file_merge(ours, theirs.path)
    [conflict] = plan.conflicts
    assert (conflict.level, conflict.reason) == ("record", "deleted here, edited there")
    assert conflict.field_names == ["description", "location"] and conflict.base is not None
    with pytest.raises(Exception, match="as a whole"):
        conflict.choices({"description": "theirs", "location": "ours"}, None)
    assert conflict.choices({"description": "theirs"}, None) == "theirs"
    merge_file(ours, theirs.path, decisions={conflict.uid: "theirs"})
    assert ours.event_rows()[0].title == "siege ends"
    assert ours.event(ours.event_rows()[0].id).description == "more"


def test_without_a_shared_version_the_record_is_compared_as_a_whole(copies):
    """Copies that shared a record before Curator kept contents (schema 3 and older): the
    record both changed is one conflict listing every differing field, as before."""
    ours, theirs = copies
    for p in (ours, theirs):
        with p._write() as conn:
            conn.exec_driver_sql("UPDATE sync_history SET content = ''")
    ours.update_event(_event_id(ours), title="ours")
    theirs.update_event(_event_id(theirs), location="there")
    with pytest.raises(MergeConflicts) as info:
        merge_file(ours, theirs.path)
    [conflict] = info.value.conflicts
    assert conflict.level == "record" and conflict.base is None
    assert set(conflict.field_names) == {"title", "location"}
    assert "no version both shared is known" in conflict.reason


def test_the_merged_result_is_recorded_with_its_content(copies):
    from curator.core import bulk

    ours, theirs = copies
    ours.update_event(_event_id(ours), title="new title")
    theirs.update_event(_event_id(theirs), description="new description")
    merge_file(ours, theirs.path)
    [merged] = [r for r in content(ours)["events"].values()]
    state = bulk.state_hash(bulk.EVENTS, merged)
    with ours._read() as conn:
        stored = conn.exec_driver_sql("SELECT content FROM sync_history WHERE uid = ? AND state = ?",
                                      (merged["uid"], state)).scalar()
    assert bulk.content_state(bulk.EVENTS, merged["uid"], stored) == state
    assert bulk.record_from_content(bulk.EVENTS, merged["uid"], stored)["title"] == "new title"


def test_conflict_results_follow_the_choices():
    base = event()
    merged = merge_fields("events", base, event(title="o", location="L"), event(title="t", description="D"))
    c = Conflict("events", "e", "changed on both sides", event(title="o", location="L"),
                 event(title="t", description="D"), 0, base, (), merged.merged)
    from curator.exchange.conflicts import FieldConflict
    c = Conflict(c.kind, c.uid, c.reason, c.ours, c.theirs, 0, base,
                 (FieldConflict("title", "t", "o", "t"),), merged.merged)
    assert c.result({"title": "theirs"})["title"] == "t"
    assert c.result({"title": "ours"}) | {"updated_at": STAMP} == event(title="o", location="L", description="D")
    assert c.choices(None, None) is None and c.choices(None, "ours") == {"title": "ours"}
