"""Happenings and their reports, side by side: what the Claims view shows and ``curator claims``
prints. Qt-free.

A *happening* is a group of events that report one thing that happened (from different
documents, as confirmed links or candidate pairs make them: :func:`groups_from_pairs`). For
each happening, :func:`claims_report` gives its reports, each with the event's title, date (EDTF,
earliest, latest), place, actors, figures (read from its description and evidence, then its
title: :func:`report_figures`), documents and evidence passages; the spread of
the reports' dates (the earliest first day to the latest last day, and whether one day lies in
all of them); and what differs, marked:

- ``differing``: the fields in which not every report says the same (``date``, ``place``,
  ``actors``, ``figures``), in that order;
- per report, ``marks``: ``date`` and ``place`` (true when another report says otherwise),
  ``actors`` (the names this report gives that another lacks), ``missing_actors`` (the names
  others give that this one lacks), ``figures`` (the figures it claims that another report does
  not: by their numbers, "at least 70" and "70" are the same number, and their qualifiers
  are shown).

Dates are compared as the days they cover (earliest, latest); places by place record, else by
the free-text location with case and accents folded; actors by actor record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional

from curator.core.pair_groups import components
from curator.core.claim_columns import place_key
from curator.core.claim_figures import Figure, figures_in
from curator.core.claims import ClaimEvent

FIELDS = ("date", "place", "actors", "figures")


@dataclass(frozen=True)
class Report:
    """One report of a happening: the event and what is marked as differing in it."""
    event: ClaimEvent
    figures: tuple[Figure, ...]
    marks: dict = field(compare=False)

    def as_dict(self) -> dict:
        e = self.event
        return {"id": e.id, "uid": e.key, "title": e.title,
                "date": {"edtf": e.edtf, "earliest": e.earliest, "latest": e.latest},
                "place": e.location, "actors": [name for _, name in e.actors],
                "figures": [f.as_dict() for f in self.figures],
                "documents": [title for _, title in e.documents], "description": e.description,
                "evidence": [p.as_dict() for p in e.evidence], "marks": self.marks}


@dataclass(frozen=True)
class Happening:
    """A happening's reports (by first day, then id), the spread of their dates, the fields that
    differ, and the ids asked for that are not (or no longer) live events."""
    reports: tuple[Report, ...]
    earliest: Optional[str]
    latest: Optional[str]
    common_day: bool  # one day lies in every report's interval (all dated)
    differing: tuple[str, ...]
    missing: tuple[int, ...] = ()

    def as_dict(self) -> dict:
        return {"reports": [r.as_dict() for r in self.reports], "earliest": self.earliest,
                "latest": self.latest, "common_day": self.common_day, "differing": list(self.differing),
                "missing": list(self.missing)}


def groups_from_pairs(pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The happenings that pairs of event ids make: the connected groups (two pairs sharing an
    event are one happening), each sorted, the groups in the order of their smallest id."""
    groups: dict[int, list[int]] = {}
    for member, first in components(pairs).items():
        groups.setdefault(first, []).append(member)
    return [sorted(g) for _, g in sorted(groups.items())]


def _days(e: ClaimEvent) -> Optional[tuple[date, date]]:
    try:
        first, last = date.fromisoformat((e.earliest or "")[:10]), date.fromisoformat((e.latest or "")[:10])
    except ValueError:
        return None
    return (first, last) if first <= last else None


def report_figures(e: ClaimEvent) -> tuple[Figure, ...]:
    """The figures a report claims: those of its description and evidence as written, then
    those of its title that these do not already give (a title "kills 517" over a passage
    "517 people" is one figure)."""
    found = list(figures_in(e.text))
    seen = _numbers(found)
    return tuple(found + [f for f in figures_in(e.title) if (f.low, f.high) not in seen])


def _numbers(figures: Iterable[Figure]) -> set[tuple[int, int]]:
    return {(f.low, f.high) for f in figures}


def happening(events: list[ClaimEvent], missing: Iterable[int] = ()) -> Happening:
    """The report of one happening told by ``events`` (any order)."""
    days = {id(e): _days(e) for e in events}
    events = sorted(events, key=lambda e: (days[id(e)] is None, days[id(e)] or (date.min, date.min), e.id or 0, e.key))
    figures = {id(e): report_figures(e) for e in events}
    dates = {id(e): (e.earliest, e.latest) for e in events}
    places = {id(e): place_key(e.place_key, e.location) for e in events}
    actor_sets = {id(e): {k for k, _ in e.actors} for e in events}
    numbers = {id(e): _numbers(figures[id(e)]) for e in events}
    names = {k: n for e in events for k, n in e.actors}
    differing = tuple(f for f, values in (
        ("date", [dates[id(e)] for e in events]), ("place", [places[id(e)] for e in events]),
        ("actors", [frozenset(actor_sets[id(e)]) for e in events]),
        ("figures", [frozenset(numbers[id(e)]) for e in events])) if len(set(values)) > 1)
    reports = []
    for e in events:
        others = [o for o in events if o is not e]
        everyone = set.intersection(*(actor_sets[id(o)] for o in others)) if others else actor_sets[id(e)]
        anyone = set.union(set(), *(actor_sets[id(o)] for o in others))
        all_numbers = set.intersection(*(numbers[id(o)] for o in others)) if others else numbers[id(e)]
        reports.append(Report(e, figures[id(e)], {
            "date": any(dates[id(o)] != dates[id(e)] for o in others),
            "place": any(places[id(o)] != places[id(e)] for o in others),
            "actors": [n for k, n in e.actors if k not in everyone],
            "missing_actors": sorted(names[k] for k in anyone - actor_sets[id(e)]),
            "figures": [f.text for f in figures[id(e)] if (f.low, f.high) not in all_numbers]}))
    spans = [days[id(e)] for e in events]
    dated = [s for s in spans if s is not None]
    earliest = min(s[0] for s in dated).isoformat() if dated else None
    latest = max(s[1] for s in dated).isoformat() if dated else None
    common = bool(dated) and len(dated) == len(spans) and max(s[0] for s in dated) <= min(s[1] for s in dated)
    return Happening(tuple(reports), earliest, latest, common, differing, tuple(sorted(set(missing))))


def claims_report(project, groups: Iterable[Iterable[int]]) -> list[Happening]:
    """The happenings of ``groups`` of event ids (each group one happening), read through the
    facade in one pass, in the order given. Ids that are not live events are left out of their
    happening and listed in its ``missing``."""
    groups = [list(dict.fromkeys(int(i) for i in g)) for g in groups]
    events = {e.id: e for e in project.claim_events(sorted({i for g in groups for i in g}))}
    return [happening([events[i] for i in g if i in events], [i for i in g if i not in events]) for g in groups]
