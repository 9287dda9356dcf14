"""Three-way merge of one record, field by field.

Given the record as both sides last shared it (the *base*) and as each side holds it now, every
*field* is decided on its own: changed on one side only, it takes that side; changed on both
sides to the same value, it is that value; changed on both sides differently, it is a conflict
on that field. References (an event's place, a span's tag, a link's event, actor or span) are
fields like the others.

A few fields are one field as far as a merge goes, because their parts only make sense together
(taking one part from each side could make a record Curator would refuse):

* an event's **date**: ``edtf``, ``earliest``, ``latest`` and ``date_text`` (the one date rule);
* a span's **passage**: its ``document``, ``start``, ``end`` and ``quote``; a rejected
  suggestion's **passage**: ``document``, ``start``, ``end``;
* an actor's **coordinates**: ``latitude`` and ``longitude``;
* a typed field's **value** (schema 8): its ``text`` and what it reads as (``low``, ``high``,
  ``qualifier``, ``latitude``, ``longitude``);
* a document's **published** date and whether it was inferred (``published_inferred``), and its
  **text** with its ``sha256`` and what came with it from the file (schema 6: the original's
  ``kind``, ``source_sha256`` and ``source_size``, the ``page_starts``, ``metadata`` and ``problems``).

Deleting a record on one side while the other edited it is not a field: the record as a whole is
in conflict (keep it deleted, or keep the edited version). Stamps are not fields: the merged
record's ``updated_at`` is the later of the two sides'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from curator.core.bulk import CONTENT_NAMES, KIND_BY_KEY, KINDS

COMPOSITE: dict[str, dict[str, tuple[str, ...]]] = {
    "documents": {"published": ("published", "published_inferred"), "text": ("sha256", "text", "kind", "source_sha256",
                                                                  "source_size", "page_starts",
                                                                  "metadata", "problems")},
    "actors": {"coordinates": ("latitude", "longitude")},
    "events": {"date": ("edtf", "earliest", "latest", "date_text")},
    "spans": {"passage": ("document", "start", "end", "quote")},
    "rejected_suggestions": {"passage": ("document", "start", "end")},
    "field_values": {"value": ("text", "low", "high", "qualifier", "latitude", "longitude")},
}
STAMPS = ("updated_at", "deleted_at")


def _groups(key: str) -> dict[str, tuple[str, ...]]:
    """The kind's fields, in the order a person reads them: content, references, authorship."""
    composite = COMPOSITE.get(key, {})
    inside = {name for names in composite.values() for name in names}
    groups: dict[str, tuple[str, ...]] = {}
    kind = KIND_BY_KEY[key]
    order = [*kind.fields, *[r for r, _, _ in kind.refs], "created_at", "created_by"]
    for name in [n for n in order if n in CONTENT_NAMES[key] or (key == "documents" and n == "text")]:
        if name in STAMPS:
            continue
        if name in inside:
            group = next(g for g, names in composite.items() if name in names)
            groups.setdefault(group, composite[group])
        else:
            groups[name] = (name,)
    return groups


FIELDS: dict[str, dict[str, tuple[str, ...]]] = {k.key: _groups(k.key) for k in KINDS}
"""kind key -> field name -> the exchange names it is made of (a document's text appears only
in its "text" field, compared through its sha256)."""


def field_value(key: str, name: str, rec: dict) -> Any:
    """A field's value as a merge compares and shows it: the value itself, or for a field made
    of several names a dict of them (a document's text stands as its sha256)."""
    names = FIELDS[key][name]
    if len(names) == 1:
        return rec[names[0]]
    return {n: rec[n] for n in names if not (key == "documents" and n == "text")}


@dataclass
class FieldMerge:
    """The outcome of merging one record three ways."""

    merged: dict  # ours, with the fields only they changed taken from theirs
    conflicts: list[str] = field(default_factory=list)  # fields both sides changed differently
    from_theirs: list[str] = field(default_factory=list)  # fields taken from theirs
    reason: str = ""  # set when the record as a whole is in conflict (deleted vs edited)


def deletion_reason(ours: dict, theirs: dict) -> str:
    if ours["deleted_at"] is not None and theirs["deleted_at"] is None:
        return "deleted here, edited there"
    if ours["deleted_at"] is None and theirs["deleted_at"] is not None:
        return "edited here, deleted there"
    return ""


def merge_fields(key: str, base: dict, ours: dict, theirs: dict) -> FieldMerge:
    """Merge ``ours`` and ``theirs`` (records of kind ``key``) against their shared ``base``."""
    reason = deletion_reason(ours, theirs)
    if reason:
        return FieldMerge(dict(ours), reason=reason)
    merged = dict(ours)
    out = FieldMerge(merged)
    for name in FIELDS[key]:
        b, o, t = (field_value(key, name, rec) for rec in (base, ours, theirs))
        if o == t or t == b:
            continue
        if o == b:
            for part in FIELDS[key][name]:
                merged[part] = theirs[part]
            out.from_theirs.append(name)
        else:
            out.conflicts.append(name)
    merged["updated_at"] = max(ours["updated_at"], theirs["updated_at"])
    if ours["deleted_at"] is not None:  # deleted on both sides: the first deletion's stamp
        merged["deleted_at"] = min(ours["deleted_at"], theirs["deleted_at"])
    return out


def differing_fields(key: str, ours: dict, theirs: dict) -> list[str]:
    """The fields whose values differ between two versions of a record."""
    return [name for name in FIELDS[key]
            if field_value(key, name, ours) != field_value(key, name, theirs)]


def settled(key: str, merged: dict, theirs: dict, choices: dict[str, str],
            conflicts: Optional[list[str]] = None) -> dict:
    """``merged`` with each conflicting field set from the side ``choices[field]`` names."""
    result = dict(merged)
    for name in conflicts if conflicts is not None else choices:
        if choices[name] == "theirs":
            for part in FIELDS[key][name]:
                result[part] = theirs[part]
    return result
