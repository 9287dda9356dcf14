"""Reading a project's bytes while this process has it open through SQLite.

POSIX record locks belong to the process, not the descriptor: closing any descriptor of a database
file drops every lock the process's SQLite connections hold on it. Curator used to read a file's
header with a plain open()/close() (opening a second Project on it, checking it for damage) while
a Project was open on it. Another program that held the write lock meanwhile then took itself for
the last connection when it closed, and deleted the live -wal and -shm under the open project:
"disk I/O error" on its next write, and the WAL's commits gone from the file."""

from __future__ import annotations

import os
import sqlite3

import pytest

from curator.core import Project, damage
from curator.core import database as db
from curator.core.sqlite_file import read_head
from lock_support import LockHolder

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX record locks")


@pytest.mark.parametrize("read", ["header", "check_openable", "verify", "second project"])
def test_reading_the_bytes_of_an_open_project_leaves_its_wal_alone(tmp_path, read):
    path = tmp_path / "p.curator"
    first = Project.create(path, annotator="t")
    doc = first.add_document("On 3 May 2014 the council met.", title="Council")
    first.create_event_from_passage(doc, 0, 13, title="Council meets")
    with LockHolder(path):  # another program writing meanwhile, which then closes
        if read == "header":
            read_head(path)
        elif read == "check_openable":
            db.check_openable(path)
        elif read == "verify":
            damage.verify(path)
        else:
            with Project.open(path, annotator="t", verify=True, lock_wait=None) as second:
                assert second.stats()["events"] == 1
    assert path.with_name(path.name + "-shm").exists(), "the live -shm was deleted under an open project"
    first.create_event_from_passage(doc, 14, 30, title="Second")  # the open project still writes
    other = sqlite3.connect(path)  # and another connection sees every commit
    assert other.execute("SELECT count(*) FROM event").fetchone()[0] == 2
    other.close()
    first.close()
