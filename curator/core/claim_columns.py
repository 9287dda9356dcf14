"""The claims finder's view of a set of events: NumPy columns, one entry per event, so that a
million events cost tens of megabytes instead of a Python object each.

Per event: its first and last day (day numbers, days since 1970-01-01, or :data:`NO_DAY`), its
place (a small integer; -1 for none), and three ragged columns of small integers: its actors, its
evidence documents and its title words (folded, stemmed: :func:`curator.core.claim_text.title_tokens`).
``rank`` orders the events by key (uid), for ties and for the order of a pair's two events.
``ids`` says which event each row is (the event id in a project; the position in a list).

:class:`ColumnsBuilder` makes them from events given one at a time (``add``), or from bulk
(event row, value) pairs (:func:`ragged_from_pairs`, for the project's links). Qt-free.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from functools import cached_property
from datetime import date
from typing import Iterable, Optional

import numpy as np

from curator.core.claim_text import fold, spelling_variants, title_tokens
from curator.core.event_days import NO_DAY

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
FIRST_DAY = date(1, 1, 1).toordinal() - EPOCH_ORDINAL  # day 0001-01-01: earlier is not read as a day


PADDED_WIDTH = 8  # values per row in the padded copy (rows with more are compared apart)


@dataclass(frozen=True, eq=False)
class Ragged:
    """A list of integer lists: row ``k`` is ``values[ptr[k]:ptr[k + 1]]`` (no repeats in a row)."""
    ptr: np.ndarray  # int64, n + 1
    values: np.ndarray  # int32
    width: int  # 1 + the largest value (0 when empty)

    def lengths(self) -> np.ndarray:
        return np.diff(self.ptr)

    @cached_property
    def padded(self) -> tuple[np.ndarray, np.ndarray]:
        """(matrix, long): the rows as an n × w matrix padded with -1 (w the longest row, at most
        :data:`PADDED_WIDTH`), and which rows are longer than that (their matrix row is cut)."""
        lengths = self.lengths()
        w = int(min(lengths.max(initial=0), PADDED_WIDTH))
        matrix = np.full((len(lengths), max(w, 1)), -1, np.int32)
        owner, value = self.rows(np.arange(len(lengths), dtype=np.int64))
        column = np.arange(len(value), dtype=np.int64) - np.repeat(self.ptr[:-1], lengths)
        fits = column < w
        matrix[owner[fits], column[fits]] = value[fits]
        return matrix, lengths > w

    def rows(self, events: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(owner, value) for every value of the given rows: ``owner`` is the position in
        ``events`` the value belongs to."""
        lengths = self.ptr[events + 1] - self.ptr[events]
        total = int(lengths.sum())
        owner = np.repeat(np.arange(len(events), dtype=np.int64), lengths)
        first = np.repeat(self.ptr[events] - (np.cumsum(lengths) - lengths), lengths)
        return owner, self.values[first + np.arange(total, dtype=np.int64)]


def ragged_from_pairs(n: int, rows: np.ndarray, values: np.ndarray, width: Optional[int] = None) -> Ragged:
    """A :class:`Ragged` of ``n`` rows from (row, value) pairs in any order (repeats dropped)."""
    rows = np.asarray(rows, np.int64)
    values = np.asarray(values, np.int64)
    top = int(values.max()) + 1 if len(values) else 0
    width = max(width or 0, top)
    codes = np.unique(rows * max(width, 1) + values)
    rows, values = codes // max(width, 1), codes % max(width, 1)
    ptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=ptr[1:])
    return Ragged(ptr, values.astype(np.int32), width)


@dataclass(frozen=True)
class ClaimColumns:
    ids: np.ndarray  # int64: which event each row is
    rank: np.ndarray  # int64: the row's place in the order of the events' keys (equal keys: equal rank)
    start: np.ndarray  # int32: first day, or NO_DAY
    end: np.ndarray  # int32: last day, or NO_DAY
    place: np.ndarray  # int32: -1 for none
    actors: Ragged
    documents: Ragged
    tokens: Ragged
    vocabulary: list  # the words the token values stand for
    places: int  # how many distinct places

    @property
    def n(self) -> int:
        return len(self.ids)

    def dated(self) -> np.ndarray:
        """Both ends of the date known (day numbers), the first not after the last."""
        return (self.start != NO_DAY) & (self.end != NO_DAY) & (self.start <= self.end)

    def variants(self) -> Ragged:
        """Each vocabulary word's spelling variants among the vocabulary (both ways)."""
        pairs = np.array(spelling_variants(self.vocabulary), np.int64).reshape(-1, 2)
        both = np.concatenate([pairs, pairs[:, ::-1]])
        return ragged_from_pairs(len(self.vocabulary), both[:, 0], both[:, 1], len(self.vocabulary))


def iso_day(iso: Optional[str]) -> int:
    """An ISO day as a day number (days since 1970-01-01), else :data:`NO_DAY`."""
    if not iso:
        return NO_DAY
    try:
        return date.fromisoformat(iso[:10]).toordinal() - EPOCH_ORDINAL
    except ValueError:
        return NO_DAY


class ColumnsBuilder:
    """Collects events (``add``) into :class:`ClaimColumns`, giving places, actors, documents and
    words small integers in the order first met."""

    def __init__(self):
        self.ids, self.start, self.end, self.place = array("q"), array("i"), array("i"), array("i")
        self._token_values, self._token_lengths = array("i"), array("i")
        self._actor_rows, self._actor_values = array("q"), array("i")
        self._doc_rows, self._doc_values = array("q"), array("i")
        self.place_codes: dict = {}
        self.actor_codes: dict = {}
        self.document_codes: dict = {}
        self.word_codes: dict = {}

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, event_id: int, first: int, last: int, place, title: str,
            actors: Iterable = (), documents: Iterable = ()) -> None:
        """One event: ``place`` is any hashable key (None or "" for none); ``actors`` and
        ``documents`` any hashable keys (or leave them out and give them in bulk to ``build``)."""
        row = len(self.ids)
        self.ids.append(event_id)
        self.start.append(first if first >= FIRST_DAY else NO_DAY)
        self.end.append(last if last >= FIRST_DAY else NO_DAY)
        self.place.append(self.place_codes.setdefault(place, len(self.place_codes)) if place else -1)
        words = self.word_codes
        before = len(self._token_values)
        self._token_values.extend(words.setdefault(w, len(words)) for w in title_tokens(title))
        self._token_lengths.append(len(self._token_values) - before)
        for key in dict.fromkeys(actors):
            self._actor_rows.append(row)
            self._actor_values.append(self.actor_codes.setdefault(key, len(self.actor_codes)))
        for key in dict.fromkeys(documents):
            self._doc_rows.append(row)
            self._doc_values.append(self.document_codes.setdefault(key, len(self.document_codes)))

    def build(self, rank: np.ndarray, actors: Optional[Ragged] = None,
              documents: Optional[Ragged] = None) -> ClaimColumns:
        n = len(self.ids)
        lengths = np.frombuffer(self._token_lengths, np.int32).astype(np.int64)
        ptr = np.zeros(n + 1, np.int64)
        np.cumsum(lengths, out=ptr[1:])
        tokens = Ragged(ptr, np.frombuffer(self._token_values, np.int32).copy(), len(self.word_codes))
        if actors is None:
            actors = ragged_from_pairs(n, np.frombuffer(self._actor_rows, np.int64),
                                       np.frombuffer(self._actor_values, np.int32), len(self.actor_codes))
        if documents is None:
            documents = ragged_from_pairs(n, np.frombuffer(self._doc_rows, np.int64),
                                          np.frombuffer(self._doc_values, np.int32), len(self.document_codes))
        vocabulary = [""] * len(self.word_codes)
        for word, code in self.word_codes.items():
            vocabulary[code] = word
        return ClaimColumns(
            np.frombuffer(self.ids, np.int64).copy(), np.asarray(rank, np.int64),
            np.frombuffer(self.start, np.int32).copy(), np.frombuffer(self.end, np.int32).copy(),
            np.frombuffer(self.place, np.int32).copy(), actors, documents, tokens, vocabulary,
            len(self.place_codes))


def place_key(place_key: str, location: str) -> str:
    """What "the same place" compares: the place record, else the free-text location folded."""
    if place_key:
        return "p:" + place_key
    folded = fold(location).strip()
    return "l:" + folded if folded else ""


def columns_from_events(events: list) -> ClaimColumns:
    """Columns of :class:`curator.core.claims.ClaimEvent` records (``ids``: positions in the list)."""
    builder = ColumnsBuilder()
    for k, e in enumerate(events):
        builder.add(k, iso_day(e.earliest), iso_day(e.latest), place_key(e.place_key, e.location),
                    e.title, (key for key, _ in e.actors), (key for key, _ in e.documents))
    _, rank = np.unique(np.array([e.key for e in events], dtype=object), return_inverse=True) \
        if events else (None, np.zeros(0, np.int64))
    return builder.build(rank)
