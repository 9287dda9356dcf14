"""Candidate claims: pairs of events from different documents that may report the same
happening, each with a score, the reasons it was proposed and the fields in which the two
reports differ. Qt-free; reads plain :class:`ClaimEvent` records (``Project.claim_events()``
makes them from a project), so it runs the same on a project, an import or generated data.

How a pair is found
-------------------
* **Documents.** Two events pair only when their evidence documents are disjoint: an event is
  never paired with itself nor with another event drawn only from the same documents. An event
  without evidence (typed by hand, imported) has no document and may pair with any other.
* **Two ties.** Two reports of one happening share at least two of three ties: the same place
  (the place record, or the same free-text location, case and accents folded), an actor, a
  title word (stemmed). Events that hold fewer are never proposed (an event with a date and a
  title only pairs with nothing: give it a place or an actor).
* **Blocking.** Every event gets compound keys, one per pair of ties it could share (place and
  actor, place and title word, actor and title word). Within each key the events are swept in
  order of their first day, and two events become a *candidate* only when their date intervals overlap or lie at most ``slack_days`` apart (the
  sources disagree on dates: "3 July" / "4 July"). Events without both ends of a date (undated,
  or open like ``../2014``) never pair on dates and are not proposed by this finder.
  Cost: sorting is O(n log n); the sweep then visits only the pairs that share a key *and* are
  near in time, so the work is O(n log n + k) for k such pairs, not n²/2. The worst case is still
  quadratic (every event on the same day with the same actor), as it must be: then every pair
  is a candidate.
* **Scoring** (each signal 0..1, symmetric in the two events):
  date 0.35 (1 when the intervals overlap, less as they lie apart; halved for intervals longer
  than a month and quartered beyond a year: a year overlaps much), place 0.25 (the same place
  record, or the same free-text location, case and accents folded), actors 0.2 (shared / all,
  over actor records), title 0.2 (content words, stemmed, matched across spelling variants;
  numbers are left out, and a figure that differs is reported as a difference, never a reason
  to drop a pair; spelling variants one letter apart, "Sheikh" / "Sheykh", match). A candidate
  is proposed when its date signal holds and its score reaches ``threshold``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from typing import Iterable, Optional

from curator.core.claim_figures import figures_agree, figures_in
from curator.core.claim_text import fold, title_similarity, title_tokens

WEIGHTS = {"date": 0.35, "place": 0.25, "actors": 0.2, "title": 0.2}
DEFAULT_THRESHOLD = 0.35
DEFAULT_SLACK_DAYS = 7


@dataclass(frozen=True)
class ClaimEvent:
    """What the finder compares of one event. ``key`` identifies it (the event's uid);
    ``actors`` and ``documents`` are (key, name) pairs; ``place_key`` is the place record's key
    ("" for a free-text location or none); ``text`` is its description and evidence quotes."""
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
        self.place = ("p:" + event.place_key) if event.place_key else (
            ("l:" + fold(event.location).strip()) if event.location.strip() else "")
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


# ---------------------------------------------------------------------------- blocking
def _blocks(events: list[_Prepared]) -> dict[tuple, list[_Prepared]]:
    """Compound keys: two events share one exactly when they hold at least two of the three
    ties (the same place, a shared actor, a shared title word)."""
    blocks: dict[tuple, list[_Prepared]] = {}
    for p in events:
        keys = [("pa", p.place, a) for a in p.actor_keys] if p.place else []
        if p.place:
            keys += [("pw", p.place, w) for w in p.tokens]
        keys += [("aw", a, w) for a in p.actor_keys for w in p.tokens]
        for key in keys:
            blocks.setdefault(key, []).append(p)
    return blocks


def _ties(pa: _Prepared, pb: _Prepared) -> int:
    """How many of the three ties two events hold: same place, a shared actor, a shared word."""
    return (bool(pa.place) and pa.place == pb.place) + bool(pa.actor_keys & pb.actor_keys) + bool(pa.tokens & pb.tokens)


def candidate_pairs(events: list[_Prepared], slack_days: int) -> set[tuple[int, int]]:
    """Index pairs (i < j) of dated events with disjoint documents, at least two ties, and
    intervals that overlap or lie at most ``slack_days`` apart."""
    dated = sorted((p for p in events if p.dated), key=lambda p: (p.start, p.index))
    pairs: set[tuple[int, int]] = set()
    for block in _blocks(dated).values():  # each block keeps the order by first day
        for i, first in enumerate(block):
            reach = first.end + slack_days
            for second in block[i + 1:]:
                if second.start > reach:
                    break
                if first.docs & second.docs:
                    continue
                pairs.add((first.index, second.index) if first.index < second.index else (second.index, first.index))
    return pairs


# ---------------------------------------------------------------------------- scoring
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
        return (shared / wide) ** 0.25 * breadth, 0
    if gap > slack_days or narrow > slack_days:
        return 0.0, gap
    return (1 - gap / (slack_days + 1)) * (narrow / wide) ** 0.25 * breadth, gap


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


def proposed(pa: _Prepared, pb: _Prepared, threshold: float, slack_days: int) -> bool:
    """The rule, whatever found the pair: disjoint documents, the date signal, two ties, and
    the score reaching ``threshold``."""
    if pa.event.key == pb.event.key or pa.docs & pb.docs or not (pa.dated and pb.dated) or _ties(pa, pb) < 2:
        return False
    signals, _ = _signals(pa, pb, slack_days)
    return signals["date"] > 0 and _total(signals) >= threshold


def find_candidates(events: Iterable[ClaimEvent], *, threshold: float = DEFAULT_THRESHOLD,
                    slack_days: int = DEFAULT_SLACK_DAYS) -> list[Candidate]:
    """The candidate pairs among ``events``, best first (ties by the events' keys)."""
    prepared = [_Prepared(e, i) for i, e in enumerate(events)]
    found = []
    for i, j in candidate_pairs(prepared, slack_days):
        pa, pb = prepared[i], prepared[j]
        if pb.event.key < pa.event.key:
            pa, pb = pb, pa
        if proposed(pa, pb, threshold, slack_days):
            found.append(_score(pa, pb, slack_days))
    found.sort(key=lambda c: (-c.score, c.a.key, c.b.key))
    return found


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


def project_candidates(project, *, threshold: float = DEFAULT_THRESHOLD,
                       slack_days: int = DEFAULT_SLACK_DAYS) -> list[Candidate]:
    """The candidates among a project's live events (read through the facade)."""
    return find_candidates(project.claim_events(), threshold=threshold, slack_days=slack_days)
