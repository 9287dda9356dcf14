"""Finding the candidate pairs among many events, in NumPy: which pairs, and their scores.

The rules (what :mod:`curator.core.claims` states to users) are applied here to
:class:`curator.core.claim_columns.ClaimColumns`; the same rules, one pair at a time in plain
Python, give a candidate its reasons and differences (``claims._score``), and tests compare the
two with a scan of every pair.

How it runs, for n events:

1. **Common ties.** A place, an actor or a title word held by more than ``max(common_floor,
   common_share × dated events)`` dated events is *common*. A common thing still counts as a
   tie, but two common ties are not enough: a pair needs two ties of which at least one is not
   common (at 100,000 events "Aleppo" and "the army" a few days apart say nothing). With the
   defaults nothing is common below 1,000 events of one kind.
2. **Keys.** Every dated event gets one compound key per two ties it could share (place and
   actor, place and title word, actor and title word), except those made of two common things;
   keys held by one event only are dropped.
3. **Sweep.** The (key, event) rows are sorted by key and first day; for each row, the rows of
   the same key whose first day is at most its last day + ``slack_days`` are its neighbours
   (one binary search per row). A pair is made by each key it shares; its *left* event, the one
   of the two that comes first by (first day, row), is the same for every key, so the pairs are
   made in slabs of left events (about :data:`SLAB_PAIRS` rows at a time) and de-duplicated
   within a slab: memory stays flat however many pairs there are.
4. **Score.** Each slab's pairs are scored as whole columns (date, place, actors, title with
   spelling variants, the same numbers as the one-pair code), dropped unless their documents
   are disjoint, their dates near and their score at least ``threshold``.
5. **Best per event.** Only the ``per_event`` best proposals of each event are kept (by score,
   then the other event's key); a pair stays when it is among the best of either of its two
   events. So at most ``per_event × n`` pairs are ever held, as three columns.

Cost: the sort is O(r log r) for r rows (about 15 per event); the rest is linear in the pairs
near in time that share a key, with no Python work per pair. ``progress(share, stage)`` is
called as it goes; ``cancelled()`` is asked between slabs (raising :class:`Cancelled`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from curator.core.claim_columns import ClaimColumns, Ragged
from curator.core.errors import Cancelled

WEIGHTS = {"date": 0.35, "place": 0.25, "actors": 0.2, "title": 0.2}
DEFAULT_THRESHOLD = 0.35
DEFAULT_SLACK_DAYS = 7
DEFAULT_PER_EVENT = 5
COMMON_SHARE = 0.01
COMMON_FLOOR = 1000
SLAB_PAIRS = 1 << 19  # pairs made (before de-duplication) per slab
PART_ROWS = 1 << 21  # (event, key) rows grouped at a time

LOW = 0xFFFFFFFF  # the low 32 bits of a row
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Rules:
    """The finder's settings (the defaults are the documented ones)."""
    threshold: float = DEFAULT_THRESHOLD
    slack_days: int = DEFAULT_SLACK_DAYS
    per_event: Optional[int] = DEFAULT_PER_EVENT  # None: every proposal
    common_share: float = COMMON_SHARE
    common_floor: int = COMMON_FLOOR

    def common_limit(self, dated: int) -> float:
        return max(self.common_floor, self.common_share * dated)


@dataclass(frozen=True)
class Proposals:
    """The proposed pairs as rows of ``columns``: ``a`` the one with the lower key, best first
    (by score, then the keys of ``a`` and ``b``)."""
    a: np.ndarray
    b: np.ndarray
    score: np.ndarray

    def __len__(self) -> int:
        return len(self.a)


# ---------------------------------------------------------------------------- keys
def common_things(cols: ClaimColumns, dated: np.ndarray, rules: Rules):
    """(places, actors, words) masks: True for a thing held by more than the common limit."""
    limit = rules.common_limit(int(dated.sum()))
    rows = np.nonzero(dated)[0]
    places = cols.place[rows]
    place_df = np.bincount(places[places >= 0], minlength=max(cols.places, 1))
    actor_df = np.bincount(cols.actors.rows(rows)[1], minlength=max(cols.actors.width, 1))
    word_df = np.bincount(cols.tokens.rows(rows)[1], minlength=max(cols.tokens.width, 1))
    return place_df > limit, actor_df > limit, word_df > limit


def _grouped(event: np.ndarray, key: np.ndarray, position: np.ndarray, offset: int) -> tuple[np.ndarray, int]:
    """``group << 32 | position[event]`` for the rows whose key is held by two events or more
    (groups numbered from ``offset``), and the next free group number."""
    if not len(key):
        return np.zeros(0, np.int64), offset
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    keep = counts[inverse] > 1
    rows = ((inverse[keep].astype(np.int64) + offset) << 32) | position[event[keep]]
    return rows, offset + len(counts)


def _parts(major: np.ndarray, size: int):
    """Index sets splitting rows by ``major`` (rows of one major value stay together), each
    about :data:`PART_ROWS` rows of ``size`` in all: the grouping's scratch memory stays small."""
    count = -(-size // PART_ROWS)
    if count <= 1:
        yield np.arange(len(major))
        return
    for part in range(count):
        yield np.flatnonzero(major % count == part)


def keyed_rows(cols: ClaimColumns, dated: np.ndarray, rules: Rules, position: np.ndarray) -> np.ndarray:
    """One row per compound key a dated event holds (two common things make no key; keys of one
    event left out), as ``group << 32 | position[event]``, sorted: by key, then by the events'
    ``position`` (their order by first day)."""
    common_place, common_actor, common_word = common_things(cols, dated, rules)
    rows = np.flatnonzero(dated)
    a_owner, actor = cols.actors.rows(rows)
    a_event = rows[a_owner]
    w_owner, word = cols.tokens.rows(rows)
    w_event = rows[w_owner]
    del a_owner, w_owner
    found, offset = [], 0
    # place and actor, place and word
    for event, other, width, common in ((a_event, actor, cols.actors.width, common_actor),
                                        (w_event, word, cols.tokens.width, common_word)):
        place = cols.place[event]
        ok = np.flatnonzero((place >= 0) & ~(common_place[np.maximum(place, 0)] & common[other]))
        for part in _parts(place[ok], len(ok)):
            at = ok[part]
            rows_, offset = _grouped(event[at], place[at].astype(np.int64) * width + other[at], position, offset)
            found.append(rows_)
    del w_event, word, place, ok
    # actor and word: every actor of an event with every word of its title (not both common)
    lengths = cols.tokens.lengths()
    for part in _parts(actor, int(lengths[a_event].sum())):
        event, each = a_event[part], actor[part]
        per = lengths[event]
        at = np.repeat(cols.tokens.ptr[event] - (np.cumsum(per) - per), per)
        at += np.arange(len(at), dtype=np.int64)
        words = cols.tokens.values[at]
        each = np.repeat(each, per)
        event = np.repeat(event, per)
        ok = ~(common_actor[each] & common_word[words])
        rows_, offset = _grouped(event[ok], each[ok].astype(np.int64) * cols.tokens.width + words[ok], position, offset)
        found.append(rows_)
        del at, words, each, event, ok
    out = np.concatenate(found)
    del found
    out.sort()
    return out


# ---------------------------------------------------------------------------- scoring, as columns
def shared_counts(ragged: Ragged, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """How many values rows ``i[k]`` and ``j[k]`` have in common, for every k: short rows
    compared as padded matrices (w × w equalities a pair), long ones by sorting their values."""
    matrix, long = ragged.padded
    out = np.zeros(len(i), np.int64)
    short = ~(long[i] | long[j])
    a, b = matrix[i[short]], matrix[j[short]]
    equal = np.zeros(len(a), np.int64)
    for k in range(matrix.shape[1]):  # column by column: w comparisons of (pairs × w)
        equal += ((a[:, k:k + 1] == b) & (a[:, k:k + 1] >= 0)).sum(axis=1)
    out[short] = equal
    rest = np.flatnonzero(~short)
    if len(rest):
        width = max(ragged.width, 1)
        oa, va = ragged.rows(i[rest])
        ob, vb = ragged.rows(j[rest])
        codes = np.concatenate([oa * width + va, ob * width + vb])
        codes.sort()
        same = codes[1:] == codes[:-1]
        out[rest] = np.bincount(codes[1:][same] // width, minlength=len(rest))
    return out


def date_signal(cols: ClaimColumns, i: np.ndarray, j: np.ndarray, slack_days: int) -> np.ndarray:
    """``claims._date_signal`` as columns (both events dated)."""
    sa, ea = cols.start[i].astype(np.int64), cols.end[i].astype(np.int64)
    sb, eb = cols.start[j].astype(np.int64), cols.end[j].astype(np.int64)
    gap = np.maximum(sa, sb) - np.minimum(ea, eb)
    wa, wb = ea - sa + 1, eb - sb + 1
    narrow, wide = np.minimum(wa, wb), np.maximum(wa, wb)
    breadth = np.select([wide <= 31, wide <= 92, wide <= 366], [1.0, 0.8, 0.6], 0.4)
    overlap = np.sqrt(np.sqrt(np.maximum(1 - gap, 1) / wide)) * breadth
    near = (1 - np.maximum(gap, 0) / (slack_days + 1)) * np.sqrt(np.sqrt(narrow / wide)) * breadth
    apart = np.where((gap > slack_days) | (narrow > slack_days), 0.0, near)
    return np.where(gap <= 0, overlap, apart)


def _member(sorted_codes: np.ndarray, codes: np.ndarray) -> np.ndarray:
    at = np.searchsorted(sorted_codes, codes)
    at[at == len(sorted_codes)] = 0
    return (sorted_codes[at] == codes) if len(sorted_codes) else np.zeros(len(codes), bool)


def titled_with_variants(cols: ClaimColumns, variants: Ragged) -> np.ndarray:
    """Which events' titles hold a word that has a spelling variant in the vocabulary."""
    has_variant = variants.lengths() > 0
    titled = np.zeros(cols.n, bool)
    titled[np.repeat(np.arange(cols.n), cols.tokens.lengths())[has_variant[cols.tokens.values]]] = True
    return titled


def _fuzzy(cols: ClaimColumns, variants: Ragged, titled: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """For every pair, how many words of ``i``'s title not in ``j``'s have a spelling variant
    among ``j``'s words not in ``i``'s (``claim_text.title_similarity``'s fuzzy count). Only
    pairs of two titles that both hold a word with a variant are looked at."""
    out = np.zeros(len(i), np.int64)
    has_variant = variants.lengths() > 0
    look = np.flatnonzero(titled[i] & titled[j])
    if not len(look):
        return out
    i, j = i[look], j[look]
    width = max(cols.tokens.width, 1)
    oa, wa = cols.tokens.rows(i)
    ob, wb = cols.tokens.rows(j)
    mine = np.sort(oa * width + wa)
    theirs = np.sort(ob * width + wb)
    pick = has_variant[wa]
    oa, wa = oa[pick], wa[pick]
    pick = ~_member(theirs, oa * width + wa)  # in i's title only
    oa, wa = oa[pick], wa[pick]
    owner, other = variants.rows(wa)
    pair, word = oa[owner], wa[owner]
    ok = _member(theirs, pair * width + other) & ~_member(mine, pair * width + other)
    matched = np.unique(pair[ok] * width + word[ok])
    out[look] = np.bincount(matched // width, minlength=len(i))
    return out


def score_pairs(cols: ClaimColumns, variants: Ragged, i: np.ndarray, j: np.ndarray, slack_days: int,
                titled: Optional[np.ndarray] = None) -> tuple[np.ndarray, np.ndarray]:
    """(score, date signal) of every pair (both events dated), as ``claims._score`` computes them
    (``variants``: ``cols.variants()``; ``titled``: :func:`titled_with_variants`)."""
    if titled is None:
        titled = titled_with_variants(cols, variants)
    date = date_signal(cols, i, j, slack_days)
    place = ((cols.place[i] >= 0) & (cols.place[i] == cols.place[j])).astype(np.float64)
    shared = shared_counts(cols.actors, i, j)
    la, lb = cols.actors.lengths()[i], cols.actors.lengths()[j]
    actors = np.where(shared > 0, shared / np.maximum(la + lb - shared, 1), 0.0)
    common = shared_counts(cols.tokens, i, j)
    ta, tb = cols.tokens.lengths()[i], cols.tokens.lengths()[j]
    fuzzy = _fuzzy(cols, variants, titled, i, j) + _fuzzy(cols, variants, titled, j, i)
    title = np.where((ta > 0) & (tb > 0), (2 * common + fuzzy) / np.maximum(ta + tb, 1), 0.0)
    score = 0 + WEIGHTS["date"] * date + WEIGHTS["place"] * place + WEIGHTS["actors"] * actors \
        + WEIGHTS["title"] * title
    return score, date


# ---------------------------------------------------------------------------- keeping the best
def _order(major: np.ndarray, major_bits: int, score: np.ndarray, minor: np.ndarray) -> np.ndarray:
    """The order by ``major`` (non-negative, below 2 ** major_bits) ascending, then ``score``
    descending, then ``minor`` ascending: one sort of 64-bit integers (``major`` above the
    score's rank among the distinct scores), then the runs of equal major and score, which are
    rare, put in ``minor``'s order. (``np.lexsort`` of the three is several times slower.)"""
    levels, inverse = np.unique(score, return_inverse=True)
    assert len(levels) < 1 << (63 - major_bits)
    key = (major.astype(np.int64) << (63 - major_bits)) | (len(levels) - 1 - inverse.astype(np.int64))
    order = np.argsort(key)
    key = key[order]
    tied = np.flatnonzero(key[1:] == key[:-1])
    if len(tied):
        at = np.unique(np.concatenate([tied, tied + 1]))
        order[at] = order[at][np.lexsort((minor[order[at]], key[at]))]
    return order


class _Best:
    """The proposals kept so far: every one (``k`` None), or the ``k`` best of each event in a
    table of n × k slots (partner and score), merged slab by slab: memory stays n × k."""

    def __init__(self, rank: np.ndarray, k: Optional[int]):
        self.rank, self.k = rank, k
        self._parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        if k is not None:
            self.other = np.full((len(rank), k), -1, np.int64)
            self.score = np.zeros((len(rank), k))

    def _best_of_each(self, event, other, score):
        """The ``k`` best entries of each event, and each one's slot (0 the best)."""
        order = _order(event, 31, score, self.rank[other])
        event, other, score = event[order], other[order], score[order]
        starts = np.flatnonzero(np.r_[True, event[1:] != event[:-1]])
        slot = np.arange(len(event)) - np.repeat(starts, np.diff(np.r_[starts, len(event)]))
        keep = slot < self.k
        return event[keep], other[keep], score[keep], slot[keep]

    def add(self, i: np.ndarray, j: np.ndarray, score: np.ndarray) -> None:
        if not len(i):
            return
        if self.k is None:
            self._parts.append((i, j, score))
            return
        event, other, score, _ = self._best_of_each(
            np.concatenate([i, j]), np.concatenate([j, i]), np.concatenate([score, score]))
        touched = np.unique(event)
        held = self.other[touched] >= 0  # (touched × k): the slots in use
        event, other, score, slot = self._best_of_each(
            np.concatenate([event, np.repeat(touched, self.k)[held.ravel()]]),
            np.concatenate([other, self.other[touched][held]]),
            np.concatenate([score, self.score[touched][held]]))
        self.other[touched] = -1
        self.other[event, slot] = other
        self.score[event, slot] = score

    def proposals(self) -> Proposals:
        """The pairs kept, each once, best first. (A pair is in one slab only, so it was made
        once; with ``k`` it may sit in both its events' slots, and the second copy is dropped.)"""
        if self.k is None:
            if not self._parts:
                empty = np.zeros(0, np.int64)
                return Proposals(empty, empty, np.zeros(0))
            i, j, score = (np.concatenate(x) for x in zip(*self._parts))
            self._parts = []
        else:
            other, scores = self.other, self.score
            held = other >= 0
            i = np.nonzero(held)[0]
            j, score = other[held], scores[held]
            del held
            copy = np.flatnonzero(self.rank[j] < self.rank[i])  # the copy in the later event's slots...
            twin = (other[j[copy]] == i[copy, None]).any(axis=1)  # ...when the earlier one holds it too
            keep = np.ones(len(i), bool)
            keep[copy[twin]] = False
            i, j, score = i[keep], j[keep], score[keep]
            del keep, copy, twin
        swap = self.rank[j] < self.rank[i]
        a, b = np.where(swap, j, i), np.where(swap, i, j)
        del i, j, swap
        order = _order(np.zeros(len(a), np.int64), 1, score, self.rank[a] * (1 << 31) + self.rank[b])
        return Proposals(a[order], b[order], score[order])


# ---------------------------------------------------------------------------- the sweep
def propose(cols: ClaimColumns, rules: Rules = Rules(), progress: Optional[Progress] = None,
            cancelled: Optional[Callable[[], bool]] = None) -> Proposals:
    """The proposed pairs among ``cols`` (see the module's docstring for how)."""
    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()

    def say(share: float, stage: str) -> None:
        if progress is not None:
            progress(share, stage)

    say(0.0, "finding keys")
    best = _Best(cols.rank, rules.per_event)
    dated = cols.dated()
    by_time = np.flatnonzero(dated)
    by_time = by_time[np.argsort(cols.start[by_time], kind="stable")]  # by first day, then row
    position = np.zeros(cols.n, np.int64)
    position[by_time] = np.arange(len(by_time))
    keyed = keyed_rows(cols, dated, rules, position)
    check()
    if not len(keyed):
        say(1.0, "done")
        return best.proposals()
    # the sweep: each row's neighbours are the next rows of its group up to its reach
    event = by_time[keyed & LOW].astype(np.int32)  # rows: ~15 an event, so 32-bit columns
    start = cols.start[event].astype(np.int64)
    base = int(start.min())
    keyed &= ~LOW  # now group << 32 | (first day - base): sorted too (days follow positions)
    keyed |= start - base
    del start
    count = np.empty(len(event), np.int32)
    for at in range(0, len(event), SLAB_PAIRS):
        part = slice(at, at + SLAB_PAIRS)
        reach = (keyed[part] & ~LOW) | (cols.end[event[part]].astype(np.int64) + rules.slack_days - base)
        count[part] = np.searchsorted(keyed, reach, side="right") - np.arange(at, at + len(reach)) - 1
    del keyed
    say(0.1, "finding pairs")
    active = np.flatnonzero(count > 0)
    slab_order = active[np.argsort(position[event[active]], kind="stable")].astype(np.int32)  # by left event
    del active, position
    done = np.cumsum(count[slab_order], dtype=np.int64)
    total = int(done[-1]) if len(done) else 0
    variants = cols.variants()
    titled = titled_with_variants(cols, variants)
    check()
    at = 0
    while at < len(slab_order):
        end = int(np.searchsorted(done, (done[at - 1] if at else 0) + SLAB_PAIRS, side="right"))
        end = max(end, at + 1)
        while end < len(slab_order) and event[slab_order[end]] == event[slab_order[end - 1]]:
            end += 1  # a left event's rows stay in one slab
        rows = slab_order[at:end]
        per = count[rows]
        left = np.repeat(rows, per)
        right = left + 1 + np.arange(len(left), dtype=np.int64) - np.repeat(np.cumsum(per) - per, per)
        i, j = event[left].astype(np.int64), event[right].astype(np.int64)
        pairs = i * cols.n + j
        pairs.sort()
        pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]
        i, j = pairs // cols.n, pairs % cols.n
        apart = (shared_counts(cols.documents, i, j) == 0) & (cols.rank[i] != cols.rank[j])
        i, j = i[apart], j[apart]
        score, date = score_pairs(cols, variants, i, j, rules.slack_days, titled)
        keep = (date > 0) & (score >= rules.threshold)
        best.add(i[keep], j[keep], score[keep])
        at = end
        check()
        say(0.1 + 0.9 * float(done[end - 1]) / max(total, 1), "scoring pairs")
    del event, count, slab_order, done
    found = best.proposals()
    say(1.0, "done")
    return found
