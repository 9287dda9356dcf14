"""Helpers (no tests) for the schema-2 exchange and merge tests: tags, labelled highlights,
mentions, places and actor merges written with Core statements in one transaction each, as the
facade writes them (loser tombstoned with ``merged_into``; its live links, mentions and event
places moved to the winner)."""

from __future__ import annotations

from typing import Optional

from sqlalchemy import func, insert, select, update

from curator.core import Project
from curator.core.database import utc_now
from curator.core.models import Actor, Event, EventActor, Span, Tag

T, S, A, E, EA = Tag.__table__, Span.__table__, Actor.__table__, Event.__table__, EventActor.__table__


def add_tag(project: Project, name: str, color: str = "#3cb44b", shortcut: str = "",
            description: str = "") -> int:
    """A live tag named ``name`` (the existing one if the project has one of that name, ignoring
    case, e.g. from its default tag set)."""
    with project._write() as conn:
        found = conn.execute(select(T.c.id).where(
            T.c.deleted_at.is_(None), func.lower(T.c.name) == name.lower())).scalar()
        if found is not None:
            return found
        position = len(conn.execute(select(T.c.id).where(T.c.deleted_at.is_(None))).all())
        return conn.execute(insert(T).values(project._new_record() | dict(
            name=name, color=color, shortcut=shortcut, description=description,
            position=position))).inserted_primary_key[0]


def tag_id(project: Project, name: str) -> int:
    with project._read() as conn:
        return conn.execute(select(T.c.id).where(T.c.deleted_at.is_(None), T.c.name == name)).scalar_one()


def update_tag(project: Project, tag: int, **changes) -> None:
    with project._write() as conn:
        conn.execute(update(T).where(T.c.id == tag).values(changes | {"updated_at": utc_now()}))


def highlight(project: Project, document_id: int, start: int, end: int, *, tag: Optional[int] = None,
              note: str = "", actor: Optional[int] = None) -> int:
    """A span (a labelled highlight with ``tag``, a mention with ``actor``)."""
    span = project.add_span(document_id, start, end)
    label(project, span, tag=tag, note=note, actor=actor)
    return span


def label(project: Project, span: int, **changes) -> None:
    """Set a span's ``tag``, ``note`` and/or ``actor`` (ids)."""
    columns = {"tag": "tag_id", "actor": "actor_id", "note": "note"}
    values = {columns[k]: v for k, v in changes.items()}
    with project._write() as conn:
        conn.execute(update(S).where(S.c.id == span).values(values | {"updated_at": utc_now()}))


def add_place(project: Project, name: str, latitude: Optional[float] = None,
              longitude: Optional[float] = None, aliases=()) -> int:
    actor = project.add_actor(name, "place", aliases)
    set_coordinates(project, actor, latitude, longitude)
    return actor


def set_coordinates(project: Project, actor: int, latitude, longitude) -> None:
    with project._write() as conn:
        conn.execute(update(A).where(A.c.id == actor).values(
            latitude=latitude, longitude=longitude, updated_at=utc_now()))


def set_event_place(project: Project, event: int, place: Optional[int]) -> None:
    with project._write() as conn:
        name = "" if place is None else conn.execute(select(A.c.name).where(A.c.id == place)).scalar_one()
        conn.execute(update(E).where(E.c.id == event).values(
            place_id=place, location=name, updated_at=utc_now()))


def link_actor(project: Project, event: int, actor: int, role: str = "") -> int:
    with project._write() as conn:
        return conn.execute(insert(EA).values(project._new_record() | dict(
            event_id=event, actor_id=actor, role=role))).inserted_primary_key[0]


def actor_id(project: Project, name: str) -> int:
    with project._read() as conn:
        return conn.execute(select(A.c.id).where(A.c.deleted_at.is_(None), A.c.name == name)).scalar_one()


def merge_actors(project: Project, winner: int, loser: int) -> None:
    """Merge ``loser`` into ``winner`` as the Actors tab does, in one transaction."""
    now = utc_now()
    with project._write() as conn:
        win = conn.execute(select(A.c.uid, A.c.name, A.c.aliases).where(A.c.id == winner)).one()
        lose = conn.execute(select(A.c.name, A.c.aliases).where(A.c.id == loser)).one()
        aliases = [a for a in win.aliases.split("\n") if a]
        for alias in [lose.name, *lose.aliases.split("\n")]:
            if alias and alias not in aliases and alias != win.name:
                aliases.append(alias)
        conn.execute(update(A).where(A.c.id == winner).values(aliases="\n".join(aliases), updated_at=now))
        conn.execute(update(A).where(A.c.id == loser).values(
            deleted_at=now, updated_at=now, merged_into=win.uid))
        linked = set(conn.execute(select(EA.c.event_id).where(
            EA.c.actor_id == winner, EA.c.deleted_at.is_(None))).scalars())
        for link, event in conn.execute(select(EA.c.id, EA.c.event_id).where(
                EA.c.actor_id == loser, EA.c.deleted_at.is_(None))).all():
            if event in linked:
                conn.execute(update(EA).where(EA.c.id == link).values(deleted_at=now, updated_at=now))
            else:
                conn.execute(update(EA).where(EA.c.id == link).values(actor_id=winner, updated_at=now))
                linked.add(event)
        conn.execute(update(S).where(S.c.actor_id == loser, S.c.deleted_at.is_(None)).values(
            actor_id=winner, updated_at=now))
        conn.execute(update(E).where(E.c.place_id == loser, E.c.deleted_at.is_(None)).values(
            place_id=winner, location=win.name, updated_at=now))


def event_actor_names(project: Project, event: int) -> list[str]:
    """Names of the actors of an event's live links, in link order."""
    with project._read() as conn:
        return list(conn.execute(select(A.c.name).select_from(EA.join(A, A.c.id == EA.c.actor_id))
                                 .where(EA.c.event_id == event, EA.c.deleted_at.is_(None))
                                 .order_by(EA.c.id)).scalars())


def comparable(records: dict[str, list[dict]]) -> dict:
    """A project's exchange records, comparable between projects whose tag sets were matched by
    name: tags keyed by name (without uid and stamps), spans' tag refs as tag names; every other
    record whole, by uid."""
    tag_names = {t["uid"]: t["name"] for t in records["tags"]}
    out = {key: {r["uid"]: r for r in recs} for key, recs in records.items() if key != "tags"}
    out["tags"] = {t["name"]: {k: t[k] for k in ("name", "color", "shortcut", "description", "deleted_at")}
                   for t in records["tags"] if t["deleted_at"] is None}
    out["spans"] = {uid: s | {"tag": tag_names.get(s["tag"])} for uid, s in out["spans"].items()}
    return out
