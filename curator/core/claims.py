"""Candidate claims: pairs of events from different documents that may report the same
happening, each with a score, the reasons it was proposed and the fields in which the two
reports differ. Qt-free; reads plain :class:`ClaimEvent` records (``Project.claim_events()``
makes them from a project) or, at scale, NumPy columns of them
(:mod:`curator.core.claim_columns`; ``Project.claim_columns()``).

How a pair is found
-------------------
* **Documents.** Two events pair only when their evidence documents are disjoint: an event is
  never paired with itself nor with another event drawn only from the same documents. An event
  without evidence (typed by hand, imported) has no document and may pair with any other.
* **Near dates.** Both events have both ends of a date (undated and open-ended events, like
  ``../2014``, are not proposed), and their intervals overlap or lie at most ``slack_days``
  apart, the narrower one being at most ``slack_days`` wide ("3 July" / "4 July" are close,
  "August" / "September" are two claims).
* **Two ties.** Two reports of one happening share at least two of three ties: the same place
  (the place record, or the same free-text location, case and accents folded), an actor, a
  title word (stemmed). In a large project a place, actor or word held by more than 1 % of the
  dated events (and more than 1,000) is *common*: two common ties are not enough, one of the two
  must not be common.
* **Scoring** (each signal 0..1, symmetric in the two events):
  date 0.35 (1 when the intervals overlap, less as they lie apart; halved for intervals longer
  than a month and quartered beyond a year: a year overlaps much), place 0.25, actors 0.2
  (shared / all, over actor records), title 0.2 (content words, stemmed, matched across
  spelling variants one letter apart, "Sheikh" / "Sheykh"; numbers are left out: a figure that
  differs is a difference, never a reason to drop a pair). A pair is proposed when its date
  signal holds and its score reaches ``threshold``.
* **Best per event.** Each event keeps its ``per_event`` best proposals (5); a pair is kept when
  it is among the best of either event.

:mod:`curator.core.claim_pairs` finds the pairs (blocking, sweep and scores as columns); this
module scores one pair in plain Python, with its reasons and differences, for the pairs shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Optional

from curator.core.claim_columns import ClaimColumns, columns_from_events, place_key
from curator.core.claim_figures import figures_agree, figures_in
from curator.core.claim_pairs import (  # noqa: F401  (the finder's settings, named here for callers)
    COMMON_FLOOR, COMMON_SHARE, DEFAULT_PER_EVENT, DEFAULT_SLACK_DAYS, DEFAULT_THRESHOLD, WEIGHTS,
    Progress, Proposals, Rules, propose,
)
from curator.core.claim_text import fold, title_similarity, title_tokens

FETCH_BATCH = 256  # events read at a time for the candidates shown


@dataclass(frozen=True)
class Passage:
    """One evidence passage of an event: its document (id and title), the span (id, offsets in
    code points) and the quoted text."""
    document_id: int
    document_title: str
    span_id: int
    start: int
    end: int
    quote: str

    def as_dict(self) -> dict:
        return {"document_id": self.document_id, "document": self.document_title, "span_id": self.span_id,
                "start": self.start, "end": self.end, "quote": self.quote}


@dataclass(frozen=True)
class ClaimEvent:
    """What the finder compares of one event. ``key`` identifies it (the event's uid);
    ``actors`` and ``documents`` are (key, name) pairs; ``place_key`` is the place record's key
    ("" for a free-text location or none); ``text`` is its description and evidence quotes.
    ``description`` and ``evidence`` (:class:`Passage` records, read from a project) are for
    reports."""
    key: str
    title: str
    earliest: Optional[str] = None
    latest: Optional[str] = None
    edtf: str = ""
    place_key: str = ""
    location: str = ""
    actors: tuple[tuple[str, str], ...] = ()
    documents: tuple[tuple[str, str], ...] = ()
    text: str = ""
    id: Optional[int] = None
    description: str = field(default="", compare=False)
    evidence: tuple = field(default=(), compare=False)

    def as_dict(self) -> dict:
        return {"id": self.id, "uid": self.key, "title": self.title, "edtf": self.edtf,
                "earliest": self.earliest, "latest": self.latest, "place": self.location,
                "actors": [name for _, name in self.actors],
                "documents": [title for _, title in self.documents], "text": self.text}


@dataclass(frozen=True)
class Candidate:
    """Two events that may report the same happening: ``a`` and ``b`` in the order of their
    keys, the score, the signals (0..1 each), the reasons as sentences, and the differences."""
    a: ClaimEvent
    b: ClaimEvent
    score: float
    signals: dict = field(compare=False)
    reasons: tuple[str, ...] = ()
    differences: dict = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict:
        return {"score": round(self.score, 3), "a": self.a.as_dict(), "b": self.b.as_dict(),
                "signals": {k: round(v, 3) for k, v in self.signals.items()},
                "reasons": list(self.reasons), "differences": self.differences}


# ---------------------------------------------------------------------------- the parts of one event
class _Prepared:
    __slots__ = ("event", "start", "end", "width", "place", "actor_keys", "docs", "tokens", "index")

    def __init__(self, event: ClaimEvent, index: int):
        self.event = event
        self.index = index
        self.start = _day(event.earliest)
        self.end = _day(event.latest)
        self.width = (self.end - self.start + 1) if self.start is not None and self.end is not None else 0
        self.place = place_key(event.place_key, event.location)
        self.actor_keys = frozenset(k for k, _ in event.actors)
        self.docs = frozenset(k for k, _ in event.documents)
        self.tokens = title_tokens(event.title)

    @property
    def dated(self) -> bool:
        return self.start is not None and self.end is not None and self.start <= self.end


def _day(iso: Optional[str]) -> Optional[int]:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


def _span_text(event: ClaimEvent) -> str:
    if event.earliest == event.latest:
        return event.earliest or ""
    return f"{event.earliest}–{event.latest}"


# ---------------------------------------------------------------------------- scoring
def _fourth_root(x: float) -> float:
    """x ** 0.25 as two square roots: correctly rounded, so NumPy's columns give the same bits."""
    return math.sqrt(math.sqrt(x))


def _date_signal(a: _Prepared, b: _Prepared, slack_days: int) -> tuple[float, int]:
    """(signal, days apart): 0 apart when the intervals overlap. Overlapping: the shared days
    over the wider interval, softened (a day inside a month still counts: 0.42). Apart: credit
    falls with the gap, and only when the narrower interval is at most ``slack_days`` wide ("3
    July" / "4 July" are close; "August" / "September" are two different claims). Intervals
    wider than a month count less (0.8 to a quarter, 0.6 to a year, 0.4 beyond)."""
    gap = max(a.start, b.start) - min(a.end, b.end)
    narrow, wide = sorted((a.width, b.width))
    breadth = 1.0 if wide <= 31 else 0.8 if wide <= 92 else 0.6 if wide <= 366 else 0.4
    if gap <= 0:
        shared = min(a.end, b.end) - max(a.start, b.start) + 1
        return _fourth_root(shared / wide) * breadth, 0
    if gap > slack_days or narrow > slack_days:
        return 0.0, gap
    return (1 - gap / (slack_days + 1)) * _fourth_root(narrow / wide) * breadth, gap


def _signals(pa: _Prepared, pb: _Prepared, slack_days: int) -> tuple[dict, int]:
    signals = {"date": 0.0, "place": 0.0, "actors": 0.0, "title": 0.0}
    gap = -1
    if pa.dated and pb.dated:
        signals["date"], gap = _date_signal(pa, pb, slack_days)
    if pa.place and pa.place == pb.place:
        signals["place"] = 1.0
    shared = pa.actor_keys & pb.actor_keys
    if shared:
        signals["actors"] = len(shared) / len(pa.actor_keys | pb.actor_keys)
    signals["title"] = title_similarity(pa.tokens, pb.tokens)
    return signals, gap


def _score(pa: _Prepared, pb: _Prepared, slack_days: int) -> Candidate:
    a, b = pa.event, pb.event
    signals, gap = _signals(pa, pb, slack_days)
    reasons = []
    if gap == 0:
        reasons.append(f"dates overlap: {_span_text(a)} / {_span_text(b)}")
    elif signals["date"] > 0:
        reasons.append(f"dates {gap} day{'s' if gap > 1 else ''} apart: {_span_text(a)} / {_span_text(b)}")
    if signals["place"]:
        reasons.append(f"same place: {a.location}")
    if signals["actors"]:
        shared = pa.actor_keys & pb.actor_keys
        reasons.append("shared actors: " + ", ".join(name for key, name in a.actors if key in shared))
    if signals["title"]:
        reasons.append(f"similar titles: {signals['title']:.2f}")
    return Candidate(a, b, _total(signals), signals, tuple(reasons), differences(a, b))


def score_pair(a: ClaimEvent, b: ClaimEvent, slack_days: int = DEFAULT_SLACK_DAYS) -> Candidate:
    """The candidate two events make, whatever its score and ties (their keys order them)."""
    if b.key < a.key:
        a, b = b, a
    return _score(_Prepared(a, 0), _Prepared(b, 1), slack_days)


def _total(signals: dict) -> float:
    return sum(WEIGHTS[k] * v for k, v in signals.items())


# ---------------------------------------------------------------------------- differences
@lru_cache(maxsize=4096)
def _figures(text: str) -> list:
    return figures_in(text)


def differences(a: ClaimEvent, b: ClaimEvent) -> dict:
    """The fields in which two reports differ, as data (a key only for a field that differs):

    - ``date``: ``{"a": {"edtf", "earliest", "latest"}, "b": {...}, "overlap": bool, "days_apart": n}``
    - ``place``: ``{"a": name, "b": name}`` (a blank place differs from a named one)
    - ``actors``: ``{"only_a": [names], "only_b": [names], "shared": [names]}``
    - ``figures``: ``{"a": [figure], "b": [figure]}``, each figure ``{"text", "low", "high",
      "qualifier", "counts"}``, read from the title, description and evidence quotes
    """
    out: dict = {}
    if (a.earliest, a.latest) != (b.earliest, b.latest) or a.edtf != b.edtf:
        sa, ea, sb, eb = _day(a.earliest), _day(a.latest), _day(b.earliest), _day(b.latest)
        entry = {"a": {"edtf": a.edtf, "earliest": a.earliest, "latest": a.latest},
                 "b": {"edtf": b.edtf, "earliest": b.earliest, "latest": b.latest}}
        if None not in (sa, ea, sb, eb):
            gap = max(sa, sb) - min(ea, eb)
            entry["overlap"] = gap <= 0
            entry["days_apart"] = max(gap, 0)
        out["date"] = entry
    place_a = a.place_key or fold(a.location).strip()
    place_b = b.place_key or fold(b.location).strip()
    if place_a != place_b:
        out["place"] = {"a": a.location, "b": b.location}
    keys_a, keys_b = {k for k, _ in a.actors}, {k for k, _ in b.actors}
    if keys_a != keys_b:
        out["actors"] = {"only_a": [n for k, n in a.actors if k not in keys_b],
                         "only_b": [n for k, n in b.actors if k not in keys_a],
                         "shared": [n for k, n in a.actors if k in keys_b]}
    figures_a = _figures("\n".join((a.title, a.text)))
    figures_b = _figures("\n".join((b.title, b.text)))
    if (figures_a or figures_b) and not figures_agree(figures_a, figures_b):
        out["figures"] = {"a": [f.as_dict() for f in figures_a], "b": [f.as_dict() for f in figures_b]}
    return out




# ---------------------------------------------------------------------------- the candidates found
class FoundCandidates:
    """The proposals of a finder run: ``len()`` of them, ``events`` looked at, and the
    :class:`Candidate` records made one at a time, best first, as they are read (``first(n)``
    or iteration): reasons and differences are only worked out for the candidates taken."""

    def __init__(self, columns: ClaimColumns, proposals: Proposals, rules: Rules,
                 fetch: Callable[[list[int]], dict]):
        self.columns, self.proposals, self.rules, self._fetch = columns, proposals, rules, fetch

    @property
    def events(self) -> int:
        return self.columns.n

    def __len__(self) -> int:
        return len(self.proposals)

    def __iter__(self) -> Iterator[Candidate]:
        return self.first(None)

    def first(self, limit: Optional[int]) -> Iterator[Candidate]:
        count = len(self.proposals) if limit is None else min(limit, len(self.proposals))
        ids = self.columns.ids
        for at in range(0, count, FETCH_BATCH):
            a = ids[self.proposals.a[at:at + FETCH_BATCH]].tolist()
            b = ids[self.proposals.b[at:at + FETCH_BATCH]].tolist()
            events = self._fetch(sorted(set(a) | set(b)))
            for x, y in zip(a[:count - at], b[:count - at]):
                yield _score(_Prepared(events[x], 0), _Prepared(events[y], 1), self.rules.slack_days)


def find(events: list[ClaimEvent], rules: Rules = Rules(), progress: Optional[Progress] = None,
         cancelled: Optional[Callable[[], bool]] = None) -> FoundCandidates:
    """The candidates among ``events`` (held by the caller), to be taken best first."""
    events = list(events)
    columns = columns_from_events(events)
    proposals = propose(columns, rules, progress, cancelled)
    return FoundCandidates(columns, proposals, rules, lambda rows: {k: events[k] for k in rows})


def find_candidates(events: Iterable[ClaimEvent], *, threshold: float = DEFAULT_THRESHOLD,
                    slack_days: int = DEFAULT_SLACK_DAYS, per_event: Optional[int] = DEFAULT_PER_EVENT,
                    common_share: float = COMMON_SHARE, common_floor: int = COMMON_FLOOR) -> list[Candidate]:
    """Every candidate pair among ``events``, best first (ties by the events' keys), as a list."""
    rules = Rules(threshold, slack_days, per_event, common_share, common_floor)
    return list(find(list(events), rules))


def without_pairs(columns: ClaimColumns, proposals: Proposals, pairs: Iterable[tuple[int, int]]) -> Proposals:
    """``proposals`` less the pairs of event ids ``pairs`` (either order): pairs that already
    have a decision (a claim link, same or different) are not proposed again."""
    import numpy as np

    pairs = list(pairs)
    if not pairs or not len(proposals):
        return proposals
    ids = columns.ids.astype(np.int64)
    a, b = ids[proposals.a], ids[proposals.b]
    low, high = np.minimum(a, b), np.maximum(a, b)
    keys = (low << 32) | high
    linked = np.array(sorted({(min(x, y) << 32) | max(x, y) for x, y in pairs}), np.int64)
    keep = ~np.isin(keys, linked)
    return Proposals(proposals.a[keep], proposals.b[keep], proposals.score[keep])


def project_candidates(project, rules: Rules = Rules(), progress: Optional[Progress] = None,
                       cancelled: Optional[Callable[[], bool]] = None, linked: bool = False) -> FoundCandidates:
    """The candidates among a project's live events (read through the facade as columns; the
    events of the candidates taken are read when they are taken), less the pairs that already
    have a claim link (confirmed or rejected; ``linked=True`` keeps them). ``progress(share,
    stage)``; ``cancelled()`` raises :class:`curator.core.errors.Cancelled`."""
    def reading(share: float, stage: str) -> None:
        if progress is not None:
            progress(0.4 * share, stage)

    def finding(share: float, stage: str) -> None:
        if progress is not None:
            progress(0.4 + 0.6 * share, stage)

    columns = project.claim_columns(progress=reading, cancelled=cancelled)
    proposals = propose(columns, rules, finding, cancelled)
    if not linked:
        proposals = without_pairs(columns, proposals,
                                  ((k.event_a_id, k.event_b_id) for k in project.claim_links()))

    def fetch(ids: list[int]) -> dict:
        return {e.id: e for e in project.claim_events(ids)}
    return FoundCandidates(columns, proposals, rules, fetch)
