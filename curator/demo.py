"""The demo project: the bundled seeds (five texts on the battle of Aleppo, 2013-2016) with the
manifest's metadata, a starter set of actors and places (with coordinates where known), a few
worked example events with evidence and place, and the manifest's labelled highlights: every
mention of a person, group or place (linked to its record), casualty figures and the events' dates.
The highlights are made by ``scripts/make_demo_highlights.py``; the example events' evidence
passages carry the Event label, so their dates are highlights nested inside them.

Qt-free; used by ``curator new --demo`` and by the GUI's first run.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Optional

from curator.core.errors import CuratorError
from curator.core.project import Project
from curator.core.records import DateFields
from curator.ingest.dating import DocumentDate, date_document
from curator.ingest.reader import decode
from curator.paths import seeds_dir
from curator.temporal import anchor_day

DEMO_FILENAME = "Aleppo demo.curator"


def load_manifest(folder: Path | None = None) -> dict:
    folder = folder or seeds_dir()
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CuratorError(f"the bundled seeds manifest cannot be read: {exc}") from exc


def populate_demo(project: Project, folder: Path | None = None) -> None:
    """Import the seeds with their metadata, actors, places, example events and highlights into
    ``project``."""
    folder = folder or seeds_dir()
    manifest = load_manifest(folder)
    docs = [record for record, _ in demo_documents(folder, manifest)]
    doc_ids = dict(zip((e["file"] for e in manifest["documents"]), project.add_documents(docs)))
    texts = {d["filename"]: d["text"] for d in docs}
    actor_ids = {actor["name"]: project.add_actor(actor["name"], actor.get("kind", ""), actor.get("aliases", []))
                 for actor in manifest.get("actors", [])}
    place_ids = {place["name"]: project.add_actor(place["name"], "place", place.get("aliases", []),
                                                  latitude=place.get("latitude"), longitude=place.get("longitude"))
                 for place in manifest.get("places", [])}
    place_by_key = {key.casefold(): place_ids[p["name"]]
                    for p in manifest.get("places", []) for key in [p["name"], *p.get("aliases", [])]}
    events, places = [], []
    for example in manifest.get("events", []):
        text = texts[example["file"]]
        start = text.find(example["quote"])
        if start < 0:
            raise CuratorError(f"seeds manifest: quote not found in {example['file']}: {example['quote'][:40]!r}")
        events.append(dict(
            document_id=doc_ids[example["file"]], start=start, end=start + len(example["quote"]),
            title=example["title"], location=example.get("location", ""), actors=example.get("actors", []),
            date=DateFields(example.get("edtf", ""), example.get("earliest"), example.get("latest"),
                            example.get("date_text", ""))))
        places.append(place_by_key.get(example.get("location", "").casefold()))
    event_ids = project.create_events_from_passages(events)
    for event_id, place_id in zip(event_ids, places):
        if place_id is not None:
            project.set_event_place(event_id, place_id)
    tag_ids = {tag.name: tag.id for tag in project.tags()}
    project.add_highlights(_highlight_items(manifest, texts, doc_ids, tag_ids, actor_ids, place_ids))
    event_tag = tag_ids.get("Event")
    if event_tag is not None:
        for event_id in event_ids:
            for span in project.event(event_id).evidence:
                project.update_span(span.id, tag_id=event_tag)


def demo_documents(folder: Path | None = None, manifest: dict | None = None) -> list[tuple[dict, DocumentDate]]:
    """The seeds as ``add_documents`` records, each with how its date was decided: the
    manifest's publication date when it gives one, else the date inferred from the text (stored
    with ``published_inferred``), as ``curator add`` does. What ``curator new --demo`` stores,
    and so the anchors the dev-set score uses (``tests/test_dates_scores.py``)."""
    folder = folder or seeds_dir()
    manifest = manifest if manifest is not None else load_manifest(folder)
    out = []
    for entry in manifest["documents"]:
        text, encoding = decode((folder / entry["file"]).read_bytes(), entry["file"])
        record = {"text": text, "title": entry.get("title", ""), "source_kind": entry.get("source_kind", ""),
                  "author": entry.get("author") or "", "filename": entry["file"], "encoding": encoding}
        try:
            dated = date_document(text, given=entry.get("published") or "")
        except CuratorError as exc:
            raise CuratorError(f"seeds manifest: {entry['file']}: {exc}") from exc
        out.append((record | {"published": dated.published, "published_inferred": dated.inferred}, dated))
    return out


def demo_anchors(folder: Path | None = None) -> dict[str, Optional[date]]:
    """Each seed's anchor (file name -> day), as the product reads it: the first day of the date
    :func:`demo_documents` gives it (what ``curator new --demo`` stores), through
    :func:`curator.temporal.anchor_day` like every other anchor user; None when it has none."""
    return {record["filename"]: anchor_day(record["published"])
            for record, _ in demo_documents(folder)}


def _highlight_items(manifest: dict, texts: dict, doc_ids: dict, tag_ids: dict, actor_ids: dict,
                     place_ids: dict) -> list[dict]:
    """The manifest's highlights as ``add_highlights`` items, checked against the texts."""
    items = []
    for h in manifest.get("highlights", []):
        text = texts.get(h["file"])
        if text is None or text[h["start"]:h["end"]] != h["quote"]:
            raise CuratorError(f"seeds manifest: highlight {h['quote']!r} is not at {h['file']}:{h['start']}")
        if h["tag"] not in tag_ids:
            raise CuratorError(f"seeds manifest: no tag {h['tag']!r} in a new project")
        records = place_ids if h["tag"] == "Place" else actor_ids
        actor_id = None
        if h.get("actor"):
            actor_id = records.get(h["actor"])
            if actor_id is None:
                raise CuratorError(f"seeds manifest: highlight {h['quote']!r} names {h['actor']!r}, "
                                   "which is not among the manifest's records")
        items.append({"document_id": doc_ids[h["file"]], "start": h["start"], "end": h["end"],
                      "tag_id": tag_ids[h["tag"]], "note": "", "actor_id": actor_id})
    return items


def create_demo(path: str | Path, annotator: str = "") -> Project:
    """Create a new project file at ``path`` holding the demo corpus, and return it open."""
    project = Project.create(path, annotator)
    try:
        populate_demo(project)
    except Exception:
        project.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    return project
