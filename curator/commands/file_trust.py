"""`curator check` on a file Curator refuses to open (a stale ``-wal``, a schema with what
Curator did not make), and `curator check --fix`, which removes what can safely be removed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from curator.core import database as db
from curator.core import field_values, listing, schema_trust, wal
from curator.core.derived_repair import derived_repair
from curator.core.errors import CuratorError


def main_file_problems(path: Path) -> list[str]:
    """``PRAGMA quick_check`` of the main file alone (read as immutable: its WAL is ignored and
    nothing is written, no side file made)."""
    try:
        conn = sqlite3.connect(wal.file_uri(path, immutable="1"), uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        result = [r[0] for r in conn.execute("PRAGMA quick_check(20)")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [] if result == ["ok"] else result


def refused_report(path: Path, exc: CuratorError) -> dict:
    """The JSON report of a file refused before opening: what is wrong and whether
    ``--fix`` can mend it."""
    report = {"ok": False, "opened": False, "problems": [], "fixable": False}
    if isinstance(exc, wal.StaleJournal):
        main = main_file_problems(path)
        report["problems"] = [str(exc)] + [f"main file alone: {m}" for m in main]
        report["journal"] = "stale"
        report["main_file_alone"] = "ok" if not main else "damaged"
        report["fixable"] = not main
    elif isinstance(exc, schema_trust.UntrustedSchema):
        bad = schema_trust.refusals(exc.findings)
        report["problems"] = [f"not Curator's: {f.text}" for f in bad]
        report["allowed"] = [f.text for f in exc.findings if f.allowed]
        report["fixable"] = all(f.fix for f in bad)
    else:
        report["problems"] = [str(exc)]
    return report


def fix(path: Path) -> dict:
    """Set a stale WAL aside (when the main file alone is sound) and remove the schema objects
    Curator does not trust (after a backup copy). Raises CuratorError when that is not safe."""
    if not path.is_file():
        raise CuratorError(f"{path} does not exist or is not a file")
    done: dict = {"fixed": [], "backup": None, "left": []}
    stale = wal.stale_wal_reason(path)
    if stale:
        main = main_file_problems(path)
        if main:
            raise CuratorError(f"{stale}; the main file alone is damaged too ({main[0]}): not fixed")
        moved = wal.set_aside(path)
        done["fixed"].append(f"stale journal moved aside to {moved.name}")
    _, version = db.read_header(path)
    report = schema_trust.clean(path, version)
    done["fixed"] += [f"made again: {item[:-len(' is missing')]}" if item.endswith(" is missing")
                      else f"removed {item}" for item in report["removed"]]
    done["backup"] = report["backup"]
    done["left"] = report["left"]
    done["allowed"] = report["allowed"]
    if version == db.SCHEMA_VERSION and not report["left"] and relist(path):
        done["fixed"].append("event listing made again from the events")
    if version == db.SCHEMA_VERSION and not report["left"]:
        keys = field_values.rekey(path)
        if keys:
            done["fixed"].append(f"sort keys of {keys:,} field value{'s' if keys != 1 else ''} made again")
    return done


def relist(path: Path) -> bool:
    """Make the event listing again (see curator.core.listing) when it disagrees with the
    events; whether it did. Derived data: nothing is lost, so no backup is needed."""
    with derived_repair(path) as conn:
        if listing.problems(conn) or listing.index_problems(conn):
            listing.rebuild(conn)
            return True
        return False
