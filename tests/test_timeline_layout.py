"""The timeline's Qt-free geometry: days to seconds, packing marks into rows (with the rows they
had kept), room for titles, calendar bins, and the rows-to-columns rule for small sets.

(Rewritten with the density timeline: ``rows_to_data``, ``pack_lanes``, ``free_lane`` and
``choose_spacing`` gave way to the column reader in core, ``packing.pack`` and ``choose_room``.)"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.records import EventRow
from curator.core.timeline_columns import FUZZY, OPEN_END, OPEN_START
from curator.ui.timeline import bins
from curator.ui.timeline.layout import DAY, iso_day_to_seconds, next_start_in_row
from curator.ui.timeline.packing import (
    TITLE_ROOM_PX, choose_room, clusters, max_depth, occupied_ends, pack, pack_lane,
)
from curator.ui.timeline.store import columns_from_event_rows


def row(event_id, earliest, latest=None, title="t", edtf=""):
    return EventRow(event_id, title, edtf, earliest, latest, "", "", "", "", None)


def test_seconds_are_utc_days_including_before_1970():
    assert iso_day_to_seconds("1970-01-02") == DAY
    assert iso_day_to_seconds("1969-12-31") == -DAY
    assert iso_day_to_seconds("1812-06-24") < 0


def test_rows_to_columns_splits_dated_and_undated():
    columns = columns_from_event_rows([
        row(1, "2014-05-08", "2014-05-08"),
        row(2, "2014-05-01", "2014-05-31", edtf="2014-05"),
        row(3, None, None),
        row(4, "2014-06-02", None),
        row(5, "not a date", None),
        row(6, "2014-07-10", "2014-07-01"),  # latest before earliest: a single day
        row(7, None, "1899-12-31", edtf="../1899-12-31"),
        row(8, "1945-01-01", None, edtf="1945-01-01/.."),
        row(9, "2014-05-08", "2014-05-08", edtf="2014-05-08~"),
    ])
    assert columns.ids.tolist() == [1, 2, 4, 6, 7, 8, 9]
    assert columns.undated.tolist() == [3, 5]
    day = int(iso_day_to_seconds("2014-05-08") // DAY)
    assert (columns.first[0], columns.last[0]) == (day, day)
    assert columns.last[1] - columns.first[1] == 30
    assert columns.first[3] == columns.last[3]
    flags = dict(zip(columns.ids.tolist(), columns.flags.tolist()))
    assert flags[1] == 0 and flags[2] == FUZZY and flags[9] == FUZZY
    assert flags[7] == FUZZY | OPEN_START and flags[8] == FUZZY | OPEN_END


intervals = st.lists(st.tuples(st.integers(-1000, 1000), st.integers(1, 60)), min_size=0, max_size=80)


@settings(max_examples=200, deadline=None)
@given(intervals, st.integers(0, 30), st.lists(st.integers(-1, 6), max_size=80))
def test_packing_never_overlaps_in_a_row_and_keeps_free_preferred_rows(spans, room, wishes):
    start = np.array([float(s) for s, _ in spans])
    end = np.array([float(s + w) for s, w in spans])
    occupied = occupied_ends(start, end, float(room))
    prefer = np.array([(wishes[k] if k < len(wishes) else -1) for k in range(len(spans))], np.int64)
    rows = pack(start, occupied, prefer)
    for r in set(rows.tolist()):
        idx = np.flatnonzero(rows == r)
        order = idx[np.argsort(start[idx], kind="stable")]
        assert np.all(occupied[order[:-1]] <= start[order[1:]])
    if (prefer < 0).all() and len(spans):  # no wishes: as few rows as can be (greedy is optimal)
        assert int(rows.max()) + 1 == max_depth(start, occupied)
    # packing again with the rows it gave as wishes changes nothing
    assert pack(start, occupied, rows).tolist() == rows.tolist()


def test_choose_room_leaves_room_for_titles_when_it_can():
    x0 = np.array([0.0, 100.0, 200.0])
    assert choose_room(x0, x0 + 10, rows=10) == TITLE_ROOM_PX[0]
    many = np.repeat(x0, 50)
    assert choose_room(many, many + 10, rows=10) == TITLE_ROOM_PX[-1]


def test_pack_lane_puts_long_marks_below_and_counts_what_does_not_fit():
    x0 = np.array([0.0, 10.0, 20.0, -50.0, -50.0])
    x1 = np.array([5.0, 15.0, 25.0, 900.0, 900.0])
    is_long = np.array([False, False, False, True, True])
    packed = pack_lane(x0, x1, is_long, np.full(5, -1), top=3, rows=None, room_rows=1)
    assert set(packed.rows[:3].tolist()) == {3}  # no room for titles in one row
    assert sorted(packed.rows[3:].tolist()) == [4, 5]
    capped = pack_lane(x0, x1, is_long, np.full(5, -1), top=0, rows=2)
    assert capped.rows[3:].tolist() == [-1, -1] and capped.used_rows == 2  # short ones first
    found = clusters(np.array([0.0, 10.0, 300.0]), np.array([5.0, 15.0, 305.0]), np.array([7, 8, 9]))
    assert [(c.count, c.ids) for c in found] == [(2, (7, 8)), (1, (9,))]


def test_next_start_in_row():
    start = np.array([5.0, 1.0, 3.0, 2.0])
    rows = np.array([0, 0, 0, 1])
    assert next_start_in_row(start, rows).tolist() == [np.inf, 3.0, 5.0, np.inf]


def test_calendar_bins():
    day = lambda iso: int(np.datetime64(iso, "D").astype(np.int64))  # noqa: E731
    assert bins.choose_unit(10.0).name == "day"
    assert bins.choose_unit(0.2).name == "month"
    assert bins.choose_unit(1e-4).name == "century"
    months = bins.edges(bins.choose_unit(0.2), day("2014-02-10"), day("2014-05-03"))
    assert [str(np.datetime64(int(e), "D")) for e in months] == [
        "2014-02-01", "2014-03-01", "2014-04-01", "2014-05-01", "2014-06-01"]
    weeks = bins.edges(bins.UNITS[1], day("2014-05-08"), day("2014-05-20"))
    assert all(np.datetime64(int(e), "D").astype(object).weekday() == 0 for e in weeks)
    assert weeks[0] <= day("2014-05-08") and weeks[-1] > day("2014-05-20")
    decades = bins.edges(bins.UNITS[5], day("1994-03-01"), day("2016-01-01"))
    assert [str(np.datetime64(int(e), "D"))[:4] for e in decades] == ["1990", "2000", "2010", "2020"]
    assert bins.describe_bin(bins.UNITS[2], day("2014-05-01")) == "May 2014"
    assert bins.describe_bin(bins.UNITS[3], day("2014-04-01")) == "Q2 2014"
    assert bins.describe_bin(bins.UNITS[5], day("2010-01-01")) == "the 2010s"
    assert [bins.nice_ceiling(v) for v in (0.3, 7, 12, 230, 5000)] == [1, 10, 20, 500, 5000]
