"""Helpers (no tests) for the schema-2 exchange and merge tests: tags, labelled highlights,
mentions, places and actor merges made through the Project facade, short names for the tests;
one event link added beside the others (the facade sets an event's links as a whole)."""

from __future__ import annotations

from typing import Optional

from sqlalchemy import insert, select

from curator.core import Project
from curator.core.models import Actor, EventActor

A, EA = Actor.__table__, EventActor.__table__


def add_tag(project: Project, name: str, color: str = "#3cb44b", shortcut: str = "",
            description: str = "") -> int:
    """A live tag named ``name`` (the existing one if the project has one of that name, ignoring
    case, e.g. from its default tag set)."""
    found = next((t.id for t in project.tags() if t.name.casefold() == name.casefold()), None)
    return found if found is not None else project.add_tag(name, color, shortcut, description)


def tag_id(project: Project, name: str) -> int:
    [found] = [t.id for t in project.tags() if t.name == name]
    return found


def update_tag(project: Project, tag: int, **changes) -> None:
    project.update_tag(tag, **changes)


def highlight(project: Project, document_id: int, start: int, end: int, *, tag: Optional[int] = None,
              note: str = "", actor: Optional[int] = None) -> int:
    """A span (a labelled highlight with ``tag``, a mention with ``actor``)."""
    return project.add_highlight(document_id, start, end, tag_id=tag, note=note, actor_id=actor)


def label(project: Project, span: int, **changes) -> None:
    """Set a span's ``tag``, ``note`` and/or ``actor`` (ids)."""
    names = {"tag": "tag_id", "actor": "actor_id", "note": "note"}
    project.update_span(span, **{names[k]: v for k, v in changes.items()})


def add_place(project: Project, name: str, latitude: Optional[float] = None,
              longitude: Optional[float] = None, aliases=()) -> int:
    return project.add_actor(name, "place", aliases, latitude, longitude)


def set_coordinates(project: Project, actor: int, latitude, longitude) -> None:
    project.update_actor(actor, latitude=latitude, longitude=longitude)


def set_event_place(project: Project, event: int, place: Optional[int]) -> None:
    project.set_event_place(event, place)


def link_actor(project: Project, event: int, actor: int, role: str = "") -> int:
    """One more link of ``event`` to ``actor`` beside its others (a new record)."""
    with project._write() as conn:
        return conn.execute(insert(EA).values(project._new_record() | dict(
            event_id=event, actor_id=actor, role=role))).inserted_primary_key[0]


def actor_id(project: Project, name: str) -> int:
    with project._read() as conn:
        return conn.execute(select(A.c.id).where(A.c.deleted_at.is_(None), A.c.name == name)).scalar_one()


def merge_actors(project: Project, winner: int, loser: int) -> None:
    """Merge ``loser`` into ``winner`` as the Actors tab does."""
    project.merge_actors(winner, loser)


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
