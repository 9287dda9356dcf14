"""Writing a JSON export record by record (format 6), in bounded memory.

The file is the one :func:`curator.exchange.json_format.snapshot` describes, byte for byte (the
same keys in the same order, the same compact separators, ``held`` and ``history`` sorted by
uid): but it is written kind by kind as the records are read, a chunk at a time, from one read
transaction. What must come out sorted (every record's state in ``sync.held``; the history
beside each record's current state) is staged in a temporary SQLite file and read back in uid
order, so no list of all records, no dict of all states and no string of the whole file is ever
held. A record holding text that UTF-8 cannot encode (a lone surrogate) is written with ASCII
escapes (the whole-file writer escaped the whole file then; both read back the same).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from json.encoder import c_make_encoder, encode_basestring, encode_basestring_ascii
from pathlib import Path
from typing import Callable, Iterator, Optional

from curator import __version__
from curator.core import bulk
from curator.core.bulk import KINDS
from curator.core.database import utc_now
from curator.core.errors import InvalidInput
from curator.core.history import HISTORY, Seen
from curator.core.replica import project_replica
from curator.exchange.errors import Cancelled
from curator.exchange.pages import span_pages
from curator.exchange.validate import FORMAT, FORMAT_VERSION

Progress = Callable[[int, int], bool]
FLUSH_BYTES = 1 << 20
HISTORY_BATCH = 2_000  # uids of the history section whose contents are fetched together


def _encoder(ascii_only: bool):
    quote = encode_basestring_ascii if ascii_only else encode_basestring
    if c_make_encoder is None:  # pragma: no cover - CPython always has the C encoder
        import json

        return lambda value, _: [json.dumps(value, ensure_ascii=ascii_only, separators=(",", ":"))]
    return c_make_encoder(None, None, quote, None, ":", ",", False, False, True)


_UTF8 = _encoder(False)
_ASCII = _encoder(True)


def encode(value) -> bytes:
    """``value`` as compact JSON in UTF-8 (ASCII escapes where UTF-8 cannot encode the text)."""
    try:
        return "".join(_UTF8(value, 0)).encode("utf-8")
    except UnicodeEncodeError:
        return "".join(_ASCII(value, 0)).encode("ascii")


class _Out:
    """A buffered binary file that writes in large pieces."""

    def __init__(self, fh):
        self.fh = fh
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> None:
        self.parts.append(data)
        self.size += len(data)
        if self.size >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.fh.write(b"".join(self.parts))
            self.parts, self.size = [], 0


class _Ticker:
    def __init__(self, progress: Optional[Progress], total: int):
        self.progress, self.total, self.done = progress, max(total, 1), 0

    def add(self, n: int) -> None:
        self.done += n
        if self.progress is not None and self.progress(min(self.done, self.total), self.total) is False:
            raise Cancelled()


def _counts(conn) -> tuple[int, int]:
    """(records of every kind, history rows) of the project, for the progress bar."""
    raw = conn.connection.driver_connection
    tables = {name for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    records = sum(raw.execute(f'SELECT count(*) FROM "{k.table.name}"').fetchone()[0]
                  for k in KINDS if k.table.name in tables)
    history = raw.execute(f"SELECT count(*) FROM {HISTORY.name}").fetchone()[0] if HISTORY.name in tables else 0
    return records, history


def _shown(conn, kind):
    """How a record of ``kind`` is written: a document with its JSON-valued fields as values
    (format 5), a span of a paged document with its derived ``page`` ("p. 12"), a field with its
    choices as a list (format 6), others as read."""
    if kind is bulk.DOCUMENTS:
        return bulk.document_as_json
    if kind is bulk.SPANS:
        return span_pages(conn)
    if kind is bulk.FIELDS:
        return bulk.field_as_json
    return lambda rec: rec


def write_export(conn, project_path: Path, out_path: Path, progress: Optional[Progress] = None) -> dict:
    """Write the export of the project read through ``conn`` (inside a read transaction) to
    ``out_path``; returns the live records of each kind and the tombstones (see
    :func:`curator.exchange.json_format.record_counts`)."""
    records, rows = _counts(conn)
    ticks = _Ticker(progress, 2 * records + rows)
    ticks.add(0)
    replica = project_replica(conn, project_path)
    now = utc_now()
    counts = {k.key: 0 for k in KINDS}
    tombstones = 0
    with tempfile.TemporaryDirectory(prefix="curator-export-") as tmp, open(out_path, "wb") as fh:
        states = _StateFile(Path(tmp) / "states.sqlite")
        try:
            out = _Out(fh)
            out.write(b"{" + b",".join(encode(k) + b":" + encode(v) for k, v in (
                ("format", FORMAT), ("format_version", FORMAT_VERSION), ("exported_at", now),
                ("generator", f"Curator {__version__}"))))
            for number, kind in enumerate(KINDS):
                out.write(b"," + encode(kind.key) + b":[")
                first = True
                shown = _shown(conn, kind)
                for part in bulk.iter_records(conn, kind):
                    pairs = []
                    for rec in part:
                        text = encode(shown(rec))
                        out.write(text if first else b"," + text)
                        first = False
                        pairs.append((rec["uid"], bulk.state_hash(kind, rec), number))
                        if rec["deleted_at"] is None:
                            counts[kind.key] += 1
                        else:
                            tombstones += 1
                    states.add(pairs)
                    ticks.add(len(part))
                out.write(b"]")
            states.finish()
            out.write(b"," + encode("sync") + b":{" + encode("replica") + b":" + encode(replica) + b","
                      + encode("shared_at") + b":" + encode(now) + b"," + encode("held") + b":{")
            first = True
            for part in states.sorted_states():
                for uid, state, *_ in part:
                    out.write((b"" if first else b",") + encode(uid) + b":" + encode(state))
                    first = False
                ticks.add(len(part))
            out.write(b"}," + encode("history") + b":{")
            _write_history(conn, states, replica, out, ticks)
            out.write(b"}}}")
            out.flush()
            fh.flush()
            os.fsync(fh.fileno())
        finally:
            states.close()
    return counts | {"tombstones": tombstones}


class _StateFile:
    """Every record's (uid, state, kind number), staged on disk and read back in uid order."""

    def __init__(self, path: Path):
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = OFF")
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("CREATE TABLE state (uid TEXT, state TEXT, kind INTEGER)")
        self.conn.execute("BEGIN")

    def add(self, rows: list[tuple[str, str, int]]) -> None:
        self.conn.executemany("INSERT INTO state VALUES (?, ?, ?)", rows)

    def finish(self) -> None:
        self.conn.execute("COMMIT")
        # a uid held by two kinds (which a valid project never has) keeps the later one, as a
        # dict of every record's state did
        self.conn.execute("CREATE INDEX state_uid ON state (uid)")

    def _query(self) -> str:  # the bare columns come from the row of max(rowid) (SQLite's rule)
        return "SELECT uid, state, kind, max(rowid) FROM state GROUP BY uid ORDER BY uid"

    def sorted_states(self, chunk: int = 20_000) -> Iterator[list[tuple]]:
        cursor = self.conn.execute(self._query())
        while True:
            rows = cursor.fetchmany(chunk)
            if not rows:
                return
            yield rows

    def close(self) -> None:
        self.conn.close()


def _history_groups(conn) -> Iterator[tuple[str, dict[str, Seen]]]:
    """(uid, state -> Seen) of the project's sync history, in uid order (then state order)."""
    raw = conn.connection.driver_connection
    present = {row[1] for row in raw.execute(f'PRAGMA table_info("{HISTORY.name}")')}
    if not present:
        return
    content = "content != ''" if "content" in present else "0"
    replica = "replica" if "replica" in present else "''"
    shared_at = "shared_at" if "shared_at" in present else "''"
    cursor = raw.execute(f"SELECT uid, state, {content}, {replica}, {shared_at} FROM {HISTORY.name} "
                         "ORDER BY uid, state")
    uid, rows = None, {}
    interned: dict[tuple, Seen] = {}
    while True:
        batch = cursor.fetchmany(20_000)
        if not batch:
            break
        for row_uid, state, has, who, when in batch:
            if row_uid != uid:
                if uid is not None:
                    yield uid, rows
                uid, rows = row_uid, {}
            seen = interned.get((has, who, when))
            if seen is None:
                seen = interned[(has, who, when)] = Seen(bool(has), who, when)
            rows[state] = seen
    if uid is not None:
        yield uid, rows


def _current_states(states: _StateFile) -> Iterator[tuple[str, str, int]]:
    for part in states.sorted_states():
        for uid, state, kind, _ in part:
            yield uid, state, kind


def _write_history(conn, states: _StateFile, replica: str, out: _Out, ticks: _Ticker) -> None:
    """The history section (see json_format's ``_history_section``): each uid's rows but those of
    its current state with no claim or this replica's own, with the contents of older states."""
    current = _current_states(states)
    here = next(current, None)
    first = True
    batch: list[tuple[str, dict[str, Seen], Optional[str], Optional[int]]] = []
    seen_rows = 0
    for uid, rows in _history_groups(conn):
        seen_rows += len(rows)
        while here is not None and here[0] < uid:
            here = next(current, None)
        now, kind = (here[1], here[2]) if here is not None and here[0] == uid else (None, None)
        kept = {state: seen for state, seen in rows.items()
                if state != now or seen.replica not in ("", replica)}
        if kept:
            batch.append((uid, kept, now, kind))
        if len(batch) >= HISTORY_BATCH:
            first = _flush_history(conn, batch, out, first)
            batch = []
            ticks.add(seen_rows)
            seen_rows = 0
    _flush_history(conn, batch, out, first)
    ticks.add(seen_rows)


def _flush_history(conn, batch, out: _Out, first: bool) -> bool:
    from curator.core.history import fetch_contents

    wanted = [(uid, state) for uid, kept, now, kind in batch if kind is not None
              for state, seen in kept.items() if seen.has_content and state != now]
    contents = fetch_contents(conn, wanted) if wanted else {}
    for uid, kept, now, kind in batch:
        entries = []
        for state in sorted(kept):
            seen = kept[state]
            entry = {"state": state}
            if seen.replica:
                entry["replica"] = seen.replica
                if seen.shared_at:
                    entry["shared_at"] = seen.shared_at
            if kind is not None and (uid, state) in contents:
                try:
                    entry["content"] = bulk.content_object(KINDS[kind], uid, contents[(uid, state)])
                except (KeyError, TypeError, ValueError):
                    pass  # not a content Curator can read (left out: unknown, as before schema 4)
            entries.append(entry)
        out.write((b"" if first else b",") + encode(uid) + b":" + encode(entries))
        first = False
    return first


def export_to(project, path: Path, progress: Optional[Progress] = None) -> dict:
    """Write ``project``'s export to ``path`` through a temporary file beside it (moved into
    place when complete; removed on failure or cancel)."""
    if not path.parent.is_dir():
        raise InvalidInput(f"cannot write {path}: folder {path.parent} does not exist")
    tmp = path.with_name(path.name + ".partial")
    try:
        with project._read() as conn:
            counts = write_export(conn, project.path, tmp, progress)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return counts
