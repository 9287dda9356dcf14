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
from test_exchange_support import content, history, open_pair, replica_of, states


@pytest.fixture
def base(tmp_path):
    """A small project with two events, and a copy of it handed to a colleague."""
    def build(p: Project) -> None:
        doc = p.add_document("On 3 May 2014 the siege began. 😀 On 9 May it ended.")
        p.create_event_from_passage(doc, 0, 30, title="siege begins",
                                    date=DateFields("2014-05-03", "2014-05-03", "2014-05-03"))
        p.create_event_from_passage(doc, 33, 51, title="siege ends")

    with open_pair(tmp_path, build) as pair:
        yield pair


def _event(project: Project, title: str) -> int:
    return next(r.id for r in project.event_rows() if r.title == title)


def test_copy_carries_the_sync_history_and_the_project_records_nothing(base):
    ours, theirs = base
    assert states(ours) == states(theirs)
    assert history(ours) == {}  # making the copy was a read of ours
    shared = {uid: state for by_uid in states(ours).values() for uid, state in by_uid.items()}
    assert history(theirs) == {uid: {state} for uid, state in shared.items()}
    with theirs._read() as conn:
        rows = conn.exec_driver_sql("SELECT replica, shared_at, content FROM sync_history").all()
    assert {replica for replica, _, _ in rows} == {replica_of(ours)}  # held by ours, then
    assert all(at and content for _, at, content in rows)
    assert replica_of(theirs) != replica_of(ours)  # the copy is another replica
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


# ------------------------------------------------------------------ rejected suggestions
REPORT = "The council met on 3 May 2014 in Aleppo. Talks resumed on 9 June 2014 in Geneva."


@pytest.fixture
def suggesting(tmp_path):
    """A project whose text suggests two events, the first already rejected, and a copy of it."""
    from curator.suggestions import reject, suggest_events

    def build(p: Project) -> None:
        p.add_document(REPORT, title="report")
        reject(p, suggest_events(p)[0])

    with open_pair(tmp_path, build) as pair:
        yield pair


def _proposed(project: Project) -> set[tuple[int, int, str]]:
    from curator.suggestions import suggest_events

    return {(s.start, s.end, s.date.edtf) for s in suggest_events(project)}


def _rejection_ids(project: Project) -> list[int]:
    with project._read() as conn:
        return [r[0] for r in conn.exec_driver_sql("SELECT id FROM rejected_suggestion ORDER BY id")]


MAY, JUNE = (0, 40, "2014-05-03"), (41, 80, "2014-06-09")


def test_copy_carries_rejections(suggesting):
    ours, theirs = suggesting
    assert theirs.rejected_suggestions() == ours.rejected_suggestions() == {(1, *MAY)}
    assert _proposed(theirs) == {JUNE}


@pytest.mark.parametrize("via_json", [False, True])
def test_merge_brings_their_rejection_over(suggesting, tmp_path, via_json):
    from curator.suggestions import reject, suggest_events

    ours, theirs = suggesting
    [june] = suggest_events(theirs)
    reject(theirs, june)
    other = theirs.path
    if via_json:
        export_json(theirs, tmp_path / "theirs.json")
        other = tmp_path / "theirs.json"
    assert _proposed(ours) == {JUNE}
    report = merge_file(ours, other)
    assert report["added"] == {"rejected_suggestions": 1} and report["conflicts"] == 0
    assert _proposed(ours) == set()  # not proposed again
    [new] = [r for r in content(ours)["rejected_suggestions"].values() if r["start"] == 41]
    assert new["created_by"] == "ben" and new["document"] == ours.documents()[0].uid
    assert merge_file(ours, other)["added"] == {}


def test_rejection_forgotten_on_their_side_only_is_taken(suggesting):
    ours, theirs = suggesting
    theirs.forget_rejections(_rejection_ids(theirs))
    report = merge_file(ours, theirs.path)
    assert report["updated"] == {"rejected_suggestions": 1}
    assert ours.rejected_suggestions() == set() and _proposed(ours) == {MAY, JUNE}


def test_rejection_forgotten_on_both_sides_is_no_conflict(suggesting):
    ours, theirs = suggesting
    ours.forget_rejections(_rejection_ids(ours))
    theirs.forget_rejections(_rejection_ids(theirs))
    report = merge_file(ours, theirs.path)
    assert report["conflicts"] == 0 and report["updated"] == {}


def _edit_rejection(project: Project, edtf: str) -> None:
    """Change a rejection's date as another tool (or a later Curator) could: the facade has no
    edit for rejections, but their state, like any record's, covers every content field."""
    with project._write() as conn:
        conn.exec_driver_sql("UPDATE rejected_suggestion SET edtf = ?, "
                             "updated_at = '2030-01-01T00:00:00.000000Z'", (edtf,))


@pytest.mark.parametrize("edited, reason", [("theirs", "deleted here, edited there"),
                                            ("ours", "edited here, deleted there")])
def test_rejection_edited_versus_deleted_is_a_conflict(suggesting, edited, reason):
    ours, theirs = suggesting
    editor, deleter = (theirs, ours) if edited == "theirs" else (ours, theirs)
    _edit_rejection(editor, "2014-05")
    deleter.forget_rejections(_rejection_ids(deleter))
    before = content(ours), history(ours)
    with pytest.raises(MergeConflicts) as info:
        merge_file(ours, theirs.path)
    [conflict] = info.value.conflicts
    assert (conflict.kind, conflict.reason) == ("rejected_suggestions", reason)
    assert conflict.path == "$.rejected_suggestions[0]"
    assert (content(ours), history(ours)) == before  # nothing written
    merge_file(ours, theirs.path, decisions={conflict.uid: "theirs"})
    expected = {(1, 0, 40, "2014-05")} if edited == "theirs" else set()
    assert ours.rejected_suggestions() == expected
    again = merge_file(ours, theirs.path)  # settled: merging again is quiet
    assert again["conflicts"] == 0 and again["updated"] == {} and again["added"] == {}


def test_rejection_edited_on_both_sides_is_a_conflict(suggesting, tmp_path):
    ours, theirs = suggesting
    _edit_rejection(ours, "2014")
    _edit_rejection(theirs, "2014-05")
    with pytest.raises(MergeConflicts) as info:
        merge_file(ours, theirs.path)
    assert [c.reason for c in info.value.conflicts] == ["changed on both sides"]
    merge_file(ours, theirs.path, default="ours")
    assert ours.rejected_suggestions() == {(1, 0, 40, "2014")}


def test_rejection_on_a_document_matched_by_text_moves_onto_ours(tmp_path):
    from curator.suggestions import reject, suggest_events

    with Project.create(tmp_path / "a.curator") as a, Project.create(tmp_path / "b.curator") as b:
        a.add_document("Preface.\n" + REPORT, title="mine")  # ids differ from theirs, too
        a.add_document(REPORT, title="mine too")
        b.add_document(REPORT, title="theirs")
        reject(b, suggest_events(b)[1])
        report = merge_file(a, b.path)
        assert report["added"] == {"rejected_suggestions": 1}
        mine_too = a.documents()[1].id
        assert a.rejected_suggestions() == {(mine_too, *JUNE)}
        assert {(s.document_id, s.start) for s in suggest_events(a)} == {
            (a.documents()[0].id, 9), (a.documents()[0].id, 50), (mine_too, 0)}
        assert a.check()["ok"]


def test_a_project_file_with_a_bad_rejection_is_refused(suggesting):
    ours, theirs = suggesting
    with theirs._write() as conn:
        conn.exec_driver_sql('UPDATE rejected_suggestion SET "end" = 10000')
    before = content(ours)
    with pytest.raises(InvalidExport) as info:
        merge_file(ours, theirs.path)
    assert [p.path for p in info.value.problems] == ["$.rejected_suggestions[0].end"]
    assert content(ours) == before
