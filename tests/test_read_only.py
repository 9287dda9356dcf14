"""Projects Curator cannot write: on a read-only mount, in a folder nobody may write, a file
nobody may write. They open read-only with a true message; stats, check, export (every format)
work; every write says so in one line; the file's bytes never change and no side file appears."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from media_support import digest, folder_listing, read_only_mount, side_files, unwritable

from curator.cli import main
from curator.core import Project, ReadOnlyProject
from curator.core import database as db
from curator.core import file_access

FIXTURES = Path(__file__).parent / "data" / "schemas"
EXPORTS = ("out.json", "out.csv", "out.timeline.json", "out.jsonld", "out.curator")


@pytest.fixture(scope="module")
def pristine_demo(tmp_path_factory) -> Path:
    """One demo project for the module (closed, checkpointed: no -wal)."""
    from curator.demo import create_demo

    path = tmp_path_factory.mktemp("pristine") / "demo.curator"
    create_demo(path, annotator="seeder").close()
    assert side_files(path) == []
    return path


@pytest.fixture
def mounted(tmp_path, pristine_demo):
    """(the project on a read-only bind mount, the folder under the mount)."""
    source = tmp_path / "archive"
    source.mkdir()
    shutil.copy(pristine_demo, source / "demo.curator")
    with read_only_mount(source, tmp_path / "mnt") as mount:
        yield mount / "demo.curator", source


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line(err: str, *parts: str) -> None:
    assert err.startswith("curator: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for part in parts:
        assert part in err, err


# ---------------------------------------------------------------------------------- a read-only mount
def test_a_project_on_a_read_only_mount_opens_and_exports(capsys, tmp_path, mounted):
    path, source = mounted
    before, listing = digest(path), folder_listing(source)
    code, out, _ = run(capsys, "stats", path)
    assert code == 0 and json.loads(out)["events"] == 34
    code, out, _ = run(capsys, "check", path)
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["read_only"] is True
    assert report["read_only_reason"] == "on a read-only medium"
    outputs = tmp_path / "out"
    outputs.mkdir()
    for name in EXPORTS:
        code, out, err = run(capsys, "export", path, outputs / name)
        assert code == 0, err
    assert digest(path) == before and folder_listing(source) == listing
    # the exports are whole: the stdlib's readers and sqlite3 itself read them
    data = json.loads((outputs / "out.json").read_text(encoding="utf-8"))
    assert len([e for e in data["events"] if e["deleted_at"] is None]) == 34
    assert json.loads((outputs / "out.timeline.json").read_text(encoding="utf-8"))["events"]
    assert json.loads((outputs / "out.jsonld").read_text(encoding="utf-8"))["total"] > 1000
    with open(outputs / "out.csv", newline="", encoding="utf-8") as fh:
        assert len(list(csv.reader(fh))) == 35
    copy = sqlite3.connect(outputs / "out.curator")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM event WHERE deleted_at IS NULL").fetchone()[0] == 34
    copy.close()
    with Project.open(outputs / "out.curator") as editable:  # the copy can be edited
        assert not editable.read_only
        editable.add_document("a new text")


def test_write_commands_on_a_read_only_mount_say_so_in_one_line(capsys, tmp_path, mounted, pristine_demo):
    path, source = mounted
    before = digest(path)
    text = tmp_path / "note.txt"
    text.write_text("On 8 May 2014 the hotel was destroyed.", encoding="utf-8")
    export = tmp_path / "other.json"
    assert run(capsys, "export", pristine_demo, export)[0] == 0
    reason = f"{path} is read-only (on a read-only medium): Curator opened it read-only"
    for argv in (("add", path, text), ("suggest", path, "--accept"), ("import", path, export),
                 ("merge", path, export), ("merge", path, pristine_demo)):
        code, _, err = run(capsys, *argv)
        assert code == 1, argv
        assert_one_line(err, reason, "save a copy elsewhere to edit it")
    assert digest(path) == before and side_files(source / "demo.curator") == []


def test_the_facade_refuses_every_write_and_reads_everything(mounted):
    path, _ = mounted
    before = digest(path)
    with Project.open(path, annotator="ana") as project:
        assert project.read_only and project.read_only_reason == file_access.ON_READ_ONLY_MEDIUM
        assert project.access.immutable  # a WAL file without a -wal: read without locks
        event = project.event_rows()[0]
        assert project.event(event.id).title
        for write in (lambda: project.add_document("x"),
                      lambda: project.update_event(event.id, title="changed"),
                      lambda: project.delete_events([event.id]),
                      lambda: project.set_meta("k", "v")):
            with pytest.raises(ReadOnlyProject, match=r"is read-only \(on a read-only medium\)"):
                write()
        with pytest.raises(sqlite3.OperationalError, match="readonly|read-only"):
            raw = project.raw_reader()  # SQLite itself refuses a write on the read-only URI
            try:
                raw.execute("CREATE TABLE t (x)")
            finally:
                raw.close()
    assert digest(path) == before


def test_an_older_schema_on_a_read_only_mount_is_refused_clearly(capsys, tmp_path):
    source = tmp_path / "archive"
    source.mkdir()
    shutil.copy(FIXTURES / "schema_v2.curator", source / "old.curator")
    with read_only_mount(source, tmp_path / "mnt") as mount:
        path = mount / "old.curator"
        before = digest(path)
        code, _, err = run(capsys, "stats", path)
        assert code == 1
        assert_one_line(err, "uses schema 2 and needs an upgrade to schema", "which writes to the file",
                        "read-only (on a read-only medium)", "copy it to a writable folder")
        assert digest(path) == before
    assert sorted(p.name for p in source.iterdir()) == ["old.curator"]  # no backup either


def test_wal_changes_on_a_read_only_mount_are_read_with_their_shm_or_refused_without(tmp_path, pristine_demo):
    """A project copied while another program had changes in its -wal: with the -shm SQLite
    reads the changes read-only; without it, it could only by creating the -shm, which the
    medium does not allow: Curator says so rather than show the file without them."""
    work = tmp_path / "work"
    work.mkdir()
    live = work / "demo.curator"
    shutil.copy(pristine_demo, live)
    writer = sqlite3.connect(live)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE event SET title = 'Changed in the WAL' WHERE id = 1")
    writer.commit()
    for with_shm in (True, False):
        source = tmp_path / f"archive-{with_shm}"
        source.mkdir()
        for suffix in ("", "-wal") + (("-shm",) if with_shm else ()):
            shutil.copy(str(live) + suffix, str(source / "demo.curator") + suffix)
        with read_only_mount(source, tmp_path / f"mnt-{with_shm}") as mount:
            path = mount / "demo.curator"
            if with_shm:
                with Project.open(path) as project:
                    assert project.read_only and project.event(1).title == "Changed in the WAL"
            else:
                with pytest.raises(ReadOnlyProject, match=r"latest changes are in demo.curator-wal"):
                    Project.open(path)
    writer.close()


def test_sqlite_refusing_to_write_reopens_read_only(mounted, monkeypatch):
    """When Curator's own checks see nothing (a write-protected drive on Windows), SQLite's
    refusal to open the file for writing makes it read-only with SQLite's reason."""
    path, _ = mounted
    monkeypatch.setattr(file_access, "why_read_only", lambda path: "")
    with Project.open(path) as project:
        assert project.read_only
        assert project.read_only_reason.startswith("SQLite cannot write it")
        assert project.stats()["events"] == 34


# ---------------------------------------------------------------------------------- folders and files
def test_a_project_in_a_folder_nobody_may_write_opens_read_only(capsys, tmp_path, pristine_demo):
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "demo.curator"
    shutil.copy(pristine_demo, path)
    before = digest(path)
    with unwritable(folder):
        with Project.open(path) as project:
            assert project.read_only
            assert project.read_only_reason.startswith(f"its folder {folder} cannot be written")
            assert project.stats()["events"] == 34
            assert project.check()["ok"]
        note = tmp_path / "note.txt"
        note.write_text("A note.", encoding="utf-8")
        code, _, err = run(capsys, "add", path, note)
        assert code == 1
        assert_one_line(err, "is read-only (its folder")
        assert run(capsys, "export", path, tmp_path / "out.curator")[0] == 0
        assert folder_listing(folder) == {"demo.curator"}  # SQLite made no -wal, -shm or journal
    assert digest(path) == before


def test_a_file_nobody_may_write_opens_read_only(capsys, tmp_path, pristine_demo):
    path = tmp_path / "demo.curator"
    shutil.copy(pristine_demo, path)
    before = digest(path)
    with unwritable(path):
        with Project.open(path) as project:
            assert project.read_only and project.read_only_reason == file_access.FILE_READ_ONLY
        code, _, err = run(capsys, "suggest", path, "--accept")
        assert code == 1
        assert_one_line(err, f"{path} is read-only (the file is read-only)")
        assert run(capsys, "export", path, tmp_path / "out.json")[0] == 0
        assert side_files(path) == []
    assert digest(path) == before


def test_a_copy_in_rollback_journal_mode_is_read_with_mode_ro(tmp_path, pristine_demo):
    """Curator's .curator copies use a rollback journal: read-only, they open with mode=ro."""
    with Project.open(pristine_demo) as project:
        from curator.exchange import export_project

        export_project(project, tmp_path / "copy.curator")
    path = tmp_path / "copy.curator"
    access = file_access.read_only_access(path, file_access.FILE_READ_ONLY)
    assert access.params == "mode=ro"
    with Project(path, access=access) as project:
        assert project.stats()["events"] == 34
    assert side_files(path) == []


@pytest.mark.parametrize("name", ["plain.curator", "a name with spaces #1 ?x=y %20.curator", "ünï 数据.curator"])
def test_read_only_uris_are_sqlite_uris_of_the_file(tmp_path, pristine_demo, name):
    """The URIs Curator builds read the very file (spaces, #, ?, % and non-ASCII escaped), and
    SQLite itself refuses writes through them."""
    path = tmp_path / name
    shutil.copy(pristine_demo, path)
    for params in ("immutable=1", "mode=ro"):
        access = file_access.Access(path, True, "test", params)
        conn = sqlite3.connect(access.uri(), uri=True)
        try:
            assert conn.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
            assert conn.execute("SELECT count(*) FROM event").fetchone()[0] == 34
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                conn.execute("UPDATE event SET title = 'x'")
        finally:
            conn.close()
        # why Curator reads a WAL file without a -wal as immutable: mode=ro leaves side files
        assert side_files(path) == ([] if params == "immutable=1" else ["-wal", "-shm"])


def test_an_ordinary_file_is_writable(project, project_path):
    assert not project.read_only and project.read_only_reason == ""
    assert file_access.probe(project_path).read_only is False


def test_nothing_is_written_into_a_read_only_folder(capsys, tmp_path, mounted, pristine_demo):
    """New projects, exports and recoveries into a read-only folder are refused before any
    work, naming the folder."""
    path, source = mounted
    folder = path.parent
    for argv in (("new", folder / "new.curator"), ("export", pristine_demo, folder / "out.json"),
                 ("export", pristine_demo, folder / "out.curator"),
                 ("recover", pristine_demo, folder / "saved.curator")):
        code, _, err = run(capsys, *argv)
        assert code == 1
        assert_one_line(err, f"{folder} is on a read-only medium")
    assert folder_listing(source) == {"demo.curator"}


def test_screenshot_of_a_project_on_a_read_only_mount(capsys, tmp_path, mounted):
    path, _ = mounted
    before = digest(path)
    out = tmp_path / "shot.png"
    code, _, err = run(capsys, "screenshot", path, out, "--size", "800x500")
    assert code == 0, err
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and digest(path) == before
