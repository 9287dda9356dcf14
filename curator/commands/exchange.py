"""`curator export`, `import` and `merge`: JSON reports on stdout, problems on stderr."""

from __future__ import annotations

import sys

from curator.commands.project import open_project, print_json
from curator.exchange import export_project
from curator.exchange.errors import InvalidExport, MergeConflicts
from curator.exchange.json_format import import_json
from curator.exchange.merge_file import merge_file


def run_export(args) -> int:
    with open_project(args.project, args) as project:
        print_json(export_project(project, args.out))
    return 0


def run_import(args) -> int:
    with open_project(args.project, args) as project:
        try:
            report = import_json(project, args.infile)
        except InvalidExport as exc:
            return _report_problems(exc)
    print_json(report)
    return 0


def run_merge(args) -> int:
    default = "ours" if args.ours else "theirs" if args.theirs else None
    with open_project(args.project, args) as project:
        try:
            report = merge_file(project, args.other, default=default)
        except MergeConflicts as exc:
            print_json({"conflicts": [c.as_dict() for c in exc.conflicts]})
            sys.stderr.write(f"curator: {exc}\n")
            return 1
        except InvalidExport as exc:
            return _report_problems(exc)
    print_json(report)
    return 0


def _report_problems(exc: InvalidExport) -> int:
    """The one-line reason, then every problem with its JSON path, on stderr; exit code 1."""
    sys.stderr.write(f"curator: {exc}\n")
    for problem in exc.problems:
        sys.stderr.write(f"  {problem}\n")
    return 1
