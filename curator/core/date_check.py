"""``curator check``'s date lines: every live event and rejected suggestion whose stored date
breaks the one date rule of :mod:`curator.temporal.rule`."""

from __future__ import annotations

import sqlite3


def date_problems(raw: sqlite3.Connection) -> list[str]:
    """One line per live event (edtf, earliest, latest) or rejected suggestion (edtf) at fault."""
    from curator.temporal.rule import date_problem, edtf_problem  # here: temporal imports core

    out = []
    for event_id, edtf, earliest, latest in raw.execute(
            "SELECT id, edtf, earliest, latest FROM event WHERE deleted_at IS NULL"):
        reason = date_problem(edtf, earliest, latest)
        if reason:
            out.append(f"event {event_id}: {reason}")
    for rejection_id, edtf in raw.execute(
            "SELECT id, edtf FROM rejected_suggestion WHERE deleted_at IS NULL"):
        reason = edtf_problem(edtf)
        if reason:
            out.append(f"rejected suggestion {rejection_id}: {reason}")
    return out
