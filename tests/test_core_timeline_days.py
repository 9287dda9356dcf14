"""Schema 7: the event listing keeps the timeline's days (``day_first``, ``day_last``,
``day_bits``). Oracles: the days SQLite itself computes from the event table with the query the
timeline read before (``event_days.COLUMNS_SQL``), and the rule written out in plain Python
(``timeline_support.expected``, ``datetime`` and ``re``). The listing must hold exactly the first
after every kind of write, the migration must fill it so, and the timeline's columns read from
it must equal both."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sql_support import raw_sql
from test_core_migration import shape, table_rows
from timeline_support import expected, raw_rows

from curator.cli import main
from curator.core import Project, listing
from curator.core import database as db
from curator.core.event_days import COLUMNS_SQL
from curator.core.records import DateFields
from curator.core.recovery import recover
from curator.core.schema_history import SCHEMAS
from curator.core.schema_trust import describe
from curator.core.timeline_columns import FUZZY, OPEN_END, OPEN_START, columns_from_rows
from curator.exchange.copy import export_copy
from curator.exchange.json_format import export_json, import_json
from curator.exchange.merge_file import merge_file

FIXTURES = Path(__file__).parent / "data" / "schemas"
INSERT = ("INSERT INTO event (uid, created_at, updated_at, created_by, title, description, location, "
          "edtf, earliest, latest, date_text) VALUES (?, 't', 't', 't', ?, '', '', ?, ?, ?, '')")


# ------------------------------------------------------------------ oracles
def connect(path: Path):
    """A plain sqlite3 connection that commits and closes at the end of the block."""
    @contextmanager
    def block():
        conn = sqlite3.connect(path)
        try:
            with conn:
                yield conn
        finally:
            conn.close()
    return block()


def old_days(path: Path) -> list[tuple]:
    """(id, earliest day, latest day, bits) of every live event, computed by SQLite from the
    event table with the timeline's former query."""
    with connect(path) as conn:
        return conn.execute(COLUMNS_SQL.format(hint="", extra="")).fetchall()


def listed_days(path: Path) -> list[tuple]:
    with connect(path) as conn:
        return conn.execute("SELECT event_id, day_first, day_last, day_bits FROM event_listing "
                            "ORDER BY event_id").fetchall()


def as_dict(columns) -> dict:
    return {int(i): (int(f), int(la), bool(g & FUZZY), bool(g & OPEN_START), bool(g & OPEN_END))
            for i, f, la, g in zip(columns.ids, columns.first, columns.last, columns.flags)}


def assert_days(path: Path) -> None:
    """The timeline's columns are the old query's and the plain rule's, and (the project opened:
    what others wrote is listed) the listing's days are the old query's."""
    with Project.open(path) as project:
        columns = project.timeline_columns()
    assert listed_days(path) == old_days(path)
    oracle = columns_from_rows(np.array(old_days(path), np.int64).reshape(-1, 4))
    assert as_dict(columns) == as_dict(oracle)
    assert columns.undated.tolist() == oracle.undated.tolist()
    dated, undated = expected(raw_rows(path))
    assert as_dict(columns) == dated and columns.undated.tolist() == undated


# ------------------------------------------------------------------ dates
ISO_DAYS = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat)
NOT_DAYS = st.sampled_from(["2014-02-30", "2013-02-29", "2014-13-01", "2014-00-10", "2014-5-8",
                            "garbage", "2014-05-08T10:00", ""])  # (not 0000-01-01: SQLite reads a year 0, Python does not)
EDTFS = st.one_of(
    st.sampled_from(["", "2014-05-08", "2014-05", "2014", "2014-05-08~", "2014?", "201X", "2014-21",
                     "2013-12-15/2013-12-28", "2013-12/2014-02", "../2014-03-09", "1945-01-01/..",
                     "-0044-03-15", "-0044-03-15/2014-05-09", "2014-05-08/2014-05-09/2014-05-10",
                     "[2014-05-01,2014-05-03]", "2014-05-08%"]),
    ISO_DAYS, st.text(alphabet="0123456789-/~?.X%", max_size=24))
BOUND = st.one_of(st.none(), ISO_DAYS, NOT_DAYS)
RAW_DATE = st.tuples(EDTFS, BOUND, BOUND)  # (edtf, earliest, latest), as any program may write


@st.composite
def valid_dates(draw) -> DateFields:
    """Dates the facade accepts: a day, a day interval, a fuzzy month, an open start or end."""
    day = draw(st.dates(dt.date(1000, 1, 1), dt.date(2999, 12, 1)))
    other = day + dt.timedelta(days=draw(st.integers(0, 400)))
    kind = draw(st.sampled_from(["day", "interval", "month", "open start", "open end", "approx", "none"]))
    if kind == "day":
        return DateFields(day.isoformat(), day.isoformat(), day.isoformat(), "")
    if kind == "interval":
        return DateFields(f"{day}/{other}", day.isoformat(), other.isoformat(), "")
    if kind == "month":
        last = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return DateFields(day.strftime("%Y-%m"), day.replace(day=1).isoformat(), last.isoformat(), "")
    if kind == "open start":
        return DateFields(f"../{day}", None, day.isoformat(), "")
    if kind == "open end":
        return DateFields(f"{day}/..", day.isoformat(), None, "")
    if kind == "approx":
        return DateFields(f"{day}~", day.isoformat(), day.isoformat(), "")
    return DateFields()


# ------------------------------------------------------------------ kept by every write
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(RAW_DATE, min_size=1, max_size=30), st.lists(RAW_DATE, min_size=1, max_size=10),
       st.randoms(use_true_random=False))
def test_what_any_program_writes_is_listed_with_the_old_querys_days(tmp_path_factory, made, edits, rng):
    path = tmp_path_factory.mktemp("raw") / "p.curator"
    Project.create(path).close()
    with connect(path) as conn:  # another program: inserts, edits, deletes (hard and soft)
        conn.executemany(INSERT, [(f"u{k}", f"e{k}", *d) for k, d in enumerate(made)])
    with Project.open(path):  # opening lists what another program wrote
        pass
    assert listed_days(path) == old_days(path)
    ids = [r[0] for r in old_days(path)]
    with connect(path) as conn:
        for edtf, earliest, latest in edits:
            event = rng.choice(ids)
            column = rng.choice(["edtf", "earliest", "latest", "all"])
            if column == "all":
                conn.execute("UPDATE event SET edtf = ?, earliest = ?, latest = ? WHERE id = ?",
                             (edtf, earliest, latest, event))
            else:
                conn.execute(f"UPDATE event SET {column} = ? WHERE id = ?",
                             ({"edtf": edtf, "earliest": earliest, "latest": latest}[column], event))
        conn.execute("UPDATE event SET deleted_at = 't' WHERE id = ?", (rng.choice(ids),))
        conn.execute("DELETE FROM event WHERE id = ?", (rng.choice(ids),))
    assert_days(path)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(valid_dates(), min_size=2, max_size=12), st.lists(valid_dates(), min_size=1, max_size=6),
       st.randoms(use_true_random=False))
def test_facade_edits_deletes_and_undo_keep_the_days(tmp_path_factory, dates, new_dates, rng):
    path = tmp_path_factory.mktemp("facade") / "p.curator"
    with Project.create(path, annotator="t") as project:
        doc = project.add_document("x " * 40, title="Doc")
        ids = [project.add_event(f"e{k}", date=d) for k, d in enumerate(dates)]
        ids.append(project.create_event_from_passage(doc, 0, 3, date=dates[0]))
        assert listed_days(path) == old_days(path)
        for date in new_dates:
            event = rng.choice(ids)
            before = project.event(event).date
            project.set_event_date(event, date)
            assert listed_days(path) == old_days(path)
            if rng.random() < 0.5:  # what the window's undo of a date edit does
                project.set_event_date(event, before)
                assert listed_days(path) == old_days(path)
        gone = rng.sample(ids, 2)
        stamp = project.delete_events(gone)
        assert listed_days(path) == old_days(path)
        project.restore_events(gone, stamp)  # the undo of a delete
        assert listed_days(path) == old_days(path)
    assert_days(path)


def test_an_edtf_value_edited_alone_changes_the_fuzzy_bit(project):
    event = project.add_event("e", date=DateFields("2014-05-08", "2014-05-08", "2014-05-08"))
    assert listed_days(project.path)[-1][3] == 0
    project.update_event(event, edtf="2014-05-08~")  # the same days, now approximate
    assert listed_days(project.path)[-1][3] == 8
    assert project.timeline_columns([event]).flags[0] & FUZZY
    raw_sql(project.path, "UPDATE event SET edtf = '2014-05-08' WHERE id = 1")  # another program
    with connect(project.path) as conn:  # the trigger marked it
        assert {r[0] for r in conn.execute("SELECT event_id FROM event_listing_stale")} == {1}
    assert project.timeline_columns([event]).flags[0] & FUZZY == 0  # read from the events meanwhile
    assert not project.timeline_columns().flags[0] & FUZZY
    project.add_event("any write lists it")
    assert listed_days(project.path) == old_days(project.path)


def test_imports_merges_and_copies_bring_their_days(tmp_path):
    path = tmp_path / "a.curator"
    with Project.create(path, annotator="a") as project:
        for k in range(30):
            day = dt.date(2010, 1, 1) + dt.timedelta(days=37 * k)
            project.add_event(f"e{k}", date=[DateFields(day.isoformat(), day.isoformat(), day.isoformat()),
                                             DateFields(f"{day}/..", day.isoformat(), None),
                                             DateFields(day.strftime("%Y"), f"{day.year}-01-01", f"{day.year}-12-31"),
                                             DateFields()][k % 4])
        export_json(project, tmp_path / "out.json")
        export_copy(project, tmp_path / "copy.curator")
    with Project.create(tmp_path / "imported.curator") as imported:
        import_json(imported, tmp_path / "out.json")
    assert listed_days(tmp_path / "imported.curator") == old_days(tmp_path / "imported.curator")
    assert listed_days(tmp_path / "copy.curator") == old_days(tmp_path / "copy.curator")
    with Project.open(tmp_path / "copy.curator", annotator="b") as copy:
        first = copy.event_rows()[0].id
        copy.update_event(first, edtf="2010-01-01?")
        copy.set_event_date(copy.event_rows()[1].id, DateFields("../1900-01-01", None, "1900-01-01"))
        copy.add_event("only in the copy", date=DateFields("1999-12", "1999-12-01", "1999-12-31"))
    with Project.open(path) as project:
        merge_file(project, tmp_path / "copy.curator")
    assert_days(path)
    assert listed_days(path)[0][3] & 8  # the colleague's approximate date came with the merge


def test_the_timeline_reads_the_same_columns_on_the_demo(demo_project):
    path = demo_project.path
    columns = demo_project.timeline_columns()
    oracle = columns_from_rows(np.array(old_days(path), np.int64).reshape(-1, 4))
    assert len(columns) > 10
    assert as_dict(columns) == as_dict(oracle) and columns.undated.tolist() == oracle.undated.tolist()
    assert listed_days(path) == old_days(path)


def test_the_timeline_reads_the_same_columns_on_a_generated_project(tmp_path):
    """Thousands of events of every kind, in chunks (progress asked after each): the same."""
    path = tmp_path / "p.curator"
    Project.create(path).close()
    rng = random.Random(7)
    edtfs = ["2014-05-08", "2014-05", "2014", "2014-05-08~", "201X", "2013-12/2014-02", "", "1945/.."]
    rows = []
    for k in range(40_000):
        first = dt.date(1900, 1, 1) + dt.timedelta(days=rng.randrange(45000))
        last = first + dt.timedelta(days=rng.choice((0, 0, 5, 300)))
        earliest, latest = first.isoformat(), last.isoformat()
        roll = rng.random()
        if roll < 0.05:
            earliest = None
        elif roll < 0.1:
            latest = None
        elif roll < 0.12:
            earliest = "2014-02-30"
        elif roll < 0.13:
            earliest, latest = latest, earliest
        rows.append((f"u{k}", f"e{k}", rng.choice(edtfs), earliest, latest))
    with connect(path) as conn:
        conn.executemany(INSERT, rows)
        conn.execute("UPDATE event SET deleted_at = 't' WHERE id % 89 = 0")
    shares = []
    with Project.open(path) as project:
        columns = project.timeline_columns(progress=lambda share, so_far: shares.append(share))
        some = project.timeline_columns(range(0, 41_000, 13))
    assert len(shares) >= 2 and shares[-1] == 1.0
    oracle = columns_from_rows(np.array(old_days(path), np.int64).reshape(-1, 4))
    assert as_dict(columns) == as_dict(oracle) and columns.undated.tolist() == oracle.undated.tolist()
    whole = as_dict(columns)
    assert as_dict(some) == {i: whole[i] for i in range(0, 41_000, 13) if i in whole}
    assert listed_days(path) == old_days(path)


# ------------------------------------------------------------------ schema 7
def test_v6_fixture_migrates_with_every_record_and_the_old_querys_days(tmp_path, project, project_path):
    path = tmp_path / "six.curator"
    shutil.copy(FIXTURES / "schema_v6.curator", path)
    before = table_rows(path)
    db.migrate(path)  # the migration alone (no listing by Curator yet): the UPDATE fills the days
    assert listed_days(path) == old_days(path) and len(old_days(path)) >= 5
    with Project.open(path) as opened:
        assert opened.schema_version == db.SCHEMA_VERSION == 7
        assert opened.check()["ok"]
    [backup] = tmp_path.glob("six.curator.v6-*.bak")
    assert table_rows(backup) == before
    after = table_rows(path)
    for table, rows in before.items():
        if listing.is_derived(table):
            continue
        assert after[table] == rows, table
    assert shape(path) == shape(project_path)
    sql = "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
    a, b = sqlite3.connect(path), sqlite3.connect(project_path)
    assert a.execute(sql).fetchall() == b.execute(sql).fetchall()
    a.close(), b.close()
    assert_days(path)


def test_the_migration_fills_a_large_listing_as_the_old_query(tmp_path):
    """A v6 file whose listing another program left with events waiting: listed rows get their
    days from the migration, the waiting ones from the next settle."""
    path = tmp_path / "six.curator"
    shutil.copy(FIXTURES / "schema_v6.curator", path)
    with connect(path) as conn:
        conn.executemany(INSERT, [(f"u{k}", f"e{k}", "2014-05~" if k % 3 else "", f"2014-05-{k % 28 + 1:02d}",
                                   None if k % 5 == 0 else "2014-05-31") for k in range(2000)])
    with Project.open(path) as project:  # migrated, then the new events listed
        assert not [p for p in project.check()["problems"] if "listing" in p]
    assert_days(path)


def test_the_v6_history_entry_is_the_v6_fixture():
    conn = sqlite3.connect(f"file:{FIXTURES / 'schema_v6.curator'}?mode=ro", uri=True)
    try:
        assert describe(conn) == SCHEMAS[6]
    finally:
        conn.close()


def test_the_v7_fixture_holds_days_of_every_kind():
    path = FIXTURES / "schema_v7.curator"
    assert listed_days(path) == old_days(path)
    bits = {b for _, _, _, b in listed_days(path)}
    assert {0, 8, 9, 10}.issubset(bits)  # exact, fuzzy, open start, open end


def test_the_two_steps_make_the_listing_exactly_as_a_new_file_has_it():
    """Schema 5's statements then schema 7's step make what listing.create makes."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool
    from sqlmodel import SQLModel

    from curator.core.migrations import _V5_LISTING, AddTimelineDays

    def made(steps) -> list:
        raw = sqlite3.connect(":memory:", check_same_thread=False)
        engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
        with engine.begin() as conn:
            SQLModel.metadata.create_all(conn)
        steps(raw)
        out = raw.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()
        engine.dispose()
        raw.close()
        return out

    def upgraded(raw):
        for sql in _V5_LISTING:
            raw.execute(sql)
        AddTimelineDays().apply(raw)

    assert made(upgraded) == made(listing.create)


def test_check_finds_tampered_days_and_fix_lists_them_again(project, capsys):
    project.add_event("e", date=DateFields("2014-05-08", "2014-05-08", "2014-05-08"))
    project.close()
    raw_sql(project.path, "UPDATE event_listing SET day_bits = 3")
    assert main(["check", str(project.path)]) != 0
    assert "event listing: 1 event listed otherwise" in capsys.readouterr().out
    assert main(["check", "--fix", str(project.path)]) == 0
    capsys.readouterr()
    assert listed_days(project.path) == old_days(project.path)


def test_a_trigger_of_schema_6_is_refused_and_made_again_by_fix(project, capsys):
    """The event trigger as schema 6 wrote it (blind to EDTF edits) is not Curator's any more."""
    from curator.core.schema_trust import UntrustedSchema

    project.add_event("e", date=DateFields("2014-05-08", "2014-05-08", "2014-05-08"))
    project.close()
    raw_sql(project.path, "DROP TRIGGER event_listing_event_update",
            SCHEMAS[6].trigger_sql["event_listing_event_update"])
    with pytest.raises(UntrustedSchema, match="trigger event_listing_event_update on event is not as Curator made it"):
        Project.open(project.path)
    assert main(["check", "--fix", str(project.path)]) == 0
    capsys.readouterr()
    with Project.open(project.path) as opened:
        opened.update_event(1, edtf="2014-05-08~")
    assert listed_days(project.path) == old_days(project.path) and listed_days(project.path)[0][3] == 8


@pytest.mark.parametrize("version", [5, 6])
def test_older_files_are_recovered_upgraded_and_listed(tmp_path, version):
    damaged = tmp_path / f"v{version}.curator"
    shutil.copy(FIXTURES / f"schema_v{version}.curator", damaged)
    report = recover(damaged, tmp_path / "recovered.curator")
    assert report["source_schema_version"] == version and report["check"]["ok"], report
    reference = tmp_path / "reference.curator"
    shutil.copy(FIXTURES / f"schema_v{version}.curator", reference)
    Project.open(reference).close()
    assert listed_days(tmp_path / "recovered.curator") == listed_days(reference) == old_days(reference)


def test_a_v6_file_without_its_header_is_recovered_as_version_6(tmp_path):
    damaged = tmp_path / "v6.curator"
    shutil.copy(FIXTURES / "schema_v6.curator", damaged)
    with open(damaged, "r+b") as fh:
        fh.write(bytes(100))  # the header, with its user_version, gone
    report = recover(damaged, tmp_path / "recovered.curator")
    assert report["source_schema_version"] == 6 and report["check"]["ok"], report
    assert listed_days(tmp_path / "recovered.curator") == old_days(tmp_path / "recovered.curator")
