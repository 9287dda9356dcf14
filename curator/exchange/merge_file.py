"""Merging another project file or JSON export into a project, in one transaction.

The other file is only read (a project file through a read-only connection, kept open while the
two are compared so that the contents of its older states can be fetched as bases) and is checked
like an import before anything is compared: nothing bad gets in through a merge either.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from curator.core import damage, file_access
from curator.core import database as db
from curator.core.errors import InvalidInput
from curator.core.project import Project
from curator.exchange.conflicts import Decision
from curator.exchange.errors import InvalidExport
from curator.exchange.json_format import known_uids, load_export, side_from_export
from curator.exchange.merge import MergePlan, Side, apply_merge, plan_merge, project_side
from curator.exchange.validate import data_problems

Progress = Callable[[int, int], bool]


def _is_json(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") or path.suffix.lower() == ".json"


@contextmanager
def open_other(path: str | Path, known: Optional[dict[str, set[str]]] = None) -> Iterator[Side]:
    """The other side of a merge, while the block runs: a JSON export (validated) or a Curator
    project file (read only, its data checked like an export's). ``known``: the project's uids
    by kind (see :func:`curator.exchange.validate.data_problems`)."""
    path = Path(path)
    if not path.is_file():
        raise db.NotACuratorFile(f"{path} does not exist or is not a file")
    if _is_json(path):
        yield side_from_export(load_export(path, known), str(path))
        return
    db.check_openable(path)
    damage.verify(path)  # a damaged copy is named in one line before anything is compared
    access = file_access.probe(path)  # a copy on a read-only medium is read through its URI
    if access.unreadable:
        raise db.CuratorError(access.cannot_read())
    engine = create_engine("sqlite://", poolclass=NullPool, creator=lambda: _reader(access))
    try:
        with engine.connect() as conn:
            side = project_side(conn, path)
            problems = data_problems({**side.records, "sync": {}}, known)
            if problems:
                raise InvalidExport(str(path), problems)
            yield side
    finally:
        engine.dispose()


def _refuse_self(ours: Side, theirs: Side) -> None:
    if ours.replica and ours.replica == theirs.replica and theirs.snapshot is None:
        raise InvalidInput(f"{theirs.label} is this project itself (the same file); choose "
                           "another copy of it")


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
        with open_other(other, known_uids(conn)) as theirs:
            ours = project_side(conn, project.path)
            _refuse_self(ours, theirs)
            return theirs, plan_merge(ours, theirs)


def merge_file(project: Project, other: str | Path, decisions: Optional[dict[str, Decision]] = None,
               default: Optional[str] = None, progress: Optional[Progress] = None) -> dict:
    """Merge ``other`` into ``project`` in one transaction. Conflicts are settled by
    ``decisions`` (uid -> "ours"/"theirs", or field -> side) or ``default``; if any is left,
    MergeConflicts is raised and nothing is written. The other file is read and compared on a
    read snapshot, without the write lock; the writing then checks that nothing was committed
    meanwhile (and compares again if something was), so an edit made meanwhile cannot slip
    between comparing and writing (see :meth:`Project.write_planned`)."""
    def plan(conn) -> MergePlan:
        with open_other(other, known_uids(conn)) as theirs:
            ours = project_side(conn, project.path)
            _refuse_self(ours, theirs)
            return plan_merge(ours, theirs)

    summary = project.write_planned(
        plan, lambda conn, planned: apply_merge(conn, planned, decisions, default, progress))
    return {"merged": str(other)} | summary
