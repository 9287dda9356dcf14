"""``curator recover DAMAGED NEW.curator``: salvage what SQLite can still read into a new project."""

from __future__ import annotations

from curator.commands.project import print_json
from curator.core.recovery import recover


def run_recover(args) -> int:
    """The report (what was recovered and what was lost, per table) as JSON on stdout. The
    damaged file is only read; exit 0 once the new project is written, also when rows were lost
    (the report says which)."""
    print_json(recover(args.damaged, args.new))
    return 0
