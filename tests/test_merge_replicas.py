"""Exporting is a read: the project stays byte-identical, and what a later merge needs travels
in the export (the replica that held each record) or in a `.curator` copy. Merging an export
back after editing the source is no conflict; copies handed out at different times merge with
each other; and the traps: a file duplicated with `cp` (a twin) whose exports must not pass
for the original's, a hand-edited export, an older export merged after a newer one, formats 1-3."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from curator.core import DateFields, Project
from curator.core.replica import project_replica
from curator.exchange import export_project
from curator.exchange.copy import export_copy
from curator.exchange.errors import MergeConflicts
from curator.exchange.json_format import export_json, import_json
from curator.exchange.merge_file import merge_file
from test_exchange_support import as_format_3, content, history, load, replica_of, states, write

TEXT = "On 3 May 2014 the siege of Homs ended. Talks went on in Geneva. The UN mediated."


def _build(path: Path) -> Path:
    with Project.create(path, annotator="ana") as p:
        doc = p.add_document(TEXT, title="report")
        p.add_actor("Homs", "place")
        p.create_event_from_passage(doc, 0, 38, title="siege ends",
                                    date=DateFields("2014-05-03", "2014-05-03", "2014-05-03", "3 May 2014"))
        p.create_event_from_passage(doc, 39, 63, title="talks")
    return path


def _id(p: Project, title: str) -> int:
    return next(r.id for r in p.event_rows() if r.title == title)


def _but_tags(by_kind: dict) -> dict:
    return {k: v for k, v in by_kind.items() if k != "tags"}


def _files(path: Path) -> dict[str, str]:
    """sha256 of the project file and of any side file beside it."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.parent.glob(path.name + "*"))}


@pytest.fixture
def source(tmp_path) -> Path:
    return _build(tmp_path / "source.curator")


# ------------------------------------------------------------------ exporting is a read
def test_exporting_leaves_the_project_byte_identical(source, tmp_path, monkeypatch):
    with Project.open(source) as p:  # a history with contents and claims, as after merges
        export_copy(p, tmp_path / "c.curator")
        with Project.open(tmp_path / "c.curator") as c:
            c.update_event(_id(c, "talks"), description="in Geneva")
        merge_file(p, tmp_path / "c.curator")
    before = _files(source)
    assert list(before) == ["source.curator"]  # closed: no -wal, no -shm

    def no_writes(self):
        raise AssertionError("an export opened a write transaction on the project")

    monkeypatch.setattr(Project, "_write", no_writes)
    with Project.open(source) as p:
        for name in ("out.json", "out.curator", "out.csv", "out.timeline.json", "out.jsonld"):
            export_project(p, tmp_path / name)
    assert _files(source) == before
    raw = sqlite3.connect(f"file:{source}?mode=ro", uri=True)  # and it is still whole
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    data = load(tmp_path / "out.json")
    assert data["sync"]["history"] and any(
        "content" in e for entries in data["sync"]["history"].values() for e in entries)


def test_an_export_names_the_replica_and_every_state_it_held(source, tmp_path):
    with Project.open(source) as p:
        export_json(p, tmp_path / "a.json")
        data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
        assert data["sync"]["replica"] == replica_of(p)
        assert data["sync"]["shared_at"] == data["exported_at"]
        assert data["sync"]["held"] == {uid: s for kind in states(p).values() for uid, s in kind.items()}
        assert history(p) == {}


# ------------------------------------------------------------------ merging exports back
@pytest.mark.parametrize("via", ["json", "curator"])
def test_merging_an_export_back_after_editing_the_source_is_no_conflict(source, tmp_path, via):
    out = tmp_path / f"export.{via}"
    with Project.open(source) as p:
        export_project(p, out)
        p.update_event(_id(p, "siege ends"), title="the siege of Homs ends")
        p.delete_event(_id(p, "talks"))
        before = content(p)
        report = merge_file(p, out)
        assert report["conflicts"] == 0 and report["updated"] == {} and report["kept_ours"] >= 2
        assert content(p) == before


def test_a_colleague_who_imported_the_export_merges_field_by_field(source, tmp_path):
    with Project.open(source) as p:
        export_json(p, tmp_path / "for ben.json")
        with Project.create(tmp_path / "ben.curator", annotator="ben") as ben:
            import_json(ben, tmp_path / "for ben.json")
            ben.update_event(_id(ben, "siege ends"), location="Homs, Old City")
            ben.update_event(_id(ben, "talks"), title="talks in Geneva")
        p.update_event(_id(p, "siege ends"), description="evacuation began")
        report = merge_file(p, tmp_path / "ben.curator")
        assert report["conflicts"] == 0 and report["merged_field_by_field"] == {"events": 1}
        siege = p.event(_id(p, "siege ends"))
        assert (siege.location, siege.description) == ("Homs, Old City", "evacuation began")
        assert "talks in Geneva" in {r.title for r in p.event_rows()}
        with Project.open(tmp_path / "ben.curator") as ben:  # and ben takes the result back
            assert merge_file(ben, p.path)["conflicts"] == 0
            assert _but_tags(states(ben)) == _but_tags(states(p))  # each kept its default tags


def test_copies_handed_out_at_different_times_merge_with_each_other(source, tmp_path):
    """Monday's copy and Friday's copy: the source changed in between and wrote nothing when
    copying; what Friday's copy holds is newer, so neither order is a conflict."""
    with Project.open(source) as p:
        export_copy(p, tmp_path / "monday.curator")
        p.update_event(_id(p, "siege ends"), title="the siege of Homs ends")
        export_copy(p, tmp_path / "friday.curator")
    with Project.open(tmp_path / "monday.curator") as monday, \
            Project.open(tmp_path / "friday.curator") as friday:
        monday.update_event(_id(monday, "siege ends"), description="monday's note")
        report = merge_file(friday, monday.path)
        assert report["conflicts"] == 0
        siege = friday.event(_id(friday, "the siege of Homs ends"))
        assert (siege.title, siege.description) == ("the siege of Homs ends", "monday's note")
        assert merge_file(monday, friday.path)["conflicts"] == 0
        assert states(monday) == states(friday)


def test_an_older_export_merged_after_a_newer_one_changes_nothing(source, tmp_path):
    with Project.open(source) as p:
        export_json(p, tmp_path / "old.json")
        p.update_event(_id(p, "siege ends"), title="newer title")
        export_json(p, tmp_path / "new.json")
    with Project.create(tmp_path / "ben.curator") as ben:
        import_json(ben, tmp_path / "new.json")
        before = content(ben)
        report = merge_file(ben, tmp_path / "old.json")
        assert report["conflicts"] == 0 and report["updated"] == {}
        assert content(ben) == before and "newer title" in {r.title for r in ben.event_rows()}


def test_a_format_3_export_still_merges_back_without_false_conflicts(source, tmp_path):
    """Curator 3 recorded an export's states in the project when exporting; its files carry
    only state hashes. Such a file still imports, and merges back."""
    with Project.open(source) as p:
        export_json(p, tmp_path / "now.json")
        old = as_format_3(load(tmp_path / "now.json"))
        with p._write() as conn:  # what Curator 3's export wrote into the project
            conn.exec_driver_sql("INSERT INTO sync_history (uid, state, content, replica, shared_at) "
                                 "VALUES (?, ?, '', '', '')",
                                 [(uid, s[0]) for uid, s in old["sync"].items()])
        write(tmp_path / "v3.json", old)
        p.update_event(_id(p, "siege ends"), title="edited after")
        report = merge_file(p, tmp_path / "v3.json")
        assert report["conflicts"] == 0 and report["updated"] == {}
    with Project.create(tmp_path / "fresh.curator") as fresh:
        assert import_json(fresh, tmp_path / "v3.json")["added"]["events"] == 2


# ------------------------------------------------------------------ traps
def test_a_twin_made_with_cp_is_another_replica_and_its_edits_are_never_dropped(source, tmp_path):
    """A twin's export says the twin held its states, not the original: merged into the
    original, the twin's edit is a conflict to decide (the twin's file does not know that its
    starting state was the original's: a spurious conflict), never a silent "keep ours". Had the
    twin passed for the original, the edit would have been dropped without a word."""
    twin, pristine = tmp_path / "twin.curator", tmp_path / "pristine.curator"
    shutil.copyfile(source, twin)  # a closed project: one self-contained file
    shutil.copyfile(source, pristine)  # another, left as it is (for the forged export below)
    with Project.open(source) as p, Project.open(twin) as t:
        assert replica_of(p) != replica_of(t)
        with p._read() as a, t._read() as b:  # one base, two files
            assert (a.exec_driver_sql("SELECT value FROM project_meta WHERE key = 'replica'").scalar()
                    == b.exec_driver_sql("SELECT value FROM project_meta WHERE key = 'replica'").scalar())
        t.update_event(_id(t, "talks"), title="talks (twin)")
        export_json(t, tmp_path / "twin.json")
        data = json.loads((tmp_path / "twin.json").read_text(encoding="utf-8"))
        assert data["sync"]["replica"] == replica_of(t)
        before = content(p)
        with pytest.raises(MergeConflicts) as info:
            merge_file(p, tmp_path / "twin.json")
        assert content(p) == before
        [conflict] = info.value.conflicts
        assert conflict.theirs["title"] == "talks (twin)"
        merge_file(p, tmp_path / "twin.json", default="theirs")  # decided: the edit comes in
        assert "talks (twin)" in {r.title for r in p.event_rows()}
    with Project.open(pristine) as other:  # forged: the export claiming its target's replica
        data["sync"]["replica"] = replica_of(other)
        write(tmp_path / "forged.json", data)
        report = merge_file(other, tmp_path / "forged.json")  # would lose the edit silently
        assert report["kept_ours"] >= 1 and "talks (twin)" not in {r.title for r in other.event_rows()}


def test_a_renamed_file_is_the_same_replica_and_merging_a_project_with_itself_is_refused(source, tmp_path):
    with Project.open(source) as p:
        first = replica_of(p)
    moved = tmp_path / "renamed.curator"
    os.replace(source, moved)
    with Project.open(moved) as p:
        assert replica_of(p) == first
        link = tmp_path / "link.curator"
        os.link(moved, link)  # the same file under another name
        before = content(p)
        with pytest.raises(Exception, match="this project itself"):
            merge_file(p, link)
        assert content(p) == before


def test_a_hand_edited_export_is_not_taken_for_the_exporters_own_state(source, tmp_path):
    """A record changed in the JSON after export (by hand, by a script) no longer matches the
    state the file says its replica held: merged back into a source that changed the same
    field, it is a conflict, not a silent "keep ours"."""
    with Project.open(source) as p:
        export_json(p, tmp_path / "a.json")
        data = load(tmp_path / "a.json")
        i = next(i for i, e in enumerate(data["events"]) if e["title"] == "siege ends")
        data["events"][i]["title"] = "fixed by hand"
        write(tmp_path / "edited.json", data)
        p.update_event(_id(p, "siege ends"), title="changed here")
        with pytest.raises(MergeConflicts) as info:
            merge_file(p, tmp_path / "edited.json")
        [conflict] = info.value.conflicts
        assert (conflict.ours["title"], conflict.theirs["title"]) == ("changed here", "fixed by hand")
        # a hand edit to a record the source did not change comes in as an update
        data["events"][i]["title"] = "siege ends"
        j = next(i for i, e in enumerate(data["events"]) if e["title"] == "talks")
        data["events"][j]["description"] = "added by hand"
        write(tmp_path / "edited2.json", data)
        report = merge_file(p, tmp_path / "edited2.json")
        assert p.event(_id(p, "talks")).description == "added by hand"
        assert report["conflicts"] == 0  # the untouched title is the source's own older state
        assert p.event(_id(p, "changed here")).title == "changed here"


def test_a_content_that_is_not_its_state_is_refused(source, tmp_path):
    with Project.open(source) as p:
        export_copy(p, tmp_path / "c.curator")
        with Project.open(tmp_path / "c.curator") as c:
            c.update_event(_id(c, "talks"), description="x")
            export_json(c, tmp_path / "c.json")
        data = load(tmp_path / "c.json")
        uid = next(u for u, entries in data["sync"]["history"].items()
                   if any("content" in e for e in entries))
        i = next(i for i, e in enumerate(data["sync"]["history"][uid]) if "content" in e)
        data["sync"]["history"][uid][i]["content"]["title"] = "a base that never was"
        write(tmp_path / "bad.json", data)
        before = content(p)
        with pytest.raises(Exception) as info:
            import_json(p, tmp_path / "bad.json")
        assert [pr.path for pr in info.value.problems] == [f"$.sync.history.{uid}[{i}].content"]
        assert content(p) == before


def test_replica_ids_differ_for_a_copy_and_stay_for_the_file(source, tmp_path):
    with Project.open(source) as p:
        export_copy(p, tmp_path / "c.curator")
        with p._read() as conn:
            again = project_replica(conn, p.path)
        assert replica_of(p) == again
    with Project.open(tmp_path / "c.curator") as c, Project.open(source) as p:
        assert replica_of(c) != replica_of(p)
        with c._read() as a, p._read() as b:  # a copy gets a fresh base too
            assert (a.exec_driver_sql("SELECT value FROM project_meta WHERE key = 'replica'").scalar()
                    != b.exec_driver_sql("SELECT value FROM project_meta WHERE key = 'replica'").scalar())


def test_json_of_the_sync_section_validates_against_the_published_schema(source, tmp_path):
    from jsonschema import Draft202012Validator

    from curator.exchange.validate import schema

    with Project.open(source) as p:
        export_copy(p, tmp_path / "c.curator")
        with Project.open(tmp_path / "c.curator") as c:
            c.update_event(_id(c, "talks"), description="x")
        merge_file(p, tmp_path / "c.curator")
        export_json(p, tmp_path / "out.json")
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema(6)).validate(data)
    entries = [e for es in data["sync"]["history"].values() for e in es]
    assert any("replica" in e and "shared_at" in e for e in entries)


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_older_project_file_merges_as_it_is_and_is_left_untouched(tmp_path, version):
    fixture = Path(__file__).parent / "data" / "schemas" / f"schema_v{version}.curator"
    other = tmp_path / f"old{version}.curator"
    shutil.copyfile(fixture, other)
    before = hashlib.sha256(other.read_bytes()).hexdigest()
    with Project.create(tmp_path / "new.curator") as p:
        report = merge_file(p, other)
        assert report["added"]["events"] >= 1 and report["conflicts"] == 0
        assert merge_file(p, other)["added"] == {}
        assert p.check()["ok"]
    assert hashlib.sha256(other.read_bytes()).hexdigest() == before
