"""Importing an ACLED-style CSV file as events (``curator import P file.csv --acled``), all or
nothing, in bounded memory.

1. **Reading and checking**, row by row (:mod:`curator.exchange.acled_rows`): every problem is
   named by row and column; each good row is set aside, as what it says in Curator's terms, in
   a staging SQLite file in the system's temporary folder.
2. **Whole-file checks** on the staging file: no ``event_id_cnty`` twice.
3. **Writing**, in one transaction (:meth:`Project.batch`): the conflict template is applied
   (when the project lacks it), a text field is made for each other column that has values (when
   the project has no field of its name), then the rows are written a batch at a time by bulk
   inserts (:mod:`curator.exchange.acled_write`).

Any problem in 1 or 2 refuses the whole file (:class:`InvalidAcled`, every problem listed, up to
:data:`MAX_PROBLEMS`) before the project is touched; Cancel (the progress callback returning
False) in any phase, or any error while writing, rolls the transaction back. Either way the
project is exactly as it was.

**Identity.** A row becomes the event whose uid :func:`~curator.exchange.acled_columns.event_uid`
derives from its ``event_id_cnty``; a row without one, the event whose uid is derived from a
digest of its cells (all but ``timestamp``) and how many identical rows came before it. So the
same file imported again finds every event it made, and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Callable, Optional

from curator.core.bulk import widen_cache
from curator.core.conflict_template import CONFLICT_TEMPLATE
from curator.core.database import utc_now
from curator.core.errors import InvalidInput
from curator.core.field_kinds import KIND_LABELS
from curator.exchange.acled_columns import ID_COLUMN, event_uid, fold, is_uid, row_uid
from curator.exchange.acled_rows import AcledFile, AcledRecord, RowReader
from curator.exchange.errors import Cancelled, InvalidExport, Problem

Progress = Callable[[int, int], bool]
MAX_PROBLEMS = 1_000
CHUNK = 1_000
SCALE = 1_000
PHASES = {"read": (0, 600), "check": (600, 620), "write": (620, 1000)}


class InvalidAcled(InvalidExport):
    """An ACLED file refused: ``problems`` name each row and column (``row 17, event_date``)."""

    where = "Where (row, column)"


class _Bar:
    def __init__(self, progress: Optional[Progress]):
        self.progress, self.at = progress, 0

    def report(self, phase: str, done: int, total: int) -> None:
        low, high = PHASES[phase]
        self.at = max(self.at, low + (high - low) * min(done, total) // max(total, 1))
        if self.progress is not None and self.progress(self.at, SCALE) is False:
            raise Cancelled()


class _Staging:
    """The checked rows, set aside in a temporary SQLite file, read back in file order."""

    def __init__(self, path: Path):
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = OFF")
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("CREATE TABLE staged (n INTEGER PRIMARY KEY, uid TEXT NOT NULL, "
                          "event_id TEXT NOT NULL, digest TEXT, data TEXT NOT NULL)")
        self.conn.execute("BEGIN")
        self.pending: list[tuple] = []
        self.count = 0

    def add(self, number: int, uid: str, event_id: str, digest: Optional[str], rec: AcledRecord) -> None:
        self.pending.append((number, uid, event_id, digest, json.dumps(rec.as_json(), ensure_ascii=False)))
        self.count += 1
        if len(self.pending) >= 5_000:
            self.flush()

    def flush(self) -> None:
        self.conn.executemany("INSERT INTO staged VALUES (?, ?, ?, ?, ?)", self.pending)
        self.pending = []

    def finish(self) -> list[Problem]:
        """Commit; number repeated rows without an id; the problems of ids given twice."""
        self.flush()
        self.conn.execute("COMMIT")
        self.conn.execute("CREATE INDEX staged_uid ON staged (uid)")
        problems = []
        for uid, rows, event_id in self.conn.execute(
                "SELECT uid, group_concat(n), min(event_id) FROM staged WHERE digest IS NULL "
                "GROUP BY uid HAVING count(*) > 1 ORDER BY min(n)"):
            first, *later = sorted(int(n) for n in rows.split(","))
            problems += [Problem(f"row {n}, {ID_COLUMN}", f"{event_id!r} is also the id of row {first}: "
                                                           "an id names one event") for n in later]
        self.conn.execute("BEGIN")
        occurrence: dict[str, int] = {}
        for number, digest in self.conn.execute(
                "SELECT n, digest FROM staged WHERE digest IN (SELECT digest FROM staged WHERE digest IS NOT NULL "
                "GROUP BY digest HAVING count(*) > 1) ORDER BY n").fetchall():
            occurrence[digest] = occurrence.get(digest, 0) + 1
            self.conn.execute("UPDATE staged SET uid = ? WHERE n = ?", (row_uid(digest, occurrence[digest]), number))
        self.conn.execute("COMMIT")
        return problems

    def batches(self, size: int = CHUNK):
        cursor = self.conn.execute("SELECT uid, data FROM staged ORDER BY n")
        while True:
            rows = cursor.fetchmany(size)
            if not rows:
                return
            yield [(uid, AcledRecord.from_json(json.loads(data))) for uid, data in rows]

    def close(self) -> None:
        self.conn.close()


def _check_template(fields: dict) -> None:
    """The conflict template's fields can be applied: a field of one of their names must be of
    its kind (else nothing is read, nothing written)."""
    for name, kind, _ in CONFLICT_TEMPLATE:
        have = fields.get(fold(name))
        if have is not None and have.kind != kind:
            raise InvalidInput(f"the project's field {have.name!r} is a {KIND_LABELS[have.kind].lower()} field; "
                               f"an ACLED import keeps {name} in a {KIND_LABELS[kind].lower()} field "
                               "(the conflict template's): rename yours first (nothing was changed)")


def _digest(cells: dict[str, str], columns: list[str]) -> str:
    kept = [(c, cells.get(c, "").strip()) for c in columns if c != "timestamp"]
    return hashlib.sha256(json.dumps(kept, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


def _read(staging: _Staging, path: Path, fields: dict, bar: _Bar) -> dict:
    """Read and check the file into ``staging``; InvalidAcled listing the problems. Returns what
    the writing needs to know about the file."""
    problems: list[Problem] = []
    with AcledFile(path) as acled:
        if acled.header_problems:
            raise InvalidAcled(str(path), acled.header_problems)
        reader = RowReader(acled.columns, fields, acled.ignored)
        names = reader.field_names
        with_values: set[str] = set()
        kept_ids = False
        rows = 0
        for number, cells, shape in acled.rows():
            rows += 1
            if shape is not None:
                problems.append(shape)
            else:
                rec, found = reader.record(number, cells)
                problems += found
                if not found and not problems:
                    given_id = rec.event_id if "event_id" in rec.given else ""
                    if given_id:
                        staging.add(number, event_uid(given_id), given_id, None, rec)
                        kept_ids = kept_ids or not is_uid(given_id)
                    else:
                        digest = _digest(cells, reader.columns)
                        staging.add(number, row_uid(digest, 1), "", digest, rec)
                    with_values.update(k for k, v in rec.extras.items() if v)
            if len(problems) >= MAX_PROBLEMS:
                problems.append(Problem(f"row {number}", f"reading stopped after {MAX_PROBLEMS:,} problems"))
                break
            if rows % 500 == 0:
                bar.report("read", acled.bytes_read, acled.size)
        bar.report("read", 1, 1)
        if problems:
            raise InvalidAcled(str(path), problems)
        problems = staging.finish()
        bar.report("check", 1, 1)
        if problems:
            raise InvalidAcled(str(path), problems[:MAX_PROBLEMS])
        return {"rows": staging.count, "columns": acled.columns, "ignored": acled.ignored,
                "new_fields": [names[k] for k in names if k in with_values and k != fold(ID_COLUMN)]
                + ([ID_COLUMN] if kept_ids else []),
                "encoding": acled.encoding + (" (byte order mark)" if acled.bom else ""),
                "delimiter": acled.delimiter}


def import_acled(project, path: str | Path, progress: Optional[Progress] = None) -> dict:
    """Add the events of an ACLED-style CSV file to ``project``, all or nothing (see the module
    docstring); returns a report."""
    from curator.exchange.acled_write import AcledWriter

    path = Path(path)
    project._require_writable()
    bar = _Bar(progress)
    bar.report("read", 0, 1)
    fields = {fold(f.name): f for f in project.fields()}
    _check_template(fields)
    with tempfile.TemporaryDirectory(prefix="curator-acled-") as tmp:
        staging = _Staging(Path(tmp) / "rows.sqlite")
        try:
            found = _read(staging, path, fields, bar)
            with project.batch(), project._write() as conn:
                widen_cache(conn)  # random uids touch index pages all over: keep more of them
                template = project.apply_field_template("conflict")
                made = []
                for name in found["new_fields"]:
                    if fold(name) not in {fold(f.name) for f in project.fields()}:
                        project.add_field(name, "text")
                        made.append(name)
                writer = AcledWriter(project, conn, {fold(f.name): f for f in project.fields()}, utc_now())
                done = 0
                for batch in staging.batches():
                    writer.write(batch)
                    done += len(batch)
                    bar.report("write", done, found["rows"])
        finally:
            staging.close()
    counts = writer.counts
    return {"imported": str(path), "format": "acled", "rows": found["rows"],
            "added": {"events": counts["added"], "actors": counts["actors_added"], "places": counts["places_added"]},
            "updated": {"events": counts["updated"]}, "unchanged": counts["unchanged"],
            "kept_deleted": counts["kept_deleted"], "fields_added": template["added"] + made,
            "ignored_columns": found["ignored"], "encoding": found["encoding"],
            "delimiter": {",": "comma", ";": "semicolon", "\t": "tab"}[found["delimiter"]]}
