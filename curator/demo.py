"""The demo project: the bundled seeds (five texts on the battle of Aleppo, 2013-2016) with the
manifest's metadata, a starter set of actors and a few worked example events with evidence.

Qt-free; used by ``curator new --demo`` and by the GUI's first run.
"""

from __future__ import annotations

import json
from pathlib import Path

from curator.core.errors import CuratorError
from curator.core.project import Project
from curator.core.records import DateFields
from curator.ingest.reader import decode
from curator.paths import seeds_dir

DEMO_FILENAME = "Aleppo demo.curator"


def load_manifest(folder: Path | None = None) -> dict:
    folder = folder or seeds_dir()
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CuratorError(f"the bundled seeds manifest cannot be read: {exc}") from exc


def populate_demo(project: Project, folder: Path | None = None) -> None:
    """Import the seeds with their metadata, actors and example events into ``project``."""
    folder = folder or seeds_dir()
    manifest = load_manifest(folder)
    docs = []
    for entry in manifest["documents"]:
        text, _ = decode((folder / entry["file"]).read_bytes(), entry["file"])
        docs.append({"text": text, "title": entry.get("title", ""), "source_kind": entry.get("source_kind", ""),
                     "author": entry.get("author") or "", "published": entry.get("published") or "",
                     "filename": entry["file"]})
    doc_ids = dict(zip((e["file"] for e in manifest["documents"]), project.add_documents(docs)))
    texts = {d["filename"]: d["text"] for d in docs}
    for actor in manifest.get("actors", []):
        project.add_actor(actor["name"], actor.get("kind", ""), actor.get("aliases", []))
    events = []
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
    project.create_events_from_passages(events)


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
