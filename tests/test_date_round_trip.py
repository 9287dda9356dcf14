"""Nothing Curator writes is refused by Curator: a project built through every path that writes
a date (the facade's add, passage and update calls, typed dates as the date cell and the
inspector commit them, accepted and rejected suggestions, the demo) passes `check`, exports,
imports into a fresh project without a problem, and merges; every EDTF value in it is standard
(python-edtf reads it with the same bounds)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.core import DateFields, Project
from curator.demo import populate_demo
from curator.exchange.copy import export_copy
from curator.exchange.json_format import export_json, import_json
from curator.exchange.merge_file import merge_file
from curator.exchange.validate import validate
from curator.suggestions import accept_all, reject, suggest_events
from curator.temporal import edtf_for, guess_date, parse_date_input
from curator.temporal.rule import date_problem
from test_edtf_oracle import DAYS, assert_standard, intervals

TYPED = [
    "8 May 2014", "early May 2014", "22-31 Jan 2014", "spring 2015", "winter 2013", "around spring 2015",
    "about the 1990s", "the 1950s", "around the 20th century", "late 2013", "2014-05~", "2014?",
    "2014-05-08%", "201X", "19XX", "2013-12/2014-02", "../1899", "1945/..", "/2014", "2014/",
    "[2014-05-01,2014-05-03]", "{2014,2016-05}", "[..1760-12-03]", "2015-21~", "199X~", "2015-24",
    "14.02.1978", "2014/05/08", "1 June 2014 to 3 July 2014", "circa winter 2013", "",
]
TEXT = ("Report\n\nOn 8 May 2014 the bridge at Kafr Hamra fell. In early June, rain closed the road. "
        "Around spring 2015 the convoys returned. In the 1990s the town grew. Before 1900 it was a "
        "village. The talks of winter 2013 failed.")


def _build(project: Project) -> None:
    doc = project.add_document(TEXT, title="Report", published="2014-05-09")
    anchor = None
    for i, typed in enumerate(TYPED):  # typed dates, as the date cell and inspector store them
        project.add_event(f"typed {i}", date=parse_date_input(typed, anchor))
    guessed = guess_date(TEXT[TEXT.index("On 8 May"):TEXT.index(" In early")])
    project.create_event_from_passage(doc, TEXT.index("On 8 May"), TEXT.index(" In early"), date=guessed)
    project.create_events_from_passages([dict(document_id=doc, start=TEXT.index("Around"),
                                              end=TEXT.index(" In the 1990s"),
                                              date=parse_date_input("around spring 2015"))])
    moved = project.add_event("moved", date=parse_date_input("2014"))
    project.set_event_date(moved, parse_date_input("../1899-12-31"))
    project.update_event(moved, **vars(parse_date_input("[2014-05-01,2014-05-03]")))
    for suggestion in suggest_events(project)[:2]:
        reject(project, suggestion)
    accept_all(project, suggest_events(project))


def _edtf_values(data: dict) -> list[tuple[str, str, str]]:
    return [(e["edtf"], e["earliest"], e["latest"]) for e in data["events"] if e["edtf"]]


def test_every_write_path_round_trips(tmp_path):
    with Project.create(tmp_path / "a.curator", annotator="h1") as project:
        populate_demo(project)
        _build(project)  # its suggestions come from the demo's seed texts too
        report = project.check()
        assert report["ok"], report["problems"]
        export_json(project, tmp_path / "a.json")
        export_copy(project, tmp_path / "copy.curator")
    data = json.loads((tmp_path / "a.json").read_text("utf-8"))
    assert validate(json.loads((tmp_path / "a.json").read_text("utf-8"))) == []
    values = _edtf_values(data)
    assert len(values) > 150, len(values)
    assert any(v[1] is None for v in values) and any(v[2] is None for v in values)  # open ends
    for value, earliest, latest in values:
        assert_standard(value, earliest, latest)  # python-edtf: parsed, same bounds
    for rejection in data["rejected_suggestions"]:
        assert_standard(rejection["edtf"], *_bounds(rejection["edtf"]))
    with Project.create(tmp_path / "b.curator", annotator="other") as fresh:
        import_json(fresh, tmp_path / "a.json")
        assert fresh.check()["ok"]
        export_json(fresh, tmp_path / "b.json")
        again = json.loads((tmp_path / "b.json").read_text("utf-8"))
        assert sorted(_edtf_values(again), key=repr) == sorted(values, key=repr)
    with Project.create(tmp_path / "c.curator", annotator="third") as third:
        merge_file(third, tmp_path / "copy.curator")
        assert third.check()["ok"]
        assert third.stats()["events"] == len(data["events"])


def _bounds(value: str) -> tuple:
    from curator.temporal import parse_edtf

    parsed = parse_edtf(value)
    return parsed.earliest_iso, parsed.latest_iso


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(intervals().map(lambda s: (s[0], s[1])),
                 DAYS.map(lambda d: (None, d)), DAYS.map(lambda d: (d, None))),
       st.booleans())
def test_whatever_the_engine_writes_the_rule_accepts(span, approximate):
    lo, hi = span
    value = edtf_for(lo, hi, approximate)
    fields = DateFields(value, lo.isoformat() if lo else None, hi.isoformat() if hi else None)
    assert date_problem(fields.edtf, fields.earliest, fields.latest) is None
    assert parse_date_input(value) == DateFields(value, fields.earliest, fields.latest, value)
