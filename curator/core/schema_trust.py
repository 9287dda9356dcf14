"""Trusting a file's schema: before Curator queries a project (or the other file of a merge), it
compares the file's ``sqlite_master`` with the schema Curator makes for its ``user_version``.

Why: an SQLite file carries code. A trigger runs on every write; a view runs when read, and a
view named like one of Curator's tables takes its place (a recursive view named ``event`` makes
any count of events run forever). Connections also set ``PRAGMA trusted_schema = OFF`` (SQLite
then refuses functions with side effects in views, triggers, defaults and indexes), but nothing
stops a recursive query: the schema has to be checked before it is used.

Curator's own code in the schema (schema 5: the triggers that keep the event listing current
and its full-text index, see :mod:`curator.core.listing`) is trusted only as Curator wrote it:
the same name with the very same SQL text.

What the check decides (one line per finding, naming the object):

- refused, and removable by ``curator check --fix`` (a backup copy is made first): a trigger
  Curator did not make (or one named like Curator's with other SQL), a view (not named like a
  Curator table), a UNIQUE, partial or expression index Curator did not make (it would change
  what Curator may write), a missing Curator index or trigger, or a missing full-text index
  (recreated, and the event listing made again; current schema only);
- refused, not removable: a Curator table that is a view or a virtual table, or whose columns or
  foreign keys differ from Curator's, an index named like Curator's but defined otherwise, a
  virtual table Curator did not make (or named like Curator's, made otherwise);
- allowed: a table Curator does not know (someone's own notes, kept, ignored by Curator, listed by
  ``curator check``, left out of ``.curator`` copies), a plain extra index on Curator's tables
  (speeds someone's queries, changes nothing Curator does; also left out of copies), SQLite's
  own ``sqlite_stat*``/``sqlite_sequence``.

Reading ``sqlite_master`` and ``PRAGMA table_xinfo``/``index_list`` never runs a view or a
trigger, so the check itself cannot hang. Qt-free.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Optional

from curator.core.errors import NotACuratorFile

SQLITE_OWN = ("sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")


class UntrustedSchema(NotACuratorFile):
    """The file's schema holds what Curator did not make; the file is left untouched."""

    def __init__(self, message: str, findings: list["Finding"]):
        super().__init__(message)
        self.findings = findings


@dataclass(frozen=True)
class TableShape:
    columns: tuple[str, ...]  # "name TYPE [NOT NULL] [DEFAULT x] [PKn] [HIDDENn]", in order
    foreign_keys: tuple[str, ...] = ()  # "column -> table(column) ON UPDATE x ON DELETE y"


@dataclass(frozen=True)
class IndexShape:
    table: str
    unique: bool
    partial: bool
    columns: tuple[Optional[str], ...]  # None for an expression

    @property
    def plain(self) -> bool:
        return not self.unique and not self.partial and None not in self.columns


@dataclass
class Schema:
    """A file's schema as Curator compares it."""

    tables: dict[str, TableShape] = field(default_factory=dict)
    indexes: dict[str, IndexShape] = field(default_factory=dict)  # named ones (not sqlite_autoindex)
    auto_indexes: dict[str, IndexShape] = field(default_factory=dict)  # from UNIQUE/PRIMARY KEY
    views: list[str] = field(default_factory=list)
    triggers: list[tuple[str, str]] = field(default_factory=list)  # (name, table)
    virtual: list[str] = field(default_factory=list)
    trigger_sql: dict[str, str] = field(default_factory=dict)  # name -> its CREATE TRIGGER text
    virtual_sql: dict[str, str] = field(default_factory=dict)  # name -> its CREATE VIRTUAL TABLE


@dataclass(frozen=True)
class Finding:
    """Something in the file that Curator did not make."""

    text: str  # one phrase: "trigger audit on event"
    allowed: bool = False  # kept and ignored (an extra table, a plain extra index)
    fix: Optional[str] = None  # the SQL that removes or restores it, when that is safe
    relists: bool = False  # after its fix the event listing is made again (it may be stale)


def _column_text(cid, name, type_, notnull, default, pk, hidden) -> str:
    text = f"{name} {type_.upper()}".rstrip()
    if notnull:
        text += " NOT NULL"
    if default is not None:
        text += f" DEFAULT {default}"
    if pk:
        text += f" PK{pk}"
    if hidden:
        text += f" HIDDEN{hidden}"
    return text


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def describe(conn: sqlite3.Connection) -> Schema:
    """The schema of the database on ``conn`` (read from sqlite_master and pragmas only)."""
    schema = Schema()
    rows = conn.execute("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master").fetchall()
    for type_, name, table, sql in rows:
        if type_ == "view":
            schema.views.append(name)
        elif type_ == "trigger":
            schema.triggers.append((name, table))
            schema.trigger_sql[name] = sql
        elif type_ == "table" and sql.lstrip().upper().startswith("CREATE VIRTUAL"):
            schema.virtual.append(name)
            schema.virtual_sql[name] = sql
    for type_, name, table, sql in rows:
        if type_ != "table" or name in schema.virtual:
            continue
        columns = tuple(_column_text(*r) for r in conn.execute(f"PRAGMA table_xinfo({_quote(name)})"))
        keys = tuple(sorted(f"{r[3]} -> {r[2]}({r[4]}) ON UPDATE {r[5]} ON DELETE {r[6]}"
                            for r in conn.execute(f"PRAGMA foreign_key_list({_quote(name)})")))
        schema.tables[name] = TableShape(columns, keys)
        for _, index, unique, origin, partial in conn.execute(f"PRAGMA index_list({_quote(name)})"):
            cols = tuple(r[2] for r in conn.execute(f"PRAGMA index_xinfo({_quote(index)})") if r[5])
            shape = IndexShape(name, bool(unique), bool(partial), cols)
            (schema.auto_indexes if origin in ("pk", "u") else schema.indexes)[index] = shape
    return schema


@lru_cache(maxsize=1)
def current_schema() -> Schema:
    """What this Curator makes: the tables created from its models in an empty database."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool
    from sqlmodel import SQLModel

    from curator.core import listing
    from curator.core import models  # noqa: F401  (registers the tables)
    from curator.core import models_sync  # noqa: F401

    raw = sqlite3.connect(":memory:", check_same_thread=False)
    engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
    try:
        with engine.begin() as conn:
            SQLModel.metadata.create_all(conn)
        listing.create(raw)
        raw.commit()
        return describe(raw)
    finally:
        engine.dispose()
        raw.close()


def expected_schema(version: int) -> Optional[Schema]:
    """The schema Curator made at ``version`` (None when this build has no record of it)."""
    from curator.core.database import SCHEMA_VERSION
    from curator.core.schema_history import SCHEMAS

    if version == SCHEMA_VERSION:
        return current_schema()
    return SCHEMAS.get(version)


def findings(conn: sqlite3.Connection, version: int) -> list[Finding]:
    """What in the file on ``conn`` Curator did not make (for its schema ``version``)."""
    from curator.core.database import SCHEMA_VERSION

    found = describe(conn)
    expected = expected_schema(version)
    ours = set(expected.tables) if expected is not None else set()
    ours_code = (expected.trigger_sql, expected.virtual_sql) if expected is not None else ({}, {})
    result: list[Finding] = []
    for name in found.views:
        if name in ours:
            result.append(Finding(f"table {name} is a view (Curator's table was replaced)"))
        else:
            result.append(Finding(f"view {name}", fix=f"DROP VIEW {_quote(name)}"))
    for name, table in found.triggers:
        want = ours_code[0].get(name)
        if want is not None and found.trigger_sql[name] == want:
            continue  # Curator's own, as Curator wrote it
        what = f"trigger {name} on {table}" + (" is not as Curator made it" if want is not None else "")
        result.append(Finding(what, fix=f"DROP TRIGGER {_quote(name)}", relists=want is not None))
    for name in found.virtual:
        want = ours_code[1].get(name)
        if want is not None and found.virtual_sql[name] == want:
            continue
        if name in ours:
            what = f"table {name} is a virtual table"
        elif want is not None:
            what = f"virtual table {name} is not as Curator made it"
        else:
            what = f"virtual table {name}"
        result.append(Finding(what))
    if expected is None:
        return result  # a version this build has no record of: only the code above is refused
    for name, shape in found.tables.items():
        if name in SQLITE_OWN or name.startswith("sqlite_"):
            continue
        want = expected.tables.get(name)
        if want is None:
            result.append(Finding(f"table {name}", allowed=True))
        elif shape != want:
            result.append(Finding(f"table {name} is not as Curator made it ({_difference(shape, want)})"))
    current = version == SCHEMA_VERSION
    missing_virtual = set(expected.virtual_sql) - set(found.virtual)
    for name in sorted(missing_virtual):
        result.append(Finding(f"table {name} is missing", relists=current,
                              fix=expected.virtual_sql[name] if current else None))
    for name in sorted(ours - set(found.tables) - set(found.views) - set(found.virtual)):
        if any(name.startswith(f"{v}_") for v in missing_virtual):
            continue  # made with its virtual table
        derived = listing_statement(name) if current else None  # derived data: made again
        result.append(Finding(f"table {name} is missing", fix=derived, relists=derived is not None))
    trigger_tables = dict(expected.triggers)
    for name, sql in expected.trigger_sql.items():
        table = trigger_tables[name]
        if name not in found.trigger_sql and table in found.tables:
            result.append(Finding(f"trigger {name} on {table} is missing", relists=current,
                                  fix=sql if current else None))
    for name, shape in found.indexes.items():
        want = expected.indexes.get(name)
        if want is None:
            if shape.plain and shape.table in ours:
                result.append(Finding(f"index {name} on {shape.table}", allowed=True))
            else:
                kind = "unique " if shape.unique else "partial " if shape.partial else ""
                kind = kind or ("expression " if None in shape.columns else "")
                result.append(Finding(f"{kind}index {name} on {shape.table}", fix=f"DROP INDEX {_quote(name)}"))
        elif shape != want:
            result.append(Finding(f"index {name} is not as Curator made it"))
    for name, shape in expected.indexes.items():
        if name not in found.indexes and shape.table in found.tables:
            fix = _create_index_sql(name, shape) if version == SCHEMA_VERSION else None
            result.append(Finding(f"index {name} on {shape.table} is missing", fix=fix))
    for name, shape in found.auto_indexes.items():
        table = shape.table
        if table in ours and name not in expected.auto_indexes and table in found.tables \
                and found.tables[table] == expected.tables.get(table):
            result.append(Finding(f"constraint index {name} on {table}"))
    return result


def listing_statement(table: str) -> Optional[str]:
    """The CREATE statement of one of the event listing's own tables (None for another)."""
    from curator.core import listing

    return {"event_listing": listing.LISTING_TABLE, "event_listing_stale": listing.STALE_TABLE}.get(table)


def _create_index_sql(name: str, shape: IndexShape) -> str:
    unique = "UNIQUE " if shape.unique else ""
    columns = ", ".join(_quote(c) for c in shape.columns)
    return f"CREATE {unique}INDEX {_quote(name)} ON {_quote(shape.table)} ({columns})"


def _difference(found: TableShape, want: TableShape) -> str:
    names = {c.split(" ", 1)[0] for c in found.columns}
    wanted = {c.split(" ", 1)[0] for c in want.columns}
    parts = []
    if names - wanted:
        parts.append("extra column " + ", ".join(sorted(names - wanted)))
    if wanted - names:
        parts.append("missing column " + ", ".join(sorted(wanted - names)))
    if not parts and found.columns != want.columns:
        differing = [c.split(" ", 1)[0] for c, w in zip(found.columns, want.columns) if c != w]
        parts.append("column " + ", ".join(differing) + " defined otherwise" if differing
                     else "columns in another order")
    if found.foreign_keys != want.foreign_keys:
        parts.append("other foreign keys")
    return "; ".join(parts) or "defined otherwise"


def refusals(items: list[Finding]) -> list[Finding]:
    return [f for f in items if not f.allowed]


def refusal_message(path: Path, items: list[Finding]) -> str:
    """The one-line reason a file is not opened, and what can be done."""
    bad = refusals(items)
    listed = ", ".join(f.text for f in bad[:3])
    if len(bad) > 3:
        listed += f" and {len(bad) - 3} more (`curator check` lists them)"
    if all(f.fix for f in bad):
        advice = f"`curator check --fix {path.name}` removes them (after a backup copy)"
    else:
        advice = "Curator cannot use it"
    return (f"{path.name} was not opened and is left untouched: it holds what Curator did not "
            f"make: {listed}; {advice}")


def check_file(path: Path, version: int) -> list[Finding]:
    """Raise UntrustedSchema (file untouched) unless ``path``'s schema is one Curator trusts;
    the allowed extras otherwise."""
    # read without writing anything, in the file or beside it (damage.snapshot: immutable when
    # no changes wait in a -wal, else with the live -shm or from a private copy)
    from curator.core.damage import snapshot

    try:
        with snapshot(Path(path)) as conn:
            conn.execute("PRAGMA trusted_schema = OFF")
            items = findings(conn, version)
    except sqlite3.DatabaseError as exc:
        raise NotACuratorFile(f"{path} cannot be read: {exc}") from exc
    if refusals(items):
        raise UntrustedSchema(refusal_message(Path(path), items), items)
    return items


def clean(path: Path, version: int) -> dict:
    """``curator check --fix``: remove what Curator does not trust and can safely remove
    (triggers, foreign views, unique/partial/expression indexes; missing indexes recreated),
    after a backup copy, in one transaction. Returns what was done and what is left."""
    try:
        return _clean(path, version)
    except sqlite3.OperationalError as exc:
        from curator.core.locking import ProjectBusy, busy_message, is_busy

        if is_busy(exc):
            raise ProjectBusy(busy_message(path), path) from None
        raise NotACuratorFile(f"{path.name} could not be cleaned: {exc}; it was left as it was") from None


def _clean(path: Path, version: int) -> dict:
    conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        items = findings(conn, version)
        fixable = [f for f in items if not f.allowed and f.fix]
        left = [f.text for f in items if not f.allowed and not f.fix]
        report = {"removed": [], "left": left, "allowed": [f.text for f in items if f.allowed],
                  "backup": None}
        if not fixable:
            return report
        backup = path.with_name(f"{path.name}.fix-{datetime.now():%Y%m%d-%H%M%S}.bak")
        dst = sqlite3.connect(backup)
        try:
            conn.backup(dst)
        finally:
            dst.close()
        report["backup"] = str(backup)
        conn.execute("BEGIN IMMEDIATE")
        done: list[Finding] = []
        try:
            for _ in range(3):  # a trigger made otherwise is dropped, then made again as missing
                for finding in fixable:
                    conn.execute(finding.fix)
                done += fixable
                fixable = [f for f in findings(conn, version) if not f.allowed and f.fix]
                if not fixable:
                    break
            if any(f.relists for f in done):  # the listing may have missed writes meanwhile
                from curator.core import listing

                listing.register_functions(conn)
                listing.rebuild(conn)
            conn.execute("COMMIT")
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            raise
        fixable = done
        report["removed"] = [f.text for f in fixable]
        return report
    finally:
        conn.close()


def strip_foreign(conn: sqlite3.Connection, version: int) -> list[str]:
    """Drop from a copy everything that is not Curator's (triggers, views, foreign tables and
    indexes): a ``.curator`` copy carries only Curator's schema. Runs on ``conn`` (no
    transaction of its own); returns what was dropped."""
    expected = expected_schema(version)
    found = describe(conn)
    dropped = []
    for name, _ in found.triggers:
        if expected is not None and expected.trigger_sql.get(name) == found.trigger_sql[name]:
            continue  # Curator's own
        conn.execute(f"DROP TRIGGER {_quote(name)}")
        dropped.append(f"trigger {name}")
    for name in found.views:
        conn.execute(f"DROP VIEW {_quote(name)}")
        dropped.append(f"view {name}")
    if expected is None:
        return dropped
    for name, shape in found.indexes.items():
        if name not in expected.indexes:
            conn.execute(f"DROP INDEX {_quote(name)}")
            dropped.append(f"index {name}")
    for name in found.tables:
        if name not in expected.tables and not name.startswith("sqlite_"):
            conn.execute(f"DROP TABLE {_quote(name)}")
            dropped.append(f"table {name}")
    return dropped
