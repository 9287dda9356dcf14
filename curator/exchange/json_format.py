"""The JSON export format: writing a whole project, reading and checking one, importing it.

The format (``"format": "curator-export"``, ``"format_version": 6``) is described by the JSON
Schema in ``resources/schema/curator-export-6.schema.json``. Format 6 (schema 8) added the typed
event fields (``fields``: name, kind, choices, position), each event's values of them
(``field_values``: the text as written with its typed columns) and claim links (``claim_links``:
two events reported as one happening, or not). Format 5 (schema 6) added to each
document what its original file was (``kind``, ``source_sha256``, ``source_size``), where its
pages start (``page_starts``), what the file said about itself (``metadata``) and the problems
reading it met (``problems``), and to each span of a paged document its derived ``page``. Exporting only reads the project
(a project on a read-only medium exports too): what a later merge of the file needs travels in
the file's ``sync`` section: the exporting file's replica id and the time of the export (every
record in the file was that replica's state then) and the project's sync history, each state
with the replica that held it and when, and its content where the record has since changed (see
:mod:`curator.core.models_sync`). Rejected suggestions travel too (top-level
``rejected_suggestions``), and so do the tag set (``tags``), highlights' labels, notes and
mentions (a span's ``tag``, ``note``, ``actor``), places' coordinates and merge redirects (an
actor's ``latitude``, ``longitude``, ``merged_into``) and events' places (``place``).

Formats 1 to 3 still import: see :mod:`curator.exchange.validate`.
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
from curator.core.history import Seen, fetch_contents, read_known
from curator.core.project import Project
from curator.core.replica import project_replica
from curator.exchange.errors import Cancelled, InvalidExport, Problem
from curator.exchange.pages import span_pages
from curator.exchange.merge import Side, apply_merge, plan_merge, project_side
from curator.exchange.validate import (
    FORMAT, FORMAT_VERSION, PROJECT_REFERABLE, data_problems, validate,
)

Progress = Callable[[int, int], bool]


def _tick(progress: Optional[Progress], done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise Cancelled()


def snapshot(project: Project, progress: Optional[Progress] = None) -> dict:
    """The whole project as an export dict, read in one read transaction (nothing is written).
    What :func:`export_json` writes, held in memory: the reference its streaming writer is tested
    against, and handy for small projects in scripts."""
    total = len(KINDS) + 2
    _tick(progress, 0, total)
    with project._read() as conn:
        records = {}
        for i, kind in enumerate(KINDS, 1):
            records[kind.key] = bulk.read_records(conn, kind)
            _tick(progress, i, total)
        held = {rec["uid"]: bulk.state_hash(kind, rec) for kind in KINDS for rec in records[kind.key]}
        replica = project_replica(conn, project.path)
        sync = {"replica": replica, "shared_at": utc_now(), "held": dict(sorted(held.items())),
                "history": _history_section(conn, records, held, read_known(conn), replica)}
        shown_span = span_pages(conn)
        records["documents"] = [bulk.document_as_json(rec) for rec in records["documents"]]
        records["spans"] = [shown_span(rec) for rec in records["spans"]]
        records["fields"] = [bulk.field_as_json(rec) for rec in records["fields"]]
    _tick(progress, total - 1, total)
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, "exported_at": sync["shared_at"],
            "generator": f"Curator {__version__}"}
    data.update(records)
    data["sync"] = sync
    return data


def _history_section(conn, records: dict[str, list[dict]], current: dict[str, str], known,
                     replica: str) -> dict:
    """The sync history as an export carries it: uid -> its rows, each with its claim and, unless
    the state is the record's current one (whose content is the record itself), its content.
    A row of the current state with no claim, or with this replica's own (an earlier time of
    it), says nothing ``held`` does not: it is left out."""
    if not known:
        return {}
    shown = {}
    for uid, rows in known.items():  # most rows: the current state (quickly passed)
        now = current.get(uid)
        if len(rows) == 1 and now in rows and rows[now].replica in ("", replica):
            continue
        kept = {state: seen for state, seen in rows.items()
                if state != now or seen.replica not in ("", replica)}
        if kept:
            shown[uid] = kept
    contents = fetch_contents(conn, [(uid, state) for uid, rows in shown.items()
                                     for state, seen in rows.items()
                                     if seen.has_content and state != current.get(uid)])
    kinds = {rec["uid"]: kind for kind in KINDS for rec in records[kind.key] if rec["uid"] in shown}
    section = {}
    for uid in sorted(shown):
        entries = []
        for state, seen in sorted(shown[uid].items()):
            entry = {"state": state}
            if seen.replica:
                entry["replica"] = seen.replica
                if seen.shared_at:
                    entry["shared_at"] = seen.shared_at
            if (uid, state) in contents and uid in kinds:
                try:
                    entry["content"] = bulk.content_object(kinds[uid], uid, contents[(uid, state)])
                except (KeyError, TypeError, ValueError):
                    pass  # not a content Curator can read (left out: unknown, as before schema 4)
            entries.append(entry)
        section[uid] = entries
    return section


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
    """Write the project's export to ``path``, record by record, in bounded memory (see
    :mod:`curator.exchange.json_writer`); nothing is written to the project."""
    from curator.exchange.json_writer import export_to

    path = Path(path)
    with gc_paused():
        counts = export_to(project, path, progress)
    return {"format": "json", "path": str(path)} | counts


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
    """The other side of a merge from a checked export (format 4 shape: see
    :func:`curator.exchange.validate.upgrade`). The states the exporting replica held are rows
    of the side's history with that replica's claim: for a record unchanged since, its state
    now; for one changed in the file afterwards, the state it was changed from."""
    sync = data["sync"]
    history, contents = {}, {}
    exporter = sync.get("replica", "")
    if exporter:
        claim = Seen(False, exporter, sync["shared_at"])
        for uid, state in sync.get("held", {}).items():
            history[uid] = {state: claim}
    for uid, entries in sync.get("history", {}).items():
        rows = history.setdefault(uid, {})
        for entry in entries:
            state, replica = entry["state"], entry.get("replica", "")
            seen = Seen("content" in entry, replica, entry.get("shared_at", "") if replica else "")
            held = rows.get(state)
            rows[state] = seen if held is None else held._replace(has_content=seen.has_content)
            if "content" in entry:
                contents[(uid, state)] = entry["content"]
    return Side({k.key: data[k.key] for k in KINDS}, history, label, exporter,
                sync.get("shared_at", "") if exporter else None,
                lambda pairs: {key: contents[key] for key in pairs if key in contents})


def refusal(conflict) -> str:
    if conflict.level == "field":
        return (f"{', '.join(conflict.field_names)} changed both here and in the file, differently; "
                "use `curator merge` to decide")
    return f"{conflict.reason}: already in the project in another state; use `curator merge` to decide"


def import_json(project: Project, path: str | Path, progress: Optional[Progress] = None) -> dict:
    """Add a JSON export to the project in one transaction: new records are added, records the
    file holds in a newer state are brought forward, records already here unchanged are skipped.
    A record changed both here and in the file is a problem (merge it instead); on any problem
    nothing is written. The file is read record by record into a staging database and planned
    against the project in SQL (:mod:`curator.exchange.import_stream`), in bounded memory."""
    from curator.exchange.import_stream import import_streamed

    with gc_paused():
        return import_streamed(project, Path(path), progress)


def import_in_memory(project: Project, path: str | Path, progress: Optional[Progress] = None) -> dict:
    """The whole-file import (the file decoded at once, checked and merged as records in
    memory): for the shapes the streaming reader leaves to it and for imports inside a batch."""
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
        theirs = side_from_export(data, str(path))
        planned = plan_merge(project_side(conn, project.path), theirs)
        if planned.conflicts:
            raise InvalidExport(str(path), [Problem(c.path, refusal(c)) for c in planned.conflicts])
        return planned

    summary = project.write_planned(plan, lambda conn, planned: apply_merge(conn, planned, progress=progress))
    summary.pop("conflicts_settled", None)
    summary.pop("conflicts", None)
    return {"imported": str(path)} | summary
