"""Headless commands: ``curator COMMAND ...`` and ``python -m curator``.

A stable interface (design.md): every command exits non-zero with a one-line reason on stderr
when it cannot do its job, and leaves the project as it was. Handlers live in
``curator.commands``; Qt is imported only by the commands that show or render a window.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from curator import __version__
from curator.core.errors import CuratorError

# command name -> (module in curator.commands, function)
HANDLERS = {
    "gui": ("gui", "run_gui"),
    "screenshot": ("gui", "run_screenshot"),
    "new": ("project", "run_new"),
    "add": ("project", "run_add"),
    "stats": ("project", "run_stats"),
    "check": ("project", "run_check"),
    "dates": ("dates", "run_dates"),
    "suggest": ("suggest", "run_suggest"),
    "export": ("exchange", "run_export"),
    "import": ("exchange", "run_import"),
    "merge": ("exchange", "run_merge"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line on stderr, exit 2
        sys.stderr.write(f"curator: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="curator", description="Turn source texts into dated events.")
    parser.add_argument("--version", action="version", version=f"curator {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    p = sub.add_parser("gui", help="open the GUI (on PROJECT, the last project, or the demo)")
    p.add_argument("project", nargs="?")

    p = sub.add_parser("new", help="create a project file")
    p.add_argument("project")
    p.add_argument("--demo", action="store_true", help="import the bundled sample corpus")

    p = sub.add_parser("add", help="import documents (txt, md)")
    p.add_argument("project")
    p.add_argument("files", nargs="+", metavar="FILE")

    p = sub.add_parser("stats", help="counts of documents, spans, events, actors (JSON)")
    p.add_argument("project")

    p = sub.add_parser("check", help="integrity and schema check (JSON report)")
    p.add_argument("project")

    p = sub.add_parser("dates", help="date expressions in a UTF-8 text file (JSON)")
    p.add_argument("--anchor", metavar="YYYY-MM-DD", help="the document's date")
    p.add_argument("file")

    p = sub.add_parser("suggest", help="propose dated events from the documents (JSON)")
    p.add_argument("project")
    p.add_argument("--accept", action="store_true", help="turn the suggestions into events")

    p = sub.add_parser("export", help="export by OUT's suffix: .json .csv .curator .timeline.json .jsonld")
    p.add_argument("project")
    p.add_argument("out")

    p = sub.add_parser("import", help="add a JSON export into a project, in one transaction")
    p.add_argument("project")
    p.add_argument("infile", metavar="IN.json")

    p = sub.add_parser("merge", help="merge another project file or JSON export")
    p.add_argument("project")
    p.add_argument("other")
    side = p.add_mutually_exclusive_group()
    side.add_argument("--ours", action="store_true", help="settle conflicts with this project's side")
    side.add_argument("--theirs", action="store_true", help="settle conflicts with the other side")
    p.add_argument("--decisions", metavar="FILE.json",
                   help='settle conflicts as this JSON object says: uid -> "ours" or "theirs", or '
                        'uid -> {field: "ours" or "theirs"} (what is not in it: --ours/--theirs)')

    p = sub.add_parser("screenshot", help="render the main window offscreen to a PNG")
    p.add_argument("project")
    p.add_argument("out", metavar="OUT.png")
    p.add_argument("--size", default="1600x1000", metavar="WxH")
    p.add_argument("--lanes", choices=("none", "actor", "document", "label", "place"),
                   help="group the timeline's lanes by this")
    p.add_argument("--tab", metavar="NAME", help="show this tab on the right (Events, Suggestions, Actors, Search)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    if command == "gui" and not hasattr(args, "project"):
        args.project = None
    module_name, function_name = HANDLERS[command]
    try:
        module = importlib.import_module(f"curator.commands.{module_name}")
        return int(getattr(module, function_name)(args) or 0)
    except CuratorError as exc:
        sys.stderr.write(f"curator: {exc}\n")
        return 1
    except (OSError, UnicodeError, ValueError) as exc:
        sys.stderr.write(f"curator: {exc}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("curator: interrupted\n")
        return 130


def gui_main() -> int:
    """Entry point of the windowed launcher (no console on Windows)."""
    return main(sys.argv[1:] or ["gui"])


if __name__ == "__main__":
    sys.exit(main())
