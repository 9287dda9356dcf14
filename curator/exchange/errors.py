"""Errors of the exchange layer. Each has a one-line message; the ones about many things (an
import's problems, a merge's conflicts) carry the full list for reports and dialogs."""

from __future__ import annotations

from dataclasses import dataclass

from curator.core.errors import Cancelled, CuratorError, InvalidInput  # noqa: F401 - Cancelled: said here too


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, at a JSON path such as ``$.events[3].earliest``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def as_dict(self) -> dict:
        return {"path": self.path, "message": self.message}


class InvalidExport(InvalidInput):
    """A JSON export (or another project file) that cannot be taken in; ``problems`` lists every
    reason with its JSON path."""

    def __init__(self, source: str, problems: list[Problem]):
        self.source = source
        self.problems = problems
        first = problems[0] if problems else None
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{source}: {len(problems)} problem{'s' if len(problems) != 1 else ''}, "
                         f"nothing was written; first: {first}{more}")


class NewerFormatError(InvalidInput):
    """An export written by a newer Curator."""


class MergeConflicts(CuratorError):
    """A merge found records changed on both sides that it cannot merge field by field; nothing
    was written. ``conflicts`` lists them (:class:`curator.exchange.conflicts.Conflict`)."""

    def __init__(self, conflicts: list):
        self.conflicts = conflicts
        n = len(conflicts)
        fields = sum(len(c.fields) if c.level == "field" else 0 for c in conflicts)
        wholes = sum(c.level == "record" for c in conflicts)
        parts = ([f"{fields} field{'s' if fields != 1 else ''} changed differently on both sides"]
                 if fields else []) + ([f"{wholes} to keep or replace as a whole"] if wholes else [])
        super().__init__(f"{n} conflicting record{'s' if n != 1 else ''} ({'; '.join(parts)}); "
                         "nothing was merged: decide each one, or rerun with --ours, --theirs or "
                         "--decisions")
