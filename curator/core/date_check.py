"""``curator check``'s date lines: every live event and rejected suggestion whose stored date
breaks the one date rule of :mod:`curator.temporal.rule` (problems), and every live document
whose date is not one Curator writes (notes: older projects and imports may hold free text)."""

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


def document_date_notes(raw: sqlite3.Connection) -> list[str]:
    """One line per live document whose ``published`` is not "" or an EDTF day, month or year:
    not a problem (older files held free text, imports keep what the file says), but it gives
    the document's year-less dates no anchor unless it starts with an ISO day."""
    from curator.temporal.edtf import anchor_day
    from curator.temporal.rule import document_date_problem

    out = []
    for document_id, published in raw.execute(
            "SELECT id, published FROM document WHERE deleted_at IS NULL AND published != ''"):
        reason = document_date_problem(published)
        if reason:
            anchor = anchor_day(published)
            effect = (f"its anchor is {anchor.isoformat()}" if anchor is not None
                      else "it gives no anchor to year-less dates")
            out.append(f"document {document_id}: {reason}; {effect} (set its date in Document "
                       "properties)")
    return out
