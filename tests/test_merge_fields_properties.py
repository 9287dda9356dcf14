"""Field-level merge properties with Hypothesis. Two people edit copies of one project, often the
same events: one may change titles and dates, the other descriptions and places (with their
locations). Always: no conflict, every field changed on one side has that side's value in the
result (nothing silently dropped, nothing stale kept), the order of merging does not matter,
merging again changes nothing, and both sides take the result back without conflict. And when
both change one field of an event to different values, the merge is refused with exactly one
conflict per such event, naming exactly that field."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.core import DateFields, Project
from curator.exchange.copy import export_copy
from curator.exchange.errors import MergeConflicts
from curator.exchange.merge_file import merge_file
from test_exchange_support import content, records, states

EVENTS = 4
TEXT = "Aleppo 😀 siege; talks in Geneva; 𝄞 ceasefire declared; evacuation began; ‏שלום end."
DATES = {"2014": ("2014-01-01", "2014-12-31"), "2014-05": ("2014-05-01", "2014-05-31"),
         "2015-03-02": ("2015-03-02", "2015-03-02")}
PLACES = ("P0", "P1", "P2")

X_EDITS = st.lists(st.tuples(st.integers(0, EVENTS - 1), st.sampled_from(["title", "date"]),
                             st.sampled_from(["a", "b 😀", "2014", "2014-05", "2015-03-02"])), max_size=6)
Y_EDITS = st.lists(st.tuples(st.integers(0, EVENTS - 1), st.sampled_from(["description", "place"]),
                             st.sampled_from(["c", "d", "P0", "P1", "P2"])), max_size=6)


def _base(path: Path) -> None:
    with Project.create(path, annotator="base") as p:
        doc = p.add_document(TEXT)
        for name in PLACES:
            p.add_actor(name, "place")
        for i in range(EVENTS):
            p.create_event_from_passage(doc, i * 10, i * 10 + 8, title=f"event {i}",
                                        date=DateFields("2014", *DATES["2014"]))


def _events(p: Project) -> dict[int, int]:
    return {i: r.id for i, r in enumerate(sorted(p.event_rows(), key=lambda r: r.id))}


def _apply(path: Path, edits) -> None:
    with Project.open(path, annotator=path.stem) as p:
        ids = _events(p)
        for index, field, value in edits:
            event = ids[index]
            if field == "title":
                p.update_event(event, title=f"{path.stem}: {value}")
            elif field == "description":
                p.update_event(event, description=f"{path.stem}: {value}")
            elif field == "date":
                value = value if value in DATES else "2014-05"
                p.set_event_date(event, DateFields(value, *DATES[value]))
            elif field == "place":
                name = value if value in PLACES else "P2"
                p.set_event_place(event, p.find_actor(name, kind="place"))


def _by_uid(p: Project) -> dict[str, dict]:
    return {r["uid"]: r for r in records(p)["events"]}


FIELDS = {"title": ("title",), "date": ("edtf", "earliest", "latest", "date_text"),
          "description": ("description",), "place": ("place", "location")}


def _values(rec: dict, field: str) -> tuple:
    return tuple(rec[n] for n in FIELDS[field])


@settings(max_examples=15, deadline=None)
@given(X_EDITS, Y_EDITS)
def test_edits_to_different_fields_always_merge_and_lose_nothing(x_edits, y_edits):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _base(tmp / "base.curator")
        with Project.open(tmp / "base.curator") as base:
            for name in ("x", "y", "p2"):
                export_copy(base, tmp / f"{name}.curator")
            shared = _by_uid(base)
        _apply(tmp / "x.curator", x_edits)
        _apply(tmp / "y.curator", y_edits)
        with Project.open(tmp / "base.curator") as p1, Project.open(tmp / "p2.curator") as p2, \
                Project.open(tmp / "x.curator") as x, Project.open(tmp / "y.curator") as y:
            xs, ys = _by_uid(x), _by_uid(y)
            for first, second, target in ((x, y, p1), (y, x, p2)):
                for other in (first, second):
                    assert merge_file(target, other.path)["conflicts"] == 0
            assert states(p1) == states(p2)  # the order does not matter
            merged = _by_uid(p1)
            for uid, before in shared.items():  # every one-sided change is there
                for field in FIELDS:
                    side = xs if field in ("title", "date") else ys
                    assert _values(merged[uid], field) == _values(side[uid], field), (field, before)
            again = content(p1)
            merge_file(p1, x.path)
            merge_file(p1, y.path)
            assert content(p1) == again  # merging again changes nothing
            assert p1.check()["ok"]
            for side in (x, y):  # and each side takes the result back without conflict
                assert merge_file(side, p1.path)["conflicts"] == 0
            assert states(x) == states(y) == states(p1)


TITLES = st.lists(st.integers(0, EVENTS - 1), min_size=1, max_size=EVENTS, unique=True)


@settings(max_examples=10, deadline=None)
@given(TITLES, TITLES, Y_EDITS)
def test_a_field_changed_differently_on_both_sides_is_a_conflict_on_exactly_that_field(
        x_titles, y_titles, y_more):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _base(tmp / "base.curator")
        with Project.open(tmp / "base.curator") as base:
            export_copy(base, tmp / "x.curator")
            export_copy(base, tmp / "y.curator")
            uids = {i: base.event(event).uid for i, event in _events(base).items()}
        _apply(tmp / "x.curator", [(i, "title", "same") for i in x_titles])
        _apply(tmp / "y.curator", [(i, "title", "same") for i in y_titles] + y_more)
        with Project.open(tmp / "x.curator") as x:
            before = content(x)
            both = {uids[i] for i in set(x_titles) & set(y_titles)}  # "x: same" vs "y: same"
            if not both:
                assert merge_file(x, tmp / "y.curator")["conflicts"] == 0
                return
            with pytest.raises(MergeConflicts) as info:
                merge_file(x, tmp / "y.curator")
            assert content(x) == before  # nothing written
            assert {c.uid for c in info.value.conflicts} == both
            for conflict in info.value.conflicts:
                assert (conflict.level, conflict.field_names) == ("field", ["title"])
                [title] = conflict.fields
                assert (title.base, title.ours, title.theirs) == (
                    conflict.base["title"], "x: same", "y: same")
            merge_file(x, tmp / "y.curator", default="theirs")
            titles = {r["uid"]: r["title"] for r in records(x)["events"]}
            assert all(titles[uid] == "y: same" for uid in both)
