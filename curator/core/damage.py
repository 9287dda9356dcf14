"""Saying what is wrong with a damaged project file, in one line, without changing it.

A :class:`Diagnosis` names what is wrong ("is truncated: 200,000 bytes where the header says 126
pages of 4,096 bytes", "is damaged (database disk image is malformed: page 70 of table event is
damaged)", "is not an SQLite database"), says that nothing was changed, where the newest backup
is (the copies migrations leave beside the file, ``NAME.vN-YYYYMMDD-HHMMSS.bak``) and, when
something can be salvaged, that ``curator recover`` does it.

Nothing here writes to the file or beside it: the header is read as bytes, SQLite reads through
:func:`snapshot` (``immutable=1``, or ``mode=ro`` joining a live ``-wal``, or a private copy of
the file and its ``-wal`` when SQLite would have to create a ``-shm``), and the page walk of
:mod:`curator.core.sqlite_file` reads bytes.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from curator.core.errors import DamagedProject, NotACuratorFile
from curator.core.file_access import Access
from curator.core.sqlite_file import (
    HEADER_SIZE, MAGIC, has_content, looks_like_pages, parse_header, read_head, side_file, walk_trees,
)

MALFORMED = "database disk image is malformed"
QUICK_CHECK_LIMIT = 100  # SQLite's quick_check stops after this many problems
_BACKUP = re.compile(r"\.v(\d+)-(\d{8}-\d{6})\.bak$")
_PAGE = re.compile(r"\bpage (\d+)", re.IGNORECASE)
DAMAGE_ERRORS = ("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_IOERR")


def newest_backup(path: Path) -> Optional[Path]:
    """The newest backup copy a migration left beside ``path`` (``NAME.vN-STAMP.bak``), if any."""
    path = Path(path)
    try:
        found = [(m.group(2), p) for p in path.parent.glob(f"{glob_escape(path.name)}.v*.bak")
                 if (m := _BACKUP.search(p.name)) and p.name.startswith(path.name + ".v")]
    except OSError:
        return None
    return max(found)[1] if found else None


def glob_escape(name: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", name)


@dataclass
class Diagnosis:
    """What is wrong with one file (``damaged`` False: nothing SQLite can tell)."""

    path: Path
    damaged: bool
    what: str = ""  # the middle of the line: "is truncated: …", "is damaged (…)"
    problems: list[str] = field(default_factory=list)  # one per damaged place, for reports
    integrity: list[str] = field(default_factory=list)  # SQLite's quick_check lines, as given
    backup: Optional[Path] = None
    salvageable: bool = False  # whether `curator recover` can try

    def line(self, command_hint: bool = True) -> str:
        """The one line: what is wrong, that nothing was changed, the newest backup and (for the
        command line; the window has a button instead) how to salvage what is left."""
        parts = [f"{self.path} {self.what}", "nothing was changed",
                 f"newest backup: {self.backup}" if self.backup else "no backup found"]
        if self.salvageable and command_hint:
            parts.append(f"`curator recover {self.path} NEW.curator` salvages what is still readable")
        return "; ".join(parts)

    def as_dict(self) -> dict:
        return {"damaged": self.damaged, "diagnosis": self.line() if self.damaged else "",
                "problems": list(self.problems), "integrity": list(self.integrity),
                "backup": str(self.backup) if self.backup else None,
                "recoverable": self.salvageable}


def _damaged(path: Path, what: str, problems: list[str], salvageable: bool = True,
             integrity: Optional[list[str]] = None) -> Diagnosis:
    return Diagnosis(path, True, what, problems, integrity or [], newest_backup(path), salvageable)


# ---------------------------------------------------------------------------------- the header
def header_diagnosis(path: Path) -> Optional[Diagnosis]:
    """What the file's first bytes and its length say: None when they are those of a whole SQLite
    file; a damaged Diagnosis for a truncated file or a lost header; NotACuratorFile for a file
    that is not SQLite at all."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise NotACuratorFile(f"{path} is empty (0 bytes), not a Curator project")
    raw = read_head(path)
    if len(raw) < HEADER_SIZE:
        if raw.startswith(MAGIC[:len(raw)]) or MAGIC.startswith(raw[:16]):
            return _damaged(path, f"is truncated: {size:,} bytes, shorter than SQLite's own "
                                  f"{HEADER_SIZE}-byte header", [f"file is {size} bytes"], False)
        raise NotACuratorFile(f"{path} is not a Curator project: it is not an SQLite database "
                              f"({_first_bytes(raw)})")
    header = parse_header(raw)
    if header is None:
        page_size = looks_like_pages(path)
        if page_size:
            return _damaged(path, f"is damaged: its SQLite header (the first {HEADER_SIZE} bytes) is "
                                  f"overwritten, though the rest looks like SQLite pages of "
                                  f"{page_size:,} bytes", ["header: not SQLite's"])
        raise NotACuratorFile(f"{path} is not a Curator project: it is not an SQLite database "
                              f"({_first_bytes(raw)})")
    problem = header.problem()
    if problem:
        return _damaged(path, f"is damaged: its SQLite header is damaged ({problem})", [f"header: {problem}"])
    wal_changes = has_content(side_file(path, "-wal"))
    if header.size_is_valid and not wal_changes and size < header.page_count * header.page_size:
        expected = header.page_count * header.page_size
        return _damaged(path, f"is truncated: {size:,} bytes where the header says {header.page_count:,} "
                              f"pages of {header.page_size:,} bytes ({expected:,} bytes)",
                        [f"file is {size} bytes, header says {expected}"])
    if size % header.page_size:
        return _damaged(path, f"is truncated: {size:,} bytes, which is not a whole number of "
                              f"{header.page_size:,}-byte pages", [f"file is {size} bytes"])
    return None


def _first_bytes(raw: bytes) -> str:
    text = raw[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        return "it looks like JSON: a Curator JSON export is added with `curator import`"
    if text.startswith(b"PK\x03\x04"):
        return "it is a ZIP archive"
    shown = " ".join(f"{b:02x}" for b in raw[:8])
    return f"its first bytes are {shown}" if raw else "it is empty"


def check_header(path: Path) -> None:
    """Raise DamagedProject (or NotACuratorFile) when the header and length are not whole."""
    diagnosis = header_diagnosis(path)
    if diagnosis is not None:
        raise DamagedProject(diagnosis)


# ---------------------------------------------------------------------------------- reading
@contextlib.contextmanager
def snapshot(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that reads ``path`` and writes nothing, in it or beside it.

    Without changes waiting in a ``-wal``: ``immutable=1``. With them: ``mode=ro`` when the
    ``-shm`` exists (SQLite then joins the live WAL), else a private copy of the file and its
    ``-wal`` in a temporary folder (SQLite would otherwise create the ``-shm`` beside it)."""
    path = Path(path)
    wal, shm = side_file(path, "-wal"), side_file(path, "-shm")
    with contextlib.ExitStack() as stack:
        if not has_content(wal):
            conn = sqlite3.connect(Access(path, True, params="immutable=1").uri(), uri=True)
        elif shm.exists():
            conn = sqlite3.connect(Access(path, True, params="mode=ro").uri(), uri=True)
        else:
            copy = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="curator-check-"))) / "copy.sqlite"
            shutil.copyfile(path, copy)
            shutil.copyfile(wal, side_file(copy, "-wal"))
            conn = sqlite3.connect(copy)
        stack.callback(conn.close)  # closed before the private copy's folder goes
        yield conn


def is_damage(error: BaseException) -> bool:
    """Whether an sqlite3 error (or SQLAlchemy's wrapper of one) means the file is damaged."""
    error = getattr(error, "orig", None) or error
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    return name.startswith(DAMAGE_ERRORS) or MALFORMED in text or "file is not a database" in text


def diagnose(path: Path) -> Diagnosis:
    """The whole diagnosis of ``path``: its header and length, then SQLite's quick_check and a
    walk over the b-tree pages to name the damaged ones."""
    path = Path(path)
    found = header_diagnosis(path)
    if found is not None:
        return found
    header = parse_header(read_head(path))
    try:
        with snapshot(path) as conn:
            return _page_diagnosis(path, conn, header)
    except sqlite3.DatabaseError as exc:
        return _damaged(path, f"is damaged ({_sqlite_message(exc)})", [_sqlite_message(exc)])


def _sqlite_message(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _page_diagnosis(path: Path, conn: sqlite3.Connection, header) -> Diagnosis:
    try:
        schema = conn.execute("SELECT type, name, tbl_name, rootpage FROM sqlite_schema").fetchall()
    except sqlite3.DatabaseError as exc:
        return _damaged(path, f"is damaged ({_sqlite_message(exc)}: its schema, on page 1, cannot be "
                              "read)", ["page 1 (the schema) is damaged"], False)
    error = ""
    try:
        integrity = [r[0] for r in conn.execute(f"PRAGMA quick_check({QUICK_CHECK_LIMIT})")]
    except sqlite3.DatabaseError as exc:
        integrity, error = [], _sqlite_message(exc)
    if integrity == ["ok"]:
        return Diagnosis(path, False)
    lines = [line for text in integrity for line in text.splitlines()
             if line.strip() and not line.startswith("***")]
    trees = {name: (kind, table) for kind, name, table, _ in schema}
    named_pages: dict[int, str] = {}  # page -> why (from SQLite's words, or the walk's)
    for line in lines:
        for number in _PAGE.findall(line):
            named_pages.setdefault(int(number), line)
    owners: dict[int, str] = {}
    if not has_content(side_file(path, "-wal")):  # the file's pages are the database's pages
        owners, bad = walk_trees(path, header.page_size, header.reserved,
                                 [(name, root) for _, name, _, root in schema if root] + [("sqlite_schema", 1)])
        for number, _, why in bad:
            named_pages.setdefault(number, why)
    places = _describe_pages(named_pages, owners, trees)
    if not places:
        places = _unreadable_tables(conn, schema)
    what = error or next((line for line in lines if MALFORMED in line), MALFORMED)
    if places:
        verb = "is" if len(places) == 1 and len(named_pages) <= 1 else "are"
        what = f"{what}: {_join(places)} {verb} damaged"
    problems = [f"{_describe_pages({n: why}, owners, trees)[0]}: {why}"
                for n, why in sorted(named_pages.items())] or places or [what]
    return _damaged(path, f"is damaged ({what})", problems, True, integrity or [error])


def _describe_pages(pages: dict[int, str], owners: dict[int, str], trees: dict) -> list[str]:
    """"page 70 of table event", "pages 3 and 9 of index ix_event_uid (of table event)", …"""
    by_tree: dict[str, list[int]] = {}
    for number in sorted(pages):
        by_tree.setdefault(owners.get(number, ""), []).append(number)
    places = []
    for tree, numbers in by_tree.items():
        if len(numbers) > 6:  # the line stays one line: "20 pages (260, 938, 1604, …, 12995)"
            listed = f"({', '.join(str(n) for n in numbers[:3])}, …, {numbers[-1]})"
            word = f"{len(numbers)} pages"
        else:
            listed = _join([str(n) for n in numbers])
            word = "page" if len(numbers) == 1 else "pages"
        if not tree:
            places.append(f"{word} {listed}")
        elif tree == "sqlite_schema":
            places.append(f"{word} {listed} of the schema")
        else:
            kind, table = trees.get(tree, ("table", tree))
            places.append(f"{word} {listed} of table {tree}" if kind == "table"
                          else f"{word} {listed} of {kind} {tree} (of table {table})")
    return places


def _unreadable_tables(conn: sqlite3.Connection, schema) -> list[str]:
    """Tables SQLite cannot read to the end (when its check stopped before saying where)."""
    found = []
    for kind, name, _, _ in schema:
        if kind != "table" or name.startswith("sqlite_"):
            continue
        try:
            for _ in conn.execute(f'SELECT * FROM "{name}"'):
                pass
        except sqlite3.DatabaseError:
            found.append(f"table {name}")
    return found


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def from_integrity(path: Path, integrity: list[str]) -> Diagnosis:
    """A diagnosis from SQLite's full integrity_check lines, for damage its quick check does not
    look for (an index that disagrees with its table)."""
    lines = [line for text in integrity for line in text.splitlines()
             if line.strip() and not line.startswith("***")] or [MALFORMED]
    return _damaged(path, f"is damaged ({lines[0]})", lines, True, integrity)


def verify(path: Path) -> None:
    """Raise DamagedProject when ``path`` is damaged (its header, length or any page)."""
    diagnosis = diagnose(path)
    if diagnosis.damaged:
        raise DamagedProject(diagnosis)
