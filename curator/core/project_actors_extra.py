"""Facade additions the Actors tab needs beyond the core API (a mixin of
:class:`curator.core.project.Project`): deleting and restoring several spans in one
transaction, so that undoing "Accept all" found mentions is one step, like accepting them.
"""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import update

from curator.core import database as db
from curator.core.tables import EV, S


class ActorsExtraMixin:
    def delete_spans(self, span_ids: Iterable[int]) -> str:
        """Tombstone live spans (and their evidence links) in one transaction; returns the stamp
        :meth:`restore_spans` takes. Ids of spans already gone are ignored."""
        ids = list(span_ids)
        now = db.utc_now()
        with self._write() as conn:
            if ids:
                conn.execute(update(EV).where(EV.c.span_id.in_(ids), EV.c.deleted_at.is_(None))
                             .values(deleted_at=now, updated_at=now))
                conn.execute(update(S).where(S.c.id.in_(ids), S.c.deleted_at.is_(None))
                             .values(deleted_at=now, updated_at=now))
        return now

    def restore_spans(self, span_ids: Iterable[int], stamp: str) -> None:
        """Undo :meth:`delete_spans`: exactly the spans and links that deletion tombstoned."""
        ids = list(span_ids)
        now = db.utc_now()
        with self._write() as conn:
            if ids:
                conn.execute(update(S).where(S.c.id.in_(ids), S.c.deleted_at == stamp)
                             .values(deleted_at=None, updated_at=now))
                conn.execute(update(EV).where(EV.c.span_id.in_(ids), EV.c.deleted_at == stamp)
                             .values(deleted_at=None, updated_at=now))
