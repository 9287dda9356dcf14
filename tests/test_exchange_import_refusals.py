"""Import refuses, each with its JSON path and nothing written: empty spans and empty rejected
passages, dates and timestamps written with non-ASCII digits or with whitespace (a trailing
newline, spaces), uids that are not canonical UUIDs; a merge refuses a project file holding
them too. Everything Curator writes passes, checked with the third-party jsonschema against the
published schema files."""

from __future__ import annotations

import copy
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from annotation_support import add_place, add_tag, highlight, link_actor, merge_actors
from curator.core import DateFields, Project
from curator.exchange import export_project
from curator.exchange.errors import InvalidExport
from curator.exchange.json_format import export_json, import_json
from curator.exchange.merge_file import merge_file
from curator.exchange.validate import FORMAT_VERSION, READABLE_VERSIONS, schema_path, validate
from test_exchange_support import as_format_3, content, history, load, write

DATA = Path(__file__).parent / "data"
TEXT = "On 3 May 2014 the siege of Homs ended. 😀 The UN mediated; fighters left on 7 May 2014."


def _published(version: int) -> Draft202012Validator:
    """The schema file as published (read from disk, not through Curator's cache)."""
    return Draft202012Validator(json.loads(schema_path(version).read_text(encoding="utf-8")))


def _rich(project: Project) -> None:
    """Every kind of record, tombstones, a merge redirect and rejected suggestions."""
    doc = project.add_document(TEXT, title="Report")
    place = add_tag(project, "Place", "#4363d8", "3")
    homs = add_place(project, "Homs", 34.73, 36.71, aliases=["Hims"])
    span = highlight(project, doc, TEXT.index("Homs"), TEXT.index("Homs") + 4, tag=place, actor=homs)
    highlight(project, doc, TEXT.index("😀"), TEXT.index("😀") + 1, note="an emoji")
    event = project.create_event_from_passage(doc, 0, TEXT.index("ended") + 6, title="siege ends",
                                              date=DateFields("2014-05-03", "2014-05-03", "2014-05-03"))
    project.add_evidence(event, span)
    un, un2 = project.add_actor("United Nations", "group"), project.add_actor("UN", "group")
    link_actor(project, event, un2, "mediator")
    merge_actors(project, un, un2)
    project.create_event_from_passage(doc, TEXT.index("The UN"), len(TEXT), title="undated")
    project.reject_suggestion(doc, TEXT.index("fighters"), len(TEXT), "2014-05-07")
    gone = project.reject_suggestion(doc, 0, 10, "")
    project.forget_rejections([gone])


@pytest.fixture
def exported(project, tmp_path) -> dict:
    _rich(project)
    export_json(project, tmp_path / "good.json")
    return json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))


def _refusal(tmp_path: Path, data: dict) -> dict[str, str]:
    """Import ``data`` into a fresh project: refused, nothing written; path -> message."""
    target = tmp_path / "target.curator"
    if not target.exists():
        Project.create(target).close()
    with Project.open(target) as project:
        before, hist = content(project), history(project)
        with pytest.raises(InvalidExport) as info:
            import_json(project, write(tmp_path / "bad.json", data))
        assert content(project) == before and history(project) == hist
    return {p.path: p.message for p in info.value.problems}


def _index(records: list[dict], **match) -> int:
    return next(i for i, r in enumerate(records) if all(r[k] == v for k, v in match.items()))


# ------------------------------------------------------------------ what Curator writes passes
def test_our_exports_are_valid_against_the_published_schema(exported, project, tmp_path):
    assert exported["format_version"] == FORMAT_VERSION
    _published(FORMAT_VERSION).validate(exported)  # the oracle: jsonschema, the file as published
    assert validate(copy.deepcopy(exported)) == []
    with Project.create(tmp_path / "b.curator") as other:
        import_json(other, tmp_path / "good.json")
        export_json(other, tmp_path / "again.json")
    _published(FORMAT_VERSION).validate(load(tmp_path / "again.json"))


def test_the_demo_export_is_valid_against_the_published_schema(demo_project, tmp_path):
    export_json(demo_project, tmp_path / "demo.json")
    data = json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))
    _published(FORMAT_VERSION).validate(data)
    assert validate(data) == []


def test_committed_fixtures_pass_the_new_rules(tmp_path):
    """The format-1 export and the schema-1/2/3 project files Curator wrote before these rules."""
    old = json.loads((DATA / "exchange" / "format1.json").read_text(encoding="utf-8"))
    assert old["format_version"] == 1 and 1 in READABLE_VERSIONS
    _published(1).validate(old)
    assert validate(old) == []
    for name in ("schema_v1.curator", "schema_v2.curator", "schema_v3.curator"):
        copy_path = shutil.copy(DATA / "schemas" / name, tmp_path / name)
        with Project.open(copy_path) as project:
            export_json(project, tmp_path / f"{name}.json")
        data = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        _published(FORMAT_VERSION).validate(data)
        with Project.create(tmp_path / f"into-{name}") as target:  # and a merge of the file itself
            merge_file(target, copy_path)


# ------------------------------------------------------------------ empty passages
def test_an_empty_span_is_refused_with_its_path(exported, tmp_path):
    bad = copy.deepcopy(exported)
    i = _index(bad["spans"], quote="Homs")
    bad["spans"][i]["end"] = bad["spans"][i]["start"]
    bad["spans"][i]["quote"] = ""
    problems = _refusal(tmp_path, bad)
    assert list(problems) == [f"$.spans[{i}].end"]
    assert "empty" in problems[f"$.spans[{i}].end"]


@pytest.mark.parametrize("start, end", [(5, 5), (9, 4)])
def test_a_rejected_suggestion_without_a_passage_is_refused(exported, tmp_path, start, end):
    bad = copy.deepcopy(exported)
    bad["rejected_suggestions"][0]["start"], bad["rejected_suggestions"][0]["end"] = start, end
    problems = _refusal(tmp_path, bad)
    assert list(problems) == ["$.rejected_suggestions[0].end"]
    assert "is not after start" in problems["$.rejected_suggestions[0].end"]


def test_check_flags_an_empty_span_and_import_refuses_its_export_first(project, tmp_path):
    """An empty span cannot be made through the facade; written underneath (an old lenient
    import), ``curator check`` reports it, and its export no longer imports anywhere."""
    doc = project.add_document(TEXT, title="Report")
    highlight(project, doc, 3, 8, note="to be emptied")
    with pytest.raises(Exception, match="not a non-empty passage"):
        highlight(project, doc, 3, 3)
    raw = sqlite3.connect(project.path)
    with raw:
        raw.execute("UPDATE span SET \"end\" = start, quote = ''")
    raw.close()
    report = project.check()
    assert not report["ok"] and any("offsets 3..3" in p for p in report["problems"])
    export_json(project, tmp_path / "broken.json")
    problems = _refusal(tmp_path, load(tmp_path / "broken.json"))
    assert list(problems) == ["$.spans[0].end"]


# ------------------------------------------------------------------ dates and timestamps
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize("field, change, words", [
    ("earliest", lambda v: v.translate(ARABIC_INDIC), "ARABIC-INDIC DIGIT"),
    ("latest", lambda v: v.translate(FULLWIDTH), "FULLWIDTH DIGIT"),
    ("earliest", lambda v: v + "\n", "a line break at the end"),
    ("latest", lambda v: " " + v, "a space at the start"),
    ("edtf", lambda v: v + "\n", "a line break at the end"),
    ("edtf", lambda v: v.translate(ARABIC_INDIC), "ARABIC-INDIC DIGIT"),
    ("edtf", lambda v: v[:4] + " " + v[4:], "a space at position 4"),
    ("created_at", lambda v: v + "\n", "a line break at the end"),
    ("updated_at", lambda v: v.translate(ARABIC_INDIC), "ARABIC-INDIC DIGIT"),
    ("updated_at", lambda v: v + "\t", "a tab at the end"),
])
def test_event_dates_with_foreign_digits_or_whitespace_are_refused(exported, tmp_path, field, change, words):
    bad = copy.deepcopy(exported)
    i = _index(bad["events"], title="siege ends")
    bad["events"][i][field] = change(bad["events"][i][field])
    problems = _refusal(tmp_path, bad)
    assert list(problems) == [f"$.events[{i}].{field}"]
    assert words in problems[f"$.events[{i}].{field}"]


def test_other_timestamps_and_rejected_dates_are_held_to_the_same_rules(exported, tmp_path):
    bad = copy.deepcopy(exported)
    bad["exported_at"] += "\n"
    gone = _index(bad["rejected_suggestions"], edtf="")
    bad["rejected_suggestions"][gone]["deleted_at"] = bad["rejected_suggestions"][gone]["deleted_at"] + " "
    kept = _index(bad["rejected_suggestions"], edtf="2014-05-07")
    bad["rejected_suggestions"][kept]["edtf"] = "2014-05-07\n"
    bad["tags"][0]["created_at"] = bad["tags"][0]["created_at"].translate(FULLWIDTH)
    assert set(_refusal(tmp_path, bad)) == {
        "$.exported_at", f"$.rejected_suggestions[{gone}].deleted_at",
        f"$.rejected_suggestions[{kept}].edtf", "$.tags[0].created_at"}


# ------------------------------------------------------------------ uids
@pytest.mark.parametrize("change, words", [
    (lambda u: u + "\n", "a line break at the end"),
    (lambda u: u.upper(), "is not a canonical UUID; it is written"),
    (lambda u: u.replace("-", ""), "is not a canonical UUID; it is written"),
    (lambda u: "{" + u + "}", "is not a canonical UUID; it is written"),
    (lambda u: "urn:uuid:" + u, "is not a canonical UUID; it is written"),
    (lambda u: u[:-1] + "g", "is not a UUID"),
    (lambda u: u[:8] + "-" + u[9:].translate(ARABIC_INDIC), "ARABIC-INDIC DIGIT"),
])
def test_uids_that_are_not_canonical_uuids_are_refused(exported, tmp_path, change, words):
    bad = copy.deepcopy(exported)
    i = _index(bad["actors"], name="Homs")
    bad["actors"][i]["uid"] = change(bad["actors"][i]["uid"])
    problems = _refusal(tmp_path, bad)
    assert f"$.actors[{i}].uid" in problems
    assert words in problems[f"$.actors[{i}].uid"]
    assert f"$.actors[{i}]" not in problems  # no echo of "unexpected properties"


def test_references_redirects_and_sync_keys_are_uids_too(exported, tmp_path):
    bad = copy.deepcopy(exported)
    span = _index(bad["spans"], quote="Homs")
    bad["spans"][span]["document"] = bad["spans"][span]["document"].upper()
    merged = next(i for i, a in enumerate(bad["actors"]) if a["merged_into"])
    bad["actors"][merged]["merged_into"] += "\n"
    key = next(iter(bad["sync"]["held"]))
    bad["sync"]["held"][key.upper()] = bad["sync"]["held"].pop(key)
    problems = _refusal(tmp_path, bad)
    assert {f"$.spans[{span}].document", f"$.actors[{merged}].merged_into", "$.sync.held"} <= set(problems)
    assert key in problems["$.sync.held"]  # the canonical form it should have


def test_a_format_1_file_is_held_to_the_same_rules(tmp_path):
    old = json.loads((DATA / "exchange" / "format1.json").read_text(encoding="utf-8"))
    old["events"][0]["uid"] = old["events"][0]["uid"].upper()
    old["events"][0]["latest"] = old["events"][0]["latest"] + "\n"
    assert set(_refusal(tmp_path, old)) == {"$.events[0].uid", "$.events[0].latest"}


def test_a_format_2_file_is_held_to_the_same_rules(exported, tmp_path):
    old = as_format_3(copy.deepcopy(exported))  # as format 2 wrote it: documents without the
    old["format_version"] = 2  # format-3 fields, the sync section uid -> states
    for doc in old["documents"]:
        for name in ("source", "encoding", "published_inferred"):
            del doc[name]
    _published(2).validate(old)
    assert validate(copy.deepcopy(old)) == []
    i = _index(old["events"], title="siege ends")
    old["events"][i]["uid"] += " "
    old["events"][i]["earliest"] = old["events"][i]["earliest"].translate(ARABIC_INDIC)
    assert set(_refusal(tmp_path, old)) == {f"$.events[{i}].uid", f"$.events[{i}].earliest"}


def test_a_project_file_with_such_values_is_refused_by_merge(project, tmp_path):
    """A project file goes through no schema: its records are checked for the same forms."""
    _rich(project)
    export_project(project, tmp_path / "theirs.curator")
    raw = sqlite3.connect(tmp_path / "theirs.curator")
    with raw:
        raw.execute("UPDATE actor SET uid = upper(uid) WHERE name = 'Homs'")
        raw.execute("UPDATE event SET earliest = earliest || char(10) WHERE title = 'siege ends'")
    raw.close()
    with Project.create(tmp_path / "ours.curator") as ours:
        before = content(ours)
        with pytest.raises(InvalidExport) as info:
            merge_file(ours, tmp_path / "theirs.curator")
        assert content(ours) == before
    messages = {p.path: p.message for p in info.value.problems}
    assert any(path.startswith("$.actors[") and path.endswith("].uid") for path in messages)
    assert any(path.startswith("$.events[") and path.endswith("].earliest") for path in messages)
    assert any("canonical" in m for m in messages.values())


# ------------------------------------------------------------------ generated values
NON_ASCII_DIGITS = st.characters(categories=["Nd"]).filter(lambda c: not c.isascii())
SPACES = st.characters(categories=["Zs", "Zl", "Zp", "Cc"]).filter(str.isspace)
GENERATED_BASE = DATA / "exchange" / "format1.json"  # a file Curator wrote (format 1)
FIELDS = [("events", "earliest"), ("events", "latest"), ("events", "edtf"), ("events", "created_at"),
          ("spans", "updated_at"), ("spans", "uid"), ("spans", "document"), ("documents", "uid")]


@settings(max_examples=60, deadline=None)
@given(field=st.sampled_from(FIELDS), digit=NON_ASCII_DIGITS, space=SPACES,
       where=st.floats(0, 1), kind=st.sampled_from(["digit", "space"]))
def test_any_foreign_digit_or_whitespace_is_refused_at_its_path(field, digit, space, where, kind):
    data = json.loads(GENERATED_BASE.read_text(encoding="utf-8"))
    assert validate(copy.deepcopy(data)) == []
    key, name = field
    i = next(i for i, r in enumerate(data[key]) if r[name])
    value = data[key][i][name]
    if kind == "digit":
        at = [j for j, c in enumerate(value) if c.isdigit()]
        j = at[min(int(where * len(at)), len(at) - 1)]
        value = value[:j] + digit + value[j + 1:]
    else:
        j = min(int(where * (len(value) + 1)), len(value))
        value = value[:j] + space + value[j:]
    data[key][i][name] = value
    paths = {p.path for p in validate(data)}
    assert f"$.{key}[{i}].{name}" in paths
    assert not _published(1).is_valid(data)
