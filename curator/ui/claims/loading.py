"""What the Claims tab reads, on workers (never on the GUI thread).

- :func:`read_happenings` (a :class:`~curator.ui.store.query_loader.QueryLoader` query): the
  happenings (events joined by confirmed links) with their reports side by side
  (:func:`curator.core.claims_report.claims_report`), each report's date as written, and every
  decided pair (so that the candidates found earlier can leave out what was decided since).
- :class:`CandidatesJob`: the candidate pairs, best first (the finder reports its progress and
  stops when cancelled), the first ``limit`` made into :class:`~curator.core.claims.Candidate`
  records with their reports, ready to show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Signal

from curator.ui.store.project_job import ProjectJob

CANDIDATES_SHOWN = 200  # the best N candidates listed


@dataclass
class HappeningView:
    """One happening: its event ids, the report (claims_report), its confirmed pairs."""
    ids: tuple[int, ...]
    report: object  # curator.core.claims_report.Happening
    links: list[tuple[int, int]]


@dataclass
class HappeningsData:
    happenings: list[HappeningView] = field(default_factory=list)
    decided: set = field(default_factory=set)  # frozenset({a, b}) of every live link
    date_texts: dict = field(default_factory=dict)  # event id -> the date as written


@dataclass
class CandidatesData:
    candidates: list = field(default_factory=list)  # (Candidate, Happening of the two reports)
    proposed: int = 0
    events: int = 0
    date_texts: dict = field(default_factory=dict)


def _date_texts(project, ids) -> dict[int, str]:
    out = {}
    for event_id in ids:
        try:
            out[event_id] = project.event(event_id).date.date_text
        except Exception:  # noqa: BLE001 - deleted meanwhile: no date as written
            out[event_id] = ""
    return out


def read_happenings(project) -> HappeningsData:
    from curator.core.claims_report import claims_report

    links = project.claim_links()
    groups = project.happenings()
    reports = claims_report(project, groups)
    views = []
    for group, report in zip(groups, reports):
        members = set(group)
        views.append(HappeningView(tuple(group), report, [
            (k.event_a_id, k.event_b_id) for k in links if k.status == "same" and k.event_a_id in members]))
    return HappeningsData(views, {frozenset((k.event_a_id, k.event_b_id)) for k in links},
                          _date_texts(project, sorted({i for g in groups for i in g})))


class CandidatesJob(ProjectJob):
    """The candidate pairs, the best ``limit`` of them, decided pairs included (the tab leaves
    out the pairs decided when it shows them, so that an undone decision brings its pair back)."""

    progress = Signal(int, float, str)  # generation, share done 0..1, stage

    def __init__(self, path, generation: int, limit: int = CANDIDATES_SHOWN):
        super().__init__(path, generation)
        self.limit = limit

    def work(self, project) -> CandidatesData:
        from curator.core.claims import project_candidates
        from curator.core.claims_report import happening

        found = project_candidates(project, linked=True, progress=lambda share, stage: self.progress.emit(
            self.generation, share, stage), cancelled=lambda: self.cancelled)
        shown = []
        for candidate in found.first(self.limit):
            if self.cancelled:
                break
            shown.append((candidate, happening([candidate.a, candidate.b])))
        ids = sorted({e.id for c, _ in shown for e in (c.a, c.b)})
        return CandidatesData(shown, len(found), found.events, _date_texts(project, ids))
