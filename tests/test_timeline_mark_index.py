"""The timeline's mark index against brute force: density (each event spread evenly over its
days), overlap counts and listings per lane, with query matches and with edits laid over the
base (compared with an index built afresh)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core.timeline_columns import FUZZY, OPEN_END, OPEN_START
from curator.ui.timeline.mark_index import DAY0, LiveIndex, MarkIndex, Marks, OPEN_SPREAD


def random_marks(rng: random.Random, n: int, lanes: int = 3, first_id: int = 1):
    rows = []
    for event_id in range(first_id, first_id + n):
        first = rng.randrange(-800, 800) if rng.random() < 0.9 else rng.randrange(-700000, 2900000)
        last = first + rng.choice((0, 0, 0, 1, 6, 30, 200, 5000))
        flags = FUZZY if rng.random() < 0.3 else 0
        roll = rng.random()
        if roll < 0.05:
            flags |= OPEN_START
            first = last
        elif roll < 0.1:
            flags |= OPEN_END
            last = first
        for lane in rng.sample(range(lanes), rng.choice((1, 1, 2, 3)) if lanes > 1 else 1):
            rows.append((event_id, lane, first, last, flags, rng.random() < 0.8))
    return rows


def as_marks(rows) -> Marks:
    if not rows:
        return Marks()
    ids, lanes, first, last, flags, match = zip(*rows)
    return Marks.of(ids, lanes, first, last, flags, match)


def spread(row):
    """[start, end) in key days over which the mark's event is spread, written out plainly."""
    _, _, first, last, flags, _ = row
    start, end = first + DAY0, last + 1 + DAY0
    if flags & OPEN_START:
        start = max(end - OPEN_SPREAD, 1)
    if flags & OPEN_END:
        end = start + OPEN_SPREAD
    return start, end


def reach(row):
    _, _, first, last, flags, _ = row
    start = 1 if flags & OPEN_START else first + DAY0
    end = (1 << 22) - 2 if flags & OPEN_END else last + 1 + DAY0
    return start, end


def brute_mass(rows, lane, a, b):
    total = 0.0
    for row in rows:
        if row[1] != lane or not row[5]:
            continue
        s, e = spread(row)
        total += max(0, min(e, b) - max(s, a)) / (e - s)
    return total


def brute_overlaps(rows, lane, a, b):
    return sorted((r[0], r[1]) for r in rows if r[1] == lane and r[5]
                  and reach(r)[0] < b and reach(r)[1] > a)


def check(index, rows, rng: random.Random, lanes: int = 3):
    edges = sorted({rng.randrange(DAY0 - 900, DAY0 + 1200) for _ in range(8)})
    edges.append(edges[-1] + rng.choice((1, 50, 4000)))
    mass = index.mass_at(np.arange(lanes), np.array(edges))
    for lane in range(lanes):
        for k in range(len(edges) - 1):
            a, b = edges[k], edges[k + 1]
            assert mass[lane, k + 1] - mass[lane, k] == pytest.approx(
                brute_mass(rows, lane, a, b), abs=1e-6)
            expected = brute_overlaps(rows, lane, a, b)
            assert int(index.overlap_counts([lane], a, b).sum()) == len(expected)
            listed = index.listing(lane, a, b)
            assert sorted(zip(listed.ids.tolist(), listed.lanes.tolist())) == expected
        together = index.listing_lanes(np.arange(lanes), a, b)  # every lane in one call
        assert sorted(zip(together.ids.tolist(), together.lanes.tolist())) == sorted(
            p for lane in range(lanes) for p in brute_overlaps(rows, lane, a, b))
    totals = index.lane_totals(lanes)
    assert totals.tolist() == [sum(1 for r in rows if r[1] == lane and r[5]) for lane in range(lanes)]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 120))
def test_answers_match_brute_force(seed, n):
    rng = random.Random(seed)
    rows = random_marks(rng, n)
    check(MarkIndex(as_marks(rows)), rows, rng)


def test_whole_mass_is_the_number_of_matching_events():
    rng = random.Random(5)
    rows = random_marks(rng, 500, lanes=1)
    index = MarkIndex(as_marks(rows))
    far = index.mass_at([0], np.array([1, (1 << 22) - 1]))
    assert far[0, 1] - far[0, 0] == pytest.approx(sum(r[5] for r in rows), abs=1e-4)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6))
def test_edits_over_the_base_equal_a_fresh_index(seed):
    rng = random.Random(seed)
    rows = random_marks(rng, 80)
    live = LiveIndex.build(as_marks(rows))
    next_id = 1000
    for _ in range(rng.randrange(1, 6)):
        current_ids = sorted({r[0] for r in rows})
        changed = rng.sample(current_ids, min(len(current_ids), rng.randrange(0, 4)))
        fresh = random_marks(rng, rng.randrange(0, 3), first_id=next_id)
        next_id += 10
        # changed events get new dates and lanes; some disappear (deleted or undated)
        replaced = []
        for event_id in changed:
            if rng.random() < 0.3:
                continue
            replaced += [(event_id, *r[1:]) for r in random_marks(rng, 1)]
        ids = changed + sorted({r[0] for r in fresh})
        rows = [r for r in rows if r[0] not in changed] + replaced + fresh
        live = live.edited(np.array(ids), as_marks(replaced + fresh))
        check(live, rows, rng)
    assert len(live) == len(rows)
    again = live.compacted()
    assert again.overlay_size() == 0
    check(again, rows, rng)
    # a query: only some events match, on the base and on the overlay alike
    keep = np.array(sorted({r[0] for r in rows if rng.random() < 0.5}), np.int64)
    rows = [(*r[:5], r[0] in set(keep.tolist())) for r in rows]
    check(live.with_match(keep), rows, rng)
    rows = [(*r[:5], True) for r in rows]
    check(live.with_match(None), rows, rng)


def test_marks_of_an_event_follow_edits():
    live = LiveIndex.build(as_marks([(1, 0, 10, 12, 0, True), (1, 2, 10, 12, 0, True),
                                     (2, 1, 5, 5, 0, True)]))
    assert live.marks_of(1).lanes.tolist() == [0, 2]
    live = live.edited(np.array([1]), as_marks([(1, 1, 20, 20, 0, True)]))
    assert live.marks_of(1).lanes.tolist() == [1] and live.marks_of(1).first.tolist() == [20]
    live = live.edited(np.array([1, 3]), as_marks([(3, 0, 1, 1, 0, True)]))
    assert len(live.marks_of(1)) == 0 and live.marks_of(3).ids.tolist() == [3]
    assert live.marks_of(2).ids.tolist() == [2] and len(live) == 2


def test_listing_by_duration_class():
    from curator.ui.timeline.mark_index import long_classes

    rows = [(1, 0, 10, 10, 0, True), (2, 0, 0, 40, 0, True), (3, 0, 5, 5, OPEN_END, True),
            (4, 0, -400, 600, 0, True)]
    index = MarkIndex(as_marks(rows))
    a, b = DAY0 + 8, DAY0 + 15  # a week: marks longer than it are the month and the others
    longer = long_classes(b - a)
    shorter = [c for c in range(7) if c not in set(longer.tolist())]
    assert index.listing(0, a, b, shorter).ids.tolist() == [1]
    assert index.listing(0, a, b, longer).ids.tolist() == [2, 3, 4]
    counts = index.overlap_counts([0], a, b)[0]
    assert counts[longer].sum() == 3 and counts[shorter].sum() == 1
