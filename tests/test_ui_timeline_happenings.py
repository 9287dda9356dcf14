"""The timeline draws a happening once: the demo with a confirmed pair (3 and 4 July 2014) shows
one mark spanning both days, hatched (FUZZY), instead of two; selecting either report selects
that mark; unlinking (or undoing) brings both marks back. The fold itself against a plain-Python
oracle of the union of intervals."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
import ui_support
from hypothesis import given
from hypothesis import strategies as st

from curator.core.timeline_columns import FUZZY, TimelineColumns
from curator.core.timeline_happenings import fold_happenings

pytestmark = pytest.mark.usefixtures("clean_settings")
NAJJAR = ("Government forces capture the Sheikh Najjar industrial district",
          "Army takes the Sheykh Najjar industrial area")


def _ids(path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT title, id FROM event WHERE deleted_at IS NULL"))


def test_a_confirmed_pair_is_one_mark_spanning_both_dates(qtbot, demo_path):
    window = ui_support.open_window(qtbot, demo_path)
    timeline = window.timeline
    ids = _ids(demo_path)
    a, b = sorted(ids[t] for t in NAJJAR)
    everything = timeline.drawn_event_ids()
    assert {a, b} <= everything
    assert window.claims.decide(a, b, "same")
    qtbot.waitUntil(lambda: timeline.drawn_event_ids() == everything - {b}, timeout=10000)
    ui_support.wait_for_timeline(qtbot, window)
    columns = timeline.store().columns()
    row = int(np.searchsorted(columns.ids, a))
    assert columns.flags[row] & FUZZY
    assert int(columns.last[row]) - int(columns.first[row]) == 1  # 3 and 4 July: two days
    assert timeline.store().stands_for == {a: a, b: a}
    # selecting the other report selects (and centres) the one mark
    window.selection.select(b)
    assert timeline.selected_event() == a
    # undo (the link goes): both marks again, each its own day
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: timeline.drawn_event_ids() == everything, timeout=10000)
    ui_support.wait_for_timeline(qtbot, window)
    columns = timeline.store().columns()
    for event_id in (a, b):
        row = int(np.searchsorted(columns.ids, event_id))
        assert columns.first[row] == columns.last[row] and not columns.flags[row] & FUZZY
    assert timeline.store().stands_for == {}


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 5), st.booleans()), min_size=1, max_size=12),
       st.lists(st.lists(st.integers(1, 14), min_size=1, max_size=4), max_size=4))
def test_fold_against_the_union_of_intervals(rows, groups):
    ids = np.arange(1, len(rows) + 1, dtype=np.int64)
    first = np.array([r[0] for r in rows], np.int32)
    last = first + np.array([r[1] for r in rows], np.int32)
    flags = np.array([0 for _ in rows], np.uint8)
    columns = TimelineColumns(ids, first, last, flags, np.zeros(0, np.int64))
    # the oracle: merge groups that share an event (as the links' components do), by hand
    merged: list[set[int]] = []
    for g in groups:
        g = set(g)
        for m in [m for m in merged if m & g]:
            merged.remove(m)
            g |= m
        merged.append(g)
    folded, stands_for = fold_happenings(columns, merged)
    expected = {int(i): (int(f), int(lst), False) for i, f, lst in zip(ids, first, last)}
    for g in merged:
        dated = sorted(i for i in g if i <= len(rows))
        if len(dated) < 2:
            continue
        spans = {(expected[i][0], expected[i][1]) for i in dated}
        expected[dated[0]] = (min(s[0] for s in spans), max(s[1] for s in spans), len(spans) > 1)
        for i in dated[1:]:
            del expected[i]
        assert all(stands_for[i] == dated[0] for i in g)
    got = {int(i): (int(f), int(lst), bool(fl & FUZZY))
           for i, f, lst, fl in zip(folded.ids, folded.first, folded.last, folded.flags)}
    assert got == expected
