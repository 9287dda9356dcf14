"""Headless commands: ``curator COMMAND ...`` and ``python -m curator``.

A stable interface (design.md): every command exits non-zero with a one-line reason on stderr
when it cannot do its job, and leaves the project as it was. Handlers live in
``curator.commands``; Qt is imported only by the commands that show or render a window.
"""

from __future__ import annotations

import argparse
import importlib
import sqlite3
import sys
from pathlib import Path

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
    "extract": ("extract", "run_extract"),
    "suggest": ("suggest", "run_suggest"),
    "claims": ("claims", "run_claims"),
    "export": ("exchange", "run_export"),
    "import": ("exchange", "run_import"),
    "merge": ("exchange", "run_merge"),
    "recover": ("recover", "run_recover"),
    "fields": ("fields", "run_fields"),
    "set-field": ("fields", "run_set_field"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line on stderr, exit 2
        sys.stderr.write(f"curator: {message}\n")
        raise SystemExit(2)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value <= 86_400:
        raise argparse.ArgumentTypeError(f"{text} is out of range (0 to 86400 seconds)")
    return value


def _unit(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is out of range (0 to 1)")
    return value


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 0 <= value <= 366:
        raise argparse.ArgumentTypeError(f"{text} is out of range (0 to 366 days)")
    return value


def _count(top):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < 0 or (top is not None and value > top):
            raise argparse.ArgumentTypeError(f"{text} is out of range (0 to {top})" if top is not None
                                             else f"{text} is out of range (0 or more)")
        return value
    return parse


class _VersionAction(argparse.Action):
    """``--version``: the installed version, read only when asked for."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0,
                         help=help or "show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        import curator

        sys.stdout.write(f"curator {curator.__version__}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    from curator.core.locking import DEFAULT_WAIT_S

    waits = argparse.ArgumentParser(add_help=False)  # for every command that opens a project
    waits.add_argument("--wait", type=_seconds, default=DEFAULT_WAIT_S, metavar="SECONDS",
                       help="while another program writes to the project, wait this long for it "
                            f"(default {DEFAULT_WAIT_S:.0f}; 0: do not wait)")
    parser = _Parser(prog="curator", description="Turn source texts into dated events.")
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    p = sub.add_parser("gui", help="open the GUI (on PROJECT, the last project, or the demo)")
    p.add_argument("project", nargs="?")

    p = sub.add_parser("new", help="create a project file")
    p.add_argument("project")
    p.add_argument("--demo", action="store_true", help="import the bundled sample corpus")

    p = sub.add_parser("add", parents=[waits], help="import documents: PDF, DOCX, ODT, HTML, EML, MBOX, "
                       "RTF, text, Markdown; a folder: every such file under it",
                       description="Import documents into PROJECT. Kinds read: PDF with a text layer "
                       "(.pdf), Word (.docx), OpenDocument text (.odt), HTML (.html, .htm, .xhtml), "
                       "e-mail (.eml), mailboxes (.mbox, one document per message), RTF (.rtf), "
                       "plain text and Markdown (.txt, .text, .md, .markdown). A FOLDER adds every "
                       "such file under it (hidden ones skipped). A file that cannot be read is "
                       "refused with its reason on stderr; the rest are added in one transaction. "
                       "Exit status 1 when nothing could be added.")
    p.add_argument("project")
    p.add_argument("files", nargs="+", metavar="FILE|FOLDER")
    p.add_argument("--date", metavar="EDTF",
                   help="the documents' date, YYYY-MM-DD, YYYY-MM or YYYY (otherwise the file's "
                        "own, or one inferred from the text)")
    p.add_argument("--encoding", metavar="ENC",
                   help="read the files in this encoding (default: byte order mark, UTF-8, else detected)")
    p.add_argument("--no-originals", action="store_true",
                   help="do not keep a copy of the original files in the project (their name, kind, "
                        "size and SHA-256 are kept); by default files up to 20 MB are kept")
    p.add_argument("--ocr", action="store_true",
                   help="read scanned PDFs (no text layer) with Tesseract, when it and pdftoppm "
                        "are installed; the text is marked as OCR")
    p.add_argument("--fix-mojibake", action="store_true",
                   help="repair mojibake such as 'Ã©' for 'é' (the report lists it either way)")
    p.add_argument("--dry-run", action="store_true", help="read the files and report, add nothing")

    p = sub.add_parser("stats", parents=[waits], help="counts of documents, spans, events, actors (JSON)")
    p.add_argument("project")

    p = sub.add_parser("check", parents=[waits], help="integrity and schema check (JSON report)")
    p.add_argument("project")
    p.add_argument("--fix", action="store_true",
                   help="set a stale -wal aside, remove triggers, views and indexes Curator did "
                        "not make (after a backup copy) and make the event listing again when it "
                        "disagrees with the events")

    p = sub.add_parser("dates", help="date expressions in a text file (JSON)")
    p.add_argument("--anchor", metavar="YYYY-MM-DD", help="the document's date")
    p.add_argument("--encoding", metavar="ENC",
                   help="read the file in this encoding (default: byte order mark, UTF-8, else detected)")
    p.add_argument("file")

    p = sub.add_parser("extract", help="what Curator reads from document files: text, pages, metadata (JSON)")
    p.add_argument("--encoding", metavar="ENC",
                   help="read text and HTML files in this encoding (default: declared, byte order mark, "
                        "UTF-8, else detected)")
    p.add_argument("--text", action="store_true", help="include each document's text")
    p.add_argument("files", nargs="+", metavar="FILE")

    p = sub.add_parser("suggest", parents=[waits], help="propose dated events from the documents (JSON)")
    p.add_argument("project")
    p.add_argument("--accept", action="store_true", help="turn the suggestions into events")

    p = sub.add_parser("claims", parents=[waits],
                       help="happenings (confirmed reports of one thing) side by side, candidate pairs, "
                            "confirm/reject/unlink a pair (JSON)")
    p.add_argument("project")
    p.add_argument("--confirm", nargs=2, metavar=("A", "B"),
                   help="link events A and B (ids or uids) as reports of one happening")
    p.add_argument("--reject", nargs=2, metavar=("A", "B"),
                   help="mark events A and B as reports of different happenings (never proposed again)")
    p.add_argument("--unlink", nargs=2, metavar=("A", "B"), help="remove the decision about events A and B")
    p.add_argument("--note", metavar="TEXT", help="a note kept with --confirm or --reject")
    p.add_argument("--candidates", action="store_true",
                   help="list the proposed pairs with their reasons and differences")
    p.add_argument("--threshold", type=_unit, default=0.35, metavar="T",
                   help="lowest score proposed, 0 to 1 (default 0.35)")
    p.add_argument("--slack", type=_days, default=7, metavar="DAYS",
                   help="how many days apart two narrow dates may lie (default 7)")
    p.add_argument("--per-event", type=_count(1000), default=5, metavar="K",
                   help="keep each event's K best proposals (default 5; 0 keeps every one)")
    p.add_argument("--limit", type=_count(None), default=1000, metavar="N",
                   help="write the N best candidates (default 1000; 0 writes every one)")

    p = sub.add_parser("export", parents=[waits], help="export by OUT's suffix: .json .csv .acled.csv .curator "
                       ".timeline.json .jsonld")
    p.add_argument("project")
    p.add_argument("out")
    p.add_argument("--format", choices=("json", "csv", "acled", "timeline", "jsonld", "curator"),
                   help="the format, whatever OUT's suffix (acled: ACLED's columns, one row per event)")

    p = sub.add_parser("import", parents=[waits], help="add a JSON export (or, with --acled, an ACLED-style "
                       "CSV file) into a project, in one transaction")
    p.add_argument("project")
    p.add_argument("infile", metavar="IN.json|IN.csv")
    p.add_argument("--acled", action="store_true",
                   help="IN is an ACLED-style CSV file: each row becomes an event (checked row by row, "
                        "all or nothing; importing it again changes nothing)")

    p = sub.add_parser("merge", parents=[waits], help="merge another project file or JSON export")
    p.add_argument("project")
    p.add_argument("other")
    side = p.add_mutually_exclusive_group()
    side.add_argument("--ours", action="store_true", help="settle conflicts with this project's side")
    side.add_argument("--theirs", action="store_true", help="settle conflicts with the other side")
    p.add_argument("--decisions", metavar="FILE.json",
                   help='settle conflicts as this JSON object says: uid -> "ours" or "theirs", or '
                        'uid -> {field: "ours" or "theirs"} (what is not in it: --ours/--theirs)')

    p = sub.add_parser("fields", parents=[waits], help="the typed fields of events: list them (JSON), or "
                       "add, rename or delete one, or add the conflict events fields",
                       description="List the project's typed event fields as JSON (name, kind, choices, "
                       "position, uid and how many events have a value), or change them with one of "
                       "the options (the list after the change is printed).")
    p.add_argument("project")
    p.add_argument("--add", metavar="NAME", help="add a field (with --kind, and --choices for a choice field)")
    p.add_argument("--kind", choices=("text", "number", "range", "choice", "place", "url"),
                   help="the new field's kind: text, number, range (70, 70-100, at least 70, about 40), "
                        "choice, place (a name with coordinates), url")
    p.add_argument("--choices", nargs="+", metavar="CHOICE", help="a choice field's choices, in order")
    p.add_argument("--template", choices=("conflict",),
                   help="add the conflict events fields: event type and sub-event type (ACLED's "
                        "taxonomy), fatalities, coordinates (again: nothing changes)")
    p.add_argument("--rename", nargs=2, metavar=("NAME", "NEW"), help="rename a field")
    p.add_argument("--delete", metavar="NAME", help="delete a field with its values")

    p = sub.add_parser("set-field", parents=[waits], help="set one event's value of a typed field "
                       "(an empty VALUE clears it); JSON of the value as read")
    p.add_argument("project")
    p.add_argument("event", metavar="EVENT", help="the event's id or uid")
    p.add_argument("field", metavar="FIELD", help="the field's name")
    p.add_argument("value", metavar="VALUE", help="the value as written, e.g. 'at least 70'")

    p = sub.add_parser("recover", help="salvage what a damaged project still holds into a new project (JSON report)")
    p.add_argument("damaged", metavar="DAMAGED")
    p.add_argument("new", metavar="NEW.curator")

    p = sub.add_parser("screenshot", help="render the main window offscreen to a PNG")
    p.add_argument("project")
    p.add_argument("out", metavar="OUT.png")
    p.add_argument("--size", default="1600x1000", metavar="WxH")
    p.add_argument("--lanes", choices=("none", "actor", "document", "label", "place"),
                   help="group the timeline's lanes by this")
    p.add_argument("--tab", metavar="NAME", help="show this tab on the right (Events, Suggestions, Actors, Search, Claims)")
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
    except Exception as exc:  # the last line of defence: an SQLite error is one line, never a traceback
        if not is_database_error(exc):
            raise
        sys.stderr.write(f"curator: {database_error_line(exc, args)}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("curator: interrupted\n")
        return 130


def is_database_error(exc: BaseException) -> bool:
    """An sqlite3 error, or SQLAlchemy's wrapper of one (checked without importing SQLAlchemy)."""
    if isinstance(exc, sqlite3.Error):
        return True
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.SQLAlchemyError)


def database_error_line(exc: BaseException, args) -> str:
    """One line for an SQLite error no handler caught: for damage, the diagnosis of whichever of
    the command's files is damaged; otherwise SQLite's words with the file they concern."""
    from curator.core import damage

    orig = getattr(exc, "orig", None) or exc
    message = str(orig).splitlines()[0] if str(orig) else type(orig).__name__
    files = [getattr(args, name) for name in ("project", "other", "infile", "damaged")
             if isinstance(getattr(args, name, None), str)]
    if damage.is_damage(orig):
        for name in files:
            try:
                diagnosis = damage.diagnose(Path(name))
            except Exception:  # noqa: BLE001 - the diagnosis is a courtesy; SQLite's words remain
                continue
            if diagnosis.damaged:
                return diagnosis.line()
    where = f"{files[0]}: " if files else ""
    return f"{where}{message} (SQLite); nothing was changed"


def gui_main() -> int:
    """Entry point of the windowed launcher (no console on Windows)."""
    return main(sys.argv[1:] or ["gui"])


if __name__ == "__main__":
    sys.exit(main())
