"""`curator export`, `import` and `merge`: JSON reports on stdout, problems on stderr."""

from __future__ import annotations

import json
import sys

from curator.commands.project import open_project, print_json
from curator.exchange import export_project
from curator.exchange.errors import InvalidExport, MergeConflicts
from curator.exchange.json_format import import_json
from curator.exchange.merge_file import merge_file


def run_export(args) -> int:
    with open_project(args.project) as project:
        print_json(export_project(project, args.out))
    return 0


def run_import(args) -> int:
    with open_project(args.project) as project:
        try:
            report = import_json(project, args.infile)
        except InvalidExport as exc:
            sys.stderr.write(f"curator: {exc}\n")
            for problem in exc.problems:
                sys.stderr.write(f"  {problem}\n")
            return 1
    print_json(report)
    return 0


def run_merge(args) -> int:
    default = "ours" if args.ours else "theirs" if args.theirs else None
    with open_project(args.project) as project:
        try:
            report = merge_file(project, args.other, default=default)
        except MergeConflicts as exc:
            sys.stdout.write(json.dumps({"conflicts": [c.as_dict() for c in exc.conflicts]},
                                        ensure_ascii=False, indent=2) + "\n")
            sys.stderr.write(f"curator: {exc}\n")
            return 1
        except InvalidExport as exc:
            sys.stderr.write(f"curator: {exc}\n")
            for problem in exc.problems:
                sys.stderr.write(f"  {problem}\n")
            return 1
    print_json(report)
    return 0
