"""Merge properties with Hypothesis: two people edit copies of one project at random; merging
loses nothing, merging again changes nothing, and (without conflicts) order does not matter.
The edits include schema-2 records: labels, notes and mentions on highlights, event places,
tag set edits and new tags, place coordinates, and actor merges on one side while the other
still links the loser (the merged result must follow the redirect whatever the order)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotation_support import (
    actor_id, add_place, add_tag, label, link_actor, merge_actors, set_coordinates, set_event_place,
    tag_id, update_tag,
)
from curator.core import DateFields, Project
from curator.core.bulk import KIND_BY_KEY, state_hash
from curator.exchange.copy import export_copy
from curator.exchange.errors import MergeConflicts
from curator.exchange.merge_file import merge_file
from test_exchange_support import content, records, states

EVENTS = 6
REJECTIONS = 2  # rejected suggestions in the base project
TEXT = "Aleppo 😀 siege; talks in Geneva; 𝄞 ceasefire declared; evacuation began; ‏שלום end."

OPS = st.lists(st.one_of(
    st.tuples(st.just("edit"), st.integers(0, EVENTS - 1), st.sampled_from(["x", "y 😀", "=z", " w "])),
    st.tuples(st.just("delete"), st.integers(0, EVENTS - 1), st.just("")),
    st.tuples(st.just("add"), st.integers(0, EVENTS - 1), st.sampled_from(["new", "nouveau"])),
    st.tuples(st.just("date"), st.integers(0, EVENTS - 1), st.sampled_from(["2014", "2014-05"])),
    st.tuples(st.just("reject"), st.integers(0, EVENTS - 1), st.sampled_from(["", "2014"])),
    st.tuples(st.just("forget"), st.integers(0, REJECTIONS - 1), st.just("")),
    # schema 2
    st.tuples(st.just("label"), st.integers(0, EVENTS - 1), st.sampled_from(["Group", "Place", ""])),
    st.tuples(st.just("note"), st.integers(0, EVENTS - 1), st.sampled_from(["n", "ñ 😀", ""])),
    st.tuples(st.just("mention"), st.integers(0, EVENTS - 1), st.sampled_from(["A0", "A1", "P0"])),
    st.tuples(st.just("place"), st.integers(0, EVENTS - 1), st.sampled_from(["P0", "P1", "P2"])),
    st.tuples(st.just("link"), st.integers(0, EVENTS - 1), st.sampled_from(["", "mediator"])),
    st.tuples(st.just("newtag"), st.integers(0, EVENTS - 1), st.sampled_from(["Weapon", "Vehicle"])),
    st.tuples(st.just("tagcolor"), st.integers(0, 1), st.sampled_from(["#000075", "#aaffc3"])),
    st.tuples(st.just("coords"), st.integers(0, 2), st.sampled_from([0.5, -33.25])),
    st.tuples(st.just("merge"), st.integers(0, 1), st.just(""))),
    max_size=6)


def _base(path: Path) -> None:
    with Project.create(path, annotator="base") as p:
        doc = p.add_document(TEXT)
        for i in range(EVENTS):
            p.create_event_from_passage(doc, i * 10, i * 10 + 8, title=f"event {i}", actors=[f"A{i % 2}"])
        for i in range(REJECTIONS):
            p.reject_suggestion(doc, i * 10 + 1, i * 10 + 5, "2014")
        add_tag(p, "Group", "#3cb44b", "2")
        add_tag(p, "Place", "#4363d8", "3")
        for i in range(3):
            add_place(p, f"P{i}", 30.0 + i, 40.0 + i)


def _apply(path: Path, ops, allowed: set[int]) -> None:
    """Apply ``ops`` to the events whose index is in ``allowed`` (others are left alone). Shared
    records other than events are split so that disjoint sides never edit the same one: the
    side that may edit event 0 owns tag Group, places P0 and P1 and the actor merges (A0 into
    A1, P0 into P1); the other owns tag Place and place P2."""
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
            if _apply_v2(p, path, op, index, value, allowed, live):
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


def _apply_v2(p: Project, path: Path, op: str, index: int, value, allowed: set[int],
              live: dict[int, int]) -> bool:
    """Apply a schema-2 op; False if ``op`` is not one."""
    owner = 0 in allowed
    if op == "tagcolor":
        name = ("Group", "Place")[index]
        if (name == "Group") == owner or len(allowed) == EVENTS:
            update_tag(p, tag_id(p, name), color=value)
        return True
    if op == "coords":
        if (index < 2) == owner or len(allowed) == EVENTS:
            place = _live_actor(p, f"P{index}")
            if place is not None:
                set_coordinates(p, place, value, value)
        return True
    if op == "merge":
        if owner:
            loser, winner = (("A0", "A1"), ("P0", "P1"))[index]
            lose, win = _live_actor(p, loser), _live_actor(p, winner)
            if lose is not None and win is not None:
                merge_actors(p, win, lose)
        return True
    if op not in ("label", "note", "mention", "place", "link", "newtag"):
        return False
    if index not in allowed or index not in live:
        return True
    event_id = live[index]
    span = next(s.id for s in p.spans(p.documents()[0].id) if s.start == index * 10 and s.end == index * 10 + 8)
    if op == "label":
        label(p, span, tag=tag_id(p, value) if value else None)
    elif op == "note":
        label(p, span, note=value)
    elif op == "mention":
        label(p, span, actor=_live_actor(p, value))  # None once merged away: unlinks
    elif op == "place":
        set_event_place(p, event_id, _live_actor(p, value))
    elif op == "link":
        a0 = _live_actor(p, "A0")
        if a0 is not None:
            link_actor(p, event_id, a0, value)
    elif op == "newtag":
        label(p, span, tag=add_tag(p, f"{value} {path.stem}", "#f032e6"))
    return True


def _live_actor(p: Project, name: str):
    try:
        return actor_id(p, name)
    except Exception:  # noqa: BLE001 - NoResultFound: merged away
        return None


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
                for key, kept in content(side).items():
                    assert set(kept) <= set(content(p1)[key])
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
                conflicts = []
            except MergeConflicts as exc:
                conflicts = exc.conflicts
                assert states(base) == ours_before  # nothing written
                merge_file(base, x.path, default="ours")
            merged, merged_records = states(base), _by_uid(records(base))
            for key, theirs_of_kind in theirs.items():
                for uid in theirs_of_kind:
                    assert uid in merged[key]
            for conflict in conflicts:  # each settled as ours: exactly the settled record...
                kind = KIND_BY_KEY[conflict.kind]
                expected = conflict.result(conflict.choices(None, "ours"))
                actual = merged_records[conflict.kind][conflict.uid]
                if state_hash(kind, expected) != state_hash(kind, actual):
                    # ...then moved off an actor the other side merged away
                    _assert_only_redirected(expected, actual, merged_records["actors"])


def _by_uid(by_kind: dict[str, list[dict]]) -> dict[str, dict[str, dict]]:
    return {key: {r["uid"]: r for r in recs} for key, recs in by_kind.items()}


def _assert_only_redirected(before: dict, after: dict, actors: dict[str, dict]) -> None:
    """``after`` is ``before`` but for references to actors merged away, which now name the
    record they were merged into (following chains of merges)."""
    changed = {name for name in before if name != "updated_at" and before[name] != after[name]}
    assert changed and changed <= {"actor", "place", "location", "deleted_at"}, changed
    if "location" in changed:  # an event's location was its place's name: it follows the place
        assert "place" in changed and after["location"] == actors[after["place"]]["name"]
    if "deleted_at" in changed:  # a moved actor link that repeats another is deleted
        assert "actor" in changed and after["deleted_at"] is not None
    for name in changed & {"actor", "place"}:
        target = before[name]
        while actors[target]["merged_into"]:
            target = actors[target]["merged_into"]
        assert after[name] == target


REDIRECT_OPS = st.lists(st.one_of(
    st.tuples(st.just("mention"), st.integers(0, EVENTS - 1), st.sampled_from(["A0", "P0", "P1"])),
    st.tuples(st.just("place"), st.integers(0, EVENTS - 1), st.sampled_from(["P0", "P1"])),
    st.tuples(st.just("link"), st.integers(0, EVENTS - 1), st.sampled_from(["", "mediator"])),
    st.tuples(st.sampled_from(["delete", "edit"]), st.integers(0, EVENTS - 1), st.just("x"))),
    min_size=1, max_size=6)


@settings(max_examples=10, deadline=None)
@given(REDIRECT_OPS, REDIRECT_OPS)
def test_redirects_are_followed_whatever_the_order(ops_x, ops_y):
    """Side x merges A0 into A1 and P0 into P1 (after its own edits); side y keeps linking,
    mentioning and placing with A0 and P0. Either order of merging gives one result, in which
    no live link, mention or event place names a merged actor."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _base(tmp / "base.curator")
        with Project.open(tmp / "base.curator") as base:
            for name in ("x", "y", "p1", "p2"):
                export_copy(base, tmp / f"{name}.curator")
        _apply(tmp / "x.curator", ops_x + [("merge", 0, ""), ("merge", 1, "")], allowed={0, 2, 4})
        _apply(tmp / "y.curator", ops_y, allowed={1, 3, 5})
        with Project.open(tmp / "p1.curator") as p1, Project.open(tmp / "p2.curator") as p2:
            for first, second, target in (("x", "y", p1), ("y", "x", p2)):
                merge_file(target, tmp / f"{first}.curator")
                merge_file(target, tmp / f"{second}.curator")
            assert states(p1) == states(p2)
            merged = content(p1)
            losers = {a["uid"] for a in merged["actors"].values() if a["merged_into"]}
            assert len(losers) == 2
            for key, name in (("event_actors", "actor"), ("spans", "actor"), ("events", "place")):
                assert not [r for r in merged[key].values() if r["deleted_at"] is None and r[name] in losers]
            assert p1.check()["ok"]
            with Project.open(tmp / "y.curator") as y:  # y takes the result back, conflict-free
                merge_file(y, p1.path)
                assert states(y) == states(p1)
