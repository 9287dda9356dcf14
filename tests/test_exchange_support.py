"""Helpers (no tests) shared by the exchange and merge tests: content independent of local ids."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from curator.core import Project, bulk


def records(project: Project) -> dict[str, list[dict]]:
    with project._read() as conn:
        return bulk.read_all(conn)


def history(project: Project) -> dict[str, set[str]]:
    with project._read() as conn:
        return bulk.read_history(conn)


def replica_of(project: Project) -> str:
    from curator.core.replica import project_replica

    with project._read() as conn:
        return project_replica(conn, project.path)


def content(project: Project) -> dict[str, dict[str, dict]]:
    """kind -> uid -> exchange record (stamps included): what a user's data is, not its ids."""
    return {key: {r["uid"]: r for r in recs} for key, recs in records(project).items()}


def states(project: Project) -> dict[str, dict[str, str]]:
    """kind -> uid -> state hash: the content that merges compare."""
    return {kind.key: {r["uid"]: bulk.state_hash(kind, r) for r in records(project)[kind.key]}
            for kind in bulk.KINDS}


def load(path: Path) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    data.pop("exported_at", None)
    return data


FORMAT_5_DOCUMENT_FIELDS = ("kind", "source_sha256", "source_size", "page_starts", "metadata", "problems")
FORMAT_6_LISTS = ("fields", "field_values", "claim_links")


def as_format_5(data: dict) -> dict:
    """A format-6 export as format 5 had it: no typed fields, values or claim links (nor their
    sync entries)."""
    import copy

    data = copy.deepcopy(data)
    gone = {rec["uid"] for key in FORMAT_6_LISTS for rec in data.pop(key, [])}
    for section in ("held", "history"):
        for uid in gone & set(data["sync"].get(section, {})):
            del data["sync"][section][uid]
    return data | {"format_version": 5}


def as_format_4(data: dict) -> dict:
    """A format-5 (or 6) export as format 4 had it: documents without their original's fields,
    spans without their derived page (records and history contents)."""
    import copy

    data = copy.deepcopy(as_format_5(data) if data.get("format_version") == 6 else data)
    docs = {d["uid"] for d in data["documents"]}
    for doc in data["documents"]:
        for name in FORMAT_5_DOCUMENT_FIELDS:
            doc.pop(name, None)
    for span in data["spans"]:
        span.pop("page", None)
    for uid, entries in data["sync"].get("history", {}).items():
        for entry in entries:
            if uid in docs and isinstance(entry.get("content"), dict):
                for name in FORMAT_5_DOCUMENT_FIELDS:
                    entry["content"].pop(name, None)
    return data | {"format_version": 4}


def as_format_3(data: dict) -> dict:
    """A format-4 (or 5) export as Curator 3 would have written it: the same records, the sync
    section only uid -> states (the states held, and the history's)."""
    if data.get("format_version") in (5, 6):
        data = as_format_4(data)
    states = {uid: {state} for uid, state in data["sync"].get("held", {}).items()}
    for uid, entries in data["sync"].get("history", {}).items():
        states.setdefault(uid, set()).update(e["state"] for e in entries)
    return data | {"format_version": 3, "sync": {uid: sorted(s) for uid, s in sorted(states.items())}}


def write(path: Path, data: dict) -> Path:
    Path(path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return Path(path)


@contextmanager
def open_pair(tmp_path: Path, build: Callable[[Project], None]) -> Iterator[tuple[Project, Project]]:
    """A project made by ``build`` and a ``.curator`` copy of it handed to a colleague, both open
    (ours as "ana", theirs as "ben")."""
    ours_path, theirs_path = copied_pair(tmp_path, build)
    with Project.open(ours_path, annotator="ana") as ours, \
            Project.open(theirs_path, annotator="ben") as theirs:
        yield ours, theirs


def copied_pair(tmp_path: Path, build: Callable[[Project], None]) -> tuple[Path, Path]:
    """ours.curator made by ``build``, and theirs.curator: a copy of it (with merge history)."""
    from curator.exchange.copy import export_copy

    with Project.create(tmp_path / "ours.curator", annotator="ana") as project:
        build(project)
        export_copy(project, tmp_path / "theirs.curator")
    return tmp_path / "ours.curator", tmp_path / "theirs.curator"


def conflicting_pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of a three-event project; both sides changed event A's title and event B's
    place since the copy was made."""
    def build(project: Project) -> None:
        doc = project.add_document("Alpha beta gamma delta.")
        for start, end in ((0, 5), (6, 10), (11, 16)):
            project.create_event_from_passage(doc, start, end)

    paths = copied_pair(tmp_path, build)
    for path, who in zip(paths, ("ours", "theirs")):
        with Project.open(path, annotator=who) as project:
            rows = project.event_rows()
            project.update_event(rows[0].id, title=f"{who} A")
            project.update_event(rows[1].id, location=f"{who} place")
    return paths


def assert_same_export(a: dict, b: dict) -> None:
    """Two exports of one project's content, the second taken from a project the first was
    imported into: equal, except that the importing project kept its own default tags (the
    file's tags of the same names were matched to them), so tags compare by name; and the second
    file's sync history says that the first file's replica held every record of it (tags aside)
    in the state it had there, when the first file was written, with the first file's own
    history rows beside."""
    from annotation_support import comparable

    kinds = [k.key for k in bulk.KINDS]
    assert {k: v for k, v in a.items() if k not in kinds and k != "sync"} == {
        k: v for k, v in b.items() if k not in kinds and k != "sync"}
    assert comparable({k: a[k] for k in kinds}) == comparable({k: b[k] for k in kinds})
    first, second = a["sync"], b["sync"]
    assert first["replica"] != second["replica"]
    tag_uids = {t["uid"] for t in a["tags"] + b["tags"]}
    for kind in bulk.KINDS:
        for rec in a[kind.key]:
            if rec["uid"] in tag_uids:
                continue
            rows = {e["state"]: e for e in second["history"][rec["uid"]]}
            claim = rows[bulk.state_hash(kind, rec)]
            assert (claim["replica"], claim["shared_at"]) == (first["replica"], first["shared_at"])
    for uid, entries in first["history"].items():
        if uid not in tag_uids:
            assert {e["state"] for e in entries} <= {e["state"] for e in second["history"][uid]}
