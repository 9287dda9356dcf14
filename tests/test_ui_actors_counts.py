"""The counts the Actors tab lists (``Project.actor_summaries``, one grouped query) agree with
the plain per-actor definition, counted here actor by actor with separate queries, on every kind
of link: actors linked to events, places of events, both at once, deleted events, links and
spans, merged records."""

from __future__ import annotations

import sqlite3

from curator.core.records import ActorSummary


def per_actor_summaries(project, kind_filter=None) -> list[ActorSummary]:
    """Each live actor's live mentions and the live events it is linked to or is the place of
    (an event once per actor), one actor at a time, filtered as ``actor_summaries`` documents."""
    raw = sqlite3.connect(f"file:{project.path}?mode=ro", uri=True)
    try:
        out = []
        for actor in project.actors():
            mentions = raw.execute("SELECT count(*) FROM span WHERE actor_id = ? AND deleted_at IS NULL",
                                   (actor.id,)).fetchone()[0]
            events = raw.execute(
                "SELECT count(*) FROM event e WHERE e.deleted_at IS NULL AND (e.place_id = ? OR e.id IN "
                "(SELECT event_id FROM event_actor WHERE actor_id = ? AND deleted_at IS NULL))",
                (actor.id, actor.id)).fetchone()[0]
            out.append(ActorSummary(actor.id, actor.uid, actor.name, actor.kind, actor.aliases,
                                    actor.latitude, actor.longitude, mentions, events))
    finally:
        raw.close()
    if kind_filter == "place":
        out = [s for s in out if s.kind == "place"]
    elif kind_filter == "actor":
        out = [s for s in out if s.kind != "place"]
    elif kind_filter is not None:
        out = [s for s in out if s.kind.lower() == kind_filter.lower()]
    return sorted(out, key=lambda s: (s.name.lower(), s.id))


def test_grouped_counts_equal_the_per_actor_counts(project):
    doc = project.add_document("Ali met Bo in Idlib. Bo left Idlib. Cy stayed in Homs.")
    ali = project.add_actor("Ali", "person")
    bo = project.add_actor("Bo", "group")
    cy = project.add_actor("Cy", "person")
    idlib = project.add_actor("Idlib", "place", latitude=35.9, longitude=36.6)
    homs = project.add_actor("Homs", "place")
    project.add_actor("Nobody", "")
    e1 = project.create_event_from_passage(doc, 0, 20, title="Meeting", actors=["Ali", "Bo"])
    e2 = project.create_event_from_passage(doc, 21, 35, title="Leaving", actors=["Bo"])
    e3 = project.create_event_from_passage(doc, 36, 54, title="Staying", actors=["Cy", "Homs"])
    e4 = project.create_event_from_passage(doc, 0, 3, title="Gone", actors=["Ali"])
    project.set_event_place(e1, idlib)
    project.set_event_place(e2, idlib)
    project.set_event_place(e3, homs)  # Homs is linked as an actor too: counted once
    project.delete_event(e4)  # a deleted event counts for no one
    project.add_highlight(doc, 0, 3, actor_id=ali)
    project.add_highlight(doc, 8, 10, actor_id=bo)
    project.delete_span(project.add_highlight(doc, 21, 23, actor_id=bo))  # a deleted mention
    project.set_event_actors(e2, [])  # a deleted link
    merged = project.add_actor("Bo Group", "group")
    project.create_event_from_passage(doc, 24, 28, title="Merged", actors=["Bo Group", "Bo"])
    project.merge_actors(bo, merged)  # the merged record's link to the same event is dropped

    grouped = project.actor_summaries()
    assert grouped == per_actor_summaries(project)
    counts = {s.name: (s.mentions, s.events) for s in grouped}
    assert counts == {"Ali": (1, 1), "Bo": (1, 2), "Cy": (0, 1), "Idlib": (0, 2), "Homs": (0, 1),
                      "Nobody": (0, 0)}
    for kind in ("place", "actor", "PERSON", "group"):
        assert project.actor_summaries(kind) == per_actor_summaries(project, kind)
    assert [s.name for s in project.actor_summaries("place")] == ["Homs", "Idlib"]
