"""One way to make derived data again in a project file (the event listing, the field values'
sort keys): a plain connection inside ``BEGIN IMMEDIATE`` with the listing's SQL functions,
committed when the block ends, rolled back on an error. Derived data only: no backup is made."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Union


@contextmanager
def derived_repair(path: Union[str, Path]) -> Iterator[sqlite3.Connection]:
    from curator.core import listing

    conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        listing.register_functions(conn)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    finally:
        conn.close()
