"""Merging another copy of a project (a project file or a JSON export) into this one.

Records match by uid; a document the other side holds under another uid but with the same text
(SHA-256) is the same document, and the other side's spans and rejected suggestions on it are
moved onto ours. Likewise a live tag of theirs that we hold under another uid but with the same
name (ignoring case) is our tag: their highlights with it take ours, and our tag set keeps its
own colour, key and description for it (so two projects' default tag sets do not duplicate).
Typed event fields match by name too, values and claim links by their pair
(:mod:`curator.exchange.field_merging`).

Whether a record that differs was changed on one side only or on both is decided from each
side's sync history and the replicas' claims (:mod:`curator.exchange.ancestry`). A record both
sides changed merges three ways, field by field, against the latest version both shared
(:mod:`curator.exchange.field_merge`); only fields changed on both sides differently, or a
deletion on one side against an edit on the other, or a record with no shared version known,
are conflicts (:mod:`curator.exchange.conflicts`).

:func:`plan_merge` compares the two sides without writing; :func:`apply_merge` writes a plan in
the caller's transaction, refusing (before writing anything) while any conflict is undecided.
Once the conflicts are settled, the merged tag set and actor redirects are made consistent
(:mod:`curator.exchange.redirects`). Import of a JSON export is a merge in which conflicts are
not allowed at all (fields merged on their own are fine).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from sqlalchemy import Connection

from curator.core import bulk
from curator.core.bulk import DOCUMENTS, FIELDS, KIND_BY_KEY, KINDS, PAIRED, TAGS, Kind
from curator.core.history import Known, Seen, fetch_contents, read_known
from curator.core.replica import project_replica
from curator.exchange.ancestry import relate
from curator.exchange.conflicts import Conflict, Decision, FieldConflict
from curator.exchange.errors import Cancelled, MergeConflicts
from curator.exchange.field_merge import deletion_reason, differing_fields, field_value, merge_fields
from curator.exchange.field_merging import (
    alike, choice_spellings, field_matches, pair_key, pairs_of, spelled_as_ours,
)
from curator.exchange.redirects import make_consistent

Progress = Callable[[int, int], bool]
Contents = Callable[[set[tuple[str, str]]], dict[tuple[str, str], Any]]
_UNKNOWN = Seen(False, "", "")
NO_BASE = "changed on both sides; no version both shared is known, so the record is compared as a whole"


@dataclass
class Side:
    """One side of a merge: every record by kind key (exchange records), its sync history and
    who it is.

    ``history``: uid -> state -> :class:`~curator.core.history.Seen` (a set of states stands for
    rows without content or claim). ``replica``: its replica id ("" unknown: an export of format
    1 to 3). ``snapshot``: when an export's states were shared (its replica's clock); None for a
    project file, read as it is now. ``contents``: fetches the content of history rows (JSON
    text or a decoded object) by (uid, state)."""

    records: dict[str, list[dict]]
    history: Known
    label: str = ""
    replica: str = ""
    snapshot: Optional[str] = None
    contents: Optional[Contents] = None

    def __post_init__(self) -> None:
        if any(not isinstance(rows, dict) for rows in list(self.history.values())[:1]):
            self.history = {uid: rows if isinstance(rows, dict) else dict.fromkeys(rows, _UNKNOWN)
                            for uid, rows in self.history.items()}

    def fetch(self, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], Any]:
        return self.contents(pairs) if self.contents is not None and pairs else {}


def project_side(conn: Connection, path) -> Side:
    """A project file read through ``conn`` (ours, inside its transaction; or the other side,
    read only) as a side of a merge, fetching history contents through ``conn``."""
    return Side(bulk.read_all(conn), read_known(conn), str(path), project_replica(conn, path),
                None, lambda pairs: fetch_contents(conn, pairs))


@dataclass
class MergePlan:
    """What a merge would do; nothing is written until :func:`apply_merge`."""

    inserts: dict[str, list[dict]] = field(default_factory=lambda: {k.key: [] for k in KINDS})
    updates: dict[str, list[dict]] = field(default_factory=lambda: {k.key: [] for k in KINDS})
    conflicts: list[Conflict] = field(default_factory=list)
    kept: int = 0  # records where the other side holds an older state of ours
    unchanged: int = 0
    merged: dict[str, int] = field(default_factory=dict)  # kind -> records merged field by field
    matched_documents: list[dict] = field(default_factory=list)
    matched_tags: list[dict] = field(default_factory=list)
    matched_fields: list[dict] = field(default_factory=list)
    history: list[tuple] = field(default_factory=list)  # rows for the sync history
    ours: dict[str, list[dict]] = field(default_factory=dict)  # our records, as compared
    names: dict[str, str] = field(default_factory=dict)  # uid -> label, of records conflicts name

    @property
    def merged_count(self) -> int:
        return sum(self.merged.values())

    def summary(self) -> dict:
        return {"added": {k: len(v) for k, v in self.inserts.items() if v},
                "updated": {k: len(v) for k, v in self.updates.items() if v},
                "merged_field_by_field": dict(self.merged),
                "kept_ours": self.kept, "unchanged": self.unchanged,
                "documents_matched_by_text": self.matched_documents,
                "tags_matched_by_name": self.matched_tags,
                **({"fields_matched_by_name": self.matched_fields} if self.matched_fields else {}),
                "conflicts": len(self.conflicts)}


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


class _HistoryBook:
    """The history rows a merge adds to ours: each (uid, state) once, and only what our history
    does not know yet (a state, its content, a claim, a later time of the same claim)."""

    def __init__(self, known: Known):
        self.known = known
        self.rows: dict[tuple[str, str], list] = {}
        self.missing: dict[tuple[str, str], Kind] = {}  # rows whose content the other side holds

    def _wants(self, uid: str, state: str, has_content: bool, replica: str, at: str) -> bool:
        seen = self.known.get(uid, {}).get(state)
        return (seen is None or (has_content and not seen.has_content)
                or (replica and not seen.replica)
                or (replica and replica == seen.replica and at > seen.shared_at))

    def _learn(self, row: list, replica: str, at: str) -> None:
        if replica and not row[3]:
            row[3], row[4] = replica, at
        elif replica and replica == row[3] and at > row[4]:
            row[4] = at

    def add(self, kind: Kind, uid: str, state: str, rec: dict, replica: str = "", at: str = "",
            contents: bool = True, canonical: Optional[str] = None) -> None:
        """A state with its record (the content is made from it, unless ``contents`` is false;
        ``canonical``: the state's canonical JSON, when at hand)."""
        key = (uid, state)
        row = self.rows.get(key)
        if row is None:
            if self._wants(uid, state, contents, replica, at):
                self.rows[key] = [uid, state, bulk.content_json(kind, rec, canonical) if contents else "",
                                  replica, at]
            return
        if not row[2] and contents:
            row[2] = bulk.content_json(kind, rec, canonical)
            self.missing.pop(key, None)
        self._learn(row, replica, at)

    def add_seen(self, kind: Kind, uid: str, state: str, seen: Seen) -> None:
        """A row of the other side's history (its content fetched later, if needed)."""
        key = (uid, state)
        row = self.rows.get(key)
        if row is not None:
            self._learn(row, seen.replica, seen.shared_at)
        elif self._wants(uid, state, seen.has_content, seen.replica, seen.shared_at):
            self.rows[key] = [uid, state, "", seen.replica, seen.shared_at]
            if seen.has_content:
                self.missing[key] = kind

    def finish(self, theirs: Side) -> list[tuple]:
        """The rows, with the contents of the other side's older states fetched and checked."""
        if self.missing:
            fetched = theirs.fetch(set(self.missing))
            for key, kind in self.missing.items():
                value = fetched.get(key)
                if value is not None and bulk.content_state(kind, key[0], value) == key[1]:
                    self.rows[key][2] = bulk.content_json(kind, bulk.record_from_content(kind, key[0], value))
        return [tuple(row) for row in self.rows.values()]


@dataclass
class _BothChanged:
    kind: Kind
    index: int
    uid: str
    mine: dict
    theirs: dict
    common: set[str]
    moves: list


def plan_merge(ours: Side, theirs: Side) -> MergePlan:
    """Compare the two sides record by record (see the module docstring); writes nothing."""
    plan = MergePlan(ours=ours.records)
    doc_map, plan.matched_documents = _document_matches(ours, theirs)
    tag_map, plan.matched_tags = _tag_matches(ours, theirs)
    field_map, plan.matched_fields, more_choices = field_matches(ours.records, theirs.records, theirs.label)
    matched = {DOCUMENTS.key: doc_map, TAGS.key: tag_map, FIELDS.key: field_map}
    book = _HistoryBook(ours.history)
    # a project file's records are its replica's states now (when they were, is not known on its
    # clock); an export's claims are its rows (see json_format.side_from_export)
    claim = (theirs.replica, "") if theirs.replica and theirs.snapshot is None else ("", "")
    both: list[_BothChanged] = []
    spellings = choice_spellings(ours.records[FIELDS.key], more_choices) if field_map else {}
    for rec in more_choices:  # our fields matched by name, with choices of theirs added
        plan.updates[FIELDS.key].append(rec)
        book.add(FIELDS, rec["uid"], bulk.state_hash(FIELDS, rec), rec)
    for kind in KINDS:
        our_records = {r["uid"]: r for r in ours.records[kind.key]}
        pairs = pairs_of(kind, ours.records[kind.key]) if kind in PAIRED else None
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
                    if name == "field":  # a value of a field matched by name
                        rec = spelled_as_ours(rec, spellings)
            same_pair = pairs.get(pair_key(kind, rec)) if pairs is not None and uid not in our_records else None
            if same_pair is not None:  # one record per pair: ours under its uid (no shared history)
                mine = same_pair
                rec = rec | {"uid": mine["uid"]}
                if not alike(kind, mine, rec):
                    both.append(_BothChanged(kind, index, mine["uid"], mine, rec, set(), moves))
                else:
                    plan.unchanged += 1
                continue
            their_rows = theirs.history.get(uid, {})
            t, t_json = bulk.state_and_canonical(kind, rec)
            mine = our_records.get(uid)
            o, o_json = (None, None) if mine is None else bulk.state_and_canonical(kind, mine)
            # a record both sides hold alike needs no content kept: it is no base to anyone yet
            # (whoever changes it later merges against a side that holds it as it is now)
            contents = o != t
            for state, seen in their_rows.items():
                book.add_seen(kind, uid, state, seen if contents else seen._replace(has_content=False))
            book.add(kind, uid, t, rec, *claim, contents=contents, canonical=t_json)
            if rec is not original:  # the state they hold it in, too: their side shared that one
                book.add(kind, uid, bulk.state_hash(kind, original), original, *claim, contents=contents)
            if mine is None:
                plan.inserts[kind.key].append(rec)
                continue
            book.add(kind, uid, o, mine, contents=contents, canonical=o_json)
            if o == t or alike(kind, mine, rec):  # (made apart, the same: ours is kept)
                plan.unchanged += 1
                continue
            verdict, common = relate(o, t, ours.history.get(uid, {}), their_rows, ours.replica,
                                     theirs.replica, theirs.snapshot)
            if verdict == "keep":
                plan.kept += 1
            elif verdict == "take":
                plan.updates[kind.key].append(rec)
            else:
                both.append(_BothChanged(kind, index, uid, mine, rec, common, moves))
    _merge_three_ways(plan, both, ours, theirs, book)
    plan.history = book.finish(theirs)
    plan.names = _names(plan.conflicts, ours, theirs)
    return plan


NAME_FIELDS = {"documents": "title", "tags": "name", "actors": "name", "events": "title", "spans": "quote",
               "fields": "name"}


def _names(conflicts: list[Conflict], ours: Side, theirs: Side) -> dict[str, str]:
    """uid -> a short label of each record a conflict refers to (a place, a tag, a document...),
    from either side, ours first: so that a person deciding sees names, not uids."""
    wanted: dict[str, set[str]] = {}
    for c in conflicts:
        for name, _, target in KIND_BY_KEY[c.kind].refs:
            for rec in (c.ours, c.theirs, c.base or {}):
                if rec.get(name):
                    wanted.setdefault(target, set()).add(rec[name])
    names = {}
    for key, uids in wanted.items():
        for side in (theirs, ours):
            for rec in side.records[key]:
                if rec["uid"] in uids:
                    label = rec[NAME_FIELDS.get(key, "uid")] or rec.get("filename") or rec["uid"]
                    names[rec["uid"]] = " ".join(str(label).split())[:80]
    return names


def _bases(both: list[_BothChanged], ours: Side, theirs: Side) -> dict[str, dict]:
    """uid -> the base of each record both sides changed: the latest (by its ``updated_at``)
    of the states both descend from whose content either side knows (and whose content really
    is that state)."""
    wanted_ours, wanted_theirs = set(), set()
    for item in both:
        for state in item.common:
            if ours.history.get(item.uid, {}).get(state, _UNKNOWN).has_content:
                wanted_ours.add((item.uid, state))
            elif theirs.history.get(item.uid, {}).get(state, _UNKNOWN).has_content:
                wanted_theirs.add((item.uid, state))
    contents = ours.fetch(wanted_ours)
    for key, value in theirs.fetch(wanted_theirs | (wanted_ours - set(contents))).items():
        contents.setdefault(key, value)
    bases = {}
    for item in both:
        candidates = []
        for state in item.common:
            value = contents.get((item.uid, state))
            if value is not None and bulk.content_state(item.kind, item.uid, value) == state:
                rec = bulk.record_from_content(item.kind, item.uid, value)
                for name, mapping in item.moves:  # as their records were moved onto ours
                    if rec[name] in mapping:
                        rec[name] = mapping[rec[name]]
                candidates.append((rec["updated_at"] or "", state, rec))
        if candidates:
            bases[item.uid] = max(candidates, key=lambda c: (c[0], c[1]))[2]
    return bases


def _merge_three_ways(plan: MergePlan, both: list[_BothChanged], ours: Side, theirs: Side,
                      book: _HistoryBook) -> None:
    bases = _bases(both, ours, theirs)
    for item in both:
        key, mine, rec = item.kind.key, item.mine, item.theirs
        base = bases.get(item.uid)
        if base is None:
            shown = [FieldConflict(n, None, field_value(key, n, mine), field_value(key, n, rec))
                     for n in differing_fields(key, mine, rec)]
            plan.conflicts.append(Conflict(key, item.uid, deletion_reason(mine, rec) or NO_BASE,
                                           mine, rec, item.index, None, tuple(shown)))
            continue
        outcome = merge_fields(key, base, mine, rec)
        names = differing_fields(key, mine, rec) if outcome.reason else outcome.conflicts
        shown = tuple(FieldConflict(n, *(field_value(key, n, r) for r in (base, mine, rec)))
                      for n in names)
        if outcome.reason:
            plan.conflicts.append(Conflict(key, item.uid, outcome.reason, mine, rec, item.index,
                                           base, shown))
        elif outcome.conflicts:
            plan.conflicts.append(Conflict(key, item.uid, "changed on both sides", mine, rec,
                                           item.index, base, shown, outcome.merged))
        else:
            plan.merged[key] = plan.merged.get(key, 0) + 1
            plan.updates[key].append(outcome.merged)
            book.add(item.kind, item.uid, bulk.state_hash(item.kind, outcome.merged), outcome.merged)


def apply_merge(conn: Connection, plan: MergePlan, decisions: Optional[dict[str, Decision]] = None,
                default: Optional[str] = None, progress: Optional[Progress] = None) -> dict:
    """Write ``plan`` on ``conn`` (inside the caller's transaction). Each conflict is settled by
    ``decisions[uid]`` ("ours", "theirs", or field -> side for a field-level conflict) or else
    ``default``; if any is left undecided, :class:`MergeConflicts` is raised before anything is
    written. Returns the summary."""
    decisions = decisions or {}
    settled = [(c, c.choices(decisions.get(c.uid), default)) for c in plan.conflicts]
    undecided = [c for c, choice in settled if choice is None]
    if undecided:
        raise MergeConflicts(undecided)
    updates = {k: list(v) for k, v in plan.updates.items()}
    inserts = {k: list(v) for k, v in plan.inserts.items()}
    history = list(plan.history)
    taken = {"ours": 0, "theirs": 0}
    for c, choice in settled:
        for side in ([choice] if isinstance(choice, str) else choice.values()):
            taken[side] += 1
        kind = KIND_BY_KEY[c.kind]
        result = c.result(choice)
        state = bulk.state_hash(kind, result)
        if state != bulk.state_hash(kind, c.ours):
            updates[c.kind].append(result)
            history.append((c.uid, state, bulk.content_json(kind, result), "", ""))
    written = {k: len(v) for k, v in updates.items() if v}  # before redirects (counted apart)
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
    bulk.add_history(conn, history + consistency.history)
    summary = plan.summary()
    summary["updated"] = written  # settled conflicts included
    summary["conflicts_settled"] = taken
    summary.update(consistency.summary())
    return summary
