"""The project's write-ahead log: closing folds it in (a copy of the main file alone is whole); a
stale ``-wal`` beside a newer file is refused untouched, reported by `check`, set aside by
`check --fix`; a live or crash-left WAL is used as SQLite uses it. What SQLite itself does with
the stale pair is measured here too, with plain sqlite3."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from curator.cli import main
from curator.core import Project
from curator.core import wal
from curator.core.wal import StaleJournal


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def documents_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM document").fetchone()[0]
    finally:
        conn.close()


# ---------------------------------------------------------------------- checkpoint on close
@pytest.mark.parametrize("checkpoint", [True, False])
def test_closing_checkpoints_so_a_copy_of_the_main_file_is_whole(tmp_path, checkpoint):
    path = tmp_path / "p.curator"
    Project.create(path).close()
    reader = Project(path)  # another connection stays open (the window beside a command)
    reader.stats()
    writer = Project(path)
    for i in range(5):
        writer.add_document(f"text {i}")
    writer.close(checkpoint=checkpoint)
    copy = tmp_path / "copy.curator"
    shutil.copyfile(path, copy)  # the main file only, as `cp p.curator` copies it
    reader.close(checkpoint=False)
    assert documents_in(copy) == (5 if checkpoint else 0)  # without the checkpoint: lost in -wal
    if checkpoint:
        with Project.open(copy) as project:
            assert project.stats()["documents"] == 5


def test_closing_a_project_leaves_no_journal_behind(tmp_path):
    path = tmp_path / "p.curator"
    with Project.create(path) as project:
        project.add_document("text")
    assert not wal.wal_path(path).exists() and not wal.shm_path(path).exists()


# ---------------------------------------------------------------------- stale journals
def stale_pair(tmp_path: Path) -> tuple[Path, int, int]:
    """A project whose -wal is a copy taken earlier (when it held 2 documents) put back beside
    the main file after the project moved on (7 documents) and was closed."""
    path = tmp_path / "p.curator"
    Project.create(path).close()
    project = Project(path)
    project.add_documents([{"text": "first"}, {"text": "second"}])
    shutil.copyfile(wal.wal_path(path), tmp_path / "old-wal")  # a sync tool's copy, say
    project.add_documents([{"text": f"later {i} " + "x" * 5000} for i in range(5)])
    project.close()
    shutil.copyfile(tmp_path / "old-wal", wal.wal_path(path))
    return path, 2, 7


def test_what_sqlite_does_with_a_stale_journal(tmp_path):
    """Measured, not assumed (SQLite 3.40): SQLite replays a WAL that does not belong to the
    file (nothing ties the two), old pages over new ones; here the project then reads as
    damaged, and closing that connection checkpoints the old pages into the file for good."""
    path, old, new = stale_pair(tmp_path)
    trial = tmp_path / "trial"
    trial.mkdir()
    shutil.copyfile(path, trial / "p.curator")
    shutil.copyfile(wal.wal_path(path), trial / "p.curator-wal")
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        documents_in(trial / "p.curator")
    assert not (trial / "p.curator-wal").exists()  # folded in by the last connection's close
    conn = sqlite3.connect(f"file:{trial / 'p.curator'}?immutable=1", uri=True)
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        conn.execute("PRAGMA quick_check").fetchall()  # the main file alone: damaged now
    conn.close()
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)  # Curator's refusal kept it whole
    assert conn.execute("SELECT count(*) FROM document").fetchone()[0] == new
    conn.close()


def test_a_stale_journal_is_refused_and_both_files_left_untouched(tmp_path):
    path, _, _ = stale_pair(tmp_path)
    before = digest(path), digest(wal.wal_path(path))
    with pytest.raises(StaleJournal) as refused:
        Project.open(path)
    message = str(refused.value)
    assert message.startswith("p.curator-wal is older than p.curator: it describes a database of ")
    assert "move p.curator-wal aside (or run `curator check --fix`)" in message
    assert (digest(path), digest(wal.wal_path(path))) == before


def test_stats_tells_and_check_reports_a_stale_journal(tmp_path, capsys):
    path, _, new = stale_pair(tmp_path)
    assert main(["stats", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "p.curator-wal is older than p.curator" in err
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["ok"] is False and report["journal"] == "stale"
    assert report["main_file_alone"] == "ok" and report["fixable"] is True
    assert report["problems"][0].startswith("p.curator-wal is older than p.curator")
    assert "Traceback" not in err


def test_check_fix_sets_the_stale_journal_aside(tmp_path, capsys):
    path, _, new = stale_pair(tmp_path)
    old_journal = digest(wal.wal_path(path))
    assert main(["check", "--fix", str(path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    moved = [p for p in tmp_path.iterdir() if p.name.startswith("p.curator-wal.stale-")]
    assert len(moved) == 1 and digest(moved[0]) == old_journal  # kept, not deleted
    assert report["fix"]["fixed"] == [f"stale journal moved aside to {moved[0].name}"]
    with Project.open(path) as project:
        assert project.stats()["documents"] == new


def test_a_stale_journal_of_the_same_size_is_found_by_replaying_it(tmp_path):
    """The file did not grow since the journal was taken: the replay in a temporary copy tells
    (records a Curator file never loses would be lost)."""
    path = tmp_path / "p.curator"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE my_notes (blob BLOB)")  # someone's own table: room to free later
    conn.execute("INSERT INTO my_notes VALUES (zeroblob(400000))")
    conn.commit()
    conn.close()
    project = Project(path)
    project.add_document("first")
    shutil.copyfile(wal.wal_path(path), tmp_path / "old-wal")
    with project._write() as write:
        write.exec_driver_sql("DELETE FROM my_notes")  # pages freed, the file does not shrink
    project.add_documents([{"text": f"later {i} " + "y" * 3000} for i in range(20)])
    project.close()
    shutil.copyfile(tmp_path / "old-wal", wal.wal_path(path))
    summary = wal.read_wal(path)
    assert summary.commit_pages >= path.stat().st_size // summary.page_size  # the size rule is silent
    with pytest.raises(StaleJournal, match="^p.curator-wal does not fit p.curator: "):
        Project.open(path)


def test_a_journal_in_use_by_this_process_is_not_second_guessed(tmp_path):
    path = tmp_path / "p.curator"
    Project.create(path).close()
    window = Project.open(path)
    window.add_document("written, still in the journal")
    assert wal.in_use(path)
    with Project.open(path) as command:
        assert command.stats()["documents"] == 1
    window.close()


LIVE = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO project_meta (key, value) VALUES ('from', 'another program')")
    print("written", flush=True)
    if sys.argv[2] == "crash":
        import os
        os._exit(0)  # as kill -9 would: no checkpoint, the -wal and -shm stay
    sys.stdin.readline()
    conn.close()
""")


def test_a_journal_in_use_by_another_program_is_used(tmp_path):
    path = tmp_path / "p.curator"
    Project.create(path).close()
    other = subprocess.Popen([sys.executable, "-c", LIVE, str(path), "live"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    assert other.stdout.readline().strip() == "written"
    try:
        assert wal.in_use(path) or os.name != "posix"
        with Project.open(path) as project:
            assert project.get_meta("from") == "another program"
    finally:
        other.communicate("\n", timeout=30)


def test_a_journal_left_by_a_crash_is_replayed(tmp_path):
    path = tmp_path / "p.curator"
    Project.create(path).close()
    done = subprocess.run([sys.executable, "-c", LIVE, str(path), "crash"], capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.strip() == "written"
    assert wal.wal_path(path).exists() and wal.wal_path(path).stat().st_size > 32
    assert not wal.in_use(path)
    assert wal.stale_wal_reason(path) is None
    with Project.open(path) as project:
        assert project.get_meta("from") == "another program"


def test_reading_a_journal_header(tmp_path):
    path = tmp_path / "p.curator"
    Project.create(path).close()
    assert wal.read_wal(path) is None
    wal.wal_path(path).write_bytes(b"not a journal" * 10)
    assert wal.read_wal(path) is None and wal.stale_wal_reason(path) is None
    wal.wal_path(path).unlink()
