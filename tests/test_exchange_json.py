"""JSON export and import: round trips (with Hypothesis), and every class of bad input refused
with each problem's JSON path and the project left exactly as it was."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from curator.cli import main
from curator.core import DateFields, Project
from curator.exchange import export_project
from curator.exchange.errors import Cancelled, InvalidExport, NewerFormatError
from curator.exchange.json_format import export_json, import_json
from curator.exchange.validate import FORMAT_VERSION, schema, schema_path
from annotation_support import comparable
from curator.core.bulk import KINDS
from test_exchange_support import (
    as_format_3, as_format_4, as_format_5, assert_same_export, content, history, load, records, replica_of,
    write,
)


def test_schema_is_valid_draft_2020_12_and_shipped_in_resources():
    assert schema_path().parts[-3:] == ("resources", "schema", "curator-export-6.schema.json")
    assert schema_path(1).parts[-3:] == ("resources", "schema", "curator-export-1.schema.json")
    for version in (1, 2, 3, 4, 5, 6):
        assert schema(version)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema(version))


def test_demo_round_trip_gives_the_same_export(demo_project, tmp_path):
    first = tmp_path / "a.json"
    export_json(demo_project, first)
    Draft202012Validator(schema()).validate(json.loads(first.read_text(encoding="utf-8")))
    with Project.create(tmp_path / "empty.curator") as empty:
        report = import_json(empty, first)
        assert report["added"]["events"] == demo_project.stats()["events"]
        second = tmp_path / "b.json"
        export_json(empty, second)
        assert_same_export(load(first), load(second))
        assert empty.check()["ok"]


def test_export_carries_tombstones_and_authors(project, tmp_path):
    doc = project.add_document("One. Two.", title="T")
    kept = project.create_event_from_passage(doc, 0, 4, date=DateFields("2014-05", "2014-05-01", "2014-05-31"))
    gone = project.create_event_from_passage(doc, 5, 9)
    project.delete_event(gone)
    export_json(project, tmp_path / "x.json")
    data = load(tmp_path / "x.json")
    events = {e["uid"]: e for e in data["events"]}
    assert events[project.event(kept).uid]["deleted_at"] is None
    assert sum(e["deleted_at"] is not None for e in data["events"]) == 1
    assert {e["created_by"] for e in data["events"]} == {"tester"}
    assert data["format_version"] == FORMAT_VERSION
    # every record's state is in the file's sync section, which names the project's replica;
    # exporting wrote nothing to the project (no history)
    assert set(data["sync"]["held"]) == {r["uid"] for k in KINDS for r in data[k.key]}
    assert data["sync"]["replica"] == replica_of(project) and history(project) == {}


def test_import_twice_changes_nothing(demo_project, tmp_path):
    export_json(demo_project, tmp_path / "a.json")
    before = content(demo_project)
    report = import_json(demo_project, tmp_path / "a.json")
    assert report["added"] == {} and report["updated"] == {}
    assert content(demo_project) == before


def test_import_brings_forward_records_the_file_has_newer(project, tmp_path):
    doc = project.add_document("Some text here.")
    event = project.create_event_from_passage(doc, 0, 4, title="old")
    export_json(project, tmp_path / "old.json")
    with Project.create(tmp_path / "b.curator") as other:
        import_json(other, tmp_path / "old.json")
        other_event = other.event_rows()[0].id
        other.update_event(other_event, title="new")
        export_json(other, tmp_path / "new.json")
    import_json(project, tmp_path / "new.json")
    assert project.event(event).title == "new"


def test_import_refuses_a_record_changed_on_both_sides(project, tmp_path):
    doc = project.add_document("Some text here.")
    event = project.create_event_from_passage(doc, 0, 4, title="base")
    export_json(project, tmp_path / "base.json")
    data = load(tmp_path / "base.json")
    data["events"][0]["title"] = "theirs"
    project.update_event(event, title="ours")
    before = content(project)
    with pytest.raises(InvalidExport) as info:
        import_json(project, write(tmp_path / "theirs.json", data))
    assert info.value.problems[0].path == "$.events[0]"
    assert content(project) == before


def test_import_merges_fields_changed_apart_and_names_a_field_changed_both_ways(project, tmp_path):
    doc = project.add_document("Some text here.")
    event = project.create_event_from_passage(doc, 0, 4, title="base")
    export_json(project, tmp_path / "first.json")
    with Project.create(tmp_path / "other.curator") as other:
        import_json(other, tmp_path / "first.json")
        [row] = other.event_rows()
        other.update_event(row.id, description="theirs")  # a field the source leaves alone
        project.update_event(event, title="source title")
        export_json(project, tmp_path / "second.json")
        report = import_json(other, tmp_path / "second.json")
        assert report["merged_field_by_field"] == {"events": 1}
        merged = other.event(row.id)
        assert (merged.title, merged.description) == ("source title", "theirs")
        other.update_event(row.id, title="other title")
        project.update_event(event, title="newer source title")
        export_json(project, tmp_path / "third.json")
        before = content(other)
        with pytest.raises(InvalidExport) as info:
            import_json(other, tmp_path / "third.json")
        [problem] = info.value.problems
        assert problem.message.startswith("title changed both here and in the file")
        assert content(other) == before


# ------------------------------------------------------------------ malformed input
@pytest.fixture
def good_export(demo_project, tmp_path) -> dict:
    """The demo exported, with two rejected suggestions (one of them forgotten again)."""
    first, second = demo_project.documents()[:2]
    demo_project.reject_suggestion(first.id, 0, 12, "2014-05")
    forgotten = demo_project.reject_suggestion(second.id, 3, 9, "")
    demo_project.forget_rejections([forgotten])
    export_json(demo_project, tmp_path / "good.json")
    return load(tmp_path / "good.json")


def _refused(project: Project, path: Path) -> list[str]:
    before, hist = content(project), history(project)
    with pytest.raises(InvalidExport) as info:
        import_json(project, path)
    assert content(project) == before and history(project) == hist
    return [p.path for p in info.value.problems]


def test_truncated_file_is_refused(project, good_export, tmp_path):
    text = json.dumps(good_export)
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    assert _refused(project, path) == ["$"]


def test_wrong_types_are_each_reported_with_their_path(project, good_export, tmp_path):
    bad = copy.deepcopy(good_export)
    bad["events"][3]["earliest"] = 20140101
    bad["spans"][1]["start"] = "12"
    bad["actors"][0]["aliases"] = "not a list"
    bad["documents"][0]["surprise"] = True
    paths = _refused(project, write(tmp_path / "types.json", bad))
    assert "$.events[3].earliest" in paths
    assert "$.spans[1].start" in paths
    assert "$.actors[0].aliases" in paths
    assert "$.documents[0]" in paths  # the unexpected property


def test_offsets_past_the_text_and_wrong_quotes_are_refused(project, good_export, tmp_path):
    bad = copy.deepcopy(good_export)
    length = len(bad["documents"][0]["text"])
    first_doc = bad["documents"][0]["uid"]
    i = next(i for i, s in enumerate(bad["spans"]) if s["document"] == first_doc)
    j = next(j for j, s in enumerate(bad["spans"]) if j != i)
    bad["spans"][i]["end"] = length + 5
    bad["spans"][j]["quote"] = bad["spans"][j]["quote"] + "x"
    assert _refused(project, write(tmp_path / "offsets.json", bad)) == [
        f"$.spans[{i}].end", f"$.spans[{j}].quote"]


def test_end_before_start_is_refused(project, good_export, tmp_path):
    bad = copy.deepcopy(good_export)
    bad["spans"][0]["start"], bad["spans"][0]["end"] = bad["spans"][0]["end"], bad["spans"][0]["start"]
    assert _refused(project, write(tmp_path / "order.json", bad)) == ["$.spans[0].end"]


def test_dangling_references_are_refused(project, good_export, tmp_path):
    bad = copy.deepcopy(good_export)
    bad["evidence"][2]["span"] = "00000000-0000-4000-8000-000000000000"
    bad["event_actors"][0]["actor"] = "00000000-0000-4000-8000-000000000001"
    bad["spans"][4]["document"] = "00000000-0000-4000-8000-000000000002"
    paths = _refused(project, write(tmp_path / "dangling.json", bad))
    assert {"$.evidence[2].span", "$.event_actors[0].actor", "$.spans[4].document"} <= set(paths)


def test_bad_dates_and_hashes_are_refused(project, good_export, tmp_path):
    bad = copy.deepcopy(good_export)
    bad["events"][0]["edtf"] = "2014-13-45"
    bad["events"][1]["earliest"], bad["events"][1]["latest"] = "2015-01-01", "2014-01-01"
    bad["events"][2]["latest"] = None
    bad["events"][4]["earliest"] = "2014-02-30"
    bad["documents"][1]["sha256"] = "0" * 64
    paths = _refused(project, write(tmp_path / "dates.json", bad))
    assert {"$.events[0].edtf", "$.events[1].latest", "$.events[2].latest",
            "$.events[4].earliest", "$.documents[1].sha256"} <= set(paths)


def test_duplicate_uids_are_refused(project, good_export, tmp_path):
    bad = copy.deepcopy(good_export)
    bad["actors"][1]["uid"] = bad["actors"][0]["uid"]
    assert "$.actors[1].uid" in _refused(project, write(tmp_path / "dup.json", bad))


def test_newer_format_version_is_refused(project, good_export, tmp_path):
    bad = dict(good_export, format_version=FORMAT_VERSION + 1)
    before = content(project)
    with pytest.raises(NewerFormatError, match="newer|update Curator"):
        import_json(project, write(tmp_path / "newer.json", bad))
    assert content(project) == before


def test_rejections_are_checked_against_their_document(project, good_export, tmp_path):
    bad = copy.deepcopy(good_export)
    length = len(next(d["text"] for d in bad["documents"]
                      if d["uid"] == bad["rejected_suggestions"][1]["document"]))
    bad["rejected_suggestions"][0]["start"] = bad["rejected_suggestions"][0]["end"]  # empty passage
    bad["rejected_suggestions"][1]["end"] = length + 1
    bad["rejected_suggestions"][1]["edtf"] = "2014-13-45"
    assert _refused(project, write(tmp_path / "rejections.json", bad)) == [
        "$.rejected_suggestions[0].end", "$.rejected_suggestions[1].end",
        "$.rejected_suggestions[1].edtf"]


def test_rejection_with_a_dangling_document_is_refused_with_its_path(project, good_export, tmp_path):
    bad = copy.deepcopy(good_export)
    bad["rejected_suggestions"][1]["document"] = "00000000-0000-4000-8000-000000000003"
    with pytest.raises(InvalidExport) as info:
        import_json(project, write(tmp_path / "dangling.json", bad))
    [problem] = info.value.problems
    assert problem.path == "$.rejected_suggestions[1].document"
    assert "00000000-0000-4000-8000-000000000003" in problem.message
    assert project.stats()["documents"] == 0 and project.rejected_suggestions() == set()


def test_rejection_of_the_wrong_shape_is_refused_by_the_schema(project, good_export, tmp_path):
    bad = copy.deepcopy(good_export)
    bad["rejected_suggestions"][0]["start"] = -1
    del bad["rejected_suggestions"][1]["edtf"]
    paths = _refused(project, write(tmp_path / "shape.json", bad))
    assert paths == ["$.rejected_suggestions[0].start", "$.rejected_suggestions[1]"]


def test_export_without_rejections_still_imports(demo_project, good_export, tmp_path):
    old = copy.deepcopy(good_export)
    del old["rejected_suggestions"]
    with Project.create(tmp_path / "old.curator") as target:
        report = import_json(target, write(tmp_path / "old.json", old))
        assert "rejected_suggestions" not in report["added"]
        assert report["added"]["events"] == demo_project.stats()["events"]
        assert target.rejected_suggestions() == set()


def test_rejections_round_trip_and_stay_rejected(project, tmp_path):
    from curator.suggestions import reject, suggest_events

    doc = project.add_document("The council met on 3 May 2014 in Aleppo. "
                               "Talks resumed on 9 June 2014 in Geneva.", title="T")
    first, second = suggest_events(project)
    reject(project, first)
    export_json(project, tmp_path / "a.json")
    data = load(tmp_path / "a.json")
    [rejection] = data["rejected_suggestions"]
    assert (rejection["start"], rejection["end"], rejection["edtf"]) == (0, 40, "2014-05-03")
    assert rejection["document"] == project.document(doc).uid and rejection["created_by"] == "tester"
    assert rejection["uid"] in data["sync"]["held"]
    with Project.create(tmp_path / "b.curator") as other:
        report = import_json(other, tmp_path / "a.json")
        assert report["added"]["rejected_suggestions"] == 1
        assert [s.key[1:] for s in suggest_events(other)] == [second.key[1:]]
        assert import_json(other, tmp_path / "a.json")["added"] == {}  # twice: nothing new


def test_cli_import_lists_every_problem_and_exits_1(project_path, good_export, tmp_path, capsys):
    Project.create(project_path).close()
    bad = copy.deepcopy(good_export)
    bad["spans"][0]["end"] = 10 ** 9
    bad["events"][0]["edtf"] = "nonsense"
    code = main(["import", str(project_path), str(write(tmp_path / "bad.json", bad))])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert err[0].startswith("curator: ") and "nothing was written" in err[0]
    assert any(line.strip().startswith("$.spans[0].end:") for line in err[1:])
    assert any(line.strip().startswith("$.events[0].edtf:") for line in err[1:])
    with Project.open(project_path) as p:
        assert p.stats()["events"] == 0


def test_cli_export_and_import_round_trip(demo_project, tmp_path, capsys):
    out = tmp_path / "cli.json"
    assert main(["export", str(demo_project.path), str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["events"] == len(load(out)["events"])
    target = tmp_path / "t.curator"
    Project.create(target).close()
    assert main(["import", str(target), str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["added"]["events"] > 0


def test_cancelled_import_writes_nothing(demo_project, tmp_path):
    export_json(demo_project, tmp_path / "a.json")
    with Project.create(tmp_path / "e.curator") as empty:
        with pytest.raises(Cancelled):
            import_json(empty, tmp_path / "a.json", progress=lambda done, total: done < 10)
        assert empty.stats()["events"] == 0 and history(empty) == {}


# ------------------------------------------------------------------ Hypothesis round trip
TEXT = st.text(alphabet=st.sampled_from(list("ab c\n\r\t.é́") + ["😀", "𝄞", "ש", "\u200f", "中"]),
               min_size=1, max_size=60)
EDTF = st.sampled_from([
    DateFields(), DateFields("2014-05-08", "2014-05-08", "2014-05-08", "8 May 2014"),
    DateFields("2014-05", "2014-05-01", "2014-05-31", "May 2014"),
    DateFields("2014-21", "2014-03-01", "2014-05-31", "spring 2014"),
    DateFields("2014-05~", "2014-05-01", "2014-05-31", "about May 2014"),
    DateFields("2014?", "2014-01-01", "2014-12-31"), DateFields("201X", "2010-01-01", "2019-12-31"),
    DateFields("2013-12/2014-02", "2013-12-01", "2014-02-28", "Dec 2013 – Feb 2014")])


@st.composite
def projects(draw):
    docs = draw(st.lists(TEXT, min_size=1, max_size=3))
    events, rejections = [], []
    for doc_index, text in enumerate(docs):
        for _ in range(draw(st.integers(0, 4))):  # spans may overlap freely
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
            events.append((doc_index, start, end, draw(EDTF), draw(st.lists(
                st.sampled_from(["Ann", "Bob 😀", "=cmd", "Zoë"]), max_size=2, unique=True)),
                draw(st.booleans())))
        for _ in range(draw(st.integers(0, 2))):  # rejected suggestions, some forgotten again
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
            rejections.append((doc_index, start, end, draw(EDTF).edtf, draw(st.booleans())))
    return docs, events, rejections


def _live_rejections(project: Project) -> set[tuple[str, int, int, str]]:
    """(document uid, start, end, edtf) of the live rejections: comparable across projects."""
    uids = {d.id: d.uid for d in project.documents()}
    return {(uids[d], s, e, edtf) for d, s, e, edtf in project.rejected_suggestions()}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(projects())
def test_hypothesis_round_trip(spec):
    docs, events, rejections = spec
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with Project.create(tmp / "a.curator", annotator="Ïris") as a:
            ids = a.add_documents([{"text": t, "title": t[:5]} for t in docs])
            for doc_index, start, end, date, actors, delete in events:
                event = a.create_event_from_passage(ids[doc_index], start, end, date=date, actors=actors)
                if delete:
                    a.delete_event(event)
            for doc_index, start, end, edtf, forget in rejections:
                rejection = a.reject_suggestion(ids[doc_index], start, end, edtf)
                if forget:
                    a.forget_rejections([rejection])
            export_project(a, tmp / "a.json")
            assert len(load(tmp / "a.json")["rejected_suggestions"]) == len(rejections)
            with Project.create(tmp / "b.curator") as b:
                import_json(b, tmp / "a.json")
                export_project(b, tmp / "b.json")
                assert_same_export(load(tmp / "a.json"), load(tmp / "b.json"))
                assert comparable(records(a)) == comparable(records(b))
                assert _live_rejections(a) == _live_rejections(b)
                for info in b.documents():
                    text = b.document_text(info.id)
                    assert all(text[s.start:s.end] == s.quote for s in b.spans(info.id))


def test_format_3_carries_document_provenance_and_format_2_files_still_import(project, tmp_path):
    project.add_document("Алеппо, 5 января 2014 г.", title="report", published="2014-01-05",
                         published_inferred=True, source="https://example.org/r",
                         encoding="windows-1251")
    export_json(project, tmp_path / "a.json")
    data = load(tmp_path / "a.json")
    [doc] = data["documents"]
    assert (doc["published_inferred"], doc["source"], doc["encoding"]) == (
        True, "https://example.org/r", "windows-1251")
    Draft202012Validator(schema(6)).validate(data)
    Draft202012Validator(schema(5)).validate(as_format_5(data))
    Draft202012Validator(schema(4)).validate(as_format_4(data))
    data = as_format_3(data)
    Draft202012Validator(schema(3)).validate(data)
    [doc] = data["documents"]
    for name in ("published_inferred", "source", "encoding"):  # what format 2 wrote
        del doc[name]
    data["format_version"] = 2
    Draft202012Validator(schema(2)).validate(data)
    write(tmp_path / "two.json", data)
    fresh = Project.create(tmp_path / "fresh.curator")
    try:
        import_json(fresh, tmp_path / "two.json")
        [info] = fresh.documents()
        assert (info.published_inferred, info.source, info.encoding) == (False, "", "")
    finally:
        fresh.close()
