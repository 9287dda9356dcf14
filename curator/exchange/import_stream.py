"""Importing a JSON export in bounded memory: read and check it into a staging database, check
what needs the whole file, then plan against the project and write, all or nothing.

1. **Reading** (:mod:`curator.exchange.staging`): the file is walked once by an incremental
   reader; each record is checked against its part of the JSON Schema as it comes, and staged
   with its state hash and content in a temporary SQLite file. A JSON or schema problem stops
   the import here (every schema problem is listed, with its JSON path).
2. **Checking** (:mod:`curator.exchange.staged_checks`): unique uids, offsets and quotes against
   the document texts, the tag set, the sync section's contents.
3. **Planning** on a read snapshot of the project (the staging file attached): references and
   redirects against the project, then the merge plan (:mod:`curator.exchange.staged_merge`);
   a conflict is refused as the whole-file import refuses it.
4. **Writing** in one ``BEGIN IMMEDIATE`` transaction (:meth:`Project.write_planned`, which plans
   again if another program wrote meanwhile).

Progress goes through one bar: reading is the first half (by bytes), then checking, planning
and writing. Cancel (the progress callback returning False) is honoured in every phase, and
during the long SQL statements of the writing (SQLite's progress handler interrupts them); the
write transaction then rolls back and the staging file is deleted: the project is as it was.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from typing import Callable, Optional

from curator.core.errors import CuratorError
from curator.core.project import Project
from curator.exchange.errors import Cancelled, InvalidExport, Problem
from curator.exchange.json_reader import JsonSyntaxError, NotUtf8

Progress = Callable[[int, int], bool]
SCALE = 1000
PHASES = {"read": (0, 550), "check": (550, 650), "plan": (650, 720), "write": (720, 1000)}


class _Bar:
    """Maps each phase's own progress onto one bar of SCALE steps; raises Cancelled when the
    caller's callback says so."""

    def __init__(self, progress: Optional[Progress]):
        self.progress = progress
        self.at = 0
        self.stopped = False  # the user cancelled inside an SQL statement

    def poll(self) -> int:
        """SQLite's progress handler during the writing: non-zero interrupts the statement."""
        if self.progress is not None and self.progress(self.at, SCALE) is False:
            self.stopped = True
            return 1
        return 0

    def writing(self, done: int, total: int) -> bool:
        self.report("write", done, total)
        return True

    def report(self, phase: str, done: int, total: int) -> None:
        low, high = PHASES[phase]
        at = low + (high - low) * min(done, total) // max(total, 1)
        self.at = max(self.at, at)
        if self.progress is not None and self.progress(self.at, SCALE) is False:
            raise Cancelled()

    def steps(self, phase: str, expected: int) -> Callable[[], None]:
        """A tick for a phase of about ``expected`` steps (never past the phase's end)."""
        count = [0]

        def tick() -> None:
            count[0] += 1
            self.report(phase, min(count[0], expected), expected)
        return tick


def import_streamed(project: Project, path: Path, progress: Optional[Progress] = None) -> dict:
    from curator.exchange import json_format
    from curator.exchange.staged_checks import check_file, sync_header_problems
    from curator.exchange.staged_merge import apply_staged, plan_staged
    from curator.exchange.staging import Fallback, Staging, read_into

    if project._in_batch():  # an ATTACH cannot be undone inside the batch's transaction
        return json_format.import_in_memory(project, path, progress)
    bar = _Bar(progress)
    bar.report("read", 0, 1)
    with tempfile.TemporaryDirectory(prefix="curator-import-") as tmp:
        staging = Staging(Path(tmp) / "staging.sqlite")
        try:
            try:
                problems = read_into(staging, path, lambda done, total: bar.report("read", done, total))
            except Fallback:
                staging.close()
                return json_format.import_in_memory(project, path, progress)
            except NotUtf8 as exc:
                raise InvalidExport(str(path), [Problem("$", str(exc))]) from None
            except JsonSyntaxError as exc:
                raise InvalidExport(str(path), [Problem(
                    "$", f"not valid JSON (truncated or damaged?): {exc.msg} at line {exc.lineno} "
                         f"column {exc.colno}")]) from None
            except OSError as exc:
                raise CuratorError(f"{path} cannot be read: {exc.strerror or exc}") from exc
            if problems:
                raise InvalidExport(str(path), problems)
            staged = staging.staged
            staging.conn.execute("CREATE TABLE meta (replica, shared_at)")
            staging.conn.execute("INSERT INTO meta VALUES (?, ?)", (staged.exporter, staged.shared_at))
            sync_header_problems(staging)
            check_file(staging, bar.steps("check", 20 + len(staged.counts)))
        finally:
            staging.close()
        plan_tick = bar.steps("plan", 40)

        attached = []  # the driver connections the staging file is attached to

        def plan(conn):
            raw = conn.connection.driver_connection
            if raw not in attached:  # ATTACH works inside the (read) transaction; DETACH after
                raw.execute("ATTACH DATABASE ? AS stage", (str(staging.path),))
                attached.append(raw)
            planned = plan_staged(conn, project.path, str(path), staged.exporter, staged.shared_at, plan_tick)
            if planned.plan.conflicts:
                raise InvalidExport(str(path), [Problem(c.path, json_format.refusal(c))
                                                for c in planned.plan.conflicts])
            return planned

        def apply(conn, planned):
            raw = conn.connection.driver_connection
            raw.set_progress_handler(bar.poll, 200_000)
            try:
                return apply_staged(conn, planned, bar.writing)
            except sqlite3.OperationalError as exc:
                if bar.stopped:
                    raise Cancelled() from exc
                raise
            finally:
                raw.set_progress_handler(None, 0)

        try:
            summary = project.write_planned(plan, apply)
        finally:
            for raw in attached:  # back in the pool, outside any transaction
                try:
                    raw.execute("DETACH DATABASE stage")
                except sqlite3.Error:  # pragma: no cover - a closed connection holds nothing
                    pass
    bar.report("write", 1, 1)
    summary.pop("conflicts_settled", None)
    summary.pop("conflicts", None)
    return {"imported": str(path)} | summary
