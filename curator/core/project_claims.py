"""The Project facade's bulk read for claims: every live event with what the candidate finder
(:mod:`curator.core.claims`) compares, in four queries whatever the project's size (a mixin of
:class:`curator.core.project.Project`). Read-only."""

from __future__ import annotations

from sqlalchemy import select

from curator.core.claims import ClaimEvent
from curator.core.tables import A, D, E, EA, EV, S


class ClaimsMixin:
    def claim_events(self) -> list[ClaimEvent]:
        """Every live event as a :class:`ClaimEvent`: its uid as the key, title, description,
        dates, place (the place record's uid, or the free-text location), its live actors (uids
        and names), the documents of its live evidence (uids and titles) and the evidence quotes,
        in event id order."""
        with self._read() as conn:
            events = conn.execute(
                select(E.c.id, E.c.uid, E.c.title, E.c.description, E.c.edtf, E.c.earliest, E.c.latest,
                       E.c.location, E.c.place_id, A.c.uid.label("place_uid"), A.c.name.label("place_name"))
                .select_from(E.outerjoin(A, (A.c.id == E.c.place_id) & A.c.deleted_at.is_(None)))
                .where(E.c.deleted_at.is_(None)).order_by(E.c.id)).all()
            actors: dict[int, list[tuple[str, str]]] = {}
            for event_id, uid, name in conn.execute(
                    select(EA.c.event_id, A.c.uid, A.c.name)
                    .select_from(EA.join(A, A.c.id == EA.c.actor_id))
                    .where(EA.c.deleted_at.is_(None), A.c.deleted_at.is_(None)).order_by(EA.c.id)):
                actors.setdefault(event_id, []).append((uid, name))
            documents: dict[int, dict[str, str]] = {}
            quotes: dict[int, list[str]] = {}
            for event_id, doc_uid, doc_title, doc_id, quote in conn.execute(
                    select(EV.c.event_id, D.c.uid, D.c.title, D.c.id, S.c.quote)
                    .select_from(EV.join(S, S.c.id == EV.c.span_id).join(D, D.c.id == S.c.document_id))
                    .where(EV.c.deleted_at.is_(None), S.c.deleted_at.is_(None), D.c.deleted_at.is_(None))
                    .order_by(EV.c.id)):
                documents.setdefault(event_id, {})[doc_uid] = doc_title or f"document {doc_id}"
                quotes.setdefault(event_id, []).append(quote)
        out = []
        for row in events:
            m = row._mapping
            links = dict(actors.get(m["id"], ()))  # uid -> name, first link first
            docs = documents.get(m["id"], {})
            out.append(ClaimEvent(
                key=m["uid"], title=m["title"], earliest=m["earliest"], latest=m["latest"], edtf=m["edtf"],
                place_key=m["place_uid"] or "", location=m["place_name"] or m["location"],
                actors=tuple(links.items()), documents=tuple(docs.items()),
                text="\n".join([m["description"], *quotes.get(m["id"], ())]).strip(), id=m["id"]))
        return out
