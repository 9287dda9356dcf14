"""Bulk SQL writing exchange records (:mod:`curator.core.bulk`): new records with executemany,
existing ones overwritten by uid, references resolved through uid maps. Runs on a connection
inside the caller's transaction."""

from __future__ import annotations

from operator import itemgetter
from typing import Iterable, Iterator

from sqlalchemy import Connection, Table, bindparam, func, select, update

from curator.core.bulk import ACTORS, COMMON_FIELDS, FIELD_VALUES, Kind


def _row(kind: Kind, rec: dict, ids: dict[str, dict[str, int]]) -> dict:
    row = {c: rec[c] for c in COMMON_FIELDS}
    for name, column, target_key in kind.refs:
        row[column] = None if rec[name] is None else ids[target_key][rec[name]]
    for f in kind.fields:
        row[f] = rec[f]
    if kind is ACTORS:
        row["aliases"] = "\n".join(rec["aliases"])
    if kind is FIELD_VALUES:
        row.update(derived_value_keys(rec))
    return row


def derived_value_keys(rec: dict) -> dict:
    """A field value's sort keys (never exchanged: made from its text and ends when written)."""
    from curator.core.field_kinds import sort_number, sort_text

    return {"sort_text": sort_text(rec["text"]), "sort_number": sort_number(rec["low"], rec["high"])}


def _executemany_insert(conn: Connection, table: Table, columns: list[str], rows: Iterable[tuple],
                        or_ignore: bool = False) -> None:
    """Insert many rows of plain tuples, in the order of ``columns``: one statement handed to
    the driver's executemany, skipping per-row parameter processing (the values are plain
    str/int/float/None, which need none). Written out here rather than compiled from
    ``insert()``, which would order the columns as the table does (and add those with defaults),
    making every row be rebuilt."""
    quote = conn.dialect.identifier_preparer
    sql = (f"INSERT {'OR IGNORE ' if or_ignore else ''}INTO {quote.format_table(table)} "
           f"({', '.join(quote.quote(c) for c in columns)}) VALUES ({', '.join('?' * len(columns))})")
    conn.exec_driver_sql(sql, list(rows))


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def insert_records(conn: Connection, kind: Kind, records: list[dict],
                   ids: dict[str, dict[str, int]], chunk: int = 20_000) -> Iterator[int]:
    """Insert new records (executemany); references are resolved through ``ids`` (kind key ->
    uid -> local id), which is extended with the new rows. The new rows get explicit ids after
    the table's largest (inside the caller's write transaction nobody else can take them).
    Yields the count after each chunk."""
    t = kind.table
    done = 0
    next_id = (conn.execute(select(func.max(t.c.id))).scalar() or 0) + 1
    known = ids[kind.key]
    columns = ["id", *COMMON_FIELDS, *[c for _, c, _ in kind.refs], *kind.fields]
    keyed = kind is FIELD_VALUES  # (and its derived sort keys)
    if keyed:
        columns += ["sort_text", "sort_number"]
    common = itemgetter(*COMMON_FIELDS)
    refs = [(name, ids[target]) for name, _, target in kind.refs]
    has_optional = bool(kind.optional)
    fields = itemgetter(*kind.fields) if len(kind.fields) > 1 else (
        (lambda rec, f=kind.fields[0]: (rec[f],)) if kind.fields else (lambda rec: ()))
    aliases_at = columns.index("aliases") if kind is ACTORS else None
    for part in _chunks(records, chunk):
        rows = []
        for rec in part:
            if has_optional:
                row = (next_id, *common(rec), *[None if rec[name] is None else m[rec[name]]
                                                for name, m in refs], *fields(rec))
            else:
                row = (next_id, *common(rec), *[m[rec[name]] for name, m in refs], *fields(rec))
            if aliases_at is not None:
                row = row[:aliases_at] + ("\n".join(rec["aliases"]),) + row[aliases_at + 1:]
            if keyed:
                row += tuple(derived_value_keys(rec).values())
            known[rec["uid"]] = next_id
            next_id += 1
            rows.append(row)
        _executemany_insert(conn, t, columns, rows)
        done += len(part)
        yield done


def update_records(conn: Connection, kind: Kind, records: list[dict],
                   ids: dict[str, dict[str, int]]) -> None:
    """Overwrite existing records (matched by uid) with these versions, stamps included."""
    if not records:
        return
    t = kind.table
    rows = []
    for rec in records:
        row = _row(kind, rec, ids)
        row["b_uid"] = row.pop("uid")
        rows.append(row)
    values = {c: bindparam(c) for c in rows[0] if c != "b_uid"}
    conn.execute(update(t).where(t.c.uid == bindparam("b_uid")).values(values), rows)
