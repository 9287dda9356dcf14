"""The one date rule (curator.temporal.rule) and where it is applied: the facade, `check`, import."""

from __future__ import annotations

import pytest
from sql_support import raw_sql

from curator.core import DateFields, InvalidInput
from curator.temporal import DateInputError
from curator.temporal.rule import date_problem, require_valid_date


@pytest.mark.parametrize("edtf, earliest, latest", [
    ("", None, None),
    ("2014", "2014-01-01", "2014-12-31"),
    ("2014-05-08", "2014-05-08", "2014-05-08"),
    ("../1899-12-31", None, "1899-12-31"),
    ("1899/..", "1899-01-01", None),
    ("[2014-05-01,2014-05-03]", "2014-05-01", "2014-05-03"),
    ("{2014,2016-05}", "2014-01-01", "2016-05-31"),
    ("2015-21~", "2015-03-01", "2015-05-31"),  # an older form still reads
    ("2015-24", "2015-12-01", "2016-02-29"),
])
def test_valid_triples_have_no_problem(edtf, earliest, latest):
    assert date_problem(edtf, earliest, latest) is None
    require_valid_date(edtf, earliest, latest)


@pytest.mark.parametrize("edtf, earliest, latest, reason", [
    ("nonsense", None, None, "not valid EDTF: 'nonsense' is not an EDTF date"),
    ("2014", "1900-01-01", "1900-12-31", "'2014' means 2014-01-01 to 2014-12-31, but the stored "
                                         "interval is 1900-01-01 to 1900-12-31"),
    ("2014", None, None, "'2014' means 2014-01-01 to 2014-12-31, but the stored interval is open to open"),
    ("", "2014-01-01", "2014-12-31", "a dated event needs its EDTF value"),
    ("2014", "2014-01-01", None, "but the stored interval is 2014-01-01 to open"),
    ("../1899", "1899-01-01", "1899-12-31", "'../1899' means open to 1899-12-31"),
    ("2014\n", "2014-01-01", "2014-12-31", "has spaces or line breaks around it"),
    ("2014", "2014-01-01\n", "2014-12-31", "earliest must be an ISO date"),
    ("2014", "٢٠١٤-01-01", "2014-12-31", "earliest must be an ISO date"),
    ("2014-02", "2014-02-01", "2014-02-30", "latest 2014-02-30 is not a calendar date"),
    ("2014", "2014-12-31", "2014-01-01", "latest 2014-01-01 is before earliest 2014-12-31"),
    ("-0044-03-15", None, None, "Curator places years 0001-9999"),
    (None, None, None, "must be text"),
])
def test_broken_triples_say_why_in_one_line(edtf, earliest, latest, reason):
    problem = date_problem(edtf, earliest, latest)
    assert problem is not None and reason in problem and "\n" not in problem.replace(repr("2014\n"), "")
    with pytest.raises(DateInputError, match=r".") as info:
        require_valid_date(edtf, earliest, latest)
    assert info.value.reason == problem


@pytest.mark.parametrize("date", [
    DateFields("nonsense", None, None),
    DateFields("2014", "1900-01-01", "1900-12-31"),
    DateFields("", "2014-01-01", "2014-12-31"),
])
def test_the_facade_refuses_what_the_rule_refuses(project, date):
    with pytest.raises(InvalidInput, match="EDTF|means"):
        project.add_event("Bad", date=date)
    event_id = project.add_event("Good", date=DateFields("2014", "2014-01-01", "2014-12-31"))
    with pytest.raises(InvalidInput):
        project.set_event_date(event_id, date)
    with pytest.raises(InvalidInput):
        project.update_event(event_id, earliest="1900-01-01")  # no longer what '2014' means
    doc = project.add_document("On 8 May 2014 it fell.", title="T")
    with pytest.raises(InvalidInput):
        project.create_event_from_passage(doc, 0, 5, date=date)
    assert project.stats()["events"] == 1
    assert project.event(event_id).date == DateFields("2014", "2014-01-01", "2014-12-31")


def test_the_facade_stores_open_ends_and_sets(project):
    before = DateFields("../1899-12-31", None, "1899-12-31", "before 1900")
    after = DateFields("1945/..", "1945-01-01", None, "1945/..")
    either = DateFields("[2014-05-01,2014-05-03]", "2014-05-01", "2014-05-03", "either")
    ids = [project.add_event(t, date=d) for t, d in (("a", before), ("b", after), ("c", either))]
    assert [project.event(i).date for i in ids] == [before, after, either]
    assert project.check()["ok"]


def test_check_reports_each_live_event_breaking_the_rule(project, project_path):
    good = project.add_event("Good", date=DateFields("2014", "2014-01-01", "2014-12-31"))
    bad = project.add_event("Bad", date=DateFields("2014", "2014-01-01", "2014-12-31"))
    gone = project.add_event("Gone", date=DateFields("2014", "2014-01-01", "2014-12-31"))
    project.delete_event(gone)
    raw_sql(project_path, "UPDATE event SET earliest = '1900-01-01', latest = '1900-12-31' "
                          f"WHERE id IN ({bad}, {gone})")
    report = project.check()
    assert not report["ok"]
    assert report["problems"] == [f"event {bad}: '2014' means 2014-01-01 to 2014-12-31, but the "
                                  "stored interval is 1900-01-01 to 1900-12-31"]
    assert good != bad


def test_rejected_suggestions_keep_valid_edtf_only(project, project_path):
    doc = project.add_document("On 8 May 2014 it fell.", title="T")
    with pytest.raises(InvalidInput, match="not valid EDTF"):
        project.reject_suggestion(doc, 0, 5, "nonsense")
    kept = project.reject_suggestion(doc, 0, 5, "2014-05-08")
    assert project.reject_suggestion(doc, 6, 10, "") != kept  # no date is fine
    raw_sql(project_path, f"UPDATE rejected_suggestion SET edtf = '2014-21~ ' WHERE id = {kept}")
    assert project.check()["problems"] == [
        f"rejected suggestion {kept}: the EDTF value '2014-21~ ' has spaces or line breaks around it"]


def test_the_facade_writes_older_forms_in_the_standard_form(project):
    event_id = project.add_event("Spring", date=DateFields("2015-21~", "2015-03-01", "2015-05-31", "about spring"))
    assert project.event(event_id).date.edtf == "2015-03~/2015-05~"
    project.update_event(event_id, edtf="199X~", earliest="1990-01-01", latest="1999-12-31")
    assert project.event(event_id).date.edtf == "1990~/1999~"
    doc = project.add_document("In winter 2013 it snowed.", title="T")
    winter = project.create_event_from_passage(doc, 0, 14, date=DateFields("2013-24", "2013-12-01", "2014-02-28"))
    assert project.event(winter).date.edtf == "2013-12/2014-02"
