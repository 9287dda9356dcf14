"""The Project facade's claim links (schema 8; a mixin of :class:`curator.core.project.Project`):
what people decided about two events as reports of one happening.

A link joins two live events, stored once per pair, with a status: ``same`` (confirmed: both
report one happening) or ``different`` (rejected: the pair is never proposed again), and an
optional note. A *happening* is a set of events joined by ``same`` links (a connected component:
A=B and B=C make A, B and C one happening). Decisions stay consistent: confirming a pair that
would join two events someone marked different is refused, and so is marking different two
events that other links already make one happening.

    project.confirm_claims(a, b)          # a and b report one happening
    project.reject_claims(a, c, "other day")
    project.happenings()                  # [(a, b)]
"""

from __future__ import annotations

from typing import Iterable, Optional

from sqlalchemy import Connection, and_, insert, or_, select, update
from sqlalchemy.orm import aliased

from curator.core import database as db
from curator.core.errors import InvalidInput, NotFound
from curator.core.pair_groups import components
from curator.core.field_values import CLAIM_STATUSES, claim_uid
from curator.core.records import ClaimLinkInfo
from curator.core.tables import CL, E

_LINK_COLUMNS = (CL.c.id, CL.c.uid, CL.c.event_a_id, CL.c.event_b_id, CL.c.status, CL.c.note,
                 CL.c.created_by, CL.c.updated_at)


def _components(pairs: Iterable[tuple[int, int]]) -> dict[int, int]:
    """event id -> the smallest event id of its component."""
    return components(pairs)


class ClaimsMixin:
    def _live_links(self, conn: Connection, status: Optional[str] = None) -> list[ClaimLinkInfo]:
        """Live links between live events."""
        ea, eb = aliased(E), aliased(E)
        query = (select(*_LINK_COLUMNS)
                 .select_from(CL.join(ea, ea.c.id == CL.c.event_a_id).join(eb, eb.c.id == CL.c.event_b_id))
                 .where(CL.c.deleted_at.is_(None), ea.c.deleted_at.is_(None), eb.c.deleted_at.is_(None)))
        if status is not None:
            query = query.where(CL.c.status == status)
        return [ClaimLinkInfo(*r) for r in conn.execute(query.order_by(CL.c.id))]

    def claim_links(self, event_ids: Optional[Iterable[int]] = None,
                    status: Optional[str] = None) -> list[ClaimLinkInfo]:
        """The live links (between live events), of these events only when given, of one
        ``status`` when given."""
        with self._read() as conn:
            links = self._live_links(conn, status)
        if event_ids is not None:
            wanted = set(event_ids)
            links = [k for k in links if k.event_a_id in wanted or k.event_b_id in wanted]
        return links

    def claim_link(self, event_a: int, event_b: int) -> Optional[ClaimLinkInfo]:
        """The live link between two events (either order), or None."""
        with self._read() as conn:
            return self._link_between(conn, event_a, event_b)

    def _link_between(self, conn: Connection, a: int, b: int) -> Optional[ClaimLinkInfo]:
        row = conn.execute(select(*_LINK_COLUMNS).where(
            or_(and_(CL.c.event_a_id == a, CL.c.event_b_id == b), and_(CL.c.event_a_id == b, CL.c.event_b_id == a)),
            CL.c.deleted_at.is_(None))).first()
        return ClaimLinkInfo(*row) if row else None

    def happenings(self) -> list[tuple[int, ...]]:
        """Each set of two or more live events joined by ``same`` links, as sorted event ids,
        the sets ordered by their first event."""
        with self._read() as conn:
            roots = _components((k.event_a_id, k.event_b_id) for k in self._live_links(conn, "same"))
        groups: dict[int, list[int]] = {}
        for event_id, root in roots.items():
            groups.setdefault(root, []).append(event_id)
        return sorted(tuple(sorted(g)) for g in groups.values())

    def happening_of(self, event_id: int) -> tuple[int, ...]:
        """The events of ``event_id``'s happening (itself alone when it has no ``same`` link)."""
        for group in self.happenings():
            if event_id in group:
                return group
        return (event_id,)

    def confirm_claims(self, event_a: int, event_b: int, note: str = "") -> Optional[tuple[str, str]]:
        """Link two events as reports of one happening; returns what the pair had before
        ((status, note), or None), which :meth:`restore_claim_link` takes."""
        return self.set_claim_link(event_a, event_b, "same", note)

    def reject_claims(self, event_a: int, event_b: int, note: str = "") -> Optional[tuple[str, str]]:
        """Mark two events as reports of different happenings (never proposed again)."""
        return self.set_claim_link(event_a, event_b, "different", note)

    def unlink_claims(self, event_a: int, event_b: int) -> Optional[tuple[str, str]]:
        """Remove the decision about two events (NotFound when there is none)."""
        return self.set_claim_link(event_a, event_b, None)

    def restore_claim_link(self, event_a: int, event_b: int, previous: Optional[tuple[str, str]]) -> None:
        """Put back what a pair had (undo of :meth:`set_claim_link`), without the checks."""
        status, note = previous if previous is not None else (None, "")
        self.set_claim_link(event_a, event_b, status, note, checked=False)

    def set_claim_link(self, event_a: int, event_b: int, status: Optional[str], note: str = "",
                       checked: bool = True) -> Optional[tuple[str, str]]:
        """Set the pair's link to ``status`` ("same", "different"; None: no link) with ``note``,
        in one transaction; returns the previous (status, note) or None."""
        if status is not None and status not in CLAIM_STATUSES:
            raise InvalidInput(f"a claim link is {' or '.join(CLAIM_STATUSES)}, not {status!r}")
        if not isinstance(note, str):
            raise InvalidInput("a claim link's note must be text")
        if event_a == event_b:
            raise InvalidInput("an event cannot be linked with itself")
        note = note.strip()
        now = db.utc_now()
        with self._write() as conn:
            uids = dict(conn.execute(select(E.c.id, E.c.uid).where(
                E.c.id.in_((event_a, event_b)), E.c.deleted_at.is_(None))).all())
            for event_id in (event_a, event_b):
                if event_id not in uids:
                    raise NotFound(f"no event with id {event_id}")
            a, b = sorted((event_a, event_b), key=lambda e: uids[e])
            row = conn.execute(select(CL.c.id, CL.c.deleted_at, CL.c.status, CL.c.note).where(
                CL.c.event_a_id == a, CL.c.event_b_id == b)).first()
            live = row is not None and row[1] is None
            previous = (row[2], row[3]) if live else None
            if status is None:
                if live:
                    conn.execute(update(CL).where(CL.c.id == row[0]).values(deleted_at=now, updated_at=now))
                elif checked:
                    raise NotFound(f"events {event_a} and {event_b} are not linked")
                return previous
            if checked:
                self._check_consistent(conn, a, b, status)
            if previous == (status, note):
                return previous
            if row is None:
                conn.execute(insert(CL).values(self._new_record(now) | {
                    "uid": claim_uid(uids[a], uids[b]), "event_a_id": a, "event_b_id": b,
                    "status": status, "note": note}))
            else:
                conn.execute(update(CL).where(CL.c.id == row[0]).values(
                    status=status, note=note, deleted_at=None, updated_at=now))
            return previous

    def _check_consistent(self, conn: Connection, a: int, b: int, status: str) -> None:
        links = [k for k in self._live_links(conn) if {k.event_a_id, k.event_b_id} != {a, b}]
        same = [(k.event_a_id, k.event_b_id) for k in links if k.status == "same"]
        if status == "different":
            roots = _components(same)
            if a in roots and roots.get(a) == roots.get(b):
                raise InvalidInput(f"events {a} and {b} are already reports of one happening through "
                                   "other confirmed links: unlink those first")
            return
        roots = _components(same + [(a, b)])
        for k in links:
            if k.status == "different" and roots.get(k.event_a_id, -1) == roots.get(k.event_b_id, -2) \
                    and roots.get(k.event_a_id) == roots[a]:
                raise InvalidInput(f"confirming would make events {k.event_a_id} and {k.event_b_id} "
                                   "one happening, but they were marked different: unlink them first")
