"""Schema 6 (documents' originals, pages, metadata, problems) from the committed v5 fixture:
a backup, every record kept, the new columns at their empty values, the listing's triggers on
the document table made again as Curator writes them, the schema of a new file, the check
clean; and the v6 fixture holds what the version added."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from test_core_migration import shape, table_rows

from curator.core import Project
from curator.core import database as db
from curator.core.schema_history import SCHEMAS
from curator.core.schema_trust import describe

FIXTURES = Path(__file__).parent / "data" / "schemas"


def test_v5_fixture_migrates_keeping_every_record_with_empty_file_fields(tmp_path, project, project_path):
    path = tmp_path / "five.curator"
    shutil.copy(FIXTURES / "schema_v5.curator", path)
    before = table_rows(path)
    with Project.open(path) as opened:
        assert opened.schema_version == db.SCHEMA_VERSION == 7
        assert opened.check()["ok"]
        doc = opened.documents()[0]
        source = opened.document_source(doc.id)
        assert (source.kind, source.sha256, source.size, source.page_starts, source.metadata,
                source.problems, source.original_kept) == ("", "", None, (), {}, (), False)
        assert opened.page_label(doc.id, 0, 5) == ""
        # the listing's triggers on the document table still work: a rename relists its events
        opened.update_document(doc.id, title="Renamed after the upgrade")
        assert opened.check()["ok"]
    [backup] = tmp_path.glob("five.curator.v5-*.bak")
    assert table_rows(backup) == before
    after = table_rows(path)
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table]):
            if table == "document":
                old = old | {"title": new["title"], "updated_at": new["updated_at"]}
            assert {k: new[k] for k in old} == old, table
    assert [(r["kind"], r["source_sha256"], r["source_size"], r["page_starts"], r["metadata"],
             r["problems"]) for r in after["document"]] == [("", "", None, "[]", "{}", "[]")] * len(before["document"])
    assert after["document_original"] == []
    assert shape(path) == shape(project_path)
    sql = "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
    a, b = sqlite3.connect(path), sqlite3.connect(project_path)
    assert a.execute(sql).fetchall() == b.execute(sql).fetchall()
    a.close(), b.close()


def test_the_v5_history_entry_is_the_v5_fixture():
    conn = sqlite3.connect(f"file:{FIXTURES / 'schema_v5.curator'}?mode=ro", uri=True)
    try:
        assert describe(conn) == SCHEMAS[5]
    finally:
        conn.close()


def test_v6_fixture_holds_a_paged_document_with_its_original():
    rows = table_rows(FIXTURES / "schema_v6.curator")
    doc = next(r for r in rows["document"] if r["kind"] == "pdf")
    starts = json.loads(doc["page_starts"])
    assert len(starts) == 3 and starts[0] == 0
    assert json.loads(doc["metadata"])["date_source"] == "PDF info /CreationDate"
    assert json.loads(doc["problems"])
    [original] = rows["document_original"]
    assert original["sha256"] == doc["source_sha256"] and len(original["content"]) == doc["source_size"]
