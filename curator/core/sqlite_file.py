"""An SQLite file's bytes, read without SQLite: its 100-byte header, its side files, its b-trees.

Curator reads these where opening the file through SQLite would be wrong: to refuse a file (a
read-only SQLite connection to a WAL file leaves empty ``-wal``/``-shm`` files beside it), to say
what is wrong with a damaged one (SQLite's own check can stop at the first bad page), and to
rebuild a header that was overwritten, so that what lies behind it can be salvaged.

The layout is SQLite's documented file format (https://www.sqlite.org/fileformat2.html).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
PAGE_SIZES = (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512)  # likeliest first
TABLE_INTERIOR, TABLE_LEAF, INDEX_INTERIOR, INDEX_LEAF = 5, 13, 2, 10
PAGE_TYPES = {TABLE_INTERIOR: "table interior", TABLE_LEAF: "table leaf",
              INDEX_INTERIOR: "index interior", INDEX_LEAF: "index leaf"}


def side_file(path: Path, suffix: str) -> Path:
    """``NAME-wal``, ``NAME-shm`` or ``NAME-journal`` beside ``path``."""
    return Path(str(path) + suffix)


def side_files(path: Path) -> list[Path]:
    """The side files SQLite may keep beside ``path`` that exist now."""
    return [p for p in (side_file(path, s) for s in ("-wal", "-shm", "-journal")) if p.exists()]


def has_content(path: Path) -> bool:
    """Whether ``path`` exists and is not empty (a ``-wal`` with frames, a hot ``-journal``)."""
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


@dataclass(frozen=True)
class Header:
    """The fields of the 100-byte database header Curator reads."""

    page_size: int  # 512..65536, or 0 when the stored value is not a power of two in range
    write_version: int  # 1 legacy (rollback journal), 2 WAL
    read_version: int
    reserved: int  # bytes reserved at the end of each page
    fractions: tuple[int, int, int]  # payload fractions, 64/32/32 in every valid file
    change_counter: int
    page_count: int  # the in-header database size in pages
    version_valid_for: int
    freelist_trunk: int  # the first free-list trunk page (0: none)
    text_encoding: int
    user_version: int
    application_id: int

    @property
    def wal(self) -> bool:
        return self.write_version == 2 or self.read_version == 2

    @property
    def size_is_valid(self) -> bool:
        """SQLite trusts the in-header size only when it is non-zero and the change counter
        equals the version-valid-for number (else it goes by the file's length)."""
        return self.page_count > 0 and self.change_counter == self.version_valid_for

    def problem(self) -> Optional[str]:
        """What makes this header unusable to SQLite, or None."""
        if not self.page_size:
            return "its page size is not a power of two between 512 and 65536"
        if self.fractions != (64, 32, 32):
            return "its payload fractions are not SQLite's 64/32/32"
        if self.write_version not in (1, 2) or self.read_version not in (1, 2):
            return f"its file format versions are {self.write_version}/{self.read_version}, not 1 or 2"
        if self.text_encoding not in (0, 1, 2, 3):
            return f"its text encoding is {self.text_encoding}, not 1, 2 or 3"
        if self.reserved >= self.page_size - 480:
            return f"it reserves {self.reserved} bytes of every page"
        return None


def read_head(path: Path, size: int = HEADER_SIZE) -> bytes:
    """The first ``size`` bytes of a database file, read safely even while this process has it
    open through SQLite (the handle's closing is deferred: see curator.core.wal.close_file_of)."""
    from curator.core.wal import close_file_of

    fh = open(path, "rb")
    try:
        return fh.read(size)
    finally:
        close_file_of(fh, path)


def parse_header(raw: bytes) -> Optional[Header]:
    """The header of ``raw`` (a file's first 100 bytes), or None when it is not SQLite's."""
    if len(raw) < HEADER_SIZE or not raw.startswith(MAGIC):
        return None
    (page_size,) = struct.unpack_from(">H", raw, 16)
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        page_size = 0
    counter, count, trunk = struct.unpack_from(">III", raw, 24)
    encoding, user_version = struct.unpack_from(">Ii", raw, 56)
    (app_id,) = struct.unpack_from(">i", raw, 68)
    (valid_for,) = struct.unpack_from(">I", raw, 92)
    return Header(page_size, raw[18], raw[19], raw[20], (raw[21], raw[22], raw[23]), counter, count,
                  valid_for, trunk, encoding, user_version, app_id & 0xFFFFFFFF)


def build_header(page_size: int, page_count: int) -> bytes:
    """A plain header for a file whose own was lost: rollback journal, UTF-8, schema format 4,
    no free-list (its pages, if any, are then merely unused). user_version and application_id
    are 0: what the file held is no longer known."""
    raw = bytearray(HEADER_SIZE)
    raw[:16] = MAGIC
    struct.pack_into(">H", raw, 16, 1 if page_size == 65536 else page_size)
    raw[18:24] = bytes((1, 1, 0, 64, 32, 32))
    struct.pack_into(">IIIIIIIIII", raw, 24, 1, page_count, 0, 0, 1, 4, 0, 0, 1, 0)
    struct.pack_into(">II", raw, 92, 1, 3_040_001)
    return bytes(raw)


# ---------------------------------------------------------------------------------- b-tree pages
class PageFile:
    """Random access to the pages of a file (1-based page numbers)."""

    def __init__(self, path: Path, page_size: int):
        self.path, self.page_size = Path(path), page_size
        self.size = self.path.stat().st_size
        self.page_count = self.size // page_size
        self._fh = open(self.path, "rb")

    def close(self) -> None:
        from curator.core.wal import close_file_of

        close_file_of(self._fh, self.path)  # safe while SQLite has the file open here too

    def __enter__(self) -> "PageFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def page(self, number: int) -> bytes:
        self._fh.seek((number - 1) * self.page_size)
        return self._fh.read(self.page_size)


@dataclass(frozen=True)
class BTreePage:
    number: int
    kind: int  # one of PAGE_TYPES
    cells: tuple[int, ...]  # cell offsets in the page
    children: tuple[int, ...]  # child page numbers (interior pages)


def read_btree_page(pages: PageFile, number: int, usable: int, as_kind: int = 0) -> BTreePage | str:
    """The b-tree page ``number``, or a sentence saying why it is not one. ``as_kind``: read it
    as a page of that kind whatever its type byte says (a page whose first byte was hit)."""
    if not 1 <= number <= pages.page_count:
        return f"points to page {number}, beyond the file's {pages.page_count} pages"
    data = pages.page(number)
    at = HEADER_SIZE if number == 1 else 0
    kind = as_kind or data[at]
    if kind not in PAGE_TYPES:
        return f"is not a b-tree page (type byte {kind:#04x})"
    interior = kind in (TABLE_INTERIOR, INDEX_INTERIOR)
    header = 12 if interior else 8
    (count,) = struct.unpack_from(">H", data, at + 3)
    pointers_end = at + header + 2 * count
    if pointers_end > usable:
        return f"claims {count} cells, more than a page holds"
    cells = struct.unpack_from(f">{count}H", data, at + header)
    if any(not pointers_end <= c < usable for c in cells):
        return "has a cell outside the page"
    children: tuple[int, ...] = ()
    if interior:
        children = tuple(struct.unpack_from(">I", data, c)[0] for c in cells)
        children += struct.unpack_from(">I", data, at + 8)
    return BTreePage(number, kind, cells, children)


def walk_trees(path: Path, page_size: int, reserved: int,
               roots: Iterable[tuple[str, int]]) -> tuple[dict[int, str], list[tuple[int, str, str]]]:
    """Follow each b-tree from its root page through its interior pages (no SQLite involved).
    Returns the owner of every page reached (page -> tree name) and the pages that are not what
    their parent says they are: (page, tree name, why)."""
    owners: dict[int, str] = {}
    bad: list[tuple[int, str, str]] = []
    usable = page_size - reserved
    with PageFile(path, page_size) as pages:
        for name, root in roots:
            if not root:
                continue
            todo, depth = [root], 0
            while todo and depth < 40:  # a b-tree of 40 levels would hold more than any file
                following: list[int] = []
                for number in todo:
                    if number in owners:
                        bad.append((number, name, "is reached twice"))
                        continue
                    owners[number] = name
                    page = read_btree_page(pages, number, usable)
                    if isinstance(page, str):
                        bad.append((number, name, page))
                    else:
                        following.extend(page.children)
                todo, depth = following, depth + 1
    return owners, bad


def page_size_candidates(path: Path) -> list[int]:
    """The page sizes a file whose header is lost may have, likeliest first: sizes the file is a
    whole number of pages of, whose page 1 is a table b-tree page (the schema) with every cell
    inside the page. Smaller sizes come first: a page's cells sit at its end, so a size smaller
    than the real one puts them outside the page, while a larger one would not."""
    size = path.stat().st_size
    found = []
    for page_size in sorted(PAGE_SIZES):
        if size < page_size or size % page_size:
            continue
        with PageFile(path, page_size) as pages:
            first = read_btree_page(pages, 1, page_size)
            if isinstance(first, BTreePage) and first.kind in (TABLE_LEAF, TABLE_INTERIOR) and first.cells:
                found.append(page_size)
    return found


def looks_like_pages(path: Path) -> Optional[int]:
    """The likeliest page size when a file without a valid header still looks like SQLite pages
    (None when it does not)."""
    try:
        candidates = page_size_candidates(path)
    except OSError:
        return None
    return candidates[0] if candidates else None


# ---------------------------------------------------------------------------------- records
def varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's variable-length integer at ``at``: (value, offset after it)."""
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    value = (value << 8) | data[at + 8]
    if value >= 1 << 63:
        value -= 1 << 64
    return value, at + 9


def decode_record(payload: bytes) -> list:
    """The values of a record (SQLite's record format; text as UTF-8). ValueError if it is not
    one."""
    size, at = varint(payload, 0)
    if not 0 < size <= len(payload):
        raise ValueError("record header out of range")
    types = []
    while at < size:
        serial, at = varint(payload, at)
        types.append(serial)
    values, at = [], size
    for serial in types:
        if serial == 0:
            values.append(None)
            continue
        if serial in (8, 9):
            values.append(serial - 8)
            continue
        if 1 <= serial <= 6:
            width = (1, 2, 3, 4, 6, 8)[serial - 1]
            values.append(int.from_bytes(payload[at:at + width], "big", signed=True))
        elif serial == 7:
            (number,) = struct.unpack_from(">d", payload, at)
            values.append(number)
            width = 8
        elif serial >= 12:
            width = (serial - 12) // 2
            raw = payload[at:at + width]
            values.append(raw.decode("utf-8") if serial % 2 else bytes(raw))
        else:
            raise ValueError(f"serial type {serial}")
        if at + width > len(payload):
            raise ValueError("record runs past its payload")
        at += width
    return values


def table_leaf_rows(pages: PageFile, number: int, usable: int,
                    as_leaf: bool = False) -> Iterator[tuple[int, list]]:
    """(rowid, values) of every cell of the table leaf page ``number`` that decodes, following
    overflow chains; a cell that does not decode is skipped. ``as_leaf``: read the page as a
    table leaf whatever its type byte says."""
    page = read_btree_page(pages, number, usable, TABLE_LEAF if as_leaf else 0)
    if isinstance(page, str) or page.kind != TABLE_LEAF:
        return
    data = pages.page(number)
    most_local = usable - 35
    least_local = (usable - 12) * 32 // 255 - 23
    for offset in page.cells:
        try:
            size, at = varint(data, offset)
            rowid, at = varint(data, at)
            if size <= most_local:
                payload = data[at:at + size]
            else:
                local = least_local + (size - least_local) % (usable - 4)
                local = local if local <= most_local else least_local
                payload = bytearray(data[at:at + local])
                (following,) = struct.unpack_from(">I", data, at + local)
                visited: set[int] = set()
                while len(payload) < size:
                    if following in visited or not 1 <= following <= pages.page_count:
                        raise ValueError("broken overflow chain")
                    visited.add(following)
                    overflow = pages.page(following)
                    (next_page,) = struct.unpack_from(">I", overflow, 0)
                    payload += overflow[4:usable][:size - len(payload)]
                    following = next_page
            if len(payload) != size:
                raise ValueError("short payload")
            yield rowid, decode_record(bytes(payload))
        except (ValueError, IndexError, struct.error, UnicodeDecodeError):
            continue


def freelist_pages(pages: PageFile, first_trunk: int) -> set[int]:
    """The pages on the free-list (trunks and leaves), from the header's first trunk page."""
    found: set[int] = set()
    trunk = first_trunk
    while trunk and trunk not in found and 1 <= trunk <= pages.page_count:
        found.add(trunk)
        data = pages.page(trunk)
        following, count = struct.unpack_from(">II", data, 0)
        count = min(count, (pages.page_size - 8) // 4)
        found.update(struct.unpack_from(f">{count}I", data, 8))
        trunk = following
    return found
