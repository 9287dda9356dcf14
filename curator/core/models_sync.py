"""Bookkeeping that lets copies of a project be merged: the states each record was shared in,
their content, and which copy held them when.

Why a table of shared states
----------------------------
Two copies of a project diverge when people edit them apart. To merge them, Curator must tell,
for a record whose content differs between the two sides, whether one side is simply *behind*
the other (take the newer side) or both changed it since they last agreed; and in that last case
what they agreed on (the *base*), so that a field changed on one side only can take that side.

Each record's content is summarised by a *state hash* (:func:`curator.core.bulk.state_hash`:
its content fields and references by uid, and whether it is deleted; not ``updated_at``, not the
local integer ids; the fields schema 2 added enter only when set, so a record that does not use
them keeps the state it had in schema 1 and histories recorded before the upgrade still hold).
``sync_history`` holds, per record uid, the states this file has *seen* that record in: the
states it imported or merged (the other side's state, the other side's own history, our state
before the merge and the merged result) and, in a ``.curator`` copy, the states it was copied
in. Every state in a file's history is one its current record supersedes. Local edits are not
recorded: no peer can hold a state that was never shared.

Each row keeps (schema 3) the record's *content* in that state (:func:`curator.core.bulk.content_json`:
the canonical JSON list its state hash is made of, after its two stamps; an export shows it as
an object of the record's fields; "" when unknown, as in rows written before schema 4), the base
a three-way merge compares both sides with. A record both sides hold alike gets no content kept
in a merge (it is nobody's base yet: whoever changes it later merges against a side that holds
it as it is); an import and a ``.curator`` copy keep the content of every record they bring.

Replicas and claims (schema 4)
------------------------------
Exporting is a read: it writes nothing to the project (a project on a read-only medium must
export). So the project does not remember what it handed out; the export does. Every project
file has a *replica id* (:mod:`curator.core.replica`: its ``project_meta`` uuid combined with the
file's identity on disk, so a file duplicated with ``cp`` is another replica). An export says
"replica R held these states at time T" (its records' states, R's clock at the export); a
``.curator`` copy records the same in its own history. A row may carry such a *claim*:
``replica`` (who held the state; "" unknown) and ``shared_at`` (when, on that replica's clock;
"" unknown, e.g. learnt by reading that replica's file in a merge).

Merging a record present on both sides, ours ``o`` (this file, now) and theirs ``t``
(:mod:`curator.exchange.ancestry` holds the rules):

* ``o == t``: nothing to do;
* ``t`` is an ancestor of ``o`` (in our history, or claimed by our own replica, or held by some
  replica before it held a state we descend from): keep ours;
* ``o`` is an ancestor of ``t`` likewise: take theirs;
* otherwise both changed: the base is the latest state known to be an ancestor of both whose
  content is known; the record merges field by field (:mod:`curator.exchange.field_merge`); with
  no base, or when one side deleted the record and the other edited it, the record as a whole is
  a conflict.

After a merge our history gains ``o``, ``t`` (with their replica's claim), the other side's
history and the merged result, each with its content, so that merging the same file again
changes nothing.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class SyncHistory(SQLModel, table=True):
    """One (record uid, state hash) pair: this file has seen the record in that state."""

    __tablename__ = "sync_history"
    __table_args__ = {"sqlite_with_rowid": False}  # the key is the row: one b-tree, not two
    uid: str = Field(primary_key=True)
    state: str = Field(primary_key=True)  # 32 hex digits, see curator.core.bulk.state_hash
    # schema 3: the record's content in that state (JSON: [updated_at, deleted_at, ...the state's
    # canonical list], see curator.core.bulk.content_json), the shared base of each field for a
    # later merge; "" when unknown
    content: str = Field(default="", nullable=False)
    # schema 4: a replica known to have held the record in this state ("" unknown) and when, on
    # that replica's clock (UTC ISO 8601; "" unknown): see the module docstring
    replica: str = Field(default="", nullable=False)
    shared_at: str = Field(default="", nullable=False)
