"""The Project facade's memory of suggestions: rejections, and the passages already used as
evidence (a mixin of :class:`curator.core.project.Project`)."""

from __future__ import annotations

from typing import Iterable, Optional

from sqlalchemy import Connection, func, insert, select, update

from curator.core import database as db
from curator.core.errors import InvalidInput, InvalidOffsets, NotFound
from curator.core.tables import D, E, EV, RS, S


class SuggestionsMixin:
    def reject_suggestion(self, document_id: int, start: int, end: int, edtf: str) -> int:
        """Remember that the event suggested from text[start:end] with date ``edtf`` was turned
        down, so that it is not proposed again."""
        from curator.temporal.rule import edtf_problem  # here: temporal imports core

        if edtf_problem(edtf):
            raise InvalidInput(f"rejected suggestion: {edtf_problem(edtf)}")
        with self._write() as conn:
            text = conn.execute(select(D.c.text).where(
                D.c.id == document_id, D.c.deleted_at.is_(None))).scalar()
            if text is None:
                raise NotFound(f"no document with id {document_id}")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                raise InvalidOffsets(f"suggestion {start}..{end} is not a passage of the document (0..{len(text)})")
            return conn.execute(insert(RS).values(self._new_record() | {
                "document_id": document_id, "start": start, "end": end, "edtf": edtf})
            ).inserted_primary_key[0]

    def rejected_suggestions(self) -> set[tuple[int, int, int, str]]:
        """(document_id, start, end, edtf) of every live rejection."""
        with self._read() as conn:
            return self._rejections(conn)

    def accept_suggested_events(self, items: Iterable[dict]) -> list[Optional[int]]:
        """Events from suggested passages, all in one write transaction (all or none), like
        :meth:`create_events_from_passages`; but a passage that is already evidence of a live
        event (overlapping it, as :func:`curator.suggestions.suggest_events` would not propose
        it) or whose suggestion was rejected meanwhile is skipped (None in its place). The check
        is made inside the write transaction: two programs accepting the same suggestions at
        once make each event once."""
        now = db.utc_now()
        with self._write() as conn:
            used = self._evidence_ranges(conn)
            rejected = self._rejections(conn)
            ids: list[Optional[int]] = []
            for item in items:
                doc, start, end = item["document_id"], item["start"], item["end"]
                edtf = (item.get("date").edtf if item.get("date") is not None else "")
                if (doc, start, end, edtf) in rejected or \
                        any(s < end and start < e for s, e in used.get(doc, ())):
                    ids.append(None)
                    continue
                ids.append(self._create_from_passage(conn, item, now))
                used.setdefault(doc, []).append((start, end))
        return ids

    def evidence_ranges(self, document_ids: Optional[Iterable[int]] = None) -> dict[int, list[tuple[int, int]]]:
        """Per document (of ``document_ids``; None: every document), the (start, end) of every
        live span that is evidence of a live event: the passages a person (or an accepted
        suggestion) has already turned into events."""
        with self._read() as conn:
            return self._evidence_ranges(conn, document_ids)

    @staticmethod
    def _rejections(conn: Connection) -> set[tuple[int, int, int, str]]:
        rows = conn.execute(select(RS.c.document_id, RS.c.start, RS.c.end, RS.c.edtf)
                            .where(RS.c.deleted_at.is_(None))).all()
        return {tuple(r) for r in rows}

    @staticmethod
    def _evidence_ranges(conn: Connection, document_ids: Optional[Iterable[int]] = None
                         ) -> dict[int, list[tuple[int, int]]]:
        live = func.likely  # nearly every row is live: else SQLite reads the deleted_at indexes
        where = [live(S.c.deleted_at.is_(None)), live(EV.c.deleted_at.is_(None)),
                 live(E.c.deleted_at.is_(None))]
        if document_ids is not None:
            where.append(S.c.document_id.in_(list(document_ids)))
        rows = conn.execute(
            select(S.c.document_id, S.c.start, S.c.end)
            .select_from(S.join(EV, EV.c.span_id == S.c.id).join(E, E.c.id == EV.c.event_id))
            .where(*where).distinct()).all()
        found: dict[int, list[tuple[int, int]]] = {}
        for doc_id, start, end in rows:
            found.setdefault(doc_id, []).append((start, end))
        return found

    def forget_rejections(self, rejection_ids: Iterable[int]) -> None:
        """Undo :meth:`reject_suggestion`: tombstone these rejections, so that the suggestions
        they turned down are proposed again."""
        ids = list(rejection_ids)
        now = db.utc_now()
        with self._write() as conn:
            conn.execute(update(RS).where(RS.c.id.in_(ids), RS.c.deleted_at.is_(None))
                         .values(deleted_at=now, updated_at=now))
