"""One-way exports for other tools: CSV (one row per event), TimelineJS JSON, and W3C Web
Annotation JSON-LD (one annotation per span). Only live records are exported; all three are
built from one read snapshot of the project."""
# The Web Annotation bodies of a span (https://www.w3.org/TR/annotation-model/):
#   its label      {"type": "TextualBody", "value": tag name, "purpose": "tagging"}
#   its actor      {"type": "SpecificResource", "source": "urn:uuid:<actor uid>",
#                   "purpose": "identifying"}  (a person, group or place record)
#   its note       {"type": "TextualBody", "value": note, "format": "text/plain",
#                   "purpose": "commenting"}
#   each event it is evidence for
#                  {"type": "SpecificResource", "source": "urn:uuid:<event uid>", "purpose": "linking"}

from __future__ import annotations

import csv
import html
import io
import json
import uuid
from pathlib import Path
from typing import Callable, Optional

from curator.core import bulk
from curator.core.pages import page_label, stored_page_starts
from curator.core.project import Project
from curator.exchange.errors import Cancelled
from curator.exchange.json_format import write_atomically

Progress = Callable[[int, int], bool]

CSV_COLUMNS = ("uid", "title", "edtf", "earliest", "latest", "date_text", "location",
               "description", "actors", "documents", "quotes", "created_by", "created_at", "updated_at", "pages")
"""``pages`` (schema 6): the page of each passage in ``quotes``, in the same order and with the
same `` | `` between them ("p. 12", "pp. 12–13", "" for a passage of a document without pages);
empty when no passage has a page. Last, so that readers counting columns are not moved."""
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
CONTEXT_CHARS = 32  # prefix/suffix length of a TextQuoteSelector
COLLECTION_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://curator.invalid/ns/annotation-collection")
"""Namespace of the name-based (version 5) UUIDs that identify a project's Web Annotation
collection: see :func:`collection_iris`."""


def protect_cell(value: str) -> str:
    """Keep spreadsheets from running a cell as a formula (OWASP CSV injection): a cell that
    begins with = + - @ (or tab/CR) gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_LEADS) else value


class _View:
    """Live records of a snapshot, indexed for the exports."""

    def __init__(self, project: Project, progress: Optional[Progress]):
        if progress is not None and progress(0, 2) is False:
            raise Cancelled()
        with project._read() as conn:
            data = bulk.read_all(conn)
            created_at = conn.exec_driver_sql(
                "SELECT value FROM project_meta WHERE key = 'created_at'").scalar()
        if progress is not None and progress(1, 2) is False:
            raise Cancelled()
        live = {k: [r for r in v if r["deleted_at"] is None] for k, v in data.items()}
        self.documents = {d["uid"]: d for d in live["documents"]}
        self.page_starts = {uid: starts for uid, d in self.documents.items()
                            if (starts := stored_page_starts(d["page_starts"]))}
        self.spans = {s["uid"]: s for s in live["spans"] if s["document"] in self.documents}
        self.events = live["events"]
        self.tags = {t["uid"]: t for t in data["tags"]}  # a live span keeps its label's name
        actors = {a["uid"]: a for a in live["actors"]}
        self.actor_names: dict[str, list[str]] = {}
        for link in live["event_actors"]:
            if link["actor"] in actors:
                names = self.actor_names.setdefault(link["event"], [])
                if actors[link["actor"]]["name"] not in names:
                    names.append(actors[link["actor"]]["name"])
        self.evidence: dict[str, list[dict]] = {}
        self.events_of_span: dict[str, list[str]] = {}
        for link in live["evidence"]:
            span = self.spans.get(link["span"])
            if span is not None:
                self.evidence.setdefault(link["event"], []).append(span)
                self.events_of_span.setdefault(span["uid"], []).append(link["event"])
        self.fields = sorted((f for f in live["fields"]), key=lambda f: (f["position"], f["uid"]))
        live_fields = {f["uid"] for f in self.fields}
        self.values: dict[str, dict[str, str]] = {}  # event uid -> field uid -> text
        for value in live["field_values"]:
            if value["field"] in live_fields:
                self.values.setdefault(value["event"], {})[value["field"]] = value["text"]
        self.project_name = project.path.stem
        self.collection_id, self.page_id = collection_iris(created_at, project.path)


def collection_iris(created_at: Optional[str], path: Path) -> tuple[str, str]:
    """The IRIs of a project's AnnotationCollection and of its one AnnotationPage.

    A project has no uid of its own; what identifies it for good is the moment it was created
    (``project_meta.created_at``, written once by ``curator new`` with microseconds, and carried
    by every ``.curator`` copy, which is the same project). The collection is
    ``urn:uuid:`` + uuid5(COLLECTION_NAMESPACE, created_at), so every export of a project names
    the same collection however the file is renamed or moved; the page is uuid5(collection uuid,
    "page-1"). A file without that row (never written by Curator) falls back to its resolved
    path, which is stable as long as the file stays where it is."""
    name = created_at if created_at else f"path:{Path(path).resolve()}"
    collection = uuid.uuid5(COLLECTION_NAMESPACE, name)
    return f"urn:uuid:{collection}", f"urn:uuid:{uuid.uuid5(collection, 'page-1')}"


def _pages(view: "_View", spans: list[dict]) -> str:
    labels = [page_label(view.page_starts.get(s["document"], ()), s["start"], s["end"]) for s in spans]
    return " | ".join(labels) if any(labels) else ""


def field_headers(names: list[str]) -> list[str]:
    """The CSV headers of typed fields (schema 8), after the event's own columns: each field's
    name, with " (field)" when it is also the name of an earlier column."""
    taken = {c.casefold() for c in CSV_COLUMNS}
    headers = []
    for name in names:
        header = name
        while header.casefold() in taken:
            header += " (field)"
        taken.add(header.casefold())
        headers.append(header)
    return headers


def export_csv(project: Project, path: str | Path, progress: Optional[Progress] = None) -> dict:
    """RFC 4180 CSV, UTF-8, CRLF line ends, a header row, one row per live event; after the
    event's own columns one column per typed field (its values as written, "" where none)."""
    view = _View(project, progress)
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
    writer.writerow([*CSV_COLUMNS, *field_headers([f["name"] for f in view.fields])])
    for event in view.events:
        spans = view.evidence.get(event["uid"], [])
        titles = list(dict.fromkeys(view.documents[s["document"]]["title"] for s in spans))
        row = [event["uid"], event["title"], event["edtf"], event["earliest"] or "",
               event["latest"] or "", event["date_text"], event["location"], event["description"],
               "; ".join(view.actor_names.get(event["uid"], [])), "; ".join(titles),
               " | ".join(s["quote"] for s in spans), event["created_by"], event["created_at"],
               event["updated_at"], _pages(view, spans)]
        values = view.values.get(event["uid"], {})
        row += [values.get(f["uid"], "") for f in view.fields]
        writer.writerow([protect_cell(str(cell)) for cell in row])
    write_atomically(Path(path), out.getvalue().encode("utf-8", "surrogatepass"))
    return {"format": "csv", "path": str(path), "events": len(view.events)}


def _timeline_date(iso: str) -> dict:
    sign = -1 if iso.startswith("-") else 1
    year, month, day = (int(p) for p in iso.lstrip("-").split("-"))
    return {"year": sign * year, "month": month, "day": day}


def export_timeline(project: Project, path: str | Path, progress: Optional[Progress] = None) -> dict:
    """TimelineJS 3 JSON: dated events with start/end dates, the EDTF text as display_date, grouped
    by their first actor. Text is HTML-escaped (TimelineJS renders HTML)."""
    view = _View(project, progress)
    events = []
    for event in view.events:
        if event["earliest"] is None:
            continue
        item = {"unique_id": event["uid"], "start_date": _timeline_date(event["earliest"]),
                "display_date": event["edtf"] or event["date_text"],
                "text": {"headline": html.escape(event["title"]),
                         "text": html.escape(event["description"])}}
        if event["latest"] and event["latest"] != event["earliest"]:
            item["end_date"] = _timeline_date(event["latest"])
        actors = view.actor_names.get(event["uid"])
        if actors:
            item["group"] = actors[0]
        events.append(item)
    events.sort(key=lambda e: (e["start_date"]["year"], e["start_date"]["month"], e["start_date"]["day"]))
    data = {"title": {"text": {"headline": html.escape(view.project_name)}}, "events": events}
    write_atomically(Path(path), json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8", "surrogatepass"))
    return {"format": "timelinejs", "path": str(path), "events": len(events)}


def export_web_annotation(project: Project, path: str | Path, progress: Optional[Progress] = None) -> dict:
    """W3C Web Annotation (JSON-LD): an AnnotationCollection with one annotation per live span,
    all on one AnnotationPage embedded as its ``first`` (and named as its ``last``); collection
    and page have stable ``urn:uuid`` IRIs (:func:`collection_iris`), each annotation the
    ``urn:uuid`` of its span.
    The target is the document (urn:uuid) with a TextQuoteSelector and a TextPositionSelector
    (offsets in code points, as the model defines them). The bodies (see the top of this module)
    carry the span's label (``tagging``), the actor or place it mentions (``identifying``), its
    note (``commenting``) and link its events (``linking``); the motivation is the first of
    linking, identifying, tagging, commenting that a body has, else highlighting."""
    view = _View(project, progress)
    items = []
    for span in view.spans.values():
        text = view.documents[span["document"]]["text"]
        start, end = span["start"], span["end"]
        bodies = []
        tag = view.tags.get(span["tag"])
        if tag is not None:
            bodies.append({"type": "TextualBody", "value": tag["name"], "purpose": "tagging"})
        if span["actor"] is not None:
            bodies.append({"type": "SpecificResource", "source": f"urn:uuid:{span['actor']}",
                           "purpose": "identifying"})
        if span["note"]:
            bodies.append({"type": "TextualBody", "value": span["note"], "format": "text/plain",
                           "purpose": "commenting"})
        for event_uid in view.events_of_span.get(span["uid"], []):
            bodies.append({"type": "SpecificResource", "source": f"urn:uuid:{event_uid}",
                           "purpose": "linking"})
        purposes = {b["purpose"] for b in bodies}
        motivation = next((m for m in ("linking", "identifying", "tagging", "commenting")
                           if m in purposes), "highlighting")
        annotation = {
            "id": f"urn:uuid:{span['uid']}", "type": "Annotation",
            "motivation": motivation,
            "created": span["created_at"], "modified": span["updated_at"],
            "target": {"source": f"urn:uuid:{span['document']}", "selector": [
                {"type": "TextQuoteSelector", "exact": span["quote"],
                 "prefix": text[max(0, start - CONTEXT_CHARS):start], "suffix": text[end:end + CONTEXT_CHARS]},
                {"type": "TextPositionSelector", "start": start, "end": end}]}}
        if span["created_by"]:
            annotation["creator"] = {"type": "Person", "name": span["created_by"]}
        if bodies:
            annotation["body"] = bodies
        items.append(annotation)
    data = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": view.collection_id,
            "type": "AnnotationCollection", "label": view.project_name, "total": len(items),
            "first": {"id": view.page_id, "type": "AnnotationPage", "partOf": view.collection_id,
                      "startIndex": 0, "items": items},
            "last": view.page_id}
    write_atomically(Path(path), json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8", "surrogatepass"))
    return {"format": "jsonld", "path": str(path), "annotations": len(items)}
