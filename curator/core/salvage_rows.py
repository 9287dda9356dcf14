"""Reading the rows of a damaged SQLite file, past the pages SQLite cannot read (for
:mod:`curator.core.recovery`).

Each table is read in rowid order; where SQLite stops at an unreadable page, the next readable
row is found by seeking (:func:`next_readable`); the rows between are lost. When SQLite could not
read a table to the end, its leaf pages, and pages no b-tree reaches any more, are read straight
from the bytes (:class:`PageSalvage`). A row whose uid or timestamps are not what Curator writes
is garbage read off a damaged page and is left out. What was lost is counted from the ids
(:func:`count_lost`).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from curator.core.sqlite_file import (
    PageFile, freelist_pages, has_content, parse_header, read_btree_page, read_head, side_file,
    table_leaf_rows, walk_trees,
)

UNREADABLE = (sqlite3.DatabaseError, MemoryError)
"""What reading a damaged page can raise: SQLite's errors, and MemoryError when a garbled record
claims a value of gigabytes (SQLITE_NOMEM, which Python's sqlite3 raises as MemoryError)."""

MIN_ROWID, MAX_ROWID = -(2 ** 63), 2 ** 63 - 1
LISTED = 1000  # lost uids listed per table, at most
_UID = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")
_STAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[0-9.]*(Z|[+-][0-9]{2}:?[0-9]{2})?$")
STAMPS = ("created_at", "updated_at", "deleted_at")  # every record's timestamps (deleted_at: or NULL)


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


@dataclass
class SourceTable:
    name: str
    columns: list[str]
    rowid: bool  # a rowid table (else WITHOUT ROWID: read in key order)
    key: list[str]  # its primary key columns (WITHOUT ROWID)
    indexes: list[str]


def quote_name(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


# ---------------------------------------------------------------------------------- reading
def read_table(src: sqlite3.Connection, table: SourceTable, columns: list[str],
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
            except UNREADABLE:
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
    listed = ", ".join(quote_name(c) for c in columns)
    scan = f'SELECT rowid, {listed} FROM {quote_name(name)} WHERE rowid >= ? ORDER BY rowid'
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
        except UNREADABLE:
            report.complete = False
        following = next_readable(src, probe, low)
        if following is None or following in seen:
            return
        low = following


def next_readable(src: sqlite3.Connection, probe: str, low: int) -> Optional[int]:
    """The rowid of the first row at or after ``low`` that SQLite can read, past the pages it
    cannot (None when none is left): seek forward in doubling steps until a seek succeeds, then
    bisect back to the first rowid from which one does."""
    def attempt(rowid: int):
        try:
            return True, src.execute(probe, (rowid,)).fetchone()
        except UNREADABLE:
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
    listed = ", ".join(quote_name(c) for c in columns)
    seen: set = set()
    key_at = [columns.index(k) for k in table.key if k in columns]
    try:
        for row in src.execute(f"SELECT {listed} FROM {quote_name(table.name)}"):
            seen.add(tuple(row[i] for i in key_at))
            yield row
        return
    except UNREADABLE:
        report.complete, report.lost = False, None
    if "uid" not in columns:
        return
    for uid in dict.fromkeys(known_uids):
        try:
            found = src.execute(f"SELECT {listed} FROM {quote_name(table.name)} WHERE uid = ?", (uid,)).fetchall()
        except UNREADABLE:
            continue
        for row in found:
            key = tuple(row[i] for i in key_at)
            if key not in seen:
                seen.add(key)
                yield row


def count_lost(src: sqlite3.Connection, table: SourceTable, report: TableReport) -> None:
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
            cursor = src.execute(f'SELECT rowid{", uid" if uid_index else ""} FROM {quote_name(table.name)} '
                                 f"INDEXED BY {quote_name(index)}")
            for row in cursor:
                if isinstance(row[0], int) and row[0] > 0:
                    indexed.add(row[0])
                    if uid_index and isinstance(row[1], str) and _UID.match(row[1]):
                        uid_of[row[0]] = row[1]
        except UNREADABLE:
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
