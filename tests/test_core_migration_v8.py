"""Schema 8 (typed event fields, their values, claim links) from the committed v7 fixture: a
backup, every record kept as it was, the new tables empty and made exactly as a new file makes
them, the check clean, fields usable at once; the v7 history entry is the v7 fixture; the v8
fixture holds what the version added; recovery of v7 and v8 files; the v8 schema trusted."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from test_core_migration import shape, table_rows

from curator.core import Project
from curator.core import database as db
from curator.core.event_query import EventQuery
from curator.core.field_values import claim_uid, value_uid
from curator.core.listing import is_derived
from curator.core.recovery import recover
from curator.core.schema_history import SCHEMAS
from curator.core.schema_trust import describe, findings, refusals

FIXTURES = Path(__file__).parent / "data" / "schemas"
NEW_TABLES = ("event_field", "event_field_value", "claim_link")


def test_v7_fixture_migrates_keeping_every_record(tmp_path, project, project_path):
    path = tmp_path / "seven.curator"
    shutil.copy(FIXTURES / "schema_v7.curator", path)
    before = table_rows(path)
    with Project.open(path) as opened:
        assert opened.schema_version == db.SCHEMA_VERSION == 8
        assert opened.check()["ok"]
        stats = opened.stats()
        assert (stats["fields"], stats["field_values"], stats["claim_links"]) == (0, 0, 0)
        events = opened.matching_event_ids(EventQuery())
        field = opened.add_field("fatalities", "range")
        opened.set_field_value(events[0], field, "at least 3")
        opened.confirm_claims(events[0], events[1])
        assert opened.check()["ok"]
    [backup] = tmp_path.glob("seven.curator.v7-*.bak")
    assert table_rows(backup) == before
    after = table_rows(path)
    for table, rows in before.items():
        if not is_derived(table):
            assert after[table] == rows, table
    assert [len(after[t]) for t in NEW_TABLES] == [1, 1, 1]
    assert shape(path) == shape(project_path)
    sql = "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
    a, b = sqlite3.connect(path), sqlite3.connect(project_path)
    assert a.execute(sql).fetchall() == b.execute(sql).fetchall()
    a.close(), b.close()


def test_the_migration_alone_adds_empty_tables(tmp_path):
    path = tmp_path / "seven.curator"
    shutil.copy(FIXTURES / "schema_v7.curator", path)
    db.migrate(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 8
        assert [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in NEW_TABLES] == [0, 0, 0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert refusals(findings(conn, 8)) == []
    finally:
        conn.close()


def test_the_v7_history_entry_is_the_v7_fixture():
    conn = sqlite3.connect(f"file:{FIXTURES / 'schema_v7.curator'}?mode=ro", uri=True)
    try:
        assert describe(conn) == SCHEMAS[7]
    finally:
        conn.close()


def test_the_v8_fixture_holds_fields_values_and_links_of_every_kind():
    rows = table_rows(FIXTURES / "schema_v8.curator")
    fields = {r["id"]: r for r in rows["event_field"]}
    assert {r["kind"] for r in fields.values()} == {"text", "number", "range", "choice", "place", "url"}
    assert any(r["deleted_at"] for r in fields.values())
    events = {r["id"]: r["uid"] for r in rows["event"]}
    values = rows["event_field_value"]
    assert {r["qualifier"] for r in values} == {"", "about", "at least", "more than", "at most", "less than"}
    assert all(r["uid"] == value_uid(events[r["event_id"]], fields[r["field_id"]]["uid"]) for r in values)
    assert any(r["latitude"] is not None for r in values) and any(r["deleted_at"] for r in values)
    links = rows["claim_link"]
    assert {r["status"] for r in links} == {"same", "different"} and any(r["deleted_at"] for r in links)
    assert all(r["uid"] == claim_uid(events[r["event_a_id"]], events[r["event_b_id"]]) for r in links)
    assert all(events[r["event_a_id"]] < events[r["event_b_id"]] for r in links)


def test_a_damaged_v8_file_recovers_its_fields_values_and_links(tmp_path):
    damaged = tmp_path / "eight.curator"
    shutil.copy(FIXTURES / "schema_v8.curator", damaged)
    with open(damaged, "r+b") as fh:  # the header gone: the version is inferred from the tables
        fh.write(bytes(100))
    report = recover(damaged, tmp_path / "new.curator")
    assert report["source_schema_version"] == 8
    with Project.open(tmp_path / "new.curator") as project, \
            Project.open(_copy(FIXTURES / "schema_v8.curator", tmp_path / "ref.curator")) as reference:
        assert project.stats() == reference.stats()
        ids = reference.matching_event_ids(EventQuery())
        assert project.field_values(ids) == reference.field_values(ids)
        assert project.happenings() == reference.happenings()
        assert project.check()["ok"]


def test_a_damaged_v7_file_is_recovered_and_upgraded(tmp_path):
    damaged = tmp_path / "seven.curator"
    shutil.copy(FIXTURES / "schema_v7.curator", damaged)
    with open(damaged, "r+b") as fh:
        fh.write(bytes(100))
    report = recover(damaged, tmp_path / "new.curator")
    assert report["source_schema_version"] == 7
    with Project.open(tmp_path / "new.curator") as project:
        assert project.schema_version == 8 and project.check()["ok"]
        assert project.stats()["fields"] == 0


def _copy(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)
    return dst


def test_check_finds_sort_keys_out_of_step_and_fix_makes_them_again(project, project_path, capsys):
    import json

    from curator.cli import main

    e = project.add_event("a")
    f = project.add_field("notes", "text")
    project.set_field_value(e, f, "Émeute")
    project.close()
    conn = sqlite3.connect(project_path)
    conn.execute("UPDATE event_field_value SET sort_text = 'zzz'")  # another program's write
    conn.commit()
    conn.close()
    assert main(["check", str(project_path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert any("sort keys out of step" in p for p in report["problems"])
    assert main(["check", "--fix", str(project_path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and "sort keys of 1 field value made again" in report["fix"]["fixed"]
    conn = sqlite3.connect(project_path)
    assert conn.execute("SELECT sort_text FROM event_field_value").fetchall() == [("émeute",)]
    conn.close()
