"""Damaged project files: every command names the damage in one line (what is wrong, that
nothing was changed, the newest backup, `curator recover`), `curator check` reports it as JSON,
nothing is written to the file or beside it, and refusals leave no side files."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from media_support import digest, folder_listing, overwrite, page_size, side_files, table_pages

from curator.cli import main
from curator.core import DamagedProject, NewerSchemaError, NotACuratorFile, Project
from curator.core import damage
from curator.core import database as db
from curator.core.sqlite_file import walk_trees

COMMANDS = (("stats",), ("check",), ("export", "{out}/x.json"), ("export", "{out}/x.curator"),
            ("add", "{out}/note.txt"), ("suggest",), ("suggest", "--accept"),
            ("import", "{out}/other.json"), ("merge", "{out}/other.json"))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    from curator.demo import create_demo

    path = tmp_path_factory.mktemp("pristine") / "demo.curator"
    create_demo(path, annotator="seeder").close()
    return path


@pytest.fixture
def workspace(tmp_path, pristine, capsys):
    """A folder with a copy of the demo (``demo.curator``), a text and a JSON export to feed
    the commands; returns (folder, path of the copy)."""
    (tmp_path / "note.txt").write_text("On 8 May 2014 the hotel was destroyed.", encoding="utf-8")
    assert main(["export", str(pristine), str(tmp_path / "other.json")]) == 0
    capsys.readouterr()
    shutil.copy(pristine, tmp_path / "demo.curator")
    return tmp_path, tmp_path / "demo.curator"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def leaf_of(path: Path, table: str) -> tuple[int, int]:
    """(page, cells) of the first leaf page of ``table`` (SQLite's dbstat)."""
    page, _, cells = next(p for p in table_pages(path, table) if p[1] == "leaf")
    return page, cells


def every_command_says(capsys, folder: Path, path: Path, *parts: str) -> None:
    before, listing = digest(path), folder_listing(folder)
    for command in COMMANDS:
        argv = [command[0], path] + [a.format(out=folder) for a in command[1:]]
        code, out, err = run(capsys, *argv)
        assert code == 1, argv
        assert err.startswith("curator: ") and err.count("\n") == 1, (argv, err)
        assert "Traceback" not in err
        for part in parts:
            assert part in err, (argv, err)
        if command == ("check",):
            report = json.loads(out)
            assert report["ok"] is False and report["damaged"] is True and report["problems"]
    assert digest(path) == before
    assert folder_listing(folder) == listing  # no -wal, -shm, journal, partial export


# ---------------------------------------------------------------------------------- diagnoses
def test_a_page_of_the_event_table_overwritten(capsys, workspace):
    folder, path = workspace
    page, _ = leaf_of(path, "event")
    overwrite(path, (page - 1) * page_size(path), b"\xaa" * page_size(path))
    every_command_says(capsys, folder, path, f"{path} is damaged (database disk image is malformed: "
                       f"page {page} of table event is damaged)", "nothing was changed",
                       "no backup found", f"`curator recover {path} NEW.curator`")


def test_bytes_overwritten_inside_a_page(capsys, workspace):
    """Garbage in the middle of a page: SQLite's quick_check names the page; so does Curator."""
    folder, path = workspace
    page, _ = leaf_of(path, "event")
    overwrite(path, (page - 1) * page_size(path) + 2000, b"\xaa" * 1000)
    code, out, _ = run(capsys, "check", path)
    report = json.loads(out)
    assert code == 1 and report["damaged"]
    assert f"page {page} of table event" in report["diagnosis"]
    assert any(f"page {page}" in line.lower() for line in report["integrity"])  # SQLite's own words


def test_a_truncated_file(capsys, workspace):
    folder, path = workspace
    pages = path.stat().st_size // page_size(path)
    size = 200_000
    with open(path, "r+b") as fh:
        fh.truncate(size)
    every_command_says(capsys, folder, path, f"{path} is truncated: {size:,} bytes where the header "
                       f"says {pages:,} pages of {page_size(path):,} bytes", "nothing was changed")


def test_a_zeroed_header(capsys, workspace):
    folder, path = workspace
    overwrite(path, 0, bytes(100))
    every_command_says(capsys, folder, path, "its SQLite header (the first 100 bytes) is overwritten",
                       "pages of 4,096 bytes", "curator recover")


def test_a_file_that_is_not_sqlite(capsys, tmp_path):
    path = tmp_path / "notes.curator"
    path.write_text("Just some notes, no database here.\n" * 20, encoding="utf-8")
    code, _, err = run(capsys, "stats", path)
    assert code == 1 and "is not a Curator project: it is not an SQLite database" in err
    assert "recover" not in err and side_files(path) == []


def test_a_json_export_given_as_a_project_is_named(capsys, workspace):
    folder, _ = workspace
    code, _, err = run(capsys, "stats", folder / "other.json")
    assert code == 1 and "it looks like JSON" in err and "curator import" in err


def test_the_newest_backup_is_named(capsys, workspace):
    folder, path = workspace
    old = folder / "demo.curator.v2-20240101-120000.bak"
    new = folder / "demo.curator.v2-20240301-090000.bak"
    for backup in (new, old):
        backup.write_bytes(b"backup")
    (folder / "other.curator.v2-20250101-000000.bak").write_bytes(b"another project's")
    page, _ = leaf_of(path, "event")
    overwrite(path, (page - 1) * page_size(path), b"\0" * page_size(path))
    code, _, err = run(capsys, "stats", path)
    assert code == 1 and f"newest backup: {new}" in err
    assert damage.newest_backup(path) == new


def test_check_reports_damage_as_json_and_keeps_sqlite_words(capsys, workspace):
    folder, path = workspace
    page, _ = leaf_of(path, "span")
    overwrite(path, (page - 1) * page_size(path), b"\xaa" * page_size(path))
    code, out, err = run(capsys, "check", path)
    report = json.loads(out)
    assert code == 1 and err.count("\n") == 1
    assert report["ok"] is False and report["damaged"] is True and report["recoverable"] is True
    assert report["problems"] == [f"page {page} of table span: is not a b-tree page (type byte 0xaa)"]
    assert report["backup"] is None and report["user_version"] == db.SCHEMA_VERSION


def test_the_page_walk_agrees_with_sqlite_dbstat(pristine):
    """Curator's own walk over the b-trees finds every b-tree page SQLite's dbstat lists for a
    table (overflow pages, which hold the rest of long texts, are not b-tree pages)."""
    conn = sqlite3.connect(pristine)
    roots = conn.execute("SELECT name, rootpage FROM sqlite_schema WHERE rootpage > 0").fetchall()
    conn.close()
    owners, bad = walk_trees(pristine, page_size(pristine), 0, roots)
    assert bad == []
    for table in ("document", "span", "event", "actor"):
        assert {p for p, kind, _ in table_pages(pristine, table) if kind != "overflow"} \
            == {p for p, o in owners.items() if o == table}


# ---------------------------------------------------------------------------------- no side files
def _wal_file(path: Path, version: int) -> None:
    """``path`` in WAL mode (as every Curator project is) with user_version ``version``."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    assert side_files(path) == []


def test_refusing_a_newer_schema_leaves_no_side_files(capsys, workspace):
    folder, path = workspace
    _wal_file(path, db.SCHEMA_VERSION + 1)
    before = digest(path)
    with pytest.raises(NewerSchemaError):
        Project.open(path)
    code, _, err = run(capsys, "stats", path)
    assert code == 1 and "newer Curator" in err
    assert side_files(path) == [] and digest(path) == before


def test_refusing_a_foreign_or_damaged_file_leaves_no_side_files(workspace, tmp_path):
    folder, path = workspace
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(NotACuratorFile, match="application_id"):
        Project.open(foreign)
    page, _ = leaf_of(path, "event")
    overwrite(path, (page - 1) * page_size(path), b"\xaa" * page_size(path))
    with pytest.raises(DamagedProject):
        Project.open(path, verify=True)
    assert side_files(foreign) == [] and side_files(path) == []


def test_a_newer_schema_waiting_in_the_wal_is_read_through_a_private_copy(workspace):
    """A -wal with changes (and no -shm) is where the newest header is: Curator reads it from a
    private copy, so that refusing the file still creates nothing beside it."""
    folder, path = workspace
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    writer.commit()
    copy = folder / "copied.curator"
    shutil.copy(path, copy)
    shutil.copy(str(path) + "-wal", str(copy) + "-wal")
    writer.close()
    with pytest.raises(NewerSchemaError):
        Project.open(copy)
    assert side_files(copy) == ["-wal"]


# ---------------------------------------------------------------------------------- last line of defence
@pytest.mark.parametrize("wrapped", [False, True])
def test_an_sqlite_error_no_handler_caught_is_one_line(capsys, workspace, monkeypatch, wrapped):
    folder, path = workspace
    error = sqlite3.OperationalError("disk I/O error")
    if wrapped:
        from sqlalchemy.exc import OperationalError

        error = OperationalError("SELECT 1", {}, error)

    def fail(self):
        raise error

    monkeypatch.setattr(Project, "stats", fail)
    code, _, err = run(capsys, "stats", path)
    assert code == 1 and err == f"curator: {path}: disk I/O error (SQLite); nothing was changed\n"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=st.integers(min_value=1, max_value=200), start=st.integers(0, 4095),
       length=st.integers(1, 4096), fill=st.sampled_from([b"\x00", b"\xaa", b"\xff", b"\x05"]))
def test_any_damage_is_one_line_never_a_traceback(capsys, tmp_path_factory, pristine, page, start, length, fill):
    """Whatever bytes of whatever page are hit, every command ends with a JSON result or one
    line on stderr, check included, and nothing is written."""
    folder = tmp_path_factory.mktemp("any")
    path = folder / "demo.curator"
    shutil.copy(pristine, path)
    size = page_size(path)
    page = 1 + page % (path.stat().st_size // size)
    overwrite(path, (page - 1) * size + start, fill * min(length, size - start))
    before = digest(path)
    for argv in (("stats", path), ("check", path), ("export", path, folder / "x.csv")):
        code, out, err = run(capsys, *argv)
        assert code in (0, 1), argv
        assert "Traceback" not in err and err.count("\n") == (code == 1), (argv, err)
        if argv[0] == "check":
            report = json.loads(out) if out.strip() else None
            assert report is not None or code == 1
            if report is not None:
                assert report["ok"] == (code == 0)
    assert digest(path) == before and side_files(path) == []


def test_merging_a_damaged_copy_names_the_copy(capsys, workspace, pristine):
    folder, path = workspace
    page, _ = leaf_of(path, "event")
    overwrite(path, (page - 1) * page_size(path), b"\xaa" * page_size(path))
    target = folder / "mine.curator"
    shutil.copy(pristine, target)
    before = digest(target)
    code, _, err = run(capsys, "merge", target, path)
    assert code == 1 and err.startswith(f"curator: {path} is damaged (") and err.count("\n") == 1
    assert digest(target) == before
