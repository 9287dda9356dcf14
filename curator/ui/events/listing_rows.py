"""The event ids the table lists, kept as NumPy arrays (no Python object per event): every
listed event in the table's order, the ids its query shows, and the rows (the two combined).
Qt-free; :class:`~curator.ui.events.table_model.EventTableModel` tells the view what changes.

An edit moves one event: its row is shifted in place (a memmove of the rows between its old and
new place), never a new million-element array per edit. Where an event belongs is found by a
search that reads the sort keys of up to 32 rows at a time from the listing (a million rows:
four small queries).
"""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np

from curator.core import listing
from curator.core.event_query import EventQuery
from curator.core.listing import ListingOrder

KeysOf = Callable[[list[int]], dict[int, tuple]]  # ids -> listing rows (event_id, *order keys)
PROBES = 32


class KeyMissing(Exception):
    """A row's event is no longer listed (another program deleted it): read everything again."""


class IdList:
    """A growable int64 array changed in place: insert, remove and move shift only the rows
    between the two places. :meth:`share` hands the ids to a reader (a worker) without a copy:
    the next change copies them first (copy on write)."""

    def __init__(self, values: Optional[np.ndarray] = None):
        self._buffer = np.zeros(0, dtype=np.int64) if values is None else values
        self.size = len(self._buffer)
        self._shared = values is not None  # the values may be someone else's: copied on write

    @property
    def ids(self) -> np.ndarray:
        """The ids (a view: valid until the next change)."""
        return self._buffer[:self.size]

    def __len__(self) -> int:
        return self.size

    def share(self) -> np.ndarray:
        """The ids, for a reader that must see them unchanged (no copy now)."""
        self._shared = True
        return self.ids

    def _own(self) -> None:
        if self._shared:
            self._buffer = self._buffer[:self.size].copy()
            self._shared = False

    def position(self, event_id: int) -> Optional[int]:
        found = np.flatnonzero(self.ids == event_id)
        return int(found[0]) if len(found) else None

    def remove(self, at: int) -> None:
        self._own()
        buffer = self._buffer
        buffer[at:self.size - 1] = buffer[at + 1:self.size]
        self.size -= 1

    def insert(self, at: int, event_id: int) -> None:
        self._own()
        if self.size == len(self._buffer):
            grown = np.zeros(self.size + self.size // 4 + 1024, dtype=np.int64)
            grown[:self.size] = self._buffer[:self.size]
            self._buffer = grown
        buffer = self._buffer
        buffer[at + 1:self.size + 1] = buffer[at:self.size]
        buffer[at] = event_id
        self.size += 1

    def move(self, old: int, new: int) -> None:
        """Move the id at ``old`` to ``new`` (its place once moved)."""
        self._own()
        buffer = self._buffer
        event_id = buffer[old]
        if old < new:
            buffer[old:new] = buffer[old + 1:new + 1]
        elif new < old:
            buffer[new + 1:old + 1] = buffer[new:old]
        buffer[new] = event_id

    def keep(self, mask: np.ndarray) -> None:
        """Keep the ids where ``mask`` (over :attr:`ids`) is true."""
        self._buffer = self.ids[mask]
        self.size = len(self._buffer)
        self._shared = False


def search(ids: np.ndarray, key: tuple, order: ListingOrder, keys_of: KeysOf,
           skip: Optional[int] = None) -> int:
    """Where an event whose position key is ``key`` belongs among ``ids`` (in ``order``),
    ``skip``: a place to leave out (the event's own, before it moves); a place in ``ids`` with
    ``skip`` removed."""
    def at(p: int) -> int:
        return p + 1 if skip is not None and p >= skip else p

    lo, hi = 0, len(ids) - (skip is not None)  # the place is in [lo, hi]
    while lo < hi:
        probes = sorted(set(np.linspace(lo, hi - 1, num=min(PROBES, hi - lo)).astype(int).tolist()))
        rows = keys_of([int(ids[at(p)]) for p in probes])
        upper = hi
        for p in probes:
            found = rows.get(int(ids[at(p)]))
            if found is None:
                raise KeyMissing()
            if listing.sort_key(order, found) < key:
                lo = p + 1
            else:
                upper = p
                break
        hi = upper
    return lo


class ListingRows:
    """The three arrays, for ``known_order`` and ``known_query`` (None: not read yet). With an
    empty query the rows are the order itself (one array)."""

    def __init__(self):
        self.order_ids = IdList()  # every listed event, in known_order
        self.present = 0  # how many of them have a key (the rest, blank, come last)
        self.match: Optional[IdList] = None  # sorted ids known_query shows (None: all)
        self._rows: Optional[IdList] = None  # what the table lists (None: the order's ids)
        self.known_order: Optional[ListingOrder] = None
        self.known_query: Optional[EventQuery] = None
        self._present_change = 0

    @property
    def rows(self) -> IdList:
        return self.order_ids if self._rows is None else self._rows

    def show_first(self, ids: np.ndarray) -> None:
        """Only the first rows of a new order are known yet."""
        self._rows = IdList(ids)

    def adopt(self, order_ids: np.ndarray, present: int, match: Optional[np.ndarray],
              rows: np.ndarray, order: ListingOrder, query: EventQuery) -> None:
        self.order_ids, self.present = IdList(order_ids), present
        self.match = None if match is None else IdList(match)
        self._rows = None if match is None else IdList(rows)
        self.known_order, self.known_query = order, query

    def forget(self) -> None:
        """The arrays no longer stand for the project: read them again."""
        self.known_order = self.known_query = None

    def reversed_order(self, order: ListingOrder) -> None:
        """The same column the other way round: the present part and the blank part each read
        backwards (ties by id turn round with them)."""
        ids = self.order_ids.ids
        self.order_ids = IdList(np.concatenate((ids[:self.present][::-1], ids[self.present:][::-1])))
        self.known_order = order
        if self.match is None:
            self._rows = None

    def place(self, event_id: int, key_row: Optional[tuple], shown: bool,
              keys_of: KeysOf) -> tuple[Optional[int], Optional[int]]:
        """Where a changed event goes in ``known_order`` (out of the order when it is not
        listed; out of the rows when ``shown`` says the query does not show it). The order and
        the match change now; the rows' change is returned, as the row before and after (``new``
        counted once it has moved; None: no row), for the caller to make with :meth:`apply`."""
        order = self.known_order
        key = listing.sort_key(order, key_row) if key_row is not None else None
        at = self.order_ids.position(event_id)
        self._present_change = (key is not None and key[0] == 0) - (at is not None and at < self.present)
        if self._rows is None:  # the rows are the order: moved by apply()
            new = search(self.order_ids.ids, key, order, keys_of, skip=at) if key is not None else None
            return at, new
        if key is None:
            if at is not None:
                self.order_ids.remove(at)
        else:
            to = search(self.order_ids.ids, key, order, keys_of, skip=at)
            if at is None:
                self.order_ids.insert(to, event_id)
            else:
                self.order_ids.move(at, to)
        self.present += self._present_change
        if self.match is not None:
            spot = int(np.searchsorted(self.match.ids, event_id))
            listed = spot < len(self.match) and self.match.ids[spot] == event_id
            if listed and not shown:
                self.match.remove(spot)
            elif shown and not listed:
                self.match.insert(spot, event_id)
        old = self._rows.position(event_id)
        new = search(self._rows.ids, key, order, keys_of, skip=old) if key is not None and shown else None
        return old, new

    def apply(self, event_id: int, old: Optional[int], new: Optional[int]) -> None:
        """Move, add or remove the event's row as :meth:`place` said."""
        rows = self.rows
        if old is not None and new is not None:
            rows.move(old, new)
        elif old is not None:
            rows.remove(old)
        elif new is not None:
            rows.insert(new, event_id)
        if self._rows is None:
            self.present += self._present_change

    def remove(self, event_id: int) -> None:
        """Take one event out of every array."""
        at = self.order_ids.position(event_id)
        if at is not None:
            self.present -= at < self.present
            self.order_ids.remove(at)
        if self._rows is not None:
            row = self._rows.position(event_id)
            if row is not None:
                self._rows.remove(row)
        if self.match is not None:
            spot = int(np.searchsorted(self.match.ids, event_id))
            if spot < len(self.match) and self.match.ids[spot] == event_id:
                self.match.remove(spot)

    def drop(self, event_ids: list[int]) -> None:
        """Take events out of every array at once."""
        gone = np.array(event_ids, dtype=np.int64)
        keep = ~np.isin(self.order_ids.ids, gone)
        self.present -= int(np.count_nonzero(~keep[:self.present]))
        self.order_ids.keep(keep)
        if self.match is not None:
            self.match.keep(~np.isin(self.match.ids, gone))
        if self._rows is not None:
            self._rows.keep(~np.isin(self._rows.ids, gone))
