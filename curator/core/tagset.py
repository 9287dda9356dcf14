"""The default tag set: the labels every new project starts with (and the v1→v2 migration adds).

One function writes them, for both :func:`curator.core.database.create_file` and the migration,
so a new file and an upgraded one hold the same tag set.
"""

from __future__ import annotations

import uuid
from typing import Callable

# (name, colour, shortcut, description), in palette order
DEFAULT_TAGS: tuple[tuple[str, str, str, str], ...] = (
    ("Person", "#e6194b", "1", "a named person"),
    ("Group", "#4363d8", "2", "an organisation, armed group, party, state or other collective actor"),
    ("Place", "#3cb44b", "3", "a named place: a town, district, region, country, site"),
    ("Date", "#f58231", "4", "a date or period the source gives"),
    ("Event", "#911eb4", "5", "a passage reporting something that happened"),
    ("Figure", "#f032e6", "6", "a number the source claims: casualties, displaced people, amounts"),
    ("Quote", "#9a6324", "7", "words the source attributes to someone"),
)

TAG_INSERT_SQL = (
    "INSERT INTO tag (uid, created_at, updated_at, created_by, deleted_at, name, color, shortcut, "
    "description, position) VALUES (?, ?, ?, '', NULL, ?, ?, ?, ?, ?)")


def default_tag_rows(now: str) -> list[tuple]:
    """Parameters for :data:`TAG_INSERT_SQL`, one tuple per default tag (fresh uids)."""
    return [(str(uuid.uuid4()), now, now, name, color, shortcut, description, position)
            for position, (name, color, shortcut, description) in enumerate(DEFAULT_TAGS)]


def insert_default_tags(execute: Callable, now: str) -> None:
    """Insert the default tag set with ``execute(sql, params)`` (an sqlite3 connection's
    ``execute`` or a SQLAlchemy connection's ``exec_driver_sql``); created_by is ""."""
    for row in default_tag_rows(now):
        execute(TAG_INSERT_SQL, row)
