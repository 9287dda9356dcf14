"""Writing to a project file behind Curator's back, as a damaged or foreign file would be."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def raw_sql(path: Path, *statements: str) -> None:
    """Run ``statements`` on the file with plain sqlite3 and commit."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()
