"""Merge properties with Hypothesis: two people edit copies of one project at random; merging
loses nothing, merging again changes nothing, and (without conflicts) order does not matter."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core import DateFields, Project
from curator.exchange.copy import export_copy
from curator.exchange.errors import MergeConflicts
from curator.exchange.merge_file import merge_file
from test_exchange_support import content, states

EVENTS = 6
REJECTIONS = 2  # rejected suggestions in the base project
TEXT = "Aleppo 😀 siege; talks in Geneva; 𝄞 ceasefire declared; evacuation began; ‏שלום end."

OPS = st.lists(st.one_of(
    st.tuples(st.just("edit"), st.integers(0, EVENTS - 1), st.sampled_from(["x", "y 😀", "=z", ""])),
    st.tuples(st.just("delete"), st.integers(0, EVENTS - 1), st.just("")),
    st.tuples(st.just("add"), st.integers(0, EVENTS - 1), st.sampled_from(["new", "nouveau"])),
    st.tuples(st.just("date"), st.integers(0, EVENTS - 1), st.sampled_from(["2014", "2014-05"])),
    st.tuples(st.just("reject"), st.integers(0, EVENTS - 1), st.sampled_from(["", "2014"])),
    st.tuples(st.just("forget"), st.integers(0, REJECTIONS - 1), st.just(""))),
    max_size=6)


def _base(path: Path) -> None:
    with Project.create(path, annotator="base") as p:
        doc = p.add_document(TEXT)
        for i in range(EVENTS):
            p.create_event_from_passage(doc, i * 10, i * 10 + 8, title=f"event {i}", actors=[f"A{i % 2}"])
        for i in range(REJECTIONS):
            p.reject_suggestion(doc, i * 10 + 1, i * 10 + 5, "2014")


def _apply(path: Path, ops, allowed: set[int]) -> None:
    """Apply ``ops`` to the events whose index is in ``allowed`` (others are left alone)."""
    with Project.open(path, annotator=path.stem) as p:
        rows = sorted(p.event_rows(), key=lambda r: r.id)[:EVENTS]
        live = {i: r.id for i, r in enumerate(rows)}
        doc = p.documents()[0].id
        with p._read() as conn:
            rejections = [r[0] for r in conn.exec_driver_sql(
                "SELECT id FROM rejected_suggestion ORDER BY id LIMIT ?", (REJECTIONS,))]
        for op, index, value in ops:
            if op == "add":
                p.create_event_from_passage(doc, index, index + 3, title=f"{value} {path.stem}")
                continue
            if op == "reject":  # new records: never a conflict
                p.reject_suggestion(doc, index, index + 4, value)
                continue
            if op == "forget":  # a tombstone on both sides is one state: never a conflict either
                p.forget_rejections([rejections[index]])
                continue
            if index not in allowed or index not in live:
                continue
            event_id = live[index]
            if op == "edit":
                p.update_event(event_id, title=value)
            elif op == "date":
                days = {"2014": ("2014-01-01", "2014-12-31"), "2014-05": ("2014-05-01", "2014-05-31")}[value]
                p.set_event_date(event_id, DateFields(value, *days))
            elif op == "delete":
                p.delete_event(event_id)
                del live[index]


@settings(max_examples=20, deadline=None)
@given(OPS, OPS)
def test_merges_lose_nothing_are_idempotent_and_commute(ops_x, ops_y):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _base(tmp / "base.curator")
        with Project.open(tmp / "base.curator") as base:
            for name in ("x", "y", "p1", "p2"):
                export_copy(base, tmp / f"{name}.curator")
        _apply(tmp / "x.curator", ops_x, allowed={0, 2, 4})  # disjoint edits: no conflicts
        _apply(tmp / "y.curator", ops_y, allowed={1, 3, 5})
        with Project.open(tmp / "p1.curator") as p1, Project.open(tmp / "p2.curator") as p2, \
                Project.open(tmp / "x.curator") as x, Project.open(tmp / "y.curator") as y:
            merge_file(p1, x.path)
            merge_file(p1, y.path)
            merge_file(p2, y.path)
            merge_file(p2, x.path)
            assert states(p1) == states(p2)
            for side in (x, y):  # nothing lost: every record of either side is there
                for key, records in content(side).items():
                    assert set(records) <= set(content(p1)[key])
            before = content(p1)
            merge_file(p1, x.path)
            merge_file(p1, y.path)
            assert content(p1) == before
            assert p1.check()["ok"]
            # and the two sides can take the merged result back without conflicts
            merge_file(x, p1.path)
            merge_file(y, p1.path)
            assert states(x) == states(y) == states(p1)


@settings(max_examples=15, deadline=None)
@given(OPS, OPS)
def test_overlapping_edits_conflict_or_merge_but_never_vanish(ops_x, ops_y):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _base(tmp / "base.curator")
        with Project.open(tmp / "base.curator") as base:
            export_copy(base, tmp / "x.curator")
        _apply(tmp / "x.curator", ops_x, allowed=set(range(EVENTS)))
        _apply(tmp / "base.curator", ops_y, allowed=set(range(EVENTS)))
        with Project.open(tmp / "base.curator") as base, Project.open(tmp / "x.curator") as x:
            ours_before, theirs = states(base), states(x)
            try:
                merge_file(base, x.path)
                conflicted = set()
            except MergeConflicts as exc:
                conflicted = {c.uid for c in exc.conflicts}
                assert states(base) == ours_before  # nothing written
                merge_file(base, x.path, default="ours")
            merged = states(base)
            for key, records in theirs.items():
                for uid, state in records.items():
                    assert uid in merged[key]
                    if uid in conflicted:
                        assert merged[key][uid] == ours_before[key][uid]
