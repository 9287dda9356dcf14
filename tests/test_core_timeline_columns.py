"""The timeline's columns and lanes (``Project.timeline_columns``/``timeline_lanes``) against a
plain Python reading of the same rows: the rule written out with ``datetime.date`` and ``re``,
and the lane pairs of ``Project.event_lane_keys`` (its own SQL)."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core import Project
from curator.core.records import DateFields
from curator.core.timeline_columns import FUZZY, OPEN_END, OPEN_START
from timeline_support import expected, raw_rows

def as_dict(columns):
    return {int(i): (int(f), int(la), bool(g & FUZZY), bool(g & OPEN_START), bool(g & OPEN_END))
            for i, f, la, g in zip(columns.ids, columns.first, columns.last, columns.flags)}


def check_columns(project: Project) -> None:
    columns = project.timeline_columns()
    assert columns.ids.dtype == np.int64 and columns.first.dtype == np.int32
    assert columns.last.dtype == np.int32 and columns.flags.dtype == np.uint8
    assert list(columns.ids) == sorted(columns.ids)
    dated, undated = expected(raw_rows(project.path))
    assert as_dict(columns) == dated
    assert columns.undated.tolist() == undated


def test_a_few_thousand_events_match_the_plain_reading(tmp_path):
    path = tmp_path / "p.curator"
    rng = random.Random(3)
    with Project.create(path, annotator="t") as project:
        doc = project.add_document("x " * 50, title="Doc")
        project.add_event("open start", date=DateFields("../1899-12-31", None, "1899-12-31"))
        project.add_event("open end", date=DateFields("1945-01-01/..", "1945-01-01", None))
        project.add_event("undated")
        span = project.create_event_from_passage(doc, 0, 1, title="seed")
    with sqlite3.connect(path) as conn:  # thousands of rows, with values only old files hold
        values = ["2014-05-08", "2014-05", "2014", "2014-05-08~", "2014?", "201X", "2014-21",
                  "2013-12-15/2013-12-28", "2013-12/2014-02", "[2014-05-01,2014-05-03]", ""]
        rows = []
        for k in range(3000):
            first = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(12000))
            last = first + dt.timedelta(days=rng.choice((0, 0, 3, 40, 400)))
            edtf = rng.choice(values)
            earliest, latest = first.isoformat(), last.isoformat()
            roll = rng.random()
            if roll < 0.03:
                earliest = None
            elif roll < 0.06:
                latest = None
            elif roll < 0.07:
                earliest = "2014-02-30"  # not a day: undated
            elif roll < 0.08:
                latest = "garbage"  # an unreadable latest: a single day
            elif roll < 0.09:
                earliest, latest = latest, earliest  # latest before earliest: a single day
            elif roll < 0.10:
                earliest = latest = None
            elif roll < 0.11:
                earliest = ""
            rows.append((f"u{k}", "t", "t", "t", f"e{k}", "", "", edtf, earliest, latest, ""))
        conn.executemany("INSERT INTO event (uid, created_at, updated_at, created_by, title, "
                         "description, location, edtf, earliest, latest, date_text) "
                         "VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        conn.execute("UPDATE event SET deleted_at = 't' WHERE id % 97 = 0")
    with Project.open(path) as project:
        check_columns(project)
        # a few by id: the same entries, deleted and unknown ids left out
        ids = [1, 2, 3, 97, 194, 500, 501, 2999, 10**9]
        some = project.timeline_columns(ids)
        whole = as_dict(project.timeline_columns())
        assert as_dict(some) == {i: whole[i] for i in ids if i in whole}
        dated, undated = expected(raw_rows(path))
        assert some.undated.tolist() == [i for i in ids if i in undated]
        assert span in undated  # made from a passage without a date


FUZZY_SAMPLES = ["2014-05-08", "-0044-03-15", "2014-05-08/2014-05-09", "-0044-03-15/2014-05-09",
                 "2014-05-08/-0044-03-15", "-0044-03-15/-0044-03-16", "2014-05-08~", "2014-05",
                 "../2014-05-08", "2014-05-08/..", "2014-05-08/", "2014-05-08/2014-05-09/2014-05-10",
                 "201X", "2014-5-08", "2014-05-08T10:00", "", "[2014-05-01,2014-05-03]"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FUZZY_SAMPLES),
                          st.text(alphabet="0123456789-/~?.X", max_size=24)), min_size=1, max_size=20))
def test_fuzzy_flag_matches_the_python_reading(tmp_path_factory, edtfs):
    path = tmp_path_factory.mktemp("fuzzy") / "p.curator"
    Project.create(path).close()
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT INTO event (uid, created_at, updated_at, created_by, title, "
                         "description, location, edtf, earliest, latest, date_text) "
                         "VALUES (?,'t','t','t','','','',?,'2014-05-08','2014-05-09','')",
                         [(f"u{k}", e) for k, e in enumerate(edtfs)])
    with Project.open(path) as project:
        check_columns(project)


@pytest.mark.parametrize("by", ["actor", "document", "label", "place"])
def test_lanes_are_the_lane_keys(demo_project, by):
    project = demo_project
    project.set_event_actors(project.event_rows()[0].id, ["Syrian Army", "Someone New", "syrian army"])
    # a place deleted behind an event, and an event with only a free-text location
    place = project.add_actor("Old Town", "place")
    event = project.event_rows()[1].id
    project.set_event_place(event, place)
    project.add_event("Somewhere else", location="  Idlib  ",
                      date=DateFields("2015-01-01", "2015-01-01", "2015-01-01"))
    with sqlite3.connect(project.path) as conn:
        conn.execute("UPDATE actor SET deleted_at = 't' WHERE id = ?", (place,))
        conn.execute("UPDATE event SET location = 'Old Town' WHERE id = ?", (event,))
    lanes = project.timeline_lanes(by)
    assert sorted(lanes.pairs()) == sorted(set(project.event_lane_keys(by)))
    assert list(lanes.names) == sorted(lanes.names, key=lambda n: (n.casefold(), n))
    assert set(range(len(lanes.names))) == set(lanes.lanes.tolist())  # every name is used
    assert list(lanes.event_ids) == sorted(lanes.event_ids)
    ids = sorted({e for e, _ in lanes.pairs()})[:5] + [10**9]
    some = project.timeline_lanes(by, ids)
    assert sorted(some.pairs()) == sorted(p for p in lanes.pairs() if p[0] in ids)


def test_lanes_of_a_generated_project(tmp_path):
    """Thousands of events, several actors each, a document per event: the pairs agree."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from big_project import build

    path = tmp_path / "big.curator"
    build(path, 3000, seed=11)
    with sqlite3.connect(path) as conn:  # a deleted actor and a deleted link
        conn.execute("UPDATE actor SET deleted_at = 't' WHERE id = 3")
        conn.execute("UPDATE event_actor SET deleted_at = 't' WHERE id % 50 = 0")
    with Project.open(path) as project:
        check_columns(project)
        for by in ("actor", "document", "place"):
            lanes = project.timeline_lanes(by)
            assert sorted(lanes.pairs()) == sorted(set(project.event_lane_keys(by)))
        multi = project.timeline_lanes("actor")
        counts = np.bincount(np.searchsorted(np.unique(multi.event_ids), multi.event_ids))
        assert counts.max() >= 2  # events with several actors have a mark in each lane


def test_an_unknown_grouping_is_refused(project):
    from curator.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="lanes group by one of"):
        project.timeline_lanes("colour")
