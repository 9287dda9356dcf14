"""The orders of the event table (:class:`ListingOrder`): by one of the event listing's sort keys
(:mod:`curator.core.listing`), or (schema 8) by a typed field's values.

Every order is two queries of event ids, each a range of one index: the events with a key, in
key order, then the events whose key is blank, by id; ties and blanks go by event id, descending
when the order is. A field's order reads the values' index (``ix_event_field_value_number`` for a
number or figure, by its low end, else its high end; ``ix_event_field_value_text`` for the
others, by the text case-folded) joined to the listing; an event without a live value of the
field is blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

ORDER_KEYS: dict[Optional[str], tuple[str, ...]] = {
    None: (), "date": ("date_first", "date_last"), "title": ("title_key",),
    "actors": ("actors_key",), "location": ("location_key",), "documents": ("documents_key",)}
FIELD_PREFIX = "field:"


def field_column(field_id: int, numeric: bool) -> str:
    """The column name of an order by a field's values ("field:12:number", "field:3:text")."""
    return f"{FIELD_PREFIX}{int(field_id)}:{'number' if numeric else 'text'}"


def _field(column: Optional[str]) -> Optional[tuple[int, bool]]:
    if not column or not column.startswith(FIELD_PREFIX):
        return None
    _, number, how = column.split(":")
    return int(number), how == "number"


@dataclass(frozen=True)
class ListingOrder:
    """An order of the event table: by ``column`` ("date", "title", "actors", "location",
    "documents", a field's :func:`field_column`; None: by id), ascending or ``descending``.
    Rows with a blank key come last in both directions, by id (descending when the order is)."""

    column: Optional[str] = "date"
    descending: bool = False

    @classmethod
    def by_field(cls, field_id: int, numeric: bool, descending: bool = False) -> "ListingOrder":
        return cls(field_column(field_id, numeric), descending)

    @property
    def field_id(self) -> Optional[int]:
        found = _field(self.column)
        return None if found is None else found[0]

    @property
    def keys(self) -> tuple[str, ...]:
        """The names of the order's keys (one per key, in order)."""
        found = _field(self.column)
        if found is not None:
            return ("sort_number",) if found[1] else ("sort_text",)
        return ORDER_KEYS[self.column]

    @property
    def qualified_keys(self) -> tuple[str, ...]:
        """The keys as columns of :attr:`source` (``l.title_key``, ``v.sort_number``)."""
        prefix = "v." if _field(self.column) is not None else "l."
        return tuple(prefix + k for k in self.keys)

    @property
    def source(self) -> str:
        """The rows the order reads: the listing ``l``, with a field's live value ``v`` (or NULLs)."""
        found = _field(self.column)
        if found is None:
            return "event_listing l"
        return (f"event_listing l LEFT JOIN event_field_value v ON v.event_id = l.event_id "
                f"AND v.field_id = {found[0]} AND v.deleted_at IS NULL")

    def count_before_sql(self, blank: bool, where: str = "") -> str:
        """For a field's order: a count of the events before one whose key (and id) are the two
        parameters (``blank``: it has no value: only the id), read off the values' index for the
        ones with a key (``where``: more conditions on the listing row ``l``)."""
        field_id, key = _field(self.column)[0], self.keys[0]
        compare = ">" if self.descending else "<"
        extra = f" AND {where}" if where else ""
        if blank:
            present, blank_part = self.sql(where)
            return (f"SELECT (SELECT count(*) FROM ({present})) + (SELECT count(*) FROM event_listing l "
                    f"WHERE NOT EXISTS (SELECT 1 FROM event_field_value v WHERE v.event_id = l.event_id "
                    f"AND v.field_id = {field_id} AND v.deleted_at IS NULL AND v.{key} IS NOT NULL) "
                    f"AND l.event_id {compare} ?{extra})")
        return (f"SELECT count(*) FROM event_field_value v JOIN event_listing l ON l.event_id = v.event_id "
                f"WHERE v.field_id = {field_id} AND v.deleted_at IS NULL AND v.{key} IS NOT NULL "
                f"AND (v.{key}, v.event_id) {compare} (?, ?){extra}")

    def sql(self, where: str = "") -> tuple[str, str]:
        """(present part, blank part): two queries of ``event_id`` in this order, each a range of
        an index (``where``: more conditions on the listing row ``l``)."""
        direction = " DESC" if self.descending else ""
        extra = f" AND {where}" if where else ""
        found = _field(self.column)
        if found is not None:
            field_id, key = found[0], self.keys[0]
            has = (f"v.field_id = {field_id} AND v.deleted_at IS NULL AND v.{key} IS NOT NULL")
            return (f"SELECT l.event_id FROM event_field_value v JOIN event_listing l ON l.event_id = v.event_id "
                    f"WHERE {has}{extra} ORDER BY v.{key}{direction}, v.event_id{direction}",  # the index's order
                    f"SELECT l.event_id FROM event_listing l WHERE NOT EXISTS (SELECT 1 FROM event_field_value v "
                    f"WHERE v.event_id = l.event_id AND {has}){extra} ORDER BY l.event_id{direction}")
        if not self.keys:
            return (f"SELECT event_id FROM event_listing l WHERE 1{extra} ORDER BY event_id{direction}",
                    "")
        first = self.keys[0]
        order = ", ".join(f"{k}{direction}" for k in (*self.keys, "event_id"))
        return (f"SELECT event_id FROM event_listing l WHERE {first} IS NOT NULL{extra} ORDER BY {order}",
                f"SELECT event_id FROM event_listing l WHERE {first} IS NULL{extra} "
                f"ORDER BY event_id{direction}")


def sort_key(order: ListingOrder, row: tuple) -> tuple:
    """The position key of a listing row ``(event_id, *order.keys)`` in ``order``: rows compare
    as the order places them (Python compares str as SQLite compares TEXT: by code point, and
    floats as REAL)."""
    event_id, *keys = row
    if not order.keys:
        return (0, -event_id if order.descending else event_id)
    if keys[0] is None:
        return (1, -event_id if order.descending else event_id)
    if order.descending:
        return (0, *(_Reversed(k) for k in keys), -event_id)
    return (0, *keys, event_id)


class _Reversed:
    """A key compared the other way round (descending text)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __lt__(self, other: "_Reversed") -> bool:
        return other.value < self.value

    def __gt__(self, other: "_Reversed") -> bool:
        return other.value > self.value

    def __eq__(self, other) -> bool:
        return isinstance(other, _Reversed) and other.value == self.value

    def __le__(self, other: "_Reversed") -> bool:
        return other.value <= self.value

    def __ge__(self, other: "_Reversed") -> bool:
        return other.value >= self.value

    __hash__ = None
