"""Merge scenarios: one-sided edits, conflicts (both edited; edited vs deleted), idempotence,
order independence, documents matched by text, merges from JSON exports, the CLI."""

from __future__ import annotations

import json

import pytest

from curator.cli import main
from curator.core import DateFields, Project
from curator.exchange.copy import export_copy
from curator.exchange.errors import InvalidExport, MergeConflicts
from curator.exchange.json_format import export_json
from curator.exchange.merge_file import merge_file, plan_file_merge
from test_exchange_support import content, history, states


@pytest.fixture
def base(tmp_path):
    """A small project with two events, and a copy of it handed to a colleague."""
    with Project.create(tmp_path / "ours.curator", annotator="ana") as p:
        doc = p.add_document("On 3 May 2014 the siege began. 😀 On 9 May it ended.")
        p.create_event_from_passage(doc, 0, 30, title="siege begins",
                                    date=DateFields("2014-05-03", "2014-05-03", "2014-05-03"))
        p.create_event_from_passage(doc, 33, 51, title="siege ends")
        export_copy(p, tmp_path / "theirs.curator")
    ours = Project.open(tmp_path / "ours.curator", annotator="ana")
    theirs = Project.open(tmp_path / "theirs.curator", annotator="ben")
    yield ours, theirs
    ours.close()
    theirs.close()


def _event(project: Project, title: str) -> int:
    return next(r.id for r in project.event_rows() if r.title == title)


def test_copy_carries_the_sync_history(base):
    ours, theirs = base
    assert states(ours) == states(theirs)
    assert history(ours) == history(theirs) and history(ours)
    assert theirs.check()["ok"]


def test_edit_on_their_side_only_is_taken(base):
    ours, theirs = base
    theirs.update_event(_event(theirs, "siege begins"), title="siege starts", location="Aleppo")
    report = merge_file(ours, theirs.path)
    assert report["updated"] == {"events": 1} and report["conflicts"] == 0
    event = ours.event(_event(ours, "siege starts"))
    assert event.location == "Aleppo"


def test_edit_on_our_side_only_is_kept(base):
    ours, theirs = base
    ours.update_event(_event(ours, "siege ends"), description="ours")
    report = merge_file(ours, theirs.path)
    assert report["kept_ours"] == 1 and report["updated"] == {}
    assert ours.event(_event(ours, "siege ends")).description == "ours"


def test_new_records_on_both_sides_are_all_kept(base):
    ours, theirs = base
    doc = theirs.documents()[0].id
    theirs.create_event_from_passage(doc, 4, 14, title="theirs new", actors=["Ben"])
    ours.add_event("ours new", actors=["Ana"])
    merge_file(ours, theirs.path)
    titles = {r.title for r in ours.event_rows()}
    assert {"theirs new", "ours new", "siege begins", "siege ends"} == titles
    assert {a.name for a in ours.actors()} == {"Ana", "Ben"}
    assert ours.check()["ok"]


def test_both_sided_edit_is_a_conflict_and_nothing_is_written(base):
    ours, theirs = base
    ours.update_event(_event(ours, "siege begins"), title="ours")
    theirs.update_event(_event(theirs, "siege begins"), title="theirs")
    theirs.add_event("unrelated new event")
    before = content(ours), history(ours)
    with pytest.raises(MergeConflicts) as info:
        merge_file(ours, theirs.path)
    [conflict] = info.value.conflicts
    assert conflict.kind == "events" and conflict.reason == "changed on both sides"
    assert (conflict.ours["title"], conflict.theirs["title"]) == ("ours", "theirs")
    assert (content(ours), history(ours)) == before


@pytest.mark.parametrize("side, title", [("ours", "ours"), ("theirs", "theirs")])
def test_conflict_settled_by_a_side_or_a_decision(base, side, title):
    ours, theirs = base
    ours.update_event(_event(ours, "siege begins"), title="ours")
    theirs.update_event(_event(theirs, "siege begins"), title="theirs")
    uid = ours.event(_event(ours, "ours")).uid
    merge_file(ours, theirs.path, decisions={uid: side})
    assert {r.title for r in ours.event_rows()} == {title, "siege ends"}
    again = merge_file(ours, theirs.path)  # settled: merging again is quiet
    assert again["conflicts"] == 0 and again["updated"] == {} and again["added"] == {}


def test_edit_versus_delete_is_a_conflict(base):
    ours, theirs = base
    ours.update_event(_event(ours, "siege ends"), title="siege ended")
    theirs.delete_event(_event(theirs, "siege ends"))
    with pytest.raises(MergeConflicts) as info:
        merge_file(ours, theirs.path)
    reasons = {c.reason for c in info.value.conflicts}
    assert reasons == {"edited here, deleted there"}
    merge_file(ours, theirs.path, default="theirs")
    assert {r.title for r in ours.event_rows()} == {"siege begins"}


def test_delete_on_one_side_only_is_taken(base):
    ours, theirs = base
    theirs.delete_event(_event(theirs, "siege ends"))
    merge_file(ours, theirs.path)
    assert {r.title for r in ours.event_rows()} == {"siege begins"}
    assert ours.stats()["tombstones"] == theirs.stats()["tombstones"]


def test_merging_the_same_file_twice_changes_nothing(base):
    ours, theirs = base
    theirs.update_event(_event(theirs, "siege begins"), title="x")
    theirs.add_event("y", actors=["Ben"])
    merge_file(ours, theirs.path)
    before = content(ours), history(ours)
    report = merge_file(ours, theirs.path)
    assert report["added"] == {} and report["updated"] == {}
    assert (content(ours), history(ours)) == before


def test_order_of_merges_does_not_matter(base, tmp_path):
    ours, theirs = base
    export_copy(ours, tmp_path / "ours2.curator")
    export_copy(ours, tmp_path / "third.curator")
    with Project.open(tmp_path / "third.curator", annotator="cy") as third:
        third.update_event(_event(third, "siege ends"), location="Aleppo")
        third.add_event("third's event")
    theirs.update_event(_event(theirs, "siege begins"), title="begins (ben)")
    theirs.add_event("ben's event")
    with Project.open(tmp_path / "ours2.curator") as ours2:
        merge_file(ours, theirs.path)
        merge_file(ours, tmp_path / "third.curator")
        merge_file(ours2, tmp_path / "third.curator")
        merge_file(ours2, theirs.path)
        assert states(ours) == states(ours2)
        assert {r.title for r in ours.event_rows()} == {
            "begins (ben)", "siege ends", "ben's event", "third's event"}


def test_merge_from_a_json_export(base, tmp_path):
    ours, theirs = base
    theirs.update_event(_event(theirs, "siege begins"), title="from json")
    export_json(theirs, tmp_path / "theirs.json")
    merge_file(ours, tmp_path / "theirs.json")
    assert "from json" in {r.title for r in ours.event_rows()}


def test_back_and_forth_via_json_does_not_conflict(base, tmp_path):
    ours, theirs = base
    export_json(ours, tmp_path / "o.json")  # ours shares its state...
    merge_file(theirs, tmp_path / "o.json")
    theirs.update_event(_event(theirs, "siege ends"), title="ended (ben)")  # ...they build on it
    report = merge_file(ours, theirs.path)
    assert report["updated"] == {"events": 1}


def test_documents_match_by_text(tmp_path):
    text = "The same report, imported by two people."
    with Project.create(tmp_path / "a.curator") as a, Project.create(tmp_path / "b.curator") as b:
        a.add_document(text, title="mine")
        doc_b = b.add_document(text, title="theirs")
        b.create_event_from_passage(doc_b, 4, 15, title="on the shared text")
        report = merge_file(a, b.path)
        assert len(a.documents()) == 1
        assert report["documents_matched_by_text"][0]["title"] == "theirs"
        [span] = a.spans(a.documents()[0].id)
        assert span.quote == "same report"
        assert a.check()["ok"]


def test_a_bad_other_file_is_refused_untouched(base, tmp_path):
    ours, theirs = base
    export_json(theirs, tmp_path / "t.json")
    data = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    data["spans"][0]["end"] = 10_000
    (tmp_path / "t.json").write_text(json.dumps(data), encoding="utf-8")
    before = content(ours)
    with pytest.raises(InvalidExport):
        merge_file(ours, tmp_path / "t.json")
    assert content(ours) == before


def test_plan_writes_nothing(base):
    ours, theirs = base
    theirs.add_event("new")
    before = content(ours), history(ours)
    _, plan = plan_file_merge(ours, theirs.path)
    assert len(plan.inserts["events"]) == 1
    assert (content(ours), history(ours)) == before


def test_cli_lists_conflicts_as_json_and_exits_nonzero(base, capsys):
    ours, theirs = base
    ours.update_event(_event(ours, "siege begins"), title="ours")
    theirs.update_event(_event(theirs, "siege begins"), title="theirs")
    assert main(["merge", str(ours.path), str(theirs.path)]) == 1
    captured = capsys.readouterr()
    listed = json.loads(captured.out)["conflicts"]
    assert [(c["ours"]["title"], c["theirs"]["title"]) for c in listed] == [("ours", "theirs")]
    assert "conflict" in captured.err
    assert main(["merge", str(ours.path), str(theirs.path), "--theirs"]) == 0
    assert json.loads(capsys.readouterr().out)["conflicts_settled"] == {"ours": 0, "theirs": 1}
    assert "theirs" in {r.title for r in ours.event_rows()}
