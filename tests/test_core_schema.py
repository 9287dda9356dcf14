"""The project file's rules: application_id, user_version, refusal of newer files, migrations."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sql_support import raw_sql

from curator.core import NewerSchemaError, NotACuratorFile, Project
from curator.core import database as db

FIXTURES = Path(__file__).parent / "data" / "schemas"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_carries_application_id_user_version_and_wal(project, project_path):
    raw = sqlite3.connect(project_path)
    assert raw.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
    assert raw.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()


def test_foreign_keys_are_enforced(project):
    with project._write() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_newer_schema_is_refused_and_file_left_untouched(project, project_path):
    project.add_document("text")
    project.close()
    raw_sql(project_path, "PRAGMA journal_mode = DELETE",  # fold the WAL in: the file is all there is
            f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    before = digest(project_path)
    with pytest.raises(NewerSchemaError, match="newer Curator"):
        Project.open(project_path)
    assert digest(project_path) == before
    assert not Path(str(project_path) + "-wal").exists()


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    raw_sql(path, "CREATE TABLE t (x)")
    before = digest(path)
    with pytest.raises(NotACuratorFile, match="not a Curator project"):
        Project.open(path)
    assert digest(path) == before


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "notes.curator"
    path.write_text("hello, this is not a database" * 10)
    with pytest.raises(NotACuratorFile):
        Project.open(path)
    assert path.read_text().startswith("hello")


def test_creating_over_an_existing_file_is_refused(project_path, project):
    with pytest.raises(NotACuratorFile, match="already exists"):
        Project.create(project_path)


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema_v*.curator")), ids=lambda p: p.stem)
def test_fixture_of_every_schema_version_opens(tmp_path, fixture):
    """Every schema version ever released has a fixture file; each opens (migrating if needed)
    and keeps its data."""
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    with Project.open(path) as project:
        assert project.schema_version == db.SCHEMA_VERSION
        stats = project.stats()
        assert stats["documents"] >= 1 and stats["events"] >= 1
        assert project.check()["ok"]


def test_fixtures_cover_every_version():
    versions = {int(p.stem.split("_v")[1]) for p in FIXTURES.glob("schema_v*.curator")}
    assert versions == set(range(1, db.SCHEMA_VERSION + 1))


class AddColour(db.Migration):
    version = db.SCHEMA_VERSION + 1
    description = "events get a colour"

    def apply(self, conn):
        conn.execute("ALTER TABLE event ADD COLUMN colour TEXT NOT NULL DEFAULT ''")


class Broken(db.Migration):
    version = db.SCHEMA_VERSION + 2

    def apply(self, conn):
        conn.execute("ALTER TABLE no_such_table ADD COLUMN x")


def _filled(project, project_path):
    doc = project.add_document("On 8 May 2014 something happened.")
    project.create_event_from_passage(doc, 0, 13)
    project.close()


def test_migration_makes_a_backup_and_runs_in_order(project, project_path):
    _filled(project, project_path)
    backup = db.migrate(project_path, [AddColour()], target=db.SCHEMA_VERSION + 1)
    assert backup is not None and backup.exists()
    raw = sqlite3.connect(project_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION + 1
    assert raw.execute("SELECT colour FROM event").fetchall() == [("",)]
    raw.close()
    assert sqlite3.connect(backup).execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION


def test_failed_migration_rolls_back_everything(project, project_path):
    _filled(project, project_path)
    with pytest.raises(db.MigrationError, match="unchanged"):
        db.migrate(project_path, [AddColour(), Broken()], target=db.SCHEMA_VERSION + 2)
    raw = sqlite3.connect(project_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    columns = [r[1] for r in raw.execute("PRAGMA table_info(event)")]
    assert "colour" not in columns
    raw.close()


def test_missing_migration_step_is_reported(project, project_path):
    _filled(project, project_path)
    with pytest.raises(db.MigrationError, match="no migration path"):
        db.migrate(project_path, [Broken()], target=db.SCHEMA_VERSION + 2)


def _schema_of(path: Path) -> dict[str, str]:
    raw = sqlite3.connect(path)
    try:
        return {name: " ".join(sql.split()) for name, sql in raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")}
    finally:
        raw.close()


def test_current_models_match_the_released_schema(project_path, project):
    """A change to the models must come with a new schema version, a migration and a fixture:
    a new file must have exactly the schema of the current version's fixture."""
    fixture = FIXTURES / f"schema_v{db.SCHEMA_VERSION}.curator"
    assert _schema_of(project_path) == _schema_of(fixture), (
        "the tables differ from the released schema: bump SCHEMA_VERSION, add a Migration and "
        "run tests/data/schemas/make_fixture.py")
