"""`curator new`, `add`, `stats` and `check`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from curator.core import Project
from curator.core.errors import CuratorError, DamagedProject
from curator.core.project import damage_report
from curator.identity import default_annotator
from curator.ingest.reader import read_document


def annotator_name() -> str:
    """Who headless edits are attributed to: $CURATOR_ANNOTATOR, else the login name."""
    return default_annotator()


def print_json(value) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def open_project(path: str) -> Project:
    """The project a headless command works on. SQLite's quick check runs first, so that a
    damaged file is named in one line (what is wrong, nothing changed, the newest backup) before
    any command reads it; a file Curator cannot write opens read-only."""
    return Project.open(path, annotator=annotator_name(), verify=True)


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
    docs = [read_document(f) for f in args.files]  # every file read before the project is touched
    with open_project(args.project) as project:
        ids = project.add_documents([d.as_record() for d in docs], skip_known_texts=True)
    print_json({
        "added": [{"id": i, "title": d.title, "file": d.filename, "encoding": d.encoding,
                   "characters": len(d.text)} for i, d in zip(ids, docs) if i is not None],
        "skipped": [{"file": d.filename, "reason": "same text as a document already in the project"}
                    for i, d in zip(ids, docs) if i is None]})
    return 0


def run_stats(args) -> int:
    with open_project(args.project) as project:
        print_json(project.stats())
    return 0


def run_check(args) -> int:
    """The JSON report on stdout, also for a damaged file (``"damaged": true`` with SQLite's own
    words); exit 1 with one line on stderr when anything is wrong."""
    try:
        project = Project.open(args.project, annotator=annotator_name())
    except DamagedProject as exc:
        report = damage_report(exc.diagnosis)
    else:
        with project:
            report = project.check()
    print_json(report)
    if report.get("damaged"):
        raise CuratorError(report["diagnosis"])
    if not report["ok"]:
        raise CuratorError(f"{args.project} has {len(report['problems'])} problem(s): {report['problems'][0]}")
    return 0
