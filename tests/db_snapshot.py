"""Snapshots of a project file's records, for checking that an undo leaves the file as before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

TABLES = ("document", "tag", "span", "event", "actor", "event_actor", "event_evidence",
          "rejected_suggestion", "event_field", "event_field_value", "claim_link")


def live_rows(path: Path) -> dict[str, list[tuple]]:
    """Every live record of every record table (all columns but updated_at), by id."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return {t: [tuple((k, r[k]) for k in r.keys() if k != "updated_at") for r in conn.execute(
            f"SELECT * FROM {t} WHERE deleted_at IS NULL ORDER BY id")] for t in TABLES}
    finally:
        conn.close()


def all_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every record table, tombstones and updated_at included."""
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    finally:
        conn.close()
