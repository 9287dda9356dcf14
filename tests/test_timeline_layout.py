"""The timeline's Qt-free geometry: dates to seconds, lane packing, label room."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.records import EventRow
from curator.ui.timeline.layout import (
    DAY, choose_spacing, free_lane, iso_day_to_seconds, max_depth, next_start_in_lane,
    occupied_ends, pack_lanes, rows_to_data,
)


def row(event_id, earliest, latest=None, title="t", edtf=""):
    return EventRow(event_id, title, edtf, earliest, latest, "", "", "", "", None)


def test_rows_to_data_splits_dots_bars_and_undated():
    data, undated = rows_to_data([
        row(1, "2014-05-08", "2014-05-08"),
        row(2, "2014-05-01", "2014-05-31", edtf="2014-05"),
        row(3, None, None),
        row(4, "2014-06-02", None),
        row(5, "not a date", None),
        row(6, "2014-07-10", "2014-07-01"),  # latest before earliest: a single day
    ])
    assert data.ids.tolist() == [1, 2, 4, 6]
    assert data.is_bar.tolist() == [False, True, False, False]
    assert sorted(undated) == [3, 5]
    assert data.start[0] == iso_day_to_seconds("2014-05-08")
    assert data.end[0] - data.start[0] == DAY
    assert data.end[1] == iso_day_to_seconds("2014-06-01")  # end of the latest day, exclusive
    assert data.edtf[1] == "2014-05"


def test_seconds_are_utc_days_including_before_1970():
    assert iso_day_to_seconds("1970-01-02") == DAY
    assert iso_day_to_seconds("1969-12-31") == -DAY
    data, _ = rows_to_data([row(1, "1812-06-24")])
    assert data.start[0] == iso_day_to_seconds("1812-06-24") < 0


intervals = st.lists(
    st.tuples(st.integers(-1000, 1000), st.integers(1, 60)), min_size=0, max_size=80)


@settings(max_examples=200, deadline=None)
@given(intervals, st.integers(0, 30), st.integers(0, 5))
def test_packing_never_overlaps_in_a_lane_and_uses_fewest_lanes(spans, min_width, gap):
    start = np.array([float(s) for s, _ in spans])
    end = np.array([float(s + w) for s, w in spans])
    occupied = occupied_ends(start, end, float(min_width), float(gap))
    lanes = pack_lanes(start, occupied)
    assert len(lanes) == len(spans)
    for lane in set(lanes.tolist()):
        idx = np.flatnonzero(lanes == lane)
        order = idx[np.argsort(start[idx], kind="stable")]
        # sorted by start, each mark must stop occupying the lane before the next one starts
        assert np.all(occupied[order[:-1]] <= start[order[1:]])
    used = int(lanes.max()) + 1 if len(lanes) else 0
    assert used == max_depth(start, occupied)


@settings(max_examples=100, deadline=None)
@given(intervals, st.integers(-1000, 1000), st.integers(1, 60))
def test_free_lane_finds_a_lane_without_clashes(spans, new_start, width):
    start = np.array([float(s) for s, _ in spans])
    end = np.array([float(s + w) for s, w in spans])
    lanes = pack_lanes(start, end)
    lane = free_lane(start, end, lanes, float(new_start), float(new_start + width))
    clash = (lanes == lane) & (start < new_start + width) & (end > new_start)
    assert not clash.any()


def test_free_lane_keeps_the_preferred_lane_when_it_fits():
    start, end = np.array([0.0, 0.0]), np.array([10.0, 10.0])
    lanes = np.array([0, 1])
    assert free_lane(start, end, lanes, 20.0, 30.0, prefer=1) == 1
    assert free_lane(start, end, lanes, 5.0, 30.0, prefer=1) == 2
    assert free_lane(start, end, lanes, 20.0, 30.0) == 0


def test_next_start_in_lane():
    start = np.array([5.0, 1.0, 3.0, 2.0])
    lanes = np.array([0, 0, 0, 1])
    assert next_start_in_lane(start, lanes).tolist() == [np.inf, 3.0, 5.0, np.inf]


def test_choose_spacing_leaves_room_for_titles_when_few_events():
    start = np.array([0.0, 10 * DAY, 20 * DAY])
    end = start + DAY
    width, gap = choose_spacing(start, end, width_px=1000, max_lanes=10)
    assert width > 100 * (21 * DAY / 1000)  # over 100 px of the whole span
    assert gap > 0
    # Thousands of events on the same days cannot all get room: fall back to their own width.
    many = np.repeat(start, 500)
    assert choose_spacing(many, many + DAY, width_px=1000, max_lanes=10) == (0.0, 0.0)


def test_fuzzy_means_approximate_uncertain_or_coarser_than_days():
    from curator.ui.timeline.layout import fuzzy_mask, is_fuzzy_edtf

    exact = ["", "2014-05-08", "2014-05-08/2014-05-20", "-0044-03-15"]
    fuzzy = ["2014-05", "2014", "2014-21", "201X", "2014-05-08~", "2014-05-08?", "2014-05-08%",
             "2014-05-01/2014-06", "../2014-03-09", "2014-05-08/..", "2014-XX"]
    assert [is_fuzzy_edtf(v) for v in exact] == [False] * len(exact)
    assert [is_fuzzy_edtf(v) for v in fuzzy] == [True] * len(fuzzy)
    assert fuzzy_mask(["2014", "2014-05-08", "2014"]).tolist() == [True, False, True]
    data, _ = rows_to_data([row(1, "2014-05-08", "2014-05-08", edtf="2014-05-08~"),
                            row(2, "2014-05-01", "2014-05-31", edtf="2014-05"),
                            row(3, "2014-05-01", "2014-05-10", edtf="2014-05-01/2014-05-10")])
    assert data.is_fuzzy.tolist() == [True, True, False]
    kept = data.take(np.array([False, True, True]))
    assert kept.ids.tolist() == [2, 3] and kept.is_fuzzy.tolist() == [True, False]
    assert kept.edtf == ["2014-05", "2014-05-01/2014-05-10"]
    assert kept.extended(data.take(np.array([True, False, False]))).is_fuzzy.tolist() == \
        [True, False, True]


def test_open_ends_reach_the_edge_of_the_events_extent():
    data, undated = rows_to_data([
        row(1, None, "1899-12-31", edtf="../1899"),
        row(2, "1945-01-01", None, edtf="1945/.."),
        row(3, "1920-01-01", "1929-12-31", edtf="192X"),
        row(4, "1950-05-01", "1950-05-01", edtf="1950-05-01"),
    ])
    assert undated == [] and data.ids.tolist() == [1, 2, 3, 4]
    assert data.open_start.tolist() == [True, False, False, False]
    assert data.open_end.tolist() == [False, True, False, False]
    assert data.is_bar[:2].all()
    # the open start reaches back past the earliest known day, at least a year before its end
    assert data.start[0] == iso_day_to_seconds("1899-12-31") - 365 * DAY
    assert data.end[0] == iso_day_to_seconds("1900-01-01")
    # the open end reaches the last known day of all (the 1950 event)
    assert data.start[1] == iso_day_to_seconds("1945-01-01")
    assert data.end[1] == iso_day_to_seconds("1950-05-02")
    # an event added alone keeps to the extent it is added to
    one, _ = rows_to_data([row(5, "1930-01-01", None, edtf="1930/..")], data.extent())
    assert one.end[0] == data.end.max()
    assert one.take(np.array([True])).open_end.tolist() == [True]
