"""A plain reading of the timeline's data, for tests: the rows straight from SQLite and the rule
written out with ``datetime`` and ``re`` (independent of the NumPy/SQL code under test)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3

EPOCH = dt.date(1970, 1, 1)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def day_number(value):
    """Days since 1970-01-01 of an ISO day, None when absent or not one."""
    if not value or not ISO_DAY.fullmatch(value):
        return None
    try:
        return (dt.date.fromisoformat(value) - EPOCH).days
    except ValueError:
        return None


def exact_part(part: str) -> bool:
    return re.fullmatch(r"-?[0-9]{4}-[0-9]{2}-[0-9]{2}", part) is not None


def expected(rows):
    """{id: (first, last, fuzzy, open_start, open_end)} and the undated ids, from raw rows
    (id, edtf, earliest, latest), by the rule of curator.core.timeline_columns."""
    dated, undated = {}, []
    for event_id, edtf, earliest, latest in rows:
        earliest, latest = earliest or None, latest or None
        if not (earliest or (latest and edtf)):
            undated.append(event_id)
            continue
        first = day_number(earliest if earliest else latest)
        if first is None:
            undated.append(event_id)
            continue
        last = day_number(latest if latest else earliest)
        if last is None or last < first:
            last = first
        # exact: one day or a day/day interval (a third part is not EDTF: fuzzy, where the old
        # drawing code called "a/b/c" exact)
        parts = edtf.split("/")
        fuzzy = bool(edtf) and not (len(parts) <= 2 and all(exact_part(p) for p in parts))
        dated[event_id] = (first, last, fuzzy, earliest is None, bool(edtf) and latest is None)
    return dated, sorted(undated)


def raw_rows(path):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT id, edtf, earliest, latest FROM event WHERE deleted_at IS NULL "
                            "ORDER BY id").fetchall()




def expected_marks(path, by: str = "none") -> tuple[set, list[int]]:
    """{(event id, lane name or "", first, last, fuzzy, open start, open end)} of every mark, and
    the undated ids, read with sqlite3 and the rule above; lanes from the lane keys' own SQL
    (Project.event_lane_keys) with "(none)" for dated events without any."""
    from curator.core import Project

    dated, undated = expected(raw_rows(path))
    if by == "none":
        return {(i, "", *v) for i, v in dated.items()}, undated
    with Project.open(path) as project:
        pairs = set(project.event_lane_keys(by))
    lanes: dict[int, set] = {}
    for event_id, name in pairs:
        lanes.setdefault(event_id, set()).add(name)
    return {(i, name, *v) for i, v in dated.items() for name in (lanes.get(i) or {"(none)"})}, undated


def store_marks(store) -> tuple[set, list[int]]:
    """The same read from a TimelineStore (what the timeline holds now)."""
    from curator.core.timeline_columns import FUZZY, OPEN_END, OPEN_START

    marks = store.marks.current()
    names = store.lane_names
    out = set()
    for i, lane, f, la, g in zip(marks.ids.tolist(), marks.lanes.tolist(), marks.first.tolist(),
                                 marks.last.tolist(), marks.flags.tolist()):
        out.add((i, names[lane] if store.grouped else "", f, la, bool(g & FUZZY),
                 bool(g & OPEN_START), bool(g & OPEN_END)))
    return out, sorted(store.undated.tolist())
