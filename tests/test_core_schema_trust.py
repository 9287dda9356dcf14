"""Before Curator trusts a file it compares the file's schema with its own: foreign triggers,
views (a recursive one named like a Curator table among them), unique or expression indexes
and changed tables are refused with the reason and the file left untouched; extra tables and
plain indexes are allowed but stay out of copies; `check --fix` removes what it safely can.
Files are tampered with plain sqlite3, and checked with it."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sql_support import raw_sql

from curator.cli import main
from curator.core import Project
from curator.core import database as db
from curator.core.schema_history import SCHEMAS
from curator.core.schema_trust import UntrustedSchema, current_schema, describe
from curator.exchange.copy import export_copy
from curator.exchange.merge_file import merge_file, open_other

FIXTURES = Path(__file__).parent / "data" / "schemas"
RECURSIVE_EVENT = ("CREATE VIEW event AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                   "SELECT n AS id, '' AS uid, NULL AS deleted_at FROM r")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(project, project_path) -> Path:
    doc = project.add_document("On 8 May 2014 the hotel was destroyed. On 9 May it burned.")
    project.create_event_from_passage(doc, 0, 38)
    project.close()
    raw_sql(project_path, "PRAGMA journal_mode = DELETE")  # one file: the digest is all of it
    return project_path


def tampered(path: Path, *statements: str) -> str:
    raw_sql(path, *statements)
    return digest(path)


def objects(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()


@pytest.mark.parametrize("statement, named", [
    ("CREATE TRIGGER audit AFTER INSERT ON span BEGIN SELECT 1; END", "trigger audit on span"),
    ("CREATE VIEW recent AS SELECT * FROM event", "view recent"),
    ("CREATE UNIQUE INDEX one_title ON event (title)", "unique index one_title on event"),
    ("CREATE INDEX lower_title ON event (lower(title))", "expression index lower_title on event"),
    ("CREATE INDEX live_titles ON event (title) WHERE deleted_at IS NULL", "partial index live_titles on event"),
])
def test_foreign_code_is_refused_with_the_reason_and_the_file_untouched(filled, statement, named):
    before = tampered(filled, statement)
    with pytest.raises(UntrustedSchema) as refused:
        Project.open(filled)
    message = str(refused.value)
    assert message.startswith("test.curator was not opened and is left untouched: it holds what "
                              f"Curator did not make: {named}; ")
    assert message.endswith("`curator check --fix test.curator` removes them (after a backup copy)")
    assert "\n" not in message
    assert digest(filled) == before


def test_a_recursive_view_in_place_of_the_event_table_is_refused_promptly(filled, tmp_path):
    """Run as separate processes: were the view ever queried, they would not return."""
    before = tampered(filled, "DROP TABLE event_evidence", "DROP TABLE event_actor", "DROP TABLE event",
                      RECURSIVE_EVENT)
    other = tmp_path / "other.curator"
    Project.create(other).close()
    for argv in (["stats", str(filled)], ["merge", str(other), str(filled)], ["check", str(filled)]):
        done = subprocess.run([sys.executable, "-m", "curator", *argv], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 1, argv
        assert "Traceback" not in done.stderr
        assert "table event is a view (Curator's table was replaced)" in done.stderr
        assert done.stderr.strip().splitlines()[-1].endswith("Curator cannot use it")
    assert digest(filled) == before


def test_check_reports_what_does_not_belong_as_json(filled, capsys):
    tampered(filled, "CREATE TRIGGER audit AFTER INSERT ON span BEGIN SELECT 1; END",
             "CREATE TABLE my_notes (note TEXT)")
    assert main(["check", str(filled)]) == 1
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report == {"ok": False, "opened": False, "problems": ["not Curator's: trigger audit on span"],
                      "fixable": True, "allowed": ["table my_notes"]}
    assert err.count("\n") == 1


def test_check_fix_removes_it_after_a_backup_and_keeps_the_data(filled, capsys):
    tampered(filled, "CREATE TRIGGER audit AFTER INSERT ON span BEGIN SELECT 1; END",
             "CREATE VIEW recent AS SELECT * FROM event", "CREATE UNIQUE INDEX one_title ON event (title)",
             "CREATE INDEX by_title ON event (title)", "CREATE TABLE my_notes (note TEXT)")
    assert main(["check", "--fix", str(filled)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert sorted(report["fix"]["fixed"]) == ["removed trigger audit on span",
                                              "removed unique index one_title on event",
                                              "removed view recent"]
    assert report["fix"]["allowed"] == ["table my_notes", "index by_title on event"]
    backup = Path(report["fix"]["backup"])
    assert {"audit", "recent", "one_title"} <= objects(backup)  # the backup is the file as it was
    assert not {"audit", "recent", "one_title"} & objects(filled)
    with Project.open(filled) as project:
        assert project.stats()["events"] == 1


def test_a_missing_curator_index_is_recreated_by_fix(filled, capsys):
    tampered(filled, "DROP INDEX ix_event_uid")
    with pytest.raises(UntrustedSchema, match="index ix_event_uid on event is missing"):
        Project.open(filled)
    assert main(["check", "--fix", str(filled)]) == 0
    capsys.readouterr()
    conn = sqlite3.connect(filled)
    assert conn.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_event_uid'").fetchone()[0] == \
        'CREATE UNIQUE INDEX "ix_event_uid" ON "event" ("uid")'
    conn.close()


def test_a_changed_table_is_refused_and_not_fixable(filled, capsys):
    before = tampered(filled, "ALTER TABLE event ADD COLUMN secret TEXT")
    with pytest.raises(UntrustedSchema, match=r"table event is not as Curator made it \(extra column "
                                              r"secret\); Curator cannot use it"):
        Project.open(filled)
    assert main(["check", "--fix", str(filled)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["fix"]["left"] == ["table event is not as Curator made it (extra column secret)"]
    assert report["fix"]["backup"] is None
    assert digest(filled) == before


def test_extra_tables_and_plain_indexes_are_allowed_but_not_copied(filled, tmp_path, capsys):
    tampered(filled, "CREATE TABLE my_notes (note TEXT)", "INSERT INTO my_notes VALUES ('mine')",
             "CREATE INDEX by_title ON event (title)")
    assert main(["check", str(filled)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["allowed"] == ["table my_notes", "index by_title on event"]
    with Project.open(filled) as project:
        assert project.stats()["events"] == 1
        export_copy(project, tmp_path / "copy.curator")
    assert {"my_notes", "by_title"} <= objects(filled)  # the user's own things stay in the project
    copied = objects(tmp_path / "copy.curator")
    assert "my_notes" not in copied and "by_title" not in copied
    conn = sqlite3.connect(tmp_path / "copy.curator")
    assert describe(conn).tables == current_schema().tables
    conn.close()


def test_merge_refuses_an_other_file_with_foreign_code(filled, tmp_path):
    other = tmp_path / "other.curator"
    shutil.copy(filled, other)
    before = tampered(other, "CREATE TRIGGER audit AFTER INSERT ON span BEGIN SELECT 1; END")
    with Project.open(filled) as project:
        with pytest.raises(UntrustedSchema, match="^other.curator was not opened and is left untouched"):
            merge_file(project, other)
    assert digest(other) == before


def test_every_connection_has_trusted_schema_off(filled, tmp_path):
    with Project.open(filled) as project:
        with project._read() as conn:
            assert conn.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0
        with project._write() as conn:
            assert conn.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0
    from curator.core import file_access
    from curator.exchange import merge_file as mf

    conn = mf._reader(file_access.probe(filled))
    assert conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    conn.close()
    with open_other(filled) as side:
        assert side.records["events"]


@pytest.mark.parametrize("version", sorted(SCHEMAS))
def test_recorded_schemas_match_the_fixtures(version):
    conn = sqlite3.connect(FIXTURES / f"schema_v{version}.curator")
    found = describe(conn)
    conn.close()
    assert (found.tables, found.indexes, found.auto_indexes) == \
        (SCHEMAS[version].tables, SCHEMAS[version].indexes, SCHEMAS[version].auto_indexes)
    recorded = SCHEMAS[version]  # Curator's own code (schema 5 on: the listing's triggers), as written
    assert (found.views, found.triggers, found.virtual, found.trigger_sql, found.virtual_sql) == \
        (recorded.views, recorded.triggers, recorded.virtual, recorded.trigger_sql, recorded.virtual_sql)
    assert not found.views


def test_every_schema_version_is_recorded():
    assert set(SCHEMAS) | {db.SCHEMA_VERSION} == set(range(1, db.SCHEMA_VERSION + 1))


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema_v*.curator")), ids=lambda p: p.stem)
def test_a_migrated_file_has_exactly_the_current_schema(tmp_path, fixture):
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    Project.open(path).close()  # migrates
    conn = sqlite3.connect(path)
    found = describe(conn)
    conn.close()
    want = current_schema()
    assert (found.tables, found.indexes, found.auto_indexes) == (want.tables, want.indexes, want.auto_indexes)
    with Project.open(path) as project:  # and opens again without a finding
        assert project.check()["ok"]
