"""How the Merge dialog words a conflict: record labels, field names and values in words (a place
by its name rather than its uid, a date as its EDTF and expression, a passage by its quote).
Qt-free, so it is tested on its own."""

from __future__ import annotations

from typing import Any

from curator.exchange.conflicts import Conflict
from curator.exchange.field_merge import FIELDS, field_value

KIND_LABELS = {"documents": "Document", "tags": "Tag", "actors": "Actor", "events": "Event",
               "spans": "Passage", "event_actors": "Event actor", "evidence": "Evidence",
               "rejected_suggestions": "Rejected suggestion"}
FIELD_LABELS = {
    "title": "Title", "description": "Description", "location": "Location", "date": "Date",
    "place": "Place", "passage": "Passage", "note": "Note", "tag": "Label", "actor": "Actor",
    "role": "Role", "event": "Event", "span": "Evidence passage", "name": "Name", "kind": "Kind",
    "aliases": "Aliases", "coordinates": "Coordinates", "merged_into": "Merged into",
    "color": "Colour", "shortcut": "Key", "position": "Position in the palette",
    "edtf": "Date (EDTF)", "created_at": "Created", "created_by": "Created by",
    "published": "Published", "source": "Source", "source_kind": "Kind of source",
    "author": "Author", "filename": "File name", "encoding": "Encoding", "text": "Text",
}
REFERENCES = {"place", "tag", "actor", "event", "span", "document", "merged_into"}
NOTHING = "(none)"
EMPTY = "(empty)"


def field_label(kind: str, field: str) -> str:
    if kind == "spans" and field == "actor":
        return "Mentions"
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def _named(uid, names: dict[str, str]) -> str:
    if not uid:
        return NOTHING
    return names.get(uid, uid)


def show_value(kind: str, field: str, value: Any, names: dict[str, str]) -> str:
    """A field's value (as :func:`curator.exchange.field_merge.field_value` gives it) in words."""
    if isinstance(value, dict):
        return _show_composite(field, value, names)
    if field in REFERENCES:
        return _named(value, names)
    if value is None:
        return NOTHING
    if isinstance(value, list):
        return ", ".join(map(str, value)) if value else EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value) if value != "" else EMPTY


def _show_composite(field: str, value: dict, names: dict[str, str]) -> str:
    if field == "date":
        if not value.get("edtf") and not value.get("earliest"):
            return "undated" + (f" — “{value['date_text']}”" if value.get("date_text") else "")
        days = value.get("earliest") or "…"
        if value.get("latest") != value.get("earliest"):
            days += f" – {value.get('latest') or '…'}"
        text = value.get("edtf") or "?"
        if days != text:
            text += f" ({days})"
        return text + (f" — “{value['date_text']}”" if value.get("date_text") else "")
    if field == "passage":
        where = f"{value.get('start')}–{value.get('end')}"
        quote = value.get("quote")
        doc = _named(value.get("document"), names)
        return (f"“{quote}” " if quote is not None else "") + f"at {where} in {doc}"
    if field == "coordinates":
        if value.get("latitude") is None:
            return NOTHING
        return f"{value['latitude']}, {value['longitude']}"
    if field == "published":
        shown = value.get("published") or NOTHING
        return shown + (" (inferred from the text)" if value.get("published_inferred") else "")
    if field == "text":
        return f"text with SHA-256 {str(value.get('sha256'))[:12]}…"
    return ", ".join(f"{k}: {v}" for k, v in value.items())


def record_label(conflict: Conflict, names: dict[str, str]) -> str:
    """"Event “siege begins”", "Passage “Free Army”", "Evidence: event “x”"..."""
    rec = conflict.ours if conflict.ours.get("deleted_at") is None else conflict.theirs
    kind = KIND_LABELS.get(conflict.kind, conflict.kind)
    for name in ("title", "name", "quote", "filename"):
        if rec.get(name):
            return f"{kind} “{' '.join(str(rec[name]).split())[:60]}”"
    if conflict.kind in ("event_actors", "evidence"):
        return f"{kind}: event “{_named(rec.get('event'), names)[:50]}”"
    if conflict.kind == "rejected_suggestions":
        return f"{kind} dated {rec.get('edtf') or '(no date)'} at {rec['start']}–{rec['end']}"
    return f"{kind} {conflict.uid}"


def deletion_words(rec: dict) -> str:
    return "deleted" if rec.get("deleted_at") is not None else "live"


def merged_on_their_own(conflict: Conflict) -> list[tuple[str, str]]:
    """The other fields of a field-level conflict that merged without a choice: (field, "ours")
    for a field only this project changed, (field, "theirs") for one only the other file changed."""
    if conflict.level != "field" or conflict.base is None:
        return []
    out = []
    for name in FIELDS[conflict.kind]:
        if name in conflict.field_names:
            continue
        base, ours, theirs = (field_value(conflict.kind, name, r)
                              for r in (conflict.base, conflict.ours, conflict.theirs))
        if ours != base and theirs == base:
            out.append((name, "ours"))
        elif theirs != base and ours == base:
            out.append((name, "theirs"))
        elif ours != base and ours == theirs:
            out.append((name, "both"))
    return out
