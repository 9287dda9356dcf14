"""The claims finder's large-project machinery on small inputs: slabs, parts and padded rows made
tiny so that every path runs, against the scan of every pair (tests/test_claims.py's oracle);
the ragged columns against Python sets; the project's column read against the records it reads
one by one; progress and cancelling through the facade."""

from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from curator.core import claim_columns, claim_pairs
from curator.core.claim_columns import columns_from_events, ragged_from_pairs
from curator.core.claim_pairs import Rules, propose, shared_counts
from curator.core.claims import find, project_candidates
from curator.core.errors import Cancelled
from curator.demo import create_demo
from tests.test_claims import brute_force, events, keys


@settings(max_examples=120, deadline=None)
@given(events(max_size=16), st.sampled_from([None, 1, 2]), st.sampled_from([0, 1, 2, 3, 1000]), st.integers(1, 4),
       st.integers(1, 5))
def test_tiny_slabs_parts_and_padding_change_nothing(items, per_event, floor, slab, part):
    expected = brute_force(items, per_event=per_event, floor=floor, share=0.0)
    with mock.patch.multiple(claim_pairs, SLAB_PAIRS=slab, PART_ROWS=part), \
            mock.patch.object(claim_columns, "PADDED_WIDTH", 2):
        found = find(items, Rules(per_event=per_event, common_floor=floor, common_share=0.0))
        assert keys(found) == expected and len(found) == len(expected)  # each pair once


rows = st.lists(st.lists(st.integers(0, 30), max_size=12, unique=True), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(rows, st.data(), st.integers(1, 8))
def test_shared_counts_are_set_intersections(lists, data, width):
    pairs = [(r, v) for r, values in enumerate(lists) for v in values]
    ragged = ragged_from_pairs(len(lists), np.array([p[0] for p in pairs], np.int64).reshape(-1),
                               np.array([p[1] for p in pairs], np.int64).reshape(-1))
    i = np.array(data.draw(st.lists(st.integers(0, len(lists) - 1), min_size=1, max_size=20)), np.int64)
    j = np.array(data.draw(st.lists(st.integers(0, len(lists) - 1), min_size=len(i), max_size=len(i))), np.int64)
    with mock.patch.object(claim_columns, "PADDED_WIDTH", width):
        counts = shared_counts(ragged, i, j)
    assert counts.tolist() == [len(set(lists[a]) & set(lists[b])) for a, b in zip(i.tolist(), j.tolist())]


@pytest.fixture(scope="module")
def edited_demo(tmp_path_factory):
    """The demo with what a finder must read through: a deleted event, a deleted place record
    (its events fall back to their free-text location), a removed evidence passage, a deleted
    actor, a place typed as free text."""
    project = create_demo(tmp_path_factory.mktemp("claims-scale") / "demo.curator")
    events = {e.title: e for e in project.claim_events()}
    project.delete_event(events["Tunnel bomb levels the Carlton Citadel Hotel"].id)
    najjar = project.event(events["Army takes the Sheykh Najjar industrial area"].id)
    project.delete_actor(najjar.place_id)
    prison = events["Rebels storm Aleppo Central Prison"].id
    project.remove_evidence(prison, project.event(prison).evidence[0].id)  # no document now
    project.delete_actor(project.find_actor("Russia"))
    project.set_event_location(events["Castello Road cut: East Aleppo encircled"].id, "aleppo ")
    yield project
    project.close()


def test_the_columns_read_from_the_project_find_what_its_records_find(edited_demo):
    by_columns = project_candidates(edited_demo, Rules(per_event=None))
    records = edited_demo.claim_events()
    by_records = find(records, Rules(per_event=None))
    assert by_columns.events == len(records)

    def listed(found):
        return [(c.a.key, c.b.key, round(c.score, 12), c.reasons) for c in found]
    assert listed(by_columns) == listed(by_records)
    titles = {frozenset((c.a.title, c.b.title)) for c in by_columns}
    assert not any("Tunnel bomb levels the Carlton Citadel Hotel" in t for t in titles)
    ids = {e.id for e in records}
    assert set(by_columns.columns.ids.tolist()) == ids


def test_the_project_finder_reports_progress_and_can_be_cancelled(edited_demo):
    seen = []
    found = project_candidates(edited_demo, progress=lambda share, stage: seen.append((share, stage)))
    assert len(found) > 0 and seen[-1] == (1.0, "done")
    assert [s for s, _ in seen] == sorted(s for s, _ in seen)
    assert {"reading events", "done"} <= {stage for _, stage in seen}
    calls = []

    def cancel_later():
        calls.append(1)
        return len(calls) > 1
    with pytest.raises(Cancelled):
        project_candidates(edited_demo, cancelled=cancel_later)
    with pytest.raises(Cancelled):
        find(edited_demo.claim_events(), cancelled=lambda: True)


def test_the_columns_of_events_without_ties_or_dates_propose_nothing():
    from curator.core.claims import ClaimEvent
    items = [ClaimEvent(key=f"k{i}", title="", earliest=None, latest=None) for i in range(5)]
    columns = columns_from_events(items)
    assert not columns.dated().any()
    assert len(propose(columns)) == 0
    assert len(propose(columns_from_events([]))) == 0
