"""Bookkeeping that lets copies of a project be merged: the states each record was shared in.

Why a table of shared states
----------------------------
Two copies of a project diverge when people edit them apart. To merge them, Curator must tell,
for a record whose content differs between the two sides, whether one side is simply *behind*
the other (take the newer side) or both changed it since they last agreed (a conflict).

Each record's content is summarised by a *state hash* (:func:`curator.core.bulk.state_hash`:
its content fields and references by uid, and whether it is deleted; not ``updated_at``, not the
local integer ids; the fields schema 2 added enter only when set, so a record that does not use
them keeps the state it had in schema 1 and histories recorded before the upgrade still hold). ``sync_history`` holds, per record uid, every state hash in which that
record left or entered this file: when it was exported to JSON or copied to a ``.curator`` file
(recorded in the source *and* in the copy), imported, or merged (the merged result, the other
side's state and the other side's own history). Local edits are not recorded until shared, and
need not be: no peer can hold a state that was never shared.

Merging a record present on both sides with our state ``o`` and their state ``t``:

* ``o == t``: nothing to do;
* ``t`` is in our history: their copy is an older state of ours: keep ours;
* ``o`` is in their history: ours is an older state of theirs: take theirs;
* otherwise both changed (or one edited and the other deleted) since they diverged: a conflict.

After a merge our history gains ``o``, ``t``, the result and the other side's history, so that
merging the same file again changes nothing.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class SyncHistory(SQLModel, table=True):
    """One (record uid, state hash) pair: the record has been shared in that state."""

    __tablename__ = "sync_history"
    __table_args__ = {"sqlite_with_rowid": False}  # the key is the row: one b-tree, not two
    uid: str = Field(primary_key=True)
    state: str = Field(primary_key=True)  # 32 hex digits, see curator.core.bulk.state_hash
    # schema 3: the record's exchange dict in that state (canonical JSON), so that a later merge
    # has the shared base of each field; "" when not known (recorded before schema 3)
    content: str = Field(default="", nullable=False)
