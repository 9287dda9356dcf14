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
    """Two exports of one project's content, the second taken from a project it was imported
    into: equal, except that the importing project kept its own default tags (the file's tags
    of the same names were matched to them), so tags compare by name and tag uids' sync
    entries are left out."""
    from annotation_support import comparable

    kinds = [k.key for k in bulk.KINDS]
    assert {k: v for k, v in a.items() if k not in kinds and k != "sync"} == {
        k: v for k, v in b.items() if k not in kinds and k != "sync"}
    assert comparable({k: a[k] for k in kinds}) == comparable({k: b[k] for k in kinds})
    tag_uids = {t["uid"] for t in a["tags"] + b["tags"]}
    # labelled spans were re-pointed to the importing project's tags: they keep the state they
    # were shared in and gain the re-pointed one
    relabelled = {s["uid"] for s in b["spans"] if s.get("tag")}
    assert {u: s for u, s in a["sync"].items() if u not in tag_uids | relabelled} == {
        u: s for u, s in b["sync"].items() if u not in tag_uids | relabelled}
    for uid in relabelled:
        assert set(a["sync"].get(uid, [])) <= set(b["sync"].get(uid, []))
