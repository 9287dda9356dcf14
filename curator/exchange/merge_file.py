"""Merging another project file or JSON export into a project, in one transaction.

The other file is only read (a project file through a read-only connection) and is checked like
an import before anything is compared: nothing bad gets in through a merge either.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from curator.core import bulk, damage, file_access
from curator.core import database as db
from curator.core.project import Project
from curator.exchange.errors import InvalidExport
from curator.exchange.json_format import known_uids, load_export, side_from_export
from curator.exchange.merge import MergePlan, Side, apply_merge, plan_merge
from curator.exchange.validate import data_problems

Progress = Callable[[int, int], bool]


def _is_json(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") or path.suffix.lower() == ".json"


def load_other(path: str | Path, known: Optional[dict[str, set[str]]] = None) -> Side:
    """The other side of a merge: a JSON export (validated) or a Curator project file (read
    only, its data checked like an export's). ``known``: the project's uids by kind (see
    :func:`curator.exchange.validate.data_problems`)."""
    path = Path(path)
    if not path.is_file():
        raise db.NotACuratorFile(f"{path} does not exist or is not a file")
    if _is_json(path):
        return side_from_export(load_export(path, known), str(path))
    db.check_openable(path)
    damage.verify(path)  # a damaged copy is named in one line before anything is compared
    access = file_access.probe(path)  # a copy on a read-only medium is read through its URI
    if access.unreadable:
        raise db.CuratorError(access.cannot_read())
    engine = create_engine("sqlite://", poolclass=NullPool, creator=lambda: _reader(access))
    try:
        with engine.connect() as conn:
            records = bulk.read_all(conn)
            history = bulk.read_history(conn)
    finally:
        engine.dispose()
    problems = data_problems({**records, "sync": {}}, known)
    if problems:
        raise InvalidExport(str(path), problems)
    return Side(records, history, str(path))


def _reader(access: file_access.Access):
    """A connection that only reads the other file: a plain one with ``query_only`` (it joins a
    live WAL with locks and tidies the side files away when it closes) or, for a file Curator
    cannot write, its read-only URI. Its schema (checked by check_openable before) may run
    nothing with side effects."""
    conn = access.connect(check_same_thread=False)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA query_only = ON")
    return conn


def plan_file_merge(project: Project, other: str | Path) -> tuple[Side, MergePlan]:
    """Compare without writing (what the merge dialog shows)."""
    with project._read() as conn:
        theirs = load_other(other, known_uids(conn))
        ours = Side(bulk.read_all(conn), bulk.read_history(conn), str(project.path))
    return theirs, plan_merge(ours, theirs)


def merge_file(project: Project, other: str | Path, decisions: Optional[dict[str, str]] = None,
               default: Optional[str] = None, progress: Optional[Progress] = None) -> dict:
    """Merge ``other`` into ``project`` in one transaction. Conflicts are settled by
    ``decisions`` (uid -> "ours"/"theirs") or ``default``; if any is left, MergeConflicts is
    raised and nothing is written. The other file is read and compared on a read snapshot,
    without the write lock; the writing then checks that nothing was committed meanwhile (and
    compares again if something was), so an edit made meanwhile cannot slip between comparing
    and writing (see :meth:`Project.write_planned`)."""
    def plan(conn) -> MergePlan:
        theirs = load_other(other, known_uids(conn))
        ours = Side(bulk.read_all(conn), bulk.read_history(conn), str(project.path))
        return plan_merge(ours, theirs)

    summary = project.write_planned(
        plan, lambda conn, planned: apply_merge(conn, planned, decisions, default, progress))
    return {"merged": str(other)} | summary
