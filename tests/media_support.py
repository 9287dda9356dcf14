"""Read-only media and damaged files for tests, made for real.

* :func:`read_only_mount`: a read-only bind mount (``mount --bind`` then ``mount -o
  remount,ro,bind``); it needs root (or CAP_SYS_ADMIN) and skips the test with the reason
  otherwise. ``chmod 444`` does not stop root, so it is never relied on when running as root.
* :func:`unwritable`: a file or folder nobody may write: ``chattr +i`` (immutable, which stops
  root too) when running as root, ``chmod a-w`` otherwise; skipped where neither holds.
* damage: a page overwritten, a file truncated, a header zeroed, always on a copy.

Oracles are SQLite's own: ``dbstat`` (which pages a table has, how many cells each) where the
build has it, ``PRAGMA integrity_check``, and plain sqlite3 reads of the original file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def side_files(path: Path) -> list[str]:
    """The SQLite side files beside ``path`` that exist."""
    return [s for s in SIDE_SUFFIXES if Path(str(path) + s).exists()]


def folder_listing(folder: Path) -> set[str]:
    return {p.name for p in Path(folder).iterdir()}


def _run(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True)


@contextmanager
def read_only_mount(source: Path, target: Path) -> Iterator[Path]:
    """``target`` as a read-only bind mount of ``source``; skips when mounting is not allowed."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("a read-only bind mount needs root (or CAP_SYS_ADMIN); not running as root")
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip("no mount/umount command here")
    target.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "--bind", str(source), str(target))
    if done.returncode:
        pytest.skip(f"mount --bind is not allowed here: {done.stderr.strip()}")
    try:
        done = _run("mount", "-o", "remount,ro,bind", str(target))
        if done.returncode:
            pytest.skip(f"remounting read-only is not allowed here: {done.stderr.strip()}")
        probe = target / ".curator-write-probe"
        try:
            probe.write_bytes(b"")
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.skip("the bind mount is still writable")
        yield target
    finally:
        _run("umount", str(target))


@contextmanager
def unwritable(path: Path) -> Iterator[Path]:
    """``path`` (a file or a folder) made unwritable for the current user, root included."""
    path = Path(path)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root and no chattr: nothing stops root from writing")
        done = _run("chattr", "+i", str(path))
        if done.returncode:
            pytest.skip(f"chattr +i is not supported here: {done.stderr.strip()}")
        try:
            yield path
        finally:
            _run("chattr", "-i", str(path))
        return
    mode = path.stat().st_mode
    path.chmod(mode & ~0o222)
    try:
        if os.access(path, os.W_OK):
            pytest.skip("chmod a-w does not stop this user from writing")
        yield path
    finally:
        path.chmod(mode)


# ---------------------------------------------------------------------------------- damage
def has_dbstat() -> bool:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("SELECT * FROM dbstat LIMIT 1").fetchall()
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def table_pages(path: Path, table: str) -> list[tuple[int, str, int]]:
    """(page number, page type, cells) of every page of ``table``'s b-tree, by SQLite's dbstat."""
    if not has_dbstat():
        pytest.skip("this SQLite has no dbstat table to tell which pages a table has")
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT pageno, pagetype, ncell FROM dbstat WHERE name = ? ORDER BY pageno",
                            (table,)).fetchall()
    finally:
        conn.close()


def page_size(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()


def overwrite(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(data)


def overwrite_page(path: Path, page: int, fill: bytes = b"\xaa", start: int = 0, length: int | None = None) -> None:
    size = page_size(path)
    overwrite(path, (page - 1) * size + start, fill * ((length or size) - 0))


def rows(path: Path, table: str) -> dict:
    """uid -> the whole row (as a tuple of every column) of ``table`` in an intact file."""
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        cursor = conn.execute(f'SELECT * FROM "{table}"')
        names = [d[0] for d in cursor.description]
        key = names.index("uid")
        return {row[key]: row for row in cursor}
    finally:
        conn.close()


def ids_on_page(path: Path, table: str, page: int) -> set[int]:
    """The rowids of the cells of table leaf page ``page`` of an intact file, decoded by hand
    from SQLite's documented cell format (a varint payload size, then the varint rowid)."""
    size = page_size(path)
    data = Path(path).read_bytes()[(page - 1) * size:page * size]
    assert data[0] == 13, "not a table leaf page"
    count = int.from_bytes(data[3:5], "big")
    found = set()
    for i in range(count):
        at = int.from_bytes(data[8 + 2 * i:10 + 2 * i], "big")
        _, at = _varint(data, at)
        rowid, _ = _varint(data, at)
        found.add(rowid)
    return found


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    raise AssertionError("unreachable")
