"""`curator new`, `add`, `stats` and `check`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from curator.core import Project
from curator.core.errors import CuratorError
from curator.commands.reading import decoding_report, read_for_add
from curator.core.tables import text_sha256
from curator.identity import default_annotator


def annotator_name() -> str:
    """Who headless edits are attributed to: $CURATOR_ANNOTATOR, else the login name."""
    return default_annotator()


def print_json(value) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def open_project(path: str) -> Project:
    return Project.open(path, annotator=annotator_name())


def run_new(args) -> int:
    path = Path(args.project)
    if path.exists():
        raise CuratorError(f"{path} already exists; choose another name")
    if args.demo:
        from curator.demo import create_demo

        project = create_demo(path, annotator_name())
    else:
        project = Project.create(path, annotator_name())
    try:
        print_json({"created": str(path)} | project.stats())
    finally:
        project.close()
    return 0


def run_add(args) -> int:
    docs = [read_for_add(f, args) for f in args.files]  # every file read before the project is touched
    with open_project(args.project) as project:
        if getattr(args, "dry_run", False):
            ids = _ids_if_added(project, docs)
        else:
            ids = project.add_documents([d.as_record() for d in docs], skip_known_texts=True)
    print_json({
        **({"dry_run": True} if getattr(args, "dry_run", False) else {}),
        "added": [{"id": i or None, "title": d.title, "file": d.filename, **decoding_report(d),
                   "characters": len(d.text)} for i, d in zip(ids, docs) if i is not None],
        "skipped": [{"file": d.filename, "reason": "same text as a document already in the project"}
                    for i, d in zip(ids, docs) if i is None]})
    return 0


def _ids_if_added(project: Project, docs) -> list:
    """``add --dry-run``: what ``add_documents(skip_known_texts=True)`` would return, with 0 (no id
    yet) for every document it would add. Nothing is written."""
    known = {d.sha256 for d in project.documents()}
    ids = []
    for doc in docs:
        digest = text_sha256(doc.text)
        ids.append(None if digest in known else 0)
        known.add(digest)
    return ids


def run_stats(args) -> int:
    with open_project(args.project) as project:
        print_json(project.stats())
    return 0


def run_check(args) -> int:
    with open_project(args.project) as project:
        report = project.check()
    print_json(report)
    if not report["ok"]:
        raise CuratorError(f"{args.project} has {len(report['problems'])} problem(s): {report['problems'][0]}")
    return 0
