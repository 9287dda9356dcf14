"""Migrations on the committed fixtures: v1→…→v5, v2→…→v5, v3→…→v5 and v4→v5. Backup, one transaction,
every record kept, the tables and indexes of a new file, places made from event locations, a
replica base made (schema 4) and sync history rows kept with their contents."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest

from curator.core import MigrationError, Project
from curator.core import database as db
from curator.core.listing import is_derived
from curator.core.migrations import AddAnnotations
from curator.core.tagset import DEFAULT_TAGS

FIXTURE_V1 = Path(__file__).parent / "data" / "schemas" / "schema_v1.curator"


@pytest.fixture
def v1_path(tmp_path) -> Path:
    path = tmp_path / "old.curator"
    shutil.copy(FIXTURE_V1, path)
    return path


def table_rows(path: Path) -> dict[str, list[dict]]:
    """Every row of every table, as dicts, in rowid/primary key order (not the event listing's:
    derived data, see test_core_listing)."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            if not is_derived(r[0])]
        return {t: [dict(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2")] for t in tables}
    finally:
        conn.close()


def shape(path: Path) -> dict:
    """Per table its PRAGMA table_info and its indexes (name, unique, columns)."""
    conn = sqlite3.connect(path)
    try:
        out = {}
        for (table,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
            indexes = sorted(
                (name, unique, tuple(c[2] for c in conn.execute(f"PRAGMA index_info({name})")))
                for _, name, unique, *_ in conn.execute(f"PRAGMA index_list({table})"))
            out[table] = (conn.execute(f"PRAGMA table_info({table})").fetchall(), indexes)
        return out
    finally:
        conn.close()


def without_replica_base(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Rows as read, but for the replica base schema 4 adds to project_meta (checked apart)."""
    meta = rows["project_meta"]
    bases = [r for r in meta if r["key"] == "replica"]
    assert len(bases) == 1 and str(uuid.UUID(bases[0]["value"])) == bases[0]["value"]
    return rows | {"project_meta": [r for r in meta if r["key"] != "replica"]}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_v1_fixture_opens_backed_up_and_keeps_every_record(v1_path):
    before = table_rows(v1_path)
    original = sha(v1_path)
    with Project.open(v1_path) as project:
        assert project.schema_version == db.SCHEMA_VERSION
        assert project.check()["ok"]
    backups = list(v1_path.parent.glob("old.curator.v1-*.bak"))
    assert len(backups) == 1
    assert table_rows(backups[0]) == before
    after = without_replica_base(table_rows(v1_path))
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table]):
            assert {k: new[k] for k in old} == old, table  # every v1 column unchanged, uids too
    assert sha(FIXTURE_V1) == original  # the committed fixture itself is never touched


def test_migration_adds_the_new_columns_with_empty_values_and_the_default_tags(v1_path):
    Project.open(v1_path).close()
    after = table_rows(v1_path)
    assert all(r["tag_id"] is None and r["note"] == "" and r["actor_id"] is None for r in after["span"])
    assert all(r["merged_into"] == "" and r["latitude"] is None for r in after["actor"])
    assert all(r["place_id"] is None for r in after["event"])  # the fixture's events have no location
    tags = sorted(after["tag"], key=lambda t: t["position"])
    assert [(t["name"], t["color"], t["shortcut"], t["position"]) for t in tags] == [
        (name, color, key, n) for n, (name, color, key, _) in enumerate(DEFAULT_TAGS)]
    assert all(t["created_by"] == "" and t["deleted_at"] is None and len(t["uid"]) == 36 for t in tags)
    assert len({t["uid"] for t in tags}) == len(tags)


def test_migrated_file_has_the_tables_and_indexes_of_a_new_file(v1_path, project, project_path):
    Project.open(v1_path).close()
    assert shape(v1_path) == shape(project_path)
    conn_a, conn_b = sqlite3.connect(v1_path), sqlite3.connect(project_path)
    sql = "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
    assert conn_a.execute(sql).fetchall() == conn_b.execute(sql).fetchall()
    conn_a.close(), conn_b.close()


def test_event_locations_become_places(v1_path):
    conn = sqlite3.connect(v1_path)
    conn.executescript("""
        INSERT INTO actor (uid, created_at, updated_at, created_by, name, kind, aliases)
          VALUES ('p-1', '2020-01-01T00:00:00.000000Z', '2020-01-01T00:00:00.000000Z', 'x', 'Aleppo', 'place', 'Halab');
        INSERT INTO actor (uid, created_at, updated_at, created_by, name, kind, aliases)
          VALUES ('g-1', '2020-01-01T00:00:00.000000Z', '2020-01-01T00:00:00.000000Z', 'x', 'Idlib', 'group', '');
        UPDATE event SET location = ' halab ' WHERE id = 1;
        UPDATE event SET location = 'Homs' WHERE id = 2;  -- a tombstoned event
        INSERT INTO event (uid, created_at, updated_at, created_by, title, description, location, edtf, date_text)
          VALUES ('e-3', '2020-01-01T00:00:00.000000Z', '2020-01-01T00:00:00.000000Z', 'x', 't', '', 'Idlib', '', '');
        INSERT INTO event (uid, created_at, updated_at, created_by, title, description, location, edtf, date_text)
          VALUES ('e-4', '2020-01-01T00:00:00.000000Z', '2020-01-01T00:00:00.000000Z', 'x', 't', '', 'IDLIB', '', '');
    """)
    conn.commit()
    conn.close()
    with Project.open(v1_path) as project:
        aleppo = project.find_actor("Aleppo", kind="place")
        idlib = project.find_actor("Idlib", kind="place")
        assert project.actor(idlib).kind == "place" and idlib != project.find_actor("Idlib")  # not the group
        places = {(e.id, e.place_id, e.location) for e in map(project.event, (1, 3, 4))}
        assert places == {(1, aleppo, " halab "), (3, idlib, "Idlib"), (4, idlib, "IDLIB")}
        assert project.find_actor("Homs") is None  # only live events' locations make places
        assert project.stats()["places"] == 2
        assert project.check()["ok"]


def test_failed_migration_leaves_the_file_unchanged(v1_path, monkeypatch):
    before, original = table_rows(v1_path), sha(v1_path)

    def broken(conn, now):
        raise sqlite3.OperationalError("disk trouble")

    monkeypatch.setattr(AddAnnotations, "_places_from_locations", staticmethod(broken))
    with pytest.raises(MigrationError, match="unchanged"):
        Project.open(v1_path)
    assert table_rows(v1_path) == before
    assert sha(v1_path) == original
    assert db.read_header(v1_path) == (db.APPLICATION_ID, 1)


def test_v2_fixture_holds_the_new_records():
    path = Path(__file__).parent / "data" / "schemas" / "schema_v2.curator"
    rows = table_rows(path)
    assert any(r["tag_id"] and r["note"] for r in rows["span"])
    assert any(r["merged_into"] for r in rows["actor"])
    assert any(r["place_id"] for r in rows["event"])
    assert any(r["latitude"] is not None for r in rows["actor"])


FIXTURE_V2 = Path(__file__).parent / "data" / "schemas" / "schema_v2.curator"


@pytest.fixture
def v2_path(tmp_path) -> Path:
    path = tmp_path / "two.curator"
    shutil.copyfile(FIXTURE_V2, path)
    return path


def test_v2_fixture_migrates_keeping_every_record(v2_path, project, project_path):
    conn = sqlite3.connect(v2_path)
    with conn:  # a shared state, as an export of schema 2 recorded it
        conn.execute("INSERT INTO sync_history (uid, state) VALUES (?, ?)",
                     (conn.execute("SELECT uid FROM event").fetchone()[0], "ab" * 16))
    conn.close()
    before = table_rows(v2_path)
    with Project.open(v2_path) as opened:
        assert opened.schema_version == db.SCHEMA_VERSION == 7
        assert opened.check()["ok"]
    assert len(list(v2_path.parent.glob("two.curator.v2-*.bak"))) == 1
    after = without_replica_base(table_rows(v2_path))
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table]):
            assert {k: new[k] for k in old} == old, table
    assert all(r["published_inferred"] == 0 and r["source"] == "" and r["encoding"] == ""
               for r in after["document"])
    assert [(r["content"], r["replica"], r["shared_at"]) for r in after["sync_history"]] == [("", "", "")]
    assert shape(v2_path) == shape(project_path)
    conn_a, conn_b = sqlite3.connect(v2_path), sqlite3.connect(project_path)
    sql = "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
    assert conn_a.execute(sql).fetchall() == conn_b.execute(sql).fetchall()
    conn_a.close(), conn_b.close()


def test_v3_fixture_holds_the_new_records():
    rows = table_rows(Path(__file__).parent / "data" / "schemas" / "schema_v3.curator")
    doc = next(r for r in rows["document"] if r["encoding"])
    assert (doc["encoding"], doc["source"], doc["published_inferred"]) == (
        "windows-1251", "https://example.org/report", 1)


def test_v3_migration_writes_older_edtf_forms_in_the_standard_form(v2_path):
    conn = sqlite3.connect(v2_path)
    with conn:
        rows = conn.execute("SELECT id FROM event ORDER BY id").fetchall()
        older = [("2015-21~", "2015-03-01", "2015-05-31"), ("199X~", "1990-01-01", "1999-12-31")]
        for (event_id,), (value, earliest, latest) in zip(rows, older):
            conn.execute("UPDATE event SET edtf = ?, earliest = ?, latest = ? WHERE id = ?",
                         (value, earliest, latest, event_id))
        conn.execute("UPDATE rejected_suggestion SET edtf = '2013-24'")
    conn.close()
    with Project.open(v2_path) as opened:
        assert opened.check()["ok"]
    after = table_rows(v2_path)
    after["event"].sort(key=lambda r: r["id"])
    import edtf as oracle  # python-edtf: the stored values are standard and mean the same days
    for row, (_, earliest, latest) in zip(after["event"], older):
        parsed = oracle.parse_edtf(row["edtf"])
        assert (row["earliest"], row["latest"]) == (earliest, latest)
        assert "-21" not in row["edtf"] and "X~" not in row["edtf"] and parsed is not None
    assert [r["edtf"] for r in after["event"][:2]] == ["2015-03~/2015-05~", "1990~/1999~"]
    assert all(r["edtf"] == "2013-12/2014-02" for r in after["rejected_suggestion"])


FIXTURE_V3 = Path(__file__).parent / "data" / "schemas" / "schema_v3.curator"


@pytest.fixture
def v3_path(tmp_path) -> Path:
    path = tmp_path / "three.curator"
    shutil.copyfile(FIXTURE_V3, path)
    return path


def test_v3_fixture_migrates_to_v4_keeping_every_record_and_history_row(v3_path, project, project_path):
    conn = sqlite3.connect(v3_path)
    with conn:  # shared states as schema 3 recorded them: one with content, one without
        uid = conn.execute("SELECT uid FROM event").fetchone()[0]
        conn.executemany("INSERT INTO sync_history (uid, state, content) VALUES (?, ?, ?)",
                         [(uid, "ab" * 16, '{"title":"x"}'), (uid, "cd" * 16, "")])
    conn.close()
    before, original = table_rows(v3_path), sha(FIXTURE_V3)
    with Project.open(v3_path) as opened:
        assert opened.schema_version == db.SCHEMA_VERSION == 7
        assert opened.check()["ok"]
    [backup] = v3_path.parent.glob("three.curator.v3-*.bak")
    assert table_rows(backup) == before
    after = without_replica_base(table_rows(v3_path))
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table]):
            assert {k: new[k] for k in old} == old, table  # contents kept too
    assert all(r["replica"] == "" and r["shared_at"] == "" for r in after["sync_history"])
    assert shape(v3_path) == shape(project_path)
    conn_a, conn_b = sqlite3.connect(v3_path), sqlite3.connect(project_path)
    sql = "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
    assert conn_a.execute(sql).fetchall() == conn_b.execute(sql).fetchall()
    conn_a.close(), conn_b.close()
    assert sha(FIXTURE_V3) == original


def test_every_migrated_file_gets_its_own_replica_base(tmp_path):
    """Two files migrated from one v3 file (e.g. a file and its cp) get different bases; a
    file that already has one keeps it."""
    paths = [tmp_path / "a.curator", tmp_path / "b.curator"]
    for path in paths:
        shutil.copyfile(FIXTURE_V3, path)
        Project.open(path).close()
    bases = [dict((r["key"], r["value"]) for r in table_rows(p)["project_meta"])["replica"] for p in paths]
    assert bases[0] != bases[1]
    Project.open(paths[0]).close()  # opening again changes nothing
    assert dict((r["key"], r["value"]) for r in table_rows(paths[0])["project_meta"])["replica"] == bases[0]


def test_v4_fixture_holds_contents_and_claims():
    rows = table_rows(Path(__file__).parent / "data" / "schemas" / "schema_v4.curator")
    assert any(r["key"] == "replica" for r in rows["project_meta"])
    history = rows["sync_history"]
    assert history and any(r["content"] for r in history)  # of the record merged field by field
    assert any(r["replica"] and r["shared_at"] for r in history)
    event = next(r for r in rows["event"] if r["title"] == "ISIS withdrew")
    assert event["description"] == "as reported on 5 January"  # merged field by field


def test_v4_fixture_contents_are_the_states_they_are_stored_for():
    from curator.core import bulk

    rows = table_rows(Path(__file__).parent / "data" / "schemas" / "schema_v4.curator")
    kinds = {r["uid"]: kind for kind in bulk.KINDS for r in rows[kind.table.name]}
    checked = [r for r in rows["sync_history"] if r["content"]]
    assert checked and all(bulk.content_state(kinds[r["uid"]], r["uid"], r["content"]) == r["state"]
                           for r in checked)
