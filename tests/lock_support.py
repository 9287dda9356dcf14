"""Another program writing to a project: a real second process that holds the write lock
(``BEGIN IMMEDIATE`` with plain sqlite3) until told to let go."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

_HOLDER = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    for statement in sys.argv[2:]:
        conn.execute(statement)
    print("held", flush=True)
    command = sys.stdin.readline().strip()
    conn.execute("ROLLBACK" if command == "rollback" else "COMMIT")
    conn.close()
    print("released", flush=True)
""")


class LockHolder:
    """``with LockHolder(path):`` another process holds the project's write lock (optionally
    having run ``statements`` in its transaction) until :meth:`release` (or the block's end)."""

    def __init__(self, path: Path, *statements: str):
        self.process = subprocess.Popen(
            [sys.executable, "-c", _HOLDER, str(path), *statements],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if line != "held":
            raise RuntimeError(f"the lock holder did not start: {line!r} {self.process.stderr.read()}")

    def release(self, rollback: bool = False) -> None:
        if self.process.poll() is not None:
            return
        self.process.stdin.write("rollback\n" if rollback else "commit\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "released"
        self.process.wait(30)

    def __enter__(self) -> "LockHolder":
        return self

    def __exit__(self, *exc) -> None:
        self.release()
