"""How the Merge dialog words values (Qt-free): references by name, dates, passages, places."""

from __future__ import annotations

from curator.exchange.conflicts import Conflict
from curator.ui.exchange.merge_values import field_label, record_label, show_value

NAMES = {"p1": "Homs", "d1": "Report"}


def test_values_are_shown_in_words():
    assert show_value("events", "place", "p1", NAMES) == "Homs"
    assert show_value("events", "place", None, NAMES) == "(none)"
    assert show_value("events", "description", "", NAMES) == "(empty)"
    assert show_value("events", "date", {"edtf": "2014-05", "earliest": "2014-05-01", "latest": "2014-05-31",
                                         "date_text": "May 2014"}, NAMES) == "2014-05 (2014-05-01 – 2014-05-31) — “May 2014”"
    assert show_value("events", "date", {"edtf": "2014-05-03", "earliest": "2014-05-03",
                                         "latest": "2014-05-03", "date_text": ""}, NAMES) == "2014-05-03"
    assert show_value("events", "date", {"edtf": "", "earliest": None, "latest": None,
                                         "date_text": ""}, NAMES) == "undated"
    assert show_value("spans", "passage", {"document": "d1", "start": 3, "end": 7, "quote": "Homs"},
                      NAMES) == "“Homs” at 3–7 in Report"
    assert show_value("actors", "coordinates", {"latitude": 34.7, "longitude": 36.7}, NAMES) == "34.7, 36.7"
    assert show_value("actors", "aliases", ["Hims", "Emesa"], NAMES) == "Hims, Emesa"
    assert field_label("spans", "actor") == "Mentions" and field_label("events", "actor") == "Actor"


def test_record_labels_name_the_record():
    rec = {"uid": "u", "deleted_at": None, "title": "siege  ends"}
    c = Conflict("events", "u", "changed on both sides", rec, rec, 0)
    assert record_label(c, NAMES) == "Event “siege ends”"
    link = {"uid": "l", "deleted_at": None, "event": "e1", "span": "s1"}
    assert record_label(Conflict("evidence", "l", "", link, link, 0), {"e1": "talks"}) == "Evidence: event “talks”"
