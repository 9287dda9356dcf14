"""Merging another copy of a project (a project file or a JSON export) into this one.

Records match by uid; a document the other side holds under another uid but with the same text
(SHA-256) is the same document, and the other side's spans and rejected suggestions on it are
moved onto ours. Likewise a live tag of theirs that we hold under another uid but with the same
name (ignoring case) is our tag: their highlights with it take ours, and our tag set keeps its
own colour, key and description for it (so two projects' default tag sets do not duplicate).
Whether a record that differs was changed on one side only or on both is decided from each
side's sync history (the states each record was shared in): see :mod:`curator.core.models_sync`.
Conflicts are per record: the conflict lists both versions, field by field.

:func:`plan_merge` compares the two sides without writing; :func:`apply_merge` writes a plan in
the caller's transaction, refusing (before writing anything) while any conflict is undecided.
Once the conflicts are settled, the merged tag set and actor redirects are made consistent
(:mod:`curator.exchange.redirects`): a tag the other side brings whose key (or name) a live tag
of ours already has loses the key (or is renamed), and every live link, mention or event place
that still names an actor merged into another (on either side) is moved to the winner.
Import of a JSON export is a merge in which conflicts are not allowed at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from sqlalchemy import Connection

from curator.core import bulk
from curator.core.bulk import DOCUMENTS, KINDS, TAGS
from curator.exchange.errors import Cancelled, MergeConflicts
from curator.exchange.redirects import make_consistent

Progress = Callable[[int, int], bool]


@dataclass
class Side:
    """One side of a merge: every record by kind key (exchange records) and its sync history."""

    records: dict[str, list[dict]]
    history: dict[str, set[str]]
    label: str = ""


@dataclass(frozen=True)
class Conflict:
    """A record changed on both sides since they diverged (or edited on one, deleted on the other)."""

    kind: str  # kind key, e.g. "events"
    uid: str
    reason: str
    ours: dict
    theirs: dict
    index: int  # position in the other side's list (for JSON paths)

    @property
    def path(self) -> str:
        return f"$.{self.kind}[{self.index}]"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "uid": self.uid, "reason": self.reason,
                "ours": self.ours, "theirs": self.theirs}


@dataclass
class MergePlan:
    """What a merge would do; nothing is written until :func:`apply_merge`."""

    inserts: dict[str, list[dict]] = field(default_factory=lambda: {k.key: [] for k in KINDS})
    updates: dict[str, list[dict]] = field(default_factory=lambda: {k.key: [] for k in KINDS})
    conflicts: list[Conflict] = field(default_factory=list)
    kept: int = 0  # records where the other side holds an older state of ours
    unchanged: int = 0
    matched_documents: list[dict] = field(default_factory=list)
    matched_tags: list[dict] = field(default_factory=list)
    history: list[tuple[str, str]] = field(default_factory=list)
    ours: dict[str, list[dict]] = field(default_factory=dict)  # our records, as compared

    def summary(self) -> dict:
        return {"added": {k: len(v) for k, v in self.inserts.items() if v},
                "updated": {k: len(v) for k, v in self.updates.items() if v},
                "kept_ours": self.kept, "unchanged": self.unchanged,
                "documents_matched_by_text": self.matched_documents,
                "tags_matched_by_name": self.matched_tags,
                "conflicts": len(self.conflicts)}


def _reason(ours: dict, theirs: dict) -> str:
    if ours["deleted_at"] is not None and theirs["deleted_at"] is None:
        return "deleted here, edited there"
    if ours["deleted_at"] is None and theirs["deleted_at"] is not None:
        return "edited here, deleted there"
    return "changed on both sides"


def _document_matches(ours: Side, theirs: Side) -> tuple[dict[str, str], list[dict]]:
    """Their document uid -> our uid, for documents we hold under another uid, same text."""
    our_uids = {d["uid"] for d in ours.records[DOCUMENTS.key]}
    by_sha: dict[str, dict] = {}
    for doc in ours.records[DOCUMENTS.key]:
        best = by_sha.get(doc["sha256"])
        if best is None or (best["deleted_at"] is not None and doc["deleted_at"] is None):
            by_sha[doc["sha256"]] = doc
    mapping, report = {}, []
    for doc in theirs.records[DOCUMENTS.key]:
        if doc["uid"] in our_uids:
            continue
        match = by_sha.get(doc["sha256"])
        if match is not None:
            mapping[doc["uid"]] = match["uid"]
            report.append({"theirs": doc["uid"], "ours": match["uid"], "title": doc["title"],
                           "our_title": match["title"]})
    return mapping, report


TAG_SHOWN = ("color", "shortcut", "description")
"""A tag's fields that a match by name reports when they differ (ours are kept)."""


def _tag_matches(ours: Side, theirs: Side) -> tuple[dict[str, str], list[dict]]:
    """Their tag uid -> our uid, for their live tags we hold under another uid with the same
    name (ignoring case) as one of our live tags. The report lists each match and, where their
    colour, key or description differ from ours (which are kept), both values."""
    our_uids = {t["uid"] for t in ours.records[TAGS.key]}
    by_name = {t["name"].casefold(): t for t in ours.records[TAGS.key] if t["deleted_at"] is None}
    mapping, report = {}, []
    for tag in theirs.records[TAGS.key]:
        if tag["uid"] in our_uids or tag["deleted_at"] is not None:
            continue
        match = by_name.get(tag["name"].casefold())
        if match is not None:
            mapping[tag["uid"]] = match["uid"]
            differs = {f: {"ours": match[f], "theirs": tag[f]} for f in TAG_SHOWN if match[f] != tag[f]}
            report.append({"theirs": tag["uid"], "ours": match["uid"], "name": tag["name"],
                           "our_name": match["name"]} | ({"differs": differs} if differs else {}))
    return mapping, report


def plan_merge(ours: Side, theirs: Side) -> MergePlan:
    """Compare the two sides record by record (see the module docstring); writes nothing."""
    plan = MergePlan(ours=ours.records)
    doc_map, plan.matched_documents = _document_matches(ours, theirs)
    tag_map, plan.matched_tags = _tag_matches(ours, theirs)
    matched = {DOCUMENTS.key: doc_map, TAGS.key: tag_map}
    for kind in KINDS:
        our_records = {r["uid"]: r for r in ours.records[kind.key]}
        skip = matched.get(kind.key, {})
        moves = [(name, matched[target]) for name, _, target in kind.refs if target in matched]
        for index, rec in enumerate(theirs.records[kind.key]):
            uid = rec["uid"]
            if uid in skip:
                continue
            original = rec
            for name, mapping in moves:  # on a document matched by text, with a tag matched by name
                if rec[name] in mapping:
                    rec = rec | {name: mapping[rec[name]]}
            t = bulk.state_hash(kind, rec)
            plan.history.append((uid, t))
            if rec is not original:  # the state they hold it in, too: their side shared that one
                plan.history.append((uid, bulk.state_hash(kind, original)))
            plan.history.extend((uid, s) for s in theirs.history.get(uid, ()))
            mine = our_records.get(uid)
            if mine is None:
                plan.inserts[kind.key].append(rec)
                continue
            o = bulk.state_hash(kind, mine)
            plan.history.append((uid, o))
            if o == t:
                plan.unchanged += 1
            elif t in ours.history.get(uid, ()):
                plan.kept += 1
            elif o in theirs.history.get(uid, ()):
                plan.updates[kind.key].append(rec)
            else:
                plan.conflicts.append(Conflict(kind.key, uid, _reason(mine, rec), mine, rec, index))
    return plan


def apply_merge(conn: Connection, plan: MergePlan, decisions: Optional[dict[str, str]] = None,
                default: Optional[str] = None, progress: Optional[Progress] = None) -> dict:
    """Write ``plan`` on ``conn`` (inside the caller's transaction). Each conflict is settled by
    ``decisions[uid]`` ("ours"/"theirs") or else ``default``; if any is left undecided,
    :class:`MergeConflicts` is raised before anything is written. Returns the summary."""
    decisions = decisions or {}
    undecided = [c for c in plan.conflicts if decisions.get(c.uid, default) not in ("ours", "theirs")]
    if undecided:
        raise MergeConflicts(undecided)
    updates = {k: list(v) for k, v in plan.updates.items()}
    inserts = {k: list(v) for k, v in plan.inserts.items()}
    taken = {"ours": 0, "theirs": 0}
    for c in plan.conflicts:
        side = decisions.get(c.uid, default)
        taken[side] += 1
        if side == "theirs":
            updates[c.kind].append(c.theirs)
    consistency = make_consistent(plan.ours, inserts, updates)
    total = sum(len(v) for v in inserts.values()) + sum(len(v) for v in updates.values())
    done = 0

    def tick() -> None:
        if progress is not None and progress(done, total) is False:
            raise Cancelled()

    tick()
    if total > 10_000:
        bulk.widen_cache(conn)
    ids = {kind.key: bulk.uid_map(conn, kind) for kind in KINDS}
    for kind in KINDS:
        base = done
        for count in bulk.insert_records(conn, kind, inserts[kind.key], ids):
            done = base + count
            tick()
        bulk.update_records(conn, kind, updates[kind.key], ids)
        done += len(updates[kind.key])
        tick()
    bulk.add_history(conn, plan.history + consistency.history)
    summary = plan.summary()
    summary["conflicts_settled"] = taken
    summary.update(consistency.summary())
    return summary
