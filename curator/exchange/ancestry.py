"""Which of two versions of a record is behind the other, and what they last shared.

A merge compares our state ``o`` of a record (this project file, as it is now) with their state
``t`` (another file as it is now, or an export as it was when written). A state ``s`` is an
*ancestor* of a side's current state ``x`` (``x`` supersedes ``s``) when

1. ``s`` is in that side's sync history (every state a file has seen, its record moved on from);
2. ``s`` is claimed by that side's own replica (see :mod:`curator.core.models_sync`): a live
   project file held every state it ever claimed before now; an export, every state its replica
   claimed before the export was written (on that replica's clock);
3. some replica held ``s`` before it held a state already known to be an ancestor of ``x``
   (a file is one line of states: what it held later supersedes what it held earlier).

Rule 3 is what lets two copies handed out at different times merge with each other although the
source wrote nothing when it made them. It trusts one computer's clock to run forwards between
two exports of one file; the times of different replicas are never compared.

Then: ``t`` an ancestor of ``o``: keep ours; ``o`` an ancestor of ``t``: take theirs; neither:
both changed, and the states that are ancestors of both are the candidates for the base of a
three-way merge (:mod:`curator.exchange.merge` picks the latest whose content is known).
"""

from __future__ import annotations

from typing import Iterable, Mapping, Optional

from curator.core.history import Seen

LATER_THAN_ALL = "\U0010ffff"
"""The time bound of a live file's own replica: it held its claimed states before now."""

Claim = tuple[str, str, str]
"""(state, replica, shared_at): a replica held the record in that state (at that time, or "")."""


def claims(*histories: Mapping[str, Seen]) -> list[Claim]:
    """The claims in some sides' history rows of one record."""
    return [(state, seen.replica, seen.shared_at)
            for rows in histories for state, seen in rows.items() if seen.replica]


def ancestors(current: str, history: Iterable[str], known_claims: list[Claim], replica: str,
              snapshot: Optional[str]) -> set[str]:
    """The states known to be superseded by ``current`` (itself included): see the module
    docstring. ``replica`` is the side's own replica id ("" unknown); ``snapshot`` the time its
    states were written out (an export), None for a live project file."""
    found = set(history)
    found.add(current)
    bound: dict[str, str] = {}
    if replica:
        bound[replica] = LATER_THAN_ALL if snapshot is None else snapshot
    changed = True
    while changed:
        changed = False
        for state, who, when in known_claims:  # the latest time each replica held an ancestor
            if state in found and when and when > bound.get(who, ""):
                bound[who] = when
        for state, who, when in known_claims:
            if state in found or who not in bound:
                continue
            limit = bound[who]
            if (when and when < limit) or (not when and limit == LATER_THAN_ALL):
                found.add(state)
                changed = True
    return found


def relate(o: str, t: str, our_rows: Mapping[str, Seen], their_rows: Mapping[str, Seen],
           our_replica: str, their_replica: str, their_snapshot: Optional[str]) -> tuple[str, set[str]]:
    """("keep", ∅) when ours supersedes theirs, ("take", ∅) when theirs supersedes ours, else
    ("both", the states that are ancestors of both)."""
    if t in our_rows:
        return "keep", set()
    if o in their_rows:
        return "take", set()
    known = claims(our_rows, their_rows)
    if their_replica and their_snapshot is None:  # a project file's records: its states now
        known.append((t, their_replica, ""))
    ours = ancestors(o, our_rows, known, our_replica, None)
    if t in ours:
        return "keep", set()
    theirs = ancestors(t, their_rows, known, their_replica, their_snapshot)
    if o in theirs:
        return "take", set()
    return "both", (ours & theirs) - {o, t}
