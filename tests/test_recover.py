"""`curator recover DAMAGED NEW.curator` on files damaged on purpose, checked against what the
intact file held (read with plain sqlite3) and SQLite's own page statistics (dbstat)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from media_support import (
    digest, folder_listing, ids_on_page, overwrite, page_size, rows, side_files, table_pages,
)

from curator.cli import main
from curator.core import Project
from curator.core import database as db
from curator.core.recovery import RecoveryError, recover
from curator.core.tagset import DEFAULT_TAGS

TABLES = ("document", "tag", "actor", "span", "event", "event_actor", "event_evidence",
          "rejected_suggestion")
FIXTURES = Path(__file__).parent / "data" / "schemas"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    from curator.demo import create_demo

    path = tmp_path_factory.mktemp("pristine") / "demo.curator"
    with create_demo(path, annotator="seeder") as project:  # a rejected suggestion too
        from curator.suggestions import reject, suggest_events

        reject(project, suggest_events(project)[0])
    return path


@pytest.fixture
def damaged(tmp_path, pristine) -> Path:
    path = tmp_path / "damaged.curator"
    shutil.copy(pristine, path)
    return path


def salvage(capsys, path: Path, target: Path) -> dict:
    """Recover through the command line, checking that the damaged file is left as it was and
    that the new one is whole; returns the JSON report."""
    capsys.readouterr()
    before, listing = digest(path), folder_listing(path.parent)
    assert main(["recover", str(path), str(target)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert digest(path) == before
    assert folder_listing(path.parent) - listing <= {target.name}  # no side file, no partial
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
    return report


def assert_rows_are_originals(original: Path, recovered: Path, report: dict,
                              hit: frozenset = frozenset()) -> dict[str, set]:
    """Every row of the new project is, column for column, a row of the original, except for an
    optional reference the report says was cleared (its record was lost) and a document whose
    text the report says no longer matches its hash (bytes of the text or of the hash were hit), and a row stored on a page that was hit
    (``hit``: (table, id) pairs): SQLite keeps no checksums, so bytes changed inside a record
    can read as other values, and no recovery can tell. Returns the uids recovered per table."""
    found = {}
    defaults = any("default tag set" in note for note in report["notes"])
    for table in TABLES:
        before, after = rows(original, table), rows(recovered, table)
        if table == "tag" and defaults:  # every tag was lost: the default set stands in
            assert not set(after) & set(before)
            found[table] = set()
            continue
        columns = _columns(recovered, table)
        cleared = report["tables"][table].get("cleared", {})
        for uid, row in after.items():
            for name, old, new in zip(columns, before[uid], row):
                garbled = report["tables"][table].get("text_damaged", [])
                assert new == old or (new is None and name in cleared) or (
                    name in ("text", "sha256") and uid in garbled) or (table, before[uid][columns.index("id")]) in hit, \
                    (table, uid, name)
        found[table] = set(after)
    return found


def _columns(path: Path, table: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def test_a_leaf_page_of_the_event_table_overwritten(capsys, tmp_path, damaged, pristine):
    page, _, cells = next(p for p in table_pages(pristine, "event") if p[1] == "leaf")
    lost_ids = ids_on_page(pristine, "event", page)
    assert len(lost_ids) == cells  # the hand decoding agrees with SQLite's dbstat
    overwrite(damaged, (page - 1) * page_size(damaged), b"\xaa" * page_size(damaged))
    report = salvage(capsys, damaged, tmp_path / "new.curator")
    found = assert_rows_are_originals(pristine, tmp_path / "new.curator", report)
    original = sqlite3.connect(pristine)
    events = dict(original.execute("SELECT id, uid FROM event"))
    assert found["event"] == {uid for i, uid in events.items() if i not in lost_ids}
    event = report["tables"]["event"]
    assert event["lost"] == cells and event["complete"] is False
    assert sorted(event["lost_uids"]) == sorted(events[i] for i in lost_ids)  # named by the uid index
    # links whose event was lost are dropped and counted; the rest are all there
    for table in ("event_evidence", "event_actor"):
        orphaned = original.execute(f"SELECT count(*) FROM {table} WHERE event_id IN "
                                    f"({','.join(map(str, lost_ids))})").fetchone()[0]
        total = original.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert report["tables"][table]["dropped"] == {"its event was lost": orphaned}
        assert report["tables"][table]["kept"] == total - orphaned == len(found[table])
    for table in ("document", "span", "actor", "tag", "rejected_suggestion"):
        assert found[table] == set(rows(pristine, table)), table
    original.close()
    assert report["check"]["ok"] is True
    with Project.open(tmp_path / "new.curator") as project:  # an ordinary, editable project
        assert project.stats()["events"] == 34 - cells
        project.add_document("after the recovery")


def test_a_damaged_root_page_is_read_from_the_pages_under_it(capsys, tmp_path, damaged, pristine):
    """The root of the span b-tree overwritten: SQL reaches no span at all, but its leaf pages
    are intact and are read straight from the file."""
    root = table_pages(pristine, "span")[0]
    assert root[1] == "internal"
    overwrite(damaged, (root[0] - 1) * page_size(damaged), b"\xaa" * page_size(damaged))
    report = salvage(capsys, damaged, tmp_path / "new.curator")
    found = assert_rows_are_originals(pristine, tmp_path / "new.curator", report)
    assert found["span"] == set(rows(pristine, "span"))
    assert report["tables"]["span"]["read_from_pages"] == len(found["span"])
    assert report["totals"]["lost"] == 0 and report["check"]["ok"]


def test_bytes_overwritten_inside_a_leaf_page(capsys, tmp_path, damaged, pristine):
    """Cells outside the garbage are read from the page itself; only the ones hit are lost."""
    page, _, cells = next(p for p in table_pages(pristine, "event") if p[1] == "leaf")
    overwrite(damaged, (page - 1) * page_size(damaged) + 2000, b"\xaa" * 1000)
    report = salvage(capsys, damaged, tmp_path / "new.curator")
    found = assert_rows_are_originals(pristine, tmp_path / "new.curator", report)
    event = report["tables"]["event"]
    assert 0 < event["lost"] < cells
    assert len(found["event"]) == 34 - event["lost"]


def test_a_truncated_file(capsys, tmp_path, damaged, pristine):
    with open(damaged, "r+b") as fh:
        fh.truncate(40 * page_size(damaged))
    report = salvage(capsys, damaged, tmp_path / "new.curator")
    found = assert_rows_are_originals(pristine, tmp_path / "new.curator", report)
    for table in TABLES:
        assert report["tables"][table]["kept"] == len(found[table])
    assert report["totals"]["kept"] < sum(len(rows(pristine, t)) for t in TABLES)


def test_a_zeroed_header_loses_nothing(capsys, tmp_path, damaged, pristine):
    overwrite(damaged, 0, bytes(100))
    report = salvage(capsys, damaged, tmp_path / "new.curator")
    found = assert_rows_are_originals(pristine, tmp_path / "new.curator", report)
    for table in TABLES:
        assert found[table] == set(rows(pristine, table)), table
    assert report["totals"]["lost"] == 0 and report["totals"]["dropped"] == 0
    assert any("header was rebuilt" in note for note in report["notes"])
    with sqlite3.connect(tmp_path / "new.curator") as new, sqlite3.connect(pristine) as old:
        assert new.execute("SELECT value FROM project_meta WHERE key = 'created_at'").fetchone() \
            == old.execute("SELECT value FROM project_meta WHERE key = 'created_at'").fetchone()
        assert new.execute("SELECT count(*) FROM sync_history").fetchone() \
            == old.execute("SELECT count(*) FROM sync_history").fetchone()


def test_an_older_schema_is_salvaged_and_upgraded(capsys, tmp_path):
    damaged = tmp_path / "old.curator"
    shutil.copy(FIXTURES / "schema_v2.curator", damaged)
    overwrite(damaged, 0, bytes(100))  # the header, with its user_version, gone too
    report = salvage(capsys, damaged, tmp_path / "new.curator")
    assert report["source_schema_version"] == 2
    reference = tmp_path / "reference.curator"  # the intact file, upgraded the ordinary way
    shutil.copy(FIXTURES / "schema_v2.curator", reference)
    with Project.open(tmp_path / "new.curator") as project, Project.open(reference) as upgraded:
        assert project.schema_version == db.SCHEMA_VERSION
        assert project.stats() == upgraded.stats()


def test_refusals(tmp_path, damaged):
    (tmp_path / "taken.curator").write_bytes(b"x")
    with pytest.raises(RecoveryError, match="already exists"):
        recover(damaged, tmp_path / "taken.curator")
    text = tmp_path / "notes.curator"
    text.write_text("not a database " * 100)
    with pytest.raises(RecoveryError, match="nothing can be salvaged"):
        recover(text, tmp_path / "new.curator")
    assert not (tmp_path / "new.curator").exists() and side_files(damaged) == []


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=st.integers(min_value=2, max_value=200), start=st.integers(0, 4000),
       length=st.integers(1, 4096), fill=st.sampled_from([b"\x00", b"\xaa", b"\xff", b"\x0d"]))
def test_any_damage_recovers_only_original_rows(tmp_path_factory, pristine, page, start, length, fill):
    """Whatever page is hit, with whatever bytes: recovery never crashes, every row it keeps is
    an original row, unchanged, and the new file is whole."""
    folder = tmp_path_factory.mktemp("any")
    damaged = folder / "damaged.curator"
    shutil.copy(pristine, damaged)
    size = page_size(damaged)
    page = 2 + page % (damaged.stat().st_size // size - 1)
    length = min(length, size - start % size)
    overwrite(damaged, (page - 1) * size + start % size, fill * length)
    kind = [(name, kind) for number, kind, _, name in _pages_of(pristine) if number == page]
    hit = frozenset((kind[0][0], i) for i in ids_on_page(pristine, kind[0][0], page)) \
        if kind and kind[0][1] == "leaf" and kind[0][0] in TABLES else frozenset()
    try:
        report = recover(damaged, folder / "new.curator")
    except RecoveryError:
        return
    assert_rows_are_originals(pristine, folder / "new.curator", report, hit)
    with sqlite3.connect(folder / "new.curator") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table, counts in report["tables"].items():
            if table in TABLES:
                expected = counts["kept"]
                if table == "tag" and any(n.startswith("every tag was lost") for n in report["notes"]):
                    expected = len(DEFAULT_TAGS)  # a project needs a tag set: the default one stands in
                assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == expected


def _pages_of(path: Path) -> list[tuple[int, str, int, str]]:
    """(page, type, cells, table or index name) of every page (SQLite's dbstat)."""
    table_pages(path, "event")  # skips where dbstat is missing
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT pageno, pagetype, ncell, name FROM dbstat").fetchall()
