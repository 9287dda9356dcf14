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
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

from curator.core import database as db
from curator.core.errors import CuratorError
from curator.core.sqlite_file import (
    PageFile, build_header, freelist_pages, has_content, page_size_candidates, parse_header,
    read_btree_page, read_head, side_file, table_leaf_rows, walk_trees,
)

Progress = Callable[[int, int], bool]
MIN_ROWID, MAX_ROWID = -(2 ** 63), 2 ** 63 - 1
CHUNK = 500
LISTED = 1000  # lost uids listed per table, at most
_UID = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")
_STAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[0-9.]*(Z|[+-][0-9]{2}:?[0-9]{2})?$")
STAMPS = ("created_at", "updated_at", "deleted_at")  # every record's timestamps (deleted_at: or NULL)
# tables any Curator schema has had, parents first (the order rows are written in)
# (the sync history last: past damage it is read record by record, for the uids found before it)
CURATOR_TABLES = ("document", "tag", "actor", "project_meta", "span", "event", "rejected_suggestion",
                  "event_actor", "event_evidence", "sync_history")


class RecoveryError(CuratorError):
    """Nothing could be salvaged (the reason says why); no file was written."""


class RecoveryCancelled(CuratorError):
    def __init__(self):
        super().__init__("recovery cancelled; no file was written")


@dataclass
class TableReport:
    read: int = 0  # rows read from the damaged file
    kept: int = 0  # rows written to the new project
    lost: Optional[int] = 0  # rows that were there but could not be read (None: not known)
    complete: bool = True  # every row was read
    lost_ids: list[int] = field(default_factory=list)
    lost_uids: list[str] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)  # read but not kept, by reason
    cleared: dict[str, int] = field(default_factory=dict)  # optional references cleared, by column
    from_pages: int = 0  # rows read straight from the file's pages (SQLite could not give them)
    read_ids: set = field(default_factory=set, repr=False)  # ids of the rows read (kept or not)
    garbled: list[str] = field(default_factory=list)  # uids of documents whose text was hit

    def as_dict(self) -> dict:
        out = {"read": self.read, "kept": self.kept, "lost": self.lost, "complete": self.complete}
        if self.from_pages:
            out["read_from_pages"] = self.from_pages
        if self.lost_ids:
            out["lost_ids"] = _ranges(self.lost_ids)
        if self.lost_uids:
            out["lost_uids"] = self.lost_uids[:LISTED]
        if self.dropped:
            out["dropped"] = dict(self.dropped)
        if self.cleared:
            out["cleared"] = dict(self.cleared)
        if self.garbled:
            out["text_damaged"] = list(self.garbled)
        return out


def _ranges(ids: list[int]) -> str:
    """[3, 4, 5, 9] -> "3-5, 9"."""
    parts, start, previous = [], None, None
    for i in sorted(ids):
        if start is None:
            start = previous = i
        elif i == previous + 1:
            previous = i
        else:
            parts.append(f"{start}-{previous}" if previous != start else str(start))
            start = previous = i
    if start is not None:
        parts.append(f"{start}-{previous}" if previous != start else str(start))
    return ", ".join(parts)


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
                         "(bytes of them were hit): their passages may not match the text")
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


@dataclass
class SourceTable:
    name: str
    columns: list[str]
    rowid: bool  # a rowid table (else WITHOUT ROWID: read in key order)
    key: list[str]  # its primary key columns (WITHOUT ROWID)
    indexes: list[str]


def _source_schema(src: sqlite3.Connection, damaged: Path, notes: list[str]) -> tuple[dict, int]:
    try:
        rows = src.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema").fetchall()
    except sqlite3.DatabaseError as exc:
        raise RecoveryError(f"{damaged}: its schema (page 1) cannot be read ({exc}); Curator cannot "
                            "tell its tables apart, so nothing can be salvaged") from exc
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
        version = _infer_version(tables)
        notes.append(f"schema version {version}, inferred from its tables")
    return tables, version


def _infer_version(tables: dict[str, SourceTable]) -> int:
    """The schema version of tables whose header (and so user_version) was lost."""
    if "tag" not in tables:
        return 1
    document = tables.get("document")
    if document is not None and "encoding" not in document.columns:
        return 2
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
            rows = _read_table(src, source, columns, known_uids, report, pages)
            kept_ids[name] = _write_rows(dst, name, columns, dst_info, rows, kept_ids, report)
            _count_lost(src, source, report)
        notes.extend(_fill_gaps(dst, version))
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
    sql = f'INSERT INTO "{name}" ({", ".join(_q(c) for c in columns)}) VALUES ({", ".join("?" * len(columns))})'
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


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# ---------------------------------------------------------------------------------- reading
def _read_table(src: sqlite3.Connection, table: SourceTable, columns: list[str],
                known_uids: list[str], report: TableReport, pages: "PageSalvage") -> Iterator[tuple]:
    """Every row of ``table`` SQLite can still read, as tuples in ``columns`` order; then, when
    SQLite could not read it all, the rows read straight from its leaf pages (and from pages no
    longer linked to any table) that it did not give. Rows read off a damaged page as garbage (a
    uid that is not a UUID) are left out."""
    uid_at = columns.index("uid") if "uid" in columns else -1
    id_at = columns.index("id") if "id" in columns else -1
    stamps = [(columns.index(c), c == "deleted_at") for c in STAMPS if c in columns]
    seen: set[int] = set()

    def accept(row) -> bool:
        report.read += 1
        if uid_at >= 0:
            plausible = isinstance(row[uid_at], str) and _UID.match(row[uid_at]) and all(
                (row[i] is None and nullable) or (isinstance(row[i], str) and _STAMP.match(row[i]))
                for i, nullable in stamps)
            if not plausible:
                reason = "garbled (read off a damaged page)"
                report.dropped[reason] = report.dropped.get(reason, 0) + 1
                return False
            known_uids.append(row[uid_at])
        if id_at >= 0:
            report.read_ids.add(row[id_at])
        return True

    if not table.rowid:
        yield from (row for row in _keyed_rows(src, table, columns, known_uids, report) if accept(row))
        return
    yield from (row for row in _rowid_rows(src, table.name, columns, report, seen) if accept(row))
    if report.complete and not report.dropped:
        return
    at = [table.columns.index(c) for c in columns]
    for rowid, values in pages.rows_for(table).items():
        if rowid in seen:
            continue
        seen.add(rowid)
        row = tuple(values[i] if i < len(values) else None for i in at)
        if accept(row):
            report.from_pages += 1
            yield row


class PageSalvage:
    """Rows read straight from the bytes of the private copy's table leaf pages, for the tables
    SQLite could not read to the end (the ``.recover`` way): the leaf pages of the table's own
    b-tree (a damaged page's cells that still decode), and leaf pages no b-tree reaches any more
    (those under a damaged interior or root page), which go to the table with as many columns as
    their records (Curator's tables each have a different number). Pages on the free-list are
    left alone: they hold what SQLite freed, not what was lost."""

    def __init__(self, work: Path, src: sqlite3.Connection, schema: dict[str, SourceTable]):
        self.work, self.schema = work, schema
        self.header = parse_header(read_head(work))
        self.owners: Optional[dict[int, str]] = None
        self._unlinked: Optional[dict[int, list[tuple[int, list]]]] = None
        # the file's pages are the database's pages only when no changes wait in a -wal
        self.usable = self.header is not None and self.header.problem() is None \
            and not has_content(side_file(work, "-wal"))
        if self.usable:
            try:
                self.roots = [(name, root) for name, root in src.execute(
                    "SELECT name, rootpage FROM sqlite_schema WHERE rootpage > 0")] + [("sqlite_schema", 1)]
            except sqlite3.DatabaseError:
                self.usable = False

    def _pages(self) -> PageFile:
        return PageFile(self.work, self.header.page_size)

    def _usable_size(self) -> int:
        return self.header.page_size - self.header.reserved

    def _walk(self) -> dict[int, str]:
        if self.owners is None:
            self.owners, _ = walk_trees(self.work, self.header.page_size, self.header.reserved, self.roots)
        return self.owners

    def _unlinked_rows(self) -> dict[int, list[tuple[int, list]]]:
        """Records of the leaf pages no b-tree reaches, by their number of columns."""
        if self._unlinked is None:
            owners, self._unlinked = self._walk(), {}
            with self._pages() as pages:
                free = freelist_pages(pages, self.header.freelist_trunk)
                for number in range(2, pages.page_count + 1):
                    if number not in owners and number not in free:
                        for rowid, values in table_leaf_rows(pages, number, self._usable_size()):
                            self._unlinked.setdefault(len(values), []).append((rowid, values))
        return self._unlinked

    def rows_for(self, table: SourceTable) -> dict[int, list]:
        """rowid -> values (in the table's column order) for ``table``."""
        if not self.usable:
            return {}
        found: dict[int, list] = {}
        owned = [n for n, owner in self._walk().items() if owner == table.name]
        with self._pages() as pages:
            for number in owned:
                # a page of the table that is not a b-tree page any more is read as a leaf: if
                # only its first bytes were hit, its cells are still there
                as_leaf = isinstance(read_btree_page(pages, number, self._usable_size()), str)
                for rowid, values in table_leaf_rows(pages, number, self._usable_size(), as_leaf):
                    if len(values) <= len(table.columns):
                        found[rowid] = values
        width = len(table.columns)
        if sum(len(t.columns) == width for t in self.schema.values() if t.rowid) == 1:
            for rowid, values in self._unlinked_rows().get(width, []):
                found.setdefault(rowid, values)
        id_at = table.columns.index("id") if "id" in table.columns else -1
        for rowid, values in found.items():
            if 0 <= id_at < len(values) and values[id_at] is None:
                values[id_at] = rowid  # the rowid alias is stored as NULL in the record
        return found


def _rowid_rows(src: sqlite3.Connection, name: str, columns: list[str],
                report: TableReport, seen: set) -> Iterator[tuple]:
    """The rows SQLite can read, in rowid order, past unreadable pages; ``seen`` collects their
    rowids."""
    listed = ", ".join(_q(c) for c in columns)
    scan = f'SELECT rowid, {listed} FROM {_q(name)} WHERE rowid >= ? ORDER BY rowid'
    probe = scan + " LIMIT 1"
    low = MIN_ROWID
    while True:
        try:
            for row in src.execute(scan, (low,)):
                if row[0] in seen:
                    continue
                seen.add(row[0])
                if row[0] >= low:
                    low = row[0] + 1 if row[0] < MAX_ROWID else MAX_ROWID
                yield row[1:]
            return
        except sqlite3.DatabaseError:
            report.complete = False
        following = _next_readable(src, probe, low)
        if following is None or following in seen:
            return
        low = following


def _next_readable(src: sqlite3.Connection, probe: str, low: int) -> Optional[int]:
    """The rowid of the first row at or after ``low`` that SQLite can read, past the pages it
    cannot (None when none is left): seek forward in doubling steps until a seek succeeds, then
    bisect back to the first rowid from which one does."""
    def attempt(rowid: int):
        try:
            return True, src.execute(probe, (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            return False, None

    bad, step = low, 1
    while True:
        good = min(bad + step, MAX_ROWID)
        ok, row = attempt(good)
        if ok:
            break
        if good == MAX_ROWID:
            return None
        bad, step = good, step * 2
    while good - bad > 1:
        middle = (bad + good) // 2
        ok, found = attempt(middle)
        if ok:
            good, row = middle, found
        else:
            bad = middle
    return None if row is None else row[0]


def _keyed_rows(src: sqlite3.Connection, table: SourceTable, columns: list[str],
                known_uids: list[str], report: TableReport) -> Iterator[tuple]:
    """A WITHOUT ROWID table (the sync history): a scan in key order; past damage, the rows of
    each known record uid, one seek each."""
    listed = ", ".join(_q(c) for c in columns)
    seen: set = set()
    key_at = [columns.index(k) for k in table.key if k in columns]
    try:
        for row in src.execute(f"SELECT {listed} FROM {_q(table.name)}"):
            seen.add(tuple(row[i] for i in key_at))
            yield row
        return
    except sqlite3.DatabaseError:
        report.complete, report.lost = False, None
    if "uid" not in columns:
        return
    for uid in dict.fromkeys(known_uids):
        try:
            found = src.execute(f"SELECT {listed} FROM {_q(table.name)} WHERE uid = ?", (uid,)).fetchall()
        except sqlite3.DatabaseError:
            continue
        for row in found:
            key = tuple(row[i] for i in key_at)
            if key not in seen:
                seen.add(key)
                yield row


def _count_lost(src: sqlite3.Connection, table: SourceTable, report: TableReport) -> None:
    """Rows that were there but could not be read: ids named by the table's indexes, and ids up
    to the highest known one (Curator never deletes a row), that were not read."""
    if not table.rowid or "id" not in table.columns:
        if table.rowid and not report.complete:
            report.lost = None
        return
    uid_of: dict[int, str] = {}
    indexed: set[int] = set()
    for index in table.indexes:
        uid_index = index.endswith("_uid")
        try:
            cursor = src.execute(f'SELECT rowid{", uid" if uid_index else ""} FROM {_q(table.name)} '
                                 f"INDEXED BY {_q(index)}")
            for row in cursor:
                if isinstance(row[0], int) and row[0] > 0:
                    indexed.add(row[0])
                    if uid_index and isinstance(row[1], str) and _UID.match(row[1]):
                        uid_of[row[0]] = row[1]
        except sqlite3.DatabaseError:
            continue
    read = report.read_ids
    if not report.complete and not (indexed | read):
        report.lost = None  # nothing tells how many rows there were
        return
    highest = max(indexed | read, default=0)
    lost = sorted((indexed | set(range(1, highest + 1))) - read)
    report.lost = len(lost)
    report.lost_ids = lost
    report.lost_uids = [uid_of[i] for i in lost if i in uid_of]
    if lost:
        report.complete = False


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
        report = project.check()
    return {"ok": report["ok"], "problems": report["problems"][:50],
            "problem_count": len(report["problems"])}

