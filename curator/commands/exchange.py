"""`curator export`, `import` and `merge`: JSON reports on stdout, problems on stderr."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from curator.commands.project import open_project, print_json
from curator.core.errors import InvalidInput
from curator.exchange import export_project
from curator.exchange.errors import InvalidExport, MergeConflicts
from curator.exchange.json_format import import_json
from curator.exchange.merge_file import merge_file


def run_export(args) -> int:
    with open_project(args.project, args) as project:
        print_json(export_project(project, args.out, format=getattr(args, "format", None)))
    return 0


def run_import(args) -> int:
    acled = getattr(args, "acled", False)
    if not acled and Path(args.infile).suffix.lower() in (".csv", ".tsv"):
        raise InvalidInput(f"{args.infile} is a CSV file: add --acled to import it as ACLED-style events "
                           "(curator import only reads JSON exports otherwise)")
    with open_project(args.project, args) as project:
        try:
            if acled:
                from curator.exchange.acled_import import import_acled

                report = import_acled(project, args.infile)
            else:
                report = import_json(project, args.infile)
        except InvalidExport as exc:
            return _report_problems(exc)
    print_json(report)
    return 0


def run_merge(args) -> int:
    """Conflicts are listed as JSON on stdout (each record with its conflicting fields: base,
    ours, theirs) with a one-line reason on stderr, and nothing is merged."""
    default = "ours" if args.ours else "theirs" if args.theirs else None
    decisions = _read_decisions(args.decisions) if args.decisions else None
    with open_project(args.project, args) as project:
        try:
            report = merge_file(project, args.other, decisions=decisions, default=default)
        except MergeConflicts as exc:
            print_json({"conflicts": [c.as_dict() for c in exc.conflicts]})
            sys.stderr.write(f"curator: {exc}\n")
            return 1
        except InvalidExport as exc:
            return _report_problems(exc)
    print_json(report)
    return 0


def _read_decisions(path: str) -> dict:
    try:
        decisions = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InvalidInput(f"{path} cannot be read: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path} is not a JSON object of decisions: {exc}") from exc
    if not isinstance(decisions, dict):
        raise InvalidInput(f"{path} must hold a JSON object: uid -> \"ours\", \"theirs\" or "
                           "{field: \"ours\" or \"theirs\"}")
    return decisions


def _report_problems(exc: InvalidExport) -> int:
    """The one-line reason, then every problem with its JSON path, on stderr; exit code 1."""
    sys.stderr.write(f"curator: {exc}\n")
    for problem in exc.problems:
        sys.stderr.write(f"  {problem}\n")
    return 1
