"""The timeline draws a happening once (issue 12): events confirmed as reports of one happening
(``Project.happenings()``) fold into one mark. Qt-free.

:func:`fold_happenings` takes the timeline's columns (every dated live event, ascending by id)
and the happenings (groups of event ids); each happening with two or more dated reports keeps
one row, the smallest dated event id of the group, spanning the reports' date spread (the
earliest first day to the latest last day) and flagged FUZZY when the reports' dates differ
(drawn hatched, like an uncertain date); the other dated reports are dropped from the drawn
marks (they stay in the table). It also gives, for every event of a folded happening, the id
whose mark stands for it, so that selecting any report selects and centres that mark.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np

from curator.core.timeline_columns import FUZZY, TimelineColumns


def fold_happenings(columns: TimelineColumns,
                    groups: Iterable[Iterable[int]]) -> tuple[TimelineColumns, dict[int, int]]:
    """(the folded columns, event id -> the id of the mark standing for it) for every report of
    a happening with two or more dated reports (the mark's own id maps to itself)."""
    ids = columns.ids
    first, last, flags = columns.first.copy(), columns.last.copy(), columns.flags.copy()
    drop = np.zeros(len(ids), bool)
    stands_for: dict[int, int] = {}
    for group in groups:
        members = np.asarray(sorted({int(i) for i in group}), np.int64)
        at = np.searchsorted(ids, members)
        inside = at < len(ids)
        rows = at[inside][ids[at[inside]] == members[inside]]
        if len(rows) < 2:
            continue
        keep = int(rows[0])  # ascending ids: the smallest dated report
        differ = len(set(zip(first[rows].tolist(), last[rows].tolist()))) > 1
        first[keep], last[keep] = first[rows].min(), last[rows].max()
        flags[keep] = np.bitwise_or.reduce(flags[rows]) | (FUZZY if differ else 0)
        drop[rows[1:]] = True
        stands_for.update({int(ids[r]): int(ids[keep]) for r in rows})
        stands_for.update({int(m): int(ids[keep]) for m in members})  # undated reports too
    if not drop.any():
        return columns, stands_for
    kept = ~drop
    return TimelineColumns(ids[kept], first[kept], last[kept], flags[kept], columns.undated), stands_for
