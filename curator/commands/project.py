"""`curator new`, `add`, `stats` and `check`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from curator.core.errors import CuratorError, DamagedProject
from curator.core.project import Project, damage_report
from curator.identity import default_annotator
from curator.temporal.errors import DateInputError


def annotator_name() -> str:
    """Who headless edits are attributed to: $CURATOR_ANNOTATOR, else the login name."""
    return default_annotator()


def print_json(value) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def open_project(path: str, args=None) -> Project:
    """The project a headless command works on. SQLite's quick check runs first, so that a
    damaged file is named in one line (what is wrong, nothing changed, the newest backup) before
    any command reads it; a file Curator cannot write opens read-only. Its writes wait for
    another program's lock up to ``args.wait`` seconds, saying so on stderr (see
    curator.core.locking)."""
    return Project.open(path, annotator=annotator_name(), verify=True, lock_wait=_lock_wait(path, args))


def _lock_wait(path: str, args):
    """How a command's writes wait for another program's lock: up to ``args.wait`` seconds."""
    from curator.core.locking import DEFAULT_WAIT_S, stderr_reporter

    limit = getattr(args, "wait", None)
    return stderr_reporter(Path(path), DEFAULT_WAIT_S if limit is None else limit)


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
    # reading files needs the format readers and the encoding detector: imported by `add` alone
    from curator.commands.adding import run

    return run(args, _given_date(getattr(args, "date", None)), open_project, print_json)


def _given_date(value) -> str:
    """``--date``'s value as a document date ("" when not given); refused with the reason."""
    from curator.temporal.rule import document_date_value

    if value is None:
        return ""
    try:
        given = document_date_value(value)
    except DateInputError as exc:
        raise CuratorError(f"--date {value!r}: {exc.reason}") from exc
    if not given:
        raise CuratorError("--date needs a date: YYYY-MM-DD, YYYY-MM or YYYY (EDTF)")
    return given


def run_stats(args) -> int:
    with open_project(args.project, args) as project:
        print_json(project.stats())
    return 0


def run_check(args) -> int:
    """The JSON report on stdout, also for a damaged file (``"damaged": true`` with SQLite's own
    words) and for a file refused before opening (a stale journal, a foreign schema); exit 1
    with one line on stderr when anything is wrong."""
    from curator.commands import file_trust
    from curator.core.schema_trust import UntrustedSchema, check_file
    from curator.core.wal import StaleJournal

    fixed = file_trust.fix(Path(args.project)) if getattr(args, "fix", False) else None
    try:
        project = Project.open(args.project, annotator=annotator_name(),
                               lock_wait=_lock_wait(args.project, args))
    except (UntrustedSchema, StaleJournal) as exc:  # reported, not opened
        report = file_trust.refused_report(Path(args.project), exc) | ({"fix": fixed} if fixed else {})
        print_json(report)
        raise CuratorError(str(exc)) from None
    except DamagedProject as exc:
        report = damage_report(exc.diagnosis)
    else:
        with project:
            report = project.check() | ({"fix": fixed} if fixed else {})
        extras = [] if report.get("damaged") else [
            f.text for f in check_file(Path(args.project), report["user_version"])]
        if extras:  # someone's own tables and indexes: kept and ignored, not in copies
            report["allowed"] = extras
    print_json(report)
    if report.get("damaged"):
        raise CuratorError(report["diagnosis"])
    if not report["ok"]:
        raise CuratorError(f"{args.project} has {len(report['problems'])} problem(s): {report['problems'][0]}")
    return 0


def event_id_arg(project, text: str) -> int:
    """An event named on the command line by its id or its uid (NotFound for neither)."""
    from curator.core.errors import NotFound

    if text.isdigit():
        return int(text)
    found = project.event_id_of_uid(text)
    if found is None:
        raise NotFound(f"no event with id or uid {text!r}")
    return found
