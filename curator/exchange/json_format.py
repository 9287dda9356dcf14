"""The JSON export format: writing a whole project, reading and checking one, importing it.

The format (``"format": "curator-export"``, ``"format_version": 3``) is described by the JSON
Schema in ``resources/schema/curator-export-3.schema.json``. Exporting records, in the project
and in the file, the state every record was shared in (its sync history), so that the file can
later be merged back without false conflicts. Rejected suggestions travel too (top-level
``rejected_suggestions``), and so do the tag set (``tags``), highlights' labels, notes and
mentions (a span's ``tag``, ``note``, ``actor``), places' coordinates and merge redirects (an
actor's ``latitude``, ``longitude``, ``merged_into``) and events' places (``place``).

Format 1 (``curator-export-1.schema.json``) still imports: see :mod:`curator.exchange.validate`.
A tag of the file whose uid the project does not know but whose name is the name of one of the
project's live tags (ignoring case) is that tag: its highlights take the project's tag, and the
project's tag set stays as it is (see :mod:`curator.exchange.merge`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable, Optional

from curator import __version__
from curator.core import bulk
from curator.core.bulk import KINDS
from curator.core.database import utc_now
from curator.core.errors import CuratorError, InvalidInput
from curator.core.gcpause import gc_paused
from curator.core.project import Project
from curator.exchange.errors import Cancelled, InvalidExport, Problem
from curator.exchange.merge import Side, apply_merge, plan_merge
from curator.exchange.validate import (
    FORMAT, FORMAT_VERSION, PROJECT_REFERABLE, data_problems, validate,
)

Progress = Callable[[int, int], bool]


def _tick(progress: Optional[Progress], done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise Cancelled()


def shared_states(records: dict[str, list[dict]]) -> list[tuple[str, str]]:
    """(uid, state hash) of every record, as shared now."""
    return [(rec["uid"], bulk.state_hash(kind, rec)) for kind in KINDS for rec in records[kind.key]]


def snapshot(project: Project, progress: Optional[Progress] = None) -> dict:
    """The whole project as an export dict, read in one transaction that also records the shared
    states in the project's sync history (so a later merge of the export back knows them)."""
    total = len(KINDS) + 2
    _tick(progress, 0, total)
    # read-only branch (superseded by merge-fields, where exporting never writes): a read-only
    # project is read in a plain read transaction and its sync history is left as it is
    with (project._read() if project.read_only else project._write()) as conn:
        records = {}
        for i, kind in enumerate(KINDS, 1):
            records[kind.key] = bulk.read_records(conn, kind)
            _tick(progress, i, total)
        history = bulk.read_history(conn)
        _tick(progress, total - 1, total)
        new = [(uid, state) for uid, state in shared_states(records)
               if state not in history.get(uid, ())]
        if not project.read_only:
            bulk.add_history(conn, new)
    for uid, state in new:
        history.setdefault(uid, set()).add(state)
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, "exported_at": utc_now(),
            "generator": f"Curator {__version__}"}
    data.update(records)
    data["sync"] = {uid: sorted(states) if len(states) > 1 else list(states)
                    for uid, states in sorted(history.items())}
    return data


def dumps(data: dict) -> bytes:
    """UTF-8 JSON; text with lone surrogates (not encodable as UTF-8) is written escaped."""
    try:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def write_atomically(path: Path, payload: bytes) -> None:
    """Write to a temporary file beside ``path`` and move it into place."""
    if not path.parent.is_dir():
        raise InvalidInput(f"cannot write {path}: folder {path.parent} does not exist")
    tmp = path.with_name(path.name + ".partial")
    try:
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def export_json(project: Project, path: str | Path, progress: Optional[Progress] = None) -> dict:
    path = Path(path)
    with gc_paused():
        data = snapshot(project, progress)
        write_atomically(path, dumps(data))
    return {"format": "json", "path": str(path)} | record_counts({k.key: data[k.key] for k in KINDS})


def record_counts(records: dict[str, list[dict]]) -> dict[str, int]:
    """An export's report: the live records of each kind, and how many tombstones (deleted
    records, which travel too so that merges see the deletions) came along."""
    counts = {key: sum(rec["deleted_at"] is None for rec in recs) for key, recs in records.items()}
    counts["tombstones"] = sum(len(recs) for recs in records.values()) - sum(counts.values())
    return counts


def load_export(path: str | Path, known: Optional[dict[str, set[str]]] = None) -> dict:
    """Read and check an export: raises NewerFormatError, or InvalidExport listing every problem
    with its JSON path; returns the decoded data (a format-1 file upgraded to format 2) when it
    is all valid. ``known``: uids of the project's records by kind key, which the file's
    references to tags and actors may name as well as its own."""
    data = read_json(path)
    problems = validate(data, known)
    if problems:
        raise InvalidExport(str(path), problems)
    return data


def known_uids(conn) -> dict[str, set[str]]:
    """The project's uids of the kinds a file may refer to without holding them."""
    return {key: set(bulk.uid_map(conn, bulk.KIND_BY_KEY[key])) for key in PROJECT_REFERABLE}


def read_json(path: str | Path):
    """The decoded JSON of ``path`` (InvalidExport at ``$`` when it is not UTF-8 JSON)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CuratorError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidExport(str(path), [Problem("$", f"not UTF-8 text (byte {exc.start})")]) from exc
    except json.JSONDecodeError as exc:
        raise InvalidExport(str(path), [Problem(
            "$", f"not valid JSON (truncated or damaged?): {exc.msg} at line {exc.lineno} "
                 f"column {exc.colno}")]) from exc
    return data


def side_from_export(data: dict, label: str = "") -> Side:
    return Side({k.key: data[k.key] for k in KINDS},
                {uid: set(states) for uid, states in data["sync"].items()}, label)


def import_json(project: Project, path: str | Path, progress: Optional[Progress] = None) -> dict:
    """Add a JSON export to the project in one transaction: new records are added, records the
    file holds in a newer state are brought forward, records already here unchanged are skipped.
    A record changed both here and in the file is a problem (merge it instead); on any problem
    nothing is written."""
    with gc_paused():
        return _import(project, path, progress)


def _import(project: Project, path: str | Path, progress: Optional[Progress]) -> dict:
    """The checks and the comparison run on a read snapshot, without the write lock; only the
    writing holds it (see :meth:`Project.write_planned`)."""
    data = read_json(path)
    checked = []  # validate() upgrades a format-1 file in place: the next plans check the data only

    def plan(conn):
        known = known_uids(conn)
        problems = data_problems(data, known, schema_checked=True) if checked else validate(data, known)
        if problems:
            raise InvalidExport(str(path), problems)
        checked.append(True)
        ours = Side(bulk.read_all(conn), bulk.read_history(conn), str(project.path))
        planned = plan_merge(ours, side_from_export(data, str(path)))
        if planned.conflicts:
            raise InvalidExport(str(path), [Problem(
                c.path, f"{c.reason}: already in the project in another state; use `curator "
                        f"merge` to decide") for c in planned.conflicts])
        return planned

    summary = project.write_planned(plan, lambda conn, planned: apply_merge(conn, planned, progress=progress))
    summary.pop("conflicts_settled", None)
    summary.pop("conflicts", None)
    return {"imported": str(path)} | summary
