"""Documents' dates in a project: `curator add` (inferred, the file's, `--date`), the facade's
update_document (one transaction, the date rule, the inferred flag), `curator check`'s notes,
the anchor every reader uses, and exports, imports and merges carrying the fields."""

from __future__ import annotations

import json
import sqlite3

import edtf as python_edtf
import pytest

from curator.cli import main
from curator.core import Project
from curator.core.errors import InvalidInput, NotFound
from curator.exchange.json_format import export_json, import_json
from curator.exchange.merge_file import merge_file
from curator.suggestions import suggest_events
from curator.temporal import anchor_day
from db_snapshot import all_rows
from test_exchange_support import open_pair

DATELINE_TEXT = "Talks collapse\n\nby Jane Doe\n\nNov 30, 2016\n\nThe envoys met on 28 November 2016.\n"
UNDATED_TEXT = "On 9 January the talks began. On 12 January they broke up without a result.\n"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def documents(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT filename, published, published_inferred FROM document "
                            "ORDER BY id").fetchall()
    finally:
        conn.close()


def assert_oracle_reads(value: str) -> None:
    parsed = python_edtf.parse_edtf(value)
    assert parsed is not None and str(parsed) == value


@pytest.fixture
def files(tmp_path):
    (tmp_path / "dated.txt").write_text(DATELINE_TEXT, encoding="utf-8")
    (tmp_path / "undated.txt").write_text(UNDATED_TEXT, encoding="utf-8")
    (tmp_path / "front.md").write_text("---\ntitle: Notes\ndate: 2015-06-02T10:00:00Z\n---\n"
                                       "On 3 May 2012 the council met.\n", encoding="utf-8")
    (tmp_path / "bad_front.md").write_text("---\ntitle: Notes 2\ndate: sometime soon\n---\n"
                                           "On 3 May 2012 the mayor resigned.\n", encoding="utf-8")
    return tmp_path


# ---------------------------------------------------------------------- curator add
def test_add_infers_dates_and_reports_where_each_came_from(capsys, files):
    path = files / "p.curator"
    run(capsys, "new", path)
    code, report, _ = run(capsys, "add", path, files / "dated.txt", files / "undated.txt",
                          files / "front.md", files / "bad_front.md")
    assert code == 0
    added = {d["file"]: d for d in report["added"]}
    assert {k: added["dated.txt"][k] for k in ("date", "inferred", "from", "quote")} == \
        {"date": "2016-11-30", "inferred": True, "from": "dateline", "quote": "Nov 30, 2016"}
    assert "Nov 30, 2016" in added["dated.txt"]["reason"]
    assert {k: added["undated.txt"][k] for k in ("date", "inferred", "from")} == \
        {"date": None, "inferred": False, "from": None}
    assert {k: added["front.md"][k] for k in ("date", "inferred", "from")} == \
        {"date": "2015-06-02", "inferred": False, "from": "front matter"}
    assert added["bad_front.md"]["date"] == "2012-05-03" and added["bad_front.md"]["inferred"]
    assert "'sometime soon' is not a date Curator reads" in added["bad_front.md"]["note"]
    assert documents(path) == [("dated.txt", "2016-11-30", 1), ("undated.txt", "", 0),
                               ("front.md", "2015-06-02", 0), ("bad_front.md", "2012-05-03", 1)]
    for _, value, _ in documents(path):
        if value:
            assert_oracle_reads(value)


@pytest.mark.parametrize("given, stored", [("2016-12-07", "2016-12-07"), ("2016-12", "2016-12"),
                                           ("2016", "2016"), ("2016-12~", "2016-12~")])
def test_add_with_a_date_sets_it_for_every_file_added_not_inferred(capsys, files, given, stored):
    path = files / "p.curator"
    run(capsys, "new", path)
    code, report, _ = run(capsys, "add", path, files / "dated.txt", files / "undated.txt",
                          "--date", given)
    assert code == 0
    assert [(d["date"], d["inferred"], d["from"]) for d in report["added"]] == \
        [(stored, False, "given")] * 2
    assert documents(path) == [("dated.txt", stored, 0), ("undated.txt", stored, 0)]
    assert_oracle_reads(stored)


@pytest.mark.parametrize("given, reason", [
    ("2016-13-01", "no month 13"), ("30 Nov 2016", "is not an EDTF date"),
    ("2016-11/2017-01", "is an interval"), ("2016-21", "is a season"), ("", "needs a date"),
])
def test_add_with_a_bad_date_is_refused_with_the_reason_and_nothing_is_written(capsys, files,
                                                                               given, reason):
    path = files / "p.curator"
    run(capsys, "new", path)
    run(capsys, "add", path, files / "front.md")
    before = all_rows(path)
    code, report, err = run(capsys, "add", path, files / "dated.txt", "--date", given)
    assert code == 1 and report is None
    assert err.startswith("curator: --date") and reason in err and err.count("\n") == 1
    assert "Traceback" not in err
    assert all_rows(path) == before


def test_the_demo_infers_the_dates_its_manifest_does_not_give(demo_project):
    stored = {d.filename[:3]: (d.published, d.published_inferred) for d in demo_project.documents()}
    assert stored == {"000": ("2016-03-11", True), "001": ("2014-12-30", True),
                      "002": ("2016-11-30", False), "003": ("2014-07-03", True), "004": ("", False)}


# ---------------------------------------------------------------------- the facade
@pytest.fixture
def doc(project):
    return project.add_document(UNDATED_TEXT, title="Talks", published="2014-05-09",
                                published_inferred=True, filename="talks.txt")


def test_update_document_changes_the_fields_and_a_date_by_hand_clears_the_flag(project, doc):
    info = project.update_document(doc, title="Talks in Geneva", author="A. Writer",
                                   source_kind="news", source="https://example.org/talks",
                                   published="2016-05")
    assert (info.title, info.author, info.source_kind, info.source) == \
        ("Talks in Geneva", "A. Writer", "news", "https://example.org/talks")
    assert (info.published, info.published_inferred) == ("2016-05", False)
    assert project.document(doc) == info
    assert project.check()["ok"]


def test_update_document_can_keep_the_flag_and_changes_only_what_it_is_given(project, doc):
    info = project.update_document(doc, published="2014-05-10", published_inferred=True)
    assert (info.published, info.published_inferred, info.title) == ("2014-05-10", True, "Talks")
    assert project.update_document(doc, author="B").published_inferred is True


@pytest.mark.parametrize("changes, message", [
    ({"published": "May 2014"}, "not an EDTF date"), ({"published": "2014-05/2014-06"}, "interval"),
    ({"title": "  "}, "needs a title"), ({"text": "new text"}, "no editable field text"),
    ({"published_inferred": "yes"}, "true or false"), ({"author": 3}, "must be text"),
])
def test_update_document_refuses_with_the_reason_and_changes_nothing(project, doc, changes, message):
    before = all_rows(project.path)
    with pytest.raises(InvalidInput) as refused:
        project.update_document(doc, title="changed too", **changes) if "title" not in changes \
            else project.update_document(doc, **changes)
    assert message in str(refused.value)
    assert all_rows(project.path) == before


def test_update_document_of_a_missing_document(project):
    with pytest.raises(NotFound):
        project.update_document(99, title="x")


def test_an_older_free_text_date_stays_until_changed_and_undo_puts_it_back(project, doc):
    with sqlite3.connect(project.path) as conn:
        conn.execute("UPDATE document SET published = 'May the 4th' WHERE id = ?", (doc,))
    assert project.update_document(doc, title="Kept", published="May the 4th").published == "May the 4th"
    old = project.document(doc)
    project.update_document(doc, published="2014-05-04")
    project.restore_document_fields(doc, {"published": old.published,
                                          "published_inferred": old.published_inferred})
    assert project.document(doc).published == "May the 4th"
    report = project.check()
    assert report["ok"] and report["problems"] == []
    assert report["notes"] == [f"document {doc}: 'May the 4th' is not an EDTF date (expected YYYY, "
                               "YYYY-MM or YYYY-MM-DD); it gives no anchor to year-less dates (set "
                               "its date in Document properties)"]
    assert anchor_day("May the 4th") is None


def test_add_documents_refuses_a_date_that_is_not_one(project):
    with pytest.raises(InvalidInput) as refused:
        project.add_documents([{"text": "a", "filename": "a.txt", "published": "2014-05-09"},
                               {"text": "b", "filename": "b.txt", "published": "soon"}])
    assert str(refused.value).startswith("b.txt: ")
    assert project.documents() == []


# ---------------------------------------------------------------------- the anchor
def test_a_new_date_changes_new_suggestions_but_not_events_already_dated(project, doc):
    first = suggest_events(project)
    assert [s.date.earliest for s in first] == ["2014-01-09", "2014-01-12"]
    from curator.suggestions import accept_all

    (event_id,) = accept_all(project, first[:1])
    project.update_document(doc, published="2016-05-01")
    assert project.event(event_id).date.earliest == "2014-01-09"  # not re-dated
    assert [s.date.earliest for s in suggest_events(project)] == ["2016-01-12"]
    project.update_document(doc, published="")
    assert [s.date.earliest for s in suggest_events(project)] == []  # no anchor: no year


def test_curator_suggest_reads_against_the_inferred_date(capsys, files):
    """"On Monday" under a dateline of Thursday 8 December 2016 is the Monday before it; read
    with no anchor (as before), the finder took the Monday after the dateline's day."""
    story = files / "story.txt"
    story.write_text("Envoys meet\n\nDec. 8, 2016\n\nThe envoys met in Geneva on Monday and "
                     "agreed to talk again.\n", encoding="utf-8")
    code, found, _ = run(capsys, "dates", story)
    assert [d["earliest"] for d in found] == ["2016-12-08", "2016-12-12"]  # no anchor
    path = files / "p.curator"
    run(capsys, "new", path)
    assert run(capsys, "add", path, story)[1]["added"][0]["date"] == "2016-12-08"
    code, suggestions, _ = run(capsys, "suggest", path)
    assert code == 0
    assert [(s["date"]["date_text"], s["date"]["edtf"]) for s in suggestions] == [("Monday", "2016-12-05")]


# ---------------------------------------------------------------------- exchange
def test_json_export_and_import_carry_the_date_its_flag_and_the_source(project, doc, tmp_path):
    project.update_document(doc, published="2014-05-10", published_inferred=True,
                            source="Reuters, 10 May 2014")
    export_json(project, tmp_path / "out.json")
    data = json.loads((tmp_path / "out.json").read_text("utf-8"))
    exported = data["documents"][0]
    assert (exported["published"], exported["published_inferred"], exported["source"]) == \
        ("2014-05-10", True, "Reuters, 10 May 2014")
    with Project.create(tmp_path / "other.curator") as other:
        import_json(other, tmp_path / "out.json")
        (info,) = other.documents()
        assert (info.published, info.published_inferred, info.source) == \
            ("2014-05-10", True, "Reuters, 10 May 2014")


def test_json_import_keeps_an_older_free_text_date_as_the_file_says(project, doc, tmp_path):
    export_json(project, tmp_path / "out.json")
    data = json.loads((tmp_path / "out.json").read_text("utf-8"))
    data["documents"][0]["published"] = "Spring, probably 2014"
    (tmp_path / "old.json").write_text(json.dumps(data), "utf-8")
    with Project.create(tmp_path / "other.curator") as other:
        import_json(other, tmp_path / "old.json")
        (info,) = other.documents()
        assert (info.published, info.published_inferred) == ("Spring, probably 2014", True)
        report = other.check()
        assert report["ok"] and len(report["notes"]) == 1


def test_a_colleagues_document_properties_merge_in(tmp_path):
    def build(p: Project) -> None:
        p.add_document(UNDATED_TEXT, title="Talks", published="2014-05-09", published_inferred=True)

    with open_pair(tmp_path, build) as (ours, theirs):
        (doc,) = [d.id for d in theirs.documents()]
        theirs.update_document(doc, published="2016-01-20", source="https://example.org/talks",
                               author="B. Writer")
        report = merge_file(ours, theirs.path)
        assert report["conflicts"] == 0 and report["updated"] == {"documents": 1}
        (info,) = ours.documents()
        assert (info.published, info.published_inferred, info.source, info.author) == \
            ("2016-01-20", False, "https://example.org/talks", "B. Writer")
