"""Which copy of a project a file is: its *replica id*, for the merge bookkeeping.

An export records "replica R held these states" (see :mod:`curator.core.models_sync`); merging
the export back into R later tells R that those states were its own, although exporting wrote
nothing to R. For that to be safe, two files must never share a replica id: if a file duplicated
with ``cp`` (a *twin*) claimed its parent's id, the twin's exports would make the twin's edits
look like the parent's own past states, and a merge would keep the parent's version and drop
them without a word.

So the replica id is not stored as such. ``project_meta`` holds a random *base* (made when the
file is created or upgraded to schema 4; a ``.curator`` copy gets a fresh one), and the replica
id is ``uuid5(base + the file's identity)``, the identity being the computer's name and the
file's device and inode (its file index on Windows): what a copy never shares with its original,
while a rename or a move within one disk keeps it. Nothing is written when a file is opened, so
a project on a read-only medium has its replica id too.

The price of safety: a file moved to another disk or computer (or a disk whose device number
changes, as removable and network drives may between mounts) becomes another replica. Exports
made before the move then count as another copy's: merging them back may report conflicts that
the move made (spurious conflicts), never lose an edit. A file whose inode is unknown (0) is
identified by its full path instead.
"""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path

from sqlalchemy import Connection

META_KEY = "replica"
NAMESPACE = uuid.UUID("9d2b3c5e-7a41-4d0c-9a8e-5b7c3e1f2a60")
"""Namespace of the name-based (version 5) replica ids."""


def new_base() -> str:
    return str(uuid.uuid4())


def file_identity(path: str | Path) -> str:
    """What tells this file from any copy of it: host, device and inode (or, with no inode, the
    resolved path)."""
    host = socket.gethostname()
    info = os.stat(path)
    if info.st_ino:
        return f"{host}\n{info.st_dev}\n{info.st_ino}"
    return f"{host}\npath:{os.path.realpath(path)}"


def replica_id(base: str, path: str | Path) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{base}\n{file_identity(path)}"))


def read_base(conn: Connection) -> str:
    """The file's replica base ("" in a file from before schema 4, read as it is)."""
    if not conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                "AND name = 'project_meta'").scalar():
        return ""
    value = conn.exec_driver_sql("SELECT value FROM project_meta WHERE key = ?", (META_KEY,)).scalar()
    return value or ""


def project_replica(conn: Connection, path: str | Path) -> str:
    """The replica id of the project file at ``path`` (``conn`` reads it)."""
    return replica_id(read_base(conn), path)
