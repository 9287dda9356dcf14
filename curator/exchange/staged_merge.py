"""Planning and writing an import from its staging database, in SQL where the records are many.

The plan is :func:`curator.exchange.merge.plan_merge`'s, with the records split three ways by
SQL between the staging file (attached to the project's connection as ``stage``) and the project:

* **new**: records the project does not hold (by uid) whose references need no moving and that
  no merge redirect concerns: inserted by ``INSERT ... SELECT`` straight from the staging file,
  in the file's order (references resolved by uid with joins on the project's indexes), and their
  history rows (the file's rows for them, and their state with its content) by one
  ``INSERT ... SELECT`` in key order;
* **same**: records the project holds in the same state (compared by state hash: ours are
  computed a chunk at a time and staged beside theirs): nothing to write but what the history
  learns from the file (claims, states), again in SQL;
* **the rest** (records both hold in different states, the tag set and documents, records on a
  document or with a tag matched by text or name, actors that redirect or are redirected to and
  the records naming them): few in practice, read as records and planned by ``plan_merge``
  itself with exactly the project's records they can meet, then written as a merge writes them
  (inserts through the staging rows, so the file's order is kept).

So the semantics are the merge's: the same decisions, refusals, summary and history rows; the
difference is that no Python object per record is made for the new and unchanged ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Callable, Optional

from sqlalchemy import Connection, text

from curator.core import bulk
from curator.core.bulk import (
    ACTORS, CLAIM_LINKS, COMMON_FIELDS, DOCUMENTS, EVENT_ACTORS, EVENTS, FIELD_VALUES, FIELDS, KINDS, SPANS, TAGS,
    Kind,
)
from curator.core.field_values import sort_text_sql
from curator.core.history import HISTORY, UPSERT_TAIL, Seen, fetch_contents
from curator.core.replica import project_replica
from curator.exchange.conflicts import Conflict
from curator.exchange.errors import Cancelled, InvalidExport, MergeConflicts, Problem
from curator.exchange.merge import MergePlan, Side, _document_matches, _tag_matches, plan_merge
from curator.exchange.redirects import make_consistent
from curator.exchange.staging import CAT_SYNC, columns, q, restore
from curator.exchange.staged_checks import check_against_project
from curator.exchange.staged_fields import OURS_ON_PAIRS, PAIR_HELD, field_matches_staged
from curator.exchange.validate import MAX_PROBLEMS

Progress = Callable[[int, int], bool]
SMALL_KINDS = (DOCUMENTS.key, TAGS.key, FIELDS.key)  # planned record by record, whole
INSERT_CHUNK = 50_000
_TABLES = {kind.key: kind.table.name for kind in KINDS}


@dataclass
class StagedPlan:
    plan: MergePlan
    new: dict[str, int] = field(default_factory=dict)  # kind -> records inserted in bulk
    same: int = 0  # records the project holds in the same state
    index: dict[str, list[int]] = field(default_factory=dict)  # kind -> the rest's file positions


# ------------------------------------------------------------------ problems
def _problems(raw, refusal_label: str) -> None:
    """Record the project-dependent problems beside the staged ones; raise InvalidExport with
    every data problem (or, when there are none, every sync problem), in the whole-file order."""
    raw.execute("DELETE FROM stage.problem WHERE project = 1")
    raw.executemany("INSERT INTO stage.problem VALUES (?, ?, ?, ?, ?, ?, 1)", check_against_project(raw))
    order = "ORDER BY cat, sub, idx, seq, rowid LIMIT ?"
    rows = raw.execute(f"SELECT path, message FROM stage.problem WHERE cat < ? {order}",
                       (CAT_SYNC, MAX_PROBLEMS)).fetchall()
    if not rows:
        rows = raw.execute(f"SELECT path, message FROM stage.problem WHERE cat >= ? {order}",
                           (CAT_SYNC, MAX_PROBLEMS)).fetchall()
    if rows:
        raise InvalidExport(refusal_label, [Problem(path, message) for path, message in rows])


# ------------------------------------------------------------------ reading records
@dataclass(frozen=True)
class StoredText:
    """A document's text left where it is (``stage`` or ``main``) while the plan is made: the
    plan compares texts by their sha256, so the corpus is not read into memory; the text is
    fetched when a document is written."""

    schema: str
    uid: str

    def fetch(self, raw) -> str:
        table = "stage.r_documents" if self.schema == "stage" else "main.document"
        return raw.execute(f"SELECT text FROM {table} WHERE uid = ?", (self.uid,)).fetchone()[0]


def _picks(kind: Kind) -> list[str]:
    return ["NULL" if kind is DOCUMENTS and c == "text" else q(c) for c in columns(kind)]


def _staged(raw, kind: Kind, where: str, params: tuple = ()) -> list[dict]:
    names = columns(kind)
    rows = raw.execute(f"SELECT {', '.join(_picks(kind))} FROM stage.r_{kind.key} AS r "
                       f"WHERE {where} ORDER BY idx", params).fetchall()
    records = [restore(kind, dict(zip(names, row))) for row in rows]
    if kind is DOCUMENTS:
        for rec in records:
            rec["text"] = StoredText("stage", rec["uid"])
    return records


def _our_documents(raw) -> list[dict]:
    names = columns(DOCUMENTS)
    rows = raw.execute(f"SELECT {', '.join(_picks(DOCUMENTS))} FROM main.document ORDER BY id").fetchall()
    records = [restore(DOCUMENTS, dict(zip(names, row))) for row in rows]
    for rec in records:
        rec["text"] = StoredText("main", rec["uid"])
    return records


def _ours(conn: Connection, kind: Kind, where_sql: str) -> list[dict]:
    """Our records of ``kind`` whose row (alias of the kind's table) matches ``where_sql``."""
    condition = text(where_sql.replace("{t}", f'"{kind.table.name}"'))
    return [rec for part in bulk.iter_records(conn, kind, where=lambda t: condition) for rec in part]


def _their_history(raw, uids_sql: str, exporter: str, shared_at: str) -> dict[str, dict[str, Seen]]:
    """The file's history rows (held claims and sync.history) of the uids ``uids_sql`` selects,
    as :func:`curator.exchange.json_format.side_from_export` builds them."""
    history: dict[str, dict[str, Seen]] = {}
    if exporter:
        claim = Seen(False, exporter, shared_at)
        for uid, state in raw.execute(f"SELECT uid, state FROM stage.held WHERE uid IN ({uids_sql})"):
            history[uid] = {state: claim}
    for uid, state, has, replica, at in raw.execute(
            f"SELECT uid, state, has_content, replica, shared_at FROM stage.hist WHERE uid IN ({uids_sql}) "
            "ORDER BY pos, i"):
        rows = history.setdefault(uid, {})
        seen = Seen(bool(has), replica, at if replica else "")
        held = rows.get(state)
        rows[state] = seen if held is None else held._replace(has_content=seen.has_content)
    return history


def _their_contents(raw):
    def fetch(pairs: set[tuple[str, str]]) -> dict:
        found = {}
        for uid, state in pairs:
            row = raw.execute("SELECT raw FROM stage.hist WHERE uid = ? AND state = ? AND raw IS NOT NULL",
                              (uid, state)).fetchone()
            if row is not None:
                found[(uid, state)] = json.loads(row[0])
        return found
    return fetch


def _our_history(raw, uids_sql: str) -> dict[str, dict[str, Seen]]:
    known: dict[str, dict[str, Seen]] = {}
    present = {row[1] for row in raw.execute(f'PRAGMA main.table_info("{HISTORY.name}")')}
    if not present:
        return known
    for uid, state, has, who, when in raw.execute(
            f"SELECT uid, state, content != '', replica, shared_at FROM main.{HISTORY.name} "
            f"WHERE uid IN ({uids_sql})"):
        known.setdefault(uid, {})[state] = Seen(bool(has), who, when)
    return known


# ------------------------------------------------------------------ planning
def plan_staged(conn: Connection, project_path, label: str, exporter: str, shared_at: str,
                tick: Callable[[], None]) -> StagedPlan:
    """Check the staged file against the project and plan its import (see the module
    docstring); raises InvalidExport on a problem. Runs inside the caller's (read or write)
    transaction, the staging file attached as ``stage``; writes only to the staging file."""
    raw = conn.connection.driver_connection
    _problems(raw, label)
    tick()
    _our_states(conn, raw, tick)
    doc_map, tag_map = _matches(conn, raw)
    field_map = field_matches_staged(conn, raw, label)
    losers, targets = _redirect_sets(raw)
    _split(raw, doc_map, tag_map, losers, targets, field_map)
    tick()
    theirs, index = _their_side(raw, label, exporter, shared_at)
    ours = _our_side(conn, raw, project_path, losers, targets)
    plan = plan_merge(ours, theirs)
    plan.conflicts = [_at_file_index(c, index) for c in plan.conflicts]
    new = {kind.key: raw.execute(f"SELECT count(*) FROM stage.r_{kind.key}").fetchone()[0]
           - raw.execute(f"SELECT count(*) FROM stage.p_{kind.key}").fetchone()[0] for kind in KINDS}
    same = sum(raw.execute(f"SELECT count(*) FROM stage.p_{kind.key} WHERE part = 'same'").fetchone()[0]
               for kind in KINDS)
    tick()
    return StagedPlan(plan, {k: n for k, n in new.items() if n}, same, index)


def _at_file_index(conflict: Conflict, index: dict[str, list[int]]) -> Conflict:
    from dataclasses import replace

    return replace(conflict, index=index[conflict.kind][conflict.index])


def _our_states(conn: Connection, raw, tick) -> None:
    """The state of each of our records the file also holds, staged as ``o_<key>``."""
    for kind in KINDS:
        raw.execute(f"CREATE TABLE IF NOT EXISTS stage.o_{kind.key} (uid TEXT PRIMARY KEY, state TEXT)")
        raw.execute(f"DELETE FROM stage.o_{kind.key}")
        condition = text(f'"{kind.table.name}".uid IN (SELECT uid FROM stage.r_{kind.key})')
        for part in bulk.iter_records(conn, kind, where=lambda t: condition):
            raw.executemany(f"INSERT OR REPLACE INTO stage.o_{kind.key} VALUES (?, ?)",
                            [(rec["uid"], bulk.state_hash(kind, rec)) for rec in part])
            tick()


def _matches(conn: Connection, raw) -> tuple[dict[str, str], dict[str, str]]:
    """Their documents we hold under another uid with the same text, their tags we hold under
    another uid with the same name (merge.py's rules, on the two small kinds)."""
    doc_names = ("uid", "deleted_at", "title", "sha256")
    ours_docs = [dict(zip(doc_names, row)) for row in raw.execute(
        "SELECT uid, deleted_at, title, sha256 FROM main.document ORDER BY id")]
    their_docs = [dict(zip(doc_names, row)) for row in raw.execute(
        "SELECT uid, deleted_at, title, sha256 FROM stage.r_documents ORDER BY idx")]
    doc_map, _ = _document_matches(SimpleNamespace(records={DOCUMENTS.key: ours_docs}),
                                   SimpleNamespace(records={DOCUMENTS.key: their_docs}))
    tag_map, _ = _tag_matches(SimpleNamespace(records={TAGS.key: bulk.read_records(conn, TAGS)}),
                              SimpleNamespace(records={TAGS.key: _staged(raw, TAGS, "1")}))
    return doc_map, tag_map


def _redirect_sets(raw) -> tuple[set[str], set[str]]:
    """Actors merged away on either side (losers), and the actors they name (targets)."""
    losers, targets = set(), set()
    for table in ("main.actor", "stage.r_actors"):
        for uid, target in raw.execute(f"SELECT uid, merged_into FROM {table} WHERE merged_into != ''"):
            losers.add(uid)
            targets.add(target)
    return losers, targets


def _key_table(raw, name: str, uids) -> None:
    raw.execute(f"CREATE TABLE IF NOT EXISTS stage.{name} (uid TEXT PRIMARY KEY)")
    raw.execute(f"DELETE FROM stage.{name}")
    raw.executemany(f"INSERT OR IGNORE INTO stage.{name} VALUES (?)", [(u,) for u in uids])


def _split(raw, doc_map, tag_map, losers, targets, field_map=None) -> None:
    """Sort the staged records into 'new', 'same' and 'rest' (see the module docstring). Only
    the exceptions are written down (``p_<key>``: idx -> 'rest' or 'same'); a record not there
    is new. A table is scanned only when something could make one of its records 'rest'."""
    _key_table(raw, "k_docs", doc_map)
    _key_table(raw, "k_tags", tag_map)
    _key_table(raw, "k_losers", losers)
    _key_table(raw, "k_involved", losers | targets)
    for kind in KINDS:
        raw.execute(f"CREATE TABLE IF NOT EXISTS stage.p_{kind.key} (idx INTEGER PRIMARY KEY, part TEXT)")
        raw.execute(f"DELETE FROM stage.p_{kind.key}")
        ours = raw.execute(f"SELECT EXISTS (SELECT 1 FROM stage.o_{kind.key})").fetchone()[0]
        rest = [f"EXISTS (SELECT 1 FROM stage.o_{kind.key} AS o WHERE o.uid = r.uid AND o.state != r.state)"] if ours else []
        if kind.key in SMALL_KINDS:
            rest = ["1"]
        for name, _, target in kind.refs:
            if target == DOCUMENTS.key and doc_map:
                rest.append(f"r.{q(name)} IN (SELECT uid FROM stage.k_docs)")
            elif target == TAGS.key and tag_map:
                rest.append(f"r.{q(name)} IN (SELECT uid FROM stage.k_tags)")
            elif target == FIELDS.key and field_map:
                rest.append(f"r.{q(name)} IN (SELECT theirs FROM stage.k_fieldmap)")
        if kind.key in PAIR_HELD and raw.execute(f"SELECT EXISTS (SELECT 1 FROM main.{_TABLES[kind.key]})").fetchone()[0]:
            rest.append(PAIR_HELD[kind.key])
        if losers:
            if kind is ACTORS:
                rest.append("r.uid IN (SELECT uid FROM stage.k_involved)")
            elif kind is EVENT_ACTORS:
                rest.append("r.actor IN (SELECT uid FROM stage.k_involved)")
            elif kind is SPANS:
                rest.append("r.actor IN (SELECT uid FROM stage.k_losers)")
            elif kind is EVENTS:
                rest.append("r.place IN (SELECT uid FROM stage.k_losers)")
        if rest:
            raw.execute(f"INSERT INTO stage.p_{kind.key} SELECT r.idx, 'rest' FROM stage.r_{kind.key} AS r "
                        f"WHERE {' OR '.join(rest)}")
        if ours:
            raw.execute(f"INSERT OR IGNORE INTO stage.p_{kind.key} SELECT r.idx, 'same' FROM stage.r_{kind.key} "
                        f"AS r JOIN stage.o_{kind.key} AS o ON o.uid = r.uid")


def _rest(key: str, part: str = "rest") -> str:
    return f"idx IN (SELECT idx FROM stage.p_{key} WHERE part = '{part}')"


def _their_side(raw, label: str, exporter: str, shared_at: str) -> tuple[Side, dict[str, list[int]]]:
    records, index = {}, {}
    for kind in KINDS:
        records[kind.key] = _staged(raw, kind, _rest(kind.key))
        index[kind.key] = [idx for (idx,) in raw.execute(
            f"SELECT idx FROM stage.p_{kind.key} WHERE part = 'rest' ORDER BY idx")]
    uids = " UNION ALL ".join(f"SELECT uid FROM stage.r_{k.key} WHERE {_rest(k.key)}" for k in KINDS)
    history = _their_history(raw, uids, exporter, shared_at)
    side = Side(records, history, label, exporter, shared_at if exporter else None, _their_contents(raw))
    return side, index


def _our_side(conn: Connection, raw, project_path, losers: set[str], targets: set[str]) -> Side:
    """Our records the rest of the file can meet: those it holds too, our documents and tags,
    the actors of redirects, the records naming an actor merged away and the live links to an
    actor merged into (which decide whether a moved link repeats one)."""
    records = {}
    for kind in KINDS:
        if kind is DOCUMENTS:
            records[kind.key] = _our_documents(raw)
            continue
        if kind in (TAGS, FIELDS):
            records[kind.key] = bulk.read_records(conn, kind)
            continue
        wanted = [f"{{t}}.uid IN (SELECT uid FROM stage.r_{kind.key} WHERE {_rest(kind.key)})"]
        if kind is ACTORS:
            wanted.append("{t}.uid IN (SELECT uid FROM stage.k_involved)")
        elif kind is EVENT_ACTORS:
            wanted.append("{t}.actor_id IN (SELECT a.id FROM main.actor AS a JOIN stage.k_involved AS k "
                          "ON k.uid = a.uid)")
        elif kind is SPANS:
            wanted.append("{t}.actor_id IN (SELECT a.id FROM main.actor AS a JOIN stage.k_losers AS k "
                          "ON k.uid = a.uid)")
        elif kind is EVENTS:
            wanted.append("{t}.place_id IN (SELECT a.id FROM main.actor AS a JOIN stage.k_losers AS k "
                          "ON k.uid = a.uid)")
        elif kind.key in OURS_ON_PAIRS:
            wanted.append(OURS_ON_PAIRS[kind.key])
        records[kind.key] = _ours(conn, kind, " OR ".join(f"({w})" for w in wanted))
    raw.execute("CREATE TABLE IF NOT EXISTS stage.k_ours (uid TEXT PRIMARY KEY)")
    raw.execute("DELETE FROM stage.k_ours")
    raw.executemany("INSERT OR IGNORE INTO stage.k_ours VALUES (?)",
                    [(rec["uid"],) for recs in records.values() for rec in recs])
    history = _our_history(raw, "SELECT uid FROM stage.k_ours")
    return Side(records, history, str(project_path), project_replica(conn, project_path), None,
                lambda pairs: fetch_contents(conn, pairs))


# ------------------------------------------------------------------ writing
class _Progress:
    def __init__(self, progress: Optional[Progress], total: int):
        self.progress, self.total, self.done = progress, max(total, 1), 0

    def add(self, n: int = 0) -> None:
        self.done += n
        if self.progress is not None and self.progress(min(self.done, self.total), self.total) is False:
            raise Cancelled()


def apply_staged(conn: Connection, staged: StagedPlan, progress: Optional[Progress] = None) -> dict:
    """Write the plan in the caller's write transaction (see the module docstring)."""
    plan = staged.plan
    if plan.conflicts:
        raise MergeConflicts(plan.conflicts)
    raw = conn.connection.driver_connection
    inserts = {k: list(v) for k, v in plan.inserts.items()}
    updates = {k: list(v) for k, v in plan.updates.items()}
    written = {k: len(v) for k, v in updates.items() if v}
    consistency = make_consistent(plan.ours, inserts, updates)
    bulk_total = sum(staged.new.values())
    total = bulk_total + sum(len(v) for v in inserts.values()) + sum(len(v) for v in updates.values())
    ticks = _Progress(progress, 2 * total + staged.same)
    ticks.add()
    if total > 10_000:
        bulk.widen_cache(conn)
    for kind in KINDS:
        _stage_inserts(raw, kind, inserts[kind.key])
        _insert(conn, kind, ticks)
        if kind is DOCUMENTS:  # one text in memory at a time
            for rec in updates[kind.key]:
                text_now = rec["text"].fetch(raw) if isinstance(rec["text"], StoredText) else rec["text"]
                rec = rec | {"text": text_now}
                bulk.update_records(conn, kind, [rec], _ids_for(raw, kind, [rec]))
                ticks.add(1)
        elif updates[kind.key]:
            ids = _ids_for(raw, kind, updates[kind.key])
            bulk.update_records(conn, kind, updates[kind.key], ids)
            ticks.add(len(updates[kind.key]))
    for kind in KINDS:
        _bulk_history(raw, kind, ticks)
    bulk.add_history(conn, plan.history + consistency.history)
    summary = plan.summary()
    added = dict(summary["added"])
    for key, n in staged.new.items():
        added[key] = added.get(key, 0) + n
    summary["added"] = {k.key: added[k.key] for k in KINDS if added.get(k.key)}
    summary["unchanged"] = plan.unchanged + staged.same
    summary["updated"] = written
    summary["conflicts_settled"] = {"ours": 0, "theirs": 0}
    summary.update(consistency.summary())
    return summary


def _stage_inserts(raw, kind: Kind, records: list[dict]) -> None:
    """The rest's new records go in through their staging rows (file order kept), as the plan
    (and the consistency rules) made them: references moved, tags renamed..."""
    if not records:
        return
    names = [n for n in columns(kind) if not (kind is DOCUMENTS and n == "text")]  # kept staged
    sets = ", ".join(f"{q(n)} = ?" for n in names)
    extra = ", aliases_text = ?" if kind is ACTORS else ""
    rows = []
    for rec in records:
        values = [rec[n] for n in names]
        tail = []
        if kind is ACTORS:
            values[names.index("aliases")] = json.dumps(rec["aliases"], ensure_ascii=False)
            tail = ["\n".join(rec["aliases"])]
        rows.append((*values, *tail, rec["uid"]))
    raw.executemany(f"UPDATE stage.r_{kind.key} SET {sets}{extra} WHERE uid = ? AND {_rest(kind.key)}", rows)
    raw.executemany(f"UPDATE stage.p_{kind.key} SET part = 'in' WHERE part = 'rest' AND idx IN "
                    f"(SELECT idx FROM stage.r_{kind.key} WHERE uid = ?)", [(rec["uid"],) for rec in records])


def _insert(conn: Connection, kind: Kind, ticks: _Progress) -> None:
    """INSERT ... SELECT the staged rows to add ('new' and the rest's 'in'), in file order."""
    raw = conn.connection.driver_connection
    table = kind.table.name
    target_cols = [*COMMON_FIELDS, *[column for _, column, _ in kind.refs], *kind.fields]
    picks = [f"r.{q(c)}" for c in COMMON_FIELDS]
    joins = []
    for n, (name, _, target) in enumerate(kind.refs):
        alias = f"j{n}"
        joins.append(f"LEFT JOIN main.{_TABLES[target]} AS {alias} ON {alias}.uid = r.{q(name)}")
        picks.append(f"{alias}.id")
    picks += [("r.aliases_text" if kind is ACTORS and f == "aliases" else f"r.{q(f)}") for f in kind.fields]
    if kind is FIELD_VALUES:  # its sort keys, made as the facade makes them (curator.core.field_values)
        target_cols += ["sort_text", "sort_number"]
        picks += [sort_text_sql("r.text"), "coalesce(r.low, r.high)"]
    (low, high) = raw.execute(f"SELECT min(idx), max(idx) FROM stage.r_{kind.key}").fetchone()
    if low is None:
        return
    sql = (f"INSERT INTO main.{q(table)} ({', '.join(q(c) for c in target_cols)}) "
           f"SELECT {', '.join(picks)} FROM stage.r_{kind.key} AS r "
           f"LEFT JOIN stage.p_{kind.key} AS p ON p.idx = r.idx {' '.join(joins)} "
           "WHERE coalesce(p.part, 'in') = 'in' AND r.idx >= ? AND r.idx < ? ORDER BY r.idx")
    start = low
    while start <= high:
        cursor = raw.execute(sql, (start, start + INSERT_CHUNK))
        ticks.add(cursor.rowcount if cursor.rowcount > 0 else 0)
        start += INSERT_CHUNK


def _ids_for(raw, kind: Kind, records: list[dict]) -> dict[str, dict[str, int]]:
    """uid -> id of the records these updates name (themselves and their references)."""
    wanted: dict[str, set[str]] = {kind.key: {rec["uid"] for rec in records}}
    for name, _, target in kind.refs:
        wanted.setdefault(target, set()).update(rec[name] for rec in records if rec[name] is not None)
    ids: dict[str, dict[str, int]] = {k.key: {} for k in KINDS}
    for key, uids in wanted.items():
        uids = sorted(uids)
        for i in range(0, len(uids), 500):
            part = uids[i:i + 500]
            ids[key].update(raw.execute(f"SELECT uid, id FROM main.{q(_TABLES[key])} WHERE uid IN "
                                        f"({', '.join('?' * len(part))})", part).fetchall())
    return ids


def _bulk_history(raw, kind: Kind, ticks: _Progress) -> None:
    """The history rows of the 'new' and 'same' records, as the merge's history book makes them:
    the file's rows for each (a new record's with their contents, a same one's without), and
    its state now (a new record's with its content), added in key order."""
    key = kind.key
    count = (raw.execute(f"SELECT count(*) FROM stage.r_{key}").fetchone()[0]
             - raw.execute(f"SELECT count(*) FROM stage.p_{key} WHERE part != 'same'").fetchone()[0])
    if not count:
        return
    exporter, shared_at = raw.execute("SELECT replica, shared_at FROM stage.meta").fetchone()
    records = (f"(SELECT r.idx, r.uid, r.state, r.content, coalesce(p.part, 'new') AS part FROM stage.r_{key} AS r "
               f"LEFT JOIN stage.p_{key} AS p ON p.idx = r.idx WHERE coalesce(p.part, 'new') IN ('new', 'same'))")
    their_rows = raw.execute("SELECT EXISTS (SELECT 1 FROM stage.held) OR EXISTS (SELECT 1 FROM stage.hist)").fetchone()[0]
    insert = f"INSERT INTO main.{HISTORY.name} (uid, state, content, replica, shared_at) "
    if not their_rows:  # one row per record: only the order of the keys is needed
        raw.execute(insert + f"SELECT r.uid, r.state, CASE WHEN r.part = 'new' THEN r.content ELSE '' END, '', '' "
                    f"FROM {records} AS r WHERE true ORDER BY r.uid, r.state " + UPSERT_TAIL)
        ticks.add(count)
        return
    # three sets of rows, disjoint by (uid, state), as the history book makes them:
    # each record's state now (its content if new; the claim of the file's row for that state:
    # the exporter's if it is the state held, else the history entry's)...
    held_claim = "h.state IS NOT NULL" if exporter else "0"
    now = (f"SELECT r.uid, r.state, CASE WHEN r.part = 'new' THEN r.content ELSE '' END, "
           f"CASE WHEN {held_claim} THEN ?1 ELSE coalesce(x.replica, '') END, "
           f"CASE WHEN {held_claim} THEN ?2 WHEN coalesce(x.replica, '') != '' THEN x.shared_at ELSE '' END "
           f"FROM {records} AS r LEFT JOIN stage.held AS h ON h.uid = r.uid AND h.state = r.state "
           "LEFT JOIN stage.hist AS x ON x.uid = r.uid AND x.state = r.state")
    # ...the state the exporter held when the record changed in the file since (content if given)...
    held = (f"SELECT r.uid, h.state, CASE WHEN r.part = 'new' AND x.has_content THEN coalesce(x.content, '') "
            f"ELSE '' END, ?1, ?2 FROM {records} AS r JOIN stage.held AS h ON h.uid = r.uid AND h.state != r.state "
            "LEFT JOIN stage.hist AS x ON x.uid = h.uid AND x.state = h.state")
    # ...and the file's other history rows
    older = (f"SELECT r.uid, x.state, CASE WHEN r.part = 'new' AND x.has_content THEN coalesce(x.content, '') "
             "ELSE '' END, x.replica, CASE WHEN x.replica != '' THEN x.shared_at ELSE '' END "
             f"FROM {records} AS r JOIN stage.hist AS x ON x.uid = r.uid AND x.state != r.state "
             "WHERE NOT EXISTS (SELECT 1 FROM stage.held AS h WHERE h.uid = x.uid AND h.state = x.state)")
    parts = [now, held, older] if exporter else [now, older]
    raw.execute(insert + "SELECT * FROM (" + " UNION ALL ".join(parts) + ") WHERE true ORDER BY 1, 2 "
                + UPSERT_TAIL, (exporter or "", shared_at or ""))
    ticks.add(count)
