"""The checks of a staged export that need more than one record, in SQL and a document at a time.

They are :func:`curator.exchange.validate.data_problems` and ``sync_problems`` (the same rules,
messages and JSON paths, in the same order) run on the staging database of
:mod:`curator.exchange.staging` instead of a decoded file: unique uids and references by SQL
over indexed columns, spans and rejected passages against their document's text one document at
a time, the tag set and merge redirects over the few records they concern. :func:`check_file`
needs the file only; :func:`check_against_project` runs on the project's connection (with the
staging file attached as ``stage``), since references may name the project's tags and actors.
"""

from __future__ import annotations

import json
from typing import Callable, Optional

from curator.core import bulk
from curator.core.bulk import FIELD_VALUES, KINDS, REJECTIONS, SPANS
from curator.exchange.staging import (
    CAT_ACTOR, CAT_CIRCLE, CAT_KIND, CAT_REJECTION, CAT_SPAN, CAT_SYNC, CAT_TAG, Staging, columns, q,
)
from curator.exchange.validate import PROJECT_REFERABLE

Tick = Callable[[], None]


def _index(conn, table: str, column: str) -> None:
    conn.execute(f"CREATE INDEX IF NOT EXISTS {table}_{column} ON {table} ({q(column)})")


def check_file(staging: Staging, tick: Optional[Tick] = None) -> None:
    """Index the staged records and record the problems that need the whole file but not the
    project (see the module docstring)."""
    tick = tick or (lambda: None)
    conn = staging.conn
    conn.execute("BEGIN")
    for kind in KINDS:
        _index(conn, f"r_{kind.key}", "uid")
        tick()
    for kind in (SPANS, REJECTIONS):
        _index(conn, f"r_{kind.key}", "document")
    conn.execute("CREATE INDEX hist_key ON hist (uid, state)")
    conn.execute("CREATE INDEX held_key ON held (uid, state)")
    tick()
    # a map key given twice: the later value is the one json.loads keeps
    conn.execute("DELETE FROM held WHERE rowid NOT IN (SELECT max(rowid) FROM held GROUP BY uid)")
    conn.execute("DELETE FROM hist WHERE pos < (SELECT max(pos) FROM hist AS h WHERE h.uid = hist.uid)")
    for number, kind in enumerate(KINDS):
        _duplicates(staging, number, kind)
    tick()
    _passages(staging, tick)
    _tags(staging)
    _fields(staging, tick)
    _contents(staging)
    tick()
    conn.execute("COMMIT")


def _duplicates(staging: Staging, number: int, kind) -> None:
    conn = staging.conn
    table = f"r_{kind.key}"
    dups = [uid for (uid,) in conn.execute(f"SELECT uid FROM {table} GROUP BY uid HAVING count(*) > 1")]
    for uid in dups:
        first, *again = [idx for (idx,) in conn.execute(f"SELECT idx FROM {table} WHERE uid = ? ORDER BY idx", (uid,))]
        for idx in again:
            staging.add_problem(CAT_KIND, number * 2, idx, 0, f"$.{kind.key}[{idx}].uid",
                                f"{uid} is used again (first at $.{kind.key}[{first}])")


def _passages(staging: Staging, tick: Tick) -> None:
    """Spans and rejected suggestions against their document's text (one text in memory at a
    time; the last document of a uid given twice is the one read, as a dict of texts kept it)."""
    conn = staging.conn
    docs = conn.execute("SELECT uid, max(idx) FROM r_documents GROUP BY uid").fetchall()
    for uid, idx in docs:
        (text,) = conn.execute("SELECT text FROM r_documents WHERE idx = ?", (idx,)).fetchone()
        length = len(text)
        for i, start, end, quote in conn.execute(
                'SELECT idx, start, "end", quote FROM r_spans WHERE document = ? AND "end" > start', (uid,)):
            if end > length:
                staging.add_problem(CAT_SPAN, 0, i, 0, f"$.spans[{i}].end",
                                    f"{end} is past the end of the document's text ({length} code points)")
            elif text[start:end] != quote:
                staging.add_problem(CAT_SPAN, 0, i, 0, f"$.spans[{i}].quote",
                                    f"differs from the document's text at {start}..{end} "
                                    f"({text[start:end][:40]!r} there)")
        for i, end in conn.execute(
                'SELECT idx, "end" FROM r_rejected_suggestions WHERE document = ? AND "end" > start '
                'AND "end" > ?', (uid, length)):
            staging.add_problem(CAT_REJECTION, 0, i, 0, f"$.rejected_suggestions[{i}].end",
                                f"{end} is past the end of the document's text ({length} code points)")
        tick()


def _tags(staging: Staging) -> None:
    """Live tags have distinct names (ignoring case) and distinct shortcuts (the tag set is
    small: read whole)."""
    names: dict[str, int] = {}
    keys: dict[str, int] = {}
    for i, name, shortcut in staging.conn.execute(
            "SELECT idx, name, shortcut FROM r_tags WHERE deleted_at IS NULL ORDER BY idx"):
        folded = name.casefold()
        if folded in names:
            staging.add_problem(CAT_TAG, 0, i, 0, f"$.tags[{i}].name",
                                f"{name!r} names another live tag too ($.tags[{names[folded]}])")
        else:
            names[folded] = i
        if shortcut:
            if shortcut in keys:
                staging.add_problem(CAT_TAG, 0, i, 1, f"$.tags[{i}].shortcut",
                                    f"key {shortcut} is given to another live tag too ($.tags[{keys[shortcut]}])")
            else:
                keys[shortcut] = i


def _fields(staging: Staging, tick: Tick) -> None:
    """Schema 8's checks that need more than one record (:mod:`curator.exchange.field_checks`):
    live field names, one value per event and field, one link per pair, values against their
    field's kind (the fields are few: read whole; values a chunk at a time)."""
    from curator.exchange.field_checks import (
        CAT_LINK, CAT_VALUE, field_name_problems, pair_problems, value_kind_problem,
    )

    conn = staging.conn
    found = field_name_problems(conn.execute("SELECT idx, name, deleted_at FROM r_fields ORDER BY idx"))
    kinds = {uid: (kind, choices) for uid, kind, choices in conn.execute(
        "SELECT uid, kind, choices FROM r_fields ORDER BY idx")}
    names = columns(FIELD_VALUES)
    cursor = conn.execute(f"SELECT idx, {', '.join(q(n) for n in names)} FROM r_field_values AS r "
                          "WHERE deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM problem AS p WHERE p.cat = ? "
                          "AND p.idx = r.idx AND p.seq = 0) ORDER BY idx", (CAT_VALUE,))
    while True:
        rows = cursor.fetchmany(5_000)
        if not rows:
            break
        for row in rows:
            value = dict(zip(names, row[1:]))
            kind, choices = kinds.get(value["field"], (None, ""))
            problem = value_kind_problem(row[0], value, kind, choices)
            if problem:
                found.append(problem)
        tick()
    for key, cat, pick, names_ in (
            ("field_values", CAT_VALUE, "event, field", ("event", "field")),
            ("claim_links", CAT_LINK, "min(event_a, event_b), max(event_a, event_b)", ("event_a", "event_b"))):
        repeated = conn.execute(f"SELECT idx, {pick} FROM r_{key} WHERE ({pick}) IN (SELECT {pick} FROM r_{key} "
                                f"GROUP BY 1, 2 HAVING count(*) > 1) ORDER BY idx").fetchall()
        found += pair_problems(key, cat, ((i, (a, b)) for i, a, b in repeated), names_)
    for cat, idx, seq, path, message in found:
        staging.add_problem(cat, 0, idx, seq, path, message)


def _contents(staging: Staging) -> None:
    """Each content the sync history gives for a record of the file must be that record in the
    state it is given for; those that are become the history rows' contents (as the project
    keeps them)."""
    conn = staging.conn
    for kind in KINDS:
        rows = conn.execute(f"SELECT h.rowid, h.pos, h.i, h.uid, h.state, h.raw FROM hist AS h "
                            f"WHERE h.raw IS NOT NULL AND h.uid IN (SELECT uid FROM r_{kind.key})").fetchall()
        updates = []
        for rowid, pos, i, uid, state, raw in rows:
            value = json.loads(raw)
            if bulk.content_state(kind, uid, value) != state:
                staging.add_problem(CAT_SYNC + 1, pos, i, 1, f"$.sync.history.{uid}[{i}].content",
                                    f"is not the {kind.singular} in state {state} (its fields give another state)")
            else:
                updates.append((bulk.content_json(kind, bulk.record_from_content(kind, uid, value)), rowid))
        conn.executemany("UPDATE hist SET content = ? WHERE rowid = ?", updates)


def sync_header_problems(staging: Staging) -> None:
    """A sync section's replica and time come together; states held only with a replica."""
    staged = staging.staged
    if staged.version < 4:
        return
    if bool(staged.exporter) != bool(staged.shared_at):
        missing = "shared_at" if staged.exporter else "replica"
        staging.add_problem(CAT_SYNC, 0, 0, 0, f"$.sync.{missing}",
                            "replica and shared_at are given together or not at all")
    if staged.held_count and not staged.exporter:
        staging.add_problem(CAT_SYNC, 0, 0, 1, "$.sync.held",
                            "the states held are given only with the replica that held them")


# ------------------------------------------------------------------ against the project
_TABLES = {kind.key: kind.table.name for kind in KINDS}


def check_against_project(raw) -> list[tuple]:
    """The problems that depend on what the project holds: every reference of the file (to its
    own records, or for tags and actors to the project's), merge redirects and their circles.
    ``raw``: the project's driver connection with the staging file attached as ``stage``.
    Returns problem rows (cat, sub, idx, seq, path, message)."""
    out = []
    for number, kind in enumerate(KINDS):
        for seq, (name, _, target) in enumerate(kind.refs):
            outside = (f"AND NOT EXISTS (SELECT 1 FROM main.{_TABLES[target]} AS m WHERE m.uid = r.{q(name)})"
                       if target in PROJECT_REFERABLE else "")
            where = "in the file or the project" if target in PROJECT_REFERABLE else "in the file"
            noun = target[:-1] if target != "evidence" else target
            for idx, uid in raw.execute(
                    f"SELECT r.idx, r.{q(name)} FROM stage.r_{kind.key} AS r WHERE r.{q(name)} IS NOT NULL "
                    f"AND NOT EXISTS (SELECT 1 FROM stage.r_{target} AS t WHERE t.uid = r.{q(name)}) {outside}"):
                out.append((CAT_KIND, number * 2 + 1, idx, seq, f"$.{kind.key}[{idx}].{name}",
                            f"refers to {noun} {uid}, which is not {where}"))
    out.extend(_redirects(raw))
    return out


def _redirects(raw) -> list[tuple]:
    """A merge redirect names an actor of the file or the project, only on a deleted record, and
    never leads round in a circle (the redirecting actors are few: read whole)."""
    out = []
    redirects: dict[str, tuple[str, int]] = {}
    rows = raw.execute(
        "SELECT r.idx, r.uid, r.merged_into, r.deleted_at, "
        "EXISTS (SELECT 1 FROM stage.r_actors AS t WHERE t.uid = r.merged_into) "
        "OR EXISTS (SELECT 1 FROM main.actor AS m WHERE m.uid = r.merged_into) "
        "FROM stage.r_actors AS r WHERE r.merged_into != '' AND r.merged_into != r.uid ORDER BY r.idx")
    for idx, uid, target, deleted_at, found in rows:
        path = f"$.actors[{idx}]"
        if not found:
            out.append((CAT_ACTOR, 0, idx, 3, f"{path}.merged_into",
                        f"refers to actor {target}, which is not in the file or the project"))
        elif deleted_at is None:
            out.append((CAT_ACTOR, 0, idx, 3, f"{path}.deleted_at", "an actor merged into another must be deleted"))
        else:
            redirects[uid] = (target, idx)
    for uid, (_, i) in redirects.items():
        seen, at = {uid}, redirects[uid][0]
        while at in redirects:
            if at in seen:
                out.append((CAT_CIRCLE, 0, i, 0, f"$.actors[{i}].merged_into",
                            "the merge redirects lead round in a circle"))
                break
            seen.add(at)
            at = redirects[at][0]
    return out

