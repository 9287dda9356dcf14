"""Happenings with their reports side by side (curator.core.claims_report). Oracles: SQLite's own
recursive query for the groups that pairs make; the seed texts and the demo's hand-judged pairs
(tests/data/claims/demo_pairs.json) for the reports on the demo."""

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from curator.core.claims import ClaimEvent
from curator.core.claims_report import claims_report, groups_from_pairs, happening
from curator.demo import create_demo
from curator.paths import seeds_dir

PAIRS = json.loads((Path(__file__).parent / "data" / "claims" / "demo_pairs.json").read_text(encoding="utf-8"))


def _sqlite_groups(pairs):
    """Connected groups by a recursive query in SQLite: each id with the smallest id it reaches."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE edge (a INTEGER, b INTEGER)")
    conn.executemany("INSERT INTO edge VALUES (?, ?)", [(a, b) for a, b in pairs] + [(b, a) for a, b in pairs])
    rows = conn.execute("""
        WITH RECURSIVE reach(start, node) AS (
            SELECT a, a FROM edge UNION SELECT reach.start, edge.b FROM reach JOIN edge ON edge.a = reach.node)
        SELECT start, min(node) FROM reach GROUP BY start""").fetchall()
    groups = {}
    for node, least in rows:
        groups.setdefault(least, []).append(node)
    return [sorted(g) for _, g in sorted(groups.items())]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 25), st.integers(1, 25)), max_size=30))
def test_pairs_make_the_groups_sqlite_reaches(pairs):
    assert groups_from_pairs(pairs) == _sqlite_groups(pairs)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    project = create_demo(tmp_path_factory.mktemp("claims-report") / "demo.curator")
    yield project
    project.close()


def _ids(project):
    return {e.title: e.id for e in project.claim_events()}


def test_the_demo_happenings_show_each_report_with_its_passage(demo):
    ids = _ids(demo)
    groups = groups_from_pairs((ids[p["a"]["title"]], ids[p["b"]["title"]]) for p in PAIRS["same"])
    assert len(groups) == 7  # nine real pairs, three of them one happening (the prison's relief)
    quotes = {(side["title"], side["document"]): side["quote"] for p in PAIRS["same"] for side in (p["a"], p["b"])}
    happenings = claims_report(demo, groups)
    for h in happenings:
        assert len(h.reports) == len({r.event.id for r in h.reports}) >= 2 and not h.missing
        firsts = [r.event.earliest for r in h.reports]
        assert firsts == sorted(firsts) and h.earliest == min(firsts)
        assert h.latest == max(r.event.latest for r in h.reports)
        for r in h.reports:
            [passage] = r.event.evidence
            seed = next(q for (title, _), q in quotes.items() if title == r.event.title)
            assert passage.quote == seed
            document = next(d for (title, d) in quotes if title == r.event.title)
            text = (seeds_dir() / document).read_text(encoding="utf-8")
            assert passage.quote in text and passage.document_title in r.as_dict()["documents"]
        assert json.loads(json.dumps(h.as_dict())) == h.as_dict()
    by_title = {r.event.title: h for h in happenings for r in h.reports}
    prison = by_title["Army breaks the siege of the central prison"]
    assert len(prison.reports) == 3 and prison.differing == ("date",)
    assert (prison.earliest, prison.latest, prison.common_day) == ("2014-05-01", "2014-05-31", True)
    assert prison.reports[0].event.edtf == "2014-05"  # the month starts first
    carlton = by_title["Tunnel bomb levels the Carlton Citadel Hotel"]
    marks = {r.event.title: r.marks for r in carlton.reports}
    assert carlton.differing == ("actors",)
    assert marks["Explosion destroys the Carlton Hotel command centre"]["actors"] == ["Islamic Front"]
    assert marks["Tunnel bomb levels the Carlton Citadel Hotel"]["missing_actors"] == ["Islamic Front"]
    assert not any(m["date"] or m["place"] for m in marks.values())
    najjar = by_title["Army takes the Sheykh Najjar industrial area"]
    assert najjar.differing == ("date",) and not najjar.common_day
    september = by_title["Government assault from Handarat"]
    assert set(september.differing) == {"date", "place", "actors"}
    assert all(r.marks["place"] for r in september.reports)


def test_figures_that_differ_are_marked_and_ids_no_longer_there_are_listed(demo):
    a = ClaimEvent(key="a", title="Shelling of al-Safira kills 76", earliest="2013-10-08", latest="2013-10-25",
                   location="al-Safira", text="76 people had been killed; 130,000 people fled", id=1)
    b = ClaimEvent(key="b", title="Shelling of al-Safira", earliest="2013-10-20", latest="2013-10-20",
                   location="Al-Safira", text="killed at least 70 people; 130,000 people fled", id=2)
    h = happening([b, a])
    assert [r.event.key for r in h.reports] == ["a", "b"] and h.common_day
    assert h.differing == ("date", "figures")  # the place is the same, case folded
    marks = {r.event.key: r.marks for r in h.reports}
    assert marks["a"]["figures"] == ["76 people"] and marks["b"]["figures"] == ["at least 70 people"]
    assert [f.low for f in h.reports[0].figures] == [76, 130000]  # the title's 76 is the passage's
    ids = _ids(demo)
    lonely = claims_report(demo, [[ids["Rebels capture Khanasir"], 999_999]])
    assert [r.event.title for r in lonely[0].reports] == ["Rebels capture Khanasir"]
    assert lonely[0].missing == (999_999,) and lonely[0].differing == ()
