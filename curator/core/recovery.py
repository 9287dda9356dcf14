"""``curator recover DAMAGED NEW.curator``: salvage what SQLite can still read into a new project.

Python's sqlite3 has neither the CLI's ``.recover`` nor the ``sqlite_dbpage`` table it rests on
(SQLite is rarely built with ``SQLITE_ENABLE_DBPAGE_VTAB``), so this takes the approach of
``.recover`` one level up, through SQL:

1. The damaged file is copied (read, never opened for writing) into a private folder. A header
   that was overwritten is rebuilt in the copy (the page size is found from page 1's layout, see
   :func:`curator.core.sqlite_file.page_size_candidates`). The copy is opened with
   ``writable_schema`` (SQLite then reads a truncated file as far as it goes) and
   ``cell_size_check``.
2. Each table is read row by row in rowid order. Where SQLite stops at an unreadable page, the
   next readable row is found by seeking: forward in doubling steps until a seek succeeds, then
   bisecting back to the first rowid that reads (:func:`_next_readable`); the rows in between are
   lost. A row whose uid is not a UUID is garbage read off a damaged page and is not kept. A
   table without rowids (the sync history) is scanned in key order and, past damage, read uid by
   uid for the records that were found.
3. What was read goes into a new project made by Curator itself (its own schema, never the
   damaged file's), table by table, parents first, keeping ids and uids: a row whose required
   parent was lost is dropped (an evidence link whose event is gone), an optional reference to a
   lost record is cleared (a highlight whose label is gone keeps its passage). Older schemas are
   salvaged in their own shape and then upgraded by the migrations.
4. What was lost is counted per table: Curator never deletes a row (deletions are tombstones),
   so every id up to the highest one known (from the table or any of its indexes) that could not
   be read is a lost row; the uid index still names lost records, so they can be fetched from a
   colleague's copy with ``curator merge``.

The new file is checked (SQLite's integrity check and ``Project.check``) and moved into place
only when complete. The report is a dict (the command prints it as JSON).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Callable, Optional

from curator.core import database as db
from curator.core import file_access, listing
from curator.core.errors import CuratorError
from curator.core.salvage_rows import (
    UNREADABLE, PageSalvage, SourceTable, TableReport, count_lost, quote_name, read_table,
)
from curator.core.sqlite_file import (
    build_header, has_content, page_size_candidates, parse_header, read_head, side_file,
)

Progress = Callable[[int, int], bool]
CHUNK = 500
# tables any Curator schema has had, parents first (the order rows are written in)
# (the sync history last: past damage it is read record by record, for the uids found before it)
CURATOR_TABLES = ("document", "tag", "actor", "project_meta", "span", "event", "rejected_suggestion",
                  "event_actor", "event_evidence", "sync_history")


class RecoveryError(CuratorError):
    """Nothing could be salvaged (the reason says why); no file was written."""


class RecoveryCancelled(CuratorError):
    def __init__(self):
        super().__init__("recovery cancelled; no file was written")


# ---------------------------------------------------------------------------------- the command
def recover(damaged: str | Path, new: str | Path, progress: Optional[Progress] = None) -> dict:
    """Salvage ``damaged`` into the new project ``new``; return the report. ``damaged`` is only
    read; ``new`` appears only when the salvage is complete."""
    damaged, new = Path(damaged), Path(new)
    if not damaged.is_file():
        raise RecoveryError(f"{damaged} does not exist or is not a file")
    if new.exists():
        raise RecoveryError(f"{new} already exists; choose a new name for the recovered project")
    if not new.parent.is_dir():
        raise RecoveryError(f"cannot write {new}: folder {new.parent} does not exist")
    why = file_access.cannot_create_in(new.parent)
    if why:
        raise RecoveryError(f"cannot write {new}: folder {new.parent} {why}; recover into a folder "
                            "you can write")
    with tempfile.TemporaryDirectory(prefix="curator-recover-") as folder:
        work = Path(folder) / "damaged.sqlite"
        notes = _private_copy(damaged, work)
        src = sqlite3.connect(work, isolation_level=None)
        try:
            src.execute("PRAGMA writable_schema = ON")  # a truncated file reads as far as it goes
            src.execute("PRAGMA cell_size_check = ON")
            src.execute("PRAGMA query_only = ON")
            schema, version = _source_schema(src, damaged, notes)
            result = Path(folder) / "recovered.curator"
            tables = _salvage(src, schema, version, result, progress, notes,
                              PageSalvage(work, src, schema))
        finally:
            src.close()
        if version < db.SCHEMA_VERSION:
            db.migrate(result)
            notes.append(f"upgraded from schema {version} to {db.SCHEMA_VERSION}")
        check = _check(result)
        garbled = _garbled_texts(result)
        if garbled:
            tables["document"].garbled = garbled
            notes.append(f"{len(garbled)} document text(s) were read but no longer match their hash "
                         "(bytes of the text or of its hash were hit): their passages may not match the text")
        partial = new.with_name(new.name + ".partial")
        try:
            shutil.copyfile(result, partial)
            os.replace(partial, new)
        finally:
            partial.unlink(missing_ok=True)
    totals = {key: sum((t.lost or 0) if key == "lost" else getattr(t, key) for t in tables.values())
              for key in ("read", "kept", "lost")}
    totals["dropped"] = sum(sum(t.dropped.values()) for t in tables.values())
    return {"recovered": str(new), "from": str(damaged), "schema_version": db.SCHEMA_VERSION,
            "source_schema_version": version, "notes": notes, "totals": totals,
            "tables": {name: t.as_dict() for name, t in tables.items()}, "check": check}


def _private_copy(damaged: Path, work: Path) -> list[str]:
    """Copy the damaged file (and changes waiting in its -wal) to ``work``; rebuild a lost header
    in the copy. Returns notes for the report."""
    notes: list[str] = []
    shutil.copyfile(damaged, work)
    header = parse_header(read_head(work))
    wal = side_file(damaged, "-wal")
    if header is not None and header.wal and has_content(wal):
        shutil.copyfile(wal, side_file(work, "-wal"))
        notes.append(f"the changes waiting in {wal.name} were read too")
    if header is not None and header.problem() is None:
        return notes
    for page_size in page_size_candidates(work):
        with open(work, "r+b") as fh:
            fh.write(build_header(page_size, work.stat().st_size // page_size))
        if _schema_readable(work):
            notes.append(f"the file's header was rebuilt (page size {page_size}); its schema "
                         "version was then read from its tables")
            return notes
    raise RecoveryError(f"{damaged}: its SQLite header is lost and the page size cannot be found; "
                        "nothing can be salvaged")


def _schema_readable(path: Path) -> bool:
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA writable_schema = ON")
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return bool(names & set(CURATOR_TABLES))


def _source_schema(src: sqlite3.Connection, damaged: Path, notes: list[str]) -> tuple[dict, int]:
    rows = []
    try:  # row by row: the base tables come first; a lost last page holds later objects
        for row in src.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema"):
            rows.append(row)
    except UNREADABLE as exc:
        if not any(kind == "table" and name in CURATOR_TABLES for kind, name, _, _ in rows):
            raise RecoveryError(f"{damaged}: its schema (page 1) cannot be read ({exc}); Curator "
                                "cannot tell its tables apart, so nothing can be salvaged") from exc
        notes.append(f"the end of its schema could not be read ({exc}); what was listed there "
                     "(the event listing, derived from the events) is made again")
    tables: dict[str, SourceTable] = {}
    for kind, name, _, sql in rows:
        if kind == "table" and name in CURATOR_TABLES:
            info = src.execute(f'PRAGMA table_info("{name}")').fetchall()
            without_rowid = "WITHOUT ROWID" in (sql or "").upper()
            key = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]]
            tables[name] = SourceTable(name, [r[1] for r in info], not without_rowid, key, [])
    for kind, name, table, _ in rows:
        if kind == "index" and table in tables:
            tables[table].indexes.append(name)
    if not tables:
        raise RecoveryError(f"{damaged} holds none of Curator's tables; nothing to salvage")
    app_id = src.execute("PRAGMA application_id").fetchone()[0]
    version = src.execute("PRAGMA user_version").fetchone()[0]
    if app_id not in (0, db.APPLICATION_ID):
        raise RecoveryError(f"{damaged} is not a Curator project (application_id {app_id:#x})")
    if version > db.SCHEMA_VERSION:
        raise RecoveryError(f"{damaged} was written by a newer Curator (schema {version}); recover it "
                            "with that version")
    if version < 1:
        version = _infer_version(tables, {name: sql or "" for kind, name, _, sql in rows if kind == "table"})
        notes.append(f"schema version {version}, inferred from its tables")
    return tables, version


def _infer_version(tables: dict[str, SourceTable], names: dict[str, str]) -> int:
    """The schema version of tables whose header (and so user_version) was lost (``names``:
    every table the schema lists, with its CREATE statement)."""
    if "tag" not in tables:
        return 1
    document = tables.get("document")
    if document is not None and "encoding" not in document.columns:
        return 2
    history = tables.get("sync_history")
    if history is not None and "replica" not in history.columns:
        return 3
    if "event_listing" not in names:
        return 4
    if document is not None and "page_starts" not in document.columns:
        return 5
    if "day_bits" not in names["event_listing"]:
        return 6
    return db.SCHEMA_VERSION


# ---------------------------------------------------------------------------------- writing
def _new_file(result: Path, src: sqlite3.Connection, schema: dict, version: int) -> sqlite3.Connection:
    """The new project: Curator's own schema, or (an older version) the damaged file's own table
    and index statements for Curator's tables only, upgraded after the salvage."""
    if version == db.SCHEMA_VERSION:
        db.create_file(result)
        dst = sqlite3.connect(result, isolation_level=None)
        dst.execute("BEGIN IMMEDIATE")
        dst.execute("DELETE FROM tag")  # the defaults make way for the salvaged tag set
        dst.execute("DELETE FROM project_meta")
        return dst
    dst = sqlite3.connect(result, isolation_level=None)
    dst.execute("BEGIN IMMEDIATE")
    for kind, name, table, sql in src.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema"):
        if sql and table in schema and kind in ("table", "index") \
                and sql.lstrip().upper().startswith(("CREATE TABLE", "CREATE INDEX", "CREATE UNIQUE INDEX")):
            dst.execute(sql)
    # what the upgrade expects beside the base tables: the event listing as schemas 5 and 6 made
    # it (derived: listed after the upgrade), schema 6's table of kept originals (not salvaged)
    from curator.core.migrations import _V5_LISTING, _V6_ORIGINALS

    made = {r[0] for r in dst.execute("SELECT name FROM sqlite_schema")}
    for sql in _V5_LISTING if version >= 5 else ():
        if not (sql.startswith("CREATE INDEX") and sql.split()[2] in made):
            dst.execute(sql)
    if version >= 6 and "document_original" not in made:
        dst.execute(_V6_ORIGINALS)
    dst.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    dst.execute(f"PRAGMA user_version = {version}")
    return dst


def _table_order(dst: sqlite3.Connection) -> list[str]:
    names = [r[0] for r in dst.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return sorted(names, key=lambda n: CURATOR_TABLES.index(n) if n in CURATOR_TABLES else len(CURATOR_TABLES))


def _salvage(src: sqlite3.Connection, schema: dict, version: int, result: Path,
             progress: Optional[Progress], notes: list[str],
             pages: "PageSalvage") -> dict[str, TableReport]:
    dst = _new_file(result, src, schema, version)
    try:
        dst.execute("PRAGMA foreign_keys = ON")
        order = _table_order(dst)
        reports: dict[str, TableReport] = {}
        kept_ids: dict[str, set] = {}
        known_uids: list[str] = []
        for step, name in enumerate(order):
            if progress is not None and progress(step, len(order)) is False:
                raise RecoveryCancelled()
            report = reports[name] = TableReport()
            source = schema.get(name)
            if source is None:
                report.complete, report.lost = False, None
                continue
            dst_info = dst.execute(f'PRAGMA table_info("{name}")').fetchall()
            columns = [r[1] for r in dst_info if r[1] in source.columns]
            rows = read_table(src, source, columns, known_uids, report, pages)
            kept_ids[name] = _write_rows(dst, name, columns, dst_info, rows, kept_ids, report)
            count_lost(src, source, report)
        notes.extend(_fill_gaps(dst, version))
        if version == db.SCHEMA_VERSION:  # the salvaged events are listed (derived data: see curator.core.listing)
            listing.register_functions(dst)
            listing.settle(dst)
        dst.execute("COMMIT")
        problems = dst.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RecoveryError(f"the salvaged records still have {len(problems)} broken references")
        if progress is not None:
            progress(len(order), len(order))
        return reports
    except BaseException:
        if dst.in_transaction:
            dst.execute("ROLLBACK")
        raise
    finally:
        dst.close()


def _write_rows(dst: sqlite3.Connection, name: str, columns: list[str], dst_info, rows,
                kept_ids: dict[str, set], report: TableReport) -> set:
    """Insert ``rows`` (tuples in ``columns`` order) into ``name``, dropping a row whose required
    parent was lost and clearing an optional reference to a lost record. Returns the kept ids."""
    required = {r[1] for r in dst_info if r[3]}
    links = [(columns.index(fk[3]), fk[2], fk[3] in required)
             for fk in dst.execute(f'PRAGMA foreign_key_list("{name}")') if fk[3] in columns]
    has_id = "id" in columns
    id_at = columns.index("id") if has_id else -1
    sql = f'INSERT INTO "{name}" ({", ".join(quote_name(c) for c in columns)}) VALUES ({", ".join("?" * len(columns))})'
    kept: set = set()
    batch: list[tuple] = []

    def flush() -> None:
        try:
            dst.executemany(sql, batch)
            accepted = batch
        except sqlite3.DatabaseError:
            accepted = []
            for row in batch:  # one by one: keep every row the new file accepts
                try:
                    dst.execute(sql, row)
                    accepted.append(row)
                except sqlite3.DatabaseError as exc:
                    reason = f"not valid in a Curator project ({str(exc).split(':')[0]})"
                    report.dropped[reason] = report.dropped.get(reason, 0) + 1
        report.kept += len(accepted)
        if has_id:
            kept.update(row[id_at] for row in accepted)
        batch.clear()

    for row in rows:
        row = list(row)
        keep = True
        for at, parent, is_required in links:
            value = row[at]
            if value is None or value in kept_ids.get(parent, ()):
                continue
            if is_required:
                reason = f"its {parent.replace('_', ' ')} was lost"
                report.dropped[reason] = report.dropped.get(reason, 0) + 1
                keep = False
                break
            row[at] = None
            report.cleared[columns[at]] = report.cleared.get(columns[at], 0) + 1
        if keep:
            batch.append(tuple(row))
            if len(batch) >= CHUNK:
                flush()
    if batch:
        flush()
    return kept


def _fill_gaps(dst: sqlite3.Connection, version: int) -> list[str]:
    """What a project cannot do without: a tag set (the default one when every tag was lost) and
    the moment it was created (a new one when that row was lost). Returns notes."""
    notes, now = [], db.utc_now()
    if version >= 2 and not dst.execute("SELECT count(*) FROM tag").fetchone()[0]:
        from curator.core.tagset import insert_default_tags

        insert_default_tags(dst.execute, now)
        notes.append("every tag was lost: the default tag set was put in its place")
    if not dst.execute("SELECT count(*) FROM project_meta WHERE key = 'created_at'").fetchone()[0]:
        dst.execute("INSERT INTO project_meta (key, value) VALUES ('created_at', ?)", (now,))
        notes.append("the moment the project was created was lost: the recovery's moment stands in")
    return notes


def _garbled_texts(result: Path) -> list[str]:
    """Uids of the documents whose text does not match its SHA-256 any more."""
    from curator.core.tables import text_sha256

    with sqlite3.connect(result) as conn:
        return [uid for uid, text, sha in conn.execute("SELECT uid, text, sha256 FROM document")
                if text_sha256(text) != sha]


def _check(result: Path) -> dict:
    """SQLite's integrity check and Curator's own checks on the new project."""
    from curator.core.project import Project

    with Project(result) as project:
        project._settle_listing()  # an older schema upgraded: its events wait to be listed
        report = project.check()
    return {"ok": report["ok"], "problems": report["problems"][:50],
            "problem_count": len(report["problems"])}

