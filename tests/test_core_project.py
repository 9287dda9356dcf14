"""The Project facade, without Qt, on a temporary file."""

from __future__ import annotations

import sqlite3

import pytest
from sql_support import raw_sql

from curator.core import DateFields, InvalidInput, InvalidOffsets, NotFound, Project
from curator.core.project import title_from_passage

TEXT = "On 8 May 2014 the rebels 😀 blew up the Carlton hotel.\r\nThe next day, nothing."


def test_document_round_trip_keeps_text_exactly(project):
    doc = project.add_document(TEXT, title="Report", author="A. Writer", published="2014-05-09")
    info = project.document(doc)
    assert project.document_text(doc) == TEXT
    assert info.length == len(TEXT)
    assert (info.title, info.author, info.published) == ("Report", "A. Writer", "2014-05-09")
    assert [d.id for d in project.documents()] == [doc]


def test_event_from_passage_creates_span_evidence_and_actors(project):
    doc = project.add_document(TEXT, title="Report")
    start = TEXT.index("the rebels")
    end = TEXT.index("\r\n")
    date = DateFields("2014-05-08", "2014-05-08", "2014-05-08", "8 May 2014")
    event_id = project.create_event_from_passage(doc, start, end, date=date, actors=["Rebels", "rebels"])
    event = project.event(event_id)
    assert event.evidence[0].quote == TEXT[start:end]
    assert event.date == date
    assert event.actor_names == ("Rebels",)  # the same name twice is one actor
    assert event.created_by == "tester"
    assert event.title == title_from_passage(TEXT[start:end])
    row = project.event_row(event_id)
    assert row.documents == "Report" and row.first_document_id == doc and row.actors == "Rebels"
    assert project.spans(doc)[0].event_ids == (event_id,)


@pytest.mark.parametrize("start,end", [(-1, 3), (5, 5), (9, 3), (0, len(TEXT) + 1)])
def test_bad_offsets_are_refused_and_nothing_written(project, start, end):
    doc = project.add_document(TEXT)
    with pytest.raises(InvalidOffsets):
        project.create_event_from_passage(doc, start, end)
    assert project.stats()["spans"] == 0 and project.stats()["events"] == 0


def test_update_event_validates_dates_and_fields(project):
    event_id = project.add_event("Battle")
    project.update_event(event_id, title="Battle of Aleppo", location="Aleppo")
    project.set_event_date(event_id, DateFields("2014-05", "2014-05-01", "2014-05-31", "May 2014"))
    with pytest.raises(InvalidInput):
        project.set_event_date(event_id, DateFields("x", "2014-06-01", "2014-05-01", "x"))
    with pytest.raises(InvalidInput):
        project.update_event(event_id, earliest="8 May")
    with pytest.raises(InvalidInput):
        project.update_event(event_id, colour="red")
    event = project.event(event_id)
    assert event.title == "Battle of Aleppo" and event.location == "Aleppo"
    assert event.date.earliest == "2014-05-01" and event.date.latest == "2014-05-31"


def test_actors_match_names_and_aliases_case_insensitively(project):
    army = project.add_actor("Syrian Army", "armed force", ["SAA", "Syrian Arab Army"])
    event_id = project.add_event("Offensive", actors=["saa", "Hezbollah"])
    names = project.event(event_id).actor_names
    assert names == ("Syrian Army", "Hezbollah")
    assert {a.name for a in project.actors()} == {"Syrian Army", "Hezbollah"}
    project.set_event_actors(event_id, ["Hezbollah"])
    assert project.event(event_id).actor_names == ("Hezbollah",)
    assert project.actors()[1].id == army  # actors are kept when unlinked


def test_delete_is_a_tombstone_and_restore_brings_back_exactly_it(project, project_path):
    doc = project.add_document(TEXT)
    event_id = project.create_event_from_passage(doc, 3, 13, actors=["Rebels"])
    stamp = project.delete_event(event_id)
    with pytest.raises(NotFound):
        project.event(event_id)
    assert project.stats()["events"] == 0 and project.spans(doc) == []
    raw = sqlite3.connect(project_path)
    assert raw.execute("SELECT count(*) FROM event WHERE deleted_at IS NOT NULL").fetchone()[0] == 1
    raw.close()
    project.restore_event(event_id, stamp)
    event = project.event(event_id)
    assert event.actor_names == ("Rebels",) and len(event.evidence) == 1


def test_shared_span_survives_deleting_one_of_its_events(project):
    doc = project.add_document(TEXT)
    first = project.create_event_from_passage(doc, 3, 13)
    span_id = project.event(first).evidence[0].id
    second = project.add_event("Also", evidence=[span_id])
    project.delete_event(first)
    assert [s.id for s in project.spans(doc)] == [span_id]
    assert project.spans(doc)[0].event_ids == (second,)


def test_every_edit_is_committed_when_made(project, project_path):
    doc = project.add_document(TEXT)
    project.create_event_from_passage(doc, 3, 13)
    other = Project.open(project_path)  # a second connection sees it at once
    try:
        assert other.stats()["events"] == 1
    finally:
        other.close()


def test_add_documents_is_all_or_nothing(project):
    with pytest.raises(InvalidInput):
        project.add_documents([{"text": "fine"}, {"text": None}])
    assert project.documents() == []


def test_check_reports_a_tampered_quote(project, project_path):
    doc = project.add_document(TEXT)
    project.add_span(doc, 0, 2)
    assert project.check()["ok"]
    raw_sql(project_path, "UPDATE span SET quote = 'xx'")
    report = project.check()
    assert not report["ok"] and "quote differs" in report["problems"][0]


def test_save_copy_is_a_consistent_project(project, tmp_path):
    doc = project.add_document(TEXT)
    project.create_event_from_passage(doc, 3, 13)
    from curator.exchange.copy import export_copy  # the one way to copy a project

    copy = tmp_path / "copy.curator"
    export_copy(project, copy)
    with Project.open(copy) as other:
        assert other.stats()["events"] == 1
        assert other.check()["ok"]


def test_event_rows_in_bulk(project):
    doc = project.add_document(TEXT, title="T")
    ids = [project.create_event_from_passage(doc, i, i + 5) for i in range(0, 30, 3)]
    rows = project.event_rows()
    assert [r.id for r in rows] == ids
    assert all(r.documents == "T" for r in rows)


def test_rejections_are_checked_counted_and_validated(project, project_path):
    doc = project.add_document(TEXT)
    with pytest.raises(InvalidOffsets):
        project.reject_suggestion(doc, 5, len(TEXT) + 3, "2014-05-08")
    project.reject_suggestion(doc, 0, 13, "2014-05-08")
    assert project.stats()["rejected_suggestions"] == 1
    raw_sql(project_path, 'UPDATE rejected_suggestion SET "end" = 10000')
    report = project.check()
    assert not report["ok"] and "rejected suggestion" in report["problems"][0]


def test_known_texts_can_be_skipped_on_import(project):
    first = project.add_documents([{"text": TEXT, "title": "A"}])[0]
    ids = project.add_documents([{"text": TEXT, "title": "again"}, {"text": "new", "title": "B"},
                                 {"text": "new", "title": "B twice"}], skip_known_texts=True)
    assert ids[0] is None and ids[2] is None and isinstance(ids[1], int)
    assert [d.title for d in project.documents()] == ["A", "B"] and first != ids[1]
    assert project.add_documents([{"text": TEXT}])[0] is not None  # without the flag: added
